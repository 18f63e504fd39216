/**
 * Why this exists
 * ---------------
 * The ECS auto-stop seed wrote its state machine in a Terraform heredoc, so every `Message.$` value ends
 * with a newline after the closing parenthesis of `States.Format(...)`. AWS Step Functions accepted that
 * definition and ran it (its intrinsic-function parser tolerates trailing whitespace), and we emit the
 * seed's definition byte for byte.
 *
 * The local tools are stricter:
 * - `asl-validator` 4 rejects it: `SCHEMA_VALIDATION_FAILED: /States/Notify Failure/Parameters/Message.$ is
 *   invalid. must match format "asl_payload_template"`;
 * - `aws-local-stepfunctions` 3 refuses it when it validates (its bundled asl-validator 3.x: `State machine
 *   definition is invalid ... must match format "asl_payload_template"`), and with validation off it
 *   misparses the last argument as `$.Cause)`, failing the execution with `Path expression '$.Cause)' does
 *   not point to a value`.
 *
 * So tests validate and execute a copy with the trailing whitespace trimmed, and the definition we deploy
 * stays exactly the seed's. The trim changes nothing AWS evaluates: the whitespace sits outside the call.
 */

/**
 * Returns a deep copy of `definition` in which every string value of a `*.$` key (a payload-template field
 * evaluated at runtime) that is an intrinsic function call (`States.…`) has its trailing whitespace removed.
 * Every other value, including JSONPath `*.$` values and plain strings, is copied unchanged. The input is not
 * modified.
 */
export function trimIntrinsicWhitespace<T>(definition: T): T {
  return copy(definition as unknown, undefined) as T;
}

function copy(value: unknown, key: string | undefined): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => copy(item, undefined));
  }
  if (value !== null && typeof value === "object") {
    const result: Record<string, unknown> = {};
    for (const [childKey, childValue] of Object.entries(value as Record<string, unknown>)) {
      result[childKey] = copy(childValue, childKey);
    }
    return result;
  }
  if (typeof value === "string" && key !== undefined && isIntrinsicField(key, value)) {
    return value.replace(/\s+$/u, "");
  }
  return value;
}

function isIntrinsicField(key: string, value: string): boolean {
  return key.endsWith(".$") && value.startsWith("States.");
}

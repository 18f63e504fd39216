/**
 * Typed wrapper around `asl-validator` 4 (its JS API; the package ships no type declarations).
 *
 * The validator mutates the definition it checks (it fills in `QueryLanguage` on every state), so this
 * wrapper validates a deep copy.
 */
import { sharedSchemaAslValidator } from "./shared-schema-asl-validator";

export interface AslValidationError {
  readonly "Error code": string;
  readonly Message: string;
}

export interface AslValidationResult {
  readonly isValid: boolean;
  readonly errors: readonly AslValidationError[];
  /** All errors as `<code>: <message>`, one per line. */
  readonly errorsText: string;
}

/**
 * Results by definition text. Validating a definition is a few milliseconds once the schemas are compiled
 * (asl-validator with its schemas compiled once: `shared-schema-asl-validator.ts`); its verdict depends only on
 * the definition, so a definition seen before (the tests validate the same few many times) is answered from
 * here. Bounded: the oldest entry goes first.
 */
const RESULTS = new Map<string, AslValidationResult>();
const MAX_CACHED_RESULTS = 256;

/** Validates an ASL definition with asl-validator (JSONPath and ARN checks on). */
export function validateAsl(definition: object): AslValidationResult {
  const text = JSON.stringify(definition);
  const cached = RESULTS.get(text);
  if (cached !== undefined) return { ...cached, errors: structuredClone(cached.errors) };
  // asl-validator adds QueryLanguage to every state of what it is given: give it a copy.
  const result = sharedSchemaAslValidator()(JSON.parse(text), { checkPaths: true, checkArn: true });
  const answer = { isValid: result.isValid, errors: result.errors, errorsText: result.errorsText("\n") };
  if (RESULTS.size >= MAX_CACHED_RESULTS) RESULTS.delete(RESULTS.keys().next().value as string);
  RESULTS.set(text, { ...answer, errors: structuredClone(answer.errors) });
  return answer;
}

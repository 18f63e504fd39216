/**
 * What EventBridge delivers to a target configured with an `InputTransformer` or an `InputPath`, reproduced to
 * the byte for the cases AWS recorded in `shared/testdata/eventbridge/transformer/cases.json`.
 *
 * How a placeholder `<name>` is filled depends on where it stands in the template:
 *
 * | value            | bare (`{"a": <name>}`)      | inside a quoted string (`"id <name>"`)                  |
 * | ---------------- | --------------------------- | ------------------------------------------------------- |
 * | string           | JSON string (`"abc"`)       | raw text, not escaped (`abc`)                           |
 * | number/boolean   | JSON text (`5`, `true`)     | JSON text (`5`, `true`)                                 |
 * | object/array     | JSON (`{"a":"b"}`)          | string template: JSON without quotes (`{a:b}`, `[x,y]`) |
 * |                  |                             | JSON template: raw JSON, which breaks the JSON (below)  |
 * | path not found   | empty JSON string (`""`)    | nothing                                                 |
 *
 * A template that starts with `{` or `[` is a JSON template: if the filled-in text is not valid JSON (an object
 * or a string with quotes placed inside a quoted string), EventBridge silently drops the event; here that is
 * an {@link EventNotDeliveredError}. Any other template (typically one or more quoted lines) is delivered as
 * the filled-in text, quotes included.
 */
import { EventBridgeValidationError } from "./errors";
import { evaluateJsonPath } from "./json-path";

/** Variables EventBridge defines for every input template; they cannot be redefined in `InputPathsMap`. */
export const PREDEFINED_VARIABLES = [
  "aws.events.rule-arn",
  "aws.events.rule-name",
  "aws.events.event.ingestion-time",
  "aws.events.event",
  "aws.events.event.json",
] as const;

/**
 * Values of the predefined variables that come from the rule and the delivery rather than from the event.
 * `aws.events.event.ingestion-time` defaults to the event's `time`; a missing rule ARN or name renders as a
 * path that was not found.
 */
export interface PredefinedVariableValues {
  readonly "aws.events.rule-arn"?: string;
  readonly "aws.events.rule-name"?: string;
  readonly "aws.events.event.ingestion-time"?: string;
}

/**
 * EventBridge matched the event but delivers nothing to the target: the transformed input is not valid JSON
 * although the template is a JSON template. AWS reports no error for this (the event is dropped); this error
 * exists so that callers can see it happen.
 */
export class EventNotDeliveredError extends Error {
  constructor(reason: string) {
    super(`EventBridge would not deliver this event: ${reason}`);
    this.name = "EventNotDeliveredError";
  }
}

/** An `InputPath` that selects nothing: AWS's behaviour for this is not recorded, so it is reported, not guessed. */
export class InputPathNotFoundError extends Error {
  constructor(inputPath: string) {
    super(`InputPath ${inputPath} selects nothing in the event`);
    this.name = "InputPathNotFoundError";
  }
}

const PLACEHOLDER = /<([^<>]+)>/g;

/**
 * Checks an input transformer the way PutTargets does: every placeholder in the template must be a key of
 * `inputPathsMap` or a predefined variable.
 *
 * @param targetId The target's `Id`, which AWS quotes in the message (`<target-id>` is the stand-in the
 *   recorded snapshots use).
 * @throws EventBridgeValidationError `name` `ValidationException`,
 *   `InputTemplate for target <id> contains invalid placeholder <name>.`
 */
export function validateInputTransformer(
  inputPathsMap: Readonly<Record<string, string>> | null | undefined,
  inputTemplate: string,
  targetId = "<target-id>",
): void {
  const defined = new Set<string>([...Object.keys(inputPathsMap ?? {}), ...PREDEFINED_VARIABLES]);
  for (const [, name] of inputTemplate.matchAll(PLACEHOLDER)) {
    if (!defined.has(name as string)) {
      throw new EventBridgeValidationError(`InputTemplate for target ${targetId} contains invalid placeholder ${name}.`);
    }
  }
}

/** The input options of a PutTargets target, as named in the API. */
export interface TargetInputOptions {
  readonly Id: string;
  readonly Input?: string;
  readonly InputPath?: string;
  readonly InputTransformer?: { readonly InputPathsMap?: Readonly<Record<string, string>>; readonly InputTemplate: string };
}

/**
 * PutTargets' check that a target uses at most one way of shaping its input, then (for an input transformer)
 * {@link validateInputTransformer}.
 *
 * @throws EventBridgeValidationError `name` `ValidationException`, with AWS's message.
 */
export function validateTargetInputOptions(target: TargetInputOptions): void {
  const given = [target.Input, target.InputPath, target.InputTransformer].filter((option) => option !== undefined);
  if (given.length > 1) {
    throw new EventBridgeValidationError(`Only one of Input, InputPath, or InputTransformer must be provided for target ${target.Id}.`);
  }
  if (target.InputTransformer !== undefined) {
    validateInputTransformer(target.InputTransformer.InputPathsMap, target.InputTransformer.InputTemplate, target.Id);
  }
}

/**
 * The text EventBridge delivers for an `InputPath` target: the selected value as compact JSON (a string
 * keeps its quotes). `$` selects the whole event, which is also what a target without any input option gets.
 *
 * @throws InputPathNotFoundError when the path selects nothing.
 */
export function selectInputPath(event: unknown, inputPath: string): string {
  const result = evaluateJsonPath(readEvent(event), inputPath);
  if (!result.found) throw new InputPathNotFoundError(inputPath);
  return JSON.stringify(result.value);
}

/**
 * The exact text EventBridge delivers for an `InputTransformer` target.
 *
 * @param event The matched event (object or JSON text).
 * @param inputPathsMap `InputPathsMap` (placeholder name -> JSONPath); `null`/`undefined` when only predefined
 *   variables are used.
 * @param inputTemplate `InputTemplate`, exact text.
 * @param context Values of the rule-dependent predefined variables.
 * @throws EventBridgeValidationError when PutTargets would have refused the transformer.
 * @throws EventNotDeliveredError when EventBridge would drop the event instead of delivering it.
 */
export function renderInputTransformer(
  event: unknown,
  inputPathsMap: Readonly<Record<string, string>> | null | undefined,
  inputTemplate: string,
  context: PredefinedVariableValues = {},
): string {
  validateInputTransformer(inputPathsMap, inputTemplate);
  const root = readEvent(event);
  const values = resolveVariables(root, inputPathsMap ?? {}, context);
  const isJsonTemplate = /^\s*[[{]/.test(inputTemplate);

  let output = "";
  let inString = false;
  for (let i = 0; i < inputTemplate.length; i++) {
    const c = inputTemplate[i] as string;
    if (c === "<") {
      const close = inputTemplate.indexOf(">", i + 1);
      const name = close > i + 1 ? inputTemplate.slice(i + 1, close) : "";
      if (name !== "" && !name.includes("<")) {
        output += fill(values.get(name), inString, isJsonTemplate);
        i = close;
        continue;
      }
    }
    output += c;
    if (inString && c === "\\") {
      // An escaped character (\" in particular) never ends the string.
      output += inputTemplate[++i] ?? "";
    } else if (c === '"') {
      inString = !inString;
    }
  }

  if (isJsonTemplate) {
    try {
      JSON.parse(output);
    } catch {
      throw new EventNotDeliveredError(`the transformed input is not valid JSON: ${output}`);
    }
  }
  return output;
}

/** A variable's value, or `undefined` when its path is not in the event. */
type VariableValues = ReadonlyMap<string, unknown>;

function resolveVariables(event: Record<string, unknown>, inputPathsMap: Readonly<Record<string, string>>, context: PredefinedVariableValues): VariableValues {
  const values = new Map<string, unknown>();
  for (const [name, path] of Object.entries(inputPathsMap)) {
    const result = evaluateJsonPath(event, path);
    if (result.found) values.set(name, result.value);
  }
  const ingestionTime = context["aws.events.event.ingestion-time"] ?? event["time"];
  // Predefined variables win: EventBridge does not let InputPathsMap redefine them.
  if (context["aws.events.rule-arn"] !== undefined) values.set("aws.events.rule-arn", context["aws.events.rule-arn"]);
  else values.delete("aws.events.rule-arn");
  if (context["aws.events.rule-name"] !== undefined) values.set("aws.events.rule-name", context["aws.events.rule-name"]);
  else values.delete("aws.events.rule-name");
  values.set("aws.events.event.ingestion-time", ingestionTime);
  values.set("aws.events.event", envelopeWithoutDetail(event, ingestionTime));
  values.set("aws.events.event.json", event);
  return values;
}

/**
 * `<aws.events.event>`: the envelope without `detail`, with `detail-type` renamed `detailType`, in the key order
 * AWS delivered it. Its `time` differs from the event's in AWS's recording (the test had to mask it separately),
 * consistent with it being the ingestion time.
 */
function envelopeWithoutDetail(event: Record<string, unknown>, ingestionTime: unknown): Record<string, unknown> {
  const envelope: Record<string, unknown> = {};
  const copy = (from: string, to = from): void => {
    if (from in event) envelope[to] = event[from];
  };
  copy("id");
  copy("account");
  copy("detail-type", "detailType");
  if ("time" in event) envelope["time"] = ingestionTime;
  copy("source");
  copy("region");
  copy("resources");
  copy("version");
  return envelope;
}

/** The text that replaces one placeholder (see the table at the top of this file). */
function fill(value: unknown, inString: boolean, isJsonTemplate: boolean): string {
  if (value === undefined) return inString ? "" : '""';
  if (!inString) return JSON.stringify(value);
  if (typeof value === "string") return value;
  if (typeof value === "object" && value !== null && !isJsonTemplate) return JSON.stringify(value).replace(/"/g, "");
  return JSON.stringify(value);
}

function readEvent(event: unknown): Record<string, unknown> {
  const parsed: unknown = typeof event === "string" ? JSON.parse(event) : event;
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new TypeError("The event must be a JSON object");
  }
  return parsed as Record<string, unknown>;
}

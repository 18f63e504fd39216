/**
 * EventBridge event-pattern matching, as the `TestEventPattern` API and event-bus rules evaluate it.
 *
 * Semantics follow AWS's rule engine (`aws/event-ruler`), checked against the responses AWS recorded in
 * `shared/testdata/eventbridge/patterns`: exact values, nested objects, arrays (any element), `prefix`, `suffix`,
 * `equals-ignore-case`, `wildcard`, `anything-but` (values, lists, `prefix`, `suffix`, `wildcard`,
 * `equals-ignore-case`), `numeric`, `exists`, `cidr` and `$or`.
 *
 * Two event-ruler behaviours that are easy to miss are reproduced on purpose:
 * - Array consistency: fields taken from an array of objects must come from the same element.
 * - Numbers are compared as numbers (`[300]` matches `300.0`) whenever they fit EventBridge's fixed-point
 *   range (±5e9, six decimals); other numbers only match their exact text.
 */
import { compileEventPattern, CompiledEventPattern, PatternBranch, ValueMatcher } from "./pattern-validation";
import { consistentMembership, EventField, EventFields, flattenEvent, mergeMembership, ArrayMembership } from "./event-fields";
import { caseAlternativesMatch, wildcardMatches } from "./string-matching";
import { EventBridgeValidationError } from "./errors";
import { fromJsValue, JsonNode, parseJsonDocument } from "./json-document";
import { ipInRange, parseIpAddress } from "./ip-address";
import { toComparable } from "./comparable-number";

export { InvalidEventPatternError, EventBridgeValidationError } from "./errors";
export { compileEventPattern } from "./pattern-validation";
export type { CompiledEventPattern } from "./pattern-validation";

/**
 * Throws if EventBridge would reject `pattern` (PutRule / TestEventPattern answer
 * `InvalidEventPatternException`).
 *
 * @param pattern The pattern as JSON text (exactly what EventBridge receives, duplicate keys included) or as a
 *   parsed value.
 * @throws InvalidEventPatternError `name` `InvalidEventPatternException`, `message`
 *   `Event pattern is not valid. Reason: ...` with AWS's reason.
 */
export function validateEventPattern(pattern: unknown): void {
  compileEventPattern(pattern);
}

/**
 * Whether `event` matches `pattern`, as `TestEventPattern` would answer. The pattern is validated first.
 *
 * @param pattern JSON text or a parsed value (see {@link validateEventPattern}).
 * @param event The event as JSON text or a parsed object. Text keeps number spellings (`300.0`) that parsing
 *   loses; this only matters for numbers EventBridge cannot compare numerically.
 * @throws InvalidEventPatternError when the pattern is invalid.
 * @throws EventBridgeValidationError (`ValidationException`, `Parameter Event is not valid.`) when the event is
 *   not a JSON object.
 */
export function matchesEventPattern(pattern: unknown, event: unknown): boolean {
  return matchesCompiledPattern(compileEventPattern(pattern), event);
}

/**
 * Like {@link matchesEventPattern}, for a pattern compiled once with `compileEventPattern` (cheaper when the same
 * pattern is tested against many events).
 */
export function matchesCompiledPattern(pattern: CompiledEventPattern, event: unknown): boolean {
  const fields = flattenEvent(readEvent(event));
  return pattern.branches.some((branch) => branchMatches(branch, fields));
}

function readEvent(event: unknown): JsonNode & { type: "object" } {
  let node: JsonNode;
  try {
    node = typeof event === "string" ? parseJsonDocument(event) : fromJsValue(event);
  } catch {
    throw new EventBridgeValidationError("Parameter Event is not valid.");
  }
  if (node.type !== "object") throw new EventBridgeValidationError("Parameter Event is not valid.");
  return node;
}

/**
 * A branch matches when every field is satisfied by event values that agree on array membership. Fields are
 * visited in sorted order and `exists: false` is judged against the values still consistent with the choices
 * made so far, which is the order and rule EventBridge applies.
 */
function branchMatches(branch: PatternBranch, fields: EventFields): boolean {
  const visit = (index: number, membership: ArrayMembership): boolean => {
    const field = branch.fields[index];
    if (field === undefined) return true;
    const candidates = fields.get(field.path) ?? [];
    const valueMatchers = field.matchers.filter((m) => m.kind !== "absent");
    const context = fieldContext(field.matchers);
    for (const candidate of candidates) {
      if (!consistentMembership(membership, candidate.membership)) continue;
      const value = view(candidate, context);
      if (!valueMatchers.some((matcher) => valueMatches(matcher, value))) continue;
      if (visit(index + 1, mergeMembership(membership, candidate.membership))) return true;
    }
    if (field.matchers.some((m) => m.kind === "absent")) {
      const present = candidates.some((candidate) => consistentMembership(membership, candidate.membership));
      if (!present && visit(index + 1, membership)) return true;
    }
    return false;
  };
  return visit(0, new Map());
}

/** What kinds of comparison a field's matchers need; it decides how event values are read (see {@link view}). */
interface FieldContext {
  readonly numeric: boolean;
  readonly ip: boolean;
}

function fieldContext(matchers: readonly ValueMatcher[]): FieldContext {
  return {
    numeric: matchers.some((m) => m.kind === "numeric-equals" || m.kind === "numeric-range" || (m.kind === "anything-but" && m.numeric)),
    ip: matchers.some((m) => m.kind === "ip-range"),
  };
}

/**
 * An event value as one field's matchers see it. EventBridge converts values before matching: numbers to its
 * fixed-point form when the field has numeric operators, and IP-address strings to addresses when the field has
 * IP operators (but no numeric ones). A converted value no longer matches string operators, which is why this
 * depends on the field and not only on the value.
 */
type ValueView =
  | { readonly kind: "string"; readonly value: string; readonly quoted: string }
  | { readonly kind: "number"; readonly micros: bigint }
  | { readonly kind: "ip"; readonly address: readonly number[] }
  /** Anything compared by its JSON text: `true`, `false`, `null`, numbers outside the fixed-point model. */
  | { readonly kind: "literal"; readonly text: string };

function view(field: EventField, context: FieldContext): ValueView {
  const value = field.value;
  switch (value.type) {
    case "string": {
      if (context.ip && !context.numeric) {
        const address = parseIpAddress(value.value);
        if (address !== null) return { kind: "ip", address };
      }
      return { kind: "string", value: value.value, quoted: `"${value.value}"` };
    }
    case "number": {
      if (context.numeric) {
        const comparable = toComparable(value.text);
        if (comparable.ok) return { kind: "number", micros: comparable.micros };
      }
      return { kind: "literal", text: value.text };
    }
    case "boolean":
      return { kind: "literal", text: String(value.value) };
    case "null":
      return { kind: "literal", text: "null" };
  }
}

/** Whether one matcher accepts one (present) value. */
function valueMatches(matcher: ValueMatcher, value: ValueView): boolean {
  switch (matcher.kind) {
    case "exists":
      return true;
    case "absent":
      return false;
    case "exact-string":
      return value.kind === "string" && value.value === matcher.value;
    case "exact-literal":
      return value.kind === "literal" && value.text === matcher.text;
    case "numeric-equals":
      return value.kind === "number" && value.micros === matcher.micros;
    case "numeric-range":
      return (
        value.kind === "number" &&
        (matcher.openBottom ? value.micros > matcher.bottom : value.micros >= matcher.bottom) &&
        (matcher.openTop ? value.micros < matcher.top : value.micros <= matcher.top)
      );
    case "ip-range":
      return value.kind === "ip" && ipInRange(value.address, matcher.range);
    case "prefix":
      return value.kind === "string" && value.quoted.startsWith(`"${matcher.value}`);
    case "suffix":
      return value.kind === "string" && value.quoted.endsWith(`${matcher.value}"`);
    case "prefix-ignore-case":
      return value.kind === "string" && caseAlternativesMatch(matcher.alternatives, value.quoted, "prefix");
    case "suffix-ignore-case":
      return value.kind === "string" && caseAlternativesMatch(matcher.alternatives, value.quoted, "suffix");
    case "equals-ignore-case":
      return value.kind === "string" && caseAlternativesMatch(matcher.alternatives, value.quoted, "exact");
    case "wildcard":
      return value.kind === "string" && wildcardMatches(matcher.tokens, value.quoted);
    // anything-but: any present value passes unless it is one of the excluded values. Values of another kind
    // (a number against string exclusions, null against anything) are never excluded.
    case "anything-but":
      return matcher.numeric ? !(value.kind === "number" && matcher.micros.has(value.micros)) : !(value.kind === "string" && matcher.strings.has(value.value));
    case "anything-but-ignore-case":
      return !(value.kind === "string" && matcher.alternatives.some((alt) => caseAlternativesMatch(alt, value.quoted, "exact")));
    case "anything-but-prefix":
      return !(value.kind === "string" && matcher.values.some((p) => value.quoted.startsWith(`"${p}`)));
    case "anything-but-suffix":
      return !(value.kind === "string" && matcher.values.some((s) => value.quoted.endsWith(`${s}"`)));
    case "anything-but-wildcard":
      return !(value.kind === "string" && matcher.tokens.some((tokens) => wildcardMatches(tokens, value.quoted)));
  }
}

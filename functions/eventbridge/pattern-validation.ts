/**
 * Validation and compilation of EventBridge event patterns.
 *
 * EventBridge's rule engine (the open-source `aws/event-ruler`, whose messages AWS returns verbatim) reads a
 * pattern in one pass and stops at the first problem. The checks below run in the same order and with the same
 * messages, so that a pattern is rejected for the same reason AWS gives. Compiling flattens the pattern into
 * "branches" (one per combination of `$or` alternatives), each a map from a dotted field path (`detail.state`)
 * to the matchers any one of which must accept a value at that path.
 */
import {
  caseAlternatives,
  CaseAlternatives,
  compileWildcard,
  WildcardToken,
  wildcardComplexity,
  WILDCARD_COMPLEXITY_LIMIT,
  wildcardSyntaxError,
} from "./string-matching";
import { MAX_COMPARABLE, MIN_COMPARABLE, toComparable } from "./comparable-number";
import { exactIpRange, IpAddressError, IpRange, parseCidr } from "./ip-address";
import { InvalidEventPatternError } from "./errors";
import { classifyFirstToken, fromJsValue, JsonConversionError, JsonNode, JsonSyntaxError, parseJsonDocument } from "./json-document";

/** One way a single event value can satisfy a pattern field. String operands are kept unquoted. */
export type ValueMatcher =
  | { readonly kind: "exact-string"; readonly value: string }
  /** A number, `true`, `false` or `null`, compared by its JSON text. */
  | { readonly kind: "exact-literal"; readonly text: string }
  | { readonly kind: "numeric-equals"; readonly micros: bigint }
  | {
      readonly kind: "numeric-range";
      readonly bottom: bigint;
      readonly openBottom: boolean;
      readonly top: bigint;
      readonly openTop: boolean;
    }
  | { readonly kind: "ip-range"; readonly range: IpRange }
  | { readonly kind: "prefix"; readonly value: string }
  | { readonly kind: "suffix"; readonly value: string }
  | { readonly kind: "prefix-ignore-case"; readonly alternatives: CaseAlternatives }
  | { readonly kind: "suffix-ignore-case"; readonly alternatives: CaseAlternatives }
  | { readonly kind: "equals-ignore-case"; readonly alternatives: CaseAlternatives }
  | { readonly kind: "wildcard"; readonly pattern: string; readonly tokens: readonly WildcardToken[] }
  | { readonly kind: "exists" }
  | { readonly kind: "absent" }
  | {
      readonly kind: "anything-but";
      /** Numeric anything-but only ever rejects numbers; string anything-but only strings. */
      readonly numeric: boolean;
      readonly strings: ReadonlySet<string>;
      readonly micros: ReadonlySet<bigint>;
    }
  | { readonly kind: "anything-but-ignore-case"; readonly alternatives: readonly CaseAlternatives[] }
  | { readonly kind: "anything-but-prefix"; readonly values: readonly string[] }
  | { readonly kind: "anything-but-suffix"; readonly values: readonly string[] }
  | { readonly kind: "anything-but-wildcard"; readonly tokens: ReadonlyArray<readonly WildcardToken[]> };

/** One `$or` combination: every field must be satisfied. Fields are sorted as EventBridge evaluates them. */
export interface PatternBranch {
  readonly fields: ReadonlyArray<{ readonly path: string; readonly matchers: readonly ValueMatcher[] }>;
}

/** A validated pattern, ready for matching. */
export interface CompiledEventPattern {
  readonly branches: readonly PatternBranch[];
}

/** Field names that cannot appear inside `$or` (event-ruler reserves them for operators). */
const RESERVED_INSIDE_OR = new Set([
  "exactly",
  "equals-ignore-case",
  "prefix",
  "suffix",
  "anything-but",
  "exists",
  "wildcard",
  "numeric",
  "cidr",
  "=",
  "<",
  "<=",
  ">",
  ">=",
  "regex",
  "not-wildcard",
  "not-equals-ignore-case",
  "date-after",
  "date-on-or-after",
  "date-before",
  "date-on-or-before",
  "in-date-range",
  "ip-address-in-range",
  "ip-address-not-in-range",
]);

const TOO_MANY_NUMERIC = "Too many elements in numeric expression";
const ONLY_ONE_KEY = "Only one key allowed in match expression";

/** Rejects the pattern: every validation failure goes through here. */
function fail(reason: string): never {
  throw new InvalidEventPatternError(reason);
}

/**
 * Reads a pattern given either as EventBridge receives it (JSON text) or as an already parsed value.
 * Text keeps duplicate keys and number spellings, which a parsed value has lost.
 */
export function readPattern(pattern: unknown): JsonNode {
  if (typeof pattern === "string") {
    try {
      // EventBridge decides "not an object" on the first token, before reading further.
      const first = classifyFirstToken(pattern);
      if (first !== "object") fail("Filter is not an object");
      return parseJsonDocument(pattern);
    } catch (error) {
      if (error instanceof JsonSyntaxError) fail(error.message);
      throw error;
    }
  }
  try {
    return fromJsValue(pattern);
  } catch (error) {
    if (error instanceof JsonConversionError) fail(`Pattern is not JSON: ${error.message}`);
    throw error;
  }
}

/**
 * Validates and compiles a pattern.
 *
 * @param pattern JSON text (as sent to the EventBridge API) or a parsed JSON value.
 * @throws InvalidEventPatternError with AWS's reason when EventBridge would reject the pattern.
 */
export function compileEventPattern(pattern: unknown): CompiledEventPattern {
  const root = readPattern(pattern);
  if (root.type !== "object") fail("Filter is not an object");
  const rules: RuleSet = [];
  parseObject(rules, [], root, false);
  checkWildcardComplexity(rules);
  return {
    branches: rules.map((rule) => ({
      // Java's String.compareTo and JavaScript's `<` both order by UTF-16 code units.
      fields: [...rule.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([path, matchers]) => ({ path, matchers })),
    })),
  };
}

/** Work-in-progress branches: field path -> matchers. */
type RuleSet = Array<Map<string, readonly ValueMatcher[]>>;

function parseObject(rules: RuleSet, path: readonly string[], node: JsonNode & { type: "object" }, insideOr: boolean): void {
  if (node.entries.length === 0) fail("Empty objects are not allowed");
  for (const [name, value] of node.entries) {
    if (name === "$or") {
      parseOr(rules, path, value);
      continue;
    }
    if (insideOr && RESERVED_INSIDE_OR.has(name)) {
      fail(`${name} is Ruler reserved fieldName which cannot be used inside $or.`);
    }
    if (value.type === "object") parseObject(rules, [...path, name], value, insideOr);
    else if (value.type === "array") writeField(rules, [...path, name].join("."), value.items);
    else fail(`"${name}" must be an object or an array`);
  }
}

/**
 * `$or` multiplies the branches built so far by its alternatives; fields that follow it (in the same or an
 * enclosing object) are then added to every resulting branch.
 */
function parseOr(rules: RuleSet, path: readonly string[], value: JsonNode): void {
  const before = rules.map((rule) => new Map(rule));
  rules.length = 0;
  if (value.type !== "array") fail("It must be an Array followed with $or.");
  for (const alternative of value.items) {
    if (alternative.type !== "object") fail("Only JSON object is allowed in array of $or relationship.");
    const branch = before.length > 0 ? before.map((rule) => new Map(rule)) : [new Map()];
    parseObject(branch, path, alternative, true);
    rules.push(...branch);
  }
  if (value.items.length < 2) fail("There must have at least 2 Objects in $or relationship.");
}

function writeField(rules: RuleSet, fieldPath: string, items: readonly JsonNode[]): void {
  const matchers: ValueMatcher[] = [];
  for (const item of items) {
    switch (item.type) {
      case "object":
        matchers.push(compileOperator(item));
        break;
      case "string": {
        // A pattern string that is an IP address matches the address however the event writes it.
        const range = exactIpRange(item.value);
        matchers.push(range ? { kind: "ip-range", range } : { kind: "exact-string", value: item.value });
        break;
      }
      case "number": {
        // Numbers match numerically when EventBridge can represent them, and always by their exact text.
        const comparable = toComparable(item.text);
        if (comparable.ok) matchers.push({ kind: "numeric-equals", micros: comparable.micros });
        matchers.push({ kind: "exact-literal", text: item.text });
        break;
      }
      case "boolean":
        matchers.push({ kind: "exact-literal", text: String(item.value) });
        break;
      case "null":
        matchers.push({ kind: "exact-literal", text: "null" });
        break;
      case "array":
        fail("Match value must be String, number, true, false, or null");
    }
  }
  if (matchers.length === 0) fail("Empty arrays are not allowed");
  if (rules.length === 0) rules.push(new Map());
  // A repeated path overrides the earlier one, as AWS does for duplicate keys.
  for (const rule of rules) rule.set(fieldPath, matchers);
}

/** `{ "<operator>": ... }` inside a field's array. */
function compileOperator(node: JsonNode & { type: "object" }): ValueMatcher {
  const [first, ...rest] = node.entries;
  if (first === undefined) fail("Match expression name not found");
  const [operator, operand] = first;
  const onlyOneKey = (): void => {
    if (rest.length > 0) fail(ONLY_ONE_KEY);
  };
  switch (operator) {
    case "exactly":
      if (operand.type !== "string") fail("exact match pattern must be a string");
      onlyOneKey();
      return { kind: "exact-string", value: operand.value };
    case "prefix":
    case "suffix": {
      if (operand.type === "object") {
        const alternatives = compileIgnoreCaseModifier(operand, operator);
        onlyOneKey();
        return operator === "prefix"
          ? { kind: "prefix-ignore-case", alternatives: caseAlternatives(`"${alternatives}`) }
          : { kind: "suffix-ignore-case", alternatives: caseAlternatives(`${alternatives}"`) };
      }
      if (operand.type !== "string") fail(`${operator} match pattern must be a string`);
      onlyOneKey();
      return { kind: operator, value: operand.value };
    }
    case "numeric": {
      if (operand.type !== "array") fail("Value of numeric must be an array.");
      const matcher = compileNumeric(operand.items);
      if (rest.length > 0) fail(TOO_MANY_NUMERIC);
      return matcher;
    }
    case "anything-but":
      return compileAnythingBut(operand, rest.length > 0);
    case "exists":
      if (operand.type !== "boolean") fail("exists match pattern must be either true or false.");
      onlyOneKey();
      return operand.value ? { kind: "exists" } : { kind: "absent" };
    case "cidr": {
      // AWS reports a non-string CIDR with the prefix operator's message.
      if (operand.type !== "string") fail("prefix match pattern must be a string");
      const range = cidrOrFail(operand.value);
      onlyOneKey();
      return { kind: "ip-range", range };
    }
    case "equals-ignore-case":
      if (operand.type !== "string") fail("equals-ignore-case match pattern must be a string");
      onlyOneKey();
      return { kind: "equals-ignore-case", alternatives: caseAlternatives(`"${operand.value}"`) };
    case "wildcard": {
      if (operand.type !== "string") fail("wildcard match pattern must be a string");
      const tokens = wildcardOrFail(operand.value);
      onlyOneKey();
      return { kind: "wildcard", pattern: operand.value, tokens };
    }
    default:
      return fail(`Unrecognized match type ${operator}`);
  }
}

/** `{"prefix": {"equals-ignore-case": "x"}}` / `{"suffix": {...}}`; returns the operand text. */
function compileIgnoreCaseModifier(node: JsonNode & { type: "object" }, operator: "prefix" | "suffix"): string {
  const label = operator === "prefix" ? "Prefix" : "Suffix";
  const [first, ...rest] = node.entries;
  if (first === undefined) fail(`${label} expression name not found`);
  const [modifier, operand] = first;
  if (modifier !== "equals-ignore-case") fail(`Unsupported ${operator} pattern: ${modifier}`);
  if (operand.type !== "string") fail("equals-ignore-case match pattern must be a string");
  if (rest.length > 0) fail(ONLY_ONE_KEY);
  return operand.value;
}

function cidrOrFail(text: string): IpRange {
  try {
    return parseCidr(text);
  } catch (error) {
    if (error instanceof IpAddressError) fail(error.message);
    throw error;
  }
}

function wildcardOrFail(text: string): WildcardToken[] {
  const problem = wildcardSyntaxError(text);
  if (problem !== null) fail(problem);
  return compileWildcard(text);
}

function comparableOrFail(text: string): bigint {
  const result = toComparable(text);
  if (!result.ok) fail(result.reason);
  return result.micros;
}

/** The text Jackson shows for an unexpected token in a numeric expression. */
function tokenText(node: JsonNode | undefined): string {
  if (node === undefined) return "]";
  switch (node.type) {
    case "object":
      return "{";
    case "array":
      return "[";
    case "string":
      return node.value;
    case "number":
      return node.text;
    case "boolean":
      return String(node.value);
    case "null":
      return "null";
  }
}

/** `{"numeric": [op, n]}`, `[">"|">=", n, "<"|"<=", m]` or `["=", n]`. */
function compileNumeric(items: readonly JsonNode[]): ValueMatcher {
  const [first, value] = items;
  if (first?.type !== "string") fail(`Invalid member in numeric match: ${tokenText(first)}`);
  const operator = first.value;
  const numericValue = (op: string): string => {
    if (value?.type !== "number") fail(`Value of ${op} must be numeric`);
    return value.text;
  };
  switch (operator) {
    case "=": {
      const text = numericValue("equals");
      if (items.length > 2) fail(TOO_MANY_NUMERIC);
      return { kind: "numeric-equals", micros: comparableOrFail(text) };
    }
    case ">":
    case ">=": {
      const bottom = numericValue(operator);
      if (items.length === 2) return numericRange(bottom, operator === ">", null, false);
      const upperOperator = items[2];
      if (upperOperator?.type !== "string") fail(`Bad value in numeric range: ${tokenText(upperOperator)}`);
      if (upperOperator.value !== "<" && upperOperator.value !== "<=") {
        fail(`Bad numeric range operator: ${upperOperator.value}`);
      }
      const top = items[3];
      if (top?.type !== "number") fail(`Value of ${upperOperator.value} must be numeric`);
      if (items.length > 4) fail("Too many terms in numeric range expression");
      return numericRange(bottom, operator === ">", top.text, upperOperator.value === "<");
    }
    case "<":
    case "<=": {
      const top = numericValue(operator);
      if (items.length > 2) fail(TOO_MANY_NUMERIC);
      return numericRange(null, false, top, operator === "<");
    }
    default:
      return fail(`Unrecognized numeric range operator: ${operator}`);
  }
}

/** A range; a missing bound is EventBridge's implicit -5e9 / +5e9 (inclusive). */
function numericRange(bottomText: string | null, openBottom: boolean, topText: string | null, openTop: boolean): ValueMatcher {
  // EventBridge compares the bounds as doubles before it converts them, so this check comes first.
  const bottomValue = bottomText === null ? -5e9 : Number(bottomText);
  const topValue = topText === null ? 5e9 : Number(topText);
  if (bottomValue >= topValue) fail("Bottom must be less than top");
  return {
    kind: "numeric-range",
    bottom: bottomText === null ? MIN_COMPARABLE : comparableOrFail(bottomText),
    openBottom,
    top: topText === null ? MAX_COMPARABLE : comparableOrFail(topText),
    openTop,
  };
}

type AnythingButModifier = "equals-ignore-case" | "prefix" | "suffix" | "wildcard";

/** `{"anything-but": value | [values] | {"<modifier>": value | [values]}}`. */
function compileAnythingBut(operand: JsonNode, outerHasMoreKeys: boolean): ValueMatcher {
  let modifier: AnythingButModifier | null = null;
  let values = operand;
  let innerHasMoreKeys = false;
  if (operand.type === "object") {
    const [first, ...rest] = operand.entries;
    if (first === undefined) fail("Anything-But expression name not found");
    const [name, inner] = first;
    if (name !== "equals-ignore-case" && name !== "prefix" && name !== "suffix" && name !== "wildcard") {
      fail(`Unsupported anything-but pattern: ${name}`);
    }
    modifier = name;
    values = inner;
    innerHasMoreKeys = rest.length > 0;
  }
  if (values.type !== "array" && values.type !== "string" && values.type !== "number") {
    fail("Value of anything-but must be an array or single string/number value.");
  }
  const matcher = modifier === null ? compilePlainAnythingBut(values) : compileModifiedAnythingBut(modifier, values.type === "array" ? values.items : [values]);
  // The closing brace of the modifier object is checked first, then the operator's own.
  if (innerHasMoreKeys || outerHasMoreKeys) fail(TOO_MANY_NUMERIC);
  return matcher;
}

function compilePlainAnythingBut(values: JsonNode): ValueMatcher {
  const strings = new Set<string>();
  const micros = new Set<bigint>();
  const items = values.type === "array" ? values.items : [values];
  for (const item of items) {
    if (item.type === "string") strings.add(item.value);
    else if (item.type === "number") micros.add(comparableOrFail(item.text));
    else fail("Inside anything but list, start|null|boolean is not supported.");
  }
  if (strings.size > 0 === micros.size > 0) {
    fail("Inside anything but list, either all values are number or string, mixed type is not supported");
  }
  return { kind: "anything-but", numeric: micros.size > 0, strings, micros };
}

/** Lists and single values go through the same checks, in the same order. */
function compileModifiedAnythingBut(modifier: AnythingButModifier, items: readonly JsonNode[]): ValueMatcher {
  const texts: string[] = [];
  for (const item of items) {
    if (item.type !== "string") {
      if (modifier === "equals-ignore-case") {
        fail("Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.");
      }
      if (modifier === "wildcard") fail("wildcard match pattern must be a string");
      fail("prefix/suffix match pattern must be a string");
    }
    if ((modifier === "prefix" || modifier === "suffix") && item.value === "") fail("Null prefix/suffix not allowed");
    texts.push(item.value);
  }
  switch (modifier) {
    case "equals-ignore-case":
      return { kind: "anything-but-ignore-case", alternatives: texts.map((t) => caseAlternatives(`"${t}"`)) };
    case "prefix":
      return { kind: "anything-but-prefix", values: texts };
    case "suffix":
      return { kind: "anything-but-suffix", values: texts };
    case "wildcard":
      return { kind: "anything-but-wildcard", tokens: texts.map(wildcardOrFail) };
  }
}

/**
 * Rejects rules whose wildcards would make EventBridge's matcher too expensive. Only `wildcard` operators count
 * (EventBridge's evaluator ignores `anything-but` wildcards); patterns on the same field share one state
 * machine, whichever `$or` branch they come from.
 */
function checkWildcardComplexity(rules: RuleSet): void {
  const byField = new Map<string, Map<string, readonly WildcardToken[]>>();
  for (const rule of rules) {
    for (const [path, matchers] of rule) {
      for (const matcher of matchers) {
        if (matcher.kind !== "wildcard") continue;
        const patterns = byField.get(path) ?? new Map<string, readonly WildcardToken[]>();
        patterns.set(matcher.pattern, matcher.tokens);
        byField.set(path, patterns);
      }
    }
  }
  for (const patterns of byField.values()) {
    if (wildcardComplexity([...patterns.values()]) > WILDCARD_COMPLEXITY_LIMIT) {
      fail("Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character");
    }
  }
}

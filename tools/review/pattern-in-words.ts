/**
 * The synthesized EventBridge rules' patterns in words. The ECS auto-stop pattern is read back into
 * finding filters and described with `describeFindingFilters`, but only when rebuilding the pattern from
 * those filters gives exactly the synthesized pattern; any other pattern gets a generic rendering.
 */
import { buildEcsRuntimeFindingPattern, describeFindingFilters, FindingFilters } from "../../functions/ecs-stop-task/finding-filters";
import { evaluateReadable, readableNameOf, referencesIn, resourcesOf, SynthesizedTerraform } from "./synthesized-terraform";

export interface RuleInWords {
  /** The rule's name. */
  readonly rule: string;
  readonly path: string;
  /** Readable targets: `<name> (state machine ARN)`, `<name> (topic ARN)`. */
  readonly targets: readonly string[];
  /** The pattern as synthesized. */
  readonly pattern: unknown;
  /** `finding-filters`: described with describeFindingFilters; `generic`: field by field. */
  readonly rendering: "finding-filters" | "generic";
  /** The filters read back from the pattern (only for `finding-filters`). */
  readonly filters?: FindingFilters;
  readonly lines: readonly string[];
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Keys sorted at every level, for comparing patterns whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "string") ? (value as string[]) : undefined;
}

/** `["a","b"]` -> include; `[{"anything-but": ["a"]}]` -> exclude. */
function selection(matcher: unknown): { include?: string[]; exclude?: string[] } | undefined {
  const include = stringList(matcher);
  if (include) return { include };
  if (Array.isArray(matcher) && matcher.length === 1 && isObject(matcher[0]) && Object.keys(matcher[0]).length === 1) {
    const exclude = stringList(matcher[0]["anything-but"]);
    if (exclude) return { exclude };
  }
  return undefined;
}

/**
 * The finding filters an ECS runtime finding pattern was built from, or undefined when the pattern is not
 * one `buildEcsRuntimeFindingPattern` produces (checked by rebuilding it).
 */
export function recoverFindingFilters(pattern: unknown): FindingFilters | undefined {
  if (!isObject(pattern) || !isObject(pattern.detail)) return undefined;
  const detail = pattern.detail;
  const filters: { -readonly [K in keyof FindingFilters]: FindingFilters[K] } = {};
  const severity = detail.severity;
  if (severity !== undefined) {
    const m = Array.isArray(severity) && severity.length === 1 && isObject(severity[0]) ? severity[0].numeric : undefined;
    if (!Array.isArray(m) || m.length !== 2 || m[0] !== ">=" || typeof m[1] !== "number") return undefined;
    filters.minSeverity = m[1];
  }
  if (detail.type !== undefined) {
    const s = selection(detail.type);
    if (!s) return undefined;
    if (s.include) filters.findingTypes = s.include;
    if (s.exclude) filters.excludeFindingTypes = s.exclude;
  }
  const resource = isObject(detail.resource) ? detail.resource : undefined;
  if (resource && resource.ecsClusterDetails !== undefined) {
    const arn = isObject(resource.ecsClusterDetails) ? resource.ecsClusterDetails.arn : undefined;
    const s = selection(arn);
    if (!s) return undefined;
    if (s.include) filters.clusterArns = s.include;
    if (s.exclude) filters.excludeClusterArns = s.exclude;
  }
  if (detail.accountId !== undefined) {
    const accounts = stringList(detail.accountId);
    if (!accounts) return undefined;
    filters.accountIds = accounts;
  }
  try {
    return canonical(buildEcsRuntimeFindingPattern(filters)) === canonical(pattern) ? filters : undefined;
  } catch {
    return undefined;
  }
}

function quote(value: unknown): string {
  return typeof value === "string" ? `"${value}"` : JSON.stringify(value);
}

/** One matcher of a pattern field, in words. */
function matcherInWords(m: unknown): string {
  if (!isObject(m)) return `is ${quote(m)}`;
  const [op, arg] = Object.entries(m)[0] ?? ["", undefined];
  switch (op) {
    case "prefix":
      return isObject(arg) ? `starts with ${quote(arg["equals-ignore-case"])} (any case)` : `starts with ${quote(arg)}`;
    case "suffix":
      return isObject(arg) ? `ends with ${quote(arg["equals-ignore-case"])} (any case)` : `ends with ${quote(arg)}`;
    case "equals-ignore-case":
      return `is ${quote(arg)} (any case)`;
    case "wildcard":
      return `matches the wildcard ${quote(arg)}`;
    case "cidr":
      return `is an IP address in ${quote(arg)}`;
    case "exists":
      return arg ? "is present" : "is absent";
    case "numeric": {
      const words: Record<string, string> = { "=": "=", "<": "<", "<=": "<=", ">": ">", ">=": ">=" };
      const parts: string[] = [];
      const a = Array.isArray(arg) ? arg : [];
      for (let i = 0; i + 1 < a.length; i += 2) parts.push(`${words[String(a[i])] ?? a[i]} ${a[i + 1]}`);
      return `is a number ${parts.join(" and ")}`;
    }
    case "anything-but": {
      if (Array.isArray(arg)) return `is none of ${arg.map(quote).join(", ")}`;
      if (isObject(arg))
        return `does not ${matcherInWords(arg)
          .replace(/^is /, "be ")
          .replace(/^starts/, "start")
          .replace(/^ends/, "end")
          .replace(/^matches/, "match")}`;
      return `is not ${quote(arg)}`;
    }
    default:
      return `matches ${JSON.stringify(m)}`;
  }
}

function fieldInWords(field: string, matchers: unknown[]): string {
  const literals = matchers.filter((m) => !isObject(m));
  const others = matchers.filter(isObject);
  const parts: string[] = [];
  if (literals.length === 1) parts.push(`is ${quote(literals[0])}`);
  else if (literals.length > 1) parts.push(`is one of ${literals.map(quote).join(", ")}`);
  parts.push(...others.map(matcherInWords));
  return `\`${field}\` ${parts.join(", or ")}`;
}

/** A pattern field by field: every listed field must match (one line each); `$or` lists alternatives. */
export function describeEventPattern(pattern: unknown, prefix = ""): string[] {
  if (!isObject(pattern)) return [`matches ${JSON.stringify(pattern)}`];
  const lines: string[] = [];
  for (const [key, value] of Object.entries(pattern)) {
    if (key === "$or" && Array.isArray(value)) {
      lines.push(`any of: ${value.map((alt) => `(${describeEventPattern(alt, prefix).join(" and ")})`).join(" or ")}`);
    } else if (Array.isArray(value)) {
      lines.push(fieldInWords(`${prefix}${key}`, value));
    } else if (isObject(value)) {
      lines.push(...describeEventPattern(value, `${prefix}${key}.`));
    }
  }
  return lines;
}

/** Every EventBridge rule of the stack with its pattern in words and its targets. */
export function rulesInWords(json: SynthesizedTerraform): RuleInWords[] {
  const targets = resourcesOf(json, "aws_cloudwatch_event_target");
  return resourcesOf(json, "aws_cloudwatch_event_rule").map((rule) => {
    const name = readableNameOf(json, rule);
    const ruleTargets = targets
      .filter((t) => referencesIn(t.values.rule).some((r) => r.address === rule.address) || t.values.rule === name)
      .map((t) => String(evaluateReadable(json, t.values.arn)));
    const raw = evaluateReadable(json, rule.values.event_pattern);
    const pattern = typeof raw === "string" ? JSON.parse(raw) : raw;
    const filters = recoverFindingFilters(pattern);
    if (filters !== undefined) {
      return { rule: name, path: rule.path, targets: ruleTargets, pattern, rendering: "finding-filters", filters, lines: describeFindingFilters(filters) };
    }
    return { rule: name, path: rule.path, targets: ruleTargets, pattern, rendering: "generic", lines: describeEventPattern(pattern) };
  });
}

/** True when a recovered filter set restricts nothing: the seed's pattern, every runtime finding on ECS. */
export function isUnfiltered(filters: FindingFilters): boolean {
  return Object.values(filters).every((v) => v === undefined);
}

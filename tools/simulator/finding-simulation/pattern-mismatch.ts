/**
 * Why an event does not match an EventBridge pattern, in a few lines: each top-level key of the pattern is
 * tested alone with our matcher (`matchesEventPattern`), and within a key that fails, each leaf matcher
 * (`detail.service.featureName: ["RuntimeMonitoring"]`) is tested alone too, so the report can say
 * "expected [...], found ...". The verdict itself always comes from the whole pattern; this only explains.
 */
import { matchesEventPattern } from "../../../functions/eventbridge/pattern-matcher";

export interface PatternMismatch {
  /** Dotted path of the leaf in the pattern, e.g. `detail.service.featureName` (`$or` for an alternative group). */
  readonly path: string;
  /** The pattern's matcher at that path, e.g. `["RuntimeMonitoring"]`. */
  readonly expected: unknown;
  /** The event's value at that path (values from every element when it crosses an array); undefined: missing. */
  readonly found: unknown;
}

export interface PatternMismatchExplanation {
  /** Top-level pattern keys that the event does not match (each tested alone). */
  readonly unmatchedKeys: readonly string[];
  /** The failing leaves under those keys. */
  readonly mismatches: readonly PatternMismatch[];
}

type Json = Record<string, unknown>;

/** Explains why `event` does not match `pattern` (a pattern it does match yields empty lists). */
export function explainPatternMismatch(pattern: unknown, event: unknown): PatternMismatchExplanation {
  const parsed = (typeof pattern === "string" ? JSON.parse(pattern) : pattern) as Json;
  const unmatchedKeys: string[] = [];
  const mismatches: PatternMismatch[] = [];
  for (const [key, sub] of Object.entries(parsed)) {
    if (matchesEventPattern({ [key]: sub }, event)) continue;
    unmatchedKeys.push(key);
    const leaves = failingLeaves([key], sub, event);
    // When no single leaf fails alone (fields that must come from one array element), report the key whole.
    mismatches.push(...(leaves.length > 0 ? leaves : [{ path: key, expected: sub, found: valueAt(event, [key]) }]));
  }
  return { unmatchedKeys, mismatches };
}

/** `detail.service.featureName: expected ["RuntimeMonitoring"], found "EbsVolumeScan"`. */
export function describeMismatch(mismatch: PatternMismatch): string {
  if (mismatch.path.split(".").includes("$or")) return `${mismatch.path}: none of the alternatives ${JSON.stringify(mismatch.expected)} matched`;
  const found = mismatch.found === undefined ? "nothing (missing)" : JSON.stringify(mismatch.found);
  return `${mismatch.path}: expected ${JSON.stringify(mismatch.expected)}, found ${found}`;
}

function failingLeaves(path: string[], sub: unknown, event: unknown): PatternMismatch[] {
  const isNestedObject = sub !== null && typeof sub === "object" && !Array.isArray(sub) && path[path.length - 1] !== "$or";
  if (!isNestedObject) {
    return matchesEventPattern(nest(path, sub), event)
      ? []
      : [{ path: path.join("."), expected: sub, found: path.includes("$or") ? undefined : valueAt(event, path) }];
  }
  const result: PatternMismatch[] = [];
  for (const [key, child] of Object.entries(sub as Json)) result.push(...failingLeaves([...path, key], child, event));
  return result;
}

function nest(path: readonly string[], leaf: unknown): Json {
  let value: unknown = leaf;
  for (let i = path.length - 1; i >= 0; i--) value = { [path[i]]: value };
  return value as Json;
}

function valueAt(event: unknown, path: readonly string[]): unknown {
  let values: unknown[] = [event];
  for (const key of path) {
    const next: unknown[] = [];
    for (const value of values) {
      for (const item of Array.isArray(value) ? value : [value]) {
        if (item !== null && typeof item === "object" && !Array.isArray(item) && key in (item as Json)) next.push((item as Json)[key]);
      }
    }
    values = next;
    if (values.length === 0) return undefined;
  }
  return values.length === 1 ? values[0] : values;
}

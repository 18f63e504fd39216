/**
 * The JSONPath subset EventBridge accepts in `InputPath` and `InputPathsMap`: dot notation (`$.detail.state`),
 * names with dashes, underscores, slashes and other characters (`$.detail-type`), array indexes (`$.a[0]`) and
 * wildcards (`$.a[*]`, `$.a.*`). AWS's user guide lists exactly these; filters, slices and recursive descent
 * (`..`) are not part of it and are rejected.
 */

/** One step of a path. */
export type JsonPathSegment =
  { readonly kind: "key"; readonly name: string } | { readonly kind: "index"; readonly index: number } | { readonly kind: "wildcard" };

/** A path outside the supported subset. */
export class JsonPathSyntaxError extends Error {
  constructor(path: string, detail: string) {
    super(`Unsupported JSONPath ${JSON.stringify(path)}: ${detail}`);
    this.name = "JsonPathSyntaxError";
  }
}

/** Parses `$`, `$.a.b`, `$.a[0]`, `$.a[*]`, `$.a.*`, `$['a']`. */
export function parseJsonPath(path: string): JsonPathSegment[] {
  if (!path.startsWith("$")) throw new JsonPathSyntaxError(path, "must start with $");
  const segments: JsonPathSegment[] = [];
  let i = 1;
  while (i < path.length) {
    const c = path[i];
    if (c === ".") {
      if (path[i + 1] === ".") throw new JsonPathSyntaxError(path, "recursive descent (..) is not supported");
      let end = i + 1;
      while (end < path.length && path[end] !== "." && path[end] !== "[") end++;
      const name = path.slice(i + 1, end);
      if (name === "") throw new JsonPathSyntaxError(path, `empty name at position ${i + 1}`);
      segments.push(name === "*" ? { kind: "wildcard" } : { kind: "key", name });
      i = end;
    } else if (c === "[") {
      const close = path.indexOf("]", i);
      if (close < 0) throw new JsonPathSyntaxError(path, `unclosed [ at position ${i}`);
      const inner = path.slice(i + 1, close).trim();
      if (inner === "*") segments.push({ kind: "wildcard" });
      else if (/^\d+$/.test(inner)) segments.push({ kind: "index", index: Number(inner) });
      else if (/^'[^']*'$|^"[^"]*"$/.test(inner)) segments.push({ kind: "key", name: inner.slice(1, -1) });
      else throw new JsonPathSyntaxError(path, `unsupported selector [${inner}]`);
      i = close + 1;
    } else {
      throw new JsonPathSyntaxError(path, `unexpected ${JSON.stringify(c)} at position ${i}`);
    }
  }
  return segments;
}

/** What a path selects: nothing, one value, or (for a path with a wildcard) the list of every match. */
export type JsonPathResult = { readonly found: false } | { readonly found: true; readonly value: unknown };

/**
 * Evaluates a path against a parsed JSON value. A path with a wildcard is "indefinite" and always yields a list
 * (possibly empty), as Java's Jayway JsonPath does.
 */
export function evaluateJsonPath(root: unknown, path: string): JsonPathResult {
  const segments = parseJsonPath(path);
  let current: unknown[] = [root];
  for (const segment of segments) {
    const next: unknown[] = [];
    for (const value of current) {
      if (segment.kind === "key") {
        if (isObject(value) && Object.prototype.hasOwnProperty.call(value, segment.name)) next.push(value[segment.name]);
      } else if (segment.kind === "index") {
        if (Array.isArray(value) && segment.index < value.length) next.push(value[segment.index]);
      } else if (Array.isArray(value)) {
        next.push(...value);
      } else if (isObject(value)) {
        next.push(...Object.values(value));
      }
    }
    current = next;
  }
  if (segments.some((s) => s.kind === "wildcard")) return { found: true, value: current };
  return current.length === 0 ? { found: false } : { found: true, value: current[0] };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

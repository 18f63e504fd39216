/** Writes JSON-like values as HCL literals for the generated test files. */

/** A quoted HCL string: JSON escaping, plus `$${` and `%%{` so no template is evaluated. */
export function hclString(value: string): string {
  // Replacement functions: in a replacement string "$$" would itself mean one "$".
  return JSON.stringify(value)
    .replace(/\$\{/g, () => "$${")
    .replace(/%\{/g, () => "%%{");
}

/** A value as an HCL expression: strings, numbers, booleans, null, lists and objects (keys quoted). */
export function hclLiteral(value: unknown, indent = ""): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return hclString(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((v) => `${inner}${hclLiteral(v, inner)},`).join("\n")}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return "{}";
  return `{\n${entries.map(([k, v]) => `${inner}${hclString(k)} = ${hclLiteral(v, inner)}`).join("\n")}\n${indent}}`;
}

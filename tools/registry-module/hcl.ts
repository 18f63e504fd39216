/**
 * A small HCL writer: expressions, attributes and blocks rendered the way `terraform fmt` leaves them, so
 * generated files pass `terraform fmt -check` without a Terraform binary at generation time. Pure (no CDKTF).
 *
 * What `terraform fmt` does and this writer reproduces (hclwrite's format.go):
 * - indentation: two spaces per line that opened more brackets than it closed;
 * - alignment: in a run of consecutive lines of the form `name = <expression balanced on one line>`, the `=`
 *   signs line up one space after the longest name; a blank line, a block, or an attribute whose value spans
 *   several lines ends the run;
 * - spacing: `f(a, b)`, `[a, b]`, `{ a = 1 }`, `{}`, `!x`, binary operators spaced.
 *
 * Multi-line values open on the line of their attribute and close at the start of a line (`jsonencode({` ...
 * `})`), so a line never both closes one bracket and opens another one that stays open: that is the shape
 * `terraform fmt` indents unambiguously. The writer throws for shapes it cannot lay out that way.
 *
 * Strings: `${` and `%{` in literal text become `$${` and `%%{`; references inside strings are
 * interpolations (`"arn:${local.partition}:..."`); a string that is a single reference is the bare reference.
 */

/** An HCL expression. `raw` is trusted single-line expression text (a reference, a function call, a `for`). */
export type Expr =
  | { readonly kind: "raw"; readonly text: string }
  | { readonly kind: "string"; readonly parts: readonly (string | { readonly ref: string })[] }
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "bool"; readonly value: boolean }
  | { readonly kind: "null" }
  | { readonly kind: "list"; readonly items: readonly Expr[]; readonly multiline?: boolean }
  | { readonly kind: "object"; readonly entries: readonly (readonly [ObjectKey, Expr])[]; readonly multiline?: boolean }
  | { readonly kind: "call"; readonly fn: string; readonly args: readonly Expr[] }
  /** Raw text with expressions in between: `length(setsubtract(var.x, ` <list> `)) == 0`. At most one part may span lines. */
  | { readonly kind: "template"; readonly parts: readonly (string | Expr)[] };

/** An object key: literal text, or an expression written `(expression)` (one line). */
export type ObjectKey = string | { readonly expression: Expr };

export const raw = (text: string): Expr => {
  if (text.includes("\n")) throw new Error(`hcl: raw expression text must be one line: ${text}`);
  return { kind: "raw", text };
};
export const str = (value: string): Expr => ({ kind: "string", parts: [value] });
export const num = (value: number): Expr => {
  if (!Number.isFinite(value)) throw new Error(`hcl: ${value} is not a finite number`);
  return { kind: "number", value };
};
export const bool = (value: boolean): Expr => ({ kind: "bool", value });
export const nul: Expr = { kind: "null" };
export const list = (items: readonly Expr[], options: { multiline?: boolean } = {}): Expr => ({ kind: "list", items, ...options });
export const obj = (entries: readonly (readonly [ObjectKey, Expr])[], options: { multiline?: boolean } = {}): Expr => ({ kind: "object", entries, ...options });
export const call = (fn: string, ...args: Expr[]): Expr => ({ kind: "call", fn, args });
export const tmpl = (...parts: (string | Expr)[]): Expr => ({ kind: "template", parts });
/** A string with interpolated references: `interp("arn:", ref("local.partition"), ":iam::")`. */
export const interp = (...parts: (string | { ref: string })[]): Expr => ({ kind: "string", parts });
export const ref = (expression: string): { ref: string } => ({ ref: expression });

/** A plain value (string, number, boolean, null, array, object) as an HCL literal. */
export function literal(value: unknown): Expr {
  if (value === null) return nul;
  if (typeof value === "string") return str(value);
  if (typeof value === "number") return num(value);
  if (typeof value === "boolean") return bool(value);
  if (Array.isArray(value)) return list(value.map(literal));
  if (typeof value === "object") return obj(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, literal(v)] as const));
  throw new Error(`hcl: cannot write ${typeof value} as a literal`);
}

// ---------------------------------------------------------------------------------------------------------------
// Bodies: attributes, blocks, blank lines.

export interface Attribute {
  readonly type: "attribute";
  readonly name: string;
  readonly value: Expr;
}
export interface Block {
  readonly type: "block";
  readonly name: string;
  readonly labels: readonly string[];
  readonly body: readonly BodyItem[];
}
export interface Blank {
  readonly type: "blank";
}
/** A full-line `#` comment. */
export interface Comment {
  readonly type: "comment";
  readonly text: string;
}
export type BodyItem = Attribute | Block | Blank | Comment;

export const attr = (name: string, value: Expr): Attribute => ({ type: "attribute", name, value });
export const block = (name: string, labels: readonly string[], body: readonly (BodyItem | undefined | false)[]): Block => ({
  type: "block",
  name,
  labels,
  body: body.filter((item): item is BodyItem => item !== undefined && item !== false),
});
export const blank: Blank = { type: "blank" };
export const comment = (text: string): Comment => {
  if (text.includes("\n")) throw new Error("hcl: a comment is one line");
  return { type: "comment", text };
};

/** Renders top-level blocks, one blank line between them, after optional header comment lines; final newline. */
export function renderFile(blocks: readonly Block[], header: readonly string[] = []): string {
  const top = header.map((line) => (line === "" ? "#" : `# ${line}`)).join("\n");
  return `${top === "" ? "" : `${top}\n\n`}${blocks.map((b) => renderBlock(b, 0)).join("\n\n")}\n`;
}

const MAX_WIDTH = 110;
const pad = (level: number) => "  ".repeat(level);

function renderBlock(b: Block, level: number): string {
  const header = [b.name, ...b.labels.map((label) => quote(label))].join(" ");
  if (b.body.length === 0) return `${pad(level)}${header} {}`;
  return `${pad(level)}${header} {\n${renderBody(b.body, level + 1, (item) => attributeName(item.name))}\n${pad(level)}}`;
}

/** Body lines: blank lines kept (never doubled, never first or last), blocks set apart by blank lines. */
function renderBody(items: readonly BodyItem[], level: number, keyOf: (item: Attribute) => string): string {
  const normalized: BodyItem[] = [];
  for (const item of items) {
    const previous = normalized[normalized.length - 1];
    if (item.type === "blank") {
      if (previous !== undefined && previous.type !== "blank") normalized.push(item);
      continue;
    }
    // A block is set apart by blank lines, except from a comment right above it.
    if (previous !== undefined && previous.type !== "blank" && ((item.type === "block" && previous.type !== "comment") || previous.type === "block")) {
      normalized.push(blank);
    }
    normalized.push(item);
  }
  while (normalized.length > 0 && normalized[normalized.length - 1].type === "blank") normalized.pop();

  const lines: string[] = [];
  let run: { key: string; value: string }[] = [];
  const flush = () => {
    const width = Math.max(0, ...run.map((r) => r.key.length));
    for (const r of run) lines.push(`${pad(level)}${r.key.padEnd(width)} = ${r.value}`);
    run = [];
  };
  for (const item of normalized) {
    if (item.type === "blank") {
      flush();
      lines.push("");
    } else if (item.type === "comment") {
      flush();
      lines.push(`${pad(level)}# ${item.text}`);
    } else if (item.type === "block") {
      flush();
      lines.push(renderBlock(item, level));
    } else {
      const key = keyOf(item);
      const value = renderValue(item.value, level, pad(level).length + key.length + 3);
      if (value.includes("\n")) {
        flush();
        lines.push(`${pad(level)}${key} = ${value}`);
      } else {
        run.push({ key, value });
      }
    }
  }
  flush();
  return lines.join("\n");
}

function attributeName(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) throw new Error(`hcl: "${name}" is not an attribute name`);
  return name;
}

// ---------------------------------------------------------------------------------------------------------------
// Expressions.

/**
 * The expression as it sits after `name = ` (or as a list item) at `level`: one line when it fits and nothing
 * forces it apart, else several lines whose last starts at `level`'s indentation.
 */
export function renderValue(e: Expr, level: number, column: number): string {
  const inline = renderInline(e);
  if (inline !== undefined && column + inline.length <= MAX_WIDTH) return inline;
  return renderMultiline(e, level, column);
}

/** One-line form, or undefined when the expression must span lines. */
function renderInline(e: Expr): string | undefined {
  switch (e.kind) {
    case "raw":
      return e.text;
    case "string":
      return renderString(e.parts);
    case "number":
      return numberText(e.value);
    case "bool":
      return String(e.value);
    case "null":
      return "null";
    case "list": {
      if (e.multiline) return undefined;
      const items = e.items.map(renderInline);
      if (items.some((i) => i === undefined)) return undefined;
      return `[${items.join(", ")}]`;
    }
    case "object": {
      if (e.multiline) return undefined;
      if (e.entries.length === 0) return "{}";
      // One-line objects only for small flat ones: policy statements and the like read better one key a line.
      if (
        e.entries.length > 2 ||
        e.entries.some(([, v]) => v.kind === "object" || (v.kind === "list" && v.items.some((i) => i.kind === "object" || i.kind === "list")))
      ) {
        return undefined;
      }
      const entries = e.entries.map(([k, v]) => [objectKey(k), renderInline(v)] as const);
      if (entries.some(([, v]) => v === undefined)) return undefined;
      return `{ ${entries.map(([k, v]) => `${k} = ${v}`).join(", ")} }`;
    }
    case "call": {
      const args = e.args.map(renderInline);
      if (args.some((a) => a === undefined)) return undefined;
      return `${e.fn}(${args.join(", ")})`;
    }
    case "template": {
      const parts = e.parts.map((p) => (typeof p === "string" ? p : renderInline(p)));
      if (parts.some((p) => p === undefined)) return undefined;
      return parts.join("");
    }
  }
}

function renderMultiline(e: Expr, level: number, column: number): string {
  const inner = pad(level + 1);
  switch (e.kind) {
    case "list": {
      if (e.items.length === 0) return "[]";
      const items = e.items.map((item) => `${inner}${renderValue(item, level + 1, inner.length)},`);
      return `[\n${items.join("\n")}\n${pad(level)}]`;
    }
    case "object": {
      if (e.entries.length === 0) return "{}";
      // Object entries align like attributes; their keys are object keys (quoted unless identifiers).
      const keys = e.entries.map(([k]) => objectKey(k));
      const body = renderBody(
        e.entries.map(([, v], i) => attr(`_${i}`, v)),
        level + 1,
        (item) => keys[Number(item.name.slice(1))],
      );
      return `{\n${body}\n${pad(level)}}`;
    }
    case "call": {
      // A single list or object argument hugs the parentheses: `jsonencode({` ... `})`.
      if (e.args.length === 1 && (e.args[0].kind === "object" || e.args[0].kind === "list")) {
        return `${e.fn}(${renderMultiline(e.args[0], level, column + e.fn.length + 1)})`;
      }
      const args = e.args.map((arg) => `${inner}${renderValue(arg, level + 1, inner.length)},`);
      return `${e.fn}(\n${args.join("\n")}\n${pad(level)})`;
    }
    case "template": {
      const multi = e.parts.filter((p) => typeof p !== "string" && renderInline(p) === undefined);
      if (multi.length > 1) throw new Error("hcl: a template expression may hold only one multi-line part");
      let out = "";
      for (const p of e.parts) {
        if (typeof p === "string") out += p;
        else {
          const inline = renderInline(p);
          out +=
            inline !== undefined && (multi.length === 1 || column + out.length + inline.length <= MAX_WIDTH)
              ? inline
              : renderMultiline(p, level, column + out.length);
        }
      }
      return out;
    }
    default: {
      const inline = renderInline(e);
      if (inline === undefined) throw new Error(`hcl: cannot lay out ${e.kind} on several lines`);
      return inline; // too long, but it has no place to break: terraform fmt leaves long lines alone
    }
  }
}

/** Object keys: bare identifiers where HCL reads them literally, quoted otherwise; an expression in parentheses. */
export function objectKey(key: ObjectKey): string {
  if (typeof key !== "string") {
    const text = renderInline(key.expression);
    if (text === undefined) throw new Error("hcl: an object key expression must fit on one line");
    return `(${text})`;
  }
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) && !["true", "false", "null", "for", "in", "if"].includes(key) ? key : quote(key);
}

function numberText(value: number): string {
  const text = String(value);
  if (/e/i.test(text)) throw new Error(`hcl: ${value} would need exponent notation`);
  return text;
}

/** A quoted HCL string of literal text. */
export function quote(text: string): string {
  return renderString([text]);
}

function renderString(parts: readonly (string | { readonly ref: string })[]): string {
  let out = "";
  parts.forEach((part, i) => {
    if (typeof part === "string") {
      let text = escapeLiteral(part);
      // "$" right before an interpolation would read as the "$${" escape: write that dollar as an interpolation.
      const next = parts[i + 1];
      if (next !== undefined && typeof next !== "string" && text.endsWith("$")) text = `${text.slice(0, -1)}\${"$"}`;
      out += text;
    } else {
      if (part.ref.includes("\n") || part.ref.includes('"')) throw new Error(`hcl: unsupported reference text: ${part.ref}`);
      out += `\${${part.ref}}`;
    }
  });
  return `"${out}"`;
}

function escapeLiteral(text: string): string {
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  // (Replacement functions: in a replacement string "$$" would mean one "$".)
  return out.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}

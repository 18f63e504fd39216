/**
 * The value tree the generator works on: every string CDKTF wrote (`"arn:${data.x.y}:z"`,
 * `"${jsonencode({...})}"`) parsed into literal text, references, calls, tuples and objects, so that two
 * synthesized trees can be compared and merged field by field. Pure (no CDKTF).
 *
 * The parser reads the subset of HCL expressions CDKTF writes: literals, quoted templates, tuples, objects,
 * traversals (`a.b.c`, `x[0]`, `x[*]`), function calls, parentheses, unary `!`/`-`, binary operators and `? :`.
 */

/** One literal of a condition: a switch on (`on: true`) or off. */
export interface Literal {
  readonly switch: string;
  readonly on: boolean;
}
/** A conjunction of switch literals; empty means always. */
export type Condition = readonly Literal[];

export type Node =
  | { readonly t: "lit"; readonly v: string | number | boolean | null }
  /** A string with interpolations (at least one non-string part). */
  | { readonly t: "tpl"; readonly parts: readonly (string | Node)[] }
  /** A traversal: `aws_iam_role.x.arn`, `data.aws_region.r.region`, `var.x`, `each.value`, `x[0]`. */
  | { readonly t: "ref"; readonly text: string }
  | { readonly t: "call"; readonly fn: string; readonly args: readonly Node[] }
  | { readonly t: "tuple"; readonly items: readonly Item[] }
  | { readonly t: "obj"; readonly entries: readonly Entry[] }
  | { readonly t: "unary"; readonly op: string; readonly x: Node }
  | { readonly t: "bin"; readonly op: string; readonly l: Node; readonly r: Node }
  | { readonly t: "tern"; readonly c: Node; readonly a: Node; readonly b: Node }
  /** Merged: `switch on ? a : b`. */
  | { readonly t: "cond"; readonly when: Literal; readonly a: Node; readonly b: Node }
  /** Merged: no value (an object key or a block that does not exist). */
  | { readonly t: "absent" };

export interface Item {
  readonly node: Node;
  /** Merged: the item exists only when this holds. */
  readonly when?: Condition;
}
export interface Entry {
  /** The key's text; for an expression key, `keyText(keyNode)`: keys are matched and compared by it. */
  readonly key: string;
  readonly node: Node;
  /**
   * A key that is an expression (a parameter's stand-in was part of the key's text: `aws:RequestTag/<tag key>` in
   * an IAM condition, a label map). Written `(expression)`; two such keys may be equal in Terraform.
   */
  readonly keyNode?: Node;
  /** Merged: the key exists only when this holds. */
  readonly when?: Condition;
}

export const lit = (v: string | number | boolean | null): Node => ({ t: "lit", v });
export const ref = (text: string): Node => ({ t: "ref", text });
export const ABSENT: Node = { t: "absent" };

/** The text that identifies an expression key (`("aws:RequestTag/${var.x.key}")`): never a key of literal text in practice. */
export const keyText = (keyNode: Node): string => `(${exprText(keyNode)})`;

/** An object entry whose key text may hold stand-ins: `split` gives its pieces; a key with expressions gets `keyNode`. */
export function entryWithKey(entry: Entry, pieces: readonly (string | Node)[]): Entry {
  if (pieces.every((p) => typeof p === "string")) return entry;
  const keyNode = templateNode([...pieces]);
  return { ...entry, key: keyText(keyNode), keyNode };
}

/** A JSON value from `toTerraform()` as a tree; strings are read as templates. */
export function fromJson(value: unknown): Node {
  if (value === null || typeof value === "number" || typeof value === "boolean") return lit(value);
  if (typeof value === "string") {
    // A JSON document written as text (an event pattern) is compared and merged as its structure.
    if (/^[[{]/.test(value) && !value.includes("${")) {
      try {
        return { t: "call", fn: "jsonencode", args: [fromJson(JSON.parse(value))] };
      } catch {
        // not JSON (an input template with <placeholders>): text
      }
    }
    return parseTemplateText(value);
  }
  if (Array.isArray(value)) return { t: "tuple", items: value.map((v) => ({ node: fromJson(v) })) };
  if (typeof value === "object") {
    return { t: "obj", entries: Object.entries(value as Record<string, unknown>).map(([key, v]) => ({ key, node: fromJson(v) })) };
  }
  throw new Error(`tree: cannot read ${typeof value}`);
}

/** Unquoted template text as CDKTF writes it in JSON: `"${x}"` alone is the expression x. */
export function parseTemplateText(text: string): Node {
  const p = new Parser(text);
  const parts = p.templateParts(undefined);
  if (!p.done()) throw new Error(`tree: cannot read template ${JSON.stringify(text)}`);
  return templateNode(parts);
}

function templateNode(parts: (string | Node)[]): Node {
  const merged: (string | Node)[] = [];
  for (const part of parts) {
    const last = merged[merged.length - 1];
    if (typeof part === "string" && typeof last === "string") merged[merged.length - 1] = last + part;
    else if (part !== "") merged.push(part);
  }
  if (merged.length === 0) return lit("");
  if (merged.length === 1) return typeof merged[0] === "string" ? lit(merged[0]) : merged[0];
  return { t: "tpl", parts: merged };
}

const BINARY: readonly (readonly string[])[] = [["||"], ["&&"], ["==", "!="], ["<=", ">=", "<", ">"], ["+", "-"], ["*", "/", "%"]];

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  done(): boolean {
    return this.i >= this.s.length;
  }

  private fail(what: string): never {
    throw new Error(
      `tree: ${what} at ${this.i} of ${JSON.stringify(this.s.length > 300 ? `${this.s.slice(Math.max(0, this.i - 100), this.i + 100)}` : this.s)}`,
    );
  }

  private ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i++;
  }

  private eat(token: string): boolean {
    this.ws();
    if (this.s.startsWith(token, this.i)) {
      this.i += token.length;
      return true;
    }
    return false;
  }

  private expect(token: string): void {
    if (!this.eat(token)) this.fail(`expected ${token}`);
  }

  /** Template parts up to the closing quote (quoted) or the end (unquoted, `quote` undefined). */
  templateParts(quote: '"' | undefined): (string | Node)[] {
    const parts: (string | Node)[] = [];
    let text = "";
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (quote !== undefined && c === quote) break;
      if (this.s.startsWith("$${", this.i) || this.s.startsWith("%%{", this.i)) {
        text += `${c}{`;
        this.i += 3;
      } else if (this.s.startsWith("${", this.i)) {
        this.i += 2;
        parts.push(text);
        text = "";
        this.eat("~");
        parts.push(this.expression());
        this.eat("~");
        this.expect("}");
      } else if (quote !== undefined && c === "\\") {
        const e = this.s[this.i + 1];
        const simple: Record<string, string> = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" };
        if (e in simple) {
          text += simple[e];
          this.i += 2;
        } else if (e === "u") {
          text += String.fromCodePoint(parseInt(this.s.slice(this.i + 2, this.i + 6), 16));
          this.i += 6;
        } else this.fail("unknown escape");
      } else {
        text += c;
        this.i++;
      }
    }
    parts.push(text);
    return parts;
  }

  expression(): Node {
    const c = this.binary(0);
    if (this.eat("?")) {
      const a = this.expression();
      this.expect(":");
      const b = this.expression();
      return { t: "tern", c, a, b };
    }
    return c;
  }

  private binary(level: number): Node {
    if (level >= BINARY.length) return this.unary();
    let l = this.binary(level + 1);
    for (;;) {
      this.ws();
      const op = BINARY[level].find(
        (o) => this.s.startsWith(o, this.i) && !(o === "<" && this.s[this.i + 1] === "=") && !(o === ">" && this.s[this.i + 1] === "="),
      );
      if (op === undefined) return l;
      this.i += op.length;
      l = { t: "bin", op, l, r: this.binary(level + 1) };
    }
  }

  private unary(): Node {
    if (this.eat("!")) return { t: "unary", op: "!", x: this.unary() };
    this.ws();
    if (this.s[this.i] === "-" && !/[0-9]/.test(this.s[this.i + 1] ?? "")) {
      this.i++;
      return { t: "unary", op: "-", x: this.unary() };
    }
    return this.postfix(this.primary());
  }

  private postfix(node: Node): Node {
    if (node.t !== "ref" && node.t !== "call") return node;
    let text = node.t === "ref" ? node.text : undefined;
    for (;;) {
      if (text === undefined) return node;
      if (this.s[this.i] === "." && /[A-Za-z_*]/.test(this.s[this.i + 1] ?? "")) {
        this.i++;
        text += `.${this.identifier()}`;
      } else if (this.s[this.i] === "[") {
        this.i++;
        const index = this.eat("*") ? "*" : exprText(this.expression());
        this.expect("]");
        text += `[${index}]`;
      } else return ref(text);
    }
  }

  private identifier(): string {
    if (this.s[this.i] === "*") {
      this.i++;
      return "*";
    }
    const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.s.slice(this.i, this.i + 200));
    if (m === null) this.fail("expected an identifier");
    this.i += m[0].length;
    return m[0];
  }

  private primary(): Node {
    this.ws();
    const c = this.s[this.i];
    if (c === '"') {
      this.i++;
      const parts = this.templateParts('"');
      this.expect('"');
      return templateNode(parts);
    }
    if (c === "(") {
      this.i++;
      const e = this.expression();
      this.expect(")");
      return e;
    }
    if (c === "[") {
      this.i++;
      const items: Item[] = [];
      while (!this.eat("]")) {
        items.push({ node: this.expression() });
        if (!this.eat(",")) {
          this.expect("]");
          break;
        }
      }
      return { t: "tuple", items };
    }
    if (c === "{") {
      this.i++;
      const entries: Entry[] = [];
      while (!this.eat("}")) {
        this.ws();
        let key: string;
        if (this.s[this.i] === '"') {
          const k = this.primary();
          if (k.t !== "lit" || typeof k.v !== "string") this.fail("object keys must be literal");
          key = k.v;
        } else key = this.identifier();
        if (!this.eat("=")) this.expect(":");
        entries.push({ key, node: this.expression() });
        this.eat(",");
      }
      return { t: "obj", entries };
    }
    const num = /^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.s.slice(this.i, this.i + 40));
    if (num !== null) {
      this.i += num[0].length;
      return lit(Number(num[0]));
    }
    const id = this.identifier();
    if (id === "true" || id === "false") return lit(id === "true");
    if (id === "null") return lit(null);
    this.ws();
    if (this.s[this.i] === "(") {
      this.i++;
      const args: Node[] = [];
      while (!this.eat(")")) {
        args.push(this.expression());
        if (!this.eat(",")) {
          this.expect(")");
          break;
        }
      }
      return { t: "call", fn: id, args };
    }
    return ref(id);
  }
}

/** One-line HCL text of an expression (conditions rendered by `condition`). */
export function exprText(n: Node, condition: (c: Condition) => string = conditionText): string {
  const e = (x: Node) => exprText(x, condition);
  switch (n.t) {
    case "lit":
      return typeof n.v === "string" ? JSON.stringify(n.v).replace(/\$\{/g, "$${").replace(/%\{/g, "%%{") : String(n.v);
    case "tpl":
      return `"${n.parts.map((p) => (typeof p === "string" ? JSON.stringify(p).slice(1, -1).replace(/\$\{/g, "$${").replace(/%\{/g, "%%{") : `\${${e(p)}}`)).join("")}"`;
    case "ref":
      return n.text;
    case "call":
      return `${n.fn}(${n.args.map(e).join(", ")})`;
    case "tuple":
      if (n.items.some((i) => i.when !== undefined && i.when.length > 0)) {
        return `concat(${groupItems(n.items)
          .map((g) => (g.when.length === 0 ? `[${g.nodes.map(e).join(", ")}]` : `${condition(g.when)} ? [${g.nodes.map(e).join(", ")}] : []`))
          .join(", ")})`;
      }
      return `[${n.items.map((i) => e(i.node)).join(", ")}]`;
    case "obj": {
      const plain = (entries: readonly Entry[]) =>
        entries.length === 0
          ? "{}"
          : `{ ${entries.map((x) => `${x.keyNode !== undefined ? `(${e(x.keyNode)})` : JSON.stringify(x.key)} = ${e(x.node)}`).join(", ")} }`;
      // Expression keys may be equal in Terraform: each in its own object of a merge(), the later one winning.
      const text = (entries: readonly Entry[]) => {
        const dynamic = entries.filter((x) => x.keyNode !== undefined);
        if (dynamic.length === 0) return plain(entries);
        return `merge(${[plain(entries.filter((x) => x.keyNode === undefined)), ...dynamic.map((x) => plain([x]))].join(", ")})`;
      };
      const fixed = n.entries.filter((x) => x.when === undefined || x.when.length === 0);
      const optional = n.entries.filter((x) => x.when !== undefined && x.when.length > 0);
      if (optional.length === 0) return text(fixed);
      return `merge(${[text(fixed), ...optional.map((x) => `${condition(x.when!)} ? ${text([{ key: x.key, node: x.node, keyNode: x.keyNode }])} : {}`)].join(", ")})`;
    }
    case "unary":
      return `${n.op}${e(n.x)}`;
    case "bin":
      return `${e(n.l)} ${n.op} ${e(n.r)}`;
    case "tern":
      return `${e(n.c)} ? ${e(n.a)} : ${e(n.b)}`;
    case "cond":
      return `(${condition([n.when])} ? ${e(n.a)} : ${e(n.b)})`;
    case "absent":
      throw new Error("tree: an absent value has no text");
  }
}

/** Consecutive items with the same condition, grouped. */
export function groupItems(items: readonly Item[]): { when: Condition; nodes: Node[] }[] {
  const groups: { when: Condition; nodes: Node[] }[] = [];
  for (const item of items) {
    const when = item.when ?? [];
    const last = groups[groups.length - 1];
    if (last !== undefined && sameCondition(last.when, when)) last.nodes.push(item.node);
    else groups.push({ when, nodes: [item.node] });
  }
  return groups;
}

export function sameCondition(a: Condition, b: Condition): boolean {
  return a.length === b.length && a.every((l) => b.some((m) => m.switch === l.switch && m.on === l.on));
}

/** Default condition text (tests): `sw` / `!sw`. */
export function conditionText(c: Condition): string {
  return c.map((l) => (l.on ? l.switch : `!${l.switch}`)).join(" && ");
}

/** Structural equality (conditions compared as sets). */
export function equal(a: Node, b: Node): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(n: Node): unknown {
  switch (n.t) {
    case "tuple":
      return { t: "tuple", items: n.items.map((i) => [canonical(i.node), sortedCondition(i.when)]) };
    case "obj":
      // Key order carries no meaning: Terraform's jsonencode sorts keys, and so do resource arguments.
      return {
        t: "obj",
        entries: n.entries.map((x) => [x.key, canonical(x.node), sortedCondition(x.when)]).sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : 1)),
      };
    case "tpl":
      return { t: "tpl", parts: n.parts.map((p) => (typeof p === "string" ? p : canonical(p))) };
    case "call":
      return { t: "call", fn: n.fn, args: n.args.map(canonical) };
    case "unary":
      return { t: "unary", op: n.op, x: canonical(n.x) };
    case "bin":
      return { t: "bin", op: n.op, l: canonical(n.l), r: canonical(n.r) };
    case "tern":
      return { t: "tern", c: canonical(n.c), a: canonical(n.a), b: canonical(n.b) };
    case "cond":
      return { t: "cond", when: n.when, a: canonical(n.a), b: canonical(n.b) };
    default:
      return n;
  }
}

const sortedCondition = (c: Condition | undefined) => (c === undefined || c.length === 0 ? [] : [...c].map((l) => `${l.on ? "" : "!"}${l.switch}`).sort());

/** Applies `f` bottom-up to every node (and template part). */
export function mapTree(n: Node, f: (n: Node) => Node): Node {
  const m = (x: Node) => mapTree(x, f);
  switch (n.t) {
    case "tpl":
      return f(templateNode(n.parts.map((p) => (typeof p === "string" ? p : m(p)))));
    case "call":
      return f({ ...n, args: n.args.map(m) });
    case "tuple":
      return f({ ...n, items: n.items.map((i) => ({ ...i, node: m(i.node) })) });
    case "obj":
      return f({ ...n, entries: n.entries.map((x) => ({ ...x, node: m(x.node) })) });
    case "unary":
      return f({ ...n, x: m(n.x) });
    case "bin":
      return f({ ...n, l: m(n.l), r: m(n.r) });
    case "tern":
      return f({ ...n, c: m(n.c), a: m(n.a), b: m(n.b) });
    case "cond":
      return f({ ...n, a: m(n.a), b: m(n.b) });
    default:
      return f(n);
  }
}

/** Every literal string piece: replaced by `f` with text and nodes (stand-ins become references). */
export function replaceText(n: Node, f: (text: string) => (string | Node)[]): Node {
  return mapTree(n, (x) => {
    if (x.t === "lit" && typeof x.v === "string") return templateNode(f(x.v));
    if (x.t === "tpl") return templateNode(x.parts.flatMap((p) => (typeof p === "string" ? f(p) : [p])));
    return x;
  });
}

export { templateNode };

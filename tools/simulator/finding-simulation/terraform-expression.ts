/**
 * Evaluates the Terraform expressions CDKTF writes into synthesized JSON (`"${jsonencode({...})}"`,
 * `"arn:${data.x.y}:..."`) so tests, and the finding simulator (`npm run simulate`), can see what
 * Terraform would send to AWS. Pure: no test or CDKTF dependencies. It covers the subset CDKTF
 * emits: templates, object and tuple literals, quoted strings with escapes, numbers, booleans, null,
 * `jsonencode(...)` and references, which `resolve` turns into values.
 */
export type ReferenceResolver = (reference: string) => unknown;

export function evaluateTerraformString(text: string, resolve: ReferenceResolver): unknown {
  const p = new Parser(text, resolve);
  return p.template(undefined);
}

class Parser {
  private i = 0;
  constructor(
    private readonly s: string,
    private readonly resolve: ReferenceResolver,
  ) {}

  /** A template up to `end` (a closing quote) or the end of text; a lone `${expr}` keeps its type. */
  template(end: '"' | undefined): unknown {
    const parts: unknown[] = [];
    let literal = "";
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (end !== undefined && c === end) break;
      if (this.s.startsWith("$${", this.i)) {
        literal += "${";
        this.i += 3;
      } else if (this.s.startsWith("%%{", this.i)) {
        literal += "%{";
        this.i += 3;
      } else if (this.s.startsWith("%{", this.i)) {
        throw new Error(`template directive at ${this.i} is not supported: ${this.s.slice(this.i, this.i + 30)}`);
      } else if (this.s.startsWith("${", this.i)) {
        if (literal) parts.push(literal);
        literal = "";
        this.i += 2;
        parts.push(this.expression());
        this.skipSpace();
        this.expect("}");
      } else if (end !== undefined && c === "\\") {
        literal += this.escape();
      } else {
        literal += c;
        this.i++;
      }
    }
    if (literal) parts.push(literal);
    if (parts.length === 1 && typeof parts[0] !== "string") return parts[0];
    return parts.map((p) => (typeof p === "string" ? p : stringify(p))).join("");
  }

  private escape(): string {
    const next = this.s[this.i + 1];
    this.i += 2;
    const simple: Record<string, string> = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" };
    if (next in simple) return simple[next];
    if (next === "u") {
      const hex = this.s.slice(this.i, this.i + 4);
      this.i += 4;
      return String.fromCharCode(parseInt(hex, 16));
    }
    throw new Error(`unknown escape \\${next}`);
  }

  expression(): unknown {
    this.skipSpace();
    const c = this.s[this.i];
    if (c === "{") return this.object();
    if (c === "[") return this.tuple();
    if (c === '"') {
      this.i++;
      const value = this.template('"');
      this.expect('"');
      return value;
    }
    if (/[-0-9]/.test(c)) {
      const m = /^-?\d+(\.\d+)?([eE][-+]?\d+)?/.exec(this.s.slice(this.i))!;
      this.i += m[0].length;
      return Number(m[0]);
    }
    const m = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+|\[\d+\])*/.exec(this.s.slice(this.i));
    if (!m) throw new Error(`unexpected ${JSON.stringify(this.s.slice(this.i, this.i + 20))}`);
    this.i += m[0].length;
    if (m[0] === "true") return true;
    if (m[0] === "false") return false;
    if (m[0] === "null") return null;
    this.skipSpace();
    if (this.s[this.i] === "(") {
      this.i++;
      const arg = this.expression();
      this.skipSpace();
      this.expect(")");
      if (m[0] === "jsonencode") return JSON.stringify(arg);
      throw new Error(`function ${m[0]} is not supported`);
    }
    return this.resolve(m[0]);
  }

  private object(): Record<string, unknown> {
    this.expect("{");
    const out: Record<string, unknown> = {};
    for (;;) {
      this.skipSpace();
      if (this.s[this.i] === "}") break;
      const key = this.expression();
      this.skipSpace();
      this.expect("=");
      out[String(key)] = this.expression();
      this.skipSpace();
      if (this.s[this.i] === ",") this.i++;
    }
    this.expect("}");
    return out;
  }

  private tuple(): unknown[] {
    this.expect("[");
    const out: unknown[] = [];
    for (;;) {
      this.skipSpace();
      if (this.s[this.i] === "]") break;
      out.push(this.expression());
      this.skipSpace();
      if (this.s[this.i] === ",") this.i++;
    }
    this.expect("]");
    return out;
  }

  private skipSpace(): void {
    while (/\s/.test(this.s[this.i] ?? "")) this.i++;
  }

  private expect(c: string): void {
    if (this.s[this.i] !== c) throw new Error(`expected ${c} at ${this.i}, found ${JSON.stringify(this.s.slice(this.i, this.i + 20))}`);
    this.i++;
  }
}

function stringify(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new Error(`cannot interpolate ${JSON.stringify(value)} into a string`);
}

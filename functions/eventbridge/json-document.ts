/**
 * A small JSON reader that keeps what `JSON.parse` throws away but EventBridge relies on:
 *
 * - duplicate object keys, in order: EventBridge reads patterns with a streaming parser, so
 *   `{"detail": {"a": [1]}, "detail": {"b": [2]}}` constrains both `detail.a` and `detail.b`;
 * - the source text of numbers: `300.0` and `300` are different texts (EventBridge compares texts for
 *   numbers it cannot turn into its fixed-point form).
 *
 * It also reports syntax errors with the wording of Jackson (the Java parser behind EventBridge), because
 * AWS returns that wording inside its `InvalidEventPatternException` message.
 */

/** A parsed JSON value. Objects keep every entry (duplicates included) in source order. */
export type JsonNode =
  | { readonly type: "object"; readonly entries: ReadonlyArray<readonly [string, JsonNode]> }
  | { readonly type: "array"; readonly items: readonly JsonNode[] }
  | { readonly type: "string"; readonly value: string }
  | { readonly type: "number"; readonly text: string }
  | { readonly type: "boolean"; readonly value: boolean }
  | { readonly type: "null" };

/** The JSON text is malformed; `message` uses Jackson's wording (without its source location). */
export class JsonSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JsonSyntaxError";
  }
}

/** A JavaScript value has no JSON form (undefined, a function, NaN, a bigint, ...). */
export class JsonConversionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JsonConversionError";
  }
}

const EXPECTED_VALUE = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";

/**
 * Parses the first JSON value of `text`. Like Jackson's streaming parser, whatever follows that value is not
 * read (EventBridge stops reading once the root object is closed).
 *
 * @throws JsonSyntaxError when the text is not JSON.
 */
export function parseJsonDocument(text: string): JsonNode {
  const reader = new Reader(text);
  reader.skipWhitespace();
  if (reader.atEnd()) {
    throw new JsonSyntaxError("No content to map due to end-of-input");
  }
  return reader.readValue();
}

/**
 * Reads only the first token of `text` and reports whether it opens an object. EventBridge checks "is the
 * pattern an object?" on the first token, before it has seen anything else, so `[bad json` is
 * "Filter is not an object" while `bad json` is a syntax error.
 *
 * @returns `"object"`, `"empty"` (no token at all) or `"other"` (a valid first token that is not `{`).
 * @throws JsonSyntaxError when the first token itself is malformed.
 */
export function classifyFirstToken(text: string): "object" | "empty" | "other" {
  const reader = new Reader(text);
  reader.skipWhitespace();
  if (reader.atEnd()) return "empty";
  const c = reader.peek();
  if (c === "{") return "object";
  if (c === "[") return "other";
  reader.readValue(); // a scalar: reading it validates the token (and only that token)
  return "other";
}

/**
 * Converts a JavaScript value (e.g. from `JSON.parse` or `JSON5.parse`) into a {@link JsonNode}. Numbers get the
 * text `String(n)`, the closest a parsed value can get to its source text. Object properties whose value is
 * `undefined` are skipped, as `JSON.stringify` does.
 *
 * @throws JsonConversionError for values JSON cannot represent.
 */
export function fromJsValue(value: unknown): JsonNode {
  if (value === null) return { type: "null" };
  switch (typeof value) {
    case "string":
      return { type: "string", value };
    case "boolean":
      return { type: "boolean", value };
    case "number":
      if (!Number.isFinite(value)) throw new JsonConversionError(`${String(value)} is not a JSON number`);
      return { type: "number", text: String(value) };
    case "object":
      if (Array.isArray(value)) {
        return {
          type: "array",
          items: value.map((item, index) => {
            if (item === undefined) throw new JsonConversionError(`array element ${index} is undefined`);
            return fromJsValue(item);
          }),
        };
      }
      return {
        type: "object",
        entries: Object.entries(value as Record<string, unknown>)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [k, fromJsValue(v)] as const),
      };
    default:
      throw new JsonConversionError(`a ${typeof value} has no JSON form`);
  }
}

/** Jackson's description of a character in error messages, e.g. `'x' (code 120)`. */
function describeChar(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  if (code < 32 || (code >= 127 && code < 160)) return `(CTRL-CHAR, code ${code})`;
  if (code > 255) return `'${c}' (code ${code} / 0x${code.toString(16)})`;
  return `'${c}' (code ${code})`;
}

function unexpected(c: string, comment: string): JsonSyntaxError {
  return new JsonSyntaxError(`Unexpected character (${describeChar(c)}): ${comment}`);
}

const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);

/** Recursive-descent reader over a string; positions are UTF-16 indexes. */
class Reader {
  private pos = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  peek(): string {
    return this.text[this.pos] ?? "";
  }

  skipWhitespace(): void {
    while (!this.atEnd() && WHITESPACE.has(this.peek())) this.pos++;
  }

  readValue(): JsonNode {
    this.skipWhitespace();
    if (this.atEnd()) throw new JsonSyntaxError("Unexpected end-of-input: expected a valid value");
    const c = this.peek();
    if (c === "{") return this.readObject();
    if (c === "[") return this.readArray();
    if (c === '"') return { type: "string", value: this.readString() };
    if (c === "-" || (c >= "0" && c <= "9")) return { type: "number", text: this.readNumber() };
    if (/[\p{L}\p{N}_$]/u.test(c)) return this.readKeyword();
    throw unexpected(c, `expected a valid value ${EXPECTED_VALUE}`);
  }

  private readKeyword(): JsonNode {
    // Jackson reports the whole identifier-like run as the offending token ("Unrecognized token 'this'").
    const start = this.pos;
    while (!this.atEnd() && /[\p{L}\p{N}_$]/u.test(this.peek())) this.pos++;
    const token = this.text.slice(start, this.pos);
    if (token === "true") return { type: "boolean", value: true };
    if (token === "false") return { type: "boolean", value: false };
    if (token === "null") return { type: "null" };
    throw new JsonSyntaxError(`Unrecognized token '${token}': was expecting ${EXPECTED_VALUE}`);
  }

  private readObject(): JsonNode {
    this.pos++; // {
    const entries: Array<readonly [string, JsonNode]> = [];
    this.skipWhitespace();
    if (this.peek() === "}") {
      this.pos++;
      return { type: "object", entries };
    }
    for (;;) {
      this.skipWhitespace();
      if (this.atEnd()) throw new JsonSyntaxError("Unexpected end-of-input: expected close marker for Object");
      if (this.peek() !== '"') throw unexpected(this.peek(), "was expecting double-quote to start field name");
      const key = this.readString();
      this.skipWhitespace();
      if (this.atEnd()) throw new JsonSyntaxError("Unexpected end-of-input: expected close marker for Object");
      if (this.peek() !== ":") {
        throw unexpected(this.peek(), "was expecting a colon to separate field name and value");
      }
      this.pos++;
      entries.push([key, this.readValue()]);
      this.skipWhitespace();
      if (this.atEnd()) throw new JsonSyntaxError("Unexpected end-of-input: expected close marker for Object");
      const c = this.peek();
      this.pos++;
      if (c === "}") return { type: "object", entries };
      if (c !== ",") throw unexpected(c, "was expecting comma to separate Object entries");
    }
  }

  private readArray(): JsonNode {
    this.pos++; // [
    const items: JsonNode[] = [];
    this.skipWhitespace();
    if (this.peek() === "]") {
      this.pos++;
      return { type: "array", items };
    }
    for (;;) {
      this.skipWhitespace();
      if (this.atEnd()) throw new JsonSyntaxError("Unexpected end-of-input: expected close marker for Array");
      items.push(this.readValue());
      this.skipWhitespace();
      if (this.atEnd()) throw new JsonSyntaxError("Unexpected end-of-input: expected close marker for Array");
      const c = this.peek();
      this.pos++;
      if (c === "]") return { type: "array", items };
      if (c !== ",") throw unexpected(c, "was expecting comma to separate Array entries");
    }
  }

  private readString(): string {
    this.pos++; // opening quote
    let out = "";
    for (;;) {
      if (this.atEnd()) {
        throw new JsonSyntaxError("Unexpected end-of-input: was expecting closing quote for a string value");
      }
      const c = this.text[this.pos++] as string;
      if (c === '"') return out;
      if (c === "\\") {
        out += this.readEscape();
        continue;
      }
      if (c < " ") {
        throw new JsonSyntaxError(`Illegal unquoted character (${describeChar(c)}): has to be escaped using backslash to be included in string value`);
      }
      out += c;
    }
  }

  private readEscape(): string {
    if (this.atEnd()) {
      throw new JsonSyntaxError("Unexpected end-of-input: was expecting closing quote for a string value");
    }
    const c = this.text[this.pos++] as string;
    const simple: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
    if (c in simple) return simple[c] as string;
    if (c !== "u") throw new JsonSyntaxError(`Unrecognized character escape ${describeChar(c)}`);
    let code = 0;
    for (let i = 0; i < 4; i++) {
      const h = this.text[this.pos++] ?? "";
      if (!/^[0-9a-fA-F]$/.test(h)) {
        if (h === "") throw new JsonSyntaxError("Unexpected end-of-input in character escape sequence");
        throw unexpected(h, "expected a hex-digit for character escape sequence");
      }
      code = code * 16 + parseInt(h, 16);
    }
    return String.fromCharCode(code);
  }

  private readNumber(): string {
    const start = this.pos;
    if (this.peek() === "-") {
      this.pos++;
      if (!/[0-9]/.test(this.peek())) {
        if (this.atEnd()) throw new JsonSyntaxError("Unexpected end-of-input in numeric value");
        throw unexpected(this.peek(), "in numeric value: expected digit (0-9) to follow minus sign, for valid numeric value");
      }
    }
    if (this.peek() === "0" && /[0-9]/.test(this.text[this.pos + 1] ?? "")) {
      throw new JsonSyntaxError("Invalid numeric value: Leading zeroes not allowed");
    }
    while (/[0-9]/.test(this.peek())) this.pos++;
    if (this.peek() === ".") {
      this.pos++;
      if (!/[0-9]/.test(this.peek())) {
        throw unexpected(this.peek() || " ", "in numeric value: Decimal point not followed by a digit");
      }
      while (/[0-9]/.test(this.peek())) this.pos++;
    }
    if (this.peek() === "e" || this.peek() === "E") {
      this.pos++;
      if (this.peek() === "+" || this.peek() === "-") this.pos++;
      if (!/[0-9]/.test(this.peek())) {
        throw unexpected(this.peek() || " ", "in numeric value: Exponent indicator not followed by a digit");
      }
      while (/[0-9]/.test(this.peek())) this.pos++;
    }
    return this.text.slice(start, this.pos);
  }
}

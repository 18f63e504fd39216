/**
 * A small declarative schema for the config file. Each field parses and checks one value and
 * describes itself, so the loader's errors, the config reference in docs/ and (later) the registry
 * module's variables all come from one definition.
 */
import { ConfigProblem, describeValue } from "./config-error";

export interface FieldDoc {
  readonly type: string;
  readonly description: string;
  /** Default as shown to users; `undefined` when the setting is required. */
  readonly defaultText?: string;
  readonly required: boolean;
  readonly children?: Readonly<Record<string, FieldDoc>>;
  readonly item?: FieldDoc;
}

export interface Field<T> {
  readonly doc: FieldDoc;
  /** Returns the parsed value, or `undefined` after pushing at least one problem. */
  parse(value: unknown, setting: string, problems: ConfigProblem[]): T | undefined;
}

type Common<T> = { readonly description: string; readonly default?: T; readonly defaultText?: string };

function problem(problems: ConfigProblem[], setting: string, value: unknown, allowed: string): undefined {
  problems.push({ setting, value: describeValue(value), allowed });
  return undefined;
}

function withDefault<T>(f: Common<T>, type: string, extra: Partial<FieldDoc> = {}): FieldDoc {
  const defaultText = f.defaultText ?? (f.default === undefined ? undefined : JSON.stringify(f.default));
  return { type, description: f.description, defaultText, required: f.default === undefined && f.defaultText === undefined, ...extra };
}

/**
 * Control characters (C0, DEL, C1): no AWS name, id, tag or address takes them, and in an email or a
 * notice they could forge lines. Checked in every string setting, whatever its format.
 */
const CONTROL_CHARACTER = /\p{Cc}/u;
/**
 * Terraform reads `${` and `%{` in any string of the synthesized JSON as a template (CDKTF passes them
 * through unescaped), so such a value would be changed or refused at plan time.
 */
const TERRAFORM_TEMPLATE = /[$%]\{/;

/** Why no string setting may hold `value`, or undefined. Runs before a field's own format. */
export function stringProblem(value: string): string | undefined {
  if (CONTROL_CHARACTER.test(value)) return "text without control characters (tab, newline, escape, ...)";
  if (TERRAFORM_TEMPLATE.test(value)) return 'text without "${" or "%{" (Terraform would read it as a template)';
  return undefined;
}

/** A string, optionally matching a pattern or one of a list. */
export function str(
  f: Common<string> & { readonly pattern?: RegExp; readonly expected?: string; readonly maxLength?: number; readonly oneOf?: readonly string[] },
): Field<string> {
  const expected = f.expected ?? "a string";
  return {
    doc: withDefault(f, "string"),
    parse(value, setting, problems) {
      if (typeof value !== "string") return problem(problems, setting, value, expected);
      const wrong = stringProblem(value);
      if (wrong !== undefined) return problem(problems, setting, value, `${expected}: ${wrong}`);
      if (f.pattern && !f.pattern.test(value)) return problem(problems, setting, value, expected);
      if (f.oneOf && !f.oneOf.includes(value)) return problem(problems, setting, value, expected);
      if (f.maxLength !== undefined && value.length > f.maxLength) return problem(problems, setting, value, `${expected} of at most ${f.maxLength} characters`);
      return value;
    },
  };
}

export function bool(f: Common<boolean>): Field<boolean> {
  return {
    doc: withDefault(f, "bool"),
    parse(value, setting, problems) {
      return typeof value === "boolean" ? value : problem(problems, setting, value, "true or false");
    },
  };
}

export function int(f: Common<number> & { readonly min: number; readonly max: number; readonly oneOf?: readonly number[] }): Field<number> {
  const expected = f.oneOf ? `one of ${f.oneOf.join(", ")}` : `a whole number from ${f.min} to ${f.max}`;
  return {
    doc: withDefault(f, "number"),
    parse(value, setting, problems) {
      if (typeof value !== "number" || !Number.isInteger(value) || value < f.min || value > f.max) return problem(problems, setting, value, expected);
      if (f.oneOf && !f.oneOf.includes(value)) return problem(problems, setting, value, expected);
      return value;
    },
  };
}

/** A number (fractions allowed) within bounds. */
export function num(f: Common<number> & { readonly min: number; readonly max: number }): Field<number> {
  const expected = `a number from ${f.min} to ${f.max}`;
  return {
    doc: withDefault(f, "number"),
    parse(value, setting, problems) {
      return typeof value === "number" && Number.isFinite(value) && value >= f.min && value <= f.max ? value : problem(problems, setting, value, expected);
    },
  };
}

export function oneOf<T extends string>(values: readonly T[], f: Common<T>): Field<T> {
  const expected = `one of ${values.map((v) => JSON.stringify(v)).join(", ")}`;
  return {
    doc: withDefault(f, `string (${values.join(" | ")})`),
    parse(value, setting, problems) {
      return typeof value === "string" && (values as readonly string[]).includes(value) ? (value as T) : problem(problems, setting, value, expected);
    },
  };
}

export function list<T>(item: Field<T>, f: Common<T[]> & { readonly minItems?: number; readonly unique?: boolean }): Field<T[]> {
  return {
    doc: withDefault(f, `list(${item.doc.type})`, { item: item.doc }),
    parse(value, setting, problems) {
      if (!Array.isArray(value)) return problem(problems, setting, value, `a list of ${item.doc.type}`);
      if (f.minItems !== undefined && value.length < f.minItems) return problem(problems, setting, value, `a list of at least ${f.minItems} ${item.doc.type}`);
      const before = problems.length;
      const parsed = value.map((v, i) => item.parse(v, `${setting}[${i}]`, problems));
      if (problems.length > before) return undefined;
      if (f.unique) {
        const seen = new Set<string>();
        for (const [i, v] of parsed.entries()) {
          const key = JSON.stringify(v);
          if (seen.has(key)) return problem(problems, `${setting}[${i}]`, v, "each value only once");
          seen.add(key);
        }
      }
      return parsed as T[];
    },
  };
}

export function dict<T>(
  valueField: Field<T>,
  f: Common<Record<string, T>> & { readonly keyPattern?: RegExp; readonly keyExpected?: string; readonly keys?: readonly string[] },
): Field<Record<string, T>> {
  const keyExpected = f.keyExpected ?? (f.keys ? `a key among ${f.keys.join(", ")}` : "a key");
  return {
    doc: withDefault(f, `map(${valueField.doc.type})`, { item: valueField.doc }),
    parse(value, setting, problems) {
      if (!isPlainObject(value)) return problem(problems, setting, value, `an object of ${valueField.doc.type} values`);
      const before = problems.length;
      const out: Record<string, T> = {};
      for (const [k, v] of Object.entries(value)) {
        const keyOk = f.keys ? f.keys.includes(k) : !f.keyPattern || f.keyPattern.test(k);
        if (!keyOk) {
          problem(problems, `${setting}.${k}`, k, keyExpected);
          continue;
        }
        const parsed = valueField.parse(v, `${setting}.${k}`, problems);
        if (parsed !== undefined) out[k] = parsed;
      }
      return problems.length > before ? undefined : out;
    },
  };
}

type Shape = Record<string, Field<unknown>>;
type Parsed<S extends Shape> = { [K in keyof S]: S[K] extends Field<infer T> ? T : never };

/**
 * An object with known keys. Unknown keys are errors (a typo must not silently fall back to a
 * default). Missing keys take their field's default; a missing required key is an error. Keys with a
 * `null` value count as missing, so JSON users can write `null` to mean "not set".
 */
export function obj<S extends Shape>(shape: S, f: { readonly description: string; readonly optional?: boolean }): Field<Parsed<S>> {
  const children = Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, v.doc]));
  return {
    doc: { type: "object", description: f.description, required: !f.optional, defaultText: f.optional ? "see its settings" : undefined, children },
    parse(value, setting, problems) {
      const at = (k: string) => (setting ? `${setting}.${k}` : k);
      if (value === undefined && f.optional) value = {};
      if (!isPlainObject(value)) return problem(problems, setting || "(top level)", value, "an object");
      const before = problems.length;
      for (const k of Object.keys(value)) {
        if (!(k in shape) && k !== "$schema" && k !== "//")
          problem(problems, at(k), value[k], `one of the known settings: ${Object.keys(shape).join(", ")} (no such setting here)`);
      }
      const out: Record<string, unknown> = {};
      for (const [k, field] of Object.entries(shape)) {
        const raw = value[k];
        if (raw === undefined || raw === null) {
          const dflt = defaultOf(field);
          if (dflt !== undefined) out[k] = dflt;
          else if (field.doc.required) problem(problems, at(k), undefined, `a value (${field.doc.type}): this setting is required`);
          continue;
        }
        out[k] = field.parse(raw, at(k), problems);
      }
      return problems.length > before ? undefined : (out as Parsed<S>);
    },
  };
}

/** An optional setting without a default value: absent in the parsed result unless given. */
export function optional<T>(field: Field<T>, defaultText: string): Field<T | undefined> {
  return { doc: { ...field.doc, required: false, defaultText }, parse: field.parse };
}

const DEFAULTS = new WeakMap<object, unknown>();
/** Default of an object field: its parse of `{}`; of a scalar: the declared default. */
function defaultOf(field: Field<unknown>): unknown {
  if (field.doc.type === "object" && !field.doc.required) {
    if (!DEFAULTS.has(field)) DEFAULTS.set(field, field.parse({}, "", []));
    return structuredClone(DEFAULTS.get(field));
  }
  return field.doc.defaultText === undefined || field.doc.required ? undefined : parseDefault(field);
}

function parseDefault(field: Field<unknown>): unknown {
  const text = field.doc.defaultText;
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // a described default ("the current account") is resolved later, not here
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

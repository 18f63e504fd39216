/**
 * Turning the output of our pure builders (JSON documents built for literal values) into HCL that Terraform
 * evaluates with the module's variables and resources:
 *
 * - {@link References}: sentinel strings standing for Terraform expressions. A builder called with
 *   `refs.of("local.topic_arn")` as its topic ARN puts the sentinel wherever the ARN goes; {@link toHcl} writes a
 *   string that is only a sentinel as the bare reference and a sentinel inside text as `${...}`.
 * - {@link bindParameters}: for values a builder checks or does not take as strings (booleans, numbers, domain
 *   names), build twice with two different values and put the reference where the two documents differ.
 * - {@link compileVariants}: for documents whose statements depend on options, build for every combination and
 *   write one statement list whose items Terraform includes by condition (`concat(cond ? [item] : [], ...)`).
 */
import { call, Expr, interp, list, nul, num, obj, raw, ref, str, bool, tmpl } from "./hcl";

const OPEN = "\uE000";
const CLOSE = "\uE001";
const SENTINEL = /\uE000(\d+)\uE001/g;

/** A registry of sentinels, one per Terraform expression. */
export class References {
  private readonly expressions: string[] = [];

  /** The sentinel standing for a Terraform expression (the same sentinel for the same expression). */
  of(expression: string): string {
    let index = this.expressions.indexOf(expression);
    if (index < 0) index = this.expressions.push(expression) - 1;
    return `${OPEN}${index}${CLOSE}`;
  }

  expressionOf(index: number): string {
    const expression = this.expressions[index];
    if (expression === undefined) throw new Error(`references: unknown sentinel ${index}`);
    return expression;
  }

  /** A string as an HCL string: bare reference, interpolated template, or literal. */
  stringToHcl(text: string): Expr {
    const whole = new RegExp(`^${OPEN}(\\d+)${CLOSE}$`).exec(text);
    if (whole) return raw(this.expressionOf(Number(whole[1])));
    const parts: (string | { ref: string })[] = [];
    let last = 0;
    for (const m of text.matchAll(SENTINEL)) {
      if (m.index! > last) parts.push(text.slice(last, m.index));
      parts.push(ref(this.expressionOf(Number(m[1]))));
      last = m.index! + m[0].length;
    }
    if (last < text.length) parts.push(text.slice(last));
    if (parts.length === 0) return str("");
    const rest = parts.join("");
    if (rest.includes(OPEN) || rest.includes(CLOSE)) throw new Error(`references: malformed sentinel in ${JSON.stringify(text)}`);
    return interp(...parts);
  }
}

/** A value substituted as a whole: wherever the document holds exactly `value`, the expression goes instead. */
export interface Substitution {
  readonly value: unknown;
  readonly expression: Expr;
}

/**
 * A JSON document as an HCL expression: objects and arrays as HCL object and tuple literals, sentinels as
 * references, substituted values as their expressions. Key order is kept (jsonencode sorts keys anyway).
 */
export function toHcl(value: unknown, refs: References, substitutions: readonly Substitution[] = []): Expr {
  const substitution = substitutions.find((s) => deepEqual(s.value, value));
  if (substitution !== undefined) return substitution.expression;
  if (value === null) return nul;
  if (typeof value === "string") return refs.stringToHcl(value);
  if (typeof value === "number") return num(value);
  if (typeof value === "boolean") return bool(value);
  if (Array.isArray(value)) return list(value.map((v) => toHcl(v, refs, substitutions)));
  if (typeof value === "object") {
    return obj(Object.entries(value as Record<string, unknown>).map(([k, v]) => [keyText(k, refs), toHcl(v, refs, substitutions)] as const));
  }
  throw new Error(`references: cannot write ${typeof value}`);
}

function keyText(key: string, refs: References): string {
  if (key.includes(OPEN)) throw new Error(`references: a reference cannot be an object key (${JSON.stringify(refs.stringToHcl(key))})`);
  return key;
}

/** `jsonencode(<document>)`. */
export function jsonencode(value: unknown, refs: References, substitutions: readonly Substitution[] = []): Expr {
  return call("jsonencode", toHcl(value, refs, substitutions));
}

/** One value a builder takes that the module sets from a Terraform expression. */
export interface Parameter<T> {
  readonly key: keyof T;
  /** A second valid value, different from the base one, to find where the parameter lands. */
  readonly other: T[keyof T];
  readonly expression: string;
}

/**
 * Builds `build(base)`, then, for each parameter, builds again with its other value: every leaf where the two
 * documents differ must hold exactly the base and the other value, and becomes a sentinel for the parameter's
 * expression. Throws when a parameter lands nowhere, inside a larger string, or where another one landed.
 */
export function bindParameters<T extends object>(build: (values: T) => unknown, base: T, parameters: readonly Parameter<T>[], refs: References): unknown {
  const pristine = build(base);
  const document = structuredClone(pristine);
  const taken = new Set<string>();
  for (const p of parameters) {
    const changed = build({ ...base, [p.key]: p.other });
    const paths = leafDifferences(pristine, changed);
    if (paths.length === 0) throw new Error(`bindParameters: ${String(p.key)} changes nothing in the document`);
    for (const path of paths) {
      const key = JSON.stringify(path);
      const [before, after] = [getAt(pristine, path), getAt(changed, path)];
      if (!deepEqual(before, base[p.key]) || !deepEqual(after, p.other)) {
        throw new Error(`bindParameters: ${String(p.key)} changes ${key} from ${JSON.stringify(before)} to ${JSON.stringify(after)}, not its whole value`);
      }
      if (taken.has(key)) throw new Error(`bindParameters: ${key} depends on two parameters`);
      taken.add(key);
    }
    for (const path of paths) setAt(document, path, refs.of(p.expression));
  }
  return document;
}

/** Paths of the leaves (or differently shaped subtrees) where two JSON values differ. */
export function leafDifferences(a: unknown, b: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (deepEqual(a, b)) return [];
  const bothArrays = Array.isArray(a) && Array.isArray(b) && a.length === b.length;
  const bothObjects = isObject(a) && isObject(b) && JSON.stringify(Object.keys(a)) === JSON.stringify(Object.keys(b));
  if (bothArrays) return (a as unknown[]).flatMap((v, i) => leafDifferences(v, (b as unknown[])[i], [...path, i]));
  if (bothObjects) return Object.keys(a).flatMap((k) => leafDifferences(a[k], b[k], [...path, k]));
  return [path];
}

/** One option a document depends on, and the Terraform conditions for it being on and off. */
export interface VariantOption {
  readonly name: string;
  readonly on: string;
  readonly off: string;
}

/** A list item and the condition (undefined: always) under which it is in the list. */
export interface ConditionalItem {
  readonly condition?: string;
  readonly value: unknown;
}

/**
 * Which items of a list a builder returns under which options. Builds the list for every combination of the
 * options; each distinct item must be present exactly for the combinations where some options are on and
 * some off (a conjunction), and the items must come in one order in every combination.
 */
export function compileVariants(options: readonly VariantOption[], build: (flags: Readonly<Record<string, boolean>>) => readonly unknown[]): ConditionalItem[] {
  const combinations = Array.from({ length: 2 ** options.length }, (_, n) => Object.fromEntries(options.map((o, i) => [o.name, ((n >> i) & 1) === 1])));
  const lists = combinations.map((flags) => build(flags).map((item) => JSON.stringify(item)));
  // One global order: items sorted so that every combination's list is a subsequence of it.
  const order: string[] = [];
  for (const items of [...lists].reverse()) {
    let at = 0;
    for (const item of items) {
      const existing = order.indexOf(item);
      if (existing >= 0) {
        if (existing < at) throw new Error("compileVariants: the items come in different orders under different options");
        at = existing + 1;
      } else {
        order.splice(at, 0, item);
        at += 1;
      }
    }
  }
  const result = order.map((item) => {
    const present = combinations.filter((_, i) => lists[i].includes(item));
    const literals = options.flatMap((o) => {
      if (present.every((flags) => flags[o.name])) return [o.on];
      if (present.every((flags) => !flags[o.name])) return [o.off];
      return [];
    });
    const implied = combinations.filter(
      (flags) => options.every((o) => !literals.includes(o.on) || flags[o.name]) && options.every((o) => !literals.includes(o.off) || !flags[o.name]),
    );
    if (implied.length !== present.length) throw new Error(`compileVariants: ${item} is present under options that are not one conjunction`);
    return { condition: literals.length > 0 ? literals.join(" && ") : undefined, value: JSON.parse(item) as unknown };
  });
  // Each combination's list must be the global order filtered by presence.
  combinations.forEach((flags, i) => {
    const expected = order.filter((item) => lists[i].includes(item));
    if (JSON.stringify(expected) !== JSON.stringify(lists[i])) throw new Error(`compileVariants: inconsistent order for ${JSON.stringify(flags)}`);
  });
  return result;
}

/**
 * A list of conditional items as one HCL expression: a plain tuple when every item is unconditional, else
 * `concat([always, ...], cond ? [item] : [], ...)`.
 */
export function conditionalList(items: readonly ConditionalItem[], refs: References, substitutions: readonly Substitution[] = []): Expr {
  if (items.every((i) => i.condition === undefined))
    return list(
      items.map((i) => toHcl(i.value, refs, substitutions)),
      { multiline: true },
    );
  // Consecutive unconditional items share one tuple. Each conditional item gets a list of its own: Terraform
  // unifies `cond ? [item] : []` into a list, but not a tuple of differently shaped objects with `[]`.
  const groups: { condition?: string; items: Expr[] }[] = [];
  for (const item of items) {
    const last = groups[groups.length - 1];
    const value = toHcl(item.value, refs, substitutions);
    if (last !== undefined && item.condition === undefined && last.condition === undefined) last.items.push(value);
    else groups.push({ condition: item.condition, items: [value] });
  }
  const args = groups.map((g) =>
    g.condition === undefined ? list(g.items, { multiline: true }) : tmpl(`${g.condition} ? `, list(g.items, { multiline: true }), " : []"),
  );
  return { kind: "call", fn: "concat", args };
}

export function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, canonical(v)]));
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function getAt(value: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], value);
}

function setAt(value: unknown, path: readonly (string | number)[], next: unknown): void {
  const parent = getAt(value, path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path[path.length - 1]] = next;
}

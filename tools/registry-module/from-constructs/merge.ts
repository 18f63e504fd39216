/**
 * Merges the syntheses of several option sets into one module tree, and evaluates that tree for an option set
 * (so a test can compare it with synthesizing the constructs with those options).
 *
 * - The base synthesis has every switch on. An element missing when a switch is off gets that switch in its
 *   condition (`count`); an element only there when it is off gets the negation.
 * - Bodies merge field by field: object keys by name, list items paired by equality or by their `Sid`/`name`,
 *   differing scalars as `switch ? base : other`; a key or item missing under a switch is conditional.
 * - A collection (definition.ts) is synthesized with its sample item and with none: an element missing without
 *   the sample becomes `for_each` over the variable (the sample's text becomes `each.value`); a list item holding
 *   the sample elsewhere becomes a `for` expression over the variable.
 * - A map collection (agent_endpoints): the elements whose construct path holds the sample item's name, also those
 *   only a switch's synthesis has, become `for_each` over the map; the item's settings already read ITEM.
 */
import { Collection, COLLECTIONS, LIST_PARAMETERS, Options, PARAMETERS, StandIns, SWITCHES, switchOn } from "./definition";
import { addressOf, Element, Synthesis } from "./synth";
import { ABSENT, Condition, Entry, equal, Item, lit, Literal, mapTree, Node, parseTemplateText, ref, replaceText, templateNode } from "./tree";

export interface MergedElement extends Element {
  /** The element exists only when this holds (`count`). */
  readonly when: Condition;
  /** `for_each` over this collection's variable. */
  readonly forEach?: Collection;
  /** When the syntheses have it (the context data sources are in the module always). */
  readonly evaluationWhen: Condition;
  /** Name in the syntheses (with the sample's part), for evaluation. */
  readonly synthesizedName: string;
  /** One per entry of the map collection's nested list too (the EKS add-on per cluster): `each.value` is the entry. */
  readonly nested?: boolean;
}

/** A list item that is one item per element of a collection: its `item` reference is the element. */
export const SPREAD = "__spread__";
export const SPREAD_ITEM = "item";

interface Alternative {
  readonly when: Literal;
  readonly node: Node;
}

export function mergeSyntheses(
  base: Synthesis,
  switchOff: readonly { readonly variable: string; readonly synthesis: Synthesis }[],
  collectionEmpty: readonly { readonly collection: Collection; readonly synthesis: Synthesis }[],
): MergedElement[] {
  const merged: MergedElement[] = [];
  const collectionOf = new Map<string, Collection>();
  for (const { collection, synthesis } of collectionEmpty) {
    const sanitized = sanitize(collection.sample);
    // A map collection's elements are those whose construct path holds the sample's name, also the ones only a
    // switch's synthesis has (the VPC lookup without allowed CIDRs).
    const addresses =
      collection.map !== undefined ? [...base.elements.keys(), ...switchOff.flatMap((x) => [...x.synthesis.elements.keys()])] : base.elements.keys();
    for (const address of addresses) {
      const own = collection.secondSample !== undefined || collection.map !== undefined ? address.includes(sanitized) : !synthesis.elements.has(address);
      if (own) collectionOf.set(address, collection);
    }
  }
  const spreadAll = (n: Node, except?: Collection) =>
    collectionEmpty.reduce((x, c) => (c.collection === except || c.collection.map !== undefined ? x : spreadItems(x, c.collection)), n);
  for (const [address, element] of base.elements) {
    const when: Literal[] = [];
    const alternatives: Alternative[] = [];
    const forEach = collectionOf.get(address);
    for (const { variable, synthesis } of switchOff) {
      const other = synthesis.elements.get(address);
      if (other === undefined) when.push({ switch: variable, on: true });
      else alternatives.push({ when: { switch: variable, on: true }, node: spreadAll(other.body, forEach) });
    }
    for (const { collection, synthesis } of collectionEmpty) {
      if (collection === forEach) continue;
      const other = synthesis.elements.get(address);
      if (collection.secondSample !== undefined) {
        // Two items instead of one: the spread list items must give what the synthesis has.
        const samples = (variable: string) => {
          const c = collectionEmpty.find((x) => x.collection.variable === variable)?.collection;
          return c === undefined ? undefined : [c.sample];
        };
        const twoItems = (variable: string) => (variable === collection.variable ? [collection.sample, collection.secondSample!] : samples(variable));
        const expected = other === undefined ? undefined : evaluateNode(spreadAll(other.body, forEach), () => true, samples);
        const got = evaluateNode(spreadAll(element.body, forEach), () => true, twoItems);
        if (expected === undefined || !equal(normalize(got), normalize(expected))) {
          throw new Error(`registry module: ${address} with two ${collection.variable} is not its list items repeated`);
        }
        continue;
      }
      const literal = { switch: nonEmpty(collection), on: true };
      if (other === undefined) when.push(literal);
      else alternatives.push({ when: literal, node: spreadAll(other.body, forEach) });
    }
    const body = mergeNode(spreadAll(element.body, forEach), alternatives);
    // The context data sources (region, partition, account) are read always: the locals read them.
    const unconditional = element.kind === "data" && element.body.t === "obj" && element.body.entries.length === 0;
    const simple = simplify(when);
    merged.push({
      ...element,
      ...ownCollection(element, body, forEach),
      when: unconditional ? [] : simple,
      evaluationWhen: simple,
      synthesizedName: element.name,
    });
  }
  // Elements that exist only with a switch off (an adopted detector's lookup).
  for (const { variable, synthesis } of switchOff) {
    for (const [address, element] of synthesis.elements) {
      if (base.elements.has(address) || merged.some((m) => m.synthesizedName === element.name && m.kind === element.kind && m.type === element.type)) continue;
      // A required switch off turns this one off too: where its synthesis has the element as well, it needs no literal.
      const alsoWithout = (r: string) => switchOff.some((x) => x.variable === r && x.synthesis.elements.has(address));
      const when = onlyWhenOff({ switch: variable, on: true }, alsoWithout);
      merged.push({
        ...element,
        ...ownCollection(element, element.body, collectionOf.get(address)),
        when,
        evaluationWhen: when,
        synthesizedName: element.name,
      });
    }
  }
  return renameReferences(merged);
}

const sanitize = (sample: string) => sample.replace(/[^A-Za-z0-9]/g, "_").toLowerCase();

/**
 * An element of a collection: its name without the sample's part, the sample's text as `each.value`. A map
 * collection's item is read through ITEM (definition.ts), and its name appears nowhere but in the element's name and
 * group; the entry of its nested list (the EKS add-on's cluster) is `each.value`.
 */
function ownCollection(element: Element, body: Node, forEach: Collection | undefined): Pick<MergedElement, "name" | "body" | "group" | "forEach" | "nested"> {
  if (forEach === undefined) return { name: element.name, body, group: element.group };
  const strip = (name: string, sample: string) => name.replace(new RegExp(`_?${sanitize(sample)}(_[0-9a-f]{8})?`), "");
  const asEachValue = (n: Node, sample: string) =>
    replaceText(n, (text) => text.split(sample).flatMap((piece, i) => (i === 0 ? [piece] : [ref("each.value"), piece])));
  const name = strip(element.name, forEach.sample);
  if (forEach.map === undefined) return { name, body: asEachValue(body, forEach.sample), group: element.group, forEach };
  if (contains(body, forEach.sample)) throw new Error(`registry module: ${element.name} holds ${forEach.variable}'s sample name outside its name`);
  const group = element.group.replace(new RegExp(`[-_]?${forEach.sample}`), "");
  const nested = forEach.map.nested;
  if (nested === undefined || !name.includes(sanitize(nested.sample))) return { name, body, group, forEach };
  return { name: strip(name, nested.sample), body: asEachValue(body, nested.sample), group, forEach, nested: true };
}

/** Drops a group literal (`any:a,b` on) that a member's own literal (`a` on) implies. */
function simplify(when: readonly Literal[]): Literal[] {
  return when.filter(
    (l) =>
      !(
        l.on &&
        l.switch.startsWith("any:") &&
        l.switch
          .slice(4)
          .split(",")
          .some((m) => when.some((o) => o.on && o.switch === m))
      ),
  );
}

/** References to an element renamed for its collection follow it. */
function renameReferences(elements: MergedElement[]): MergedElement[] {
  const renamed = elements.filter((e) => e.name !== e.synthesizedName);
  if (renamed.length === 0) return elements;
  const rename = (n: Node) =>
    mapTree(n, (x) => {
      if (x.t !== "ref") return x;
      for (const e of renamed) {
        const from = addressOf({ ...e, name: e.synthesizedName });
        if (x.text === from || x.text.startsWith(`${from}.`)) return ref(addressOf(e) + x.text.slice(from.length));
      }
      return x;
    });
  return elements.map((e) => ({ ...e, body: rename(e.body) }));
}

/** The switch literal "the collection has items" (`length(var.x) > 0`). */
export const nonEmpty = (c: Collection) => `#${c.variable}`;

/** List items that hold the collection's sample become one spread item over the collection. */
function spreadItems(body: Node, collection: Collection): Node {
  // The sample, and texts the constructs derive from it (a cluster's tasks), as Terraform expressions of the item.
  const forms = [
    { text: collection.sample, parts: [ref(SPREAD_ITEM)] as (string | Node)[] },
    ...(collection.derived ?? []).map((d) => {
      const node = parseTemplateText(d.template);
      return { text: d.of(collection.sample), parts: node.t === "tpl" ? [...node.parts] : [node] };
    }),
  ];
  const holds = (n: Node) => forms.some((f) => contains(n, f.text));
  if (!holds(body)) return body;
  const split = (text: string, i = 0): (string | Node)[] =>
    i >= forms.length ? [text] : text.split(forms[i].text).flatMap((piece, k) => [...(k === 0 ? [] : forms[i].parts), ...split(piece, i + 1)]);
  const spread = mapTree(body, (x) => {
    if (x.t !== "tuple") return x;
    return {
      ...x,
      items: x.items.map((item): Item => {
        if (!holds(item.node)) return item;
        const node = replaceText(item.node, (text) => split(text));
        return { ...item, node: { t: "call", fn: SPREAD, args: [ref(`var.${collection.variable}`), node] } };
      }),
    };
  });
  if (holds(spread)) throw new Error(`registry module: ${collection.variable}'s sample is used outside a list item`);
  return spread;
}

function contains(n: Node, text: string): boolean {
  let found = false;
  mapTree(n, (x) => {
    if ((x.t === "lit" && typeof x.v === "string" && x.v.includes(text)) || (x.t === "tpl" && x.parts.some((p) => typeof p === "string" && p.includes(text)))) {
      found = true;
    }
    return x;
  });
  return found;
}

function identity(n: Node): string | undefined {
  if (n.t !== "obj") return undefined;
  for (const key of ["Sid", "sid", "name", "Name"]) {
    const e = n.entries.find((x) => x.key === key);
    if (e !== undefined && e.node.t === "lit") return `${key}=${String(e.node.v)}`;
  }
  return undefined;
}

/** The base value merged with its values under switches off. */
export function mergeNode(base: Node, alternatives: readonly Alternative[]): Node {
  const differing = alternatives.filter((a) => !equal(a.node, base));
  if (differing.length === 0) return base;
  if (base.t === "obj" && differing.every((a) => a.node.t === "obj")) {
    const keys: string[] = base.entries.map((e) => e.key);
    for (const a of differing) for (const e of (a.node as Extract<Node, { t: "obj" }>).entries) if (!keys.includes(e.key)) keys.push(e.key);
    const entries: Entry[] = keys.map((key) => {
      const valueIn = (n: Node) => (n as Extract<Node, { t: "obj" }>).entries.find((e) => e.key === key)?.node ?? ABSENT;
      const { node, when } = mergeMember(
        valueIn(base),
        differing.map((a) => ({ when: a.when, node: valueIn(a.node) })),
      );
      const keyNode = [base, ...differing.map((a) => a.node)].flatMap((n) => (n as Extract<Node, { t: "obj" }>).entries).find((e) => e.key === key)?.keyNode;
      return { key, node, ...(keyNode !== undefined ? { keyNode } : {}), ...(when.length > 0 ? { when } : {}) };
    });
    return { t: "obj", entries };
  }
  if (base.t === "tuple" && differing.every((a) => a.node.t === "tuple")) {
    const rows: { base: Node; others: Map<number, Node> }[] = base.items.map((i) => ({ base: i.node, others: new Map() }));
    differing.forEach((a, k) => {
      let last = -1;
      for (const item of (a.node as Extract<Node, { t: "tuple" }>).items) {
        // An item equal to the base's, or to one only another switch's synthesis had (matched there already).
        const same = (r: (typeof rows)[number]) =>
          equal(r.base, item.node) || (r.base.t === "absent" && [...r.others.values()].some((o) => equal(o, item.node)));
        let at = rows.findIndex((r, i) => i > last && !r.others.has(k) && same(r));
        if (at < 0) at = rows.findIndex((r) => !r.others.has(k) && identity(r.base) !== undefined && identity(r.base) === identity(item.node));
        if (at < 0) {
          at = last + 1;
          rows.splice(at, 0, { base: ABSENT, others: new Map() });
        }
        rows[at].others.set(k, item.node);
        last = Math.max(last, at);
      }
    });
    const items: Item[] = rows.map((r) => {
      const { node, when } = mergeMember(
        r.base,
        differing.map((a, k) => ({ when: a.when, node: r.others.get(k) ?? ABSENT })),
      );
      return { node, ...(when.length > 0 ? { when } : {}) };
    });
    return { t: "tuple", items };
  }
  if (base.t === "call" && differing.every((a) => a.node.t === "call" && a.node.fn === base.fn && a.node.args.length === base.args.length)) {
    return {
      ...base,
      args: base.args.map((arg, i) =>
        mergeNode(
          arg,
          differing.map((a) => ({ when: a.when, node: (a.node as Extract<Node, { t: "call" }>).args[i] })),
        ),
      ),
    };
  }
  for (const a of differing)
    if (base.t === "ref" && a.node.t === "ref" && a.node.text.startsWith("var.")) swapsSeen.push({ when: a.when, from: base.text, to: a.node.text });
  return differing.reduce<Node>((result, a) => {
    // A group's synthesis also shows what its members' own syntheses explain already: only the rest is the group's.
    if (a.when.switch.startsWith("any:")) {
      const members = a.when.switch.slice(4).split(",");
      const on = (s: string): boolean => (s.startsWith("any:") ? s.slice(4).split(",").some(on) : !members.includes(s));
      if (
        equal(
          evaluateNode(result, on, () => undefined),
          a.node,
        )
      )
        return result;
    }
    return { t: "cond", when: a.when, a: result, b: a.node };
  }, base);
}

/** A created resource's attribute that a switch swaps for a variable (the topic's ARN for existing_topic_arn). */
export interface Swap {
  readonly when: Literal;
  readonly from: string;
  readonly to: string;
}
const swapsSeen: Swap[] = [];

/** Merges, and reports the swaps it saw (generate.ts turns them into locals and merges again). */
export function findSwaps(run: () => void): Swap[] {
  swapsSeen.length = 0;
  run();
  const unique = new Map(swapsSeen.map((s) => [`${s.when.switch} ${s.from} ${s.to}`, s]));
  swapsSeen.length = 0;
  // A group's synthesis shows its members' swaps too (create_detector's detector id, with a detector feature's group).
  const members = (s: Swap) => (s.when.switch.startsWith("any:") ? s.when.switch.slice(4).split(",") : []);
  return [...unique.values()].filter((s) => ![...unique.values()].some((o) => o.from === s.from && o.to === s.to && members(s).includes(o.when.switch)));
}

/**
 * An object key or list item: missing under some switches off (its condition), merged over the others. One that
 * only a switch off has exists when that switch is off.
 */
function mergeMember(base: Node, alternatives: readonly Alternative[]): { node: Node; when: Literal[] } {
  const present = alternatives.filter((a) => a.node.t !== "absent");
  if (base.t !== "absent") {
    return { node: mergeNode(base, present), when: alternatives.filter((a) => a.node.t === "absent").map((a) => a.when) };
  }
  if (present.length === 0) throw new Error("registry module: a member missing everywhere");
  // A group with that switch off too, and without the member, says what else it needs: the rails' chain points at
  // the cap only with the gate off and a cap there.
  const [first] = present;
  const groups = alternatives.filter(
    (a) => a.node.t === "absent" && a.when.switch.startsWith("any:") && a.when.switch.slice(4).split(",").includes(first.when.switch),
  );
  // Other syntheses that have it tell how it varies (the "act" notice's next state, without a cap).
  return { node: mergeNode(first.node, present.slice(1)), when: [...onlyWhenOff(first.when), ...groups.map((g) => g.when)] };
}

/**
 * Where a member only a switch's synthesis has exists: with that switch off and the switches it requires on, as in
 * that synthesis. The gate's "act" states need the gate: without it, on_timeout is not "hold" either. A required
 * switch whose own synthesis has the element too (`alsoWithout`) is no literal: the lookup of a detector is there
 * also with the organization configuration, which turns the detector's switch off.
 */
function onlyWhenOff(l: Literal, alsoWithout: (required: string) => boolean = () => false): Literal[] {
  const requires = SWITCHES.find((s) => s.variable === l.switch)?.requires ?? [];
  return [{ ...l, on: !l.on }, ...requires.filter((r) => !alsoWithout(r)).map((r) => ({ switch: r, on: true }))];
}

// ---------------------------------------------------------------------------------------------------------------
// Evaluation: the module tree for one option set, in the syntheses' terms.

const holds = (c: Condition | undefined, on: (s: string) => boolean) => (c ?? []).every((l) => on(l.switch) === l.on);

/** Resolves switch conditions and spreads (`items` gives a collection's items; undefined: not a collection). */
export function evaluateNode(n: Node, on: (s: string) => boolean, items: (variable: string) => readonly string[] | undefined): Node {
  return mapTree(n, (x) => {
    if (x.t === "cond") return on(x.when.switch) === x.when.on ? x.a : x.b;
    if (x.t === "obj")
      return {
        t: "obj",
        entries: x.entries
          .filter((e) => holds(e.when, on))
          .map((e) => ({ key: e.key, node: e.node, ...(e.keyNode !== undefined ? { keyNode: e.keyNode } : {}) })),
      };
    if (x.t === "tuple") {
      return {
        t: "tuple",
        items: x.items
          .filter((i) => holds(i.when, on))
          .flatMap((i): Item[] => {
            const node = i.node;
            if (node.t !== "call" || node.fn !== SPREAD) return [{ node }];
            const variable = (node.args[0] as { text: string }).text.slice("var.".length);
            return (items(variable) ?? []).map((item) => ({ node: replaceRef(node.args[1], SPREAD_ITEM, item) }));
          }),
      };
    }
    return x;
  });
}

function replaceRef(n: Node, name: string, text: string): Node {
  return mapTree(n, (x) => {
    if (x.t === "ref" && x.text === name) return { t: "lit", v: text };
    // A derived text (collection.derived): Terraform's replace() of a substring not between slashes.
    if (x.t === "call" && x.fn === "replace" && x.args.every((a) => a.t === "lit" && typeof a.v === "string")) {
      const [s, from, to] = x.args.map((a) => (a as { v: string }).v);
      if (!(from.startsWith("/") && from.endsWith("/"))) return { t: "lit", v: s.split(from).join(to) };
    }
    // Inside a template the value is text again: `cluster/${item}` becomes `cluster/samplecluster`.
    if (x.t === "tpl") return templateNode(x.parts.map((p) => (typeof p !== "string" && p.t === "lit" && typeof p.v === "string" ? p.v : p)));
    return x;
  });
}

/** Folds literal-only templates back to text, so an evaluated tree compares with a synthesized one. */
function normalize(n: Node): Node {
  return mapTree(n, (x) => {
    if (x.t === "tpl" && x.parts.every((p) => typeof p === "string" || (p.t === "lit" && typeof p.v === "string"))) {
      return { t: "lit", v: x.parts.map((p) => (typeof p === "string" ? p : String((p as { v: string }).v))).join("") };
    }
    return x;
  });
}

/**
 * The elements the module creates for an option set, named and valued as a synthesis of that option set (a
 * collection's element with the sample as its only item; other items are not compared).
 */
export function evaluateModule(elements: readonly MergedElement[], options: Options): Map<string, Node> {
  const on = (s: string): boolean =>
    s.startsWith("any:") ? s.slice(4).split(",").some(on) : s.startsWith("#") ? (options.collections[s.slice(1)] ?? []).length > 0 : switchOn(options, s);
  const items = (variable: string) => options.collections[variable];
  const out = new Map<string, Node>();
  for (const e of elements) {
    if (!holds(e.evaluationWhen, on)) continue;
    let body = evaluateNode(e.body, on, items);
    if (e.forEach !== undefined) {
      const list = options.collections[e.forEach.variable] ?? [];
      if (!list.includes(e.forEach.sample)) continue;
      // A map collection's item stays ITEM, as in the syntheses; `each.value` is its nested list's entry.
      if (e.forEach.map === undefined) body = replaceRef(body, "each.value", e.forEach.sample);
      else if (e.nested === true) body = replaceRef(body, "each.value", e.forEach.map.nested!.sample);
    }
    const names = new Map(elements.filter((x) => x.name !== x.synthesizedName).map((x) => [addressOf(x), addressOf({ ...x, name: x.synthesizedName })]));
    body = mapTree(body, (x) => {
      if (x.t !== "ref") return x;
      for (const [from, to] of names) if (x.text === from || x.text.startsWith(`${from}.`)) return ref(to + x.text.slice(from.length));
      return x;
    });
    out.set(addressOf({ ...e, name: e.synthesizedName }), normalize(body));
  }
  return out;
}

/**
 * An evaluated module value with each parameter's expression replaced by its value, computed as Terraform would
 * (`tostring()` of a number, a number plus a number, templates of text only), and expression keys become text
 * keys: when two are equal, the later one's value wins, as the `merge()` render.ts writes for them. Equal to the
 * constructs synthesized with those values (synthesize without substitution), when the module is right.
 */
export function bindParameters(n: Node, value: StandIns, listValue?: (variable: string) => readonly string[]): Node {
  // Parsed in text, a reference of the whole text for numbers (synth.ts standInSubstitution).
  const expressions = PARAMETERS.flatMap((p) =>
    [parseTemplateText(`\${${p.expression}}`), ref(p.expression)].map((node) => ({ node, value: expressionValue(p, value(p.variable)) })),
  );
  // A list parameter (a map collection item's whole list) is its list of text items.
  const lists =
    listValue === undefined
      ? []
      : LIST_PARAMETERS.map((p) => ({ node: ref(p.expression), value: { t: "tuple" as const, items: listValue(p.variable).map((v) => ({ node: lit(v) })) } }));
  // Compared by a cheap signature first: comparing every node of a tree with every expression took seconds.
  const signature = (x: Node) => (x.t === "ref" ? `ref ${x.text}` : x.t === "call" ? `call ${x.fn}` : x.t);
  const candidates = new Map<string, { node: Node; value: Node }[]>();
  for (const c of [...expressions.map((e) => ({ node: e.node, value: lit(e.value) })), ...lists.map((l) => ({ node: l.node, value: l.value as Node }))]) {
    candidates.set(signature(c.node), [...(candidates.get(signature(c.node)) ?? []), c]);
  }
  const bind = (x: Node): Node => {
    const found = candidates.get(signature(x))?.find((c) => equal(c.node, x));
    if (found !== undefined) return found.value;
    return fold(shallowMap(x, bind));
  };
  return bind(n);
}

/**
 * The value of a parameter's expression: the value itself, or for a template the part the expression fills
 * (`arn:${partition}:` with `arn:aws-us-gov:` gives `aws-us-gov`).
 */
function expressionValue(p: (typeof PARAMETERS)[number], value: string | number): string | number {
  if (p.template === undefined || typeof value !== "string") return value;
  const [before, after] = p.template.split(`\${${p.expression}}`);
  if (after === undefined || !value.startsWith(before) || !value.endsWith(after)) {
    throw new Error(`registry module: ${p.variable}'s value ${JSON.stringify(value)} does not fit its template ${p.template}`);
  }
  return value.slice(before.length, value.length - after.length);
}

/** `f` applied to each direct child of a node (and to an expression key). */
function shallowMap(n: Node, f: (x: Node) => Node): Node {
  switch (n.t) {
    case "tpl":
      return { ...n, parts: n.parts.map((p) => (typeof p === "string" ? p : f(p))) };
    case "call":
      return { ...n, args: n.args.map(f) };
    case "tuple":
      return { ...n, items: n.items.map((i) => ({ ...i, node: f(i.node) })) };
    case "obj":
      return { ...n, entries: n.entries.map((e) => ({ ...e, node: f(e.node), ...(e.keyNode !== undefined ? { keyNode: f(e.keyNode) } : {}) })) };
    case "unary":
      return { ...n, x: f(n.x) };
    case "bin":
      return { ...n, l: f(n.l), r: f(n.r) };
    case "tern":
      return { ...n, c: f(n.c), a: f(n.a), b: f(n.b) };
    case "cond":
      return { ...n, a: f(n.a), b: f(n.b) };
    default:
      return n;
  }
}

/** What Terraform computes from literals alone: the forms the stand-in substitution writes (synth.ts). */
function fold(n: Node): Node {
  const text = (x: Node | string) => (typeof x === "string" ? x : x.t === "lit" && x.v !== null ? String(x.v) : undefined);
  if (n.t === "call" && n.fn === "tostring" && n.args.length === 1 && n.args[0].t === "lit" && typeof n.args[0].v === "number") return lit(String(n.args[0].v));
  if (n.t === "bin" && n.op === "+" && n.l.t === "lit" && n.r.t === "lit" && typeof n.l.v === "number" && typeof n.r.v === "number") return lit(n.l.v + n.r.v);
  if (n.t === "tpl") return templateNode(n.parts.map((p) => (typeof p !== "string" && p.t === "lit" ? (text(p) ?? p) : p)));
  if (n.t === "obj" && n.entries.some((e) => e.keyNode !== undefined)) {
    const entries = new Map<string, Entry>();
    for (const e of n.entries) {
      const key = e.keyNode === undefined ? e.key : text(e.keyNode);
      if (key === undefined) return n;
      entries.delete(key);
      entries.set(key, { key, node: e.node, ...(e.when !== undefined ? { when: e.when } : {}) });
    }
    return { t: "obj", entries: [...entries.values()] };
  }
  return n;
}

/** Every switch's variable, in definition order. */
export const SWITCH_VARIABLES = SWITCHES.map((s) => s.variable);
export { COLLECTIONS };

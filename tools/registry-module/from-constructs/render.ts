/**
 * The merged module tree (generate.ts) as HCL blocks for hcl.ts: `count` from an element's condition,
 * `for_each` over its collection, nested blocks (dynamic where conditional), references to counted resources as
 * `one(x[*].attr)`, conditions as the switches' expressions (definition.ts).
 */
import { AGENT_ENDPOINT_SERVICES } from "../../../functions/guardduty/agent-endpoint-service";
import { REGION_WORD_CODES } from "../../../functions/naming/resource-names";
import { attr, Block, block, BodyItem, call, Expr, interp, list, literal, obj, raw, ref as hclRef, renderValue, tmpl } from "../hcl";
import { COLLECTIONS, CONSOLE_DOMAINS, ITEM, LIST_PARAMETERS, PARTITION, SWITCHES } from "./definition";
import { MergedElement, SPREAD, SPREAD_ITEM } from "./merge";
import { ModuleTree, swapLocal } from "./generate";
import { addressOf } from "./synth";
import { Condition, exprText, groupItems, mapTree, Node, parseTemplateText, sameCondition } from "./tree";

/** local.region_code: regionCode() of functions/naming in Terraform, from the same word codes. */
export const REGION_CODE_EXPRESSION = `join("", [for word in split("-", local.region) : lookup({ ${Object.entries(REGION_WORD_CODES)
  .map(([word, code]) => `${word} = "${code}"`)
  .join(", ")} }, word, word)])`;

const SWITCH_ON = new Map(SWITCHES.map((s) => [s.variable, s.on]));

/**
 * What a map collection's item (ITEM in definition.ts) is where HCL is being written: `each.value` in an element's
 * body, `each.value.item` in one per entry of a nested list too, `v` in the `for` of a for_each.
 */
let itemReference = "each.value";

function withItem<T>(reference: string, f: () => T): T {
  const saved = itemReference;
  itemReference = reference;
  try {
    return f();
  } finally {
    itemReference = saved;
  }
}

function switchHcl(name: string): string | undefined {
  if (name.startsWith("any:")) return `(${name.slice(4).split(",").map(switchHcl).join(" || ")})`;
  if (name.startsWith("#")) return `length(var.${name.slice(1)}) > 0`;
  return SWITCH_ON.get(name)?.split(ITEM).join(itemReference);
}

/** HCL of a condition: the switches' expressions, negated where off, joined with &&. */
export function conditionHcl(c: Condition): string {
  return c
    .map((l) => {
      const on = switchHcl(l.switch);
      if (on === undefined) throw new Error(`render: no switch ${l.switch}`);
      if (l.on) return c.length > 1 && on.includes(" ") ? `(${on})` : on;
      return on.includes(" ") ? `!(${on})` : `!${on}`;
    })
    .join(" && ");
}

const text = (n: Node) => exprText(n, conditionHcl);

/** One-line if it fits, else undefined. */
const isInline = (e: Expr) => !renderValue(e, 0, 0).includes("\n");

/** A tree value as an hcl.ts expression. */
export function toExpr(n: Node): Expr {
  switch (n.t) {
    case "lit":
      return literal(n.v);
    case "tpl": {
      const parts = n.parts.map((p) => (typeof p === "string" ? p : text(p)));
      if (n.parts.every((p, i) => typeof p === "string" || !(parts[i] as string).includes('"'))) {
        return interp(...n.parts.map((p, i) => (typeof p === "string" ? p : hclRef(parts[i]))));
      }
      return raw(text(n));
    }
    case "ref":
      return raw(n.text);
    case "call":
      if (n.fn === SPREAD) throw new Error("render: a spread outside a list");
      return call(n.fn, ...n.args.map(toExpr));
    case "tuple": {
      const conditional = n.items.some((i) => (i.when ?? []).length > 0 || (i.node.t === "call" && i.node.fn === SPREAD));
      if (!conditional) return list(n.items.map((i) => toExpr(i.node)));
      const pieces: Expr[] = [];
      for (const g of groupItems(n.items)) {
        const fixed: Node[] = [];
        const flush = () => {
          if (fixed.length === 0) return;
          const l = list(fixed.map(toExpr));
          pieces.push(g.when.length === 0 ? l : onlyIf(l, g.when, "list"));
          fixed.length = 0;
        };
        for (const node of g.nodes) {
          if (node.t === "call" && node.fn === SPREAD) {
            flush();
            const over = text(node.args[0]);
            const items = COLLECTIONS.find((c) => `var.${c.variable}` === over)?.items ?? over;
            const spread = raw(`[for ${SPREAD_ITEM} in ${items} : ${text(node.args[1])}]`);
            pieces.push(g.when.length === 0 ? spread : onlyIf(spread, g.when, "list"));
          } else fixed.push(node);
        }
        flush();
      }
      return pieces.length === 1 && n.items.every((i) => (i.when ?? []).length === 0) ? pieces[0] : call("concat", ...pieces);
    }
    case "obj": {
      const fixed = n.entries.filter((e) => (e.when ?? []).length === 0);
      const optional = n.entries.filter((e) => (e.when ?? []).length > 0);
      const o = (entries: typeof n.entries): Expr => {
        const literalKeys = obj(entries.filter((e) => e.keyNode === undefined).map((e) => [e.key, toExpr(e.node)] as const));
        const dynamic = entries.filter((e) => e.keyNode !== undefined);
        if (dynamic.length === 0) return literalKeys;
        // Two expression keys may be equal (the default exemption and isolation labels share a key). An object
        // constructor with duplicate keys is not documented; merge() is: "If more than one given map or object
        // defines the same key or attribute, then the one that is later in the argument sequence takes precedence"
        // (developer.hashicorp.com/terraform/language/functions/merge), as in the constructs' object literals.
        const single = dynamic.map((e) => obj([[{ expression: toExpr(e.keyNode!) }, toExpr(e.node)]]));
        if (single.length === 1 && dynamic.length === entries.length) return single[0];
        return call("merge", ...(dynamic.length < entries.length ? [literalKeys] : []), ...single);
      };
      if (optional.length === 0) return o(fixed);
      // Entries under one condition go together: `merge({...}, cond ? {...} : {})`; two complementary groups and
      // nothing else are `cond ? {...} : {...}`.
      const groups: { when: Condition; entries: (typeof n.entries)[number][] }[] = [];
      for (const e of optional) {
        const g = groups.find((x) => sameCondition(x.when, e.when!));
        if (g !== undefined) g.entries.push(e);
        else groups.push({ when: e.when!, entries: [e] });
      }
      if (fixed.length === 0 && groups.length === 2 && groups[0].when.length === 1 && groups[1].when.length === 1) {
        const [x, y] = [groups[0].when[0], groups[1].when[0]];
        if (x.switch === y.switch && x.on !== y.on) {
          const [on, off] = x.on ? [groups[0], groups[1]] : [groups[1], groups[0]];
          const [a, b] = [o(on.entries), o(off.entries)];
          if (isInline(a) || isInline(b)) return pick(on.entries[0].when![0], a, b);
        }
      }
      return call("merge", ...(fixed.length > 0 ? [o(fixed)] : []), ...groups.map((g) => onlyIf(o(g.entries), g.when, "object")));
    }
    case "cond":
      // A boolean chosen by a switch is the switch's expression (an endpoint's private_dns_enabled).
      if (n.a.t === "lit" && n.b.t === "lit" && typeof n.a.v === "boolean" && n.b.v === !n.a.v) {
        return raw(conditionHcl([{ ...n.when, on: n.when.on === n.a.v }]));
      }
      return pick(n.when, toExpr(n.a), toExpr(n.b), sameType(n.a, n.b));
    case "unary":
    case "bin":
    case "tern":
      return raw(text(n));
    case "absent":
      throw new Error("render: an absent value");
  }
}

// A sum is a number (the stand-in substitution writes `expression + n` only for numbers).
const primitive = (n: Node) => n.t === "lit" || n.t === "tpl" || n.t === "ref" || n.t === "bin";
/** A list parameter (an endpoint's allowed CIDRs) or a splat: a list of strings. */
const listValued = (n: Node) =>
  n.t === "ref" && (n.text.includes("[*]") || LIST_PARAMETERS.some((p) => n.text === p.expression.split(ITEM).join(itemReference)));
/**
 * Both sides have one type for `? :`: two lists (a `? :` evaluates only the side chosen, where a tuple would fail
 * on the VPC lookup an item does not have), or two values neither of which is a list (a list of accounts or the
 * deploying account's id are picked from a tuple).
 */
const sameType = (a: Node, b: Node) => (listValued(a) && listValued(b)) || (primitive(a) && primitive(b) && !listValued(a) && !listValued(b));

/**
 * `a` when the switch literal holds, else `b`. Terraform's `? :` needs both sides of one type, which two
 * different objects (a seed and a guarded state) are not: those pick from a tuple, `[a, b][cond ? 0 : 1]`.
 */
function pick(when: Condition[number], a: Expr, b: Expr, sameType = false): Expr {
  const [x, y] = when.on ? [a, b] : [b, a];
  const c = conditionHcl([{ ...when, on: true }]);
  if (sameType && (isInline(x) || isInline(y))) return tmpl(`${c} ? `, x, " : ", y);
  return tmpl(list([x, y], { multiline: !(isInline(x) && isInline(y)) }), `[${c} ? 0 : 1]`);
}

/** The entries or items only when the condition holds: a `for` with `if`, whose result has the items' own types. */
function onlyIf(e: Expr, when: Condition, kind: "list" | "object"): Expr {
  const c = ifClause(conditionHcl(when));
  return kind === "list" ? tmpl("[for x in ", e, ` : x ${c}]`) : tmpl("{ for k, v in ", e, ` : k => v ${c} }`);
}

/** A `for` expression's `if` clause as `terraform fmt` writes it: `if(a) && (b)`, no space before a parenthesis. */
export const ifClause = (condition: string): string => (condition.startsWith("(") ? `if${condition}` : `if ${condition}`);

/** References to counted elements as `one(x[*].attr)`, to the element's own collection as `x[each.key]`. */
export function resolveReferences(tree: ModuleTree): MergedElement[] {
  const byAddress = new Map(tree.elements.map((e) => [addressOf(e), e]));
  const target = (refText: string) => {
    const parts = refText.split(".");
    const address = parts.slice(0, parts[0] === "data" ? 3 : 2).join(".");
    return { element: byAddress.get(address), address, rest: refText.slice(address.length) };
  };
  return tree.elements.map((e) => {
    const body = mapTree(e.body, (x) => {
      if (x.t !== "ref") return x;
      const { element, address, rest } = target(x.text);
      if (element === undefined) return x;
      if (e.kind !== "output" && isDependsOn(e, x.text)) return x;
      if (element.forEach !== undefined) {
        if (element.forEach === e.forEach) return { t: "ref", text: `${address}[each.key]${rest}` };
        throw new Error(`render: ${addressOf(e)} refers to ${address}, one per ${element.forEach.variable}`);
      }
      if (element.when.length === 0) return x;
      return rest === "" ? x : { t: "call", fn: "one", args: [{ t: "ref", text: `${address}[*]${rest}` }] };
    });
    return { ...e, body };
  });
}

function isDependsOn(e: MergedElement, refText: string): boolean {
  if (e.body.t !== "obj") return false;
  const d = e.body.entries.find((x) => x.key === "depends_on");
  return d !== undefined && d.node.t === "tuple" && d.node.items.some((i) => i.node.t === "ref" && i.node.text === refText);
}

/** Body items of an object of arguments at `path` (`aws_x` or `aws_x.block`), nested blocks as blocks. */
function bodyItems(n: Node, path: string, blocks: ReadonlySet<string>): BodyItem[] {
  if (n.t !== "obj") throw new Error(`render: ${path} is not an object`);
  const items: BodyItem[] = [];
  for (const e of n.entries) {
    const when = e.when ?? [];
    if (e.keyNode !== undefined) throw new Error(`render: ${path} has an argument named by an expression (${e.key})`);
    const isBlock = blocks.has(`${path}.${e.key}`) || blocks.has(`${path.split(".").slice(1).join(".")}${path.includes(".") ? "." : ""}${e.key}`);
    if (isBlock) {
      const nodes = e.node.t === "tuple" ? e.node.items : [{ node: e.node, when: [] as Condition }];
      for (const item of nodes) {
        const itemWhen = [...when, ...(item.when ?? [])];
        const inner = bodyItems(item.node, `${path}.${e.key}`, blocks);
        if (itemWhen.length === 0) items.push(block(e.key, [], inner));
        else items.push(block("dynamic", [e.key], [attr("for_each", raw(`${conditionHcl(itemWhen)} ? [1] : []`)), block("content", [], inner)]));
      }
    } else if (e.key === "ignore_changes" && path.endsWith(".lifecycle")) {
      // Attribute names, not strings: Terraform deprecates the quoted form CDKTF writes ("Quoted references").
      const names = e.node.t === "tuple" ? e.node.items.map((i) => i.node) : [e.node];
      const bare = names.map((x) => (x.t === "lit" && typeof x.v === "string" ? raw(x.v) : toExpr(x)));
      items.push(attr(e.key, e.node.t === "tuple" ? list(bare) : bare[0]));
    } else if (e.key === "depends_on" && e.node.t === "tuple") {
      items.push(attr(e.key, list(e.node.items.map((i) => raw(text(i.node))))));
    } else {
      const value = toExpr(e.node);
      items.push(attr(e.key, when.length === 0 ? value : tmpl(`${conditionHcl(when)} ? `, value, " : null")));
    }
  }
  return items;
}

/** Rewrites the text of every reference. */
const rewriteRefs = (n: Node, f: (text: string) => string) => mapTree(n, (x) => (x.t === "ref" ? { t: "ref", text: f(x.text) } : x));

/**
 * An element of a map collection: `for_each` over the map, filtered by its condition (which may read the item). One
 * that iterates too (an ingress rule per CIDR, the add-on per cluster) is one per item and entry: `for_each` over the
 * pairs, keyed `<key>/<entry>`, each with the item's key, the item and the entry.
 */
function mapElementBlock(e: MergedElement, blocks: ReadonlySet<string>): Block {
  const collection = e.forEach!;
  const variable = `var.${collection.variable}`;
  if (e.body.t !== "obj") throw new Error(`render: ${addressOf(e)} is not an object`);
  const own = e.body.entries.find((x) => x.key === "for_each");
  const inner = own?.node ?? (e.nested === true ? parseTemplateText(`\${toset(${collection.map!.nested!.expression})}`) : undefined);
  const filter = e.when.length === 0 ? "" : ` ${ifClause(withItem("v", () => conditionHcl(e.when)))}`;
  const rest: Node = { t: "obj", entries: e.body.entries.filter((x) => x.key !== "for_each") };
  let forEach: string;
  let body: Node;
  let item: string;
  if (inner === undefined) {
    forEach = filter === "" ? variable : `{ for k, v in ${variable} : k => v${filter} }`;
    item = "each.value";
    body = rest;
  } else {
    const entries = withItem("v", () => text(rewriteRefs(inner, (t) => t.split(ITEM).join("v").split("[each.key]").join("[k]"))));
    forEach = `merge([for k, v in ${variable} : { for x in ${entries} : "\${k}/\${x}" => { key = k, item = v, value = x } }${filter}]...)`;
    item = "each.value.item";
    body = rewriteRefs(rest, (t) => (t === "each.value" || t.startsWith("each.value.") ? `each.value.value${t.slice("each.value".length)}` : t));
    body = rewriteRefs(body, (t) => t.split("[each.key]").join("[each.value.key]"));
  }
  body = rewriteRefs(body, (t) => t.split(ITEM).join(item));
  const items = withItem(item, () => bodyItems(body, e.type, blocks));
  return block(e.kind === "data" ? "data" : "resource", [e.type, e.name], [attr("for_each", raw(forEach)), { type: "blank" as const }, ...items]);
}

/** One resource, data source or output block. */
export function elementBlock(e: MergedElement, blocks: ReadonlySet<string>): Block {
  if (e.forEach?.map !== undefined) return mapElementBlock(e, blocks);
  if (e.kind === "output") {
    const items = bodyItems(e.body, "output", blocks);
    if (e.when.length === 0) return block("output", [e.name], items);
    return block(
      "output",
      [e.name],
      items.map((i) => (i.type === "attribute" && i.name === "value" ? attr("value", tmpl(`${conditionHcl(e.when)} ? `, i.value, " : null")) : i)),
    );
  }
  const meta: BodyItem[] = [];
  if (e.forEach !== undefined) {
    const all = `toset(var.${e.forEach.variable})`;
    meta.push(attr("for_each", raw(e.when.length === 0 ? all : `${conditionHcl(e.when)} ? ${all} : toset([])`)));
  } else if (e.when.length > 0) meta.push(attr("count", raw(`${conditionHcl(e.when)} ? 1 : 0`)));
  const body = bodyItems(e.body, e.type, blocks);
  return block(
    e.kind === "data" ? "data" : "resource",
    [e.type, e.name],
    [...meta, ...(meta.length > 0 && body.length > 0 ? [{ type: "blank" as const }] : []), ...body],
  );
}

/** The locals: the region, its code, the console's domain and the agent's endpoint service in the partition, and one per swap. */
export function localsBlock(tree: ModuleTree, regionReference: string): Block {
  const consoleDomain = `${PARTITION} == "aws-us-gov" ? "${CONSOLE_DOMAINS["aws-us-gov"]}" : "${CONSOLE_DOMAINS.aws}"`;
  const endpointService = `"com.amazonaws.\${local.region}.\${${PARTITION} == "aws-us-gov" ? "${AGENT_ENDPOINT_SERVICES["aws-us-gov"]}" : "${AGENT_ENDPOINT_SERVICES.aws}"}"`;
  const swaps = tree.swaps.map((s) => {
    const [address, rest] = splitReference(s.from);
    return attr(swapLocal(s), raw(`${conditionHcl([s.when])} ? one(${address}[*]${rest}) : ${s.to}`));
  });
  return block(
    "locals",
    [],
    [
      attr("region", raw(regionReference)),
      attr("region_code", raw(REGION_CODE_EXPRESSION)),
      attr("console_domain", raw(consoleDomain)),
      attr("agent_endpoint_service", raw(endpointService)),
      ...swaps,
    ],
  );
}

function splitReference(refText: string): [string, string] {
  const parts = refText.split(".");
  const n = parts[0] === "data" ? 3 : 2;
  return [parts.slice(0, n).join("."), refText.slice(parts.slice(0, n).join(".").length)];
}

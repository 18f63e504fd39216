/**
 * Synthesizes the constructs of one option set in memory (`toTerraform()`, no files) and reads the result as
 * trees (tree.ts): resources, data sources and outputs by address, parameters' stand-ins already replaced by
 * their expressions. Resource names come from the construct path (`ecs-auto-stop/state-machine` becomes
 * `ecs_auto_stop_state_machine`), without CDKTF's hash.
 */
import { App, TerraformDataSource, TerraformElement, TerraformResource } from "cdktf";
import type { Construct, Node as ConstructNode } from "constructs";
import { RuntimeMonitoringStack, RuntimeMonitoringStackProps } from "../../../modules/runtime-monitoring-stack";
import { COLLECTIONS, LIST_PARAMETERS, Options, PARAMETERS, parameterValues, stackPropsOfOptions } from "./definition";
import { entryWithKey, fromJson, lit, mapTree, Node, parseTemplateText, ref, replaceText } from "./tree";

/** The stack class synthesized: RuntimeMonitoringStack, or (in tests) a subclass. */
export type StackClass = new (scope: Construct, id: string, props: RuntimeMonitoringStackProps) => RuntimeMonitoringStack;

export type ElementKind = "resource" | "data" | "output";

export interface Element {
  readonly kind: ElementKind;
  /** `aws_sqs_queue` (empty for outputs). */
  readonly type: string;
  readonly name: string;
  readonly body: Node;
  /** The top-level construct it belongs to (`ecs-auto-stop`); empty for the stack's own elements. */
  readonly group: string;
}

export interface Synthesis {
  /** By address: `aws_sqs_queue.x`, `data.aws_vpc.y`, `output.z`. */
  readonly elements: ReadonlyMap<string, Element>;
  /** Paths (`aws_cloudwatch_event_target.input_transformer`) that are nested blocks, not attributes. */
  readonly blocks: ReadonlySet<string>;
}

const BLOCKS_BY_SHAPE = new Map<string, Set<string>>();

/** Meta-arguments that are blocks in every resource. */
const META_BLOCKS = ["lifecycle", "lifecycle.postcondition", "lifecycle.precondition"];

export const addressOf = (e: Pick<Element, "kind" | "type" | "name">) =>
  e.kind === "resource" ? `${e.type}.${e.name}` : e.kind === "data" ? `data.${e.type}.${e.name}` : `output.${e.name}`;

function moduleStackClass(base: StackClass): StackClass {
  return class ModuleStack extends base {
    protected allocateLogicalId(element: TerraformElement | ConstructNode): string {
      const path = ("node" in element ? element.node : element).path.split("/").slice(1);
      return path
        .join("_")
        .replace(/[^A-Za-z0-9_]/g, "_")
        .toLowerCase();
    }
  };
}

/**
 * `substitute` false keeps the values as synthesized (a test compares them with the module evaluated for those
 * values, merge.ts bindParameters); options with `values` of one's own are synthesized that way only.
 */
export function synthesize(options: Options, stackClass: StackClass = RuntimeMonitoringStack, substitute = options.values === undefined): Synthesis {
  // A synthesis is a function of its arguments: kept for the process (the tests and the generator ask for many
  // option sets more than once), a bounded number per stack class.
  const kept = SYNTHESES.get(stackClass) ?? new Map<string, Synthesis>();
  SYNTHESES.set(stackClass, kept);
  const key = JSON.stringify([substitute, options]);
  const found = kept.get(key);
  if (found !== undefined) return found;
  const synthesis = synthesizeOnce(options, stackClass, substitute);
  if (kept.size >= MAX_KEPT_SYNTHESES) kept.delete(kept.keys().next().value!);
  kept.set(key, synthesis);
  return synthesis;
}

const SYNTHESES = new WeakMap<StackClass, Map<string, Synthesis>>();
const MAX_KEPT_SYNTHESES = 256;

function synthesizeOnce(options: Options, stackClass: StackClass, substitute: boolean): Synthesis {
  const app = new App({ skipValidation: true });
  const Stack = moduleStackClass(stackClass);
  const stack = new Stack(app, "module", stackPropsOfOptions(options));
  const json = stack.toTerraform() as Record<string, Record<string, Record<string, unknown>>>;
  const blocks = new Set<string>(META_BLOCKS);
  for (const el of stack.node.findAll()) {
    if (el instanceof TerraformResource || el instanceof TerraformDataSource) {
      const type = el.terraformResourceType;
      // Which arguments are blocks depends on the type and the arguments set: asked once per such shape.
      // synthesizeAttributes() lists unset arguments too (as undefined) while synthesizeHclAttributes() drops
      // them, so the shape is the set arguments only: otherwise a target without blocks hides another's.
      const shape = `${type} ${Object.entries((el as unknown as { synthesizeAttributes(): Record<string, unknown> }).synthesizeAttributes())
        .filter(([, v]) => v !== undefined)
        .map(([k]) => k)
        .sort()
        .join(",")}`;
      let found = BLOCKS_BY_SHAPE.get(shape);
      if (found === undefined) {
        found = new Set<string>();
        collectBlocks((el as unknown as { synthesizeHclAttributes(): Record<string, unknown> }).synthesizeHclAttributes(), type, found);
        BLOCKS_BY_SHAPE.set(shape, found);
      }
      found.forEach((b) => blocks.add(b));
    }
  }
  if (substitute && options.values !== undefined) throw new Error("synthesize: values of one's own are not stand-ins");
  const samples = sampleTexts(options);
  // The samples are one text also without substitution: the module's items are the samples (evaluateModule).
  const substitution = substitute ? (n: Node) => standInSubstitution(options.standIn)(samples(n)) : samples;
  const elements = new Map<string, Element>();
  const add = (kind: ElementKind, type: string, name: string, body: unknown) => {
    const clean = { ...(body as Record<string, unknown>) };
    const path = (clean["//"] as { metadata?: { path?: string } } | undefined)?.metadata?.path ?? "";
    delete clean["//"];
    // depends_on lists addresses as plain text: read them as references, so renaming follows them.
    if (Array.isArray(clean.depends_on)) clean.depends_on = clean.depends_on.map((d) => `\${${String(d)}}`);
    const parts = path.split("/");
    const element: Element = { kind, type, name, body: substitution(fromJson(clean)), group: parts.length > 2 ? parts[1] : "" };
    elements.set(addressOf(element), element);
  };
  for (const [type, byName] of Object.entries(json.resource ?? {})) for (const [name, body] of Object.entries(byName)) add("resource", type, name, body);
  for (const [type, byName] of Object.entries(json.data ?? {})) for (const [name, body] of Object.entries(byName)) add("data", type, name, body);
  for (const [name, body] of Object.entries(json.output ?? {})) add("output", "", name, body);
  return { elements, blocks };
}

function collectBlocks(attributes: Record<string, unknown>, path: string, into: Set<string>): void {
  for (const [key, a] of Object.entries(attributes)) {
    if (a === null || typeof a !== "object" || !("isBlock" in a)) continue;
    const { isBlock, value } = a as { isBlock: boolean; value: unknown };
    if (!isBlock) continue;
    into.add(`${path}.${key}`);
    for (const v of Array.isArray(value) ? value : [value]) {
      if (v !== null && typeof v === "object") collectBlocks(v as Record<string, unknown>, `${path}.${key}`, into);
    }
  }
}

/** A collection's items as the config got them (a cluster ARN in the synthesis's region) back as the items. */
function sampleTexts(options: Options): (n: Node) => Node {
  const p = parameterValues(options);
  const pairs = COLLECTIONS.flatMap((c) =>
    c.synthesizedAs === undefined
      ? []
      : [...new Set([c.sample, ...(c.secondSample !== undefined ? [c.secondSample] : []), ...(options.collections[c.variable] ?? [])])].flatMap((item) =>
          [(x: string) => x, ...(c.derived ?? []).map((d) => d.of)].map((form) => ({ from: form(c.synthesizedAs!(item, p)), to: form(item) })),
        ),
  ).sort((a, b) => b.from.length - a.from.length);
  // A piece of a text holds only samples the text holds: the others are left out before splitting (speed).
  const split = (text: string, present: typeof pairs, i = 0): string =>
    i >= present.length
      ? text
      : text
          .split(present[i].from)
          .map((piece) => split(piece, present, i + 1))
          .join(present[i].to);
  return (n) =>
    pairs.length === 0
      ? n
      : replaceText(n, (t) => [
          split(
            t,
            pairs.filter((x) => t.includes(x.from)),
          ),
        ]);
}

/** Replaces each parameter's stand-in (of synthesis `standIn`) by its expression; longest text first. */
export function standInSubstitution(standIn: 0 | 1): (n: Node) => Node {
  // A number parameter marked inText is also found inside text (a state's comment that quotes the cap).
  const texts = PARAMETERS.filter((p) => p.field === undefined && (typeof p.standIns[standIn] === "string" || p.inText === true))
    // A number in text is text: tostring() keeps a string that is only the number (DynamoDB's `N`) a JSON string.
    .map((p) => ({
      text: String(p.standIns[standIn]),
      node: parseTemplateText(typeof p.standIns[standIn] === "number" ? `\${tostring(${p.expression})}` : (p.template ?? `\${${p.expression}}`)),
    }))
    .sort((a, b) => b.text.length - a.text.length);
  const numbers = new Map(
    PARAMETERS.filter((p) => p.field === undefined && typeof p.standIns[standIn] === "number").map((p) => [p.standIns[standIn] as number, ref(p.expression)]),
  );
  // A piece of a text holds only stand-ins the text holds: the others are left out before splitting (speed).
  const splitIn = (text: string, present: typeof texts, i: number): (string | Node)[] => {
    if (i >= present.length) return [text];
    const pieces = text.split(present[i].text);
    // A template's parts go into the text around them (`arn:${partition}:states:::...`), not a template inside it.
    const node = present[i].node;
    const inserted = node.t === "tpl" ? node.parts : [node];
    return pieces.flatMap((piece, k) => [...splitIn(piece, present, i + 1), ...(k < pieces.length - 1 ? inserted : [])]);
  };
  const splitText = (text: string): (string | Node)[] => {
    const present = texts.filter((x) => text.includes(x.text));
    return present.length === 0 ? [text] : splitIn(text, present, 0);
  };
  // A number the constructs add to (the execution timeout raised by the gate's wait): expression plus the rest.
  const sums = PARAMETERS.filter((p) => p.sums !== undefined && typeof p.standIns[standIn] === "number").map((p) => ({
    standIn: p.standIns[standIn] as number,
    below: p.sums!,
    expression: p.expression,
  }));
  const number = (v: number): Node | undefined => {
    const exact = numbers.get(v);
    if (exact !== undefined) return exact;
    const sum = sums.find((s) => Number.isInteger(v) && v > s.standIn && v - s.standIn < s.below);
    return sum === undefined ? undefined : { t: "bin", op: "+", l: ref(sum.expression), r: lit(v - sum.standIn) };
  };
  // A parameter found at its place (definition.ts `field`): the entry `key` beside `name`, holding the stand-in.
  const fields = PARAMETERS.filter((p) => p.field !== undefined);
  const fieldValue = (o: Extract<Node, { t: "obj" }>, e: (typeof o.entries)[number]) => {
    const named = (name: string) => o.entries.some((x) => x.key === "name" && x.node.t === "lit" && x.node.v === name);
    const p = fields.find((f) => f.field!.key === e.key && (f.field!.name === undefined || named(f.field!.name)));
    return p !== undefined && e.node.t === "lit" && e.node.v === p.standIns[standIn] ? { ...e, node: ref(p.expression) } : e;
  };
  // A list parameter (an agent endpoint's subnets): a list of the stand-in's items, in order, is the expression.
  const lists = LIST_PARAMETERS.map((p) => ({ items: p.standIns[standIn], node: ref(p.expression) }));
  const list = (x: Node): Node | undefined =>
    x.t !== "tuple"
      ? undefined
      : lists.find(
          (l) => l.items.length === x.items.length && l.items.every((item, i) => x.items[i].node.t === "lit" && (x.items[i].node as { v: unknown }).v === item),
        )?.node;
  return (n) =>
    mapTree(
      replaceText(
        mapTree(n, (x) => list(x) ?? x),
        (t) => splitText(t),
      ),
      (x) => {
        if (x.t === "lit" && typeof x.v === "number") return number(x.v) ?? x;
        // A stand-in in an object key (a tag key in `aws:RequestTag/<key>`, a label map): an expression key.
        if (x.t === "obj") return { ...x, entries: x.entries.map((e) => entryWithKey(fieldValue(x, e), splitText(e.key))) };
        return x;
      },
    );
}

export { lit };

/**
 * The registry module's tree from the constructs: the base synthesis, its twin with the other stand-ins, one
 * synthesis per switch turned off and one per collection emptied, merged (merge.ts).
 */
import { baseOptions, COLLECTIONS, groupSwitch, GROUPS, Options, SWITCHES } from "./definition";
import { findSwaps, mergeSyntheses, MergedElement, Swap } from "./merge";
import { StackClass, synthesize, Synthesis } from "./synth";
import { equal, exprText, mapTree, Node, ref } from "./tree";

/** The module as a tree: its elements and the locals of swapped values. */
export interface ModuleTree {
  readonly elements: readonly MergedElement[];
  readonly swaps: readonly Swap[];
  /** Which arguments are nested blocks (synth.ts). */
  readonly blocks: ReadonlySet<string>;
}

/** The local that stands for both sides of a swap: `notifications_topic_arn`. */
export const swapLocal = (s: Swap) =>
  s.from
    .split(".")
    .slice(s.from.startsWith("data.") ? 2 : 1)
    .join("_");

/** Both sides of every swap read the swap's local. */
export function rewriteSwaps(synthesis: Synthesis, swaps: readonly Swap[]): Synthesis {
  if (swaps.length === 0) return synthesis;
  const rewrite = (n: Node) =>
    mapTree(n, (x) => {
      if (x.t !== "ref") return x;
      const s = swaps.find((w) => w.from === x.text || w.to === x.text);
      return s === undefined ? x : ref(`local.${swapLocal(s)}`);
    });
  return { ...synthesis, elements: new Map([...synthesis.elements].map(([a, e]) => [a, { ...e, body: rewrite(e.body) }])) };
}

export function optionsWith(change: { switches?: Record<string, boolean>; collections?: Record<string, readonly string[]> }, standIn: 0 | 1 = 0): Options {
  const base = baseOptions(standIn);
  return { standIn, switches: { ...base.switches, ...change.switches }, collections: { ...base.collections, ...change.collections } };
}

let cachedDefault: ModuleTree | undefined;

/** The module tree of RuntimeMonitoringStack (computed once per process), or of a subclass. */
export function generateModuleTree(stackClass?: StackClass): ModuleTree {
  if (stackClass === undefined) return (cachedDefault ??= generateTree());
  return generateTree(stackClass);
}

function generateTree(stackClass?: StackClass): ModuleTree {
  const base = synthesize(baseOptions(0), stackClass);
  const twin = synthesize(baseOptions(1), stackClass);
  for (const [address, element] of base.elements) {
    const other = twin.elements.get(address);
    if (other === undefined || !equal(element.body, other.body)) {
      throw new Error(
        `registry module: ${address} differs with other stand-ins: a value does not flow through as a value (${other === undefined ? "missing" : `${exprText(element.body).slice(0, 400)} / ${exprText(other.body).slice(0, 400)}`})`,
      );
    }
  }
  const switchOff = SWITCHES.map((s) => ({ variable: s.variable, synthesis: synthesize(optionsWith({ switches: { [s.variable]: false } }), stackClass) }));
  for (const group of GROUPS) {
    const switches = Object.fromEntries(group.filter((g) => !g.startsWith("#")).map((g) => [g, false]));
    const collections = Object.fromEntries(group.filter((g) => g.startsWith("#")).map((g) => [g.slice(1), []]));
    switchOff.push({ variable: groupSwitch(group), synthesis: synthesize(optionsWith({ switches, collections }), stackClass) });
  }
  const collectionEmpty = COLLECTIONS.map((c) => ({
    collection: c,
    synthesis: synthesize(optionsWith({ collections: { [c.variable]: c.secondSample !== undefined ? [c.sample, c.secondSample] : [] } }), stackClass),
  }));
  const swaps = findSwaps(() => mergeSyntheses(base, switchOff, collectionEmpty));
  const r = (x: Synthesis) => rewriteSwaps(x, swaps);
  const elements = mergeSyntheses(
    r(base),
    switchOff.map((x) => ({ ...x, synthesis: r(x.synthesis) })),
    collectionEmpty.map((x) => ({ ...x, synthesis: r(x.synthesis) })),
  );
  const blocks = new Set([base, ...switchOff.map((x) => x.synthesis), ...collectionEmpty.map((x) => x.synthesis)].flatMap((x) => [...x.blocks]));
  return { elements, swaps, blocks };
}

/**
 * The registry module's tree from the constructs: the base synthesis, its twin with the other stand-ins, one
 * synthesis per switch turned off and one per collection emptied, merged (merge.ts).
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { baseOptions, COLLECTIONS, groupSwitch, GROUPS, Options, Switch, SWITCHES } from "./definition";
import { findSwaps, mergeSyntheses, MergedElement, Swap } from "./merge";
import { Element, StackClass, synthesize, Synthesis } from "./synth";
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

/**
 * The module tree of RuntimeMonitoringStack, or of a subclass. The default stack's tree is kept for the process and
 * in the temporary folder, under a hash of every source it is made from (modules/, functions/, config/, this
 * folder): some forty syntheses take seconds, and several test files need the same tree. `only` limits the switches
 * varied (a test of one construct); the others stay on and no group or collection is varied.
 */
export function generateModuleTree(stackClass?: StackClass, only?: readonly string[]): ModuleTree {
  if (stackClass !== undefined || only !== undefined) return generateTree(stackClass, only);
  return (cachedDefault ??= cachedOnDisk(() => generateTree()));
}

function sourceHash(): string {
  const root = resolve(__dirname, "..", "..", "..");
  const hash = createHash("sha256");
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".ts") || entry.name.endsWith(".json")) hash.update(path).update(readFileSync(path));
    }
  };
  for (const dir of ["modules", "functions", "config", "tools/registry-module"]) walk(join(root, dir));
  hash.update(readFileSync(join(root, "package-lock.json")));
  return hash.digest("hex").slice(0, 24);
}

function cachedOnDisk(make: () => ModuleTree): ModuleTree {
  const file = join(tmpdir(), `guardduty-registry-module-tree-${sourceHash()}.json`);
  if (existsSync(file)) {
    try {
      const stored = JSON.parse(readFileSync(file, "utf8")) as { elements: (MergedElement & { forEach?: string })[]; swaps: Swap[]; blocks: string[] };
      const collection = (name?: string) => (name === undefined ? undefined : COLLECTIONS.find((c) => c.variable === name));
      return {
        elements: stored.elements.map((e) => ({ ...e, forEach: collection(e.forEach) })),
        swaps: stored.swaps,
        blocks: new Set(stored.blocks),
      };
    } catch {
      // an unreadable cache file: make the tree again
    }
  }
  const tree = make();
  const stored = { elements: tree.elements.map((e) => ({ ...e, forEach: e.forEach?.variable })), swaps: tree.swaps, blocks: [...tree.blocks] };
  const partial = `${file}.${process.pid}`;
  writeFileSync(partial, JSON.stringify(stored));
  renameSync(partial, file);
  return tree;
}

/**
 * Switches ordered so that each comes after every switch that requires it (`workflow` after the ECS approval gate).
 * merge.ts nests each later switch's value around the earlier ones, so with a required switch off its own synthesis
 * decides: the seed's execution timeout, not the guarded one without a gate.
 */
export function requiredLast(switches: readonly Switch[]): Switch[] {
  const rank = (s: Switch, seen: readonly string[] = []): number => {
    if (seen.includes(s.variable)) throw new Error(`registry module: switches require each other: ${[...seen, s.variable].join(" -> ")}`);
    const dependents = SWITCHES.filter((d) => (d.requires ?? []).includes(s.variable));
    return dependents.length === 0 ? 0 : 1 + Math.max(...dependents.map((d) => rank(d, [...seen, s.variable])));
  };
  return switches
    .map((s, i) => ({ s, i, r: rank(s) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.s);
}

/**
 * The synthesis with these switches (and collections) off. A switch of a family (definition.ts) is synthesized with
 * its whole family off, once for the family: the result takes the elements the family's other members own from the
 * base synthesis. The first synthesis of a family alone checks that it changes only its members' elements.
 */
function familySyntheses(base: Synthesis, stackClass?: StackClass) {
  const shared = new Map<string, Synthesis>();
  const owner = (s: Switch, address: string) => s.family !== undefined && address.includes(s.family.owns);
  return (off: readonly string[], collections: Record<string, readonly string[]>): Synthesis => {
    const families = new Set(off.flatMap((v) => SWITCHES.find((s) => s.variable === v)?.family?.name ?? []));
    if (families.size === 0) return synthesize(optionsWith({ switches: Object.fromEntries(off.map((v) => [v, false])), collections }), stackClass);
    const members = SWITCHES.filter((s) => s.family !== undefined && families.has(s.family.name));
    const options = optionsWith({ switches: Object.fromEntries([...off, ...members.map((m) => m.variable)].map((v) => [v, false])), collections });
    const key = JSON.stringify(options);
    let synthesis = shared.get(key);
    if (synthesis === undefined) {
      synthesis = synthesize(options, stackClass);
      shared.set(key, synthesis);
      if (off.length === 1) checkFamily(base, synthesis, members, owner);
    }
    const others = members.filter((m) => !off.includes(m.variable));
    const ownedByOther = (address: string) => others.some((m) => owner(m, address));
    const elements = new Map<string, Element>();
    for (const [address, e] of synthesis.elements) {
      const own = ownedByOther(address) ? base.elements.get(address) : e;
      if (own !== undefined) elements.set(address, own);
    }
    for (const [address, e] of base.elements) if (ownedByOther(address) && !elements.has(address)) elements.set(address, e);
    return { ...synthesis, elements };
  };
}

/** A family changes its members' elements only, and each member owns one element of the base at least. */
function checkFamily(base: Synthesis, familyOff: Synthesis, members: readonly Switch[], owner: (s: Switch, address: string) => boolean): void {
  for (const m of members) {
    if (![...base.elements.keys()].some((address) => owner(m, address))) throw new Error(`registry module: ${m.variable} owns no element (${m.family!.owns})`);
  }
  for (const address of new Set([...base.elements.keys(), ...familyOff.elements.keys()])) {
    if (members.some((m) => owner(m, address))) continue;
    const [a, b] = [base.elements.get(address), familyOff.elements.get(address)];
    if (a === undefined || b === undefined || !equal(a.body, b.body)) {
      throw new Error(`registry module: the family ${members[0].family!.name} changes ${address}, which none of its switches owns`);
    }
  }
}

/** The two texts around their first difference. */
function whereTextsDiffer(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const around = (t: string) => `${i > 200 ? "..." : ""}${t.slice(Math.max(0, i - 200), i + 200)}`;
  return `${around(a)} / ${around(b)}`;
}

function generateTree(stackClass?: StackClass, only?: readonly string[]): ModuleTree {
  const base = synthesize(baseOptions(0), stackClass);
  const twin = synthesize(baseOptions(1), stackClass);
  for (const [address, element] of base.elements) {
    const other = twin.elements.get(address);
    if (other === undefined || !equal(element.body, other.body)) {
      throw new Error(
        `registry module: ${address} differs with other stand-ins: a value does not flow through as a value (${other === undefined ? "missing" : whereTextsDiffer(exprText(element.body), exprText(other.body))})`,
      );
    }
  }
  const offSynthesis = familySyntheses(base, stackClass);
  const switchOff = requiredLast(SWITCHES.filter((s) => only === undefined || only.includes(s.variable))).map((s) => ({
    variable: s.variable,
    synthesis: offSynthesis([s.variable], {}),
  }));
  for (const group of only === undefined ? GROUPS : []) {
    const collections = Object.fromEntries(group.filter((g) => g.startsWith("#")).map((g) => [g.slice(1), []]));
    switchOff.push({
      variable: groupSwitch(group),
      synthesis: offSynthesis(
        group.filter((g) => !g.startsWith("#")),
        collections,
      ),
    });
  }
  const collectionEmpty = COLLECTIONS.filter(() => only === undefined).map((c) => ({
    collection: c,
    synthesis: synthesize(optionsWith({ collections: { [c.variable]: c.secondSample !== undefined ? [c.sample, c.secondSample] : [] } }), stackClass),
  }));
  const swaps = findSwaps(() => mergeSyntheses(base, switchOff, collectionEmpty));
  for (const s of swaps) {
    const twin = swaps.find((o) => o !== s && swapLocal(o) === swapLocal(s));
    if (twin !== undefined) throw new Error(`registry module: local.${swapLocal(s)} is swapped by both ${s.when.switch} and ${twin.when.switch}`);
  }
  const r = (x: Synthesis) => rewriteSwaps(x, swaps);
  const elements = mergeSyntheses(
    r(base),
    switchOff.map((x) => ({ ...x, synthesis: r(x.synthesis) })),
    collectionEmpty.map((x) => ({ ...x, synthesis: r(x.synthesis) })),
  );
  const blocks = new Set([base, ...switchOff.map((x) => x.synthesis), ...collectionEmpty.map((x) => x.synthesis)].flatMap((x) => [...x.blocks]));
  return { elements, swaps, blocks };
}

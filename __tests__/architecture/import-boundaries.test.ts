/**
 * Layering (issue 9): functions/ holds pure definitions (no CDKTF, nothing of the folders that use them);
 * modules/ holds constructs that take props only, so they never read the app's config (config/ makes
 * their props) nor reach up into tools/, scripts/ or main.ts. Import specifiers are read with the
 * TypeScript scanner (imports, `export ... from`, `import type`, `import("...")`, `require`), never
 * from comments or strings.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

const ROOT = resolve(__dirname, "..", "..");

interface ImportEdge {
  /** The importing file, relative to the repository root. */
  readonly file: string;
  readonly specifier: string;
  /** A relative specifier resolved against the repository root (`config/config-schema`); undefined for a package. */
  readonly target?: string;
}

function typeScriptFilesUnder(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)))
    .sort();
}

function importsOf(file: string): ImportEdge[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(join(ROOT, file), "utf8"), true, true);
  return importedFiles.map(({ fileName: specifier }) => ({
    file,
    specifier,
    target: specifier.startsWith(".") ? relative(ROOT, resolve(ROOT, dirname(file), specifier)) : undefined,
  }));
}

const importsUnder = (folder: string) => typeScriptFilesUnder(folder).flatMap(importsOf);

const intoFolder = (folder: string) => (edge: ImportEdge) => edge.target !== undefined && (edge.target === folder || edge.target.startsWith(`${folder}/`));
const intoMain = (edge: ImportEdge) => edge.target === "main" || edge.target === "main.ts";
const ofPackage = (name: string) => (edge: ImportEdge) => edge.target === undefined && (edge.specifier === name || edge.specifier.startsWith(`${name}/`));
const ofScope = (scope: string) => (edge: ImportEdge) => edge.target === undefined && edge.specifier.startsWith(`${scope}/`);

const show = (edges: readonly ImportEdge[]) => edges.map((e) => `${e.file} imports "${e.specifier}"`);

/** The file a relative import names: `x.ts` or `x/index.ts`; undefined for a package or a file that is not ours. */
function fileOf(target: string | undefined, files: ReadonlySet<string>): string | undefined {
  if (target === undefined) return undefined;
  return [`${target}.ts`, join(target, "index.ts"), target].find((candidate) => files.has(candidate));
}

/** The import circles of a graph (Tarjan's strongly connected components of two files or more, or a file importing itself). */
function circlesOf(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) circles.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return circles;
}

describe("import boundaries", () => {
  test("GIVEN the scanner WHEN it reads the stack construct THEN it sees its imports (the checks below are not vacuous)", () => {
    const specifiers = importsOf("modules/runtime-monitoring-stack/index.ts").map((e) => e.specifier);
    expect(specifiers).toEqual(expect.arrayContaining(["cdktf", "../guardduty-detector", "../state-backend"]));
    expect(importsUnder("modules").length).toBeGreaterThan(50);
    expect(importsUnder("functions").length).toBeGreaterThan(50);
  });

  test("GIVEN modules/ WHEN its imports are read THEN none reaches config/: constructs take props, never the config", () => {
    expect(show(importsUnder("modules").filter(intoFolder("config")))).toEqual([]);
  });

  test("GIVEN modules/ WHEN its imports are read THEN none reaches up into tools/, scripts/ or main.ts", () => {
    const upward = importsUnder("modules").filter((e) => intoFolder("tools")(e) || intoFolder("scripts")(e) || intoMain(e));
    expect(show(upward)).toEqual([]);
  });

  test("GIVEN functions/ WHEN its imports are read THEN none is of CDKTF: cdktf, @cdktf/*, constructs", () => {
    const cdktf = importsUnder("functions").filter((e) => ofPackage("cdktf")(e) || ofScope("@cdktf")(e) || ofPackage("constructs")(e));
    expect(show(cdktf)).toEqual([]);
  });

  test("GIVEN functions/ WHEN its imports are read THEN none reaches modules/, config/, scripts/ or main.ts", () => {
    const upward = importsUnder("functions").filter((e) => intoFolder("modules")(e) || intoFolder("config")(e) || intoFolder("scripts")(e) || intoMain(e));
    expect(show(upward)).toEqual([]);
  });

  test("GIVEN functions/ WHEN its imports are read THEN none reaches tools/ (the EventBridge pattern grammar it checks against lives in functions/eventbridge)", () => {
    expect(show(importsUnder("functions").filter(intoFolder("tools")))).toEqual([]);
  });

  test("GIVEN a graph with a loop of three files and a file importing itself WHEN its circles are sought THEN both are found, and a chain is none", () => {
    const graph = new Map([
      ["a", ["b"]],
      ["b", ["c"]],
      ["c", ["a", "d"]],
      ["d", ["e"]],
      ["e", ["e"]],
      ["f", ["a"]],
    ]);
    expect(circlesOf(graph).sort()).toEqual([["a", "b", "c"], ["e"]]);
    expect(
      circlesOf(
        new Map([
          ["a", ["b"]],
          ["b", []],
        ]),
      ),
    ).toEqual([]);
  });

  test("GIVEN every source file WHEN its imports are read (type-only ones too) THEN none runs in a circle", () => {
    const files = ["main.ts", ...["modules", "functions", "config", "tools", "scripts"].flatMap(typeScriptFilesUnder)];
    const known = new Set(files);
    const graph = new Map(files.map((file) => [file, importsOf(file).flatMap((edge) => fileOf(edge.target, known) ?? [])]));
    expect([...graph.values()].flat().length).toBeGreaterThan(500);
    expect(circlesOf(graph)).toEqual([]);
  });
});

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
});

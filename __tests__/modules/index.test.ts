/**
 * modules/index.ts is the library's entry (package.json main, types, exports): every construct folder of modules/
 * is exported there, and so is every registered response type.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as library from "../../modules";
import { RESPONSE_TYPES } from "../../functions/response-types/registry";

const MODULES = join(__dirname, "..", "..", "modules");
// Shared helpers of the constructs, not constructs.
const INTERNAL = new Set(["support"]);

describe("the library entry, modules/index.ts", () => {
  test("re-exports every construct folder of modules/", () => {
    // GIVEN the folders of modules/ with an index.ts
    const folders = readdirSync(MODULES, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !INTERNAL.has(entry.name) && readdirSync(join(MODULES, entry.name)).includes("index.ts"))
      .map((entry) => entry.name);
    // WHEN the entry's `export * from "./<folder>"` lines are read
    const exported = [...readFileSync(join(MODULES, "index.ts"), "utf8").matchAll(/^export \* from "\.\/([^"]+)";$/gm)].map((match) => match[1]);
    // THEN each folder is there
    expect(folders.filter((folder) => !exported.includes(folder))).toEqual([]);
  });

  test("exports the registry and each registered response type under its own name", () => {
    // GIVEN the registered types WHEN the entry is loaded THEN RESPONSE_TYPES is the registry's, and each type is exported
    expect(library.RESPONSE_TYPES).toBe(RESPONSE_TYPES);
    const exportedValues: unknown[] = Object.values(library);
    expect(RESPONSE_TYPES.filter((type) => !exportedValues.includes(type)).map((type) => type.id)).toEqual([]);
  });
});

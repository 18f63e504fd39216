/**
 * `asl-validator` 4.0.0 with its JSON schemas compiled once per realm instead of once per call.
 *
 * Why this exists
 * ---------------
 * asl-validator's `jsonSchemaErrors` builds a new Ajv instance on every call, registers its 15 schemas and
 * formats on it, and compiles the state-machine schema before validating: about a second of CPU per call,
 * whatever the definition. aws-local-stepfunctions validates every definition it is given, so each distinct
 * definition a simulation or a test runs cost that second (a third of the simulator tests' time).
 *
 * The patch (two textual edits of `dist/src/checks/json-schema-errors.js`, each required to match exactly
 * once, so a different version fails loudly instead of being silently mis-patched) splits that function in
 * two: building the Ajv instance (schemas and formats, which depend only on the `checkPaths` and `checkArn`
 * options) and validating with it. One instance per combination of those two options is kept and reused;
 * Ajv compiles a schema once per instance and every later `validate` runs the compiled function, which resets
 * `ajv.errors` on every call. The verdicts and error lists are the library's own.
 *
 * Loading: as `patched-local-stepfunctions.ts` loads its library, the patched file is evaluated with
 * `new Function` in the caller's realm, its `require`s resolved from its own folder; the library's entry
 * (`validator.js`) is evaluated the same way with its `./checks/json-schema-errors` answered by the patched
 * module. Every other file of the library, and its dependencies, load as usual.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** asl-validator's default export: `validator(definition, options)`. */
export type AslValidatorFunction = (
  definition: unknown,
  options?: { checkPaths: boolean; checkArn: boolean },
) => { isValid: boolean; errors: { "Error code": string; Message: string }[]; errorsText: (separator?: string) => string };

/** One textual edit of the library's build. */
export interface AslValidatorPatch {
  readonly why: string;
  /** Exact text of the 4.0.0 build; must occur exactly once. */
  readonly find: string;
  readonly replace: string;
}

export const PATCHED_ASL_VALIDATOR_VERSION = "4.0.0";

const SCHEMA_ERRORS_MODULE = "./checks/json-schema-errors";

export const ASL_VALIDATOR_PATCHES: readonly AslValidatorPatch[] = [
  {
    why: "build the Ajv instance (schemas and formats) in a function of the options alone",
    find: ["var jsonSchemaErrors = function (definition, options) {", "    var ajv = new ajv_1.default({"].join("\n"),
    replace: ["var newSchemaAjv = function (options) {", "    var ajv = new ajv_1.default({"].join("\n"),
  },
  {
    why: "validate with the instance built once per checkPaths/checkArn combination",
    find: '    ajv.validate("http://asl-validator.cloud/state-machine.json#", definition);',
    replace: [
      "    return ajv;",
      "};",
      "var schemaAjvs = new Map();",
      "var jsonSchemaErrors = function (definition, options) {",
      '    var key = String(Boolean(options.checkPaths)) + "/" + String(Boolean(options.checkArn));',
      "    var ajv = schemaAjvs.get(key);",
      "    if (ajv === undefined) {",
      "        ajv = newSchemaAjv(options);",
      "        schemaAjvs.set(key, ajv);",
      "    }",
      '    ajv.validate("http://asl-validator.cloud/state-machine.json#", definition);',
    ].join("\n"),
  },
];

/** Applies the patches to the source of `json-schema-errors.js`; throws when one does not match exactly once. */
export function applyAslValidatorPatches(source: string): string {
  let patched = source;
  for (const patch of ASL_VALIDATOR_PATCHES) {
    const occurrences = patched.split(patch.find).length - 1;
    if (occurrences !== 1) {
      throw new Error(
        `asl-validator patch "${patch.why}" matched ${occurrences} times (expected once): ` +
          `the patch is written for version ${PATCHED_ASL_VALIDATOR_VERSION}; review it for the installed version.`,
      );
    }
    patched = patched.replace(patch.find, () => patch.replace);
  }
  return patched;
}

let loaded: AslValidatorFunction | undefined;

/** The patched validator (loaded once per realm). */
export function sharedSchemaAslValidator(): AslValidatorFunction {
  if (loaded === undefined) {
    loaded = loadPatched();
  }
  return loaded;
}

function loadPatched(): AslValidatorFunction {
  const entry = require.resolve("asl-validator");
  const directory = dirname(entry);
  const schemaErrorsFile = join(directory, `${SCHEMA_ERRORS_MODULE}.js`);
  const schemaErrors = evaluateCommonJs(applyAslValidatorPatches(readFileSync(schemaErrorsFile, "utf8")), schemaErrorsFile, () => undefined);
  return evaluateCommonJs(readFileSync(entry, "utf8"), entry, (id) => (id === SCHEMA_ERRORS_MODULE ? schemaErrors : undefined)) as AslValidatorFunction;
}

/** Evaluates CommonJS `source` as the file `filename`; `override(id)` answers a require before the usual resolution. */
function evaluateCommonJs(source: string, filename: string, override: (id: string) => unknown): unknown {
  const directory = dirname(filename);
  const module = { exports: {} as unknown };
  const libraryRequire = (id: string): unknown =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the library's own requires, resolved from its folder
    override(id) ?? require(id.startsWith(".") ? join(directory, id) : require.resolve(id, { paths: [directory] }));
  const evaluate = new Function("exports", "require", "module", "__filename", "__dirname", source) as (
    exports: unknown,
    require: (id: string) => unknown,
    module: { exports: unknown },
    filename: string,
    dirname: string,
  ) => void;
  evaluate(module.exports, libraryRequire, module, filename, directory);
  return module.exports;
}

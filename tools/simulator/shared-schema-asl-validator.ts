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
 * The patch (three textual edits of `dist/src/checks/json-schema-errors.js`, each required to match exactly
 * once, so a different version fails loudly instead of being silently mis-patched) splits that function in
 * two: building the Ajv instance (schemas and formats, which depend only on the `checkPaths` and `checkArn`
 * options) and validating with it. One instance per combination of those two options is kept and reused;
 * Ajv compiles a schema once per instance and every later `validate` runs the compiled function, which resets
 * `ajv.errors` on every call. The verdicts and error lists are the library's own. Where asked (the tests ask),
 * a definition that passed the schema is also remembered on disk, so that a later process need not compile
 * the schemas to pass it again (`diskSchemaVerdicts`).
 *
 * Loading: as `patched-local-stepfunctions.ts` loads its library, the patched file is evaluated with
 * `new Function` in the caller's realm, its `require`s resolved from its own folder; the library's entry
 * (`validator.js`) is evaluated the same way with its `./checks/json-schema-errors` answered by the patched
 * module. Every other file of the library, and its dependencies, load as usual.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";

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
      "    if (schemaVerdicts.knownValid(definition, options)) {",
      "        return [];",
      "    }",
      '    var key = String(Boolean(options.checkPaths)) + "/" + String(Boolean(options.checkArn));',
      "    var ajv = schemaAjvs.get(key);",
      "    if (ajv === undefined) {",
      "        ajv = newSchemaAjv(options);",
      "        schemaAjvs.set(key, ajv);",
      "    }",
      '    ajv.validate("http://asl-validator.cloud/state-machine.json#", definition);',
    ].join("\n"),
  },
  {
    why: "remember a definition that passed the schema (on disk only where the caller asked for it)",
    find: ["    if (!ajv.errors) {", "        return [];", "    }"].join("\n"),
    replace: ["    if (!ajv.errors) {", "        schemaVerdicts.keepValid(definition, options);", "        return [];", "    }"].join("\n"),
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

/** Where definitions that passed the schema are remembered across processes (a folder), when set. */
export const ASL_SCHEMA_VERDICTS_ENV = "GUARDDUTY_RESPONSE_ASL_SCHEMA_VERDICTS";

/** The schema verdicts the patched `jsonSchemaErrors` consults before compiling, and keeps after. */
interface SchemaVerdicts {
  knownValid(definition: unknown, options: { checkPaths?: boolean; checkArn?: boolean }): boolean;
  keepValid(definition: unknown, options: { checkPaths?: boolean; checkArn?: boolean }): void;
}

const NO_VERDICTS: SchemaVerdicts = { knownValid: () => false, keepValid: () => undefined };

/**
 * Definitions that passed the JSON schema, kept as empty files in `directory` named by a SHA-256 of: every file
 * of the installed asl-validator's `dist/src` (its checks and schemas), the patches, the versions of the packages
 * it validates with (ajv, ajv-formats, asl-path-validator, jsonata), the two options, and the definition's JSON
 * text. A definition is JSON data (every caller passes parsed JSON), so its text is all the schema sees. Only
 * passes are kept: a definition that fails is validated, and its errors computed, every time. The checks that
 * follow the schema (transition targets, terminal states, ...) always run.
 */
function diskSchemaVerdicts(directory: string, libraryDirectory: string): SchemaVerdicts {
  const fingerprint = libraryFingerprint(libraryDirectory);
  const fileOf = (definition: unknown, options: { checkPaths?: boolean; checkArn?: boolean }): string =>
    join(
      directory,
      createHash("sha256")
        .update(`${fingerprint}\0${Boolean(options.checkPaths)}/${Boolean(options.checkArn)}\0${JSON.stringify(definition)}`)
        .digest("hex"),
    );
  return {
    knownValid: (definition, options) => existsSync(fileOf(definition, options)),
    keepValid: (definition, options) => {
      const file = fileOf(definition, options);
      try {
        mkdirSync(directory, { recursive: true });
        writeFileSync(`${file}.${process.pid}`, "");
        renameSync(`${file}.${process.pid}`, file);
      } catch {
        // Not kept: validated again next time.
      }
    },
  };
}

/**
 * A SHA-256 of what decides asl-validator's schema verdicts, as installed (see `diskSchemaVerdicts`): the files
 * of `libraryDirectory` (its `dist/src`), the patches, and the versions of its validating packages as resolved
 * from `dependenciesFrom` (by default, where its `json-schema-errors.js` resolves them).
 */
export function libraryFingerprint(libraryDirectory: string, dependenciesFrom = join(libraryDirectory, "checks")): string {
  const hash = createHash("sha256");
  const files = (directory: string): string[] =>
    readdirSync(directory, { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .flatMap((entry) => (entry.isDirectory() ? files(join(directory, entry.name)) : [join(directory, entry.name)]));
  for (const file of files(libraryDirectory)) {
    const content = readFileSync(file);
    hash.update(`${relative(libraryDirectory, file)}\0${content.length}\0`).update(content);
  }
  hash.update(JSON.stringify(ASL_VALIDATOR_PATCHES));
  for (const name of ["ajv", "ajv-formats", "asl-path-validator", "jsonata"]) {
    const manifest = require.resolve(`${name}/package.json`, { paths: [dependenciesFrom] });
    hash.update(`${name}@${(JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version}\0`);
  }
  return hash.digest("hex");
}

let loaded: AslValidatorFunction | undefined;

/**
 * The patched validator (loaded once per realm). Definitions that passed the schema are remembered on disk in
 * the folder `GUARDDUTY_RESPONSE_ASL_SCHEMA_VERDICTS` names, when it is set (the tests set it), so later
 * processes skip compiling the schemas for them.
 */
export function sharedSchemaAslValidator(): AslValidatorFunction {
  if (loaded === undefined) {
    loaded = loadSharedSchemaAslValidator(process.env[ASL_SCHEMA_VERDICTS_ENV] || undefined);
  }
  return loaded;
}

/** A new patched validator; `verdictsDirectory`: where passes are remembered on disk (none when undefined). */
export function loadSharedSchemaAslValidator(verdictsDirectory?: string): AslValidatorFunction {
  const entry = require.resolve("asl-validator");
  const directory = dirname(entry);
  const verdicts = verdictsDirectory === undefined ? NO_VERDICTS : diskSchemaVerdicts(verdictsDirectory, directory);
  const schemaErrorsFile = join(directory, `${SCHEMA_ERRORS_MODULE}.js`);
  const schemaErrors = evaluateCommonJs(applyAslValidatorPatches(readFileSync(schemaErrorsFile, "utf8")), schemaErrorsFile, () => undefined, verdicts);
  return evaluateCommonJs(
    readFileSync(entry, "utf8"),
    entry,
    (id) => (id === SCHEMA_ERRORS_MODULE ? schemaErrors : undefined),
    verdicts,
  ) as AslValidatorFunction;
}

/** Evaluates CommonJS `source` as the file `filename`; `override(id)` answers a require before the usual resolution. */
function evaluateCommonJs(source: string, filename: string, override: (id: string) => unknown, schemaVerdicts: SchemaVerdicts): unknown {
  const directory = dirname(filename);
  const module = { exports: {} as unknown };
  const libraryRequire = (id: string): unknown =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the library's own requires, resolved from its folder
    override(id) ?? require(id.startsWith(".") ? join(directory, id) : require.resolve(id, { paths: [directory] }));
  const evaluate = new Function("exports", "require", "module", "__filename", "__dirname", "schemaVerdicts", source) as (
    exports: unknown,
    require: (id: string) => unknown,
    module: { exports: unknown },
    filename: string,
    dirname: string,
    schemaVerdicts: SchemaVerdicts,
  ) => void;
  evaluate(module.exports, libraryRequire, module, filename, directory, schemaVerdicts);
  return module.exports;
}

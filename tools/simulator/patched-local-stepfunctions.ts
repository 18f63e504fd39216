/**
 * `aws-local-stepfunctions` 3.0.0 with its intrinsic-function escaping fixed, so that text passes through
 * intrinsic functions as it does in AWS Step Functions.
 *
 * Why this exists
 * ---------------
 * The library ends every intrinsic function call with `result.replaceAll("\\", "")`: it means to turn the
 * escapes of string literals (`'a \{ b'`) into their characters, but it strips every backslash of every
 * string *result*, including backslashes that came from the data. So:
 * - `States.JsonToString($.title)` of `say "hi"<newline>` gives `"say "hi"n"` locally, where AWS gives
 *   `"say \"hi\"\n"` (valid JSON);
 * - `States.Format('{}', $.x)` with `$.x` = `C:\tmp` gives `C:tmp` locally, `C:\tmp` in AWS.
 * A workflow that JSON-quotes untrusted text with `States.JsonToString` could not be tested faithfully.
 *
 * What AWS does (Amazon States Language, intrinsic functions): inside a string literal argument the
 * characters `'`, `{`, `}` and `\` are escaped with a backslash; the escape is removed when the literal is
 * read. In `States.Format`'s template an escaped `\{` / `\}` is a literal brace, not part of a `{}`
 * placeholder. Values read from paths, and results of nested calls, are never altered.
 *
 * The patch (two textual edits of the bundled CommonJS build, each required to match exactly once, so a
 * different library version fails loudly instead of being silently mis-patched):
 * 1. `BaseIntrinsicFunction.call` unescapes string *literal* arguments when it parses them (except
 *    `States.Format`'s template, which keeps its escapes for step 2) and no longer strips backslashes from
 *    results;
 * 2. `States.Format` reads its template once: `\x` is the character `x`, an unescaped `{}` is the next
 *    argument (never re-read, so an argument containing `{}` stays as it is).
 *
 * Known limit left as is: the library's argument splitter ends a string literal at a `'` preceded by a
 * backslash only when that backslash is not itself escaped (`'a\\'` is misread). Our definitions have no
 * backslash in their literals.
 *
 * Loading: the patched source is evaluated with `new Function` in the caller's realm (under a test runner with a
 * realm per test file, the test's realm: the library compares prototypes, e.g.
 * `Object.getPrototypeOf(value) === Object.prototype`), and its own `require`s are resolved from the library's
 * directory through the caller's `require`, except `asl-validator`, which is the one with its schemas compiled once (`shared-schema-asl-validator.ts`).
 */
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import type * as LocalStepFunctions from "aws-local-stepfunctions";
import { sharedSchemaAslValidator } from "./shared-schema-asl-validator";

/** One textual edit of the library build. */
export interface LocalStepFunctionsPatch {
  /** What it fixes. */
  readonly why: string;
  /** Exact text of the 3.0.0 build; must occur exactly once. */
  readonly find: string;
  readonly replace: string;
}

export const PATCHED_LOCAL_STEPFUNCTIONS_VERSION = "3.0.0";

export const LOCAL_STEPFUNCTIONS_PATCHES: readonly LocalStepFunctionsPatch[] = [
  {
    why: "unescape string literal arguments on parse; never strip backslashes from results",
    find: [
      "  call(input, context, ...args) {",
      "    const parsedArgs = parseArguments(input, context, ...args);",
      "    validateArguments(this.funcDefinition, ...parsedArgs);",
      "    let result = this.execute(...parsedArgs);",
      '    if (typeof result === "string") {',
      '      result = result.replaceAll("\\\\", "");',
      "    }",
      "    return result;",
      "  }",
    ].join("\n"),
    replace: [
      "  call(input, context, ...args) {",
      "    const parsedArgs = parseArguments(input, context, ...args).map(",
      '      (value, index) => typeof value === "string" && args[index][0] === "\'" && !(this.funcDefinition.name === "States.Format" && index === 0)',
      '        ? value.replace(/\\\\([\\s\\S])/g, "$1")',
      "        : value",
      "    );",
      "    validateArguments(this.funcDefinition, ...parsedArgs);",
      "    return this.execute(...parsedArgs);",
      "  }",
    ].join("\n"),
  },
  {
    why: "States.Format: escaped braces are literal, {} placeholders are filled once",
    find: [
      "  execute(templateStr, ...placeholderValues) {",
      "    const placeholdersNumber = templateStr.match(/\\{\\}/g)?.length ?? 0;",
      "    if (placeholdersNumber !== placeholderValues.length) {",
      "      throw new StatesRuntimeError(",
      "        `Number of arguments in ${this.funcDefinition.name} do not match the occurrences of {}`",
      "      );",
      "    }",
      "    let i = 0;",
      "    return templateStr.replace(/\\{\\}/g, () => placeholderValues[i++]);",
      "  }",
    ].join("\n"),
    replace: [
      "  execute(templateStr, ...placeholderValues) {",
      "    const pieces = /\\\\([\\s\\S])|\\{\\}/g;",
      "    const placeholdersNumber = [...templateStr.matchAll(pieces)].filter((match) => match[1] === void 0).length;",
      "    if (placeholdersNumber !== placeholderValues.length) {",
      "      throw new StatesRuntimeError(",
      "        `Number of arguments in ${this.funcDefinition.name} do not match the occurrences of {}`",
      "      );",
      "    }",
      "    let i = 0;",
      "    return templateStr.replace(pieces, (match, escaped) => escaped !== void 0 ? escaped : String(placeholderValues[i++]));",
      "  }",
    ].join("\n"),
  },
];

type LocalStepFunctionsModule = typeof LocalStepFunctions;

let loaded: LocalStepFunctionsModule | undefined;

/** The patched library (loaded once per realm). */
export function patchedLocalStepFunctions(): LocalStepFunctionsModule {
  if (loaded === undefined) {
    loaded = loadPatched();
  }
  return loaded;
}

/** Applies the patches to `source`; throws when one does not match exactly once. */
export function applyLocalStepFunctionsPatches(source: string): string {
  let patched = source;
  for (const patch of LOCAL_STEPFUNCTIONS_PATCHES) {
    const occurrences = patched.split(patch.find).length - 1;
    if (occurrences !== 1) {
      throw new Error(
        `aws-local-stepfunctions patch "${patch.why}" matched ${occurrences} times (expected once): ` +
          `the patch is written for version ${PATCHED_LOCAL_STEPFUNCTIONS_VERSION}; review it for the installed version.`,
      );
    }
    patched = patched.replace(patch.find, () => patch.replace);
  }
  return patched;
}

function loadPatched(): LocalStepFunctionsModule {
  const entry = require.resolve("aws-local-stepfunctions");
  const directory = dirname(entry);
  const source = applyLocalStepFunctionsPatches(readFileSync(entry, "utf8"));
  const module = { exports: {} as Record<string, unknown> };
  const libraryRequire = (id: string): unknown =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the library's own requires, resolved from its folder
    id === "asl-validator" ? sharedSchemaAslValidator() : require(require.resolve(id, { paths: [directory] }));
  const evaluate = new Function("exports", "require", "module", "__filename", "__dirname", source) as (
    exports: Record<string, unknown>,
    require: (id: string) => unknown,
    module: { exports: Record<string, unknown> },
    filename: string,
    dirname: string,
  ) => void;
  evaluate(module.exports, libraryRequire, module, entry, directory);
  return module.exports as unknown as LocalStepFunctionsModule;
}

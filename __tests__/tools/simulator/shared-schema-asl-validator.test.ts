/**
 * asl-validator with its JSON schemas compiled once per realm (`tools/simulator/shared-schema-asl-validator.ts`):
 * the verdicts are the library's own, call after call, whatever came before, and whatever passes were kept on disk.
 * The expected results below are what the unpatched asl-validator 4.0.0 answers for the same calls.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import {
  ASL_VALIDATOR_PATCHES,
  applyAslValidatorPatches,
  libraryFingerprint,
  loadSharedSchemaAslValidator,
} from "../../../tools/simulator/shared-schema-asl-validator";

const CHECK_PATHS = { checkPaths: true, checkArn: true };
const NO_PATH_CHECK = { checkPaths: false, checkArn: true };

const badPath = (): object => ({ StartAt: "A", States: { A: { Type: "Pass", InputPath: "$$bad", End: true } } });
const missingTarget = (): object => ({ StartAt: "A", States: { A: { Type: "Pass", Next: "B" } } });
const valid = (): object => ({ StartAt: "A", States: { A: { Type: "Pass", End: true } } });

const BAD_PATH_ERRORS = [
  {
    "Error code": "SCHEMA_VALIDATION_FAILED",
    Message: '/States/A/InputPath is invalid. must match format "asl_path"',
    schemaError: { instancePath: "/States/A/InputPath", schemaPath: "paths.json#/definitions/asl_path/format" },
  },
  {
    "Error code": "SCHEMA_VALIDATION_FAILED",
    Message: "/States/A/Type is invalid. must be equal to one of the allowed values",
    schemaError: { instancePath: "/States/A/Type", schemaPath: "#/definitions/Type/enum" },
  },
];

// Without a folder: these tests see the compiled schemas reused in memory alone.
const inMemory = loadSharedSchemaAslValidator();

const verdict = (definition: object, options?: { checkPaths: boolean; checkArn: boolean }): { isValid: boolean; errors: unknown[] } => {
  const result = inMemory(definition, options);
  return { isValid: result.isValid, errors: result.errors };
};

test("a schema error is reported as the library reports it, and not carried into the next valid definition's verdict", () => {
  // GIVEN the validator, which keeps its compiled schemas between calls
  // WHEN a definition with a bad path is validated, then a valid one
  const first = verdict(badPath(), CHECK_PATHS);
  const second = verdict(valid(), CHECK_PATHS);
  // THEN the first has the library's two schema errors, the second none
  expect(first).toEqual({ isValid: false, errors: BAD_PATH_ERRORS });
  expect(second).toEqual({ isValid: true, errors: [] });
});

test("checkPaths off accepts the bad path even after checkPaths on rejected it, and on rejects it again after", () => {
  // GIVEN the validator, having compiled its schemas with path checks on
  verdict(valid(), CHECK_PATHS);
  // WHEN the bad path is validated with path checks off, then on
  const off = verdict(badPath(), NO_PATH_CHECK);
  const on = verdict(badPath(), CHECK_PATHS);
  // THEN off accepts it (the library's stub formats), on rejects it as the library does
  expect(off).toEqual({ isValid: true, errors: [] });
  expect(on).toEqual({ isValid: false, errors: BAD_PATH_ERRORS });
});

test("the checks past the schema still run: a missing transition target and a missing terminal state", () => {
  // GIVEN a definition whose only state goes to a state that does not exist
  // WHEN it is validated with the library's default options
  const result = verdict(missingTarget());
  // THEN the library's two errors
  expect(result).toEqual({
    isValid: false,
    errors: [
      { "Error code": "MISSING_TRANSITION_TARGET", Message: "Missing 'StartAt'|'Next'|'Default' target: B" },
      { "Error code": "MISSING_TERMINAL_STATE", Message: "State machine fsm1 is missing a terminal state" },
    ],
  });
});

test("a patch that does not match the installed build exactly once fails loudly, naming it", () => {
  // GIVEN a source that is not asl-validator 4.0.0's json-schema-errors.js
  // WHEN the patches are applied
  // THEN the first patch's mismatch is reported
  expect(() => applyAslValidatorPatches("module.exports = {};")).toThrow(
    'asl-validator patch "build the Ajv instance (schemas and formats) in a function of the options alone" matched 0 times (expected once): ' +
      "the patch is written for version 4.0.0; review it for the installed version.",
  );
  expect(ASL_VALIDATOR_PATCHES).toHaveLength(3);
});

describe("passes remembered on disk", () => {
  const directory = (): string => mkdtempSync(join(tmpdir(), "asl-schema-verdicts-"));

  test("a definition that passes the schema is kept as one file; one that fails leaves none", () => {
    // GIVEN a validator that remembers passes in an empty folder
    const folder = directory();
    const validator = loadSharedSchemaAslValidator(folder);
    // WHEN a definition with a bad path, then a valid one, are validated
    validator(badPath(), CHECK_PATHS);
    const afterFailure = readdirSync(folder);
    validator(valid(), CHECK_PATHS);
    // THEN only the valid one left a file
    expect(afterFailure).toEqual([]);
    expect(readdirSync(folder)).toHaveLength(1);
  });

  test("a new validator on the same folder passes the kept definition, and still rejects others with the library's errors", () => {
    // GIVEN a folder where a first validator kept the valid definition's pass
    const folder = directory();
    loadSharedSchemaAslValidator(folder)(valid(), CHECK_PATHS);
    // WHEN a second validator (another process's, as it were) validates it, a bad path and a missing target
    const second = loadSharedSchemaAslValidator(folder);
    // THEN the kept one passes, the others fail as the library says
    expect(second(valid(), CHECK_PATHS)).toMatchObject({ isValid: true, errors: [] });
    expect(second(badPath(), CHECK_PATHS)).toMatchObject({ isValid: false, errors: BAD_PATH_ERRORS });
    expect(second(missingTarget(), CHECK_PATHS).errors.map((error) => error["Error code"])).toEqual(["MISSING_TRANSITION_TARGET", "MISSING_TERMINAL_STATE"]);
  });

  test("a pass kept without path checks does not pass the same definition with them", () => {
    // GIVEN the bad path kept as a pass with checkPaths off
    const folder = directory();
    loadSharedSchemaAslValidator(folder)(badPath(), NO_PATH_CHECK);
    // WHEN a new validator on that folder checks it with paths on
    const result = loadSharedSchemaAslValidator(folder)(badPath(), CHECK_PATHS);
    // THEN it is rejected
    expect(result).toMatchObject({ isValid: false, errors: BAD_PATH_ERRORS });
  });

  test("the library's fingerprint changes when one of its files changes", () => {
    // GIVEN a copy of the installed asl-validator's dist/src
    const copy = join(directory(), "src");
    const installed = dirname(require.resolve("asl-validator"));
    cpSync(installed, copy, { recursive: true });
    const before = libraryFingerprint(copy, installed);
    // WHEN one schema changes
    writeFileSync(join(copy, "schemas", "pass.json"), readFileSync(join(copy, "schemas", "pass.json"), "utf8").replace('"Pass"', '"Passe"'));
    // THEN the fingerprint differs (so no pass kept under the old one is found); the unchanged copy's was the installed one's
    expect(libraryFingerprint(copy, installed)).not.toBe(before);
    expect(before).toBe(libraryFingerprint(installed));
  });
});

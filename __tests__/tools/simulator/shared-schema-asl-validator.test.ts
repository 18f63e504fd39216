/**
 * asl-validator with its JSON schemas compiled once per realm (`tools/simulator/shared-schema-asl-validator.ts`):
 * the verdicts are the library's own, call after call, whatever came before.
 * The expected results below are what the unpatched asl-validator 4.0.0 answers for the same calls.
 */
import { ASL_VALIDATOR_PATCHES, applyAslValidatorPatches, sharedSchemaAslValidator } from "../../../tools/simulator/shared-schema-asl-validator";

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

const verdict = (definition: object, options?: { checkPaths: boolean; checkArn: boolean }): { isValid: boolean; errors: unknown[] } => {
  const result = sharedSchemaAslValidator()(definition, options);
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
  expect(ASL_VALIDATOR_PATCHES).toHaveLength(2);
});

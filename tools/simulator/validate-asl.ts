/**
 * Typed wrapper around `asl-validator` 4 (its JS API; the package ships no type declarations).
 *
 * The validator mutates the definition it checks (it fills in `QueryLanguage` on every state), so this
 * wrapper validates a deep copy.
 */

export interface AslValidationError {
  readonly "Error code": string;
  readonly Message: string;
}

export interface AslValidationResult {
  readonly isValid: boolean;
  readonly errors: readonly AslValidationError[];
  /** All errors as `<code>: <message>`, one per line. */
  readonly errorsText: string;
}

interface AslValidatorModule {
  (
    definition: unknown,
    options?: { checkPaths: boolean; checkArn: boolean },
  ): {
    isValid: boolean;
    errors: AslValidationError[];
    errorsText: (separator?: string) => string;
  };
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const aslValidator = require("asl-validator") as AslValidatorModule;

/** Validates an ASL definition with asl-validator (JSONPath and ARN checks on). */
export function validateAsl(definition: object): AslValidationResult {
  const result = aslValidator(JSON.parse(JSON.stringify(definition)), { checkPaths: true, checkArn: true });
  return { isValid: result.isValid, errors: result.errors, errorsText: result.errorsText("\n") };
}

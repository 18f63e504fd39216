/** One line of the preflight table: what was checked, on what, the result, and what to fix when it failed. */
export type PreflightResult = "pass" | "fail" | "skip";

export interface PreflightRow {
  /** Which check: `test-state`, `iam-simulate`, `ec2-dry-run`, `eks-endpoint`, `eks-access`, `credentials`. */
  readonly check: string;
  /** What it was checked on, e.g. `<stack> ecs-stop-task: Is Task Found`. */
  readonly target: string;
  readonly result: PreflightResult;
  /** What was seen. */
  readonly detail: string;
  /** What to do about a fail or skip; empty for a pass. */
  readonly fix: string;
}

/** The exit code of a table: 1 when any row failed, else 0 (a skip proves nothing but is not a failure). */
export function exitCodeOf(rows: readonly PreflightRow[]): 0 | 1 {
  return rows.some((row) => row.result === "fail") ? 1 : 0;
}

/** An AWS SDK error in words, never a stack trace: `AccessDeniedException: <message>`. */
export function describeAwsError(error: unknown): string {
  if (error instanceof Error) {
    const name = error.name === "Error" ? "" : `${error.name}: `;
    return `${name}${error.message}`.trim();
  }
  return String(error);
}

/** Whether an SDK error says the caller may not make the call. */
export function isAccessDenied(error: unknown): boolean {
  const name = error instanceof Error ? error.name : "";
  return /AccessDenied|UnauthorizedOperation|NotAuthorized|UnrecognizedClient|InvalidClientTokenId|ExpiredToken/u.test(name);
}

/** Whether an SDK error says there are no credentials at all (the default provider chain found none). */
export function isMissingCredentials(error: unknown): boolean {
  return error instanceof Error && (error.name === "CredentialsProviderError" || /Could not load credentials/u.test(error.message));
}

/** The row for a preflight API call that failed: AccessDenied or no credentials, with the fix. */
export function apiErrorRow(check: string, target: string, api: string, error: unknown): PreflightRow {
  if (isMissingCredentials(error)) {
    // A fail, not a skip: nothing was checked, and a run that checked nothing must not exit 0.
    return {
      check,
      target,
      result: "fail",
      detail: `no AWS credentials for ${api}: nothing was checked`,
      fix: "set AWS_PROFILE (or AWS credentials) for the account the stack deploys to, then run preflight again",
    };
  }
  if (isAccessDenied(error)) {
    return {
      check,
      target,
      result: "fail",
      detail: `${api} was refused: ${describeAwsError(error)}`,
      fix: `allow ${api} to the identity running preflight (see docs/preflight.md, "Permissions preflight needs")`,
    };
  }
  return {
    check,
    target,
    result: "fail",
    detail: `${api} failed: ${describeAwsError(error)}`,
    fix: "see the message; run preflight again once it is resolved",
  };
}

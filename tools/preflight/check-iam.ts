/**
 * Check (b): the deployed roles may make the calls their workflow makes, as IAM evaluates them in the account
 * (the role's policies, its permissions boundary and the organization's SCPs).
 *
 * iam:SimulatePrincipalPolicy (https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html):
 * `PolicySourceArn` the role, `ActionNames`, `ResourceArns` (default `*`), `ContextEntries` (ContextKeyName,
 * ContextKeyValues, ContextKeyType); each EvaluationResult has `EvalDecision` allowed | explicitDeny |
 * implicitDeny, with `OrganizationsDecisionDetail.AllowedByOrganizations` and
 * `PermissionsBoundaryDecisionDetail.AllowedByPermissionsBoundary`; results are paged (`IsTruncated`, `Marker`).
 * `AllowedByOrganizations` "specifies whether the simulated operation is allowed by the Organizations service
 * control policies that impact the simulated user's account" (IAM API, OrganizationsDecisionDetail): the
 * simulation takes the SCPs into account. It evaluates policies only: nothing is called, nothing changes.
 *
 * What is simulated, per role: every Allow statement the stack gives it (from the synthesized Terraform, so a
 * grant added for a new state is covered), each action on each resource, a wildcard in a resource ARN replaced
 * by a sample name, with context values that satisfy the statement's own conditions (the call as the workflow
 * makes it). The state machine role's statements come from its type's grants for the definition's Task states;
 * the EventBridge role's is states:StartExecution on the state machine.
 */
import { SimulatePrincipalPolicyCommand, type ContextEntry, type EvaluationResult, type IAMClient } from "@aws-sdk/client-iam";
import { namesUnresolved, type SynthesizedStatement } from "./deployed-stack";
import { apiErrorRow, describeAwsError, type PreflightRow } from "./rows";

export const IAM_CHECK = "iam-simulate";

/** A name that stands for "any" where a statement's ARN has a wildcard. */
export const SAMPLE_NAME = "preflight-sample";

/** One simulation: actions of one statement on its resources, in the statement's context. */
export interface SimulationRequest {
  readonly sid: string;
  readonly actions: readonly string[];
  /** Undefined: `*`. */
  readonly resourceArns?: readonly string[];
  readonly contextEntries: readonly ContextEntry[];
}

const asList = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/**
 * The simulations of a role's statements. Not simulated, and returned in `skipped` with the reason: a statement
 * naming a value only AWS knows, and a wildcard action (`kms:ReEncrypt*`): SimulatePrincipalPolicy takes API
 * operation names ("Each operation must include the service identifier, such as iam:CreateUser", ActionNames),
 * and preflight does not guess which operations a wildcard covers.
 */
export function simulationRequestsOf(statements: readonly SynthesizedStatement[]): { requests: SimulationRequest[]; skipped: string[] } {
  const requests: SimulationRequest[] = [];
  const skipped: string[] = [];
  statements.forEach((statement, index) => {
    const sid = statement.Sid ?? `statement ${index + 1}`;
    if (statement.Effect !== "Allow" || statement.Action === undefined) return; // a Deny or NotAction statement is not a call
    if (namesUnresolved(JSON.stringify(statement))) {
      skipped.push(`${sid} (a resource ARN only AWS knows)`);
      return;
    }
    const actions = asList(statement.Action);
    const wildcards = actions.filter((action) => action.includes("*") || action.includes("?"));
    if (wildcards.length > 0) skipped.push(`${sid}: ${wildcards.join(", ")} (wildcard action${wildcards.length === 1 ? "" : "s"})`);
    const literal = actions.filter((action) => !wildcards.includes(action));
    if (literal.length === 0) return;
    const resources = asList(statement.Resource);
    const concrete = resources.filter((r) => r !== "*").map((r) => r.replace(/\*/gu, SAMPLE_NAME).replace(/\?/gu, "x"));
    requests.push({ sid, actions: literal, resourceArns: concrete.length > 0 ? concrete : undefined, contextEntries: contextOf(statement) });
  });
  return { requests, skipped };
}

/** Context values that satisfy the statement's conditions (a `...IfExists` or `Null` condition is left to hold by absence). */
export function contextOf(statement: SynthesizedStatement): ContextEntry[] {
  const entries: ContextEntry[] = [];
  for (const [operator, keys] of Object.entries(statement.Condition ?? {})) {
    if (operator.endsWith("IfExists") || operator === "Null") continue;
    const multi = operator.startsWith("ForAllValues:") || operator.startsWith("ForAnyValue:");
    const base = operator.replace(/^For(All|Any)Values?:/u, "");
    for (const [key, raw] of Object.entries(keys)) {
      const values = (Array.isArray(raw) ? raw : [raw]).map(String);
      const negated = base.includes("Not");
      const sample = (value: string): string =>
        negated ? `${SAMPLE_NAME}-${value.replace(/[*?]/gu, "")}` : value.replace(/\*/gu, SAMPLE_NAME).replace(/\?/gu, "x");
      const type = base.startsWith("Bool")
        ? "boolean"
        : base.startsWith("Numeric")
          ? "numeric"
          : base.startsWith("Date")
            ? "date"
            : base.startsWith("IpAddress")
              ? "ip"
              : "string";
      entries.push({
        ContextKeyName: key,
        ContextKeyValues: multi ? values.map(sample) : [sample(values[0])],
        ContextKeyType: multi ? (`${type}List` as ContextEntry["ContextKeyType"]) : (type as ContextEntry["ContextKeyType"]),
      });
    }
  }
  return entries;
}

/** Runs the simulations for one role and returns one row per denied action and resource, or one pass row. */
export async function checkRolePermissions(
  iam: IAMClient,
  target: string,
  roleArn: string,
  statements: readonly SynthesizedStatement[],
): Promise<PreflightRow[]> {
  const rowTarget = `${target}: ${roleArn.split("/").pop() ?? roleArn}`;
  const { requests, skipped } = simulationRequestsOf(statements);
  const rows: PreflightRow[] = [];
  let allowed = 0;
  for (const request of requests) {
    const results: EvaluationResult[] = [];
    try {
      let marker: string | undefined;
      do {
        const page = await iam.send(
          new SimulatePrincipalPolicyCommand({
            PolicySourceArn: roleArn,
            ActionNames: [...request.actions],
            ResourceArns: request.resourceArns === undefined ? undefined : [...request.resourceArns],
            ContextEntries: request.contextEntries.length > 0 ? [...request.contextEntries] : undefined,
            Marker: marker,
          }),
        );
        results.push(...(page.EvaluationResults ?? []));
        marker = page.IsTruncated === true ? page.Marker : undefined;
      } while (marker !== undefined);
    } catch (error) {
      if ((error as Error).name === "NoSuchEntityException" || (error as Error).name === "NoSuchEntity") {
        return [
          {
            check: IAM_CHECK,
            target: rowTarget,
            result: "fail",
            detail: `the role does not exist: ${describeAwsError(error)}`,
            fix: "deploy the stack (npm run deploy) in this account and region, then run preflight again",
          },
        ];
      }
      return [apiErrorRow(IAM_CHECK, rowTarget, "iam:SimulatePrincipalPolicy", error)];
    }
    for (const result of results) {
      if (result.EvalDecision === "allowed") {
        allowed += 1;
        continue;
      }
      rows.push({
        check: IAM_CHECK,
        target: rowTarget,
        result: "fail",
        detail: `${result.EvalActionName ?? "?"} on ${result.EvalResourceName ?? "*"} is ${result.EvalDecision ?? "denied"} (statement ${request.sid})${whyDenied(result)}`,
        fix: fixFor(result),
      });
    }
  }
  if (skipped.length > 0) {
    rows.push({
      check: IAM_CHECK,
      target: rowTarget,
      result: "skip",
      detail: `not simulated: ${skipped.join("; ")}`,
      fix: "check it with npm run review (the role's grants) or the IAM policy simulator console",
    });
  }
  if (rows.every((row) => row.result !== "fail")) {
    rows.unshift({
      check: IAM_CHECK,
      target: rowTarget,
      result: "pass",
      detail: `${allowed} action/resource pair${allowed === 1 ? "" : "s"} allowed`,
      fix: "",
    });
  }
  return rows;
}

function whyDenied(result: EvaluationResult): string {
  if (result.OrganizationsDecisionDetail?.AllowedByOrganizations === false) return ": a service control policy of your organization denies it";
  if (result.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary === false) return ": the role's permissions boundary does not allow it";
  if (result.EvalDecision === "explicitDeny") return ": a Deny statement matches";
  if ((result.MissingContextValues ?? []).length > 0) return `: missing context ${result.MissingContextValues!.join(", ")}`;
  return ": no policy of the role allows it";
}

function fixFor(result: EvaluationResult): string {
  if (result.OrganizationsDecisionDetail?.AllowedByOrganizations === false)
    return `ask your organization's administrators to exempt this role from the SCP that denies ${result.EvalActionName ?? "the action"}`;
  if (result.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary === false)
    return `add ${result.EvalActionName ?? "the action"} to the role's permissions boundary, or remove the boundary`;
  return "the deployed role differs from the stack: run npm run diff, then npm run deploy (or remove the Deny that matches)";
}

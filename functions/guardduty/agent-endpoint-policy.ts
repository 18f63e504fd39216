import { ConditionBlock, PolicyDocument, policyDocument } from "../iam/policy-document";

/** Who may use the `guardduty-data` endpoint: principals of given accounts, or of one organization. */
export type EndpointPrincipalScope =
  { readonly accountIds: readonly string[]; readonly organizationId?: undefined } | { readonly organizationId: string; readonly accountIds?: undefined };

/**
 * The endpoint policy the GuardDuty user guide gives for the Runtime Monitoring agent endpoint:
 * allow everything, then deny any principal outside the given accounts (or organization).
 */
export function buildAgentEndpointPolicy(scope: EndpointPrincipalScope): PolicyDocument {
  const condition: ConditionBlock =
    scope.organizationId !== undefined
      ? { StringNotEquals: { "aws:PrincipalOrgID": scope.organizationId } }
      : { StringNotEquals: { "aws:PrincipalAccount": single(scope.accountIds) } };
  return policyDocument(
    { Action: "*", Resource: "*", Effect: "Allow", Principal: "*" },
    { Condition: condition, Action: "*", Resource: "*", Effect: "Deny", Principal: "*" },
  );
}

/** AWS's example uses a plain string for one account and a list for several. */
function single(accountIds: readonly string[]): string | readonly string[] {
  if (accountIds.length === 0) throw new Error("accountIds: at least one account id is required");
  return accountIds.length === 1 ? accountIds[0] : accountIds;
}

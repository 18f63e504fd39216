/**
 * What each response type's containment actions are counted against by the blast-radius cap: the cluster (ECS
 * task stop, EKS pod containment) or the account (EC2 isolation), as a JSONPath into its workflow's state (the
 * input parts its input transformer builds). A new type adds its entry here (docs/safety-rails.md).
 */
import type { RailScope } from "./rail";

export const RAIL_SCOPES: Readonly<Record<string, RailScope>> = {
  "ecs-stop-task": { kind: "cluster", path: "$.ecs.clusterArn" },
  "ec2-isolate-instance": { kind: "account", path: "$.finding.accountId" },
  "eks-contain-pod": { kind: "cluster", path: "$.eks.clusterArn" },
};

/** The scope of `responseTypeId`, or an error naming the type. */
export function railScopeOf(responseTypeId: string): RailScope {
  const scope = RAIL_SCOPES[responseTypeId];
  if (scope === undefined) {
    throw new Error(`the safety rails do not know what the response type ${responseTypeId} acts within: add it to functions/safety-rails/scopes.ts`);
  }
  return scope;
}

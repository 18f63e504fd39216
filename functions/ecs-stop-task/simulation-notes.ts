/**
 * What `simulate` tells the user about an ECS finding that its fake AWS cannot show: the state machine's role
 * may stop only the tasks of `clusterArns` (or, without them, of the stack's account and region), so in AWS the
 * ECS calls for a task elsewhere are denied, while the simulated ECS, which does not evaluate IAM, answers them.
 */
import type { SimulationNoteContext } from "../response-types/contract";

type Json = Readonly<Record<string, unknown>>;
const objectAt = (value: unknown, key: string): Json | undefined => {
  const child = typeof value === "object" && value !== null ? (value as Json)[key] : undefined;
  return typeof child === "object" && child !== null && !Array.isArray(child) ? (child as Json) : undefined;
};

/** The finding's cluster ARN (`resource.ecsClusterDetails.arn`), when it has one. */
function clusterArnOf(finding: Json): string | undefined {
  const arn = objectAt(objectAt(finding, "resource"), "ecsClusterDetails")?.arn;
  return typeof arn === "string" ? arn : undefined;
}

/** The note when the finding's cluster is outside the role's ECS scope; none when it is inside. */
export function ecsSimulationNotes(props: { readonly clusterArns?: readonly string[] }, finding: Json, context: SimulationNoteContext): string[] {
  const clusterArn = clusterArnOf(finding);
  if (clusterArn === undefined) return [];
  const scope = outOfRoleScope(clusterArn, props.clusterArns ?? [], context);
  if (scope === undefined) return [];
  return [
    `The state machine's role may only act on the tasks of ${scope}; in AWS its ECS calls for this task (cluster ${clusterArn}) would be denied. ` +
      "The simulation does not evaluate IAM: use --answer access-denied to see that path.",
  ];
}

function outOfRoleScope(clusterArn: string, clusterArns: readonly string[], context: SimulationNoteContext): string | undefined {
  if (clusterArns.length > 0)
    return clusterArns.includes(clusterArn) ? undefined : `the clusters of clusterArns / ecs_auto_stop.cluster_arns (${clusterArns.join(", ")})`;
  // arn:<partition>:ecs:<region>:<account>:cluster/<name> (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html#amazonelasticcontainerservice-resources-for-iam-policies)
  const [, , , region, account] = clusterArn.split(":");
  return region === context.region && account === context.accountId ? undefined : `the clusters of account ${context.accountId} in ${context.region}`;
}

/**
 * Identity policy of the EKS pod containment state machine's role.
 *
 * - `eks:DescribeCluster` on the clusters it may act in: the `aws-sdk:eks:describeCluster` task reads the API
 *   endpoint and CA that `eks:call` needs.
 * - Nothing for `eks:call`: that integration is an HTTPS call to the cluster's Kubernetes API, authenticated
 *   as this role (an IAM authenticator token) and authorized by Kubernetes through the role's EKS access entry
 *   (`access-entry.ts`), not by IAM.
 * - `sns:Publish` on the one notification topic (and, when the topic is encrypted, the key through SNS only).
 * - CloudWatch Logs delivery (and X-Ray when tracing), as every state machine role of this project.
 */
import type { PolicyDocument, PolicyStatement } from "../iam/policy-document";
import type { ResponseRolePolicyProps } from "../iam/response-role-statements";
import type { RoleGrant } from "../response-types/contract";
import { integrationNeed, notifyLogAndTraceGrants, rolePolicyOf } from "../response-types/role-policy";
import { buildEksContainmentDefinition } from "./state-machine";

/** Partition, region and account are those of the clusters. */
export interface EksContainPodPolicyProps extends ResponseRolePolicyProps {
  /**
   * ARNs of the clusters the workflow may act in (`arn:<partition>:eks:<region>:<account>:cluster/<name>`).
   * @default - every cluster of this account and region (`cluster/*`)
   */
  readonly clusterArns?: readonly string[];
}

/** `eks:DescribeCluster` is the only EKS IAM action the workflow uses. */
export const EKS_CONTAIN_POD_EKS_ACTIONS = ["eks:DescribeCluster"] as const;

/** What the EKS containment workflow needs from its role, per Task integration, in the order the role policy lists them. */
export function eksContainPodRoleGrants(props: EksContainPodPolicyProps): RoleGrant[] {
  const clusters = props.clusterArns ?? [];
  const describe: PolicyStatement = {
    Sid: clusters.length === 0 ? "DescribeClustersOfThisAccountAndRegion" : "DescribeConfiguredClusters",
    Effect: "Allow",
    Action: "eks:DescribeCluster",
    Resource: clusters.length === 0 ? `arn:${props.partition}:eks:${props.region}:${props.accountId}:cluster/*` : [...new Set(clusters)],
  };
  const common = notifyLogAndTraceGrants(props);
  return [
    { neededBy: [integrationNeed("aws-sdk:eks:describeCluster")], statements: [describe] },
    {
      neededBy: [integrationNeed("eks:call")],
      statements: [],
      reason: "eks:call is an HTTPS call to the cluster's Kubernetes API as this role: Kubernetes authorizes it through the role's EKS access entry, not IAM",
    },
    common.publish,
    common.logging,
    common.topicKey,
    common.tracing,
  ];
}

/** Identity policy of the EKS containment state machine role: its grants, for what the workflow calls. */
export function buildEksContainPodStateMachinePolicy(props: EksContainPodPolicyProps): PolicyDocument {
  return rolePolicyOf(eksContainPodRoleGrants(props), buildEksContainmentDefinition({ topicArn: props.topicArn, partition: props.partition }), props);
}

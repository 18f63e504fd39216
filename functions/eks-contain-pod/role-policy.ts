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
import { policyDocument, type PolicyDocument, type PolicyStatement } from "../iam/policy-document";
import { buildPublishAndLogStatements, buildTracingStatements, type ResponseRolePolicyProps } from "../iam/response-role-statements";

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

export function buildEksContainPodStateMachinePolicy(props: EksContainPodPolicyProps): PolicyDocument {
  const clusters = props.clusterArns ?? [];
  const describe: PolicyStatement = {
    Sid: clusters.length === 0 ? "DescribeClustersOfThisAccountAndRegion" : "DescribeConfiguredClusters",
    Effect: "Allow",
    Action: "eks:DescribeCluster",
    Resource: clusters.length === 0 ? `arn:${props.partition}:eks:${props.region}:${props.accountId}:cluster/*` : [...new Set(clusters)],
  };
  return policyDocument(describe, ...buildPublishAndLogStatements(props), ...buildTracingStatements(props));
}

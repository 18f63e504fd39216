/**
 * Check (d): Step Functions can reach, and is let into, each EKS cluster the stack contains pods in (the
 * clusters of the state machine role's EKS access policy associations in the synthesized stack).
 *
 * - `eks:call` "supports only Kubernetes APIs with public endpoint access" (Step Functions developer guide,
 *   connect-eks.html): eks:DescribeCluster's `resourcesVpcConfig.endpointPublicAccess` must be true, and its
 *   `publicAccessCidrs` must let Step Functions in; Step Functions calls from AWS's own addresses, which preflight
 *   cannot list, so anything narrower than 0.0.0.0/0 fails closed (the fix says what to allow). The cluster must
 *   be ACTIVE, and its `accessConfig.authenticationMode` API or API_AND_CONFIG_MAP (access entries are read only
 *   then: https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html).
 * - The role's access entry (eks:ListAccessEntries, paged by nextToken) and its access policy association
 *   (eks:ListAssociatedAccessPolicies: `associatedAccessPolicies[].policyArn`, `accessScope.type`/`namespaces`)
 *   must be what the stack deploys.
 * Every call here only reads.
 */
import {
  DescribeClusterCommand,
  ListAccessEntriesCommand,
  ListAssociatedAccessPoliciesCommand,
  type AssociatedAccessPolicy,
  type EKSClient,
  type ListAssociatedAccessPoliciesCommandOutput,
} from "@aws-sdk/client-eks";
import type { ExpectedEksAccess } from "./deployed-stack";
import { apiErrorRow, describeAwsError, type PreflightRow } from "./rows";

export const EKS_ENDPOINT_CHECK = "eks-endpoint";
export const EKS_ACCESS_CHECK = "eks-access";

/** The endpoint and access rows of one cluster. */
export async function checkEksCluster(eks: EKSClient, target: string, roleArn: string, expected: ExpectedEksAccess): Promise<PreflightRow[]> {
  const clusterTarget = `${target}: cluster ${expected.clusterName}`;
  const row = (check: string, result: PreflightRow["result"], detail: string, fix = ""): PreflightRow => ({
    check,
    target: clusterTarget,
    result,
    detail,
    fix,
  });

  let cluster;
  try {
    cluster = (await eks.send(new DescribeClusterCommand({ name: expected.clusterName }))).cluster;
  } catch (error) {
    if ((error as Error).name === "ResourceNotFoundException") {
      return [
        row(
          EKS_ENDPOINT_CHECK,
          "fail",
          `no such cluster here: ${describeAwsError(error)}`,
          "fix eks_containment.cluster_names (or the stack's region) in the config",
        ),
      ];
    }
    return [apiErrorRow(EKS_ENDPOINT_CHECK, clusterTarget, "eks:DescribeCluster", error)];
  }
  const rows: PreflightRow[] = [];
  const vpc = cluster?.resourcesVpcConfig;
  const cidrs = vpc?.publicAccessCidrs ?? [];
  if (cluster?.status !== "ACTIVE") {
    rows.push(
      row(
        EKS_ENDPOINT_CHECK,
        "fail",
        `the cluster is ${cluster?.status ?? "of unknown status"}, not ACTIVE`,
        "wait until the cluster is ACTIVE, then run preflight again",
      ),
    );
  } else if (vpc?.endpointPublicAccess !== true) {
    rows.push(
      row(
        EKS_ENDPOINT_CHECK,
        "fail",
        "the Kubernetes API has no public endpoint: Step Functions' eks:call reaches only clusters with public endpoint access",
        "enable the cluster's public endpoint (aws eks update-cluster-config --resources-vpc-config endpointPublicAccess=true), or contain pods in this cluster otherwise",
      ),
    );
  } else if (!cidrs.includes("0.0.0.0/0")) {
    rows.push(
      row(
        EKS_ENDPOINT_CHECK,
        "fail",
        `the public endpoint admits only ${cidrs.join(", ") || "no address"}: Step Functions calls from AWS's own addresses`,
        "add the Step Functions address ranges of this region (service STEP_FUNCTIONS in https://ip-ranges.amazonaws.com/ip-ranges.json) to publicAccessCidrs, or 0.0.0.0/0",
      ),
    );
  } else {
    rows.push(
      row(EKS_ENDPOINT_CHECK, "pass", `ACTIVE, public endpoint open to 0.0.0.0/0${vpc.endpointPrivateAccess === true ? " (private endpoint on too)" : ""}`),
    );
  }
  const mode = cluster?.accessConfig?.authenticationMode;
  if (mode !== "API" && mode !== "API_AND_CONFIG_MAP") {
    rows.push(
      row(
        EKS_ACCESS_CHECK,
        "fail",
        `authentication mode ${mode ?? "CONFIG_MAP (not set)"}: EKS ignores access entries`,
        "switch the cluster to API_AND_CONFIG_MAP (aws eks update-cluster-config --access-config authenticationMode=API_AND_CONFIG_MAP)",
      ),
    );
    return rows;
  }

  try {
    const entries: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await eks.send(new ListAccessEntriesCommand({ clusterName: expected.clusterName, nextToken }));
      entries.push(...(page.accessEntries ?? []));
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    if (!entries.includes(roleArn)) {
      rows.push(row(EKS_ACCESS_CHECK, "fail", `no access entry for ${roleArn}`, "deploy the stack (npm run deploy): it creates the access entry"));
      return rows;
    }
    const policies: AssociatedAccessPolicy[] = [];
    nextToken = undefined;
    do {
      const page: ListAssociatedAccessPoliciesCommandOutput = await eks.send(
        new ListAssociatedAccessPoliciesCommand({ clusterName: expected.clusterName, principalArn: roleArn, nextToken }),
      );
      policies.push(...(page.associatedAccessPolicies ?? []));
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    const association = policies.find((p) => p.policyArn === expected.policyArn);
    const missing =
      expected.namespaces === undefined
        ? association?.accessScope?.type === "cluster"
          ? []
          : ["(the whole cluster)"]
        : expected.namespaces.filter((n) => association?.accessScope?.type !== "cluster" && !(association?.accessScope?.namespaces ?? []).includes(n));
    if (association === undefined || missing.length > 0) {
      rows.push(
        row(
          EKS_ACCESS_CHECK,
          "fail",
          association === undefined ? `${expected.policyArn} is not associated with the role` : `the association does not cover ${missing.join(", ")}`,
          "deploy the stack (npm run deploy): it associates the access policy with the namespaces of eks_containment.namespaces",
        ),
      );
    } else {
      rows.push(
        row(EKS_ACCESS_CHECK, "pass", `access entry with ${expected.policyArn.split("/").pop()} on ${expected.namespaces?.join(", ") ?? "the whole cluster"}`),
      );
    }
  } catch (error) {
    rows.push(apiErrorRow(EKS_ACCESS_CHECK, clusterTarget, "eks:ListAccessEntries / eks:ListAssociatedAccessPolicies", error));
  }
  return rows;
}

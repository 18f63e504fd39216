/**
 * An EKS cluster gets the aws-guardduty-agent add-on from one agent endpoint only. An add-on is named within
 * its cluster (EKS CreateAddon, POST /clusters/{name}/addons with addonName), so a cluster has at most one
 * aws-guardduty-agent: the second endpoint's aws_eks_addon would fail at apply with ResourceInUseException
 * ("The specified add-on name is in use", EKS API reference). Terraform plans both without complaint.
 */
import type { Config } from "../config-schema";
import type { ConfigProblem } from "../config-error";
import { refuse } from "./config-rule";

export function eksAddonClusters(config: Config): ConfigProblem[] {
  const owner = new Map<string, number>();
  const problems: ConfigProblem[] = [];
  config.agent_endpoints.forEach((e, i) => {
    (e.eks_addon?.cluster_names ?? []).forEach((cluster, j) => {
      const first = owner.get(cluster);
      if (first === undefined) {
        owner.set(cluster, i);
        return;
      }
      problems.push(
        refuse(
          `agent_endpoints[${i}].eks_addon.cluster_names[${j}]`,
          cluster,
          `a cluster not listed by another agent endpoint: agent_endpoints[${first}] (${config.agent_endpoints[first].name}) already installs the aws-guardduty-agent add-on on it, and a cluster has one`,
        ),
      );
    });
  });
  return problems;
}

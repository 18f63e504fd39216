/**
 * The EKS exemption and isolation labels are labels the workflow builder accepts (its own predicates,
 * functions/eks-contain-pod/state-machine.ts: a key prefix of at most 253 characters, a non-empty value,
 * since the workflow selects on the value) and differ from each other (an isolated pod would count as exempt).
 */
import { EKS_DEFAULT_EXEMPTION_LABEL, EKS_DEFAULT_ISOLATION_LABEL, isLabelKey, isLabelValue } from "../../functions/eks-contain-pod/state-machine";
import type { Config } from "../config-schema";
import type { ConfigProblem } from "../config-error";
import { refuse } from "./config-rule";

export function eksContainmentLabels(config: Config): ConfigProblem[] {
  const eks = config.eks_containment;
  const exemption = eks.exemption_label ?? EKS_DEFAULT_EXEMPTION_LABEL;
  const isolation = eks.isolation_label ?? EKS_DEFAULT_ISOLATION_LABEL;
  const problems: ConfigProblem[] = [];
  for (const [name, label] of [
    ["exemption_label", eks.exemption_label],
    ["isolation_label", eks.isolation_label],
  ] as const) {
    if (label === undefined) continue;
    if (!isLabelKey(label.key)) {
      problems.push(
        refuse(
          `eks_containment.${name}.key`,
          label.key,
          "a Kubernetes label key: [prefix/]name, the prefix a DNS subdomain of at most 253 characters, the name at most 63",
        ),
      );
    }
    if (!isLabelValue(label.value)) {
      problems.push(
        refuse(`eks_containment.${name}.value`, label.value, "a non-empty Kubernetes label value of at most 63 characters (the workflow selects pods by it)"),
      );
    }
  }
  if (isolation.key === exemption.key && isolation.value === exemption.value) {
    problems.push(
      refuse(
        "eks_containment.isolation_label",
        isolation,
        `a label other than the exemption label ${exemption.key}=${exemption.value} (eks_containment.exemption_label): an isolated pod would count as exempt`,
      ),
    );
  }
  return problems;
}

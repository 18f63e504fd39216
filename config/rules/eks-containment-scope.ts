/**
 * EKS containment has a scope: at least one cluster and one namespace (the access policy is scoped to the
 * namespaces; functions/eks-contain-pod/access-entry.ts refuses a namespace scope without any), and no protected namespace: kube-system always, and
 * eks_containment.protected_namespaces (default EKS_DEFAULT_PROTECTED_NAMESPACES), as the workflow builder
 * resolves them (functions/eks-contain-pod/state-machine.ts).
 */
import { EKS_ALWAYS_PROTECTED_NAMESPACES, EKS_DEFAULT_PROTECTED_NAMESPACES } from "../../functions/eks-contain-pod/state-machine";
import type { Config } from "../config-schema";
import type { ConfigProblem } from "../config-error";
import { refuse } from "./config-rule";

export function eksContainmentScope(config: Config): ConfigProblem[] {
  const eks = config.eks_containment;
  if (!eks.enabled) return [];
  const problems: ConfigProblem[] = [];
  if (eks.cluster_names.length === 0)
    problems.push(refuse("eks_containment.cluster_names", [], "at least one EKS cluster name while eks_containment.enabled is true"));
  if (eks.namespaces.length === 0)
    problems.push(refuse("eks_containment.namespaces", [], "at least one namespace while eks_containment.enabled is true (the access scope)"));
  const protectedNamespaces = new Set([...EKS_ALWAYS_PROTECTED_NAMESPACES, ...(eks.protected_namespaces ?? EKS_DEFAULT_PROTECTED_NAMESPACES)]);
  eks.namespaces.forEach((ns, i) => {
    if (protectedNamespaces.has(ns)) {
      problems.push(
        refuse(
          `eks_containment.namespaces[${i}]`,
          ns,
          "a namespace that is not protected (kube-system and eks_containment.protected_namespaces are never acted on)",
        ),
      );
    }
  });
  return problems;
}

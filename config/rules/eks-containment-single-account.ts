/** EKS containment names clusters, which belong to one account and region: not with deployments, whose every stack would act on them. */
import type { Config } from "../config-schema";
import type { ConfigProblem } from "../config-error";
import { refuse } from "./config-rule";

export function eksContainmentSingleAccount(config: Config): ConfigProblem[] {
  if (config.deployments.length === 0 || !config.eks_containment.enabled) return [];
  return [
    refuse(
      "eks_containment.enabled",
      true,
      "false with deployments: EKS clusters belong to one account and region, use one config per account for EKS containment",
    ),
  ];
}

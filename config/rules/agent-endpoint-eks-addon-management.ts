/**
 * An agent endpoint installs the EKS add-on itself only while GuardDuty does not manage it
 * (detector.runtime_monitoring.eks_addon_management false): both would own the same aws-guardduty-agent add-on.
 */
import type { Config } from "../config-schema";
import type { ConfigProblem } from "../config-error";
import { refuse } from "./config-rule";

export function agentEndpointEksAddonManagement(config: Config): ConfigProblem[] {
  if (!config.detector.runtime_monitoring.eks_addon_management) return [];
  return config.agent_endpoints.flatMap((e, i) =>
    e.eks_addon !== undefined
      ? [
          refuse(
            `agent_endpoints[${i}].eks_addon`,
            e.eks_addon,
            "no value while detector.runtime_monitoring.eks_addon_management is true: GuardDuty already manages the add-on",
          ),
        ]
      : [],
  );
}

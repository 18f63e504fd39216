/**
 * A protection plan is ENABLED only where GuardDuty offers it: in every Region the config deploys to (region,
 * or every deployments[].regions). GuardDuty user guide, "Amazon GuardDuty Regions and endpoints",
 * Region-specific feature availability: "RDS Protection is not supported in Asia Pacific (Taipei) (ap-east-2)
 * Region" (PROTECTION_PLAN_NOT_OFFERED_IN). A plan set DISABLED there is simply not written (nothing to turn off).
 */
import { isProtectionPlanOffered } from "../../functions/guardduty/runtime-monitoring-features";
import type { Config } from "../config-schema";
import type { ConfigProblem } from "../config-error";
import { refuse } from "./config-rule";
import { deploymentTargets } from "./deployment-targets";

export function detectorFeaturesOffered(config: Config): ConfigProblem[] {
  const regions = [...new Set(deploymentTargets(config).map((t) => t.region))];
  const where = config.deployments.length > 0 ? "deployments[].regions" : "region";
  return Object.entries(config.detector.features).flatMap(([name, status]) => {
    const missing = regions.filter((r) => !isProtectionPlanOffered(name, r));
    if (status !== "ENABLED" || missing.length === 0) return [];
    return [
      refuse(
        `detector.features.${name}`,
        status,
        `"DISABLED" or no value: GuardDuty does not offer ${name} in ${missing.join(", ")}, where this config deploys (${where}); deploy there with another config that leaves it out`,
      ),
    ];
  });
}

/**
 * The legacy EKS_RUNTIME_MONITORING feature is not set beside RUNTIME_MONITORING, which every stack writes:
 * "Specifying both EKS Runtime Monitoring (EKS_RUNTIME_MONITORING) and Runtime Monitoring
 * (RUNTIME_MONITORING) will cause an error" (GuardDuty API reference, DetectorFeatureConfiguration).
 */
import { LEGACY_EKS_RUNTIME_MONITORING } from "../../functions/guardduty/runtime-monitoring-features";
import type { Config } from "../config-schema";
import type { ConfigProblem } from "../config-error";
import { refuse } from "./config-rule";

export function legacyEksRuntimeMonitoring(config: Config): ConfigProblem[] {
  const features = config.detector.features;
  if (!(LEGACY_EKS_RUNTIME_MONITORING in features)) return [];
  return [
    refuse(
      `detector.features.${LEGACY_EKS_RUNTIME_MONITORING}`,
      features[LEGACY_EKS_RUNTIME_MONITORING],
      "no value: RUNTIME_MONITORING (detector.runtime_monitoring) replaces it and GuardDuty refuses both on one detector",
    ),
  ];
}

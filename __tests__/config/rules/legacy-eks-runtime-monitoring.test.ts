import { legacyEksRuntimeMonitoring } from "../../../config/rules/legacy-eks-runtime-monitoring";
import { parsedConfig } from "./parsed-config";

const check = (features: Record<string, string>) => legacyEksRuntimeMonitoring(parsedConfig({ detector: { features } }));

describe("rule: the legacy EKS_RUNTIME_MONITORING feature is not set beside RUNTIME_MONITORING", () => {
  test("GIVEN other protection plans THEN it is compliant", () => {
    expect(check({ S3_DATA_EVENTS: "ENABLED", EKS_AUDIT_LOGS: "DISABLED" })).toEqual([]);
  });

  test.each(["ENABLED", "DISABLED"])("GIVEN EKS_RUNTIME_MONITORING %s THEN it is refused", (status) => {
    expect(check({ EKS_RUNTIME_MONITORING: status })).toEqual([
      {
        setting: "detector.features.EKS_RUNTIME_MONITORING",
        value: JSON.stringify(status),
        allowed: "no value: RUNTIME_MONITORING (detector.runtime_monitoring) replaces it and GuardDuty refuses both on one detector",
      },
    ]);
  });
});

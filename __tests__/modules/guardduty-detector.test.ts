import { Testing, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { GuardDutyDetector, GuardDutyDetectorProps } from "../../modules/guardduty-detector";
import { SynthesizedStack } from "../support/synthesized-stack";

function synth(props?: GuardDutyDetectorProps): SynthesizedStack {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "ap-northeast-1" });
  new GuardDutyDetector(stack, "detector", props);
  return new SynthesizedStack(stack);
}

const EXISTING = "12abc34d567e8fa901bc2d34e56789f0";

describe("GuardDutyDetector", () => {
  test("creates a detector with RUNTIME_MONITORING and all three agent settings, in AWS's order", () => {
    // GIVEN no props  WHEN synthesized
    const s = synth();
    // THEN
    expect(s.resource("aws_guardduty_detector")).toMatchObject({ enable: true, finding_publishing_frequency: "SIX_HOURS" });
    const feature = s.resource("aws_guardduty_detector_feature");
    expect(feature.name).toBe("RUNTIME_MONITORING");
    expect(feature.status).toBe("ENABLED");
    expect(feature.detector_id).toMatch(/^\$\{aws_guardduty_detector\.detector_[A-Za-z0-9_]+\.id\}$/);
    expect(feature.additional_configuration).toEqual([
      { name: "EKS_ADDON_MANAGEMENT", status: "ENABLED" },
      { name: "EC2_AGENT_MANAGEMENT", status: "ENABLED" },
      { name: "ECS_FARGATE_AGENT_MANAGEMENT", status: "ENABLED" },
    ]);
  });

  test("writes disabled agent settings explicitly as DISABLED rather than omitting them", () => {
    const s = synth({ runtimeMonitoring: { eksAddonManagement: false, ec2AgentManagement: true, ecsFargateAgentManagement: false } });
    expect(s.resource("aws_guardduty_detector_feature").additional_configuration).toEqual([
      { name: "EKS_ADDON_MANAGEMENT", status: "DISABLED" },
      { name: "EC2_AGENT_MANAGEMENT", status: "ENABLED" },
      { name: "ECS_FARGATE_AGENT_MANAGEMENT", status: "DISABLED" },
    ]);
  });

  test("a disabled RUNTIME_MONITORING is still written, as DISABLED", () => {
    const s = synth({ runtimeMonitoring: { enabled: false } });
    expect(s.resource("aws_guardduty_detector_feature")).toMatchObject({ name: "RUNTIME_MONITORING", status: "DISABLED" });
  });

  test("adopting an existing detector creates none and points the features at it", () => {
    const s = synth({ existingDetectorId: EXISTING });
    expect(s.resources("aws_guardduty_detector")).toHaveLength(0);
    expect(s.resource("aws_guardduty_detector_feature").detector_id).toBe(EXISTING);
  });

  test("importing an existing detector writes an import block for it", () => {
    const s = synth({ existingDetectorId: EXISTING, importExistingDetector: true, findingPublishingFrequency: "FIFTEEN_MINUTES" });
    const [detector] = s.resources("aws_guardduty_detector");
    expect(detector.values.finding_publishing_frequency).toBe("FIFTEEN_MINUTES");
    expect(s.json.import).toEqual([{ id: EXISTING, to: `aws_guardduty_detector.${detector.name}` }]);
  });

  test("other features are written, each with its status and on the same detector", () => {
    const s = synth({ features: { RDS_LOGIN_EVENTS: "DISABLED", S3_DATA_EVENTS: "ENABLED" } });
    const features = s.resources("aws_guardduty_detector_feature").map((r) => r.values);
    expect(Object.fromEntries(features.map((f) => [f.name, f.status]))).toEqual({
      RUNTIME_MONITORING: "ENABLED",
      S3_DATA_EVENTS: "ENABLED",
      RDS_LOGIN_EVENTS: "DISABLED",
    });
    expect(new Set(features.map((f) => f.detector_id)).size).toBe(1);
  });

  test.each([
    [{ features: { EKS_RUNTIME_MONITORING: "ENABLED" } }, /EKS_RUNTIME_MONITORING cannot be combined with RUNTIME_MONITORING/],
    [{ features: { RUNTIME_MONITORING: "ENABLED" } }, /set with the runtimeMonitoring prop/],
    [{ features: { NOT_A_FEATURE: "ENABLED" } }, /NOT_A_FEATURE is not a detector feature/],
    [{ features: { S3_DATA_EVENTS: "ON" } }, /status "ON" must be ENABLED or DISABLED/],
    [{ existingDetectorId: "abc" }, /existingDetectorId "abc" is not a detector id/],
    [{ importExistingDetector: true }, /importExistingDetector needs existingDetectorId/],
    [{ existingDetectorId: EXISTING, findingPublishingFrequency: "ONE_HOUR" }, /findingPublishingFrequency applies to a created or imported detector/],
    [{ findingPublishingFrequency: "HOURLY" }, /findingPublishingFrequency "HOURLY" is not one of FIFTEEN_MINUTES, ONE_HOUR, SIX_HOURS/],
  ])("refuses %j", (props, message) => {
    expect(() => synth(props as GuardDutyDetectorProps)).toThrow(message);
  });
});

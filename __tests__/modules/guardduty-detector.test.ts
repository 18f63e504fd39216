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

const runtimeMonitoring = (s: SynthesizedStack) => s.resources("aws_guardduty_detector_feature").find((r) => r.values.name === "RUNTIME_MONITORING")!.values;
/** Every feature written: name -> status. */
const featureStatuses = (s: SynthesizedStack) => Object.fromEntries(s.resources("aws_guardduty_detector_feature").map((r) => [r.values.name, r.values.status]));

describe("GuardDutyDetector", () => {
  test("creates a detector with RUNTIME_MONITORING and all three agent settings, in AWS's order", () => {
    // GIVEN no props  WHEN synthesized
    const s = synth();
    // THEN
    expect(s.resource("aws_guardduty_detector")).toMatchObject({ enable: true, finding_publishing_frequency: "SIX_HOURS" });
    const feature = runtimeMonitoring(s);
    expect(feature.name).toBe("RUNTIME_MONITORING");
    expect(feature.status).toBe("ENABLED");
    expect(feature.detector_id).toMatch(/^\$\{aws_guardduty_detector\.detector_[A-Za-z0-9_]+\.id\}$/);
    expect(feature.additional_configuration).toEqual([
      { name: "EKS_ADDON_MANAGEMENT", status: "ENABLED" },
      { name: "ECS_FARGATE_AGENT_MANAGEMENT", status: "ENABLED" },
      { name: "EC2_AGENT_MANAGEMENT", status: "ENABLED" },
    ]);
  });

  test("GIVEN any agent settings WHEN synthesized THEN they are written EKS, ECS Fargate, EC2: the order GetDetector returns (the 5.x provider's ForceNew list replaces the feature on every plan otherwise)", () => {
    for (const [eksAddonManagement, ec2AgentManagement, ecsFargateAgentManagement] of [
      [true, true, true],
      [false, false, false],
      [true, false, true],
    ]) {
      const names = (
        runtimeMonitoring(synth({ eksAddonManagement, ec2AgentManagement, ecsFargateAgentManagement })).additional_configuration as { name: string }[]
      ).map((c) => c.name);
      expect(names).toEqual(["EKS_ADDON_MANAGEMENT", "ECS_FARGATE_AGENT_MANAGEMENT", "EC2_AGENT_MANAGEMENT"]);
    }
  });

  test("writes disabled agent settings explicitly as DISABLED rather than omitting them", () => {
    const s = synth({ eksAddonManagement: false, ec2AgentManagement: true, ecsFargateAgentManagement: false });
    expect(runtimeMonitoring(s).additional_configuration).toEqual([
      { name: "EKS_ADDON_MANAGEMENT", status: "DISABLED" },
      { name: "ECS_FARGATE_AGENT_MANAGEMENT", status: "DISABLED" },
      { name: "EC2_AGENT_MANAGEMENT", status: "ENABLED" },
    ]);
  });

  test("a disabled RUNTIME_MONITORING is still written, as DISABLED", () => {
    const s = synth({ runtimeMonitoring: false });
    expect(runtimeMonitoring(s)).toMatchObject({ name: "RUNTIME_MONITORING", status: "DISABLED" });
  });

  test("adopting an existing detector creates none and points the features at it", () => {
    const s = synth({ existingDetectorId: EXISTING });
    expect(s.resources("aws_guardduty_detector")).toHaveLength(0);
    expect(runtimeMonitoring(s).detector_id).toBe(EXISTING);
  });

  test("importing an existing detector writes an import block for it", () => {
    const s = synth({ existingDetectorId: EXISTING, importExistingDetector: true, findingPublishingFrequency: "FIFTEEN_MINUTES" });
    const [detector] = s.resources("aws_guardduty_detector");
    expect(detector.values.finding_publishing_frequency).toBe("FIFTEEN_MINUTES");
    expect(s.json.import).toEqual([{ id: EXISTING, to: `aws_guardduty_detector.${detector.name}` }]);
  });

  test("a created detector writes every optional protection plan DISABLED when none is set", () => {
    // GIVEN no features: GuardDuty's CreateDetector would enable every optional plan
    const s = synth();
    // THEN each plan is written, DISABLED, and nothing else
    expect(featureStatuses(s)).toEqual({
      RUNTIME_MONITORING: "ENABLED",
      S3_DATA_EVENTS: "DISABLED",
      EKS_AUDIT_LOGS: "DISABLED",
      EBS_MALWARE_PROTECTION: "DISABLED",
      RDS_LOGIN_EVENTS: "DISABLED",
      LAMBDA_NETWORK_LOGS: "DISABLED",
    });
    expect(new Set(s.resources("aws_guardduty_detector_feature").map((f) => f.values.detector_id)).size).toBe(1);
  });

  test("a created detector writes the plans set with their status and the others DISABLED", () => {
    const s = synth({ features: { RDS_LOGIN_EVENTS: "DISABLED", S3_DATA_EVENTS: "ENABLED", LAMBDA_NETWORK_LOGS: "ENABLED" } });
    expect(featureStatuses(s)).toEqual({
      RUNTIME_MONITORING: "ENABLED",
      S3_DATA_EVENTS: "ENABLED",
      EKS_AUDIT_LOGS: "DISABLED",
      EBS_MALWARE_PROTECTION: "DISABLED",
      RDS_LOGIN_EVENTS: "DISABLED",
      LAMBDA_NETWORK_LOGS: "ENABLED",
    });
  });

  test("an adopted detector writes only the plans set: the others stay as their owner has them", () => {
    const s = synth({ existingDetectorId: EXISTING, features: { EKS_AUDIT_LOGS: "ENABLED" } });
    expect(featureStatuses(s)).toEqual({ RUNTIME_MONITORING: "ENABLED", EKS_AUDIT_LOGS: "ENABLED" });
  });

  test("an adopted detector without plans set writes only RUNTIME_MONITORING", () => {
    expect(featureStatuses(synth({ existingDetectorId: EXISTING }))).toEqual({ RUNTIME_MONITORING: "ENABLED" });
  });

  test("an imported detector is adopted: only the plans set are written", () => {
    const s = synth({ existingDetectorId: EXISTING, importExistingDetector: true, features: { S3_DATA_EVENTS: "DISABLED" } });
    expect(featureStatuses(s)).toEqual({ RUNTIME_MONITORING: "ENABLED", S3_DATA_EVENTS: "DISABLED" });
  });

  test("in a region where GuardDuty does not offer RDS Protection (ap-east-2) a created detector does not write it by default", () => {
    const names = synth({ region: "ap-east-2" })
      .resources("aws_guardduty_detector_feature")
      .map((r) => r.values.name);
    expect(names).not.toContain("RDS_LOGIN_EVENTS");
    expect(names).toContain("S3_DATA_EVENTS");
  });

  test("GIVEN RDS_LOGIN_EVENTS DISABLED in ap-east-2, where GuardDuty does not offer it, WHEN synthesized THEN nothing is written for it (nothing to turn off)", () => {
    for (const existingDetectorId of [undefined, EXISTING]) {
      const names = synth({ region: "ap-east-2", existingDetectorId, features: { RDS_LOGIN_EVENTS: "DISABLED" } })
        .resources("aws_guardduty_detector_feature")
        .map((r) => r.values.name);
      expect(names).not.toContain("RDS_LOGIN_EVENTS");
    }
  });

  test("GIVEN RDS_LOGIN_EVENTS ENABLED in ap-east-2 WHEN synthesized THEN it is refused, naming the region", () => {
    expect(() => synth({ region: "ap-east-2", features: { RDS_LOGIN_EVENTS: "ENABLED" } })).toThrow(
      'GuardDutyDetector: features.RDS_LOGIN_EVENTS "ENABLED" is not allowed in ap-east-2: GuardDuty does not offer it there',
    );
  });

  test("GIVEN RDS_LOGIN_EVENTS ENABLED in Tokyo WHEN synthesized THEN it is written ENABLED", () => {
    expect(featureStatuses(synth({ region: "ap-northeast-1", features: { RDS_LOGIN_EVENTS: "ENABLED" } })).RDS_LOGIN_EVENTS).toBe("ENABLED");
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

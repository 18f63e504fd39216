/** Whether the synthesized ECS rule fires for a finding, and why not when it does not. */
import { parseConfig } from "../../../../config/load-config";
import { simulateFinding } from "../../../../tools/simulator/finding-simulation/simulate-finding";
import { FIXTURE_FINDINGS, readFixtureFinding } from "../../../support/finding-events";
import { describeWithShared } from "../../../support/shared-dir";
import { ecsRuntimeFinding, responseOf, SAMPLES, sampleFinding, sampleFindingFile } from "./sample-findings";

test("an ECS runtime finding fires the default rule and reaches the state machine", async () => {
  // GIVEN an ECS Runtime Monitoring finding and the built-in default config
  // WHEN it is simulated
  const report = await simulateFinding({ findingDocument: ecsRuntimeFinding() });
  // THEN the rule fires, nothing is reported unmatched, and the state machine runs
  expect(responseOf(report).rule).toMatchObject({ name: "ecs-runtime-monitoring-stop-task-dev-rule", fires: true, unmatchedKeys: [], explanation: [] });
  expect(responseOf(report).run?.status).toBe("SUCCEEDED");
});

/** The ECS runtime finding as Malware Protection's EBS volume scan would report on the cluster. */
function ebsScanFinding(): Record<string, any> {
  const finding = ecsRuntimeFinding();
  finding.type = "Execution:ECS/MaliciousFile";
  finding.service.featureName = "EbsVolumeScan";
  return finding;
}

test("an EBS malware-scan finding on ECS does not fire: featureName is named with the value found", async () => {
  // GIVEN an ECSCluster finding of feature EbsVolumeScan
  // WHEN it is simulated
  const report = await simulateFinding({ findingDocument: ebsScanFinding() });
  // THEN the rule does not fire, and the report says which key and leaf did not match
  expect(responseOf(report).rule.fires).toBe(false);
  expect(responseOf(report).rule.unmatchedKeys).toEqual(["detail"]);
  expect(responseOf(report).rule.explanation).toEqual(['detail.service.featureName: expected ["RuntimeMonitoring"], found "EbsVolumeScan"']);
  expect(responseOf(report).input).toBeUndefined();
  expect(responseOf(report).run).toBeUndefined();
});

test("a container runtime finding on EC2 does not fire: resourceType is named", async () => {
  // GIVEN a Runtime Monitoring finding on a self-managed container of an instance WHEN it is simulated
  const report = await simulateFinding({ findingDocument: readFixtureFinding(FIXTURE_FINDINGS.ec2Container) });
  // THEN
  expect(responseOf(report).rule.fires).toBe(false);
  expect(responseOf(report).rule.explanation).toEqual(['detail.resource.resourceType: expected ["ECSCluster"], found "Container"']);
});

describeWithShared("the public finding samples against the default rule", [sampleFindingFile(SAMPLES.ebsScan), sampleFindingFile(SAMPLES.container)], () => {
  test("sample 02 (ECSCluster, featureName EbsVolumeScan) does not fire: featureName is named with the value found", async () => {
    const report = await simulateFinding({ findingDocument: sampleFinding(SAMPLES.ebsScan) });
    expect(responseOf(report).rule.fires).toBe(false);
    expect(responseOf(report).rule.explanation).toEqual(['detail.service.featureName: expected ["RuntimeMonitoring"], found "EbsVolumeScan"']);
  });

  test("sample 01 (resourceType Container) does not fire: resourceType is named", async () => {
    const report = await simulateFinding({ findingDocument: sampleFinding(SAMPLES.container) });
    expect(responseOf(report).rule.fires).toBe(false);
    expect(responseOf(report).rule.explanation).toEqual(['detail.resource.resourceType: expected ["ECSCluster"], found "Container"']);
  });
});

test("a finding below the configured minimum severity does not fire: severity is named", async () => {
  // GIVEN a config that acts on severity 9 and up, and a severity 8 ECS runtime finding
  const config = parseConfig({ ecs_auto_stop: { filters: { min_severity: 9 } } }, "test");
  // WHEN it is simulated
  const report = await simulateFinding({ config, findingDocument: ecsRuntimeFinding() });
  // THEN only the severity leaf is reported
  expect(responseOf(report).rule.fires).toBe(false);
  expect(responseOf(report).rule.explanation).toEqual(['detail.severity: expected [{"numeric":[">=",9]}], found 8']);
});

test("a finding of an account the configured filter leaves out does not fire: accountId is named", async () => {
  // GIVEN a config acting on account 111122223333 only, and a finding of 640028535582
  const config = parseConfig({ ecs_auto_stop: { filters: { account_ids: ["111122223333"] } } }, "test");
  // WHEN it is simulated
  const report = await simulateFinding({ config, findingDocument: ecsRuntimeFinding() });
  // THEN only the accountId leaf is reported
  expect(responseOf(report).rule.unmatchedKeys).toEqual(["detail"]);
  expect(responseOf(report).rule.explanation).toEqual(['detail.accountId: expected ["111122223333"], found "640028535582"']);
});

test("a finding from another region is simulated, with a note that a regional rule would not see it", async () => {
  // GIVEN an ECS runtime finding from eu-west-2 and a stack in ap-northeast-1
  const finding = { ...ecsRuntimeFinding(), region: "eu-west-2" };
  // WHEN it is simulated
  const report = await simulateFinding({ findingDocument: finding });
  // THEN the verdict is given, and the note explains the regional caveat
  expect(responseOf(report).rule.fires).toBe(true);
  expect(report.notes.join("\n")).toContain(
    "The finding is from region 'eu-west-2', the stack is deployed in 'ap-northeast-1'. EventBridge rules are regional",
  );
});

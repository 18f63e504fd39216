/**
 * Findings for the simulator tests: the repository's hand-written ECS runtime finding, and the public samples of
 * ../shared/testdata/findings (tests of those run inside `describeWithShared`).
 */
import { readFileSync } from "node:fs";
import type { SimulatedResponse, SimulationReport } from "../../../../tools/simulator/finding-simulation/simulate-finding";
import { FIXTURE_FINDINGS, readFixtureFinding } from "../../../support/finding-events";
import { SHARED, sharedPath } from "../../../support/shared-dir";

export const ACCOUNT = "640028535582";
/** The built-in default config's region. */
export const REGION = "ap-northeast-1";
export const CLUSTER = `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/prod`;
export const TASK = `arn:aws:ecs:${REGION}:${ACCOUNT}:task/prod/fa2100c571d448b7a977da8120a5d383`;
export const TASK_DEFINITION = `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/web:7`;
export const TITLE = 'Bitcoin-related domain "pool.supportxmr.com" queried';

export const SAMPLES = {
  container: "01-elastic-runtime-container-ec2-dockersocket",
  ebsScan: "02-sekoia-ecscluster-malwareprotection-NEGATIVE",
  eksAuditLog: "03-elastic-ekscluster-auditlog-NEGATIVE",
} as const;

/** Where a public sample lives under shared/ (for `describeWithShared`). */
export function sampleFindingFile(name: string): string {
  return `${SHARED.findingSamples}/${name}.finding.json`;
}

export function sampleFindingPath(name: string): string {
  return sharedPath(sampleFindingFile(name));
}

/** A shared sample finding, bare (as in the file); needs shared/. */
export function sampleFinding(name: string): Record<string, any> {
  return JSON.parse(readFileSync(sampleFindingPath(name), "utf8"));
}

/**
 * The hand-written ECS Runtime Monitoring finding on a running task of cluster `prod`, in the default config's
 * account and region (bare, as GuardDuty gives it).
 */
export function ecsRuntimeFinding(): Record<string, any> {
  const finding = readFixtureFinding(FIXTURE_FINDINGS.ecs);
  Object.assign(finding, { type: "CryptoCurrency:Runtime/BitcoinTool.B!DNS", title: TITLE, severity: 8, accountId: ACCOUNT, region: REGION });
  finding.resource.ecsClusterDetails.arn = CLUSTER;
  finding.resource.ecsClusterDetails.taskDetails.arn = TASK;
  finding.resource.ecsClusterDetails.taskDetails.definitionArn = TASK_DEFINITION;
  return finding;
}

/** A finding wrapped in the EventBridge envelope, as the rule sees it. */
export function asEvent(finding: Record<string, any>): Record<string, unknown> {
  return {
    version: "0",
    id: "e1",
    "detail-type": "GuardDuty Finding",
    source: "aws.guardduty",
    account: finding.accountId,
    time: "2026-11-22T00:00:00Z",
    region: finding.region,
    resources: [],
    detail: finding,
  };
}

/** The report's pipeline of response type `typeId` (fails the test when the stack has none). */
export function responseOf(report: SimulationReport, typeId = "ecs-stop-task"): SimulatedResponse {
  const response = report.responses.find((r) => r.responseType?.id === typeId);
  if (response === undefined) throw new Error(`the report has no ${typeId} pipeline; it has ${report.responses.map((r) => r.responseType?.id).join(", ")}`);
  return response;
}

/** The pipelines that fire, by response type id. */
export function firingTypes(report: SimulationReport): (string | undefined)[] {
  return report.responses.filter((r) => r.rule.fires).map((r) => r.responseType?.id);
}

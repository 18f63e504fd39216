/**
 * Real-shaped "GuardDuty Finding" events: the shared samples in their EventBridge envelope, and an ECS
 * Runtime Monitoring finding made from sample 02.
 */
import { readFileSync } from "node:fs";
import { sharedPath } from "./shared-dir";

export const SAMPLE_FILES = [
  "01-elastic-runtime-container-ec2-dockersocket.finding.json",
  "02-sekoia-ecscluster-malwareprotection-NEGATIVE.finding.json",
  "03-elastic-ekscluster-auditlog-NEGATIVE.finding.json",
] as const;

export const PROD_CLUSTER = "arn:aws:ecs:ap-northeast-1:123456789012:cluster/prod";
export const STAGING_CLUSTER = "arn:aws:ecs:ap-northeast-1:123456789012:cluster/staging";
export const ACCOUNT = "123456789012";
export const OTHER_ACCOUNT = "210987654321";

type Finding = Record<string, any>;

export function readSampleFinding(file: string): Finding {
  return JSON.parse(readFileSync(sharedPath("testdata", "findings", file), "utf8"));
}

/** The finding wrapped as EventBridge delivers it (README of shared/testdata/findings). */
export function findingEvent(finding: Finding): Record<string, unknown> {
  return {
    version: "0",
    id: "0c2f4b1e-6a57-4a1d-9f0e-7d3c2b1a0f9e",
    "detail-type": "GuardDuty Finding",
    source: "aws.guardduty",
    account: String(finding.accountId),
    time: "2026-11-22T00:00:00Z",
    region: String(finding.region),
    resources: [],
    detail: finding,
  };
}

export interface RuntimeFindingShape {
  readonly id?: string;
  readonly type?: string;
  readonly severity?: number;
  readonly title?: string;
  readonly clusterArn?: string;
  readonly accountId?: string;
  /** @default - a task of the cluster with a 32-character id */
  readonly taskArn?: string;
  readonly taskDefinitionArn?: string;
}

/**
 * Sample 02 (an ECS cluster finding from Malware Protection) turned into what Runtime Monitoring raises on an
 * ECS cluster: feature RuntimeMonitoring, a runtime finding type, the given severity, cluster and account.
 */
export function ecsRuntimeFindingEvent(shape: RuntimeFindingShape = {}): Record<string, unknown> {
  const finding = structuredClone(readSampleFinding(SAMPLE_FILES[1]));
  const clusterArn = shape.clusterArn ?? PROD_CLUSTER;
  const [, , , region, , clusterPath] = clusterArn.split(":");
  const accountId = shape.accountId ?? ACCOUNT;
  finding.accountId = accountId;
  finding.region = region;
  finding.type = shape.type ?? "Execution:Runtime/ReverseShell";
  finding.severity = shape.severity ?? 8;
  if (shape.id !== undefined) finding.id = shape.id;
  if (shape.title !== undefined) finding.title = shape.title;
  delete finding.resource.ebsVolumeDetails;
  finding.resource.ecsClusterDetails.arn = clusterArn;
  finding.resource.ecsClusterDetails.name = clusterPath.slice("cluster/".length);
  finding.resource.ecsClusterDetails.taskDetails.arn =
    shape.taskArn ?? `arn:aws:ecs:${region}:${accountId}:task/${finding.resource.ecsClusterDetails.name}/0123456789abcdef0123456789abcdef`;
  if (shape.taskDefinitionArn !== undefined) finding.resource.ecsClusterDetails.taskDetails.definitionArn = shape.taskDefinitionArn;
  delete finding.service.ebsVolumeScanDetails;
  finding.service.featureName = "RuntimeMonitoring";
  finding.service.runtimeDetails = { process: { name: "bash", executablePath: "/usr/bin/bash" } };
  return findingEvent(finding);
}

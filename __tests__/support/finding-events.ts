/**
 * Real-shaped "GuardDuty Finding" events: the repository's hand-written Runtime Monitoring findings
 * (`fixtures/`), and the public samples of ../shared/testdata/findings in their EventBridge envelope (tests of
 * those run inside `describeWithShared`).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SHARED, sharedPath } from "./shared-dir";

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

/** The folder of the public samples under shared/, for `describeWithShared`. */
export const SAMPLE_FINDINGS = SHARED.findingSamples;

/** A public sample of ../shared/testdata/findings; needs shared/ (call inside `describeWithShared`). */
export function readSampleFinding(file: string): Finding {
  return JSON.parse(readFileSync(sharedPath(SHARED.findingSamples, file), "utf8"));
}

/** The hand-written findings of `fixtures/` (see its README). */
export const FIXTURE_FINDINGS = {
  ecs: "ecs-runtime-finding.json",
  ec2Container: "ec2-runtime-finding.json",
  ec2Instance: "ec2-instance-runtime-finding.json",
  eks: "eks-runtime-finding.json",
} as const;

/** A fresh copy of one of the repository's hand-written findings. */
export function readFixtureFinding(file: (typeof FIXTURE_FINDINGS)[keyof typeof FIXTURE_FINDINGS]): Finding {
  return JSON.parse(readFileSync(join(__dirname, "fixtures", file), "utf8"));
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
 * The hand-written ECS Runtime Monitoring finding, with the given type, severity, cluster and account, in its
 * EventBridge envelope.
 */
export function ecsRuntimeFindingEvent(shape: RuntimeFindingShape = {}): Record<string, unknown> {
  const finding = readFixtureFinding(FIXTURE_FINDINGS.ecs);
  const clusterArn = shape.clusterArn ?? PROD_CLUSTER;
  const [, , , region, , clusterPath] = clusterArn.split(":");
  const accountId = shape.accountId ?? ACCOUNT;
  finding.accountId = accountId;
  finding.region = region;
  finding.type = shape.type ?? "Execution:Runtime/ReverseShell";
  finding.severity = shape.severity ?? 8;
  if (shape.id !== undefined) finding.id = shape.id;
  if (shape.title !== undefined) finding.title = shape.title;
  finding.resource.ecsClusterDetails.arn = clusterArn;
  finding.resource.ecsClusterDetails.name = clusterPath.slice("cluster/".length);
  finding.resource.ecsClusterDetails.taskDetails.arn =
    shape.taskArn ?? `arn:aws:ecs:${region}:${accountId}:task/${finding.resource.ecsClusterDetails.name}/0123456789abcdef0123456789abcdef`;
  if (shape.taskDefinitionArn !== undefined) finding.resource.ecsClusterDetails.taskDetails.definitionArn = shape.taskDefinitionArn;
  return findingEvent(finding);
}

/**
 * The EC2 isolation workflow's input transformer: picks the finding's identity and the instance it is about
 * out of the GuardDuty finding event.
 *
 * Every placeholder stands bare in the template (`"title": <title>`, never `"title": "<title>"`), so
 * EventBridge writes each value as JSON: strings quoted and escaped, numbers as numbers, a missing path as
 * `""`. The finding title is attacker-influenced; quoted by EventBridge, it cannot break out of its string.
 *
 * The state machine input (the EC2 isolation state machine reads exactly these):
 *
 * ```json
 * {
 *   "finding": { "id": "…", "type": "…", "severity": 8, "title": "…", "accountId": "…", "region": "…" },
 *   "ec2": { "instanceId": "i-…" }
 * }
 * ```
 */
import type { InputTransformer } from "../ecs-stop-task/seed-input-transformer";

/** What the EC2 isolation state machine receives (see the module comment). */
export interface Ec2IsolationInput {
  readonly finding: {
    /** GuardDuty finding id (`detail.id`). */
    readonly id: string;
    /** Finding type, e.g. `Execution:Runtime/ReverseShell` (`detail.type`). */
    readonly type: string;
    /** Severity, a number (`detail.severity`). */
    readonly severity: number;
    /** Free text, attacker-influenced (`detail.title`). */
    readonly title: string;
    readonly accountId: string;
    readonly region: string;
  };
  readonly ec2: {
    /** `detail.resource.instanceDetails.instanceId`. */
    readonly instanceId: string;
  };
}

/** EventBridge `InputPathsMap` of the EC2 isolation workflow: placeholder -> path in the finding event. */
export const EC2_ISOLATION_INPUT_PATHS: Readonly<Record<string, string>> = {
  id: "$.detail.id",
  type: "$.detail.type",
  severity: "$.detail.severity",
  title: "$.detail.title",
  accountId: "$.detail.accountId",
  region: "$.detail.region",
  instanceId: "$.detail.resource.instanceDetails.instanceId",
};

/** EventBridge `InputTemplate` of the EC2 isolation workflow (one line; every placeholder bare). */
export const EC2_ISOLATION_INPUT_TEMPLATE =
  '{"finding": {"id": <id>, "type": <type>, "severity": <severity>, "title": <title>, "accountId": <accountId>, "region": <region>}, ' +
  '"ec2": {"instanceId": <instanceId>}}';

export function buildEc2IsolationInputTransformer(): InputTransformer {
  return { inputPaths: { ...EC2_ISOLATION_INPUT_PATHS }, inputTemplate: EC2_ISOLATION_INPUT_TEMPLATE };
}

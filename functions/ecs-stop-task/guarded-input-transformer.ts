/**
 * The guarded workflow's input transformer: picks the finding's identity and the ECS task it is about out of
 * the GuardDuty finding event.
 *
 * Every placeholder stands bare in the template (`"title": <title>`, never `"title": "<title>"`), so
 * EventBridge writes each value as JSON: strings quoted and escaped, numbers as numbers, a missing path as
 * `""`. The finding title is attacker-influenced (it can quote a process name or a domain); quoted by
 * EventBridge, it cannot break out of its string.
 *
 * The state machine input (stable names; the guarded state machine reads exactly these):
 *
 * ```json
 * {
 *   "finding": { "id": "…", "type": "…", "severity": 8, "title": "…", "accountId": "…", "region": "…" },
 *   "ecs": { "clusterArn": "…", "taskArn": "…", "taskDefinitionArn": "…" }
 * }
 * ```
 */
import type { InputTransformer } from "./seed-input-transformer";

/** What the guarded state machine receives (see the module comment). */
export interface GuardedStopTaskInput {
  readonly finding: {
    /** GuardDuty finding id (`detail.id`). */
    readonly id: string;
    /** Finding type, e.g. `CryptoCurrency:Runtime/BitcoinTool.B!DNS` (`detail.type`). */
    readonly type: string;
    /** Severity, a number (`detail.severity`). */
    readonly severity: number;
    /** Free text, attacker-influenced (`detail.title`). */
    readonly title: string;
    readonly accountId: string;
    readonly region: string;
  };
  readonly ecs: {
    readonly clusterArn: string;
    readonly taskArn: string;
    readonly taskDefinitionArn: string;
  };
}

/** EventBridge `InputPathsMap` of the guarded workflow: placeholder -> path in the finding event. */
export const GUARDED_INPUT_PATHS: Readonly<Record<string, string>> = {
  id: "$.detail.id",
  type: "$.detail.type",
  severity: "$.detail.severity",
  title: "$.detail.title",
  accountId: "$.detail.accountId",
  region: "$.detail.region",
  clusterArn: "$.detail.resource.ecsClusterDetails.arn",
  taskArn: "$.detail.resource.ecsClusterDetails.taskDetails.arn",
  taskDefinitionArn: "$.detail.resource.ecsClusterDetails.taskDetails.definitionArn",
};

/** EventBridge `InputTemplate` of the guarded workflow (one line; every placeholder bare). */
export const GUARDED_INPUT_TEMPLATE =
  '{"finding": {"id": <id>, "type": <type>, "severity": <severity>, "title": <title>, "accountId": <accountId>, "region": <region>}, ' +
  '"ecs": {"clusterArn": <clusterArn>, "taskArn": <taskArn>, "taskDefinitionArn": <taskDefinitionArn>}}';

export function buildGuardedEcsInputTransformer(): InputTransformer {
  return { inputPaths: { ...GUARDED_INPUT_PATHS }, inputTemplate: GUARDED_INPUT_TEMPLATE };
}

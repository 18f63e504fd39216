/**
 * The guarded workflow's input transformer: picks the finding's identity and the ECS task it is about out of
 * the GuardDuty finding event. The `finding` part, and why every placeholder stands bare, is shared by every
 * workflow: see `../guardduty/finding-input.ts`. (The finding title can quote a process name or a domain.)
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
import { findingInputPaths, findingInputTemplate, inputTransformerOf, type FindingInput } from "../guardduty/finding-input";
import type { InputTransformer } from "./seed-input-transformer";

/** What the guarded state machine receives (see the module comment). */
export interface GuardedStopTaskInput {
  readonly finding: FindingInput;
  readonly ecs: {
    readonly clusterArn: string;
    readonly taskArn: string;
    readonly taskDefinitionArn: string;
  };
}

/** EventBridge `InputPathsMap` of the guarded workflow: placeholder -> path in the finding event. */
export const GUARDED_INPUT_PATHS: Readonly<Record<string, string>> = findingInputPaths({
  clusterArn: "$.detail.resource.ecsClusterDetails.arn",
  taskArn: "$.detail.resource.ecsClusterDetails.taskDetails.arn",
  taskDefinitionArn: "$.detail.resource.ecsClusterDetails.taskDetails.definitionArn",
});

/** EventBridge `InputTemplate` of the guarded workflow (one line; every placeholder bare). */
export const GUARDED_INPUT_TEMPLATE = findingInputTemplate(
  '"ecs": {"clusterArn": <clusterArn>, "taskArn": <taskArn>, "taskDefinitionArn": <taskDefinitionArn>}',
);

export function buildGuardedEcsInputTransformer(): InputTransformer {
  return inputTransformerOf(GUARDED_INPUT_PATHS, GUARDED_INPUT_TEMPLATE);
}

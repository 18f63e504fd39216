/**
 * The EC2 isolation workflow's input transformer: picks the finding's identity and the instance it is about
 * out of the GuardDuty finding event. The `finding` part, and why every placeholder stands bare, is shared by
 * every workflow: see `../guardduty/finding-input.ts`.
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
import type { InputTransformer } from "../response-types/contract";
import { findingInputPaths, findingInputTemplate, inputTransformerOf, type FindingInput } from "../guardduty/finding-input";

/** What the EC2 isolation state machine receives (see the module comment). */
export interface Ec2IsolationInput {
  readonly finding: FindingInput;
  readonly ec2: {
    /** `detail.resource.instanceDetails.instanceId`. */
    readonly instanceId: string;
  };
}

/** EventBridge `InputPathsMap` of the EC2 isolation workflow: placeholder -> path in the finding event. */
export const EC2_ISOLATION_INPUT_PATHS: Readonly<Record<string, string>> = findingInputPaths({
  instanceId: "$.detail.resource.instanceDetails.instanceId",
});

/** EventBridge `InputTemplate` of the EC2 isolation workflow (one line; every placeholder bare). */
export const EC2_ISOLATION_INPUT_TEMPLATE = findingInputTemplate('"ec2": {"instanceId": <instanceId>}');

export function buildEc2IsolationInputTransformer(): InputTransformer {
  return inputTransformerOf(EC2_ISOLATION_INPUT_PATHS, EC2_ISOLATION_INPUT_TEMPLATE);
}

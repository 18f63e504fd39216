import { IamGroupPolicyAttachment } from "@cdktf/provider-aws/lib/iam-group-policy-attachment";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Fn, TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { buildApproverPolicy } from "../../functions/iam/approver-policy";
import { regionCode } from "../../functions/naming/resource-names";
import { valueKeyedId } from "../support/value-keyed-id";

export interface ApprovalApproversProps {
  /** First part of the policy name: `<namePrefix>-<region code>-approvers` (IAM names are account-wide). */
  readonly namePrefix: string;
  /** The stack's Region, a literal (e.g. `eu-west-1`): approvals are allowed in this Region only. */
  readonly region: string;
  /** Only credentials obtained with MFA may approve or deny. @default false */
  readonly requireMfa?: boolean;
  /** Existing IAM roles (names) to attach the policy to, e.g. the on-call role. @default - none */
  readonly roleNames?: readonly string[];
  /** Existing IAM groups (names) to attach the policy to. @default - none */
  readonly groupNames?: readonly string[];
  /** Stack output of the policy ARN (`approver_policy_arn`). @default true */
  readonly output?: boolean;
  /** @default - no tags besides the provider's default tags */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Who may answer the approval gate's requests (docs/approval-gate.md): a customer managed policy allowing
 * `states:SendTaskSuccess` and `states:SendTaskFailure` in the stack's Region (functions/iam/approver-policy.ts),
 * optionally attached to existing roles and groups. Anyone without it cannot use a request's token.
 */
export class ApprovalApprovers extends Construct {
  readonly policy: IamPolicy;
  /** The policy's name. */
  readonly policyName: string;

  constructor(scope: Construct, id: string, props: ApprovalApproversProps) {
    super(scope, id);
    // regionCode throws on anything but a literal region name: the name is fixed at synth time.
    this.policyName = `${props.namePrefix}-${regionCode(props.region)}-approvers`;
    if (this.policyName.length > 128) {
      throw new Error(`ApprovalApprovers: policy name ${JSON.stringify(this.policyName)} is too long; expected at most 128 characters (IAM policy names)`);
    }
    for (const [setting, names] of [
      ["roleNames", props.roleNames ?? []],
      ["groupNames", props.groupNames ?? []],
    ] as const) {
      const duplicate = names.find((name, index) => names.indexOf(name) !== index);
      if (duplicate !== undefined) throw new Error(`ApprovalApprovers: ${setting} ${JSON.stringify(duplicate)} is not allowed twice; expected each name once`);
    }
    this.policy = new IamPolicy(this, "policy", {
      name: this.policyName,
      description: "Answer the GuardDuty runtime response approval requests (approve or deny a containment) in this Region",
      policy: Fn.jsonencode(buildApproverPolicy({ region: props.region, requireMfa: props.requireMfa })),
      tags: props.tags ? { ...props.tags } : undefined,
    });
    for (const role of props.roleNames ?? []) {
      new IamRolePolicyAttachment(this, valueKeyedId("role", role), { role, policyArn: this.policy.arn });
    }
    for (const group of props.groupNames ?? []) {
      new IamGroupPolicyAttachment(this, valueKeyedId("group", group), { group, policyArn: this.policy.arn });
    }
    if (props.output ?? true) {
      new TerraformOutput(this, "approver_policy_arn", {
        value: this.policy.arn,
        description: "The policy an approver needs to answer approval requests (attach it to the people who may approve)",
      }).overrideLogicalId("approver_policy_arn");
    }
  }
}

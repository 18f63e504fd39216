import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Testing, TerraformStack } from "cdktf";
import { buildApproverPolicy } from "../../functions/iam/approver-policy";
import { ApprovalApprovers, type ApprovalApproversProps } from "../../modules/approval-approvers";
import { SynthesizedStack } from "../support/synthesized-stack";

function synth(props: Partial<ApprovalApproversProps> = {}): SynthesizedStack {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  new ApprovalApprovers(stack, "approvers", { namePrefix: "acme-prod", region: "eu-west-1", ...props });
  return new SynthesizedStack(stack);
}

describe("ApprovalApprovers", () => {
  test("creates the approvers' managed policy, named with the region code", () => {
    // GIVEN approvers for eu-west-1
    // WHEN synthesized
    const s = synth();
    const policy = s.resource("aws_iam_policy");
    // THEN the policy is the approver policy document for that Region, under an account-unique name
    expect(policy.name).toBe("acme-prod-euw1-approvers");
    expect(s.evaluateJson(policy.policy)).toEqual(buildApproverPolicy({ region: "eu-west-1" }));
  });

  test("requires MFA when asked", () => {
    // GIVEN requireMfa
    // WHEN synthesized
    const policy = synth({ requireMfa: true }).resource("aws_iam_policy");
    // THEN the document requires MFA
    expect(JSON.stringify(policy.policy)).toContain("aws:MultiFactorAuthPresent");
  });

  test("outputs the policy ARN", () => {
    // GIVEN approvers
    // WHEN synthesized
    const s = synth();
    // THEN the stack has the approver_policy_arn output
    const name = s.resources("aws_iam_policy")[0].name;
    expect((s.json.output as Record<string, { value: string }>).approver_policy_arn.value).toBe(`${"$"}{aws_iam_policy.${name}.arn}`);
  });

  test("attaches the policy to the given roles and groups", () => {
    // GIVEN two roles and a group
    // WHEN synthesized
    const s = synth({ roleNames: ["on-call", "security-lead"], groupNames: ["incident-responders"] });
    // THEN each gets an attachment
    expect(s.resources("aws_iam_role_policy_attachment").map((r) => r.values.role)).toEqual(["on-call", "security-lead"]);
    expect(s.resources("aws_iam_group_policy_attachment").map((r) => r.values.group)).toEqual(["incident-responders"]);
  });

  test("refuses a role named twice", () => {
    // GIVEN a role listed twice
    // WHEN synthesized
    // THEN the error names the setting and the value
    expect(() => synth({ roleNames: ["on-call", "on-call"] })).toThrow('ApprovalApprovers: roleNames "on-call" is not allowed twice; expected each name once');
  });

  test("refuses a region that is not a literal region name", () => {
    // GIVEN a Terraform reference as the region
    // WHEN synthesized
    // THEN it says the region must be a literal
    expect(() => synth({ region: "${data.aws_region.current.region}" })).toThrow(
      'regionCode: "${data.aws_region.current.region}" is not a region name like ap-northeast-1',
    );
  });
});

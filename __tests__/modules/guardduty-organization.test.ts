/** The organization settings of the delegated administrator, written the way AWS reads them back. */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { ORGANIZATION_AGENT_MANAGEMENT_ORDER } from "../../functions/guardduty/runtime-monitoring-features";
import { GuardDutyOrganization } from "../../modules/guardduty-organization";

function synthFeature(props: Partial<ConstructorParameters<typeof GuardDutyOrganization>[2]> = {}) {
  const stack = new TerraformStack(Testing.app(), "org");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  new GuardDutyOrganization(stack, "organization", { detectorId: "0123456789abcdef0123456789abcdef", ...props });
  const tf = JSON.parse(Testing.synth(stack));
  return Object.values(tf.resource.aws_guardduty_organization_configuration_feature)[0] as {
    additional_configuration: { name: string; auto_enable: string }[];
  };
}

test("GIVEN distinct settings per agent WHEN written THEN additional_configuration is ECS, EC2, EKS, each with its own setting (the order DescribeOrganizationConfiguration returns)", () => {
  const feature = synthFeature({ ecsFargateAgentManagement: "ALL", ec2AgentManagement: "NEW", eksAddonManagement: "NONE" });
  expect(feature.additional_configuration).toEqual([
    { name: "ECS_FARGATE_AGENT_MANAGEMENT", auto_enable: "ALL" },
    { name: "EC2_AGENT_MANAGEMENT", auto_enable: "NEW" },
    { name: "EKS_ADDON_MANAGEMENT", auto_enable: "NONE" },
  ]);
  expect(feature.additional_configuration.map((c) => c.name)).toEqual([...ORGANIZATION_AGENT_MANAGEMENT_ORDER]);
});

test("GIVEN an unknown auto-enable value WHEN constructed THEN it is refused, naming the setting and what is allowed", () => {
  expect(() => synthFeature({ ec2AgentManagement: "SOME" as never })).toThrow(
    'GuardDutyOrganization: ec2AgentManagement "SOME" is not allowed; expected one of NEW, ALL, NONE',
  );
});

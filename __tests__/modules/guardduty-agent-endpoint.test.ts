import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Testing, TerraformStack } from "cdktf";
import { GuardDutyAgentEndpoint, GuardDutyAgentEndpointProps } from "../../modules/guardduty-agent-endpoint";
import { SynthesizedStack } from "../support/synthesized-stack";

const BASE: GuardDutyAgentEndpointProps = {
  region: "ap-northeast-1",
  vpcId: "vpc-0123456789abcdef0",
  subnetIds: ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"],
};

function synth(props: Partial<GuardDutyAgentEndpointProps> = {}): SynthesizedStack {
  const stack = new TerraformStack(Testing.app(), "test");
  const region = props.region ?? BASE.region;
  new AwsProvider(stack, "aws", { region });
  new GuardDutyAgentEndpoint(stack, "endpoint", { ...BASE, ...props });
  return new SynthesizedStack(stack, { partition: region.startsWith("us-gov-") ? "aws-us-gov" : "aws", region, accountId: "111122223333" });
}

describe("GuardDutyAgentEndpoint", () => {
  test("creates an interface endpoint to guardduty-data with private DNS in the given subnets", () => {
    const endpoint = synth().resource("aws_vpc_endpoint");
    expect(endpoint).toMatchObject({
      vpc_id: BASE.vpcId,
      vpc_endpoint_type: "Interface",
      service_name: "com.amazonaws.ap-northeast-1.guardduty-data",
      private_dns_enabled: true,
      subnet_ids: BASE.subnetIds,
    });
  });

  test("uses the FIPS service in GovCloud", () => {
    expect(synth({ region: "us-gov-west-1" }).resource("aws_vpc_endpoint").service_name).toBe("com.amazonaws.us-gov-west-1.guardduty-data-fips");
  });

  test("attaches a dedicated security group admitting only TCP 443 from each given CIDR", () => {
    const s = synth({ allowedCidrs: ["10.0.0.0/16", "100.64.0.0/16"] });
    const sg = s.resources("aws_security_group")[0];
    expect(s.resource("aws_vpc_endpoint").security_group_ids).toEqual([`\${aws_security_group.${sg.name}.id}`]);
    expect(sg.values.vpc_id).toBe(BASE.vpcId);
    expect(sg.values.ingress).toBeUndefined();
    const rule = s.resource("aws_vpc_security_group_ingress_rule");
    expect(rule).toMatchObject({ ip_protocol: "tcp", from_port: 443, to_port: 443, cidr_ipv4: "${each.value}" });
    expect(rule.for_each).toBe('${toset(["10.0.0.0/16", "100.64.0.0/16"])}');
  });

  test("without given CIDRs, admits the VPC's CIDR blocks read with a data source", () => {
    const s = synth();
    const [vpc] = s.dataSources("aws_vpc");
    expect(vpc.values.id).toBe(BASE.vpcId);
    const rule = s.resource("aws_vpc_security_group_ingress_rule");
    // A rule per CIDR string, keyed by the CIDR as with given CIDRs (one shape both ways).
    expect(rule.for_each).toBe(`\${toset(data.aws_vpc.${vpc.name}.cidr_block_associations[*].cidr_block)}`);
    expect(rule.cidr_ipv4).toBe("${each.value}");
  });

  test("the endpoint policy is AWS's: allow, then deny principals outside the deploying account", () => {
    const s = synth();
    expect(s.evaluateJson(s.resource("aws_vpc_endpoint").policy)).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Action: "*", Resource: "*", Effect: "Allow", Principal: "*" },
        { Condition: { StringNotEquals: { "aws:PrincipalAccount": "111122223333" } }, Action: "*", Resource: "*", Effect: "Deny", Principal: "*" },
      ],
    });
  });

  test("the endpoint policy admits listed accounts, or an organization", () => {
    const accounts = synth({ allowedAccountIds: ["111111111111", "222222222222"] });
    expect((accounts.evaluateJson(accounts.resource("aws_vpc_endpoint").policy) as any).Statement[1].Condition).toEqual({
      StringNotEquals: { "aws:PrincipalAccount": ["111111111111", "222222222222"] },
    });
    const org = synth({ organizationId: "o-a1b2c3d4e5" });
    expect((org.evaluateJson(org.resource("aws_vpc_endpoint").policy) as any).Statement[1].Condition).toEqual({
      StringNotEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" },
    });
  });

  test("installs the aws-guardduty-agent add-on on named clusters after the endpoint exists", () => {
    const s = synth({ eksAddonClusterNames: ["prod", "batch"], eksAddonVersion: "v1.10.0-eksbuild.2" });
    const addons = s.resources("aws_eks_addon").map((r) => r.values);
    expect(addons.map((a) => a.cluster_name).sort()).toEqual(["batch", "prod"]);
    for (const addon of addons) {
      expect(addon).toMatchObject({ addon_name: "aws-guardduty-agent", addon_version: "v1.10.0-eksbuild.2" });
      expect(addon.depends_on).toEqual([expect.stringMatching(/^aws_vpc_endpoint\./)]);
    }
  });

  test.each([
    [{ vpcId: "vpc-123" }, /vpcId "vpc-123" is not allowed; expected a VPC id/],
    [{ subnetIds: [] }, /subnetIds \[\] is not allowed; expected at least one subnet id/],
    [{ subnetIds: ["sub-1"] }, /subnetIds "sub-1" is not allowed/],
    [
      { allowedAccountIds: ["111111111111"], organizationId: "o-a1b2c3d4e5" },
      /organizationId "o-a1b2c3d4e5" is not allowed; expected no value when allowedAccountIds is given/,
    ],
    [{ allowedAccountIds: ["1234"] }, /allowedAccountIds "1234" is not allowed/],
    [{ region: "cn-north-1" }, /region "cn-north-1" is not allowed; expected a region where Runtime Monitoring is offered/],
    [{ eksAddonClusterNames: [] }, /eksAddonClusterNames \[\] is not allowed; expected at least one cluster name/],
    [{ eksAddonVersion: "v1.10.0-eksbuild.2" }, /eksAddonVersion "v1.10.0-eksbuild.2" is not allowed; expected no value without eksAddonClusterNames/],
  ])("refuses %j", (props, message) => {
    expect(() => synth(props as Partial<GuardDutyAgentEndpointProps>)).toThrow(message);
  });
});

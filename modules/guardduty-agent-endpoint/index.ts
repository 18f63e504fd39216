import { DataAwsVpc } from "@cdktf/provider-aws/lib/data-aws-vpc";
import { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Fn, propertyAccess, TerraformIterator, Token } from "cdktf";
import { Construct } from "constructs";
import { partitionOfRegion } from "../../functions/aws/partition";
import { buildAgentEndpointPolicy } from "../../functions/guardduty/agent-endpoint-policy";
import { agentEndpointServiceName } from "../../functions/guardduty/agent-endpoint-service";
import { AwsContext } from "../aws-context";

/** The GuardDuty security agent as an EKS add-on, for clusters whose agent you manage yourself. */
export const GUARDDUTY_AGENT_ADDON_NAME = "aws-guardduty-agent";

export interface GuardDutyAgentEndpointProps {
  /** Region of the stack's provider: the endpoint service name and partition derive from it. */
  readonly region: string;
  /** VPC whose workloads send runtime events through this endpoint. */
  readonly vpcId: string;
  /** Subnets for the endpoint's network interfaces, one per Availability Zone. */
  readonly subnetIds: readonly string[];
  /**
   * Sources allowed to reach the endpoint on TCP 443.
   * @default - the VPC's IPv4 CIDR blocks, read with the aws_vpc data source
   */
  readonly allowedCidrs?: readonly string[];
  /**
   * Accounts whose principals may use the endpoint (endpoint policy `aws:PrincipalAccount`).
   * @default - the account being deployed to
   */
  readonly allowedAccountIds?: readonly string[];
  /**
   * Admit every principal of this organization instead (`aws:PrincipalOrgID`). Not with `allowedAccountIds`.
   * @default - accounts, not an organization
   */
  readonly organizationId?: string;
  /**
   * Private DNS for the endpoint. The agent resolves the regional guardduty-data name, so without it
   * the agent cannot connect unless you run your own DNS records.
   * @default true
   */
  readonly privateDnsEnabled?: boolean;
  /**
   * EKS clusters (in the endpoint's VPC) that get the aws-guardduty-agent add-on, for clusters whose
   * agent you manage yourself.
   * @default - no add-on is installed
   */
  readonly eksAddonClusterNames?: readonly string[];
  /**
   * Version of the add-on, e.g. `v1.10.0-eksbuild.2`; only with `eksAddonClusterNames`.
   * @default - EKS picks the default version for each cluster's Kubernetes version
   */
  readonly eksAddonVersion?: string;
  /** @default - no tags besides the provider's default tags */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * What a manually managed Runtime Monitoring agent needs in one VPC: an interface endpoint to
 * guardduty-data with private DNS, a security group admitting HTTPS from the VPC, the endpoint policy
 * from the GuardDuty user guide, and optionally the EKS agent add-on.
 */
export class GuardDutyAgentEndpoint extends Construct {
  readonly securityGroup: SecurityGroup;
  readonly ingressRule: VpcSecurityGroupIngressRule;
  readonly endpoint: VpcEndpoint;
  /** The VPC lookup, when the allowed CIDRs come from it. */
  readonly vpc?: DataAwsVpc;
  readonly eksAddons: readonly EksAddon[];

  constructor(scope: Construct, id: string, props: GuardDutyAgentEndpointProps) {
    super(scope, id);
    validate(props);
    const partition = partitionOfRegion(props.region);
    const tags = props.tags ? { ...props.tags } : undefined;

    this.securityGroup = new SecurityGroup(this, "security-group", {
      namePrefix: "guardduty-agent-endpoint-",
      description: "GuardDuty Runtime Monitoring agent endpoint: HTTPS from the VPC",
      vpcId: props.vpcId,
      tags,
      lifecycle: { createBeforeDestroy: true },
    });

    // One rule per CIDR, keyed by the CIDR, whether the CIDRs are given or read from the VPC: the same shape both
    // ways (a list of CIDR strings), so the registry module writes one for_each for both.
    let cidrList: string[];
    if (props.allowedCidrs !== undefined) {
      cidrList = [...props.allowedCidrs];
    } else {
      this.vpc = new DataAwsVpc(this, "vpc", { id: props.vpcId });
      cidrList = Token.asList(propertyAccess(this.vpc, ["cidr_block_associations", "*", "cidr_block"]));
    }
    const cidrs = TerraformIterator.fromList(cidrList);
    const cidr = Token.asString(cidrs.value);
    this.ingressRule = new VpcSecurityGroupIngressRule(this, "https-from-vpc", {
      forEach: cidrs,
      securityGroupId: this.securityGroup.id,
      description: "HTTPS from workloads running the GuardDuty agent",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: cidr,
    });

    const scope_ =
      props.organizationId !== undefined
        ? { organizationId: props.organizationId }
        : { accountIds: props.allowedAccountIds ?? [AwsContext.of(this).accountId] };
    this.endpoint = new VpcEndpoint(this, "endpoint", {
      vpcId: props.vpcId,
      vpcEndpointType: "Interface",
      serviceName: agentEndpointServiceName(props.region, partition),
      privateDnsEnabled: props.privateDnsEnabled ?? true,
      subnetIds: [...props.subnetIds],
      securityGroupIds: [this.securityGroup.id],
      policy: Fn.jsonencode(buildAgentEndpointPolicy(scope_)),
      tags,
    });

    this.eksAddons = (props.eksAddonClusterNames ?? []).map(
      (clusterName) =>
        new EksAddon(this, `eks-addon-${clusterName}`, {
          clusterName,
          addonName: GUARDDUTY_AGENT_ADDON_NAME,
          addonVersion: props.eksAddonVersion,
          tags,
          // The agent can only report once its endpoint exists.
          dependsOn: [this.endpoint],
        }),
    );
  }
}

function validate(props: GuardDutyAgentEndpointProps): void {
  const fail = (setting: string, value: unknown, allowed: string): never => {
    throw new Error(`GuardDutyAgentEndpoint: ${setting} ${JSON.stringify(value)} is not allowed; expected ${allowed}`);
  };
  const literal = (v: string) => !Token.isUnresolved(v);
  if (literal(props.vpcId) && !/^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/.test(props.vpcId)) fail("vpcId", props.vpcId, "a VPC id");
  if (props.subnetIds.length === 0) fail("subnetIds", props.subnetIds, "at least one subnet id");
  for (const s of props.subnetIds) if (literal(s) && !/^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/.test(s)) fail("subnetIds", s, "subnet ids");
  if (props.allowedCidrs !== undefined && props.allowedCidrs.length === 0) fail("allowedCidrs", [], "at least one CIDR, or leave unset to use the VPC's");
  if (props.allowedAccountIds !== undefined && props.organizationId !== undefined) {
    fail("organizationId", props.organizationId, "no value when allowedAccountIds is given (the policy admits accounts or an organization)");
  }
  if (props.allowedAccountIds !== undefined && props.allowedAccountIds.length === 0) fail("allowedAccountIds", [], "at least one account id");
  for (const a of props.allowedAccountIds ?? []) if (literal(a) && !/^\d{12}$/.test(a)) fail("allowedAccountIds", a, "12-digit account ids");
  if (props.organizationId !== undefined && literal(props.organizationId) && !/^o-[a-z0-9]{10,32}$/.test(props.organizationId)) {
    fail("organizationId", props.organizationId, "an organization id like o-a1b2c3d4e5");
  }
  if (partitionOfRegion(props.region) === "aws-cn") fail("region", props.region, "a region where Runtime Monitoring is offered (not the China partition)");
  if (props.eksAddonClusterNames !== undefined && props.eksAddonClusterNames.length === 0) fail("eksAddonClusterNames", [], "at least one cluster name");
  if (props.eksAddonVersion !== undefined && props.eksAddonClusterNames === undefined)
    fail("eksAddonVersion", props.eksAddonVersion, "no value without eksAddonClusterNames");
}

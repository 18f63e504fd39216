/**
 * Plausible values for the data sources a checked configuration reads, so `terraform test` can plan it
 * offline: with `override_data` the provider never calls AWS for them. Values follow the stack's own
 * region, account and partition, so every ARN built from them has the shape AWS and the provider expect.
 */
import { dnsSuffixOfPartition, partitionOfRegion } from "../../functions/aws/partition";

/** The account used where a configuration pins none (its provider has no allowed_account_ids). */
export const DEFAULT_ACCOUNT_ID = "123456789012";

export interface DataSourceContext {
  readonly region: string;
  readonly accountId: string;
  /** Major version of the hashicorp/aws provider that plans it: the attribute names differ (5.x aws_region has no `region`). */
  readonly providerMajor: number;
}

/**
 * Data sources the provider computes locally, without AWS: never overridden, so their real result
 * is checked too.
 */
export const LOCAL_DATA_SOURCES: ReadonlySet<string> = new Set(["aws_iam_policy_document", "aws_arn", "aws_default_tags", "aws_service_principal"]);

/**
 * Values for one data source of `type`, given its arguments in the configuration (`config`, where
 * known). Undefined for a type this table does not know: the caller overrides it with no values
 * (terraform test then invents them) and says so.
 */
export function plausibleDataValues(type: string, ctx: DataSourceContext, config: Readonly<Record<string, unknown>> = {}): Record<string, unknown> | undefined {
  const partition = partitionOfRegion(ctx.region);
  const dnsSuffix = dnsSuffixOfPartition(partition);
  const { region, accountId } = ctx;
  const given = (key: string) => (typeof config[key] === "string" ? (config[key] as string) : undefined);
  switch (type) {
    case "aws_partition":
      return { id: partition, partition, dns_suffix: dnsSuffix, reverse_dns_prefix: dnsSuffix.split(".").reverse().join(".") };
    case "aws_region": {
      const values: Record<string, unknown> = { id: region, name: region, endpoint: `ec2.${region}.${dnsSuffix}`, description: region };
      // 6.x adds `region` (and deprecates `name`); 5.x has no such attribute and refuses a value for it.
      if (ctx.providerMajor >= 6) values.region = region;
      return values;
    }
    case "aws_caller_identity":
      return {
        id: accountId,
        account_id: accountId,
        arn: `arn:${partition}:iam::${accountId}:role/terraform-check`,
        user_id: "AROAEXAMPLEEXAMPLE0001:terraform-check",
      };
    case "aws_vpc": {
      const id = given("id") ?? "vpc-0123456789abcdef0";
      return {
        id,
        arn: `arn:${partition}:ec2:${region}:${accountId}:vpc/${id}`,
        owner_id: accountId,
        state: "available",
        cidr_block: "10.0.0.0/16",
        cidr_block_associations: [{ association_id: "vpc-cidr-assoc-0123456789abcdef0", cidr_block: "10.0.0.0/16", state: "associated" }],
      };
    }
    case "aws_organizations_organization":
      return {
        id: "o-a1b2c3d4e5",
        arn: `arn:${partition}:organizations::${accountId}:organization/o-a1b2c3d4e5`,
        master_account_id: accountId,
        feature_set: "ALL",
      };
    case "aws_guardduty_detector": {
      const id = given("id") ?? "12abc34d567e8fa901bc2d34e56789f0";
      return {
        id,
        status: "ENABLED",
        finding_publishing_frequency: "SIX_HOURS",
        service_role_arn: `arn:${partition}:iam::${accountId}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`,
      };
    }
    case "aws_eks_cluster": {
      const name = given("name") ?? "prod";
      return {
        id: name,
        name,
        arn: `arn:${partition}:eks:${region}:${accountId}:cluster/${name}`,
        endpoint: `https://0123456789ABCDEF0123456789ABCDEF.gr7.${region}.eks.${dnsSuffix}`,
        status: "ACTIVE",
      };
    }
    default:
      return undefined;
  }
}

/**
 * The state of a resource an `import` block brings in, as if read from AWS (planning an import
 * otherwise reads the resource, which needs the network): its id and, for known types, the settings
 * AWS reports for an existing one.
 */
export function importedResourceValues(type: string, id: string): Record<string, unknown> {
  switch (type) {
    case "aws_guardduty_detector":
      // GuardDuty's defaults for a detector created outside Terraform.
      return { id, enable: true, finding_publishing_frequency: "SIX_HOURS" };
    default:
      return { id };
  }
}

/** AWS partitions and their naming rules, for ARNs and VPC endpoint service names. */

export type Partition = "aws" | "aws-cn" | "aws-us-gov";

/** Matches a commercial, China or GovCloud region name such as `ap-northeast-1` or `us-gov-west-1`. */
export const REGION_PATTERN = /^(us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov)-(north|south|east|west|central|northeast|southeast|northwest|southwest)-\d$/;

/** The partition a region belongs to. Throws for a string that is not a region name. */
export function partitionOfRegion(region: string): Partition {
  if (!REGION_PATTERN.test(region)) {
    throw new Error(`"${region}" is not an AWS region name (expected for example "ap-northeast-1" or "us-gov-west-1")`);
  }
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/** DNS suffix of a partition's service endpoints. */
export function dnsSuffixOfPartition(partition: Partition): string {
  return partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
}

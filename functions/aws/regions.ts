/**
 * The AWS Regions this app can deploy to, by partition, and those where GuardDuty Runtime Monitoring is
 * offered.
 *
 * Sources:
 * - Regions per partition and where the GuardDuty API has an endpoint: the AWS SDK's endpoint data
 *   (botocore 1.43.11 `data/endpoints.json`, partitions `aws`, `aws-us-gov`, `aws-cn`, service `guardduty`),
 *   which matches the table of "Amazon GuardDuty endpoints and quotas" in the AWS General Reference
 *   (https://docs.aws.amazon.com/general/latest/gr/guardduty.html). In `aws` every Region has one.
 * - Runtime Monitoring per Region: "Amazon GuardDuty Regions and endpoints", section "Region-specific
 *   feature availability" (https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_regions.html) names
 *   no commercial Region without it; "Amazon GuardDuty in AWS GovCloud (US)"
 *   (https://docs.aws.amazon.com/govcloud-us/latest/UserGuide/govcloud-guardduty.html) documents Runtime
 *   Monitoring in both GovCloud Regions (with the guardduty-data-fips endpoint service). It is not offered
 *   in the China partition (see functions/guardduty/agent-endpoint-service.ts).
 *
 * A Region AWS opens later is refused until it is added here: the list fails closed (a typo such as
 * `us-west-3` is refused before anything is written) and adding a Region is a one-line change.
 */
import type { Partition } from "./partition";

export const AWS_REGIONS_BY_PARTITION: Readonly<Record<Partition, readonly string[]>> = {
  aws: [
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
  ],
  "aws-us-gov": ["us-gov-east-1", "us-gov-west-1"],
  "aws-cn": ["cn-north-1", "cn-northwest-1"],
};

/** Every Region of the three partitions. */
export const AWS_REGIONS: readonly string[] = Object.values(AWS_REGIONS_BY_PARTITION).flat();

/** Regions where GuardDuty Runtime Monitoring is offered: every `aws` and `aws-us-gov` Region. */
export const RUNTIME_MONITORING_REGIONS: readonly string[] = [...AWS_REGIONS_BY_PARTITION.aws, ...AWS_REGIONS_BY_PARTITION["aws-us-gov"]];

/** True when GuardDuty Runtime Monitoring is offered in `region`. */
export function isRuntimeMonitoringRegion(region: string): boolean {
  return RUNTIME_MONITORING_REGIONS.includes(region);
}

/** A short text naming a few of `regions` and how many there are, for error messages. */
export function describeRegions(regions: readonly string[], what: string): string {
  const shown = ["us-east-1", "eu-west-1", "ap-northeast-1", "us-gov-west-1"].filter((r) => regions.includes(r));
  return `${what} (${regions.length} Regions, such as ${shown.join(", ")}; the list is in docs/config-reference.md)`;
}

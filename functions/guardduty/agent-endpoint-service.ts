import { Partition } from "../aws/partition";

/**
 * VPC endpoint service the Runtime Monitoring agent talks to. GovCloud only offers the FIPS one;
 * Runtime Monitoring is not offered in the China partition.
 */
export function agentEndpointServiceName(region: string, partition: Partition): string {
  if (partition === "aws-cn") {
    throw new Error(`GuardDuty Runtime Monitoring is not offered in ${region} (China partition): there is no guardduty-data endpoint service`);
  }
  const service = partition === "aws-us-gov" ? "guardduty-data-fips" : "guardduty-data";
  return `com.amazonaws.${region}.${service}`;
}

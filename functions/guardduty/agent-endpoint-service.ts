import { Partition } from "../aws/partition";

/** The agent's endpoint service by partition: GovCloud only offers the FIPS one. */
export const AGENT_ENDPOINT_SERVICES = { aws: "guardduty-data", "aws-us-gov": "guardduty-data-fips" } as const;

/**
 * VPC endpoint service the Runtime Monitoring agent talks to. GovCloud only offers the FIPS one;
 * Runtime Monitoring is not offered in the China partition.
 */
export function agentEndpointServiceName(region: string, partition: Partition): string {
  if (partition === "aws-cn") {
    throw new Error(`GuardDuty Runtime Monitoring is not offered in ${region} (China partition): there is no guardduty-data endpoint service`);
  }
  return `com.amazonaws.${region}.${AGENT_ENDPOINT_SERVICES[partition]}`;
}

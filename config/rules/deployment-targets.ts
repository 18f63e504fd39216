/** Where a config deploys: one account (when known) and region per stack, as config/stack-plans.ts plans them. */
import { Partition, partitionOfRegion } from "../../functions/aws/partition";
import type { Config } from "../config-schema";

export interface DeploymentTarget {
  readonly region: string;
  readonly partition: Partition;
  /** Undefined: a single-stack config without account_id (any account the credentials belong to). */
  readonly account?: string;
}

export function deploymentTargets(config: Config): DeploymentTarget[] {
  const pairs =
    config.deployments.length > 0
      ? config.deployments.flatMap((d) => (d.regions ?? [config.region]).map((region) => ({ region, account: d.account_id as string | undefined })))
      : [{ region: config.region, account: config.account_id }];
  return pairs.map((p) => ({ ...p, partition: partitionOfRegion(p.region) }));
}

/** The parts of an ARN (`arn:partition:service:region:account:resource`). */
export function arnParts(arn: string): { partition: string; service: string; region: string; account: string } {
  const [, partition = "", service = "", region = "", account = ""] = arn.split(":");
  return { partition, service, region, account };
}

/**
 * Every ARN setting is in the partition of the region it is used in (an `arn:aws:` role or key does not
 * exist for a GovCloud stack), and one account's regions are in one partition (an account belongs to one).
 * Partitions: functions/aws/partition.ts.
 */
import { partitionOfRegion } from "../../functions/aws/partition";
import type { Config } from "../config-schema";
import type { ConfigProblem } from "../config-error";
import { refuse } from "./config-rule";
import { arnParts } from "./deployment-targets";

export function arnPartitions(config: Config): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const check = (setting: string, arn: string | undefined, region: string, why: string) => {
    if (arn === undefined) return;
    const partition = partitionOfRegion(region);
    if (arnParts(arn).partition !== partition)
      problems.push(refuse(setting, arn, `an ARN in partition ${partition} (arn:${partition}:...), the partition of ${region}${why}`));
  };

  check("provider.assume_role_arn", config.provider.assume_role_arn, config.region, " (region)");
  check("notifications.existing_topic_arn", config.notifications.existing_topic_arn, config.region, " (region)");
  check("notifications.existing_kms_key_arn", config.notifications.existing_kms_key_arn, config.region, " (region)");

  config.deployments.forEach((d, i) => {
    const regions = d.regions ?? [config.region];
    const partition = partitionOfRegion(regions[0]);
    regions.forEach((region, j) => {
      if (partitionOfRegion(region) !== partition) {
        problems.push(
          refuse(
            `deployments[${i}].regions[${j}]`,
            region,
            `a region in partition ${partition}, like ${regions[0]}: an account belongs to one partition (use one deployments entry per account)`,
          ),
        );
      }
    });
    check(`deployments[${i}].assume_role_arn`, d.assume_role_arn, regions[0], ` (deployments[${i}].regions)`);
  });

  return problems;
}

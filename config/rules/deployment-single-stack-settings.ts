/**
 * With deployments, the settings that name one account or one account's resource are given per deployment
 * (or not at all): a detector id, a topic and a key belong to one account and region.
 */
import type { Config } from "../config-schema";
import type { ConfigProblem } from "../config-error";
import { refuse } from "./config-rule";

export function deploymentSingleStackSettings(config: Config): ConfigProblem[] {
  if (config.deployments.length === 0) return [];
  const single = [
    ["account_id", config.account_id, "deployments[].account_id"],
    ["provider.assume_role_arn", config.provider.assume_role_arn, "deployments[].assume_role_arn"],
    ["detector.existing_detector_id", config.detector.existing_detector_id, "one config per account and region (a detector id belongs to one)"],
    ["notifications.existing_topic_arn", config.notifications.existing_topic_arn, "one config per account and region (a topic belongs to one)"],
    ["notifications.existing_kms_key_arn", config.notifications.existing_kms_key_arn, "one config per account and region (a key belongs to one)"],
  ] as const;
  return single
    .filter(([, value]) => value !== undefined)
    .map(([setting, value, instead]) => refuse(setting, value, `no value with deployments: use ${instead}`));
}

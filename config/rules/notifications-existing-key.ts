/** An existing KMS key is used only when encrypting, and is in the stack's region (KMS keys are regional). */
import type { Config } from "../config-schema";
import type { ConfigProblem } from "../config-error";
import { refuse } from "./config-rule";
import { arnParts } from "./deployment-targets";

export function notificationsExistingKey(config: Config): ConfigProblem[] {
  const n = config.notifications;
  const key = n.existing_kms_key_arn;
  if (key === undefined) return [];
  const problems: ConfigProblem[] = [];
  if (!n.encrypt) problems.push(refuse("notifications.existing_kms_key_arn", key, "no key while notifications.encrypt is false"));
  if (arnParts(key).region !== config.region)
    problems.push(refuse("notifications.existing_kms_key_arn", key, `a key in ${config.region} (KMS keys are regional)`));
  return problems;
}

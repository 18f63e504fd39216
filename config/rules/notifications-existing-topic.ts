/**
 * An existing notification topic is in the stack's region (Step Functions publishes through the regional SNS
 * endpoint) and is not the target of the coverage rule (its policy is not ours to grant EventBridge).
 */
import type { Config } from "../config-schema";
import type { ConfigProblem } from "../config-error";
import { refuse } from "./config-rule";
import { arnParts } from "./deployment-targets";

export function notificationsExistingTopic(config: Config): ConfigProblem[] {
  const n = config.notifications;
  if (n.existing_topic_arn === undefined) return [];
  const problems: ConfigProblem[] = [];
  if (arnParts(n.existing_topic_arn).region !== config.region) {
    problems.push(
      refuse(
        "notifications.existing_topic_arn",
        n.existing_topic_arn,
        `a topic in ${config.region}: Step Functions publishes through the regional SNS endpoint`,
      ),
    );
  }
  if (n.coverage_unhealthy) {
    problems.push(
      refuse("notifications.coverage_unhealthy", true, "false with an existing topic (its policy must let EventBridge publish: route the event yourself)"),
    );
  }
  return problems;
}

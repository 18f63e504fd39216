import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { Construct } from "constructs";
import { buildCoverageUnhealthyPattern } from "../../functions/guardduty/coverage-unhealthy-pattern";
import { AwsContext } from "../aws-context";
import type { ResponseNotifications } from "../response-notifications";

export interface CoverageHealthNotificationProps {
  readonly namePrefix: string;
  readonly notifications: ResponseNotifications;
  /** @default - no tags besides the provider's default tags */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Routes GuardDuty's "Runtime Protection Unhealthy" coverage events to the notification topic: a
 * workload whose agent stopped reporting is a workload nothing contains.
 */
export class CoverageHealthNotification extends Construct {
  readonly rule: CloudwatchEventRule;
  readonly target: CloudwatchEventTarget;

  constructor(scope: Construct, id: string, props: CoverageHealthNotificationProps) {
    super(scope, id);
    if (props.notifications.topic === undefined) {
      throw new Error("CoverageHealthNotification: needs a topic created here (its policy must let EventBridge publish); with an existing topic, route the event yourself");
    }
    const aws = AwsContext.of(this);
    const name = `${props.namePrefix}-coverage-unhealthy`;
    this.rule = new CloudwatchEventRule(this, "rule", {
      name,
      description: "GuardDuty Runtime Monitoring coverage became unhealthy",
      eventPattern: JSON.stringify(buildCoverageUnhealthyPattern()),
      tags: props.tags ? { ...props.tags } : undefined,
    });
    props.notifications.allowEventRule(`arn:${aws.partition}:events:${aws.region}:${aws.accountId}:rule/${name}`, { publishesToTopic: true });
    this.target = new CloudwatchEventTarget(this, "target", { rule: this.rule.name, targetId: "notification-topic", arn: props.notifications.topicArn });
  }
}

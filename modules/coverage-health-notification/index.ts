import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { Construct } from "constructs";
import { buildCoverageUnhealthyPattern } from "../../functions/guardduty/coverage-unhealthy-pattern";
import { coverageRuleName, namesOverLimit } from "../../functions/naming/resource-names";
import { AwsContext } from "../aws-context";
import { ResponseAlarms } from "../response-alarms";
import type { ResponseNotifications } from "../response-notifications";

export interface CoverageHealthNotificationProps {
  readonly namePrefix: string;
  readonly notifications: ResponseNotifications;
  /**
   * A CloudWatch alarm to the topic when EventBridge cannot publish a coverage event (FailedInvocations):
   * the alarm reaches the topic through CloudWatch's own grant, not EventBridge's.
   * @default true
   */
  readonly alarms?: boolean;
  /** @default - no tags besides the provider's default tags */
  readonly tags?: Readonly<Record<string, string>>;
}

/** What the coverage rule's failed-invocations alarm says. */
export const COVERAGE_RULE_FAILED_DESCRIPTION =
  "EventBridge could not publish a GuardDuty coverage event to the topic (topic policy, KMS key): a workload whose agent stopped reporting went unreported. Check coverage in the GuardDuty console.";

/**
 * Routes GuardDuty's "Runtime Protection Unhealthy" coverage events to the notification topic: a
 * workload whose agent stopped reporting is a workload nothing contains.
 */
export class CoverageHealthNotification extends Construct {
  readonly rule: CloudwatchEventRule;
  readonly target: CloudwatchEventTarget;
  /** Undefined when turned off. */
  readonly alarms?: ResponseAlarms;

  constructor(scope: Construct, id: string, props: CoverageHealthNotificationProps) {
    super(scope, id);
    if (props.notifications.topic === undefined) {
      throw new Error(
        "CoverageHealthNotification: needs a topic created here (its policy must let EventBridge publish); with an existing topic, route the event yourself",
      );
    }
    const aws = AwsContext.of(this);
    // Regional name (unique per event bus); EventBridge caps rule names at 64 characters.
    const name = coverageRuleName(props.namePrefix);
    const [tooLong] = namesOverLimit([{ kind: "eventRule", name }]);
    if (tooLong !== undefined) {
      throw new Error(
        `CoverageHealthNotification: namePrefix is too long by ${name.length - tooLong.limit.maxLength} characters: the ${tooLong.limit.label} "${name}" would be ${name.length} characters, and AWS allows ${tooLong.limit.maxLength}`,
      );
    }
    this.rule = new CloudwatchEventRule(this, "rule", {
      name,
      description: "GuardDuty Runtime Monitoring coverage became unhealthy",
      eventPattern: JSON.stringify(buildCoverageUnhealthyPattern()),
      tags: props.tags ? { ...props.tags } : undefined,
    });
    props.notifications.allowEventRule(`arn:${aws.partition}:events:${aws.region}:${aws.accountId}:rule/${name}`, { publishesToTopic: true });
    this.target = new CloudwatchEventTarget(this, "target", { rule: this.rule.name, targetId: "notification-topic", arn: props.notifications.topicArn });
    if (props.alarms ?? true) {
      this.alarms = new ResponseAlarms(this, "alarms", {
        namePrefix: name,
        topicArn: props.notifications.topicArn,
        ruleName: this.rule.name,
        ruleFailureDescription: COVERAGE_RULE_FAILED_DESCRIPTION,
        tags: props.tags,
      });
    }
  }
}

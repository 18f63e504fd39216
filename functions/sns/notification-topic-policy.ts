import { PolicyDocument, PolicyStatement, policyDocument } from "../iam/policy-document";

/**
 * Topic policy of the notification topic: CloudWatch alarms of this account and the given EventBridge
 * rules may publish. Principals of the account (the state machine role, administrators) act through
 * their identity policies, which suffice within one account.
 */
export function buildNotificationTopicPolicy(props: {
  readonly topicArn: string;
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly eventRuleArns: readonly string[];
}): PolicyDocument {
  const statements: PolicyStatement[] = [
    {
      Sid: "CloudWatchAlarmsOfThisAccountPublish",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: "sns:Publish",
      Resource: props.topicArn,
      Condition: {
        StringEquals: { "aws:SourceAccount": props.accountId },
        ArnLike: { "aws:SourceArn": `arn:${props.partition}:cloudwatch:${props.region}:${props.accountId}:alarm:*` },
      },
    },
  ];
  if (props.eventRuleArns.length > 0) {
    statements.push({
      Sid: "ResponseRulesPublish",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: "sns:Publish",
      Resource: props.topicArn,
      Condition: {
        StringEquals: { "aws:SourceAccount": props.accountId },
        ArnEquals: { "aws:SourceArn": [...props.eventRuleArns] },
      },
    });
  }
  return policyDocument(...statements);
}

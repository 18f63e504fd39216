import { PolicyDocument, policyDocument } from "../iam/policy-document";

/** Queue policy of a rule target's dead-letter queue: only these EventBridge rules may send to it. */
export function buildDeadLetterQueuePolicy(props: {
  readonly queueArn: string;
  readonly accountId: string;
  readonly ruleArns: readonly string[];
}): PolicyDocument {
  return policyDocument({
    Sid: "OnlyTheResponseRulesSendUndeliveredEvents",
    Effect: "Allow",
    Principal: { Service: "events.amazonaws.com" },
    Action: "sqs:SendMessage",
    Resource: props.queueArn,
    Condition: {
      StringEquals: { "aws:SourceAccount": props.accountId },
      ArnEquals: { "aws:SourceArn": [...props.ruleArns] },
    },
  });
}

import { PolicyDocument, policyDocument } from "../iam/policy-document";

/**
 * Queue policy of a rule target's dead-letter queue: only these EventBridge rules may send to it.
 *
 * The statement is the one the EventBridge user guide documents ("Using dead-letter queues to process
 * undelivered events", target dead-letter queue permissions): `sqs:SendMessage` for `events.amazonaws.com`
 * with `ArnEquals` `aws:SourceArn` = the rule ARN. No `aws:SourceAccount`: the guide does not say EventBridge
 * sends it on this path, and a condition on a key that is absent would refuse every undelivered finding. The
 * rule ARN names the account already. A request without `aws:SourceArn` is refused (fails closed).
 */
export function buildDeadLetterQueuePolicy(props: { readonly queueArn: string; readonly ruleArns: readonly string[] }): PolicyDocument {
  return policyDocument({
    Sid: "OnlyTheResponseRulesSendUndeliveredEvents",
    Effect: "Allow",
    Principal: { Service: "events.amazonaws.com" },
    Action: "sqs:SendMessage",
    Resource: props.queueArn,
    Condition: {
      ArnEquals: { "aws:SourceArn": [...props.ruleArns] },
    },
  });
}

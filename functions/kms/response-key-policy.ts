import { PolicyDocument, PolicyStatement, policyDocument } from "../iam/policy-document";

export interface ResponseKeyPolicyProps {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  /** Roles that publish to the encrypted topic or read/write the encrypted queue (the state machine role). */
  readonly publisherRoleArns: readonly string[];
  /**
   * Rules whose target dead-letter queue is encrypted with the key: EventBridge needs the key to put
   * undeliverable events into the queue. The SQS developer guide ("Configure KMS permissions for AWS
   * services") documents this grant for `events.amazonaws.com` without a condition (`kms:Decrypt`,
   * `kms:GenerateDataKey`). It also lists CloudWatch Events among the services that "support
   * aws:SourceArn" for encrypted queues, but says to set it to "the ARN of the resource that is being
   * encrypted" and nowhere which ARN EventBridge sends when it dead-letters (the rule's or the queue's); the
   * EventBridge user guide ("Using dead-letter queues to process undelivered events") documents only the
   * queue policy. A guessed condition that does not match makes every dead-lettering fail
   * (`InvocationsFailedToBeSentToDlq`) and loses the finding, so the statement is the documented one, and the
   * queue policy (`aws:SourceArn` = these rules, as the EventBridge guide documents) decides which rules may
   * write into the queue. Only whether the list is empty matters here.
   */
  readonly eventRuleArns: readonly string[];
  /**
   * Rules whose target is the encrypted topic. EventBridge's KMS requests for an encrypted topic carry no
   * `aws:SourceArn` / `aws:SourceAccount` (the SNS developer guide: adding them to a KMS policy "is not
   * supported for EventBridge-to-encrypted topics"), so a statement conditioned on them drops every event
   * silently. These rules get the statement AWS documents, unconditioned; the topic policy names them.
   * @default - no rule publishes to the topic
   */
  readonly topicPublishingRuleArns?: readonly string[];
  /** Log groups CloudWatch Logs may encrypt with the key. */
  readonly logGroupNames: readonly string[];
  /** Let CloudWatch alarms of this account publish to the encrypted topic. @default true */
  readonly allowCloudWatchAlarms?: boolean;
}

/** What a service needs to put messages into an SNS topic or SQS queue encrypted with the key. */
const ENVELOPE_ACTIONS = ["kms:GenerateDataKey*", "kms:Decrypt"];

/** What the SQS developer guide lists for an AWS service sending to a queue encrypted with the key. */
const DEAD_LETTER_ACTIONS = ["kms:Decrypt", "kms:GenerateDataKey"];

/**
 * Key policy of the customer managed key that encrypts the notification topic, the dead-letter queue
 * and the execution logs. Every service that writes to them is named here: a topic whose key does not
 * admit its publisher drops the messages silently (AWS-managed keys cannot admit CloudWatch or
 * EventBridge at all, hence a customer managed key).
 */
export function buildResponseKeyPolicy(props: ResponseKeyPolicyProps): PolicyDocument {
  const root = `arn:${props.partition}:iam::${props.accountId}:root`;
  const statements: PolicyStatement[] = [
    {
      // Without it the key becomes unmanageable; access is then governed by IAM policies of the account.
      Sid: "AccountAdministersTheKey",
      Effect: "Allow",
      Principal: { AWS: root },
      Action: "kms:*",
      Resource: "*",
    },
  ];
  if (props.publisherRoleArns.length > 0) {
    statements.push({
      Sid: "ResponseRolesUseTheKeyThroughSnsAndSqs",
      Effect: "Allow",
      Principal: { AWS: [...props.publisherRoleArns] },
      Action: ENVELOPE_ACTIONS,
      Resource: "*",
      Condition: {
        StringEquals: { "kms:ViaService": [`sns.${props.region}.amazonaws.com`, `sqs.${props.region}.amazonaws.com`] },
      },
    });
  }
  if (props.eventRuleArns.length > 0) {
    statements.push({
      // Exactly the statement the SQS developer guide documents for EventBridge writing to an encrypted queue
      // ("Configure KMS permissions for AWS services"): no condition, since none is documented for the
      // dead-letter path (see the prop). Which rules may write is the queue policy's check.
      Sid: "EventBridgeEncryptsIntoTheDeadLetterQueue",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: DEAD_LETTER_ACTIONS,
      Resource: "*",
    });
  }
  if ((props.topicPublishingRuleArns ?? []).length > 0) {
    statements.push({
      // No source conditions: EventBridge sends none to KMS for an encrypted topic (see the prop). Which
      // rules may publish is the topic policy's to say (aws:SourceArn is checked there).
      Sid: "EventBridgeRulesPublishToTheEncryptedTopic",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: ENVELOPE_ACTIONS,
      Resource: "*",
    });
  }
  if (props.allowCloudWatchAlarms ?? true) {
    statements.push({
      Sid: "CloudWatchAlarmsUseTheKey",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: ENVELOPE_ACTIONS,
      Resource: "*",
      Condition: {
        StringEquals: { "aws:SourceAccount": props.accountId },
        ArnLike: { "aws:SourceArn": `arn:${props.partition}:cloudwatch:${props.region}:${props.accountId}:alarm:*` },
      },
    });
  }
  if (props.logGroupNames.length > 0) {
    statements.push({
      Sid: "CloudWatchLogsEncryptsTheExecutionLogs",
      Effect: "Allow",
      Principal: { Service: `logs.${props.region}.amazonaws.com` },
      Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
      Resource: "*",
      Condition: {
        ArnLike: {
          "kms:EncryptionContext:aws:logs:arn": props.logGroupNames.map(
            (name) => `arn:${props.partition}:logs:${props.region}:${props.accountId}:log-group:${name}`,
          ),
        },
      },
    });
  }
  return policyDocument(...statements);
}

import { PolicyDocument, PolicyStatement, policyDocument } from "../iam/policy-document";

export interface ResponseKeyPolicyProps {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  /** Roles that publish to the encrypted topic or read/write the encrypted queue (the state machine role). */
  readonly publisherRoleArns: readonly string[];
  /** Rules allowed to use the key through EventBridge (dead-letter queue, events sent to the topic). */
  readonly eventRuleArns: readonly string[];
  /** Log groups CloudWatch Logs may encrypt with the key. */
  readonly logGroupNames: readonly string[];
  /** Let CloudWatch alarms of this account publish to the encrypted topic. @default true */
  readonly allowCloudWatchAlarms?: boolean;
}

/** What a service needs to put messages into an SNS topic or SQS queue encrypted with the key. */
const ENVELOPE_ACTIONS = ["kms:GenerateDataKey*", "kms:Decrypt"];

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
      Sid: "EventBridgeRulesUseTheKey",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: ENVELOPE_ACTIONS,
      Resource: "*",
      Condition: {
        StringEquals: { "aws:SourceAccount": props.accountId },
        ArnLike: { "aws:SourceArn": [...props.eventRuleArns] },
      },
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

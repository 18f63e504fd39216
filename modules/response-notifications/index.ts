import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Fn, Lazy, Token } from "cdktf";
import { Construct } from "constructs";
import { buildResponseKeyPolicy } from "../../functions/kms/response-key-policy";
import { notificationResourceNames } from "../../functions/naming/resource-names";
import { buildNotificationTopicPolicy } from "../../functions/sns/notification-topic-policy";
import { AwsContext } from "../aws-context";
import { valueKeyedId } from "../support/value-keyed-id";

export interface ResponseNotificationsProps {
  /** First part of the topic and key alias names; the topic is `<namePrefix>-topic`. */
  readonly namePrefix: string;
  /**
   * Publish to this topic instead of creating one. Its encryption and policy stay yours: grant the
   * response roles `sns:Publish` (and its key, if encrypted) yourself.
   * @default - a topic is created
   */
  readonly existingTopicArn?: string;
  /**
   * Encrypt the topic, dead-letter queue and execution logs with this customer managed key. Its key
   * policy must admit the publishers (see docs/containment-choices.md).
   * @default - a customer managed key is created, rotated yearly
   */
  readonly existingKmsKeyArn?: string;
  /**
   * Encrypt with a customer managed key. An AWS managed key cannot admit CloudWatch alarms or
   * EventBridge, whose messages would then be dropped silently.
   * @default true
   */
  readonly encrypt?: boolean;
  /** @default - no email subscription */
  readonly notificationEmails?: readonly string[];
  /** @default - no tags besides the provider's default tags */
  readonly tags?: Readonly<Record<string, string>>;
}

export interface AllowEventRuleOptions {
  /**
   * The rule's target is the topic itself, not only its dead-letter queue: the topic policy and the key
   * policy let EventBridge publish for this rule.
   * @default false
   */
  readonly publishesToTopic?: boolean;
}

/**
 * Where responses report: the SNS topic (created or given), its customer managed KMS key, the topic
 * policy and email subscriptions. Pipelines register what publishes and what is encrypted; the key
 * and topic policies are written from those registrations at synth time.
 */
export class ResponseNotifications extends Construct {
  readonly topicArn: string;
  readonly topic?: SnsTopic;
  readonly topicPolicy?: SnsTopicPolicy;
  /** ARN of the key that encrypts topic, queue and logs; undefined without encryption. */
  readonly kmsKeyArn?: string;
  /** The created key; undefined when given or without encryption. */
  readonly kmsKey?: KmsKey;
  readonly kmsAlias?: KmsAlias;
  readonly subscriptions: readonly SnsTopicSubscription[];

  private readonly publisherRoleArns: string[] = [];
  private readonly eventRuleArns: string[] = [];
  private readonly topicPublishingRuleArns: string[] = [];
  private readonly logGroupNames: string[] = [];

  constructor(scope: Construct, id: string, props: ResponseNotificationsProps) {
    super(scope, id);
    validate(props);
    const aws = AwsContext.of(this);
    const tags = props.tags ? { ...props.tags } : undefined;
    const encrypt = props.encrypt ?? true;
    const names = notificationResourceNames(props.namePrefix);

    if (encrypt && props.existingKmsKeyArn === undefined) {
      this.kmsKey = new KmsKey(this, "key", {
        description: `Encrypts the GuardDuty response notices, dead letters and logs of ${props.namePrefix}`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: Lazy.stringValue({
          produce: () =>
            Fn.jsonencode(
              buildResponseKeyPolicy({
                partition: aws.partition,
                region: aws.region,
                accountId: aws.accountId,
                publisherRoleArns: this.publisherRoleArns,
                eventRuleArns: this.eventRuleArns,
                // EventBridge sends no source context to KMS for an encrypted topic target.
                topicPublishingRuleArns: this.topicPublishingRuleArns,
                logGroupNames: this.logGroupNames,
              }),
            ),
        }),
        tags,
      });
      // Regional name (aliases are unique per account and region).
      this.kmsAlias = new KmsAlias(this, "alias", { name: names.kmsAlias, targetKeyId: this.kmsKey.keyId });
      this.kmsKeyArn = this.kmsKey.arn;
    } else if (encrypt) {
      this.kmsKeyArn = props.existingKmsKeyArn;
    }

    if (props.existingTopicArn === undefined) {
      // Regional name (unique per account and region).
      this.topic = new SnsTopic(this, "topic", { name: names.topic, kmsMasterKeyId: this.kmsKeyArn, tags });
      this.topicArn = this.topic.arn;
      this.topicPolicy = new SnsTopicPolicy(this, "topic-policy", {
        arn: this.topic.arn,
        policy: Lazy.stringValue({
          produce: () =>
            Fn.jsonencode(
              buildNotificationTopicPolicy({
                topicArn: this.topicArn,
                partition: aws.partition,
                region: aws.region,
                accountId: aws.accountId,
                eventRuleArns: this.topicPublishingRuleArns,
              }),
            ),
        }),
      });
    } else {
      this.topicArn = props.existingTopicArn;
    }
    // Keyed by address, not list position: removing one email leaves the other subscriptions (and their
    // confirmations) in place.
    this.subscriptions = (props.notificationEmails ?? []).map(
      (email) => new SnsTopicSubscription(this, valueKeyedId("email", email), { topicArn: this.topicArn, protocol: "email", endpoint: email }),
    );
  }

  /** A role that publishes notices (and uses the key through SNS and SQS). */
  allowPublisherRole(roleArn: string): void {
    this.publisherRoleArns.push(roleArn);
  }

  /** An EventBridge rule whose target dead-letter queue (or the topic itself) is encrypted with the key. */
  allowEventRule(ruleArn: string, options: AllowEventRuleOptions = {}): void {
    if (options.publishesToTopic) this.topicPublishingRuleArns.push(ruleArn);
    else this.eventRuleArns.push(ruleArn);
  }

  /** A log group CloudWatch Logs encrypts with the key. */
  allowLogGroup(logGroupName: string): void {
    this.logGroupNames.push(logGroupName);
  }
}

function validate(props: ResponseNotificationsProps): void {
  const fail = (setting: string, value: unknown, allowed: string): never => {
    throw new Error(`ResponseNotifications: ${setting} ${JSON.stringify(value)} is not allowed; expected ${allowed}`);
  };
  if (props.existingKmsKeyArn !== undefined && props.encrypt === false) {
    fail("existingKmsKeyArn", props.existingKmsKeyArn, "no key when encrypt is false");
  }
  const key = props.existingKmsKeyArn;
  if (key !== undefined && !Token.isUnresolved(key) && !/^arn:aws(-us-gov|-cn)?:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}$/.test(key)) {
    fail("existingKmsKeyArn", key, "a KMS key ARN like arn:aws:kms:ap-northeast-1:123456789012:key/<uuid>");
  }
  for (const email of props.notificationEmails ?? []) {
    if (!Token.isUnresolved(email) && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) fail("notificationEmails", email, "email addresses");
  }
  const emails = props.notificationEmails ?? [];
  const repeated = emails.find((email, i) => emails.indexOf(email) !== i);
  if (repeated !== undefined) fail("notificationEmails", emails, `each address once ("${repeated}" is repeated)`);
}

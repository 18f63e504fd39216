import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { Fn, Lazy } from "cdktf";
import { Construct } from "constructs";
import { deadLetterQueueName } from "../../functions/naming/resource-names";
import { buildDeadLetterQueuePolicy } from "../../functions/sqs/dead-letter-queue-policy";

export interface ResponseDeadLetterQueueProps {
  /** Queue name: `<namePrefix>-dead-letters`. */
  readonly namePrefix: string;
  /**
   * KMS key that encrypts the queue. Its key policy must let EventBridge use it.
   * @default - SQS managed encryption (SSE-SQS)
   */
  readonly kmsKeyArn?: string;
  /** How long undelivered events are kept. @default 1209600 (14 days, the SQS maximum) */
  readonly messageRetentionInSeconds?: number;
  /** @default - no tags besides the provider's default tags */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Where EventBridge puts findings it could not deliver to a response state machine after its retries,
 * so no finding is lost silently. Only the registered rules may send to it.
 */
export class ResponseDeadLetterQueue extends Construct {
  readonly queue: SqsQueue;
  readonly queuePolicy: SqsQueuePolicy;
  private readonly ruleArns: string[] = [];

  constructor(scope: Construct, id: string, props: ResponseDeadLetterQueueProps) {
    super(scope, id);
    const retention = props.messageRetentionInSeconds ?? 1209600;
    if (!Number.isInteger(retention) || retention < 60 || retention > 1209600) {
      throw new Error(`ResponseDeadLetterQueue: messageRetentionInSeconds ${retention} is not allowed; expected 60 to 1209600`);
    }
    this.queue = new SqsQueue(this, "queue", {
      // Regional name (unique per account and region).
      name: deadLetterQueueName(props.namePrefix),
      messageRetentionSeconds: retention,
      kmsMasterKeyId: props.kmsKeyArn,
      sqsManagedSseEnabled: props.kmsKeyArn === undefined ? true : undefined,
      tags: props.tags ? { ...props.tags } : undefined,
    });
    this.queuePolicy = new SqsQueuePolicy(this, "policy", {
      queueUrl: this.queue.url,
      policy: Lazy.stringValue({
        produce: () => Fn.jsonencode(buildDeadLetterQueuePolicy({ queueArn: this.queue.arn, ruleArns: this.ruleArns })),
      }),
    });
  }

  /** Lets one EventBridge rule send its undeliverable events here. */
  allowRule(ruleArn: string): void {
    this.ruleArns.push(ruleArn);
  }
}

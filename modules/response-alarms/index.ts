import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct } from "constructs";
import { alarmName } from "../../functions/naming/resource-names";

/** One alarm: a metric that must stay at zero. */
export interface ZeroAlarmSpec {
  readonly id: string;
  readonly description: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly statistic: "Sum" | "Maximum";
  readonly dimensions: Readonly<Record<string, string>>;
}

/** Step Functions execution metrics that mean a response did not complete. */
export const STATE_MACHINE_ALARMS = [
  { id: "executions-failed", metricName: "ExecutionsFailed", description: "A containment execution failed: a task may still be running. Read the failure notice and the execution history." },
  { id: "executions-timed-out", metricName: "ExecutionsTimedOut", description: "A containment execution timed out before it finished." },
  { id: "executions-throttled", metricName: "ExecutionThrottled", description: "Step Functions throttled containment executions." },
  { id: "executions-aborted", metricName: "ExecutionsAborted", description: "Someone stopped a containment execution by hand." },
] as const;

/** What a failed invocation of a response rule means, by default. */
export const RULE_FAILED_INVOCATIONS_DESCRIPTION =
  "EventBridge could not start the containment state machine for a finding; after its retries the event goes to the dead-letter queue.";

/**
 * The rule could not put an undeliverable finding into its dead-letter queue: the one way a finding is lost
 * after the retries. Metric and dimension from the EventBridge user guide (Monitoring Amazon EventBridge:
 * `InvocationsFailedToBeSentToDlq`, dimension `RuleName` for the default event bus; sent only when not zero).
 */
export const DEAD_LETTERING_FAILED_DESCRIPTION =
  "EventBridge could not put an undeliverable finding into the dead-letter queue (queue policy, KMS key, queue deleted, size limit): the finding is lost. Find it in GuardDuty and contain by hand; fix the queue.";

export interface ResponseAlarmsProps {
  /** Alarm names start with it. */
  readonly namePrefix: string;
  /** Where alarm and OK notices go. */
  readonly topicArn: string;
  /** @default - no state machine alarms */
  readonly stateMachineArn?: string;
  /** @default - no rule alarm */
  readonly ruleName?: string;
  /**
   * What the rule's failed-invocations alarm says.
   * @default RULE_FAILED_INVOCATIONS_DESCRIPTION (the rule starts a containment state machine)
   */
  readonly ruleFailureDescription?: string;
  /**
   * The dead-letter queue of the rule's target: an alarm on its depth, and with `ruleName` one on
   * `InvocationsFailedToBeSentToDlq` (the rule could not write to it).
   * @default - no dead-letter queue alarm
   */
  readonly deadLetterQueueName?: string;
  /** Metric period. @default 300 */
  readonly periodInSeconds?: number;
  /** @default - no tags besides the provider's default tags */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * CloudWatch alarms that say a finding was not handled: failed, timed-out, throttled or aborted
 * executions, failed rule invocations, undelivered events waiting in the dead-letter queue, and events
 * the rule could not even put into the dead-letter queue (lost).
 * Missing data counts as healthy (no findings, no executions).
 */
export class ResponseAlarms extends Construct {
  readonly alarms: readonly CloudwatchMetricAlarm[];

  constructor(scope: Construct, id: string, props: ResponseAlarmsProps) {
    super(scope, id);
    const specs: ZeroAlarmSpec[] = [];
    if (props.stateMachineArn !== undefined) {
      for (const a of STATE_MACHINE_ALARMS) {
        specs.push({ ...a, namespace: "AWS/States", statistic: "Sum", dimensions: { StateMachineArn: props.stateMachineArn } });
      }
    }
    if (props.ruleName !== undefined) {
      specs.push({
        id: "rule-failed-invocations",
        description: props.ruleFailureDescription ?? RULE_FAILED_INVOCATIONS_DESCRIPTION,
        namespace: "AWS/Events",
        metricName: "FailedInvocations",
        statistic: "Sum",
        dimensions: { RuleName: props.ruleName },
      });
    }
    if (props.ruleName !== undefined && props.deadLetterQueueName !== undefined) {
      specs.push({
        id: "dead-lettering-failed",
        description: DEAD_LETTERING_FAILED_DESCRIPTION,
        namespace: "AWS/Events",
        // The metric's casing is "Dlq" (EventBridge user guide, Monitoring Amazon EventBridge), not "DLQ".
        metricName: "InvocationsFailedToBeSentToDlq",
        statistic: "Sum",
        dimensions: { RuleName: props.ruleName },
      });
    }
    if (props.deadLetterQueueName !== undefined) {
      specs.push({
        id: "dead-letters",
        description: "Findings EventBridge could not deliver wait in the dead-letter queue: replay or handle them by hand.",
        namespace: "AWS/SQS",
        metricName: "ApproximateNumberOfMessagesVisible",
        statistic: "Maximum",
        dimensions: { QueueName: props.deadLetterQueueName },
      });
    }
    this.alarms = specs.map(
      (spec) =>
        new CloudwatchMetricAlarm(this, spec.id, {
          // Regional name (unique per account and region).
          alarmName: alarmName(props.namePrefix, spec.id),
          alarmDescription: spec.description,
          namespace: spec.namespace,
          metricName: spec.metricName,
          statistic: spec.statistic,
          dimensions: { ...spec.dimensions },
          period: props.periodInSeconds ?? 300,
          evaluationPeriods: 1,
          threshold: 0,
          comparisonOperator: "GreaterThanThreshold",
          treatMissingData: "notBreaching",
          alarmActions: [props.topicArn],
          okActions: [props.topicArn],
          tags: props.tags ? { ...props.tags } : undefined,
        }),
    );
  }
}

/**
 * CloudWatch alarms of a response pipeline, as data: each a metric that must stay at zero. modules/response-alarms
 * turns them into `aws_cloudwatch_metric_alarm`s with the dimension of the pipeline's resource.
 */

/** The pipeline resource whose metric an alarm watches, and so its dimension. */
export type AlarmSubject = "stateMachine" | "rule" | "deadLetterQueue";

/** One alarm: a metric that must stay at zero. */
export interface ResponseAlarmSpec {
  /** Alarm names are `<namePrefix>-<id>`; the construct id too. */
  readonly id: string;
  readonly description: string;
  readonly namespace: "AWS/States" | "AWS/Events" | "AWS/SQS";
  readonly metricName: string;
  readonly statistic: "Sum" | "Maximum";
  /** Whose metric: its dimension is `StateMachineArn`, `RuleName` or `QueueName`. */
  readonly subject: AlarmSubject;
  /** Raised only when these resources exist too (e.g. a dead-letter queue). @default - only the subject */
  readonly alsoRequires?: readonly AlarmSubject[];
}

/** The dimension name of each subject's metrics. */
export const ALARM_DIMENSIONS: Readonly<Record<AlarmSubject, string>> = {
  stateMachine: "StateMachineArn",
  rule: "RuleName",
  deadLetterQueue: "QueueName",
};

/** Step Functions execution metrics that mean a response did not complete. */
export const STATE_MACHINE_ALARMS = [
  {
    id: "executions-failed",
    metricName: "ExecutionsFailed",
    description: "A containment execution failed: a task may still be running. Read the failure notice and the execution history.",
  },
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

export const DEAD_LETTERS_DESCRIPTION = "Findings EventBridge could not deliver wait in the dead-letter queue: replay or handle them by hand.";

/**
 * The alarms of every containment pipeline, in the order they are created: failed, timed-out, throttled or
 * aborted executions, failed rule invocations, findings the rule could not even put into the dead-letter queue
 * (lost), and findings waiting there.
 */
export const RESPONSE_PIPELINE_ALARMS: readonly ResponseAlarmSpec[] = [
  ...STATE_MACHINE_ALARMS.map((a): ResponseAlarmSpec => ({ ...a, namespace: "AWS/States", statistic: "Sum", subject: "stateMachine" })),
  {
    id: "rule-failed-invocations",
    description: RULE_FAILED_INVOCATIONS_DESCRIPTION,
    namespace: "AWS/Events",
    metricName: "FailedInvocations",
    statistic: "Sum",
    subject: "rule",
  },
  {
    id: "dead-lettering-failed",
    description: DEAD_LETTERING_FAILED_DESCRIPTION,
    namespace: "AWS/Events",
    // The metric's casing is "Dlq" (EventBridge user guide, Monitoring Amazon EventBridge), not "DLQ".
    metricName: "InvocationsFailedToBeSentToDlq",
    statistic: "Sum",
    subject: "rule",
    alsoRequires: ["deadLetterQueue"],
  },
  {
    id: "dead-letters",
    description: DEAD_LETTERS_DESCRIPTION,
    namespace: "AWS/SQS",
    metricName: "ApproximateNumberOfMessagesVisible",
    statistic: "Maximum",
    subject: "deadLetterQueue",
  },
];

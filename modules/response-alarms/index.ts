import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct } from "constructs";
import { alarmName } from "../../functions/naming/resource-names";
import {
  ALARM_DIMENSIONS,
  DEAD_LETTERING_FAILED_DESCRIPTION,
  RESPONSE_PIPELINE_ALARMS,
  RULE_FAILED_INVOCATIONS_DESCRIPTION,
  STATE_MACHINE_ALARMS,
  type AlarmSubject,
  type ResponseAlarmSpec,
} from "../../functions/response-types/alarm-specs";

/** One alarm: a metric that must stay at zero, with the dimensions of its resource. */
export interface ZeroAlarmSpec {
  readonly id: string;
  readonly description: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly statistic: "Sum" | "Maximum";
  readonly dimensions: Readonly<Record<string, string>>;
}

export { DEAD_LETTERING_FAILED_DESCRIPTION, RULE_FAILED_INVOCATIONS_DESCRIPTION, STATE_MACHINE_ALARMS };

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
  /**
   * Which alarms, each raised when its resource (and what it `alsoRequires`) is given.
   * @default RESPONSE_PIPELINE_ALARMS (a response type's `alarms`)
   */
  readonly specs?: readonly ResponseAlarmSpec[];
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
    const subjects: Readonly<Record<AlarmSubject, string | undefined>> = {
      stateMachine: props.stateMachineArn,
      rule: props.ruleName,
      deadLetterQueue: props.deadLetterQueueName,
    };
    const specs: ZeroAlarmSpec[] = (props.specs ?? RESPONSE_PIPELINE_ALARMS)
      .filter((spec) => [spec.subject, ...(spec.alsoRequires ?? [])].every((subject) => subjects[subject] !== undefined))
      .map((spec) => ({
        id: spec.id,
        description: spec.id === "rule-failed-invocations" && props.ruleFailureDescription !== undefined ? props.ruleFailureDescription : spec.description,
        namespace: spec.namespace,
        metricName: spec.metricName,
        statistic: spec.statistic,
        dimensions: { [ALARM_DIMENSIONS[spec.subject]]: subjects[spec.subject] as string },
      }));
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

/**
 * The notification states of the containment workflows: one SNS Publish Task per outcome, with a fixed
 * Subject, the notice text and the outcome as a message attribute (for subscription filter policies).
 */
import { FINDING_LINK_NOTICE_LINES, FINDING_NOTICE_LINES, noticeMessage, type NoticeLine } from "./notice";
import { retrier, type RetryProps } from "./retry";

/** Name of the SNS message attribute holding the outcome. */
export const OUTCOME_ATTRIBUTE = "outcome";

/** SNS errors retried (all modeled by SNS). */
export const SNS_RETRY_ERRORS: readonly string[] = ["Sns.ThrottledException", "Sns.InternalErrorException", "Sns.KmsThrottlingException"];

/** The Step Functions AWS SDK integration of SNS Publish. */
export const PUBLISH_RESOURCE = "arn:aws:states:::aws-sdk:sns:publish";

/** What every notification state of one workflow has in common. */
export interface NotifyStateOptions<Outcome extends string> {
  /** The notification topic (may be a Terraform reference; it is never parsed). */
  readonly topicArn: string;
  /** The fixed SNS Subject of each outcome. */
  readonly subjects: Readonly<Record<Outcome, string>>;
  /** The workflow's name in the headline, `GuardDuty <workload> runtime response: <outcome>` (e.g. `ECS`). */
  readonly workload: string;
  /** The lines about the resource acted on, between the finding facts and the outcome's own lines. */
  readonly resourceLines: readonly NoticeLine[];
  /** The retry policy of the Publish call. */
  readonly retry: Required<RetryProps>;
}

/** Builds a notification state: `explanation` and `extra` lines for `outcome`; the state ends the execution unless `next` is given. */
export type NotifyState<Outcome extends string> = (outcome: Outcome, explanation: string, extra: readonly NoticeLine[], next?: string) => Record<string, unknown>;

/** The notification state builder of one workflow. */
export function notifyStates<Outcome extends string>(options: NotifyStateOptions<Outcome>): NotifyState<Outcome> {
  const snsRetry = [retrier(SNS_RETRY_ERRORS, options.retry)];
  return (outcome, explanation, extra, next) => ({
    Type: "Task",
    Resource: PUBLISH_RESOURCE,
    Parameters: {
      TopicArn: options.topicArn,
      Subject: options.subjects[outcome],
      "Message.$": noticeMessage(`GuardDuty ${options.workload} runtime response: ${outcome}`, explanation, [
        ...FINDING_NOTICE_LINES,
        ...options.resourceLines,
        ...extra,
        ...FINDING_LINK_NOTICE_LINES,
      ]),
      MessageAttributes: { [OUTCOME_ATTRIBUTE]: { DataType: "String", StringValue: outcome } },
    },
    ResultPath: "$.notification",
    Retry: snsRetry,
    ...(next === undefined ? { End: true } : { Next: next }),
  });
}

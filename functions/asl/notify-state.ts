/**
 * The notification states of the containment workflows: one SNS Publish Task per outcome, with a fixed
 * Subject, the notice text and the outcome as a message attribute (for subscription filter policies).
 */
import { FINDING_LINK_NOTICE_LINES, FINDING_NOTICE_LINES, noticeMessage, type NoticeLine } from "./notice";
import { DEFAULT_PARTITION, integrationResource } from "./partition";
import { awsCallRetry, type RetryProps } from "./retry";

/** Name of the SNS message attribute holding the outcome. */
export const OUTCOME_ATTRIBUTE = "outcome";

/**
 * SNS's transient errors, as Step Functions names them (the SNS API reference's `Throttled`, `InternalError`,
 * `KMSThrottling`, with the `Exception` suffix; see `retry.ts`). The notification states retry them, and any
 * other error not in {@link SNS_PUBLISH_PERMANENT_ERRORS}.
 */
export const SNS_RETRY_ERRORS: readonly string[] = ["Sns.ThrottledException", "Sns.InternalErrorException", "Sns.KMSThrottlingException"];

/**
 * The errors the SNS model declares for Publish that another attempt cannot cure (authorization, a missing or
 * disabled topic or key, an invalid message): never retried. Named by their SNS error codes, as the SNS API
 * reference lists them, with the suffix Step Functions always adds: the SDK class `InvalidParameterValueException`
 * is the code `ParameterValueInvalid`, the class `KMSOptInRequired` the code `KMSOptInRequired`.
 */
export const SNS_PUBLISH_PERMANENT_ERRORS: readonly string[] = [
  "Sns.AuthorizationErrorException",
  "Sns.EndpointDisabledException",
  "Sns.InvalidParameterException",
  "Sns.ParameterValueInvalidException",
  "Sns.InvalidSecurityException",
  "Sns.KMSAccessDeniedException",
  "Sns.KMSDisabledException",
  "Sns.KMSInvalidStateException",
  "Sns.KMSNotFoundException",
  "Sns.KMSOptInRequiredException",
  "Sns.NotFoundException",
  "Sns.PlatformApplicationDisabledException",
  "Sns.ValidationException",
];

/** The integration of SNS Publish, after `arn:<partition>:states:::`. */
export const PUBLISH_INTEGRATION = "aws-sdk:sns:publish";

/** The Step Functions AWS SDK integration of SNS Publish in the commercial partition (see {@link NotifyStateOptions.partition}). */
export const PUBLISH_RESOURCE = integrationResource(DEFAULT_PARTITION, PUBLISH_INTEGRATION);

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
  /** Partition of the Resource ARN (a literal or a Terraform reference). @default "aws" */
  readonly partition?: string;
}

/** Builds a notification state: `explanation` and `extra` lines for `outcome`; the state ends the execution unless `next` is given. */
export type NotifyState<Outcome extends string> = (
  outcome: Outcome,
  explanation: string,
  extra: readonly NoticeLine[],
  next?: string,
) => Record<string, unknown>;

/** The notification state builder of one workflow. */
export function notifyStates<Outcome extends string>(options: NotifyStateOptions<Outcome>): NotifyState<Outcome> {
  const snsRetry = awsCallRetry(SNS_PUBLISH_PERMANENT_ERRORS, options.retry);
  const resource = integrationResource(options.partition ?? DEFAULT_PARTITION, PUBLISH_INTEGRATION);
  return (outcome, explanation, extra, next) => ({
    Type: "Task",
    Resource: resource,
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

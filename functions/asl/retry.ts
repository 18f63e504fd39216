/**
 * The retry policy shared by the containment workflows: every AWS (and Kubernetes) call retries its service's
 * throttling and transient errors with exponential backoff and full jitter, with one configurable policy.
 *
 * Error names. Step Functions names an error of an AWS SDK integration `<ServiceName>.<ErrorName>`, both
 * PascalCase, the error name being the one the service's API reference lists, always with the `Exception`
 * suffix (S3's `BucketAlreadyExists` is caught as `S3.BucketAlreadyExistsException`): developer guide,
 * "Learning to use AWS service SDK integrations in Step Functions"
 * (https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html). The API reference lists
 * the errors the service model declares, which are the AWS SDK's exception classes (for awsQuery services such as
 * SNS, by their error code: `KMSThrottling` -> `Sns.KMSThrottlingException`); `__tests__/functions/asl/retry-error-names`
 * checks every name we write against the SDK clients' models.
 * What Step Functions names an error the model does not declare is NOT documented: ECS models no throttling error
 * (aws/aws-sdk#821: the ECS client has no ThrottlingException) yet throttles. So an AWS call retries
 * `States.TaskFailed` -- documented to match every error of a Task state except `States.Timeout` (developer guide,
 * "Handling errors in Step Functions workflows", error names) -- after a first retrier with `MaxAttempts: 0` (ASL:
 * never retried) for the errors the model declares as permanent for that call, and `States.Permissions`.
 */
import type { PropsErrorClass } from "./props-error";

/** Retry policy of every AWS call. */
export interface RetryProps {
  /** Retries after the first attempt (ASL `MaxAttempts`). @default 5 */
  readonly maxAttempts?: number;
  /** Seconds before the first retry (ASL `IntervalSeconds`, an integer >= 1). @default 2 */
  readonly intervalSeconds?: number;
  /** Multiplier of the interval at each retry (ASL `BackoffRate`, >= 1). @default 2 */
  readonly backoffRate?: number;
}

/** The default retry policy: 5 retries, 2 s first interval, doubling. */
export const DEFAULT_RETRY: Required<RetryProps> = { maxAttempts: 5, intervalSeconds: 2, backoffRate: 2 };

/** ASL's upper bound of `MaxAttempts` and `IntervalSeconds`. */
const ASL_RETRY_FIELD_MAX = 99999999;

/**
 * `retry` over {@link DEFAULT_RETRY}, validated against the ASL bounds; throws `errorClass`. A field given as
 * `undefined` keeps its default (a plain spread would overwrite the default with `undefined`).
 */
export function resolveRetry(retry: RetryProps | undefined, errorClass: PropsErrorClass): Required<RetryProps> {
  const resolved = { ...DEFAULT_RETRY, ...definedOnly(retry ?? {}) };
  if (!Number.isSafeInteger(resolved.maxAttempts) || resolved.maxAttempts < 0 || resolved.maxAttempts > ASL_RETRY_FIELD_MAX) {
    throw new errorClass(`retry.maxAttempts must be an integer from 0 to ${ASL_RETRY_FIELD_MAX}, got ${resolved.maxAttempts}`);
  }
  if (!Number.isSafeInteger(resolved.intervalSeconds) || resolved.intervalSeconds < 1 || resolved.intervalSeconds > ASL_RETRY_FIELD_MAX) {
    throw new errorClass(`retry.intervalSeconds must be an integer from 1 to ${ASL_RETRY_FIELD_MAX}, got ${resolved.intervalSeconds}`);
  }
  if (!Number.isFinite(resolved.backoffRate) || resolved.backoffRate < 1) {
    throw new errorClass(`retry.backoffRate must be a number >= 1, got ${resolved.backoffRate}`);
  }
  return resolved;
}

function definedOnly(retry: RetryProps): RetryProps {
  return Object.fromEntries(Object.entries(retry).filter(([, value]) => value !== undefined)) as RetryProps;
}

/** Documented wildcard of every error of a Task state but `States.Timeout`. */
export const TASK_FAILED = "States.TaskFailed";
/** Documented error of a Task state whose role lacks a permission: never retried. */
export const STATES_PERMISSIONS = "States.Permissions";

/**
 * The Retry of an AWS SDK integration call: `permanentErrors` (modeled errors that another attempt cannot cure, and
 * `States.Permissions`) are never retried; every other error, throttling whatever its name, is retried with `retry`.
 */
export function awsCallRetry(permanentErrors: readonly string[], retry: Required<RetryProps>): Record<string, unknown>[] {
  return [{ ErrorEquals: [...permanentErrors, STATES_PERMISSIONS], MaxAttempts: 0 }, retrier([TASK_FAILED], retry)];
}

/** One ASL retrier of `errors` with the policy `retry` (full jitter, so that concurrent executions spread out). */
export function retrier(errors: readonly string[], retry: Required<RetryProps>): Record<string, unknown> {
  return {
    ErrorEquals: [...errors],
    IntervalSeconds: retry.intervalSeconds,
    MaxAttempts: retry.maxAttempts,
    BackoffRate: retry.backoffRate,
    JitterStrategy: "FULL",
  };
}

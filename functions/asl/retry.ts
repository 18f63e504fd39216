/**
 * The retry policy shared by the containment workflows: every AWS (and Kubernetes) call retries its service's
 * throttling and transient errors with exponential backoff and full jitter, with one configurable policy.
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

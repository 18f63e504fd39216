/**
 * Errors raised by the EventBridge emulation in this folder. Their `name` is the AWS error code, so a
 * caller (or a test) can tell them apart exactly as it would tell apart the AWS SDK's exceptions.
 */

/** Prefix AWS puts in front of every event-pattern rejection reason. */
const INVALID_PATTERN_PREFIX = "Event pattern is not valid. Reason: ";

/**
 * The pattern would be rejected by EventBridge (PutRule / TestEventPattern) with
 * `InvalidEventPatternException`.
 *
 * `message` is the first line of AWS's message (`Event pattern is not valid. Reason: <reason>`). AWS appends a
 * Jackson source location (`at [Source: ...; line: 1, column: N]`) on a second line for most reasons; that
 * location depends on how the client serialised the pattern, so it is not reproduced.
 */
export class InvalidEventPatternError extends Error {
  /** The text after `Reason: `, e.g. `Empty arrays are not allowed`. */
  readonly reason: string;

  constructor(reason: string) {
    super(INVALID_PATTERN_PREFIX + reason);
    this.name = "InvalidEventPatternException";
    this.reason = reason;
  }
}

/**
 * A request EventBridge would reject with `ValidationException`, e.g. a TestEventPattern `Event` that is not a
 * JSON object, or a PutTargets input transformer whose template uses an undefined placeholder.
 */
export class EventBridgeValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ValidationException";
  }
}

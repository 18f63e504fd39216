/**
 * What the simulator accepts as "a finding": a full EventBridge event (`detail-type` "GuardDuty Finding",
 * `source` "aws.guardduty", `detail` = the finding), or a bare finding (the `detail` alone, as GuardDuty's
 * GetFindings and the samples in shared/testdata/findings give it), which is wrapped in the envelope
 * EventBridge would put around it. Anything else is a {@link NotAGuardDutyFindingError}.
 *
 * Light on purpose (no CDKTF, no simulation): the CLI checks its input with it before loading the rest.
 */

export const GUARDDUTY_DETAIL_TYPE = "GuardDuty Finding";
export const GUARDDUTY_SOURCE = "aws.guardduty";

/** The members that make an object a bare GuardDuty finding. */
export const BARE_FINDING_MEMBERS = ["schemaVersion", "type", "resource", "service"] as const;

const EXPECTED =
  `an EventBridge event with detail-type '${GUARDDUTY_DETAIL_TYPE}', source '${GUARDDUTY_SOURCE}' and the finding in detail, ` +
  `or a bare GuardDuty finding (an object with ${BARE_FINDING_MEMBERS.join(", ")})`;

/** The document is neither a GuardDuty finding event nor a bare finding. */
export class NotAGuardDutyFindingError extends Error {
  override readonly name = "NotAGuardDutyFindingError";
  /** What was expected, in words. */
  readonly expected = EXPECTED;

  /** @param problems What was found instead, e.g. `missing detail-type`, `detail-type is 'EC2 ...'`. */
  constructor(readonly problems: readonly string[]) {
    super(`Not a GuardDuty finding: ${problems.join("; ")}. Expected ${EXPECTED}.`);
  }
}

type Json = Record<string, unknown>;

/** A GuardDuty finding event, as EventBridge delivers it to rules. */
export interface GuardDutyFindingEvent {
  readonly version: string;
  readonly id: string;
  readonly "detail-type": typeof GUARDDUTY_DETAIL_TYPE;
  readonly source: typeof GUARDDUTY_SOURCE;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly unknown[];
  readonly detail: Json;
  readonly [key: string]: unknown;
}

export interface FindingEventResult {
  readonly event: GuardDutyFindingEvent;
  /** True when the document was a bare finding and the envelope was added here. */
  readonly wrapped: boolean;
}

export interface ToFindingEventOptions {
  /** Region for the envelope when a bare finding has no `region`. */
  readonly fallbackRegion?: string;
  /** Account for the envelope when a bare finding has no `accountId`. */
  readonly fallbackAccountId?: string;
}

/**
 * The finding event for `document`: an event as given (copied; a missing `account`, `region` or `time` is
 * filled in), or a bare finding wrapped in the
 * envelope with `account` and `region` from the finding (`accountId`, `region`), `time` from its
 * `updatedAt` (else `createdAt`, else now) and an `id` derived from the finding id.
 *
 * @throws NotAGuardDutyFindingError saying what was expected and what was found.
 */
export function toFindingEvent(document: unknown, options: ToFindingEventOptions = {}): FindingEventResult {
  if (document === null || typeof document !== "object" || Array.isArray(document)) {
    throw new NotAGuardDutyFindingError([`the document is ${describeKind(document)}, not a JSON object`]);
  }
  const doc = document as Json;
  const looksLikeEvent = ["detail-type", "source", "detail"].some((key) => key in doc);
  if (looksLikeEvent) return { event: checkedEvent(doc, options), wrapped: false };

  const missing = BARE_FINDING_MEMBERS.filter((key) => !(key in doc));
  if (missing.length > 0) {
    const keys = Object.keys(doc);
    throw new NotAGuardDutyFindingError([
      "missing detail-type (not an EventBridge event)",
      `missing ${missing.join(", ")} (not a bare finding)`,
      keys.length === 0 ? "the object is empty" : `its keys are ${listKeys(keys)}`,
    ]);
  }
  const problems = [
    typeof doc.type === "string" ? undefined : `type is ${describeKind(doc.type)}, not a string`,
    isObject(doc.resource) ? undefined : `resource is ${describeKind(doc.resource)}, not an object`,
    isObject(doc.service) ? undefined : `service is ${describeKind(doc.service)}, not an object`,
  ].filter((p): p is string => p !== undefined);
  if (problems.length > 0) throw new NotAGuardDutyFindingError(problems);

  const finding = clone(doc);
  const time = [finding.updatedAt, finding.createdAt].find((t) => typeof t === "string" && !Number.isNaN(Date.parse(t))) as string | undefined;
  const event: GuardDutyFindingEvent = {
    version: "0",
    id: `simulated-${typeof finding.id === "string" ? finding.id : "finding"}`,
    "detail-type": GUARDDUTY_DETAIL_TYPE,
    source: GUARDDUTY_SOURCE,
    account: typeof finding.accountId === "string" ? finding.accountId : (options.fallbackAccountId ?? ""),
    time: time ?? new Date().toISOString(),
    region: typeof finding.region === "string" ? finding.region : (options.fallbackRegion ?? ""),
    resources: [],
    detail: finding,
  };
  return { event, wrapped: true };
}

/** The event as given; `account`, `region` and `time`, which EventBridge always sets, are filled in when absent. */
function checkedEvent(doc: Json, options: ToFindingEventOptions): GuardDutyFindingEvent {
  const problems: string[] = [];
  const detailType = doc["detail-type"];
  if (detailType === undefined) problems.push("missing detail-type");
  else if (detailType !== GUARDDUTY_DETAIL_TYPE) problems.push(`detail-type is ${describeValue(detailType)}`);
  const source = doc.source;
  if (source === undefined) problems.push("missing source");
  else if (source !== GUARDDUTY_SOURCE) problems.push(`source is ${describeValue(source)}`);
  if (doc.detail === undefined) problems.push("missing detail");
  else if (!isObject(doc.detail)) problems.push(`detail is ${describeKind(doc.detail)}, not an object`);
  if (problems.length > 0) throw new NotAGuardDutyFindingError(problems);
  const event = clone(doc);
  const detail = event.detail as Json;
  if (typeof event.account !== "string") event.account = typeof detail.accountId === "string" ? detail.accountId : (options.fallbackAccountId ?? "");
  if (typeof event.region !== "string") event.region = typeof detail.region === "string" ? detail.region : (options.fallbackRegion ?? "");
  if (typeof event.time !== "string") event.time = new Date().toISOString();
  return event as unknown as GuardDutyFindingEvent;
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function describeKind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return `a string (${describeValue(value)})`;
  return `${typeof value === "number" ? "a number" : typeof value === "boolean" ? "a boolean" : typeof value} (${String(value)})`;
}

function describeValue(value: unknown): string {
  if (typeof value === "string") return `'${value.length > 80 ? `${value.slice(0, 77)}...` : value}'`;
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

function listKeys(keys: readonly string[]): string {
  const shown = keys.slice(0, 8).join(", ");
  return keys.length > 8 ? `${shown}, ... (${keys.length} in all)` : shown;
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

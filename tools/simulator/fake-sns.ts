/**
 * A fake Amazon SNS endpoint, reached through the real `@aws-sdk/client-sns` client as its `requestHandler`.
 *
 * Protocol: awsQuery. `POST /` with a form-encoded body
 * (`Action=Publish&Version=2010-03-31&TopicArn=...&Message=...&Subject=...`), XML responses:
 * `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>...`, and
 * errors as `<ErrorResponse><Error><Type>Sender</Type><Code>NotFound</Code><Message>...</Message></Error>
 * <RequestId>...</RequestId></ErrorResponse>`. The SDK maps the query error code to its modeled class
 * through the `awsQueryError` trait: `NotFound` -> `NotFoundException`, `InvalidParameter` ->
 * `InvalidParameterException`, `AuthorizationError` -> `AuthorizationErrorException`.
 *
 * Supported action: Publish (to topics). It records every accepted message in `world.sns.published`.
 * Throttling can be injected (`world.sns.throttle`): SNS answers HTTP 400 with query code `Throttled`, which
 * the SDK models as `ThrottledException` (Step Functions: `Sns.ThrottledException`).
 *
 * Messages marked UNCONFIRMED below are our best knowledge of AWS's wording, not captured from AWS.
 */
import { FakeHttpHandler, type FakeHttpRequest, type FakeHttpResponse, type FakeThrottle } from "./fake-http";
import type { PublishedSnsMessage, FakeSnsRequest, FakeAwsWorld } from "./fake-aws-state";
// The shape of this service's state lives in fake-aws-state.ts, with the world's (no import circle); importers
// may keep reading it here.
export type { PublishedSnsMessage, FakeSnsRequest, FakeSnsState } from "./fake-aws-state";

export const SNS_XML_NAMESPACE = "http://sns.amazonaws.com/doc/2010-03-31/";
/** Largest Publish message SNS accepts: 256 KiB (UTF-8 bytes). */
export const SNS_MAX_MESSAGE_BYTES = 256 * 1024;
/** Longest Subject this fake accepts (SNS documents "less than 100 characters"; the seed's is 97). */
export const SNS_MAX_SUBJECT_LENGTH = 100;

export const SNS_TOPIC_NOT_FOUND_MESSAGE = "Topic does not exist";
export const SNS_INVALID_SUBJECT_MESSAGE = "Invalid parameter: Subject";
export const SNS_MESSAGE_TOO_LONG_MESSAGE = "Invalid parameter: Message too long";
export const SNS_EMPTY_MESSAGE_MESSAGE = "Invalid parameter: Empty message";
/** Throttled message (AWS's generic throttling text). UNCONFIRMED for SNS. */
export const SNS_THROTTLED_MESSAGE = "Rate exceeded";

/** The SDK `requestHandler` that serves SNS from `world.sns`. */
export function createFakeSnsRequestHandler(world: FakeAwsWorld): FakeHttpHandler {
  return new FakeHttpHandler((request) => handleSnsRequest(world, request));
}

class SnsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly statusCode: number,
    readonly type: "Sender" | "Receiver" = "Sender",
  ) {
    super(message);
  }
}

function invalidParameter(message: string): SnsError {
  return new SnsError("InvalidParameter", message, 400);
}

function handleSnsRequest(world: FakeAwsWorld, request: FakeHttpRequest): FakeHttpResponse {
  const requestId = world.requestIds.take();
  const parameters: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(request.body)) {
    parameters[name] = value;
  }
  const action = parameters.Action ?? "";
  const record: FakeSnsRequest = { action, parameters };
  world.sns.requests.push(record);
  try {
    if (action !== "Publish") {
      throw new SnsError("InvalidAction", `The action ${action} is not valid for this web service.`, 400);
    }
    consumeThrottle(world.sns.throttle, action);
    const messageId = publish(world, parameters);
    return xmlResponse(
      200,
      `<PublishResponse xmlns="${SNS_XML_NAMESPACE}"><PublishResult><MessageId>${messageId}</MessageId></PublishResult>` +
        `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></PublishResponse>`,
      requestId,
    );
  } catch (error) {
    if (error instanceof SnsError) {
      record.errorCode = error.code;
      return xmlResponse(
        error.statusCode,
        `<ErrorResponse xmlns="${SNS_XML_NAMESPACE}"><Error><Type>${error.type}</Type><Code>${error.code}</Code>` +
          `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
        requestId,
      );
    }
    throw error;
  }
}

function consumeThrottle(throttle: FakeThrottle | undefined, action: string): void {
  if (throttle === undefined || throttle.remaining <= 0) {
    return;
  }
  if (throttle.operations !== undefined && !throttle.operations.includes(action)) {
    return;
  }
  throttle.remaining -= 1;
  // The SNS model declares `Throttled` with HTTP 429; AWS's answer status is UNCONFIRMED, the code is modeled.
  throw new SnsError("Throttled", SNS_THROTTLED_MESSAGE, 429);
}

function publish(world: FakeAwsWorld, parameters: Record<string, string>): string {
  const topicArn = parameters.TopicArn ?? parameters.TargetArn;
  if (topicArn === undefined || topicArn === "") {
    if (parameters.PhoneNumber !== undefined) {
      throw invalidParameter("Invalid parameter: PhoneNumber Reason: SMS is not supported by this simulation");
    }
    // UNCONFIRMED wording.
    throw invalidParameter("Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter");
  }
  if (world.iam.deniedActions.includes("sns:Publish")) {
    throw new SnsError(
      "AuthorizationError",
      `User: ${world.iam.principalArn} is not authorized to perform: SNS:Publish on resource: ${topicArn} ` +
        "because no identity-based policy allows the SNS:Publish action",
      403,
    );
  }
  if (!/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/u.test(topicArn)) {
    throw invalidParameter("Invalid parameter: TopicArn");
  }
  if (!world.sns.topics.includes(topicArn)) {
    throw new SnsError("NotFound", SNS_TOPIC_NOT_FOUND_MESSAGE, 404);
  }
  const message = parameters.Message;
  if (message === undefined) {
    // A query-protocol validation error; its code is not modeled by the SNS SDK (SNSServiceException).
    throw new SnsError("ValidationError", "1 validation error detected: Value null at 'message' failed to satisfy constraint: Member must not be null", 400);
  }
  if (message === "") {
    throw invalidParameter(SNS_EMPTY_MESSAGE_MESSAGE);
  }
  if (Buffer.byteLength(message, "utf8") > SNS_MAX_MESSAGE_BYTES) {
    throw invalidParameter(SNS_MESSAGE_TOO_LONG_MESSAGE);
  }
  const subject = parameters.Subject;
  if (subject !== undefined && !isValidSubject(subject)) {
    throw invalidParameter(SNS_INVALID_SUBJECT_MESSAGE);
  }
  const messageStructure = parameters.MessageStructure;
  if (messageStructure !== undefined) {
    if (messageStructure !== "json") {
      throw invalidParameter("Invalid parameter: MessageStructure");
    }
    if (!hasDefaultEntry(message)) {
      throw invalidParameter("Invalid parameter: Message Structure - No default entry in JSON message body");
    }
  }
  const messageGroupId = parameters.MessageGroupId;
  if (topicArn.endsWith(".fifo") && messageGroupId === undefined) {
    throw invalidParameter("Invalid parameter: The MessageGroupId parameter is required for FIFO topics");
  }
  const messageId = world.messageIds.take();
  world.sns.published.push({
    topicArn,
    messageId,
    message,
    subject,
    messageStructure,
    messageGroupId,
    messageDeduplicationId: parameters.MessageDeduplicationId,
    messageAttributes: readMessageAttributes(parameters),
  });
  return messageId;
}

/** SNS: no line breaks or control characters, at most 100 characters, not empty. */
function isValidSubject(subject: string): boolean {
  return subject.length > 0 && subject.length <= SNS_MAX_SUBJECT_LENGTH && !/[\u0000-\u001f\u007f]/u.test(subject);
}

function hasDefaultEntry(message: string): boolean {
  try {
    const parsed: unknown = JSON.parse(message);
    return parsed !== null && typeof parsed === "object" && typeof (parsed as Record<string, unknown>).default === "string";
  } catch {
    return false;
  }
}

/** `MessageAttributes.entry.N.Name` / `.Value.DataType` / `.Value.StringValue` (query map serialization). */
function readMessageAttributes(parameters: Record<string, string>): PublishedSnsMessage["messageAttributes"] {
  const attributes: PublishedSnsMessage["messageAttributes"] = {};
  for (let index = 1; parameters[`MessageAttributes.entry.${index}.Name`] !== undefined; index += 1) {
    const prefix = `MessageAttributes.entry.${index}`;
    attributes[parameters[`${prefix}.Name`]] = {
      dataType: parameters[`${prefix}.Value.DataType`] ?? "",
      stringValue: parameters[`${prefix}.Value.StringValue`],
    };
  }
  return attributes;
}

function xmlResponse(statusCode: number, body: string, requestId: string): FakeHttpResponse {
  return {
    statusCode,
    headers: { "content-type": "text/xml", "x-amzn-requestid": requestId },
    body,
  };
}

function escapeXml(text: string): string {
  return text.replace(/&/gu, "&amp;").replace(/</gu, "&lt;").replace(/>/gu, "&gt;").replace(/"/gu, "&quot;").replace(/'/gu, "&apos;");
}

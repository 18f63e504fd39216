/**
 * The request loop every in-process query-protocol fake shares (EC2, Auto Scaling): read the form body,
 * log the call, look the operation up in the SDK's schemas, read its input, let the service act, and
 * answer with the service's XML or its error XML.
 */
import type { FakeHttpRequest, FakeHttpResponse, FakeThrottle } from "./fake-http";
import { operationSchemaOf, parseQueryBody, QueryDialect, readQueryInput } from "./query-protocol";

/** An error the fake service answers with: its code, message and HTTP status. */
export class QueryServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly statusCode = 400,
    readonly type: "Sender" | "Receiver" = "Sender",
  ) {
    super(message);
  }
}

/** One call as the fake saw it. */
export interface QueryServiceRequestLog {
  action: string;
  input: Record<string, unknown>;
  errorCode?: string;
}

export interface QueryServiceSpec {
  /** The `@aws-sdk/client-*` module: its exported `<Operation>$` schemas define the wire format. */
  readonly sdk: Readonly<Record<string, unknown>>;
  readonly dialect: QueryDialect;
  readonly contentType: string;
  /** Where each call is recorded. */
  readonly log: QueryServiceRequestLog[];
  readonly onRequest?: (action: string, input: Record<string, unknown>) => void;
  isKnown(action: string): boolean;
  /** Throttles, authorizes and acts; returns the success document. Throws a QueryServiceError to fail. */
  handle(action: string, input: Record<string, unknown>, outputSchema: unknown, requestId: string): string;
  /** The service's error document. */
  errorXml(error: QueryServiceError, requestId: string): string;
}

export function serveQueryRequest(spec: QueryServiceSpec, request: FakeHttpRequest, requestId: string): FakeHttpResponse {
  const respond = (statusCode: number, body: string): FakeHttpResponse => ({
    statusCode,
    headers: { "content-type": spec.contentType, "x-amzn-requestid": requestId },
    body,
  });
  const fields = parseQueryBody(request.body);
  const action = fields.Action ?? "";
  const record: QueryServiceRequestLog = { action, input: {} };
  spec.log.push(record);
  try {
    const schema = operationSchemaOf(spec.sdk, action);
    if (!spec.isKnown(action) || schema === undefined) {
      throw new QueryServiceError("InvalidAction", `The action ${action} is not valid for this web service.`);
    }
    const input = readQueryInput(schema[4], fields, spec.dialect);
    record.input = input;
    spec.onRequest?.(action, input);
    return respond(200, spec.handle(action, input, schema[5], requestId));
  } catch (error) {
    if (error instanceof QueryServiceError) {
      record.errorCode = error.code;
      return respond(error.statusCode, spec.errorXml(error, requestId));
    }
    throw error;
  }
}

/** Whether this call is throttled: the first `remaining` calls (of the listed operations) are. */
export function takeThrottle(throttle: FakeThrottle, action: string): boolean {
  if (throttle.remaining <= 0 || (throttle.operations !== undefined && !throttle.operations.includes(action))) return false;
  throttle.remaining -= 1;
  return true;
}

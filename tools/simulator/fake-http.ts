/**
 * Shared plumbing of the in-process fake AWS services: an SDK `requestHandler` that answers from memory.
 *
 * The real AWS SDK v3 clients build, sign and serialize the request as for AWS, then hand it to
 * `requestHandler.handle(request)`; we answer with a wire-format `HttpResponse` that the client
 * deserializes as usual. So parameter names, protocol shapes and error names go through the real SDK.
 *
 * In this SDK generation `@smithy/protocol-http` was folded into `@smithy/core` (`@smithy/core/protocols`
 * re-exports `HttpRequest`, `HttpResponse`, `HttpHandler`); `@smithy/core` is a dependency of the
 * `@aws-sdk/client-*` packages, resolved from their install.
 */
import type { HttpHandler, HttpRequest } from "@smithy/core/protocols";
import { HttpResponse } from "@smithy/core/protocols";

/** Answers one HTTP request of the fake service. */
export type FakeServiceResponder = (request: FakeHttpRequest) => FakeHttpResponse;

/** The parts of the SDK's request a fake service looks at. */
export interface FakeHttpRequest {
  readonly method: string;
  readonly hostname: string;
  readonly path: string;
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** A wire response. */
export interface FakeHttpResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * An SDK `requestHandler` (smithy `HttpHandler`) that never touches the network: it decodes the request
 * body and answers with the responder's wire response.
 */
export class FakeHttpHandler implements HttpHandler {
  constructor(private readonly responder: FakeServiceResponder) {}

  async handle(request: HttpRequest): Promise<{ response: HttpResponse }> {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers ?? {})) {
      headers[name.toLowerCase()] = String(value);
    }
    const answer = this.responder({
      method: request.method,
      hostname: request.hostname,
      path: request.path,
      headers,
      body: decodeBody(request.body),
    });
    const body = Buffer.from(answer.body, "utf8");
    return {
      response: new HttpResponse({
        statusCode: answer.statusCode,
        headers: { ...answer.headers, "content-length": String(body.byteLength) },
        body,
      }),
    };
  }

  updateHttpClientConfig(): void {
    // Nothing to configure: there is no connection.
  }

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }
}

function decodeBody(body: unknown): string {
  if (body === undefined || body === null) {
    return "";
  }
  if (typeof body === "string") {
    return body;
  }
  if (body instanceof Uint8Array) {
    return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8");
  }
  throw new Error(`fake AWS: unsupported request body type ${Object.prototype.toString.call(body)}`);
}

/**
 * Deterministic request ids (UUID-shaped) so that test output is stable.
 */
export class SequentialIds {
  private next = 1;

  constructor(private readonly prefix: string) {}

  /** e.g. `00000000-0000-4000-8000-000000000001` for prefix `00000000`. */
  take(): string {
    const counter = (this.next++).toString(16).padStart(12, "0");
    return `${this.prefix}-0000-4000-8000-${counter}`;
  }
}

/** Throttle the next `remaining` calls (of `operations` only, when given) with ThrottlingException. */
export interface FakeThrottle {
  remaining: number;
  operations?: readonly string[];
}

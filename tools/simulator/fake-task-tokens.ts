/**
 * The Wait for Callback pattern in the simulation: a Task state `arn:<partition>:states:::sns:publish.waitForTaskToken`
 * publishes (to the fake SNS, through the real SNS client) and then waits until someone calls SendTaskSuccess or
 * SendTaskFailure with its token, through the real `@aws-sdk/client-sfn` client against the in-process fake Step
 * Functions endpoint below. aws-local-stepfunctions runs the Task through a local handler (by state name, see
 * `runStateMachine`'s `taskHandlers`) and applies the state's `TimeoutSeconds` itself (a real timer: an unanswered
 * task fails with `States.Timeout`, which `States.TaskFailed` does not match, as in AWS).
 *
 * What Step Functions does (API reference, SendTaskSuccess / SendTaskFailure), and what this reproduces:
 * - awsJson1_0, `X-Amz-Target: AWSStepFunctions.SendTaskSuccess` with `{taskToken, output}`; the task's result is
 *   `output` parsed as JSON; output that is not JSON is refused with `InvalidOutput`.
 * - `AWSStepFunctions.SendTaskFailure` with `{taskToken, error?, cause?}`: the task fails with `error` as the error
 *   name and `cause` as the cause (the state's Catch matches `error`).
 * - A token never issued: `InvalidToken`; a task already closed (answered): `TaskTimedOut` ("the task token has
 *   either expired or the task associated with the token has already been closed").
 * - The token: Step Functions makes one per Task entry and gives it as `$$.Task.Token`. Here the caller names it
 *   (`runStateMachine`'s `context: { Task: { Token } }`) so the test's approver can use it.
 */
import * as sfnSdk from "@aws-sdk/client-sfn";
import { createAwsSdkTaskHandler, SIMULATION_CREDENTIALS, StepFunctionsError, type JsonValue } from "./aws-sdk-task-handler";
import type { FakeAwsWorld } from "./fake-aws-world";
import { FakeHttpHandler, type FakeHttpRequest, type FakeHttpResponse } from "./fake-http";
import type { PublishedSnsMessage } from "./fake-sns";
import type { LocalTaskHandler } from "./run-state-machine";

const TARGET_PREFIX = "AWSStepFunctions.";

interface Waiter {
  resolve(value: JsonValue): void;
  reject(error: Error): void;
  closed: boolean;
}

/** One answer a fake Step Functions endpoint received. */
export interface TaskTokenAnswer {
  readonly operation: "SendTaskSuccess" | "SendTaskFailure";
  readonly taskToken: string;
  readonly input: Readonly<Record<string, unknown>>;
}

/** The task tokens waiting for an answer, and the answers received. */
export class FakeTaskTokens {
  private readonly waiters = new Map<string, Waiter>();
  readonly answers: TaskTokenAnswer[] = [];

  /** Starts waiting for `taskToken`'s answer. */
  wait(taskToken: string): Promise<JsonValue> {
    return new Promise<JsonValue>((resolve, reject) => {
      this.waiters.set(taskToken, { resolve, reject, closed: false });
    });
  }

  /** An SFN client whose requests this object answers. */
  client(region: string): sfnSdk.SFNClient {
    return new sfnSdk.SFNClient({
      region,
      credentials: { ...SIMULATION_CREDENTIALS },
      requestHandler: new FakeHttpHandler((request) => this.handle(request)),
      maxAttempts: 1,
    });
  }

  private handle(request: FakeHttpRequest): FakeHttpResponse {
    const target = request.headers["x-amz-target"] ?? "";
    const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : target;
    const input = JSON.parse(request.body === "" ? "{}" : request.body) as Record<string, unknown>;
    if (operation !== "SendTaskSuccess" && operation !== "SendTaskFailure") {
      return error("UnknownOperationException", `Unknown operation ${operation}`);
    }
    const taskToken = String(input.taskToken ?? "");
    this.answers.push({ operation, taskToken, input });
    const waiter = this.waiters.get(taskToken);
    if (waiter === undefined) return error("InvalidToken", "Invalid Token: 'Invalid token'");
    if (waiter.closed) return error("TaskTimedOut", "Task Timed Out: 'Provided task does not exist anymore'");
    if (operation === "SendTaskSuccess") {
      let output: JsonValue;
      try {
        output = JSON.parse(String(input.output)) as JsonValue;
      } catch {
        return error("InvalidOutput", "Invalid Output: 'output is not valid JSON'");
      }
      waiter.closed = true;
      waiter.resolve(output);
    } else {
      waiter.closed = true;
      waiter.reject(new StepFunctionsError(String(input.error ?? ""), String(input.cause ?? "")));
    }
    return { statusCode: 200, headers: { "content-type": "application/x-amz-json-1.0" }, body: "{}" };
  }
}

function error(code: string, message: string): FakeHttpResponse {
  return { statusCode: 400, headers: { "content-type": "application/x-amz-json-1.0" }, body: JSON.stringify({ __type: code, message }) };
}

/** Someone reading the published request: answers through `sfn` (or not at all). */
export type FakeApprover = (request: PublishedSnsMessage, sfn: sfnSdk.SFNClient) => Promise<void> | void;

export interface WaitForTaskTokenPublishOptions {
  readonly world: FakeAwsWorld;
  readonly tokens: FakeTaskTokens;
  /** The token the execution's context gives the Task (`$$.Task.Token`). */
  readonly taskToken: string;
  /** Runs after the request is published. */
  readonly approver: FakeApprover;
}

/**
 * The local handler of an `sns:publish.waitForTaskToken` Task state: publishes its Parameters (TopicArn, Subject,
 * Message, MessageAttributes: the Publish API's members, as the AWS SDK integration takes them) to the fake SNS,
 * errors named as Step Functions names SNS's, then waits for the token's answer.
 */
export function waitForTaskTokenPublishHandler(options: WaitForTaskTokenPublishOptions): LocalTaskHandler {
  const publish = createAwsSdkTaskHandler({ world: options.world });
  return async (input) => {
    const answer = options.tokens.wait(options.taskToken);
    await publish({ stateName: "waitForTaskToken publish", resource: "arn:aws:states:::aws-sdk:sns:publish", parameters: input });
    const request = options.world.sns.published[options.world.sns.published.length - 1];
    await options.approver(request, options.tokens.client(options.world.region));
    return answer;
  };
}

/**
 * How the simulation runs the safety rails' Task states (functions/safety-rails):
 * - `arn:<partition>:states:::aws-sdk:ssm:getParameter`: an AWS SDK integration like the others, served by the
 *   fake SSM ({@link SSM_SERVICE_BINDING}; pass {@link SAFETY_RAILS_BINDINGS} as `bindings` to `runStateMachine`).
 * - `arn:<partition>:states:::dynamodb:updateItem`: an *optimized* integration, not `aws-sdk:`. aws-local-stepfunctions
 *   runs neither kind itself (the project's runner routes `aws-sdk:` Resources to the fakes and refuses any other
 *   Resource without a handler), so {@link dynamoDbTaskHandlers} gives a handler per such state, by state name (the
 *   runner's `taskHandlers`). Step Functions passes the optimized integration's Parameters as the API's request
 *   (DynamoDB's members are PascalCase already), returns the API's response, and names errors `DynamoDB.<Code>`
 *   (Step Functions developer guide, "Call DynamoDB APIs with Step Functions": e.g.
 *   `DynamoDB.ConditionalCheckFailedException`); the handler does the same through the real `DynamoDBClient`.
 */
import * as dynamoDbSdk from "@aws-sdk/client-dynamodb";
import { SendTaskFailureCommand, SendTaskSuccessCommand } from "@aws-sdk/client-sfn";
import * as ssmSdk from "@aws-sdk/client-ssm";
import {
  AWS_SDK_SERVICE_BINDINGS,
  SIMULATION_CREDENTIALS,
  StepFunctionsError,
  worldClient,
  type AwsSdkServiceBinding,
  type JsonValue,
} from "./aws-sdk-task-handler";
import type { FakeAwsWorld } from "./fake-aws-world";
import { CAP_TABLE } from "../../functions/safety-rails/blast-radius-cap";
import { KILL_SWITCH_ACT } from "../../functions/safety-rails/kill-switch";
import {
  APPROVAL_ANSWER,
  APPROVAL_DENIED_ERROR,
  APPROVAL_GATE_STATES,
  APPROVAL_REQUEST_INTEGRATION,
  STATES_TIMEOUT,
} from "../../functions/safety-rails/approval-gate";
import { FakeTaskTokens, waitForTaskTokenPublishHandler, type FakeApprover } from "./fake-task-tokens";
import type { ApprovalPlay, KillSwitchPlay, RailsPlay } from "./finding-simulation/rails-play";
import { addFakeTable, createFakeDynamoDbRequestHandler, createFakeSsmRequestHandler, safetyRailsStateOf } from "./fake-safety-rails-services";
import type { LocalTaskHandler } from "./run-state-machine";

/** SSM, as `aws-sdk:ssm:<action>` (errors `Ssm.<Code>Exception`). */
export const SSM_SERVICE_BINDING: AwsSdkServiceBinding = {
  service: "ssm",
  errorPrefix: "Ssm",
  sdk: ssmSdk as unknown as Readonly<Record<string, unknown>>,
  clientClassName: "SSMClient",
  baseExceptionName: "SSMServiceException",
  createRequestHandler: createFakeSsmRequestHandler,
};

/** The default bindings plus SSM. */
export const SAFETY_RAILS_BINDINGS: Readonly<Record<string, AwsSdkServiceBinding>> = { ...AWS_SDK_SERVICE_BINDINGS, ssm: SSM_SERVICE_BINDING };

const UPDATE_ITEM_RESOURCE = /^arn:aws[a-z-]*:states:::dynamodb:updateItem$/u;

/** A handler for every `dynamodb:updateItem` Task state of `definition` (top level), by state name. */
export function dynamoDbTaskHandlers(
  definition: Readonly<Record<string, unknown>>,
  world: FakeAwsWorld,
  onCall?: (state: string, parameters: JsonValue) => void,
): Record<string, LocalTaskHandler> {
  const client = worldClient(
    world,
    dynamoDbSdk.DynamoDBClient,
    () =>
      new dynamoDbSdk.DynamoDBClient({
        region: world.region,
        credentials: { ...SIMULATION_CREDENTIALS },
        requestHandler: createFakeDynamoDbRequestHandler(world),
        maxAttempts: 1,
      }),
  );
  const handlers: Record<string, LocalTaskHandler> = {};
  for (const [name, state] of Object.entries((definition.States ?? {}) as Record<string, Record<string, unknown>>)) {
    if (state.Type !== "Task" || !UPDATE_ITEM_RESOURCE.test(String(state.Resource))) continue;
    handlers[name] = async (input) => {
      onCall?.(name, input);
      try {
        const { $metadata: _metadata, ...output } = await client.send(
          new dynamoDbSdk.UpdateItemCommand(input as unknown as dynamoDbSdk.UpdateItemCommandInput),
        );
        return JSON.parse(JSON.stringify(output)) as JsonValue;
      } catch (error) {
        if (error instanceof dynamoDbSdk.DynamoDBServiceException) {
          const code = error.name.endsWith("Exception") ? error.name : `${error.name}Exception`;
          throw new StepFunctionsError(`DynamoDB.${code}`, error.message);
        }
        const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        throw new StepFunctionsError("Simulation.InternalError", message, { retryable: false, catchable: false });
      }
    };
  }
  return handlers;
}

/** The approval gate of a definition, as synthesized. */
export interface SimulatedApprovalGate {
  /** The request's `TimeoutSeconds`. */
  readonly timeoutSeconds: number;
  /** What the gate does when nobody answered. */
  readonly onTimeout: "act" | "hold";
  /** Findings below this severity go on without a request. */
  readonly minSeverity?: number;
}

/** What `simulate` needs to play the safety rails of a definition. */
export interface SimulatedSafetyRails {
  /** SSM, when the definition reads the kill switch. */
  readonly bindings: Readonly<Record<string, AwsSdkServiceBinding>>;
  /** The `dynamodb:updateItem` states' handlers, and the approval request's. */
  readonly taskHandlers: Readonly<Record<string, LocalTaskHandler>>;
  /**
   * `$$.State.EnteredTime` for the cap's window, and for the approval request `$$.Task.Token` and `$$.Execution.Id`
   * (absent without rails: the runner's context stays as it was).
   */
  readonly context?: Readonly<Record<string, unknown>>;
  /** The kill switch's value as seeded; absent when the definition reads none. */
  readonly killSwitch?: KillSwitchPlay;
  /** The blast-radius counter as seeded; absent when the definition counts nothing. */
  readonly counter?: "empty" | "full";
  /** The approval gate and the answer played; absent without a gate. */
  readonly approvalGate?: SimulatedApprovalGate & { readonly answer: ApprovalPlay };
  /** The approval request's Task state name (its calls are recorded as `sns:publish.waitForTaskToken`). */
  readonly requestState?: string;
  /** What the user should know about the rails as played. */
  readonly notes: readonly string[];
}

/** The token the simulated request carries (`$$.Task.Token`): made up, as any token is to everyone but Step Functions. */
export const SIMULATED_TASK_TOKEN = "SIMULATED-TASK-TOKEN-not-valid-in-AWS";

const GET_PARAMETER_RESOURCE = /^arn:aws[a-z-]*:states:::aws-sdk:ssm:getParameter$/u;
const REQUEST_RESOURCE = new RegExp(`^arn:aws[a-z-]*:states:::${APPROVAL_REQUEST_INTEGRATION.replace(/\./gu, "\\.")}$`, "u");

/** The approval gate of `definition` (top level), read from its states; undefined without one. */
export function approvalGateOf(definition: Readonly<Record<string, unknown>>): SimulatedApprovalGate | undefined {
  const states = (definition.States ?? {}) as Record<string, Record<string, unknown>>;
  const request = states[APPROVAL_GATE_STATES.request];
  if (request === undefined || !REQUEST_RESOURCE.test(String(request.Resource)) || typeof request.TimeoutSeconds !== "number") return undefined;
  const applies = states[APPROVAL_GATE_STATES.applies];
  const threshold = JSON.stringify(applies?.Choices ?? []).match(/"NumericLessThan":(-?[\d.]+)/u)?.[1];
  return {
    timeoutSeconds: request.TimeoutSeconds,
    onTimeout: states[APPROVAL_GATE_STATES.timedOut] === undefined ? "hold" : "act",
    minSeverity: threshold === undefined ? undefined : Number(threshold),
  };
}

/** The simulated approver: answers the request as `answer` says, through the real SFN client. */
function approverFor(answer: ApprovalPlay, timeoutSeconds: number): FakeApprover {
  if (answer === "approve") {
    return async (_request, sfn) => {
      await sfn.send(new SendTaskSuccessCommand({ taskToken: SIMULATED_TASK_TOKEN, output: JSON.stringify(APPROVAL_ANSWER) }));
    };
  }
  if (answer === "deny") {
    return async (_request, sfn) => {
      await sfn.send(
        new SendTaskFailureCommand({ taskToken: SIMULATED_TASK_TOKEN, error: APPROVAL_DENIED_ERROR, cause: "denied in the simulation (--approval deny)" }),
      );
    };
  }
  // The Task's TimeoutSeconds running out fails it with States.Timeout (Amazon States Language, "Task state" and
  // "Errors"); the simulation does not wait the seconds: the task fails at once with that error, which the gate's
  // first Catch (ErrorEquals States.Timeout) takes, as in AWS.
  return () => {
    throw new StepFunctionsError(STATES_TIMEOUT, `The task timed out after ${timeoutSeconds} seconds (simulated: not waited for).`);
  };
}

/**
 * Seeds `world` for the rails of `definition` and says how they are played: every kill switch it reads at
 * `play.killSwitch` (`act` by default), every counter table it updates empty, or, with `play.capFull`, already at
 * the cap for the key the execution counts against (seeded just before its UpdateItem, which then fails its
 * condition in the fake DynamoDB as a full window does); the clock (TTL included) at `now`; the approval request
 * published to the fake SNS and answered as `play.approval` says (`approve` by default). A definition without rails
 * gets nothing.
 */
export function simulatedSafetyRails(
  definition: Readonly<Record<string, unknown>>,
  world: FakeAwsWorld,
  now: Date,
  play: RailsPlay = {},
  executionId = `arn:aws:states:${world.region}:${world.accountId}:execution:simulated:simulated-execution`,
): SimulatedSafetyRails {
  const state = safetyRailsStateOf(world);
  const killSwitch = play.killSwitch ?? KILL_SWITCH_ACT;
  let readsSwitch = false;
  for (const task of Object.values((definition.States ?? {}) as Record<string, Record<string, unknown>>)) {
    if (task.Type !== "Task") continue;
    const parameters = (task.Parameters ?? {}) as Record<string, unknown>;
    if (GET_PARAMETER_RESOURCE.test(String(task.Resource)) && typeof parameters.Name === "string") {
      state.parameters.set(parameters.Name, killSwitch);
      readsSwitch = true;
    }
    if (UPDATE_ITEM_RESOURCE.test(String(task.Resource)) && typeof parameters.TableName === "string" && !state.tables.has(parameters.TableName)) {
      addFakeTable(world, parameters.TableName, CAP_TABLE.partitionKey, CAP_TABLE.ttlAttribute);
    }
  }
  state.nowEpochSeconds = Math.floor(now.getTime() / 1000);
  const fillToCap = (_state: string, parameters: JsonValue): void => {
    if (play.capFull !== true) return;
    const request = parameters as unknown as dynamoDbSdk.UpdateItemCommandInput;
    const key = request.Key?.[CAP_TABLE.partitionKey]?.S;
    const cap = request.ExpressionAttributeValues?.[":cap"]?.N;
    const expiresAt = request.ExpressionAttributeValues?.[":expiresAt"]?.N;
    const table = state.tables.get(String(request.TableName));
    if (key === undefined || cap === undefined || table === undefined) return;
    table.items.set(key, {
      [CAP_TABLE.partitionKey]: { S: key },
      [CAP_TABLE.countAttribute]: { N: cap },
      ...(expiresAt === undefined ? {} : { [CAP_TABLE.ttlAttribute]: { N: expiresAt } }),
    });
  };
  const taskHandlers: Record<string, LocalTaskHandler> = dynamoDbTaskHandlers(definition, world, fillToCap);
  const capped = Object.keys(taskHandlers).length > 0;
  const gate = approvalGateOf(definition);
  const answer = play.approval ?? "approve";
  if (gate !== undefined) {
    taskHandlers[APPROVAL_GATE_STATES.request] = waitForTaskTokenPublishHandler({
      world,
      tokens: new FakeTaskTokens(),
      taskToken: SIMULATED_TASK_TOKEN,
      approver: approverFor(answer, gate.timeoutSeconds),
    });
  }
  if (!readsSwitch && !capped && gate === undefined) return { bindings: {}, taskHandlers: {}, notes: [] };
  const counter = capped ? (play.capFull === true ? "full" : "empty") : undefined;
  const played = [
    readsSwitch ? `the kill switch at ${killSwitch}` : "no kill switch",
    ...(counter === "empty" ? ["an empty blast-radius counter (the first action of its window)"] : []),
    ...(counter === "full" ? ["a full blast-radius counter (max_actions already taken in this window)"] : []),
    ...(gate === undefined ? [] : [`the approval gate answered ${answer} (--approval ${answer})`]),
  ];
  const otherwise = [
    ...(readsSwitch && killSwitch === KILL_SWITCH_ACT ? ["a switch at notify-only (--kill-switch notify-only)"] : []),
    ...(counter === "empty" ? ["a full counter (--cap-full)"] : []),
  ];
  return {
    bindings: readsSwitch ? { ssm: SSM_SERVICE_BINDING } : {},
    taskHandlers,
    context: { State: { EnteredTime: now.toISOString() }, Task: { Token: SIMULATED_TASK_TOKEN }, Execution: { Id: executionId } },
    killSwitch: readsSwitch ? killSwitch : undefined,
    counter,
    approvalGate: gate === undefined ? undefined : { ...gate, answer },
    requestState: gate === undefined ? undefined : APPROVAL_GATE_STATES.request,
    notes: [
      `Safety rails played with ${inWords(played)}${
        otherwise.length === 0 ? "" : `: ${inWords(otherwise, "or")} would end in a HELD notice instead`
      } (docs/safety-rails.md).`,
    ],
  };
}

/** `a`, `a and b`, `a, b and c` (or `or`). */
function inWords(items: readonly string[], conjunction = "and"): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} ${conjunction} ${items[items.length - 1]}`;
}

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
import * as ssmSdk from "@aws-sdk/client-ssm";
import { AWS_SDK_SERVICE_BINDINGS, SIMULATION_CREDENTIALS, StepFunctionsError, type AwsSdkServiceBinding, type JsonValue } from "./aws-sdk-task-handler";
import type { FakeAwsWorld } from "./fake-aws-world";
import { CAP_TABLE } from "../../functions/safety-rails/blast-radius-cap";
import { KILL_SWITCH_ACT } from "../../functions/safety-rails/kill-switch";
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
  const client = new dynamoDbSdk.DynamoDBClient({
    region: world.region,
    credentials: { ...SIMULATION_CREDENTIALS },
    requestHandler: createFakeDynamoDbRequestHandler(world),
    maxAttempts: 1,
  });
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

/** What `simulate` needs to play the safety rails of a definition. */
export interface SimulatedSafetyRails {
  /** SSM, when the definition reads the kill switch. */
  readonly bindings: Readonly<Record<string, AwsSdkServiceBinding>>;
  /** The `dynamodb:updateItem` states' handlers. */
  readonly taskHandlers: Readonly<Record<string, LocalTaskHandler>>;
  /** `$$.State.EnteredTime` for the cap's window (absent without rails: the runner's context stays as it was). */
  readonly context?: Readonly<Record<string, unknown>>;
  /** What the user should know about the rails as played. */
  readonly notes: readonly string[];
}

/**
 * Seeds `world` for the rails of `definition`: every kill switch it reads at `act`, every counter table it updates
 * empty (key `pk`, TTL `expiresAt`), the clock at `now`. A definition without rails gets nothing.
 */
export function simulatedSafetyRails(definition: Readonly<Record<string, unknown>>, world: FakeAwsWorld, now: Date): SimulatedSafetyRails {
  const state = safetyRailsStateOf(world);
  let readsSwitch = false;
  for (const task of Object.values((definition.States ?? {}) as Record<string, Record<string, unknown>>)) {
    if (task.Type !== "Task") continue;
    const parameters = (task.Parameters ?? {}) as Record<string, unknown>;
    if (/^arn:aws[a-z-]*:states:::aws-sdk:ssm:getParameter$/u.test(String(task.Resource)) && typeof parameters.Name === "string") {
      state.parameters.set(parameters.Name, KILL_SWITCH_ACT);
      readsSwitch = true;
    }
    if (UPDATE_ITEM_RESOURCE.test(String(task.Resource)) && typeof parameters.TableName === "string" && !state.tables.has(parameters.TableName)) {
      addFakeTable(world, parameters.TableName, CAP_TABLE.partitionKey, CAP_TABLE.ttlAttribute);
    }
  }
  const taskHandlers = dynamoDbTaskHandlers(definition, world);
  const capped = Object.keys(taskHandlers).length > 0;
  if (!readsSwitch && !capped) return { bindings: {}, taskHandlers: {}, notes: [] };
  return {
    bindings: readsSwitch ? { ssm: SSM_SERVICE_BINDING } : {},
    taskHandlers,
    context: { State: { EnteredTime: now.toISOString() } },
    notes: [
      `Safety rails played with ${readsSwitch ? `the kill switch at ${KILL_SWITCH_ACT}` : "no kill switch"}${capped ? " and an empty blast-radius counter (the first action of its window)" : ""}: a switch at notify-only, or a full counter, would end in a HELD notice instead (docs/safety-rails.md).`,
    ],
  };
}

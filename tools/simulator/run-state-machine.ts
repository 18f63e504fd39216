/**
 * Executes a state machine definition in-process with `aws-local-stepfunctions`, every AWS SDK integration
 * Task state answered by the fake AWS of `world` through the real SDK clients (`aws-sdk-task-handler.ts`).
 *
 * - The definition is validated by aws-local-stepfunctions (its default; once per distinct definition).
 *   Definitions with trailing whitespace after an intrinsic call (the seed's) must be passed through
 *   `trimIntrinsicWhitespace` first.
 * - Retry intervals are overridden to 0 ms so Retry policies run instantly; the Retry semantics
 *   (ErrorEquals, MaxAttempts) are unchanged.
 * - Input and definition are deep-copied (the library mutates what it is given).
 * - Nothing reaches AWS: a Task state whose Resource is not an AWS SDK integration needs a handler in
 *   `taskHandlers`, otherwise `runStateMachine` throws before the execution starts.
 * - The library is loaded with its intrinsic-function escaping fixed (`patched-local-stepfunctions.ts`):
 *   backslashes in data survive `States.JsonToString` and `States.Format`, as in AWS.
 */
import type { StateMachine as LocalStateMachine, StateMachineDefinition } from "aws-local-stepfunctions";
import {
  createAwsSdkTaskHandler,
  parseAwsSdkResource,
  unsupportedAwsSdkResourceReason,
  type AwsSdkServiceBinding,
  type AwsSdkTaskCall,
  type JsonValue,
} from "./aws-sdk-task-handler";
import { isEksCallResource, type EksCallInvoker } from "./eks-call-handler";
import type { FakeAwsWorld } from "./fake-aws-world";
import type { PublishedSnsMessage } from "./fake-sns";
import { patchedLocalStepFunctions } from "./patched-local-stepfunctions";
import { installPromiseWithResolvers } from "./promise-with-resolvers";

/** A local implementation of a Task state (receives the state's effective input). */
export type LocalTaskHandler = (input: JsonValue) => Promise<JsonValue> | JsonValue;

export interface RunStateMachineOptions {
  /** ASL definition (as built by the app; not modified). */
  readonly definition: object;
  /** Execution input (not modified). */
  readonly input: JsonValue;
  /** The fake AWS the Task states act on. */
  readonly world: FakeAwsWorld;
  /** Handlers by state name for Task states that are not AWS SDK integrations (Lambda, optimized integrations). */
  readonly taskHandlers?: Readonly<Record<string, LocalTaskHandler>>;
  /** Overrides the supported AWS SDK services (default: `AWS_SDK_SERVICE_BINDINGS`). */
  readonly bindings?: Readonly<Record<string, AwsSdkServiceBinding>>;
  /** Context object (`$$`) fields to mock. */
  readonly context?: Readonly<Record<string, unknown>>;
  /** Runs `arn:aws:states:::eks:call` Task states (`createEksCallHandler`); recorded in `calls` as `eks`/`call`. */
  readonly eksCall?: EksCallInvoker;
}

export type ExecutionStatus = "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED";

export interface RunStateMachineResult {
  readonly status: ExecutionStatus;
  /** Execution output when SUCCEEDED. */
  readonly output?: JsonValue;
  /** Error name when not SUCCEEDED, e.g. `States.Runtime`, `Ecs.InvalidParameterException`. */
  readonly error?: string;
  /** Cause when not SUCCEEDED. */
  readonly cause?: string;
  /**
   * Every AWS SDK integration Task invocation, in order, with its parameters as the state built them
   * (retries and failures included; one rejected for an unknown parameter never reached the fake service).
   */
  readonly calls: readonly AwsSdkTaskCall[];
  /** The SNS messages published during this execution. */
  readonly published: readonly PublishedSnsMessage[];
}

interface TaskStateRef {
  readonly name: string;
  readonly resource: string;
}

/** Runs `definition` on `input` against `world`. */
export async function runStateMachine(options: RunStateMachineOptions): Promise<RunStateMachineResult> {
  installPromiseWithResolvers();
  // Read as JSON text once: the text keys the validated machine, and a copy is parsed from it only to build one.
  const definitionText = JSON.stringify(options.definition);
  const definition = options.definition as Record<string, unknown>; // only read below
  const calls: AwsSdkTaskCall[] = [];
  const publishedBefore = options.world.sns.published.length;
  const invoke = createAwsSdkTaskHandler({ world: options.world, bindings: options.bindings, onCall: (call) => calls.push(call) });

  const taskResourceLocalHandlers: Record<string, LocalTaskHandler> = {};
  const retryIntervalOverrides: Record<string, number> = {};
  for (const state of allStates(definition)) {
    if (Array.isArray(state.definition.Retry)) {
      retryIntervalOverrides[state.name] = 0;
    }
    if (state.definition.Type !== "Task") {
      continue;
    }
    const task: TaskStateRef = { name: state.name, resource: String(state.definition.Resource) };
    const custom = options.taskHandlers?.[task.name];
    if (custom !== undefined) {
      taskResourceLocalHandlers[task.name] = custom;
    } else if (parseAwsSdkResource(task.resource) !== undefined) {
      const unsupported = unsupportedAwsSdkResourceReason(task.resource, options.bindings);
      if (unsupported !== undefined) {
        throw new Error(`Simulation: Task state '${task.name}': ${unsupported}.`);
      }
      taskResourceLocalHandlers[task.name] = (input) => invoke({ stateName: task.name, resource: task.resource, parameters: input });
    } else if (options.eksCall !== undefined && isEksCallResource(task.resource)) {
      const eksCall = options.eksCall;
      taskResourceLocalHandlers[task.name] = (input) => {
        calls.push({ state: task.name, service: "eks", action: "call", parameters: cloneJson(input) });
        return eksCall({ stateName: task.name, parameters: input });
      };
    } else {
      throw new Error(
        `Simulation: Task state '${task.name}' has Resource '${task.resource}', which is not an AWS SDK integration; ` +
          "give it a handler in taskHandlers (the simulation never calls AWS).",
      );
    }
  }

  const stateMachine = validatedStateMachine(definitionText);
  const execution = stateMachine.run(cloneJson(options.input), {
    overrides: { taskResourceLocalHandlers, retryIntervalOverrides },
    context: options.context === undefined ? undefined : cloneJson(options.context),
  });
  const published = (): PublishedSnsMessage[] => options.world.sns.published.slice(publishedBefore);

  const { ExecutionAbortedError, ExecutionError, ExecutionTimeoutError } = patchedLocalStepFunctions();
  try {
    const output = await execution.result;
    return { status: "SUCCEEDED", output, calls, published: published() };
  } catch (error) {
    if (error instanceof ExecutionError) {
      const cause = (error as Error & { cause?: unknown }).cause;
      const failure = cause instanceof Error ? cause : new Error(String(cause));
      return { status: "FAILED", error: failure.name, cause: failure.message, calls, published: published() };
    }
    if (error instanceof ExecutionTimeoutError) {
      return { status: "TIMED_OUT", error: "States.Timeout", cause: error.message, calls, published: published() };
    }
    if (error instanceof ExecutionAbortedError) {
      return { status: "ABORTED", calls, published: published() };
    }
    throw error;
  }
}

/**
 * aws-local-stepfunctions validates a definition each time a `StateMachine` is built. A `StateMachine` holds no
 * execution state, so one per distinct definition (by its JSON text, `key`) is built from a copy parsed from
 * that text, validated, and reused for later runs.
 */
const stateMachines = new Map<string, LocalStateMachine>();
const MAX_CACHED_STATE_MACHINES = 64;

function validatedStateMachine(key: string): LocalStateMachine {
  let stateMachine = stateMachines.get(key);
  if (stateMachine === undefined) {
    const { StateMachine } = patchedLocalStepFunctions();
    stateMachine = new StateMachine(JSON.parse(key) as StateMachineDefinition);
    if (stateMachines.size >= MAX_CACHED_STATE_MACHINES) {
      stateMachines.delete(stateMachines.keys().next().value as string);
    }
    stateMachines.set(key, stateMachine);
  }
  return stateMachine;
}

interface StateRef {
  readonly name: string;
  readonly definition: Record<string, unknown>;
}

/** Every state of the machine, those inside Parallel branches and Map processors included. */
function allStates(machine: Record<string, unknown>): StateRef[] {
  const result: StateRef[] = [];
  const states = (machine.States ?? {}) as Record<string, Record<string, unknown>>;
  for (const [name, state] of Object.entries(states)) {
    result.push({ name, definition: state });
    for (const branch of (state.Branches as Record<string, unknown>[] | undefined) ?? []) {
      result.push(...allStates(branch));
    }
    for (const processor of [state.Iterator, state.ItemProcessor]) {
      if (processor !== undefined && processor !== null && typeof processor === "object") {
        result.push(...allStates(processor as Record<string, unknown>));
      }
    }
  }
  return result;
}

function cloneJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

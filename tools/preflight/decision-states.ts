/**
 * The decision states of a definition, and how the project's local runner (tools/simulator: the patched
 * aws-local-stepfunctions) evaluates one of them on one input.
 *
 * A decision state is a Choice state, or a Pass state whose Parameters call an intrinsic function
 * (`"x.$": "States.Format(...)"`): these decide what the workflow does (tag exemption, dry run, counts) and are
 * evaluated by our local runner in every offline test. They are found by walking the definition (Map item
 * processors and Parallel branches included), so a state added later is checked without editing preflight.
 */
import type { JsonValue } from "../simulator/aws-sdk-task-handler";
import { patchedLocalStepFunctions } from "../simulator/patched-local-stepfunctions";
import { installPromiseWithResolvers } from "../simulator/promise-with-resolvers";
import { trimIntrinsicWhitespace } from "../simulator/trim-intrinsic-whitespace";

type StateMap = Record<string, Record<string, unknown>>;

/** One decision state and the (sub-)state machine it belongs to. */
export interface DecisionState {
  /** The state's name. */
  readonly name: string;
  /** Where it is: `Match Task Tags > Compare Task Tag` for a state of a Map's item processor. */
  readonly path: string;
  readonly type: "Choice" | "Pass";
  /** The state machine (or item processor / branch) holding it: a complete `{StartAt, States}`. */
  readonly machine: Record<string, unknown>;
  /**
   * Why TestState and the local runner cannot be compared on this state, if they cannot: it reads the Context
   * object (`$$`), which TestState fills with its own values, or calls an intrinsic whose result differs on every
   * run (States.UUID, States.MathRandom).
   */
  readonly incomparable?: string;
}

function incomparableReason(stateText: string): string | undefined {
  if (stateText.includes("$$.")) return "the state reads the Context object ($$), which TestState fills with its own values";
  const random = /States\.(UUID|MathRandom)\(/u.exec(stateText);
  return random === null ? undefined : `the state calls States.${random[1]}, whose result differs on every run`;
}

/** Every decision state of the definition, in definition order, nested ones after their parent. */
export function decisionStatesOf(definition: Record<string, unknown>): DecisionState[] {
  const found: DecisionState[] = [];
  const visit = (machine: Record<string, unknown>, prefix: string): void => {
    const states = (machine.States ?? {}) as StateMap;
    for (const [name, state] of Object.entries(states)) {
      const path = `${prefix}${name}`;
      const text = JSON.stringify(state);
      if (state.Type === "Choice" || (state.Type === "Pass" && callsIntrinsic(state.Parameters))) {
        found.push({ name, path, type: state.Type as "Choice" | "Pass", machine, incomparable: incomparableReason(text) });
      }
      for (const child of [state.ItemProcessor, state.Iterator, ...((state.Branches as unknown[] | undefined) ?? [])]) {
        if (child !== null && typeof child === "object") visit(standalone(child as Record<string, unknown>), `${path} > `);
      }
    }
  };
  // A nested machine as a definition of its own: its states, and the query language it inherits (an item
  // processor's ProcessorConfig belongs to the Map, not to a state machine).
  const standalone = (child: Record<string, unknown>): Record<string, unknown> => ({
    ...(definition.QueryLanguage === undefined ? {} : { QueryLanguage: definition.QueryLanguage }),
    ...(child.QueryLanguage === undefined ? {} : { QueryLanguage: child.QueryLanguage }),
    StartAt: child.StartAt,
    States: child.States,
  });
  visit(definition, "");
  return found;
}

function callsIntrinsic(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(callsIntrinsic);
  if (value === null || typeof value !== "object") return false;
  return Object.entries(value as Record<string, unknown>).some(
    ([key, child]) => (key.endsWith(".$") && typeof child === "string" && child.trimStart().startsWith("States.")) || callsIntrinsic(child),
  );
}

/** What one state did with one input: as TestState reports it (status, next state, output or error). */
export interface StateOutcome {
  readonly status: "SUCCEEDED" | "FAILED";
  readonly nextState?: string;
  readonly output?: JsonValue;
  readonly error?: string;
  readonly cause?: string;
}

/** The states a state may go to next. */
function nextStatesOf(state: Record<string, unknown>): string[] {
  const names = new Set<string>();
  if (typeof state.Next === "string") names.add(state.Next);
  if (typeof state.Default === "string") names.add(state.Default);
  for (const choice of (state.Choices as { Next?: unknown }[] | undefined) ?? []) if (typeof choice.Next === "string") names.add(choice.Next);
  for (const handler of (state.Catch as { Next?: unknown }[] | undefined) ?? []) if (typeof handler.Next === "string") names.add(handler.Next);
  return [...names];
}

/**
 * Runs the state `name` of `machine` alone in the local runner: a machine of that state whose every next state is
 * a stub recording its name and input, so the run ends right after the state, with the state's output and the
 * state it chose (as TestState does with `stateName`).
 */
export async function runStateLocally(machine: Record<string, unknown>, name: string, input: JsonValue): Promise<StateOutcome> {
  const key = JSON.stringify([machine, name, input]);
  let outcome = outcomes.get(key);
  if (outcome === undefined) {
    outcome = await runStateOnce(machine, name, input);
    if (outcomes.size >= MAX_CACHED_OUTCOMES) outcomes.delete(outcomes.keys().next().value as string);
    outcomes.set(key, outcome);
  }
  return JSON.parse(JSON.stringify(outcome)) as StateOutcome;
}

/** Outcomes already computed (a state on an input always gives the same): one state machine run each saved. */
const outcomes = new Map<string, StateOutcome>();
const MAX_CACHED_OUTCOMES = 256;

async function runStateOnce(machine: Record<string, unknown>, name: string, input: JsonValue): Promise<StateOutcome> {
  installPromiseWithResolvers();
  const runnable = trimIntrinsicWhitespace(machine) as Record<string, unknown>;
  const state = JSON.parse(JSON.stringify((runnable.States as StateMap)[name])) as Record<string, unknown>;
  const states: StateMap = { [name]: state };
  for (const next of nextStatesOf(state)) {
    if (next !== name) states[next] = { Type: "Pass", Parameters: { nextState: next, "output.$": "$" }, End: true };
  }
  const { StateMachine, ExecutionError } = patchedLocalStepFunctions();
  // The whole definition was validated when it was recorded (runStateMachine); this cut-out need not be again.
  const local = new StateMachine({ StartAt: name, States: states } as never, { validationOptions: { noValidate: true } });
  try {
    const result = (await local.run(JSON.parse(JSON.stringify(input)) as never).result) as JsonValue;
    if (state.End === true) return { status: "SUCCEEDED", output: result };
    const { nextState, output } = result as { nextState: string; output: JsonValue };
    return { status: "SUCCEEDED", nextState, output };
  } catch (error) {
    if (error instanceof ExecutionError) {
      const cause = (error as Error & { cause?: unknown }).cause;
      const failure = cause instanceof Error ? cause : new Error(String(cause));
      return { status: "FAILED", error: failure.name, cause: failure.message };
    }
    throw error;
  }
}

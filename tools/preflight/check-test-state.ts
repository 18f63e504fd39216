/**
 * Check (a): each decision state, on each recorded input, through the Step Functions TestState API and through
 * our local runner; the two must agree on status, next state and output (or error).
 *
 * TestState (https://docs.aws.amazon.com/step-functions/latest/apireference/API_TestState.html): `definition`
 * with `stateName` tests that state of a complete state machine definition ("If this field is specified, the
 * definition must contain a fully-formed state machine definition", @aws-sdk/client-sfn TestStateInput); the
 * answer carries `status` (SUCCEEDED, FAILED, ...), `nextState`, `output` (JSON text), `error` and `cause`.
 * `roleArn` is optional in the SDK model this project pins (TestStateInput.roleArn?: string; older models and
 * references marked it required); a Choice or Pass state calls nothing, so none is sent (the caller then needs no
 * iam:PassRole), and only if TestState answers a ValidationException naming roleArn is the request sent again with
 * the state machine's role. `inspectionLevel` INFO (the
 * default) is enough: only the final output is compared. TestState runs the state in isolation: it changes
 * nothing in the account (a Pass or Choice state calls no service).
 *
 * A state of a Map's item processor is tested with the item processor as the definition (it is a complete
 * `{StartAt, States}`). A state that reads the Context object (`$$`) is skipped: TestState takes a Context
 * only with a mock, which only Task, Map and Parallel states accept.
 */
import { TestStateCommand, type SFNClient } from "@aws-sdk/client-sfn";
import type { JsonValue } from "../simulator/aws-sdk-task-handler";
import type { DecisionState, StateOutcome } from "./decision-states";
import { runStateLocally } from "./decision-states";
import type { RecordedInput } from "./recorded-inputs";
import { apiErrorRow, type PreflightRow } from "./rows";

export const TEST_STATE_CHECK = "test-state";

/** Compares one decision state on one input. */
export async function checkDecisionState(
  sfn: SFNClient,
  target: string,
  state: DecisionState,
  recorded: RecordedInput,
  /** The state machine's role: sent only if TestState says it needs one (older API models required `roleArn`). */
  roleArn?: string,
): Promise<PreflightRow> {
  const rowTarget = `${target}: ${state.path} [${recorded.source}]`;
  if (state.incomparable !== undefined) {
    return { check: TEST_STATE_CHECK, target: rowTarget, result: "skip", detail: state.incomparable, fix: "covered by the offline tests only" };
  }
  const local = await runStateLocally(state.machine, state.name, recorded.input);
  let remote: StateOutcome;
  const request = { definition: JSON.stringify(state.machine), stateName: state.name, input: JSON.stringify(recorded.input), inspectionLevel: "INFO" as const };
  try {
    let answer;
    try {
      answer = await sfn.send(new TestStateCommand(request));
    } catch (error) {
      const asksForRole = (error as Error).name === "ValidationException" && /roleArn/iu.test((error as Error).message);
      if (!asksForRole || roleArn === undefined) throw error;
      answer = await sfn.send(new TestStateCommand({ ...request, roleArn })); // the caller then needs iam:PassRole on it
    }
    remote = {
      status: answer.status === "SUCCEEDED" ? "SUCCEEDED" : "FAILED",
      nextState: answer.nextState,
      output: answer.output === undefined ? undefined : (JSON.parse(answer.output) as JsonValue),
      error: answer.error,
      cause: answer.cause,
    };
  } catch (error) {
    return apiErrorRow(TEST_STATE_CHECK, rowTarget, "states:TestState", error);
  }
  const same =
    local.status === remote.status &&
    (local.status === "SUCCEEDED"
      ? local.nextState === remote.nextState && canonical(local.output) === canonical(remote.output)
      : local.error === remote.error);
  if (same) {
    return { check: TEST_STATE_CHECK, target: rowTarget, result: "pass", detail: `both ${describeOutcome(local)}`, fix: "" };
  }
  return {
    check: TEST_STATE_CHECK,
    target: rowTarget,
    result: "fail",
    detail: `Step Functions: ${describeOutcome(remote, true)}; local runner: ${describeOutcome(local, true)}`,
    fix: "the offline tests do not show what AWS does with this state: report it with this row; until fixed, test the workflow in AWS (npm run simulate is not faithful here)",
  };
}

/** `went to <state>`, `ended`, or `failed with <error>`; with the output when `full`. */
export function describeOutcome(outcome: StateOutcome, full = false): string {
  if (outcome.status === "FAILED") return `failed with ${outcome.error ?? "?"}${full && outcome.cause !== undefined ? ` (${outcome.cause})` : ""}`;
  const where = outcome.nextState === undefined ? "ended" : `went to ${outcome.nextState}`;
  return full ? `${where}, output ${canonical(outcome.output)}` : where;
}

/** JSON with object keys sorted, so two equal values print the same. */
export function canonical(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value as Record<string, unknown>)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}

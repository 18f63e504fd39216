/**
 * Reading what a containment workflow did in a simulated run: the calls it made and the notices it published.
 * Every workflow lays its notices out the same way (`functions/asl/notice.ts`), so one reader serves all.
 */
import { OUTCOME_ATTRIBUTE } from "../../functions/asl/notify-state";
import type { PublishedSnsMessage } from "../../tools/simulator/fake-sns";
import type { RunStateMachineResult } from "../../tools/simulator/run-state-machine";

/** `State:action` of every AWS call, retries included. */
export function trail(result: RunStateMachineResult): string[] {
  return result.calls.map((call) => `${call.state}:${call.action}`);
}

/** The outcome message attribute of a notice. */
export function outcomeOf(message: PublishedSnsMessage): string | undefined {
  return message.messageAttributes[OUTCOME_ATTRIBUTE]?.stringValue;
}

/** The `Label: value` lines of a notice, by label (after the headline, the explanation and the blank line). */
export function noticeFields(message: PublishedSnsMessage): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of message.message.split("\n").slice(3)) {
    const separator = line.indexOf(": ");
    fields[line.slice(0, separator)] = line.slice(separator + 2);
  }
  return fields;
}

/** The only notice of the execution, checked to be of `outcome` (its subject among `subjects`, and its attribute). */
export function expectSingleNotice<Outcome extends string>(
  result: RunStateMachineResult,
  subjects: Readonly<Record<Outcome, string>>,
  outcome: Outcome,
): PublishedSnsMessage {
  expect(result.published.map((message) => [message.subject, outcomeOf(message)])).toEqual([[subjects[outcome], outcome]]);
  return result.published[0];
}

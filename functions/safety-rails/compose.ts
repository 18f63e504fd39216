/**
 * The composer: inserts the safety rails in front of the action states of any response type's definition, in the
 * order kill switch -> approval gate -> blast-radius cap, and adds the hold notice.
 *
 * Where they go: every containment workflow (but the seed's) has a dry-run switch right before it acts
 * (`dryRunChoice` in functions/asl/workflow-states.ts: a Choice on `$.settings.DryRun` whose `Default` is the first
 * action state). Every check of the type comes before it, so the rails go on its `Default` edge: a resource the
 * type would not act on (not found, exempt, already contained, dry run) never reads the switch, waits for an
 * approval, nor consumes the cap; the cap counts last, just before acting, so a switched-off or refused execution
 * does not consume it either.
 *
 * The hold notice (`Notify Held`, outcome `HELD`) is the type's own dry-run notice (what would have been done,
 * every resource line of the type) with the HELD headline, a fixed Subject, and the rail, its reason and the kill
 * switch's value. It ends the execution SUCCEEDED, as the dry-run notice does.
 */
import { OUTCOME_ATTRIBUTE } from "../asl/notify-state";
import type { RoleGrant } from "../response-types/contract";
import { blastRadiusCapRail, type BlastRadiusCapOptions } from "./blast-radius-cap";
import { KILL_SWITCH_RESULT_PATH, killSwitchRail, type KillSwitchOptions } from "./kill-switch";
import { RAIL_RESULT_PATH, type RailContext, type RailFragment, type RailWiring } from "./rail";
import { railScopeOf } from "./scopes";

/** The outcome of the hold notice (also its `outcome` message attribute). */
export const HELD_OUTCOME = "HELD";
/** Name of the hold notice state. */
export const HOLD_NOTICE_STATE = "Notify Held";

/** The rails of one pipeline; each is off when absent. */
export interface SafetyRailsOptions {
  readonly killSwitch?: KillSwitchOptions;
  /** The approval gate (issue 10.3, functions/safety-rails/approval-gate.ts): any rail, given its wiring. */
  readonly approvalGate?: (wiring: RailWiring) => RailFragment;
  readonly blastRadiusCap?: Omit<BlastRadiusCapOptions, keyof RailWiring>;
}

/** What composing gives: the new definition and the grants its rails need (added to the type's). */
export interface ComposedDefinition {
  readonly definition: Record<string, unknown>;
  readonly grants: readonly RoleGrant[];
}

/** Where the rails go in a definition: its dry-run Choice, the first action state, the dry-run notice. */
export interface ActionEntry {
  readonly dryRunChoice: string;
  readonly actionEntry: string;
  readonly dryRunNotice: string;
}

/** Finds the dry-run Choice of `definition` (exactly one at top level), or throws saying why the rails cannot go in. */
export function findActionEntry(definition: Readonly<Record<string, unknown>>, responseTypeId: string): ActionEntry {
  const states = (definition.States ?? {}) as Record<string, Record<string, unknown>>;
  const found = Object.entries(states).filter(
    ([, state]) =>
      state.Type === "Choice" &&
      Array.isArray(state.Choices) &&
      (state.Choices as Record<string, unknown>[]).some((choice) => choice.Variable === "$.settings.DryRun" && choice.BooleanEquals === true),
  );
  if (found.length !== 1) {
    throw new Error(
      `the safety rails need the workflow of ${responseTypeId} to have exactly one dry-run switch in front of its action (found ${found.length}); the seed ECS workflow has none: use the guarded workflow`,
    );
  }
  const [name, choice] = found[0];
  const dryRun = (choice.Choices as Record<string, unknown>[]).find((c) => c.Variable === "$.settings.DryRun") as Record<string, unknown>;
  return { dryRunChoice: name, actionEntry: String(choice.Default), dryRunNotice: String(dryRun.Next) };
}

/** `definition` with the rails of `options` in front of its action (a new object; `definition` is not changed). */
export function composeSafetyRails(
  definition: Readonly<Record<string, unknown>>,
  responseTypeId: string,
  partition: string,
  options: SafetyRailsOptions,
): ComposedDefinition {
  const composed = JSON.parse(JSON.stringify(definition)) as Record<string, unknown>;
  const states = composed.States as Record<string, Record<string, unknown>>;
  const entry = findActionEntry(composed, responseTypeId);
  const context: RailContext = { responseTypeId, partition, scope: railScopeOf(responseTypeId) };

  const fragments: RailFragment[] = [];
  let next = entry.actionEntry;
  const wiring = (): RailWiring => ({ exits: { proceed: next, hold: HOLD_NOTICE_STATE }, context });
  // Built from the last rail to the first: each proceeds to the one after it.
  if (options.blastRadiusCap !== undefined) fragments.unshift(blastRadiusCapRail({ ...options.blastRadiusCap, ...wiring() }));
  if (fragments.length > 0) next = fragments[0].startAt;
  if (options.approvalGate !== undefined) fragments.unshift(options.approvalGate(wiring()));
  if (fragments.length > 0) next = fragments[0].startAt;
  if (options.killSwitch !== undefined) fragments.unshift(killSwitchRail({ ...options.killSwitch, ...wiring() }));
  if (fragments.length === 0) return { definition: composed, grants: [] };

  for (const fragment of fragments) {
    for (const [name, state] of Object.entries(fragment.states)) {
      if (name in states) throw new Error(`internal: safety rail state ${JSON.stringify(name)} is already a state of ${responseTypeId}'s workflow`);
      states[name] = state as Record<string, unknown>;
    }
  }
  if (HOLD_NOTICE_STATE in states) throw new Error(`internal: ${HOLD_NOTICE_STATE} is already a state of ${responseTypeId}'s workflow`);
  states[HOLD_NOTICE_STATE] = holdNotice(states[entry.dryRunNotice], options.killSwitch !== undefined);
  states[entry.dryRunChoice].Default = fragments[0].startAt;
  return { definition: composed, grants: fragments.flatMap((fragment) => fragment.grants) };
}

/** The hold notice, from the type's dry-run notice (see the module comment). */
export function holdNotice(dryRunNotice: Record<string, unknown>, withKillSwitch: boolean): Record<string, unknown> {
  const notice = JSON.parse(JSON.stringify(dryRunNotice)) as Record<string, unknown>;
  const parameters = notice.Parameters as Record<string, unknown>;
  const subject = String(parameters.Subject);
  const prefix = subject.includes(": ") ? subject.slice(0, subject.indexOf(": ")) : subject;
  parameters.Subject = `${prefix}: held by a safety rail, nothing done, action required`;
  parameters.MessageAttributes = { [OUTCOME_ATTRIBUTE]: { DataType: "String", StringValue: HELD_OUTCOME } };
  const { template, args } = parseFormat(String(parameters["Message.$"]));
  const lines = template.split("\n");
  const blank = lines.indexOf("");
  const headline = lines[0].replace(/: [A-Z_]+$/u, `: ${HELD_OUTCOME}`);
  const factLines = lines.slice(blank + 1);
  // Rail lines go before the console link and the title (the title, free text, stays last).
  const consoleLine = factLines.findIndex((line) => line.startsWith("Console: "));
  const at = consoleLine === -1 ? factLines.length : consoleLine;
  const railLines: [string, string][] = [
    ["Safety rail", `${RAIL_RESULT_PATH}.rail`],
    ["Why not acted", `${RAIL_RESULT_PATH}.reason`],
    ...(withKillSwitch ? [["Kill switch", `${KILL_SWITCH_RESULT_PATH}.value`] as [string, string]] : []),
  ];
  const newLines = [
    headline,
    "A safety rail held the action: nothing was done. The lines below say what would have been done and why it was not.",
    "",
    ...factLines.slice(0, at),
    ...railLines.map(([label]) => `${label}: {}`),
    ...factLines.slice(at),
  ];
  const argsBefore = factLines.slice(0, at).join("\n").split("{}").length - 1;
  const newArgs = [...args.slice(0, argsBefore), ...railLines.map(([, path]) => path), ...args.slice(argsBefore)];
  parameters["Message.$"] = `States.Format('${newLines.join("\n")}', ${newArgs.join(", ")})`;
  delete notice.Comment;
  return notice;
}

/** Splits `States.Format('<template>', a, b, ...)` (the notices' shape: no `'` in the template). */
function parseFormat(message: string): { template: string; args: string[] } {
  const match = /^States\.Format\('([^']*)', ([\s\S]*)\)$/u.exec(message);
  if (match === null) throw new Error(`internal: the dry-run notice's message is not a States.Format call: ${message.slice(0, 80)}`);
  const args: string[] = [];
  let depth = 0;
  let current = "";
  for (const char of match[2]) {
    if (char === "(") depth++;
    if (char === ")") depth--;
    if (char === "," && depth === 0) {
      args.push(current.trim());
      current = "";
    } else current += char;
  }
  args.push(current.trim());
  return { template: match[1], args };
}

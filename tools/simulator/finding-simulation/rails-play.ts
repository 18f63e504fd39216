/**
 * How `simulate` plays the safety rails (docs/safety-rails.md, docs/approval-gate.md): the kill switch's value, a
 * blast-radius counter that is empty or already at the cap, and the approver's answer to the approval gate.
 * Light on purpose (no SDK, no CDKTF): the CLI checks the options with it before loading the simulation.
 */

/** What the approver does when the gate asks: the first is the default. */
export const APPROVAL_PLAYS = ["approve", "deny", "timeout"] as const;
export type ApprovalPlay = (typeof APPROVAL_PLAYS)[number];

/** What the kill switch parameter holds (the two values the rail knows): the first is the default. */
export const KILL_SWITCH_PLAYS = ["act", "notify-only"] as const;
export type KillSwitchPlay = (typeof KILL_SWITCH_PLAYS)[number];

/** In words, for `--help` and the report. */
export const APPROVAL_PLAY_WORDS: Readonly<Record<ApprovalPlay, string>> = {
  approve: 'an approver runs the request\'s send-task-success command ({"approved":true})',
  deny: "an approver runs the request's send-task-failure command (--error Denied)",
  timeout: "nobody answers: the request's TimeoutSeconds runs out (States.Timeout; not waited for)",
};

/** The rails as the user chose to play them; an unset field is its default, and says nothing when no rail reads it. */
export interface RailsPlay {
  /** @default "act" */
  readonly killSwitch?: KillSwitchPlay;
  /** Every blast-radius counter already holds max_actions for the window the action falls in. @default false (empty) */
  readonly capFull?: boolean;
  /** @default "approve" */
  readonly approval?: ApprovalPlay;
}

/** An option value that is not one of the allowed ones. */
export class RailsPlayError extends Error {
  override readonly name = "RailsPlayError";
}

function oneOf<T extends string>(option: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new RailsPlayError(`${option} '${value}' is not allowed: expected one of ${allowed.map((a, i) => (i === 0 ? `${a} (default)` : a)).join(", ")}`);
}

/**
 * Reads the command-line values (`--kill-switch`, `--cap-full`, `--approval`).
 *
 * @throws RailsPlayError naming the option, the value and what is allowed.
 */
export function parseRailsPlay(values: { readonly killSwitch?: string; readonly capFull?: boolean; readonly approval?: string }): RailsPlay {
  return {
    killSwitch: oneOf("--kill-switch", values.killSwitch, KILL_SWITCH_PLAYS),
    capFull: values.capFull === true ? true : undefined,
    approval: oneOf("--approval", values.approval, APPROVAL_PLAYS),
  };
}

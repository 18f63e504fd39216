/**
 * What a safety rail is (issue 10): a check a containment workflow passes just before it acts, that can only
 * ever turn an action into a notice, never the other way round. The kill switch, the approval gate and the
 * blast-radius cap are rails; `compose.ts` inserts them, in the order kill switch -> approval gate -> cap, in front
 * of the action states of any response type's definition.
 *
 * A rail is a pure function of its options: an Amazon States Language fragment (its start state and its states,
 * JSONPath only, no JSONata) and the IAM grants its Task states need. The composer names the two exits:
 * - `proceed`: go on towards the action (the next rail, or the type's action entry);
 * - `hold`: do not act, notify. Before going there the rail writes why under {@link RAIL_RESULT_PATH}
 *   (`$.safetyRail = { rail, reason }`, a {@link RailHold}), which the hold notice shows.
 *
 * Rules every rail keeps:
 * - Fail closed: any error of its own calls (after retries) goes to `hold` with a reason, never to `proceed`.
 * - Its state names are unique in the composed definition: start them with {@link railStateName}.
 * - It keeps what it reads under its own top-level path (e.g. `$.killSwitch`), never under the type's paths
 *   (`$.finding`, `$.settings`, `$.derived`, the type's input parts) nor `$.safetyRail` unless it holds.
 * - Its Task states are covered by its `grants` (the role policy refuses a Task integration without a grant).
 */
import type { RoleGrant } from "../response-types/contract";

/** Where a rail writes why it holds: `{ rail, reason }`. */
export const RAIL_RESULT_PATH = "$.safetyRail";

/** What a rail writes under {@link RAIL_RESULT_PATH} before going to `hold`. */
export interface RailHold {
  /** The rail's id, e.g. `kill-switch`, `approval-gate`, `blast-radius-cap`. */
  readonly rail: string;
  /** In words, for the notice: why nothing was done. */
  readonly reason: string;
}

/** The state names the composer gives a rail's exits. */
export interface RailExits {
  /** Go on towards the action (the next rail, or the type's action entry). */
  readonly proceed: string;
  /** Notify without acting (after writing {@link RAIL_RESULT_PATH}). */
  readonly hold: string;
}

/** What the composer tells every rail about the workflow it guards. */
export interface RailContext {
  /** Id of the response type guarded, e.g. `ec2-isolate-instance`. */
  readonly responseTypeId: string;
  /** Partition of the Task Resource ARNs: a literal or a Terraform reference (never parsed). */
  readonly partition: string;
  /**
   * JSONPath (into the workflow's state at the action entry) of the value an action is counted against: the
   * cluster ARN or name (ECS, EKS) or the account id (EC2). See {@link RailScope}.
   */
  readonly scope: RailScope;
}

/** What one containment action is counted against. */
export interface RailScope {
  /** `cluster` (ECS task stop, EKS pod containment) or `account` (EC2 isolation). */
  readonly kind: "cluster" | "account";
  /** JSONPath of its value in the state at the action entry, e.g. `$.finding.accountId`. */
  readonly path: string;
}

/** What every rail is given: its exits and the context; the rail's own options come on top. */
export interface RailWiring {
  readonly exits: RailExits;
  readonly context: RailContext;
}

/** An ASL fragment: where it starts, its states, and what its Task states need from IAM. */
export interface RailFragment {
  /** Name of its first state (a key of `states`). */
  readonly startAt: string;
  /** Its states; their `Next`s go to each other or to the exits only. */
  readonly states: Record<string, unknown>;
  /** IAM grants of its Task integrations (`neededBy` their integration, as the types' grants). */
  readonly grants: readonly RoleGrant[];
}

/** A rail: a pure function from its options (with the wiring) to its fragment. */
export type Rail<Options = object> = (options: Options & RailWiring) => RailFragment;

/** The rails, in the order the composer chains them. */
export const RAIL_IDS = ["kill-switch", "approval-gate", "blast-radius-cap"] as const;
export type RailId = (typeof RAIL_IDS)[number];

/** A state name of a rail: `Safety Rail <Rail words>: <step>`, e.g. `railStateName("Kill Switch", "Read")`. */
export function railStateName(railWords: string, step: string): string {
  return `Safety Rail ${railWords}: ${step}`;
}

/** A Pass state writing `{ rail, reason }` (literal text) under {@link RAIL_RESULT_PATH} and going to `next` (the hold exit). */
export function holdState(rail: RailId | string, reason: string, next: string): Record<string, unknown> {
  const hold: RailHold = { rail, reason };
  return { Type: "Pass", Result: hold, ResultPath: RAIL_RESULT_PATH, Next: next };
}

/**
 * The `finding` part of every containment workflow's input: the finding's identity, picked out of the
 * GuardDuty finding event by the EventBridge input transformer, next to the parts about the resource
 * (`ecs`, `ec2`, `eks` + `kubernetes`).
 *
 * Every placeholder stands bare in the template (`"title": <title>`, never `"title": "<title>"`), so
 * EventBridge writes each value as JSON: strings quoted and escaped, numbers as numbers, a missing path as
 * `""`. The finding title is attacker-influenced; quoted by EventBridge, it cannot break out of its string.
 */
import type { InputTransformer } from "../ecs-stop-task/seed-input-transformer";

/** The finding's identity in a workflow's input. */
export interface FindingInput {
  /** GuardDuty finding id (`detail.id`). */
  readonly id: string;
  /** Finding type, e.g. `Execution:Runtime/ReverseShell` (`detail.type`). */
  readonly type: string;
  /** Severity, a number (`detail.severity`). */
  readonly severity: number;
  /** Free text, attacker-influenced (`detail.title`). */
  readonly title: string;
  readonly accountId: string;
  readonly region: string;
}

/** `InputPathsMap` entries of the `finding` part: placeholder -> path in the finding event. */
export const FINDING_INPUT_PATHS: Readonly<Record<keyof FindingInput, string>> = {
  id: "$.detail.id",
  type: "$.detail.type",
  severity: "$.detail.severity",
  title: "$.detail.title",
  accountId: "$.detail.accountId",
  region: "$.detail.region",
};

/** The `finding` member of an `InputTemplate` (every placeholder bare). */
export const FINDING_INPUT_TEMPLATE_MEMBER =
  '"finding": {"id": <id>, "type": <type>, "severity": <severity>, "title": <title>, "accountId": <accountId>, "region": <region>}';

/**
 * A workflow's `InputPathsMap`: the finding's paths, then `resourcePaths`. The placeholder names share one
 * namespace, so a resource path may not reuse a finding placeholder.
 */
export function findingInputPaths(resourcePaths: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  for (const name of Object.keys(resourcePaths)) {
    if (name in FINDING_INPUT_PATHS) throw new Error(`internal: placeholder <${name}> is the finding's`);
  }
  return { ...FINDING_INPUT_PATHS, ...resourcePaths };
}

/** A workflow's `InputTemplate` (one line): the `finding` member, then `resourceMembers` (`"<name>": {...}`). */
export function findingInputTemplate(...resourceMembers: readonly string[]): string {
  return `{${[FINDING_INPUT_TEMPLATE_MEMBER, ...resourceMembers].join(", ")}}`;
}

/** The transformer of `paths` and `template`, with a copy of the paths (callers may not change the module's). */
export function inputTransformerOf(paths: Readonly<Record<string, string>>, template: string): InputTransformer {
  return { inputPaths: { ...paths }, inputTemplate: template };
}

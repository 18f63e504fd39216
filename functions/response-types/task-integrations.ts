/**
 * The Step Functions integrations a definition's Task states use, Map item processors and Parallel branches
 * included: each Task `Resource` after `arn:<partition>:states:::` (`aws-sdk:ecs:stopTask`, `eks:call`). The
 * partition may be a Terraform reference: it is taken as any text without `:`.
 */

/** `arn:<partition>:states:::` where the partition is a name or an unresolved reference (no `:` in either). */
const INTEGRATION_RESOURCE = /^arn:[^:]+:states:::(.+)$/u;

type StateMap = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** Every integration of the definition's Task states. */
export function taskIntegrationsOf(definition: Readonly<Record<string, unknown>>): Set<string> {
  const integrations = new Set<string>();
  for (const state of taskStatesOf(definition)) {
    const match = INTEGRATION_RESOURCE.exec(String(state.Resource));
    // A Resource that is not an integration ARN (an activity, a Lambda ARN) is named as it is.
    integrations.add(match === null ? String(state.Resource) : match[1]);
  }
  return integrations;
}

/** Every Task state of the definition, nested ones included. */
export function taskStatesOf(definition: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>>[] {
  const tasks: Readonly<Record<string, unknown>>[] = [];
  const visit = (machine: unknown): void => {
    const states = (machine as { States?: StateMap } | undefined)?.States;
    for (const state of Object.values(states ?? {})) {
      if (state.Type === "Task") tasks.push(state);
      visit(state.ItemProcessor);
      visit(state.Iterator);
      for (const branch of (state.Branches as unknown[] | undefined) ?? []) visit(branch);
    }
  };
  visit(definition);
  return tasks;
}

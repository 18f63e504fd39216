/**
 * Walking a state machine definition in the ASL tests: every workflow is validated for its defaults and for
 * every option set, and shown to have the same shape for every other option combination, so that the
 * validator's verdict carries over to all of them.
 */

/** A state as the tests read it. */
export type AslState = Record<string, unknown> & { Type: string; Resource?: string; Retry?: Record<string, unknown>[]; Parameters?: Record<string, unknown> };
/** A definition (or a Map's ItemProcessor) as the tests read it. */
export type AslMachine = { States: Record<string, AslState> };

/** Every subset of `allOptions`. */
export function everyOptionCombination<Options extends object>(allOptions: Options): Partial<Options>[] {
  const entries = Object.entries(allOptions);
  return Array.from(
    { length: 2 ** entries.length },
    (_unused, mask) => Object.fromEntries(entries.filter((_entry, bit) => (mask & (1 << bit)) !== 0)) as Partial<Options>,
  );
}

/** Every state, those of Map processors included. */
export function allStates(machine: AslMachine): [string, AslState][] {
  return Object.entries(machine.States).flatMap(([name, state]) => [
    [name, state] as [string, AslState],
    ...(state.ItemProcessor === undefined ? [] : allStates(state.ItemProcessor as AslMachine)),
  ]);
}

/**
 * The definition without what options may change: the Settings state's Result and the Retry numbers.
 * `normalize` rewrites the definition's JSON text first, for options that reach elsewhere (e.g. label keys in paths).
 */
export function optionFreeShape(definition: unknown, settingsState: string, normalize: (json: string) => string = (json) => json): unknown {
  const copy = JSON.parse(normalize(JSON.stringify(definition))) as AslMachine;
  delete copy.States[settingsState].Result;
  for (const [, state] of allStates(copy)) {
    for (const retrier of state.Retry ?? []) {
      delete retrier.MaxAttempts;
      delete retrier.IntervalSeconds;
      delete retrier.BackoffRate;
    }
  }
  return copy;
}

/** Every string of `value`, object keys included. */
export function allStrings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (value !== null && typeof value === "object") return Object.entries(value).flatMap(([key, item]) => [key, ...allStrings(item)]);
  return [];
}

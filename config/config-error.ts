/** One thing wrong with a config: which setting, the bad value, what is allowed. */
export interface ConfigProblem {
  /** Dotted path of the setting, e.g. `ecs_auto_stop.notification_emails[1]`. */
  readonly setting: string;
  /** The value found, as JSON (`undefined` when the setting is missing). */
  readonly value: string;
  /** What would be accepted. */
  readonly allowed: string;
}

export function describeValue(value: unknown): string {
  if (value === undefined) return "(missing)";
  const json = JSON.stringify(value);
  return json.length > 120 ? `${json.slice(0, 117)}...` : json;
}

/** Thrown by the config loader; lists every problem found, not only the first. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(
    readonly source: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(`Invalid config ${source}:\n` + problems.map((p) => `  - ${p.setting}: ${p.value} is not allowed; expected ${p.allowed}`).join("\n"));
  }
}

/**
 * A config rule (cdk-nag style): one pure check over a parsed config, returning what is wrong with
 * it. Rules run after every setting parsed on its own (config/cross-checks.ts calls them all), so a
 * rule may rely on each value's own format and only checks how values fit together, or fit what a
 * construct or AWS will accept. One file per rule; compliant and non-compliant tests in
 * __tests__/config/rules/.
 */
import type { Config } from "../config-schema";
import { ConfigProblem, describeValue } from "../config-error";

export type ConfigRule = (config: Config) => ConfigProblem[];

/** A problem with `setting`, whose value is `value`: `allowed` says what would be accepted. */
export function refuse(setting: string, value: unknown, allowed: string): ConfigProblem {
  return { setting, value: describeValue(value), allowed };
}

/** Rules that involve more than one setting; run after every setting parsed on its own. One rule per file: config/rules/. */
import type { Config } from "./config-schema";
import type { ConfigProblem } from "./config-error";
import { CONFIG_RULES } from "./rules";

export function crossCheck(config: Config): ConfigProblem[] {
  return CONFIG_RULES.flatMap((rule) => rule(config));
}

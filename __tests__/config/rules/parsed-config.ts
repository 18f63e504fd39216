/** A config document parsed setting by setting (defaults applied), before any rule runs: what a rule sees. */
import type { ConfigProblem } from "../../../config/config-error";
import { CONFIG_SCHEMA, Config } from "../../../config/config-schema";

export function parsedConfig(document: Record<string, unknown>): Config {
  const problems: ConfigProblem[] = [];
  const config = CONFIG_SCHEMA.parse(document, "", problems);
  if (config === undefined || problems.length > 0) throw new Error(`the document itself is refused: ${JSON.stringify(problems)}`);
  return config;
}

/** The problems a config loader run reports for a document (none when it is accepted). */
import type { ConfigProblem } from "../../config/config-error";
import { ConfigError } from "../../config/config-error";
import { parseConfig } from "../../config/load-config";

export function configProblems(document: unknown): readonly ConfigProblem[] {
  try {
    parseConfig(document, "test.json");
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

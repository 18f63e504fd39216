import { readFileSync } from "node:fs";
import { ConfigError } from "./config-error";
import { CONFIG_SCHEMA, Config } from "./config-schema";
import { crossCheck } from "./cross-checks";
import { duplicateKeys } from "./json-duplicate-keys";
import DEFAULT_CONFIG from "./default-config.json";

export const BUILT_IN_DEFAULT = "built-in default (config/default-config.json)";

/** Validates a parsed config document; throws a ConfigError listing every problem. */
export function parseConfig(document: unknown, source: string): Config {
  const problems: import("./config-error").ConfigProblem[] = [];
  const config = CONFIG_SCHEMA.parse(document, "", problems);
  if (config === undefined || problems.length > 0) throw new ConfigError(source, problems);
  const crossProblems = crossCheck(config);
  if (crossProblems.length > 0) throw new ConfigError(source, crossProblems);
  return config;
}

/** Reads and validates a JSON config file, or the built-in default when no path is given. */
export function loadConfig(path?: string): { readonly config: Config; readonly source: string } {
  if (path === undefined || path === "") return { config: parseConfig(DEFAULT_CONFIG, BUILT_IN_DEFAULT), source: BUILT_IN_DEFAULT };
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new ConfigError(path, [
      { setting: "(file)", value: JSON.stringify(path), allowed: `a readable file (${(e as NodeJS.ErrnoException).code ?? String(e)})` },
    ]);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(path, [{ setting: "(file)", value: "its text", allowed: `valid JSON (${(e as Error).message})` }]);
  }
  const duplicates = duplicateKeys(text);
  if (duplicates.length > 0) {
    throw new ConfigError(
      path,
      duplicates.map((d) => ({
        setting: d.setting,
        value: `${JSON.stringify(d.key)} given twice`,
        allowed: "each key once per object (JSON keeps only the last, silently)",
      })),
    );
  }
  return { config: parseConfig(document, path), source: path };
}

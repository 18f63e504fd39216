/** The guarded workflow's options are not set with the seed workflow, which has none (they would be ignored). */
import type { Config } from "../config-schema";
import type { ConfigProblem } from "../config-error";
import { refuse } from "./config-rule";

const GUARDED_ONLY = ["dry_run", "exemption_tag", "min_healthy_tasks"] as const;

export function ecsSeedWorkflowOptions(config: Config): ConfigProblem[] {
  const stop = config.ecs_auto_stop;
  if (stop.workflow !== "seed") return [];
  return GUARDED_ONLY.filter((key) => stop[key] !== undefined).map((key) =>
    refuse(`ecs_auto_stop.${key}`, stop[key], 'no value with workflow "seed" (set ecs_auto_stop.workflow to "guarded")'),
  );
}

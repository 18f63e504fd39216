/**
 * The safety rails go in front of a workflow's action, after its dry-run switch (functions/safety-rails/compose.ts):
 * the seed ECS workflow has none, and must stay byte for byte the seed's. With the ECS pipeline on the seed
 * workflow, the rails that would apply to it are refused.
 */
import type { ConfigProblem } from "../config-error";
import type { Config } from "../config-schema";
import { refuse } from "./config-rule";

export function safetyRailsEcsWorkflow(config: Config): ConfigProblem[] {
  const stop = config.ecs_auto_stop;
  if (!stop.enabled || stop.workflow !== "seed") return [];
  const rails = config.safety_rails;
  const allowed = 'no value while ecs_auto_stop.workflow is "seed" (the seed workflow has no place for safety rails: set ecs_auto_stop.workflow to "guarded")';
  return [
    ...(rails.kill_switch ? [refuse("safety_rails.kill_switch", true, `false ${allowed.slice("no value ".length)}`)] : []),
    ...(rails.blast_radius_cap.ecs_auto_stop !== undefined
      ? [refuse("safety_rails.blast_radius_cap.ecs_auto_stop", rails.blast_radius_cap.ecs_auto_stop, allowed)]
      : []),
  ];
}

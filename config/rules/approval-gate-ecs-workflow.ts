/**
 * The approval gate goes in front of a workflow's action, after its dry-run switch (functions/safety-rails/compose.ts):
 * the seed ECS workflow has none and must stay byte for byte the seed's. With the ECS pipeline on the seed workflow,
 * an ECS approval gate is refused.
 */
import type { ConfigProblem } from "../config-error";
import type { Config } from "../config-schema";
import { refuse } from "./config-rule";

export function approvalGateEcsWorkflow(config: Config): ConfigProblem[] {
  const stop = config.ecs_auto_stop;
  const gate = config.safety_rails.approval_gate.ecs_auto_stop;
  if (!stop.enabled || stop.workflow !== "seed" || gate === undefined) return [];
  return [
    refuse(
      "safety_rails.approval_gate.ecs_auto_stop",
      gate,
      'no value while ecs_auto_stop.workflow is "seed" (the seed workflow has no place for an approval gate: set ecs_auto_stop.workflow to "guarded")',
    ),
  ];
}

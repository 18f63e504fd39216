/** An approval gate is set only for a pipeline that is deployed (it would otherwise be ignored). */
import type { ConfigProblem } from "../config-error";
import type { Config } from "../config-schema";
import { refuse } from "./config-rule";

const PIPELINES = ["ecs_auto_stop", "ec2_isolation", "eks_containment"] as const;

export function approvalGateDeployed(config: Config): ConfigProblem[] {
  const gates = config.safety_rails.approval_gate;
  return PIPELINES.filter((pipeline) => gates[pipeline] !== undefined && !config[pipeline].enabled).map((pipeline) =>
    refuse(`safety_rails.approval_gate.${pipeline}`, gates[pipeline], `no value unless ${pipeline}.enabled is true (the gate would be ignored)`),
  );
}

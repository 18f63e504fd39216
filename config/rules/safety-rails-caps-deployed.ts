/** A blast-radius cap is set only for a pipeline that is deployed (it would otherwise be ignored). */
import type { ConfigProblem } from "../config-error";
import type { Config } from "../config-schema";
import { refuse } from "./config-rule";

const PIPELINES = ["ecs_auto_stop", "ec2_isolation", "eks_containment"] as const;

export function safetyRailsCapsDeployed(config: Config): ConfigProblem[] {
  const caps = config.safety_rails.blast_radius_cap;
  return PIPELINES.filter((pipeline) => caps[pipeline] !== undefined && !config[pipeline].enabled).map((pipeline) =>
    refuse(`safety_rails.blast_radius_cap.${pipeline}`, caps[pipeline], `no value unless ${pipeline}.enabled is true (the cap would be ignored)`),
  );
}

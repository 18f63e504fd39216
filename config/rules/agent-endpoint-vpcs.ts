/** One guardduty-data endpoint per VPC: a second one would only duplicate the first (one agent endpoint serves the whole VPC). */
import type { Config } from "../config-schema";
import type { ConfigProblem } from "../config-error";
import { refuse } from "./config-rule";

export function agentEndpointVpcs(config: Config): ConfigProblem[] {
  const seen = new Set<string>();
  return config.agent_endpoints.flatMap((e, i) => {
    const repeated = seen.has(e.vpc_id);
    seen.add(e.vpc_id);
    return repeated ? [refuse(`agent_endpoints[${i}].vpc_id`, e.vpc_id, "a VPC without another agent endpoint (one guardduty-data endpoint per VPC)")] : [];
  });
}

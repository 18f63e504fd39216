/** Each agent endpoint has its own name: the name keys its resources in the stack. */
import type { Config } from "../config-schema";
import type { ConfigProblem } from "../config-error";
import { refuse } from "./config-rule";

export function agentEndpointNames(config: Config): ConfigProblem[] {
  const seen = new Set<string>();
  return config.agent_endpoints.flatMap((e, i) => {
    const repeated = seen.has(e.name);
    seen.add(e.name);
    return repeated ? [refuse(`agent_endpoints[${i}].name`, e.name, "a name not used by another agent endpoint")] : [];
  });
}

/** Each account is listed once in deployments: its regions go in one entry (two entries would plan two stacks per region). */
import type { Config } from "../config-schema";
import type { ConfigProblem } from "../config-error";
import { refuse } from "./config-rule";

export function deploymentAccounts(config: Config): ConfigProblem[] {
  const seen = new Set<string>();
  return config.deployments.flatMap((d, i) => {
    const repeated = seen.has(d.account_id);
    seen.add(d.account_id);
    return repeated ? [refuse(`deployments[${i}].account_id`, d.account_id, "an account not listed twice (list all its regions in one entry)")] : [];
  });
}

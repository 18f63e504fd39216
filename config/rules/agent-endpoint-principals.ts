/** An agent endpoint's policy admits either listed accounts or one organization, not both. */
import type { Config } from "../config-schema";
import type { ConfigProblem } from "../config-error";
import { refuse } from "./config-rule";

export function agentEndpointPrincipals(config: Config): ConfigProblem[] {
  return config.agent_endpoints.flatMap((e, i) =>
    e.allowed_account_ids !== undefined && e.organization_id !== undefined
      ? [
          refuse(
            `agent_endpoints[${i}].organization_id`,
            e.organization_id,
            "no value when allowed_account_ids is set: the endpoint policy admits either listed accounts or one organization",
          ),
        ]
      : [],
  );
}

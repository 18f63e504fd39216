/** A deployment's role is in that deployment's account (the stack's provider allows only that account). */
import type { Config } from "../config-schema";
import type { ConfigProblem } from "../config-error";
import { refuse } from "./config-rule";
import { arnParts } from "./deployment-targets";

export function deploymentRoleAccounts(config: Config): ConfigProblem[] {
  return config.deployments.flatMap((d, i) =>
    d.assume_role_arn !== undefined && arnParts(d.assume_role_arn).account !== d.account_id
      ? [refuse(`deployments[${i}].assume_role_arn`, d.assume_role_arn, `a role in account ${d.account_id}`)]
      : [],
  );
}

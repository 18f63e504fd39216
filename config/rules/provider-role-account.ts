/** The role the provider assumes is in the account the stack deploys to (account_id), or the provider's allowed_account_ids would refuse it. */
import type { Config } from "../config-schema";
import type { ConfigProblem } from "../config-error";
import { refuse } from "./config-rule";
import { arnParts } from "./deployment-targets";

export function providerRoleAccount(config: Config): ConfigProblem[] {
  const role = config.provider.assume_role_arn;
  if (role === undefined || config.account_id === undefined || arnParts(role).account === config.account_id) return [];
  return [refuse("provider.assume_role_arn", role, `a role in account ${config.account_id} (account_id)`)];
}

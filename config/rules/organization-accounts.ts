/**
 * The organization's accounts: the config deploys to the delegated administrator (its stacks carry the
 * organization settings) or to the management account (its stacks designate the administrator: a config per
 * account, as one workspace per account has it), and they are two accounts (AWS recommends against delegating
 * GuardDuty to the management account).
 */
import type { Config } from "../config-schema";
import type { ConfigProblem } from "../config-error";
import { refuse } from "./config-rule";

export function organizationAccounts(config: Config): ConfigProblem[] {
  const org = config.organization;
  if (org === undefined) return [];
  const problems: ConfigProblem[] = [];
  const multi = config.deployments.length > 0;
  const accounts = multi ? config.deployments.map((d) => d.account_id) : config.account_id !== undefined ? [config.account_id] : [];
  if (org.management_account_id !== undefined && org.management_account_id === org.delegated_admin_account_id) {
    problems.push(
      refuse(
        "organization.management_account_id",
        org.management_account_id,
        "an account other than the delegated administrator (AWS recommends not delegating GuardDuty to the management account)",
      ),
    );
  }
  const managementDeployed = org.management_account_id !== undefined && accounts.includes(org.management_account_id);
  if (!accounts.includes(org.delegated_admin_account_id) && !managementDeployed) {
    problems.push(
      refuse(
        "organization.delegated_admin_account_id",
        org.delegated_admin_account_id,
        `an account this config deploys to (${multi ? "deployments[].account_id" : "account_id"}): the organization settings live in its stacks (or deploy to management_account_id, whose stacks designate it)`,
      ),
    );
  }
  return problems;
}

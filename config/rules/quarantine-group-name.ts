/**
 * ec2_isolation.quarantine_security_group_name is a name the EC2 isolation workflow accepts: one rule,
 * functions/aws/security-group-name.ts, for the loader and the workflow builder.
 */
import { isQuarantineGroupName, QUARANTINE_GROUP_NAME_ALLOWED } from "../../functions/aws/security-group-name";
import type { Config } from "../config-schema";
import type { ConfigProblem } from "../config-error";
import { refuse } from "./config-rule";

export function quarantineGroupName(config: Config): ConfigProblem[] {
  const name = config.ec2_isolation.quarantine_security_group_name;
  return name === undefined || isQuarantineGroupName(name) ? [] : [refuse("ec2_isolation.quarantine_security_group_name", name, QUARANTINE_GROUP_NAME_ALLOWED)];
}

/**
 * The EC2 isolation tag differs from the exemption tag (an isolated instance would read as exempt) and is
 * not a tag the workflow writes itself (evidence and quarantine tags): the checks the workflow builder
 * makes (functions/ec2-isolate-instance/state-machine.ts), here with the config's setting names.
 */
import {
  EC2_EVIDENCE_TAG_KEYS,
  EC2_ISOLATION_DEFAULT_EXEMPTION_TAG,
  EC2_ISOLATION_DEFAULT_ISOLATION_TAG,
  EC2_QUARANTINE_GROUP_TAG,
} from "../../functions/ec2-isolate-instance/state-machine";
import type { Config } from "../config-schema";
import type { ConfigProblem } from "../config-error";
import { refuse } from "./config-rule";

export function ec2IsolationTags(config: Config): ConfigProblem[] {
  const ec2 = config.ec2_isolation;
  const exemption = ec2.exemption_tag ?? EC2_ISOLATION_DEFAULT_EXEMPTION_TAG;
  const isolation = ec2.isolation_tag ?? EC2_ISOLATION_DEFAULT_ISOLATION_TAG;
  const problems: ConfigProblem[] = [];
  if (isolation.key === exemption.key && isolation.value === exemption.value) {
    problems.push(
      refuse(
        "ec2_isolation.isolation_tag",
        isolation,
        `a tag other than the exemption tag ${exemption.key}=${exemption.value} (ec2_isolation.exemption_tag): an isolated instance would read as exempt`,
      ),
    );
  }
  const written = [...Object.values(EC2_EVIDENCE_TAG_KEYS), EC2_QUARANTINE_GROUP_TAG.key];
  if (written.includes(isolation.key)) {
    problems.push(refuse("ec2_isolation.isolation_tag.key", isolation.key, `a key other than ${written.join(", ")} (the workflow writes those itself)`));
  }
  return problems;
}

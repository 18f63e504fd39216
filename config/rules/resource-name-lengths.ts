/**
 * Every resource name a stack of this config writes fits its AWS limit (64-character IAM role and
 * EventBridge rule names, ...). The names come from functions/naming/resource-names.ts, the functions
 * the constructs name their resources with, so what is accepted here is what synthesizes and applies.
 */
import { namesOverLimit, NameTooLong, pipelineNamesToCheck, PipelineKind, ResourceName, stackResourceNames } from "../../functions/naming/resource-names";
import type { Config } from "../config-schema";
import type { ConfigProblem } from "../config-error";
import { refuse } from "./config-rule";

/** The names one stack in `region` would write, for the parts the config turns on. */
function namesInRegion(config: Config, region: string): ResourceName[] {
  const names = stackResourceNames({ name: config.name, environment: config.environment, region });
  const pipelines: PipelineKind[] = [];
  if (config.ecs_auto_stop.enabled) pipelines.push("ecs");
  if (config.ec2_isolation.enabled) pipelines.push("ec2");
  if (config.eks_containment.enabled) pipelines.push("eks");
  const n = config.notifications;
  const notifying = pipelines.length > 0 || n.coverage_unhealthy;
  return [
    ...pipelines.flatMap((kind) => pipelineNamesToCheck(names.pipelines[kind])),
    ...(notifying && n.existing_topic_arn === undefined ? [{ kind: "snsTopic" as const, name: names.topic }] : []),
    ...(notifying && n.encrypt && n.existing_kms_key_arn === undefined ? [{ kind: "kmsAlias" as const, name: names.kmsAlias }] : []),
    ...(n.coverage_unhealthy ? [{ kind: "eventRule" as const, name: names.coverageRule }] : []),
    ...(config.ec2_isolation.enabled && config.ec2_isolation.quarantine_security_group_name === undefined
      ? [{ kind: "securityGroup" as const, name: names.quarantineSecurityGroup }]
      : []),
  ];
}

/** The regions this config deploys to: each deployment's, or `region`. */
function regionsOf(config: Config): string[] {
  const regions = config.deployments.length > 0 ? config.deployments.flatMap((d) => d.regions ?? [config.region]) : [config.region];
  return [...new Set(regions)];
}

export function resourceNameLengths(config: Config): ConfigProblem[] {
  let worst: { tooLong: NameTooLong; region: string } | undefined;
  for (const region of regionsOf(config)) {
    const [tooLong] = namesOverLimit(namesInRegion(config, region));
    const overshoot = (t: NameTooLong) => t.name.length - t.limit.maxLength;
    if (tooLong !== undefined && (worst === undefined || overshoot(tooLong) > overshoot(worst.tooLong))) worst = { tooLong, region };
  }
  if (worst === undefined) return [];
  const { tooLong, region } = worst;
  const maxNameLength = config.name.length - (tooLong.name.length - tooLong.limit.maxLength);
  return [
    refuse(
      "name",
      config.name,
      `a name of at most ${maxNameLength} characters with environment "${config.environment}" in ${region}: the ${tooLong.limit.label} "${tooLong.name}" would be ${tooLong.name.length} characters, and AWS allows ${tooLong.limit.maxLength}`,
    ),
  ];
}

/**
 * Every resource name the app and the registry module write, from one place: the constructs name their
 * resources with these functions and the config loader checks the same names against AWS's limits, so
 * the two cannot drift.
 *
 * Scope decides what must differ between stacks. IAM role names are unique per account across every
 * region ("IAM user, group, role, and policy names must be unique within the account", IAM CreateRole
 * RoleName, https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html), so two stacks of
 * one account in two regions need different role names: they carry a short code of their region. Every
 * other name here is regional (state machine, rule, topic, queue, key alias, log group, alarm) or
 * scoped to a role, a VPC or a cluster, and stacks of one config never share an account and region.
 */

/** What a resource's name is unique in. */
export type NameScope = "account" | "region" | "vpc" | "role";

/** An AWS name limit we rely on. */
export interface NameLimit {
  /** What AWS calls the name, for messages: "IAM role name". */
  readonly label: string;
  readonly maxLength: number;
  readonly scope: NameScope;
  /** Where AWS documents the limit. */
  readonly source: string;
}

export const NAME_LIMITS = {
  // IAM CreateRole RoleName: 1-64 characters of [\w+=,.@-], unique per account (all regions).
  iamRole: { label: "IAM role name", maxLength: 64, scope: "account", source: "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html" },
  // Inline policy names are unique per role only (IAM quotas, "IAM name requirements"): fixed names are fine.
  iamInlinePolicy: {
    label: "IAM inline policy name",
    maxLength: 128,
    scope: "role",
    source: "https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html",
  },
  // Step Functions state machine names: 1-80 characters, unique per account and region.
  stateMachine: {
    label: "Step Functions state machine name",
    maxLength: 80,
    scope: "region",
    source: "https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateStateMachine.html",
  },
  // EventBridge rule names: 1-64 of [.\-_A-Za-z0-9], unique per event bus (regional).
  eventRule: {
    label: "EventBridge rule name",
    maxLength: 64,
    scope: "region",
    source: "https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html",
  },
  // SQS queue names: up to 80 of alphanumerics, - and _, unique per account and region.
  sqsQueue: {
    label: "SQS queue name",
    maxLength: 80,
    scope: "region",
    source: "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html",
  },
  // SNS topic names: up to 256 characters, unique per account and region.
  snsTopic: { label: "SNS topic name", maxLength: 256, scope: "region", source: "https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html" },
  // KMS alias names (with alias/): up to 256 characters, unique per account and region.
  kmsAlias: { label: "KMS alias name", maxLength: 256, scope: "region", source: "https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html" },
  // CloudWatch Logs log group names: up to 512 characters, regional.
  logGroup: {
    label: "CloudWatch Logs log group name",
    maxLength: 512,
    scope: "region",
    source: "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html",
  },
  // CloudWatch alarm names: up to 255 characters, regional.
  alarm: {
    label: "CloudWatch alarm name",
    maxLength: 255,
    scope: "region",
    source: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html",
  },
  // Security group names: up to 255 characters, unique per VPC.
  securityGroup: {
    label: "EC2 security group name",
    maxLength: 255,
    scope: "vpc",
    source: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html",
  },
} as const satisfies Record<string, NameLimit>;

export type NameKind = keyof typeof NAME_LIMITS;

/** Short codes of the words of region names: ap-northeast-1 -> apne1, us-gov-west-1 -> usgw1. */
export const REGION_WORD_CODES: Readonly<Record<string, string>> = {
  gov: "g",
  north: "n",
  south: "s",
  east: "e",
  west: "w",
  central: "c",
  northeast: "ne",
  northwest: "nw",
  southeast: "se",
  southwest: "sw",
};

/**
 * A short code for a region: each word of its name shortened (see REGION_WORD_CODES), others kept
 * whole, joined without hyphens. Distinct regions get distinct codes: the words each region name is
 * made of shorten to distinct codes, none of which is a prefix of another where it matters
 * (`__tests__/functions/naming` checks every region name the config accepts).
 */
export function regionCode(region: string): string {
  if (!/^[a-z]+(-[a-z]+)+-\d+$/.test(region)) throw new Error(`regionCode: "${region}" is not a region name like ap-northeast-1`);
  return region
    .split("-")
    .map((word) => REGION_WORD_CODES[word] ?? word)
    .join("");
}

/** The three response pipelines. */
export type PipelineKind = "ecs" | "ec2" | "eks";
export const PIPELINE_KINDS: readonly PipelineKind[] = ["ecs", "ec2", "eks"];

/** The first part of a pipeline's names: the ECS pipeline keeps the seed's `<namePrefix>`, the others add their kind. */
export function pipelineBaseName(namePrefix: string, kind: PipelineKind): string {
  return kind === "ecs" ? namePrefix : `${namePrefix}-${kind}`;
}

/** One named resource: what it is, its name, and its limit. */
export interface ResourceName {
  readonly kind: NameKind;
  readonly name: string;
}

/** Names of one response pipeline's resources. */
export interface PipelineResourceNames {
  readonly stateMachine: string;
  readonly logGroup: string;
  readonly rule: string;
  /** Account-global: carries the region code. */
  readonly stateMachineRole: string;
  /** Account-global: carries the region code. */
  readonly eventsRole: string;
  readonly deadLetterQueue: string;
  /** The alarm named with `id`, e.g. `executions-failed`. */
  alarm(id: string): string;
}

/** Names of a pipeline's resources: `base` from pipelineBaseName, `region` the stack's region (a literal). */
export function pipelineResourceNames(base: string, region: string): PipelineResourceNames {
  const code = regionCode(region);
  return {
    stateMachine: `${base}-state-machine`,
    // Step Functions recommends the /aws/vendedlogs/ prefix: it keeps the logs resource policy small.
    logGroup: `/aws/vendedlogs/states/${base}-state-machine`,
    rule: `${base}-rule`,
    stateMachineRole: `${base}-${code}-sfn-role`,
    eventsRole: `${base}-${code}-events-role`,
    deadLetterQueue: deadLetterQueueName(base),
    alarm: (id) => alarmName(base, id),
  };
}

/** The dead-letter queue of a pipeline (regional). */
export function deadLetterQueueName(base: string): string {
  return `${base}-dead-letters`;
}

/** A pipeline's alarm (regional). */
export function alarmName(base: string, id: string): string {
  return `${base}-${id}`;
}

/** The topic and key alias every response reports through (both regional). */
export function notificationResourceNames(namePrefix: string): { readonly topic: string; readonly kmsAlias: string } {
  return { topic: `${namePrefix}-topic`, kmsAlias: `alias/${namePrefix}-response` };
}

/** The rule that sends coverage-unhealthy events to the topic (regional). */
export function coverageRuleName(namePrefix: string): string {
  return `${namePrefix}-coverage-unhealthy`;
}

/** The quarantine security group EC2 isolation finds or creates in an instance's VPC (unique per VPC). */
export function quarantineSecurityGroupName(namePrefix: string): string {
  return `${namePrefix}-quarantine`;
}

/** The alarm ids every pipeline may raise; the longest decides the alarm name length. */
export const PIPELINE_ALARM_IDS = [
  "executions-failed",
  "executions-timed-out",
  "executions-throttled",
  "executions-aborted",
  "rule-failed-invocations",
  "dead-lettering-failed",
  "dead-letters",
] as const;

/** What a stack is named from: the config's `name`, `environment` and `region`. */
export interface StackNaming {
  readonly name: string;
  readonly environment: string;
  readonly region: string;
}

/** Every name of one stack's resources, for the pipelines and optional parts it has. */
export interface StackResourceNames {
  /** `<name>-<environment>`: what the constructs take as `namePrefix`. */
  readonly namePrefix: string;
  readonly topic: string;
  readonly kmsAlias: string;
  readonly coverageRule: string;
  readonly quarantineSecurityGroup: string;
  readonly pipelines: Readonly<Record<PipelineKind, PipelineResourceNames>>;
}

export function stackResourceNames(stack: StackNaming): StackResourceNames {
  const namePrefix = `${stack.name}-${stack.environment}`;
  const notifications = notificationResourceNames(namePrefix);
  return {
    namePrefix,
    ...notifications,
    coverageRule: coverageRuleName(namePrefix),
    quarantineSecurityGroup: quarantineSecurityGroupName(namePrefix),
    pipelines: {
      ecs: pipelineResourceNames(pipelineBaseName(namePrefix, "ecs"), stack.region),
      ec2: pipelineResourceNames(pipelineBaseName(namePrefix, "ec2"), stack.region),
      eks: pipelineResourceNames(pipelineBaseName(namePrefix, "eks"), stack.region),
    },
  };
}

/** The limited names of one pipeline, each with its kind. */
export function pipelineNamesToCheck(names: PipelineResourceNames): ResourceName[] {
  return [
    { kind: "stateMachine", name: names.stateMachine },
    { kind: "logGroup", name: names.logGroup },
    { kind: "eventRule", name: names.rule },
    { kind: "iamRole", name: names.stateMachineRole },
    { kind: "iamRole", name: names.eventsRole },
    { kind: "sqsQueue", name: names.deadLetterQueue },
    ...PIPELINE_ALARM_IDS.map((id) => ({ kind: "alarm" as const, name: names.alarm(id) })),
  ];
}

/** A name longer than AWS allows. */
export interface NameTooLong extends ResourceName {
  readonly limit: NameLimit;
}

/** The names longer than their AWS limit, longest overshoot first. */
export function namesOverLimit(names: readonly ResourceName[]): NameTooLong[] {
  return names
    .map((n) => ({ ...n, limit: NAME_LIMITS[n.kind] as NameLimit }))
    .filter((n) => n.name.length > n.limit.maxLength)
    .sort((a, b) => b.name.length - b.limit.maxLength - (a.name.length - a.limit.maxLength));
}

/**
 * The CDKTF constructs configured like a call of the registry module: the same detector, notifications and ECS
 * auto-stop the module creates for the same arguments, synthesized, with references resolved in a fake account.
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Testing, TerraformStack } from "cdktf";
import type { FindingFilters } from "../../../functions/ecs-stop-task/finding-filters";
import { CoverageHealthNotification } from "../../../modules/coverage-health-notification";
import { EcsTaskAutoStop } from "../../../modules/ecs-task-auto-stop";
import { GuardDutyAgentEndpoint } from "../../../modules/guardduty-agent-endpoint";
import { GuardDutyDetector } from "../../../modules/guardduty-detector";
import { ResponseNotifications } from "../../../modules/response-notifications";
import { SynthesizedStack, TEST_ACCOUNT } from "../../support/synthesized-stack";

/** Arguments of a module call (variable name -> value); unset variables take the module's defaults. */
export type ModuleArguments = Readonly<Record<string, unknown>>;

/** The module's defaults (a test checks them against variables.tf). */
export const DEFAULTS: ModuleArguments = {
  create_detector: true,
  create_ecs_auto_stop: true,
  detector_id: null,
  finding_publishing_frequency: null,
  enable_runtime_monitoring: true,
  eks_addon_management: true,
  ec2_agent_management: true,
  ecs_fargate_agent_management: true,
  detector_features: {},
  agent_endpoints: {},
  workflow: "seed",
  dry_run: false,
  exemption_tag: null,
  min_healthy_tasks: null,
  cluster_arns: [],
  min_severity: null,
  finding_types: [],
  exclude_finding_types: [],
  filter_cluster_arns: [],
  exclude_cluster_arns: [],
  account_ids: [],
  notification_emails: [],
  notify_coverage_unhealthy: false,
  create_topic: true,
  existing_topic_arn: null,
  create_kms_key: true,
  kms_key_arn: null,
  create_dead_letter_queue: true,
  maximum_event_age_in_seconds: 86400,
  maximum_retry_attempts: 185,
  create_alarms: true,
  log_retention_in_days: 365,
  log_level: "ALL",
  include_execution_data: false,
  tracing_enabled: false,
  tags: {},
};

const tagsOf = (a: Record<string, any>) => (Object.keys(a.tags).length > 0 ? (a.tags as Record<string, string>) : undefined);
const list = (v: unknown) => (Array.isArray(v) && v.length > 0 ? (v as string[]) : undefined);
const orUndefined = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

/** The finding filters the module's filter variables stand for. */
export function filtersOf(args: ModuleArguments): FindingFilters {
  const a = { ...DEFAULTS, ...args } as Record<string, any>;
  return Object.fromEntries(
    Object.entries({
      minSeverity: orUndefined(a.min_severity),
      findingTypes: list(a.finding_types),
      excludeFindingTypes: list(a.exclude_finding_types),
      clusterArns: list(a.filter_cluster_arns),
      excludeClusterArns: list(a.exclude_cluster_arns),
      accountIds: list(a.account_ids),
    }).filter(([, v]) => v !== undefined),
  ) as FindingFilters;
}

/** An entry of the module's agent_endpoints (optional attributes null, as Terraform gives them). */
export interface AgentEndpointArguments {
  readonly vpc_id: string;
  readonly subnet_ids: string[];
  readonly allowed_cidrs?: string[] | null;
  readonly allowed_account_ids?: string[] | null;
  readonly organization_id?: string | null;
  readonly private_dns_enabled?: boolean | null;
}

/** Synthesizes the constructs for these module arguments (ECS auto-stop on). */
export function synthesizeTwin(args: ModuleArguments & { name_prefix: string }): SynthesizedStack {
  const a = { ...DEFAULTS, ...args } as Record<string, any>;
  const stack = new TerraformStack(Testing.app(), "twin");
  new AwsProvider(stack, "aws", { region: TEST_ACCOUNT.region });
  new GuardDutyDetector(stack, "detector", {
    existingDetectorId: a.create_detector ? undefined : a.detector_id,
    findingPublishingFrequency: orUndefined(a.finding_publishing_frequency),
    runtimeMonitoring: a.enable_runtime_monitoring,
    eksAddonManagement: a.eks_addon_management,
    ec2AgentManagement: a.ec2_agent_management,
    ecsFargateAgentManagement: a.ecs_fargate_agent_management,
    features: a.detector_features,
    tags: tagsOf(a),
  });
  const notifications = new ResponseNotifications(stack, "notifications", {
    namePrefix: a.name_prefix,
    existingTopicArn: orUndefined(a.existing_topic_arn),
    existingKmsKeyArn: orUndefined(a.kms_key_arn),
    encrypt: a.create_kms_key || a.kms_key_arn !== null,
    notificationEmails: a.notification_emails,
    tags: tagsOf(a),
  });
  for (const [name, e] of Object.entries(a.agent_endpoints as Record<string, AgentEndpointArguments>)) {
    new GuardDutyAgentEndpoint(stack, `agent-endpoint-${name}`, {
      region: TEST_ACCOUNT.region,
      vpcId: e.vpc_id,
      subnetIds: e.subnet_ids,
      allowedCidrs: orUndefined(e.allowed_cidrs ?? null),
      allowedAccountIds: orUndefined(e.allowed_account_ids ?? null),
      organizationId: orUndefined(e.organization_id ?? null),
      privateDnsEnabled: e.private_dns_enabled ?? true,
      tags: tagsOf(a),
    });
  }
  if (a.notify_coverage_unhealthy) new CoverageHealthNotification(stack, "coverage-health", { namePrefix: a.name_prefix, notifications, tags: tagsOf(a) });
  const guarded = a.workflow === "guarded";
  new EcsTaskAutoStop(stack, "ecs-auto-stop", {
    namePrefix: a.name_prefix,
    notifications,
    workflow: a.workflow,
    guarded: guarded ? { dryRun: a.dry_run, exemptionTag: orUndefined(a.exemption_tag), minHealthyTasks: orUndefined(a.min_healthy_tasks) } : undefined,
    clusterArns: list(a.cluster_arns),
    filters: filtersOf(a),
    deadLetterQueue: a.create_dead_letter_queue ? undefined : false,
    maximumEventAgeInSeconds: a.maximum_event_age_in_seconds,
    maximumRetryAttempts: a.maximum_retry_attempts,
    alarms: a.create_alarms,
    logRetentionInDays: a.log_retention_in_days,
    logLevel: a.log_level,
    includeExecutionData: a.include_execution_data,
    tracing: a.tracing_enabled,
    tags: tagsOf(a),
  });
  return new SynthesizedStack(stack);
}

/** The module's context locals (main.tf) as the twin's references resolve: same account, same ARNs. */
export function contextOf(twin: SynthesizedStack, args: ModuleArguments): Record<string, string | null> {
  const a = { ...DEFAULTS, ...args } as Record<string, any>;
  const arnOf = (type: string, suffix = "") => {
    const r = twin.resources(type).find((x) => String(x.values.name ?? "").endsWith(suffix));
    return r === undefined ? null : String(twin.resolveReference(`${type}.${r.name}.arn`));
  };
  return {
    partition: TEST_ACCOUNT.partition,
    region: TEST_ACCOUNT.region,
    account_id: TEST_ACCOUNT.accountId,
    detector_id: "0123456789abcdef0123456789abcdef",
    kms_key_arn: a.kms_key_arn ?? arnOf("aws_kms_key"),
    topic_arn: a.existing_topic_arn ?? arnOf("aws_sns_topic"),
    state_machine_role_arn: arnOf("aws_iam_role", "-sfn-role"),
    state_machine_arn: arnOf("aws_sfn_state_machine"),
    dead_letter_queue_arn: arnOf("aws_sqs_queue"),
  };
}

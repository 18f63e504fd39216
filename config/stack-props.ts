/**
 * The one place the config becomes construct props: a stack plan (config/stack-plans.ts) in, the
 * props of its RuntimeMonitoringStack out. The constructs never see the config.
 */
import { partitionOfRegion } from "../functions/aws/partition";
import { stackResourceNames } from "../functions/naming/resource-names";
import type { RuntimeMonitoringStackProps } from "../modules/runtime-monitoring-stack";
import type { StateBackendSettings } from "../modules/state-backend";
import type { Config } from "./config-schema";
import type { StackPlan } from "./stack-plans";

type ResponseSection = Config["ecs_auto_stop"] | Config["ec2_isolation"] | Config["eks_containment"];

export function stackPropsOf(plan: StackPlan): RuntimeMonitoringStackProps {
  const config = plan.config;
  const d = config.detector;
  const rm = d.runtime_monitoring;
  const org = config.organization;
  const n = config.notifications;
  const stop = config.ecs_auto_stop;
  const ec2 = config.ec2_isolation;
  const eks = config.eks_containment;
  const consoleDomain = consoleDomainOf(config.region);
  return {
    region: config.region,
    namePrefix: stackResourceNames(config).namePrefix,
    allowedAccountIds: config.account_id !== undefined ? [config.account_id] : undefined,
    assumeRoleArn: config.provider.assume_role_arn,
    assumeRoleSessionName: config.provider.assume_role_arn !== undefined ? config.provider.assume_role_session_name : undefined,
    defaultTags: Object.keys(config.default_tags).length > 0 ? { ...config.default_tags } : undefined,
    stateBackend: stateBackendOf(config),
    // create false without an id: a detector GuardDuty enabled itself (config/stack-plans.ts), looked up.
    lookUpExistingDetector: d.create === false && d.existing_detector_id === undefined,
    detector: {
      existingDetectorId: d.existing_detector_id,
      importExistingDetector: d.import_existing,
      findingPublishingFrequency: d.finding_publishing_frequency,
      runtimeMonitoring: rm.enabled,
      eksAddonManagement: rm.eks_addon_management,
      ec2AgentManagement: rm.ec2_agent_management,
      ecsFargateAgentManagement: rm.ecs_fargate_agent_management,
      features: d.features,
      region: config.region,
    },
    delegatedAdministratorAccountId: plan.organizationManagement && org !== undefined ? org.delegated_admin_account_id : undefined,
    organization:
      plan.organizationAdmin && org !== undefined
        ? {
            autoEnableMembers: org.auto_enable_members,
            runtimeMonitoring: org.runtime_monitoring,
            eksAddonManagement: org.eks_addon_management,
            ec2AgentManagement: org.ec2_agent_management,
            ecsFargateAgentManagement: org.ecs_fargate_agent_management,
          }
        : undefined,
    agentEndpoints: config.agent_endpoints.map((e) => ({
      name: e.name,
      vpcId: e.vpc_id,
      subnetIds: e.subnet_ids,
      allowedCidrs: e.allowed_cidrs,
      allowedAccountIds: e.allowed_account_ids,
      organizationId: e.organization_id,
      privateDnsEnabled: e.private_dns_enabled,
      eksAddonClusterNames: e.eks_addon?.cluster_names,
      eksAddonVersion: e.eks_addon?.addon_version,
    })),
    notifications: {
      existingTopicArn: n.existing_topic_arn,
      existingKmsKeyArn: n.existing_kms_key_arn,
      encrypt: n.encrypt,
      notificationEmails: n.emails,
    },
    coverageHealthNotification: n.coverage_unhealthy ? {} : undefined,
    ecsAutoStop: stop.enabled
      ? {
          workflow: stop.workflow,
          guarded:
            stop.workflow === "guarded"
              ? { dryRun: stop.dry_run, exemptionTag: stop.exemption_tag, minHealthyTasks: stop.min_healthy_tasks, consoleDomain }
              : undefined,
          clusterArns: stop.cluster_arns,
          filters: {
            minSeverity: stop.filters.min_severity,
            findingTypes: stop.filters.finding_types,
            excludeFindingTypes: stop.filters.exclude_finding_types,
            clusterArns: stop.filters.cluster_arns,
            excludeClusterArns: stop.filters.exclude_cluster_arns,
            accountIds: stop.filters.account_ids,
          },
          ...deliveryPropsOf(stop),
        }
      : undefined,
    ec2Isolation: ec2.enabled
      ? {
          dryRun: ec2.dry_run,
          quarantineSecurityGroupName: ec2.quarantine_security_group_name,
          exemptionTag: ec2.exemption_tag,
          isolationTag: ec2.isolation_tag,
          includeSelfManagedContainers: ec2.include_self_managed_containers,
          isolateContainerHosts: ec2.isolate_container_hosts,
          containerHostTagKeys: ec2.container_host_tag_keys,
          partition: partitionOfRegion(config.region),
          consoleDomain,
          ...deliveryPropsOf(ec2),
        }
      : undefined,
    eksContainment: eks.enabled
      ? {
          clusterNames: eks.cluster_names,
          namespaces: eks.namespaces,
          action: eks.action,
          protectedNamespaces: eks.protected_namespaces,
          dryRun: eks.dry_run,
          exemptionLabel: eks.exemption_label,
          isolationLabel: eks.isolation_label,
          consoleDomain,
          ...deliveryPropsOf(eks),
        }
      : undefined,
    safetyRails: safetyRailsOf(config),
  };
}

/** The safety rails: none unless the kill switch or a cap of an enabled pipeline is set (docs/safety-rails.md). */
function safetyRailsOf(config: Config): RuntimeMonitoringStackProps["safetyRails"] {
  const rails = config.safety_rails;
  const cap = (enabled: boolean, setting: { max_actions: number; window: "minute" | "hour" | "day" } | undefined) =>
    enabled && setting !== undefined ? { maxActions: setting.max_actions, window: setting.window } : undefined;
  const blastRadiusCaps = {
    ecsAutoStop: cap(config.ecs_auto_stop.enabled, rails.blast_radius_cap.ecs_auto_stop),
    ec2Isolation: cap(config.ec2_isolation.enabled, rails.blast_radius_cap.ec2_isolation),
    eksContainment: cap(config.eks_containment.enabled, rails.blast_radius_cap.eks_containment),
  };
  const { approvalGates, approvers } = approvalGatesOf(config);
  if (!rails.kill_switch && Object.values(blastRadiusCaps).every((c) => c === undefined) && approvalGates === undefined) return undefined;
  return { killSwitch: rails.kill_switch, blastRadiusCaps, ...(approvalGates === undefined ? {} : { approvalGates, approvers }) };
}

/** The approval gates of the enabled pipelines and who may answer them (docs/approval-gate.md); none: undefined. */
function approvalGatesOf(config: Config): Pick<NonNullable<RuntimeMonitoringStackProps["safetyRails"]>, "approvalGates" | "approvers"> {
  const gates = config.safety_rails.approval_gate;
  type Gate = NonNullable<typeof gates.ecs_auto_stop>;
  const gate = (enabled: boolean, setting: Gate | undefined) =>
    enabled && setting !== undefined
      ? { timeoutSeconds: setting.timeout_seconds, onTimeout: setting.on_timeout, minSeverity: setting.min_severity }
      : undefined;
  const approvalGates = {
    ecsAutoStop: gate(config.ecs_auto_stop.enabled, gates.ecs_auto_stop),
    ec2Isolation: gate(config.ec2_isolation.enabled, gates.ec2_isolation),
    eksContainment: gate(config.eks_containment.enabled, gates.eks_containment),
  };
  if (Object.values(approvalGates).every((g) => g === undefined)) return {};
  return {
    approvalGates,
    approvers: { roleNames: gates.approver_role_names, groupNames: gates.approver_group_names, requireMfa: gates.require_mfa },
  };
}

/** The AWS console's domain for links in notices: GovCloud has its own console. */
export function consoleDomainOf(region: string): string {
  return partitionOfRegion(region) === "aws-us-gov" ? "console.amazonaws-us-gov.com" : "console.aws.amazon.com";
}

/** The delivery, alarm and logging settings every pipeline section of the config shares. */
function deliveryPropsOf(section: ResponseSection) {
  return {
    deadLetterQueue: section.dead_letter_queue ? undefined : (false as const),
    maximumEventAgeInSeconds: section.maximum_event_age_in_seconds,
    maximumRetryAttempts: section.maximum_retry_attempts,
    alarms: section.alarms,
    logRetentionInDays: section.log_retention_in_days,
    logLevel: section.log_level,
    includeExecutionData: section.include_execution_data,
    tracing: section.tracing,
  };
}

function stateBackendOf(config: Config): StateBackendSettings {
  const b = config.backend;
  switch (b.type) {
    case "cloud":
      return { type: "cloud", hostname: b.hostname, organization: b.organization, project: b.project, workspace: b.workspace, workspaceTags: b.workspace_tags };
    case "s3":
      // The loader requires bucket with type s3 (config/rules).
      return {
        type: "s3",
        bucket: b.bucket!,
        keyPrefix: b.key_prefix,
        region: b.s3_region ?? config.region,
        useLockfile: b.use_lockfile,
        dynamodbTable: b.dynamodb_table,
        kmsKeyArn: b.kms_key_arn,
      };
    default:
      return { type: "local" };
  }
}

import { DataAwsGuarddutyDetector } from "@cdktf/provider-aws/lib/data-aws-guardduty-detector";
import { GuarddutyOrganizationAdminAccount } from "@cdktf/provider-aws/lib/guardduty-organization-admin-account";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import type { Config } from "../../config/config-schema";
import { partitionOfRegion } from "../../functions/aws/partition";
import { stackResourceNames } from "../../functions/naming/resource-names";
import { CoverageHealthNotification } from "../coverage-health-notification";
import { Ec2InstanceIsolation } from "../ec2-instance-isolation";
import { EcsTaskAutoStop } from "../ecs-task-auto-stop";
import { EksPodContainment } from "../eks-pod-containment";
import { GuardDutyAgentEndpoint } from "../guardduty-agent-endpoint";
import { GuardDutyDetector } from "../guardduty-detector";
import { GuardDutyOrganization } from "../guardduty-organization";
import { ResponseNotifications } from "../response-notifications";
import { configureStateBackend, StateBackendSettings } from "../state-backend";

export interface RuntimeMonitoringStackOptions {
  /** This stack belongs to the delegated administrator: write the organization settings. @default false */
  readonly organizationAdmin?: boolean;
  /** This stack belongs to the management account: designate the delegated administrator. @default false */
  readonly organizationManagement?: boolean;
}

/**
 * One account and region: the AWS provider, the detector with Runtime Monitoring, the agent
 * endpoints and the ECS auto-stop pipeline, all from one validated config.
 */
export class RuntimeMonitoringStack extends TerraformStack {
  readonly detector: GuardDutyDetector;
  readonly agentEndpoints: readonly GuardDutyAgentEndpoint[];
  /** Topic (and key) every response reports to; undefined when no response is deployed. */
  readonly notifications?: ResponseNotifications;
  readonly coverageHealthNotification?: CoverageHealthNotification;
  readonly ecsAutoStop?: EcsTaskAutoStop;
  readonly ec2Isolation?: Ec2InstanceIsolation;
  readonly eksContainment?: EksPodContainment;

  /** The organization configuration, in the delegated administrator's stacks. */
  readonly organization?: GuardDutyOrganization;
  /** The delegated administrator designation, in the management account's stacks. */
  readonly delegatedAdministrator?: GuarddutyOrganizationAdminAccount;
  /** The lookup of a detector GuardDuty enabled itself (delegated administrator, auto-enabled member); see config/stack-plans.ts. */
  readonly existingDetectorLookup?: DataAwsGuarddutyDetector;

  constructor(scope: Construct, id: string, config: Config, options: RuntimeMonitoringStackOptions = {}) {
    super(scope, id);
    configureStateBackend(this, id, backendSettingsOf(config));
    new AwsProvider(this, "aws", {
      region: config.region,
      allowedAccountIds: config.account_id !== undefined ? [config.account_id] : undefined,
      assumeRole:
        config.provider.assume_role_arn !== undefined
          ? [{ roleArn: config.provider.assume_role_arn, sessionName: config.provider.assume_role_session_name }]
          : undefined,
      defaultTags: Object.keys(config.default_tags).length > 0 ? [{ tags: { ...config.default_tags } }] : undefined,
    });

    const d = config.detector;
    const rm = d.runtime_monitoring;
    // create false without an id: a detector GuardDuty enabled itself (config/stack-plans.ts), found here.
    if (d.create === false && d.existing_detector_id === undefined) {
      this.existingDetectorLookup = new DataAwsGuarddutyDetector(this, "existing-detector", {
        lifecycle: {
          postcondition: [
            {
              condition: '${self.status == "ENABLED"}',
              errorMessage: `The GuardDuty detector \${self.id} of this account in ${config.region} is \${self.status}, not ENABLED: enable it (or designate the delegated administrator) before applying this stack. See docs/organization-rollout.md.`,
            },
          ],
        },
      });
    }
    this.detector = new GuardDutyDetector(this, "detector", {
      existingDetectorId: this.existingDetectorLookup?.id ?? d.existing_detector_id,
      importExistingDetector: d.import_existing,
      findingPublishingFrequency: d.finding_publishing_frequency,
      runtimeMonitoring: {
        enabled: rm.enabled,
        eksAddonManagement: rm.eks_addon_management,
        ec2AgentManagement: rm.ec2_agent_management,
        ecsFargateAgentManagement: rm.ecs_fargate_agent_management,
      },
      features: d.features,
      region: config.region,
    });
    new TerraformOutput(this, "detector_id", { value: this.detector.detectorId, description: "Id of the GuardDuty detector (created or adopted)" });

    const org = config.organization;
    if (options.organizationManagement && org !== undefined) {
      this.delegatedAdministrator = new GuarddutyOrganizationAdminAccount(this, "delegated-administrator", { adminAccountId: org.delegated_admin_account_id });
    }
    if (options.organizationAdmin && org !== undefined) {
      this.organization = new GuardDutyOrganization(this, "organization", {
        detectorId: this.detector.detectorId,
        autoEnableMembers: org.auto_enable_members,
        runtimeMonitoring: org.runtime_monitoring,
        eksAddonManagement: org.eks_addon_management,
        ec2AgentManagement: org.ec2_agent_management,
        ecsFargateAgentManagement: org.ecs_fargate_agent_management,
      });
    }

    this.agentEndpoints = config.agent_endpoints.map(
      (e) =>
        new GuardDutyAgentEndpoint(this, `agent-endpoint-${e.name}`, {
          region: config.region,
          vpcId: e.vpc_id,
          subnetIds: e.subnet_ids,
          allowedCidrs: e.allowed_cidrs,
          allowedAccountIds: e.allowed_account_ids,
          organizationId: e.organization_id,
          privateDnsEnabled: e.private_dns_enabled,
          eksAddon: e.eks_addon && { clusterNames: e.eks_addon.cluster_names, addonVersion: e.eks_addon.addon_version },
        }),
    );

    const namePrefix = stackResourceNames(config).namePrefix;
    const n = config.notifications;
    const stop = config.ecs_auto_stop;
    const ec2 = config.ec2_isolation;
    const eks = config.eks_containment;
    if (stop.enabled || ec2.enabled || eks.enabled || n.coverage_unhealthy) {
      this.notifications = new ResponseNotifications(this, "notifications", {
        namePrefix,
        existingTopicArn: n.existing_topic_arn,
        existingKmsKeyArn: n.existing_kms_key_arn,
        encrypt: n.encrypt,
        notificationEmails: n.emails,
      });
      new TerraformOutput(this, "notification_topic_arn", { value: this.notifications.topicArn, description: "SNS topic that receives containment notices and alarms" });
    }
    if (n.coverage_unhealthy && this.notifications) {
      this.coverageHealthNotification = new CoverageHealthNotification(this, "coverage-health", { namePrefix, notifications: this.notifications });
    }
    if (stop.enabled && this.notifications) {
      this.ecsAutoStop = new EcsTaskAutoStop(this, "ecs-auto-stop", {
        namePrefix,
        notifications: this.notifications,
        workflow: stop.workflow,
        guarded:
          stop.workflow === "guarded"
            ? {
                dryRun: stop.dry_run,
                exemptionTag: stop.exemption_tag,
                minHealthyTasks: stop.min_healthy_tasks,
                consoleDomain: partitionOfRegion(config.region) === "aws-us-gov" ? "console.amazonaws-us-gov.com" : "console.aws.amazon.com",
              }
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
        ...deliveryOptionsOf(stop),
      });
      new TerraformOutput(this, "state_machine_arn", { value: this.ecsAutoStop.stateMachine.arn, description: "The stop-task state machine" });
      new TerraformOutput(this, "event_rule_arn", { value: this.ecsAutoStop.rule.arn, description: "EventBridge rule on ECS runtime findings" });
    }
    const consoleDomain = partitionOfRegion(config.region) === "aws-us-gov" ? "console.amazonaws-us-gov.com" : "console.aws.amazon.com";
    if (ec2.enabled && this.notifications) {
      this.ec2Isolation = new Ec2InstanceIsolation(this, "ec2-isolation", {
        namePrefix,
        notifications: this.notifications,
        dryRun: ec2.dry_run,
        quarantineSecurityGroupName: ec2.quarantine_security_group_name,
        exemptionTag: ec2.exemption_tag,
        isolationTag: ec2.isolation_tag,
        includeSelfManagedContainers: ec2.include_self_managed_containers,
        isolateContainerHosts: ec2.isolate_container_hosts,
        containerHostTagKeys: ec2.container_host_tag_keys,
        partition: partitionOfRegion(config.region),
        consoleDomain,
        ...deliveryOptionsOf(ec2),
      });
      new TerraformOutput(this, "ec2_isolation_state_machine_arn", { value: this.ec2Isolation.stateMachine.arn, description: "The EC2 isolation state machine" });
    }
    if (eks.enabled && this.notifications) {
      this.eksContainment = new EksPodContainment(this, "eks-containment", {
        namePrefix,
        notifications: this.notifications,
        clusterNames: eks.cluster_names,
        namespaces: eks.namespaces,
        action: eks.action,
        protectedNamespaces: eks.protected_namespaces,
        dryRun: eks.dry_run,
        exemptionLabel: eks.exemption_label,
        isolationLabel: eks.isolation_label,
        consoleDomain,
        ...deliveryOptionsOf(eks),
      });
      new TerraformOutput(this, "eks_containment_state_machine_arn", { value: this.eksContainment.stateMachine.arn, description: "The EKS pod containment state machine" });
    }
  }
}

/** The delivery, alarm and logging settings every pipeline section of the config shares. */
function deliveryOptionsOf(section: Config["ecs_auto_stop"] | Config["ec2_isolation"] | Config["eks_containment"]) {
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

function backendSettingsOf(config: Config): StateBackendSettings {
  const b = config.backend;
  switch (b.type) {
    case "cloud":
      return { type: "cloud", hostname: b.hostname, organization: b.organization, project: b.project, workspace: b.workspace, workspaceTags: b.workspace_tags };
    case "s3":
      return { type: "s3", bucket: b.bucket!, keyPrefix: b.key_prefix, region: b.s3_region ?? config.region, useLockfile: b.use_lockfile, dynamodbTable: b.dynamodb_table, kmsKeyArn: b.kms_key_arn };
    default:
      return { type: "local" };
  }
}

/** Stack name of a single-stack config (one without deployments). */
export function stackNameOf(config: Config): string {
  return `${config.name}-${config.environment}-${config.region}`;
}

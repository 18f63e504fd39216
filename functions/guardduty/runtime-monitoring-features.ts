/** GuardDuty detector feature names and Runtime Monitoring agent management settings. */

export const RUNTIME_MONITORING = "RUNTIME_MONITORING";
/** Superseded by RUNTIME_MONITORING; AWS refuses both on one detector. */
export const LEGACY_EKS_RUNTIME_MONITORING = "EKS_RUNTIME_MONITORING";

/** Every detector feature name the GuardDuty API accepts (DetectorFeature enum). */
export const DETECTOR_FEATURE_NAMES = [
  "S3_DATA_EVENTS",
  "EKS_AUDIT_LOGS",
  "EBS_MALWARE_PROTECTION",
  "RDS_LOGIN_EVENTS",
  LEGACY_EKS_RUNTIME_MONITORING,
  "LAMBDA_NETWORK_LOGS",
  RUNTIME_MONITORING,
] as const;
export type DetectorFeatureName = (typeof DETECTOR_FEATURE_NAMES)[number];

/**
 * The optional protection plans: every detector feature but RUNTIME_MONITORING and its legacy predecessor,
 * in the order of {@link DETECTOR_FEATURE_NAMES}. A created detector has them all ENABLED unless told
 * otherwise: "When you don't specify any features, with an exception to RUNTIME_MONITORING, all the optional
 * features are enabled by default" (GuardDuty API reference, CreateDetector), and the provider's
 * aws_guardduty_detector names none.
 */
export const OPTIONAL_PROTECTION_PLANS = [
  "S3_DATA_EVENTS",
  "EKS_AUDIT_LOGS",
  "EBS_MALWARE_PROTECTION",
  "RDS_LOGIN_EVENTS",
  "LAMBDA_NETWORK_LOGS",
] as const satisfies readonly DetectorFeatureName[];
export type ProtectionPlan = (typeof OPTIONAL_PROTECTION_PLANS)[number];

/**
 * What a created detector writes for a plan the config does not set: DISABLED, so a stack that is about
 * Runtime Monitoring does not start billing for S3, EKS audit log, EBS malware, RDS and Lambda protection
 * that nobody asked for. Set a plan to ENABLED to have it.
 */
export const DEFAULT_PROTECTION_PLAN_STATUS: FeatureStatus = "DISABLED";

/**
 * Regions where GuardDuty does not offer a plan (GuardDuty user guide, Regions and endpoints, "Region-specific
 * feature availability": "RDS Protection is not supported in Asia Pacific (Taipei) (ap-east-2) Region"). A
 * detector there does not have it: nothing is written for it unless it is set ENABLED, which the config loader
 * (config/rules/detector-features-offered.ts) and GuardDutyDetector refuse.
 */
export const PROTECTION_PLAN_NOT_OFFERED_IN: Readonly<Partial<Record<ProtectionPlan, readonly string[]>>> = { RDS_LOGIN_EVENTS: ["ap-east-2"] };

/** True unless GuardDuty is known not to offer `plan` in `region` (PROTECTION_PLAN_NOT_OFFERED_IN). */
export function isProtectionPlanOffered(plan: string, region: string): boolean {
  return !(PROTECTION_PLAN_NOT_OFFERED_IN[plan as ProtectionPlan] ?? []).includes(region);
}

/**
 * The optional plans to write, with their status, in {@link OPTIONAL_PROTECTION_PLANS} order. A created
 * detector writes every plan: the given status, else {@link DEFAULT_PROTECTION_PLAN_STATUS}. An adopted
 * detector writes only the given plans: the others are its owner's, as they are. In `region`, a plan GuardDuty
 * does not offer there is left out unless given ENABLED (DISABLED has nothing to turn off).
 */
export function protectionPlanStatuses(
  given: Readonly<Partial<Record<string, FeatureStatus>>>,
  options: { readonly created: boolean; readonly region?: string },
): { name: ProtectionPlan; status: FeatureStatus }[] {
  const offered = (plan: ProtectionPlan) => options.region === undefined || isProtectionPlanOffered(plan, options.region);
  return OPTIONAL_PROTECTION_PLANS.flatMap((name) => {
    const status = given[name] ?? (options.created ? DEFAULT_PROTECTION_PLAN_STATUS : undefined);
    if (status === undefined || (status === "DISABLED" && !offered(name))) return [];
    return [{ name, status }];
  });
}

/**
 * Agent management settings of the detector's RUNTIME_MONITORING feature, in the order GetDetector returns
 * them: EKS, ECS Fargate, EC2 (not the organization's order, ORGANIZATION_AGENT_MANAGEMENT_ORDER).
 *
 * Why the order matters: in hashicorp/aws 5.x (5.100.0, the offline mirror's, included) the
 * `additional_configuration` of aws_guardduty_detector_feature is a ForceNew list (schema nesting "list";
 * internal/service/guardduty/detector_feature.go before hashicorp/terraform-provider-aws#44627), read back
 * in AWS's order, so any other order replaces the feature on every plan (#36400, #36695). #44627 (merged
 * 2025-10, closes #36400 and #36695) made it a set, so later releases (the pinned 6.25.0) ignore order:
 * AWS's order is the one that does not drift with either.
 *
 * AWS's order: in #36695 (provider 5.43.0) a configuration listing EKS_ADDON_MANAGEMENT then
 * ECS_FARGATE_AGENT_MANAGEMENT plans those two unchanged and only removes a third block,
 * EC2_AGENT_MANAGEMENT, that GetDetector returned after them; public modules that pin the order against
 * #36400 write EKS_ADDON_MANAGEMENT, ECS_FARGATE_AGENT_MANAGEMENT, EC2_AGENT_MANAGEMENT.
 */
export const AGENT_MANAGEMENT_CONFIGURATIONS = ["EKS_ADDON_MANAGEMENT", "ECS_FARGATE_AGENT_MANAGEMENT", "EC2_AGENT_MANAGEMENT"] as const;
export type AgentManagementConfiguration = (typeof AGENT_MANAGEMENT_CONFIGURATIONS)[number];

export type FeatureStatus = "ENABLED" | "DISABLED";

export const FINDING_PUBLISHING_FREQUENCIES = ["FIFTEEN_MINUTES", "ONE_HOUR", "SIX_HOURS"] as const;
export type FindingPublishingFrequency = (typeof FINDING_PUBLISHING_FREQUENCIES)[number];

/** Which workload types GuardDuty deploys and updates the agent for; the rest are managed by hand. */
export interface AgentManagement {
  readonly eksAddon: boolean;
  readonly ec2Agent: boolean;
  readonly ecsFargateAgent: boolean;
}

/** The additional_configuration blocks of RUNTIME_MONITORING: all three, explicit, in AWS's order (AGENT_MANAGEMENT_CONFIGURATIONS). */
export function runtimeMonitoringAdditionalConfiguration(management: AgentManagement): { name: AgentManagementConfiguration; status: FeatureStatus }[] {
  const enabled: Record<AgentManagementConfiguration, boolean> = {
    EKS_ADDON_MANAGEMENT: management.eksAddon,
    EC2_AGENT_MANAGEMENT: management.ec2Agent,
    ECS_FARGATE_AGENT_MANAGEMENT: management.ecsFargateAgent,
  };
  return AGENT_MANAGEMENT_CONFIGURATIONS.map((name) => ({ name, status: enabled[name] ? "ENABLED" : "DISABLED" }));
}

/** How an organization's delegated administrator turns a setting on for member accounts. */
export const ORGANIZATION_AUTO_ENABLE = ["NEW", "ALL", "NONE"] as const;
export type OrganizationAutoEnable = (typeof ORGANIZATION_AUTO_ENABLE)[number];

/**
 * Agent management settings of the organization's RUNTIME_MONITORING feature, in the order
 * DescribeOrganizationConfiguration returns them: ECS, EC2, EKS (not the detector's order). The
 * provider's `additional_configuration` is a ForceNew list read back in AWS's order
 * (terraform-provider-aws internal/service/guardduty/organization_configuration_feature.go), so any
 * other order replaces the resource on every plan: hashicorp/terraform-provider-aws#44822 shows AWS
 * returning ECS_FARGATE_AGENT_MANAGEMENT, EC2_AGENT_MANAGEMENT, EKS_ADDON_MANAGEMENT, and
 * schubergphilis/terraform-aws-mcaf-landing-zone (modules/guardduty) emits that order.
 */
export const ORGANIZATION_AGENT_MANAGEMENT_ORDER = [
  "ECS_FARGATE_AGENT_MANAGEMENT",
  "EC2_AGENT_MANAGEMENT",
  "EKS_ADDON_MANAGEMENT",
] as const satisfies readonly AgentManagementConfiguration[];

/** Per agent type auto-enable for members, in the order GuardDuty returns them (ORGANIZATION_AGENT_MANAGEMENT_ORDER). */
export function organizationAgentManagement(
  management: Readonly<Record<"eksAddon" | "ec2Agent" | "ecsFargateAgent", OrganizationAutoEnable>>,
): { name: AgentManagementConfiguration; autoEnable: OrganizationAutoEnable }[] {
  const byName: Record<AgentManagementConfiguration, OrganizationAutoEnable> = {
    EKS_ADDON_MANAGEMENT: management.eksAddon,
    EC2_AGENT_MANAGEMENT: management.ec2Agent,
    ECS_FARGATE_AGENT_MANAGEMENT: management.ecsFargateAgent,
  };
  return ORGANIZATION_AGENT_MANAGEMENT_ORDER.map((name) => ({ name, autoEnable: byName[name] }));
}

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
 * Agent management settings of RUNTIME_MONITORING, in the order GetDetector returns them (EKS, EC2,
 * ECS): emitting them in another order makes every plan show a diff.
 */
export const AGENT_MANAGEMENT_CONFIGURATIONS = [
  "EKS_ADDON_MANAGEMENT",
  "EC2_AGENT_MANAGEMENT",
  "ECS_FARGATE_AGENT_MANAGEMENT",
] as const;
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

/** The additional_configuration blocks of RUNTIME_MONITORING: all three, explicit, in AWS's order. */
export function runtimeMonitoringAdditionalConfiguration(
  management: AgentManagement,
): { name: AgentManagementConfiguration; status: FeatureStatus }[] {
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

/** Per agent type auto-enable for members, in the order GuardDuty returns them. */
export function organizationAgentManagement(
  management: Readonly<Record<"eksAddon" | "ec2Agent" | "ecsFargateAgent", OrganizationAutoEnable>>,
): { name: AgentManagementConfiguration; autoEnable: OrganizationAutoEnable }[] {
  const byName: Record<AgentManagementConfiguration, OrganizationAutoEnable> = {
    EKS_ADDON_MANAGEMENT: management.eksAddon,
    EC2_AGENT_MANAGEMENT: management.ec2Agent,
    ECS_FARGATE_AGENT_MANAGEMENT: management.ecsFargateAgent,
  };
  return AGENT_MANAGEMENT_CONFIGURATIONS.map((name) => ({ name, autoEnable: byName[name] }));
}

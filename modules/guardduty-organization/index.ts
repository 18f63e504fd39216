import { GuarddutyOrganizationConfiguration } from "@cdktf/provider-aws/lib/guardduty-organization-configuration";
import { GuarddutyOrganizationConfigurationFeature } from "@cdktf/provider-aws/lib/guardduty-organization-configuration-feature";
import { Construct } from "constructs";
import {
  ORGANIZATION_AUTO_ENABLE,
  OrganizationAutoEnable,
  organizationAgentManagement,
  RUNTIME_MONITORING,
} from "../../functions/guardduty/runtime-monitoring-features";

export interface GuardDutyOrganizationProps {
  /**
   * The delegated administrator's detector in this region. Designating the administrator enables
   * GuardDuty there, so this is the detector it already has (RuntimeMonitoringStack looks it up).
   */
  readonly detectorId: string;
  /** Which member accounts GuardDuty itself enables. @default "ALL" */
  readonly autoEnableMembers?: OrganizationAutoEnable;
  /** RUNTIME_MONITORING for members. @default "ALL" */
  readonly runtimeMonitoring?: OrganizationAutoEnable;
  /** GuardDuty manages the EKS add-on agent of members (EKS_ADDON_MANAGEMENT). @default "ALL" */
  readonly eksAddonManagement?: OrganizationAutoEnable;
  /** GuardDuty manages the EC2 agent of members (EC2_AGENT_MANAGEMENT). @default "ALL" */
  readonly ec2AgentManagement?: OrganizationAutoEnable;
  /** GuardDuty manages the ECS Fargate agent of members (ECS_FARGATE_AGENT_MANAGEMENT). @default "ALL" */
  readonly ecsFargateAgentManagement?: OrganizationAutoEnable;
}

/**
 * Organization-wide settings, applied in the delegated administrator account, region by region:
 * auto-enable GuardDuty for members and RUNTIME_MONITORING with each agent type's management.
 * (Designating the delegated administrator itself happens once, in the management account, with
 * `aws_guardduty_organization_admin_account`: see docs/organization-rollout.md.)
 */
export class GuardDutyOrganization extends Construct {
  readonly configuration: GuarddutyOrganizationConfiguration;
  readonly runtimeMonitoringFeature: GuarddutyOrganizationConfigurationFeature;

  constructor(scope: Construct, id: string, props: GuardDutyOrganizationProps) {
    super(scope, id);
    for (const [setting, value] of Object.entries(props)) {
      if (setting !== "detectorId" && value !== undefined && !(ORGANIZATION_AUTO_ENABLE as readonly string[]).includes(value)) {
        throw new Error(`GuardDutyOrganization: ${setting} ${JSON.stringify(value)} is not allowed; expected one of ${ORGANIZATION_AUTO_ENABLE.join(", ")}`);
      }
    }
    this.configuration = new GuarddutyOrganizationConfiguration(this, "configuration", {
      detectorId: props.detectorId,
      autoEnableOrganizationMembers: props.autoEnableMembers ?? "ALL",
    });
    this.runtimeMonitoringFeature = new GuarddutyOrganizationConfigurationFeature(this, "runtime-monitoring", {
      detectorId: props.detectorId,
      name: RUNTIME_MONITORING,
      autoEnable: props.runtimeMonitoring ?? "ALL",
      // ECS, EC2, EKS: the order AWS returns them (see ORGANIZATION_AGENT_MANAGEMENT_ORDER); another order replaces this resource on every plan.
      additionalConfiguration: organizationAgentManagement({
        eksAddon: props.eksAddonManagement ?? "ALL",
        ec2Agent: props.ec2AgentManagement ?? "ALL",
        ecsFargateAgent: props.ecsFargateAgentManagement ?? "ALL",
      }),
      dependsOn: [this.configuration],
    });
  }
}

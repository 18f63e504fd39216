import { GuarddutyDetector } from "@cdktf/provider-aws/lib/guardduty-detector";
import { GuarddutyDetectorFeature } from "@cdktf/provider-aws/lib/guardduty-detector-feature";
import { TerraformStack, Token } from "cdktf";
import { Construct } from "constructs";
import {
  AgentManagement,
  DETECTOR_FEATURE_NAMES,
  DetectorFeatureName,
  FeatureStatus,
  FindingPublishingFrequency,
  FINDING_PUBLISHING_FREQUENCIES,
  isProtectionPlanOffered,
  LEGACY_EKS_RUNTIME_MONITORING,
  protectionPlanStatuses,
  RUNTIME_MONITORING,
  runtimeMonitoringAdditionalConfiguration,
} from "../../functions/guardduty/runtime-monitoring-features";

export interface GuardDutyDetectorProps {
  /**
   * Id of the detector that already exists in this account and region. GuardDuty allows one detector
   * per account and region: creating a second one fails.
   * @default - a new detector is created
   */
  readonly existingDetectorId?: string;
  /**
   * With `existingDetectorId`: import the detector into Terraform state (an `import` block), so its
   * settings are managed and `terraform destroy` deletes it.
   * @default false - only the detector's features are managed
   */
  readonly importExistingDetector?: boolean;
  /**
   * How often updated findings are published.
   * @default "SIX_HOURS" for a created detector; an adopted detector keeps its own
   */
  readonly findingPublishingFrequency?: FindingPublishingFrequency;
  /**
   * Whether RUNTIME_MONITORING is ENABLED. When false the feature is still written, as DISABLED:
   * destroying a feature resource does not disable the feature in AWS.
   * @default true
   */
  readonly runtimeMonitoring?: boolean;
  /** GuardDuty manages the EKS add-on agent (EKS_ADDON_MANAGEMENT). @default true */
  readonly eksAddonManagement?: boolean;
  /** GuardDuty manages the EC2 agent (EC2_AGENT_MANAGEMENT). @default true */
  readonly ec2AgentManagement?: boolean;
  /** GuardDuty manages the ECS Fargate agent sidecar, the only way Fargate gets an agent (ECS_FARGATE_AGENT_MANAGEMENT). @default true */
  readonly ecsFargateAgentManagement?: boolean;
  /**
   * The optional protection plans (S3_DATA_EVENTS, EKS_AUDIT_LOGS, EBS_MALWARE_PROTECTION, RDS_LOGIN_EVENTS,
   * LAMBDA_NETWORK_LOGS), by name. A created detector writes every one of them: GuardDuty would otherwise
   * enable them all (CreateDetector). An adopted detector writes only those given. RUNTIME_MONITORING is set
   * with `runtimeMonitoring`; the legacy EKS_RUNTIME_MONITORING is refused (GuardDuty rejects it together
   * with RUNTIME_MONITORING).
   * @default - created detector: every plan DISABLED (DEFAULT_PROTECTION_PLAN_STATUS); adopted: none managed
   */
  readonly features?: Readonly<Partial<Record<DetectorFeatureName, FeatureStatus>>>;
  /**
   * The stack's region as a literal: a plan GuardDuty does not offer there (PROTECTION_PLAN_NOT_OFFERED_IN) is
   * not written DISABLED, and is refused ENABLED.
   * @default - every plan is written as given
   */
  readonly region?: string;
  /** @default - no tags besides the provider's default tags */
  readonly tags?: Readonly<Record<string, string>>;
}

/** The GuardDuty detector of one account and region, created or adopted, with Runtime Monitoring. */
export class GuardDutyDetector extends Construct {
  /** Id of the detector, created or adopted. */
  readonly detectorId: string;
  /** The detector resource; undefined when adopted without import. */
  readonly detector?: GuarddutyDetector;
  /** The RUNTIME_MONITORING feature with its three agent-management settings. */
  readonly runtimeMonitoringFeature: GuarddutyDetectorFeature;
  /** The optional protection plans written (every one for a created detector), in the order GuardDuty lists them. */
  readonly features: readonly GuarddutyDetectorFeature[];

  constructor(scope: Construct, id: string, props: GuardDutyDetectorProps = {}) {
    super(scope, id);
    validate(props);

    const adopting = props.existingDetectorId !== undefined;
    if (!adopting || props.importExistingDetector) {
      this.detector = new GuarddutyDetector(this, "detector", {
        enable: true,
        findingPublishingFrequency: props.findingPublishingFrequency ?? "SIX_HOURS",
        tags: props.tags ? { ...props.tags } : undefined,
      });
      // An import block written directly: CDKTF's importFrom() runs `terraform version` at synth, which
      // must keep working without a terraform binary. `terraform plan` itself needs Terraform >= 1.5.
      if (adopting) {
        TerraformStack.of(this).addOverride("import", [{ to: `aws_guardduty_detector.${this.detector.friendlyUniqueId}`, id: props.existingDetectorId! }]);
      }
      this.detectorId = this.detector.id;
    } else {
      this.detectorId = props.existingDetectorId!;
    }

    const management: AgentManagement = {
      eksAddon: props.eksAddonManagement ?? true,
      ec2Agent: props.ec2AgentManagement ?? true,
      ecsFargateAgent: props.ecsFargateAgentManagement ?? true,
    };
    this.runtimeMonitoringFeature = new GuarddutyDetectorFeature(this, "runtime-monitoring", {
      detectorId: this.detectorId,
      name: RUNTIME_MONITORING,
      status: (props.runtimeMonitoring ?? true) ? "ENABLED" : "DISABLED",
      additionalConfiguration: runtimeMonitoringAdditionalConfiguration(management),
    });

    const plans = protectionPlanStatuses(props.features ?? {}, { created: !adopting, region: literalRegion(props) });
    this.features = plans.map(
      ({ name, status }) =>
        new GuarddutyDetectorFeature(this, `feature-${name.toLowerCase().replace(/_/g, "-")}`, {
          detectorId: this.detectorId,
          name,
          status,
        }),
    );
  }
}

function validate(props: GuardDutyDetectorProps): void {
  const id = props.existingDetectorId;
  if (id !== undefined && !Token.isUnresolved(id) && !/^[0-9a-f]{32}$/.test(id)) {
    throw new Error(`GuardDutyDetector: existingDetectorId "${id}" is not a detector id (32 lowercase hex characters)`);
  }
  if (props.importExistingDetector && id === undefined) {
    throw new Error("GuardDutyDetector: importExistingDetector needs existingDetectorId (only an existing detector can be imported)");
  }
  if (props.findingPublishingFrequency !== undefined) {
    if (!FINDING_PUBLISHING_FREQUENCIES.includes(props.findingPublishingFrequency)) {
      throw new Error(
        `GuardDutyDetector: findingPublishingFrequency "${props.findingPublishingFrequency}" is not one of ${FINDING_PUBLISHING_FREQUENCIES.join(", ")}`,
      );
    }
    if (id !== undefined && !props.importExistingDetector) {
      throw new Error(
        "GuardDutyDetector: findingPublishingFrequency applies to a created or imported detector; set importExistingDetector to manage an adopted one",
      );
    }
  }
  for (const [name, status] of Object.entries(props.features ?? {})) {
    if (name === RUNTIME_MONITORING) {
      throw new Error("GuardDutyDetector: features.RUNTIME_MONITORING is set with the runtimeMonitoring prop");
    }
    if (name === LEGACY_EKS_RUNTIME_MONITORING) {
      throw new Error(`GuardDutyDetector: features.${name} cannot be combined with RUNTIME_MONITORING, which replaces it (GuardDuty refuses both)`);
    }
    if (!(DETECTOR_FEATURE_NAMES as readonly string[]).includes(name)) {
      throw new Error(`GuardDutyDetector: features.${name} is not a detector feature; known: ${DETECTOR_FEATURE_NAMES.join(", ")}`);
    }
    if (status !== "ENABLED" && status !== "DISABLED") {
      throw new Error(`GuardDutyDetector: features.${name} status "${status}" must be ENABLED or DISABLED`);
    }
    const region = literalRegion(props);
    if (status === "ENABLED" && region !== undefined && !isProtectionPlanOffered(name, region)) {
      throw new Error(`GuardDutyDetector: features.${name} "ENABLED" is not allowed in ${region}: GuardDuty does not offer it there`);
    }
  }
}

function literalRegion(props: GuardDutyDetectorProps): string | undefined {
  return props.region !== undefined && !Token.isUnresolved(props.region) ? props.region : undefined;
}

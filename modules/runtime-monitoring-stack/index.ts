import { DataAwsGuarddutyDetector } from "@cdktf/provider-aws/lib/data-aws-guardduty-detector";
import { GuarddutyOrganizationAdminAccount } from "@cdktf/provider-aws/lib/guardduty-organization-admin-account";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { CoverageHealthNotification, CoverageHealthNotificationProps } from "../coverage-health-notification";
import { Ec2InstanceIsolation, Ec2InstanceIsolationProps } from "../ec2-instance-isolation";
import { EcsTaskAutoStop, EcsTaskAutoStopProps } from "../ecs-task-auto-stop";
import { EksPodContainment, EksPodContainmentProps } from "../eks-pod-containment";
import { GuardDutyAgentEndpoint, GuardDutyAgentEndpointProps } from "../guardduty-agent-endpoint";
import { GuardDutyDetector, GuardDutyDetectorProps } from "../guardduty-detector";
import { GuardDutyOrganization, GuardDutyOrganizationProps } from "../guardduty-organization";
import type { ResponsePipeline } from "../response-pipeline";
import { ResponseNotifications, ResponseNotificationsProps } from "../response-notifications";
import { SafetyRails, type BlastRadiusCapSettings } from "../safety-rails";
import { ApprovalApprovers, type ApprovalApproversProps } from "../approval-approvers";
import { approvalGateSlot, type ApprovalGateSettings } from "../../functions/safety-rails/approval-gate";
import type { AnyResponseType } from "../../functions/response-types/contract";
import { EC2_ISOLATE_INSTANCE } from "../../functions/ec2-isolate-instance/response-type";
import { ECS_STOP_TASK } from "../../functions/ecs-stop-task/response-type";
import { EKS_CONTAIN_POD } from "../../functions/eks-contain-pod/response-type";
import { configureStateBackend, StateBackendSettings } from "../state-backend";

/**
 * A part's props without what the stack itself supplies: the name prefix, the shared topic (and the
 * settings that would configure a topic of the part's own).
 */
export type StackPartProps<P> = Omit<P, "namePrefix" | "notifications" | "existingTopicArn" | "notificationEmails" | "encrypt">;

/** One guardduty-data endpoint of the stack: the endpoint's props, named; the region is the stack's. */
export interface StackAgentEndpointProps extends Omit<GuardDutyAgentEndpointProps, "region"> {
  /** Short name, unique in the stack: part of the construct id (`agent-endpoint-<name>`). */
  readonly name: string;
}

export interface RuntimeMonitoringStackProps {
  /** The AWS Region the stack deploys to, a literal such as `us-east-1`: the provider's region. */
  readonly region: string;
  /**
   * First part of every resource name (`<name>-<environment>`); see functions/naming/resource-names.ts.
   * Each name must fit its AWS limit.
   */
  readonly namePrefix: string;
  /**
   * The only accounts the provider may deploy to (the provider's `allowed_account_ids`).
   * @default - any account the credentials belong to
   */
  readonly allowedAccountIds?: readonly string[];
  /**
   * Role the provider assumes in the target account.
   * @default - no role: the credentials' own account
   */
  readonly assumeRoleArn?: string;
  /**
   * Session name of the assumed role (shows in CloudTrail); only with `assumeRoleArn`.
   * @default - Terraform's default session name
   */
  readonly assumeRoleSessionName?: string;
  /**
   * Tags the provider adds to every resource.
   * @default - no default tags
   */
  readonly defaultTags?: Readonly<Record<string, string>>;
  /**
   * Where Terraform keeps this stack's state (one state, one workspace per stack).
   * @default - a local state file, `terraform.<stack id>.tfstate` in the project root
   */
  readonly stateBackend?: StateBackendSettings;
  /**
   * The detector of this account and region. Its `region` defaults to the stack's.
   * @default - a created detector: RUNTIME_MONITORING enabled with every agent managed by GuardDuty, every other plan DISABLED
   */
  readonly detector?: GuardDutyDetectorProps;
  /**
   * The detector already exists because GuardDuty enabled it itself (the delegated administrator's,
   * an auto-enabled member's): look it up (`data "aws_guardduty_detector"`, which must find it
   * ENABLED) and adopt it. Not together with `detector.existingDetectorId`.
   * @default false
   */
  readonly lookUpExistingDetector?: boolean;
  /**
   * Designate this account as the GuardDuty delegated administrator of the organization (in the
   * management account's stacks).
   * @default - no designation
   */
  readonly delegatedAdministratorAccountId?: string;
  /**
   * The organization configuration (in the delegated administrator's stacks), applied with this
   * stack's detector.
   * @default - no organization configuration
   */
  readonly organization?: Omit<GuardDutyOrganizationProps, "detectorId">;
  /**
   * guardduty-data interface endpoints for manually managed agents.
   * @default - none
   */
  readonly agentEndpoints?: readonly StackAgentEndpointProps[];
  /**
   * The topic (and key) every response and the coverage notification report to; created only when
   * one of them is deployed.
   * @default - a topic `<namePrefix>-topic`, encrypted with a new customer managed key
   */
  readonly notifications?: Omit<ResponseNotificationsProps, "namePrefix">;
  /**
   * Send GuardDuty's "Runtime Protection Unhealthy" coverage events to the topic.
   * @default - no coverage notification
   */
  readonly coverageHealthNotification?: StackPartProps<CoverageHealthNotificationProps>;
  /**
   * Stop ECS tasks Runtime Monitoring reports.
   * @default - no ECS pipeline
   */
  readonly ecsAutoStop?: StackPartProps<EcsTaskAutoStopProps>;
  /**
   * Isolate EC2 instances Runtime Monitoring reports.
   * @default - no EC2 pipeline
   */
  readonly ec2Isolation?: StackPartProps<Ec2InstanceIsolationProps>;
  /**
   * Contain EKS pods Runtime Monitoring reports.
   * @default - no EKS pipeline
   */
  readonly eksContainment?: StackPartProps<EksPodContainmentProps>;
  /**
   * Safety rails in front of every response pipeline's action (docs/safety-rails.md). Needs the guarded ECS
   * workflow when ECS tasks are stopped.
   * @default - no rail
   */
  readonly safetyRails?: StackSafetyRailsProps;
}

/** The stack's safety rails. */
export interface StackSafetyRailsProps {
  /** One kill switch (SSM parameter) every pipeline reads before acting. @default true */
  readonly killSwitch?: boolean;
  /** The blast-radius cap of each pipeline; a pipeline without an entry is not capped. @default - none */
  readonly blastRadiusCaps?: Partial<Readonly<Record<StackResponseProp, BlastRadiusCapSettings>>>;
  /**
   * The approval gate of each pipeline (docs/approval-gate.md); a pipeline without an entry acts without approval.
   * With any, the approvers' policy is created (`ApprovalApprovers`, output `approver_policy_arn`).
   * @default - none
   */
  readonly approvalGates?: Partial<Readonly<Record<StackResponseProp, ApprovalGateSettings>>>;
  /** Who may answer the approval requests. @default - the approvers' policy, attached to no one */
  readonly approvers?: Omit<ApprovalApproversProps, "namePrefix" | "region">;
}

/**
 * One account and region: the AWS provider, the detector with Runtime Monitoring, the organization
 * settings, the agent endpoints and the response pipelines. config/stack-props.ts makes these props
 * from the app's config.
 */
export class RuntimeMonitoringStack extends TerraformStack {
  readonly detector: GuardDutyDetector;
  readonly agentEndpoints: readonly GuardDutyAgentEndpoint[];
  /** Topic (and key) every response reports to; undefined when no response is deployed. */
  readonly notifications?: ResponseNotifications;
  readonly coverageHealthNotification?: CoverageHealthNotification;
  /** Every response pipeline of the stack, keyed by its response type's id, in STACK_RESPONSE_PARTS order. */
  readonly responsePipelines: ReadonlyMap<string, ResponsePipeline<unknown>>;
  /** The kill switch, counter table and their alarm and policy; undefined without `safetyRails` or without a pipeline. */
  readonly safetyRails?: SafetyRails;
  /** The approvers' policy; undefined without an approval gate. */
  readonly approvers?: ApprovalApprovers;

  /** The organization configuration, in the delegated administrator's stacks. */
  readonly organization?: GuardDutyOrganization;
  /** The delegated administrator designation, in the management account's stacks. */
  readonly delegatedAdministrator?: GuarddutyOrganizationAdminAccount;
  /** The lookup of a detector GuardDuty enabled itself (`lookUpExistingDetector`). */
  readonly existingDetectorLookup?: DataAwsGuarddutyDetector;

  constructor(scope: Construct, id: string, props: RuntimeMonitoringStackProps) {
    super(scope, id);
    if (props.lookUpExistingDetector && props.detector?.existingDetectorId !== undefined) {
      throw new Error("RuntimeMonitoringStack: lookUpExistingDetector looks the detector up; do not also give detector.existingDetectorId");
    }
    configureStateBackend(this, id, props.stateBackend ?? { type: "local" });
    new AwsProvider(this, "aws", {
      region: props.region,
      allowedAccountIds: props.allowedAccountIds !== undefined ? [...props.allowedAccountIds] : undefined,
      assumeRole: props.assumeRoleArn !== undefined ? [{ roleArn: props.assumeRoleArn, sessionName: props.assumeRoleSessionName }] : undefined,
      defaultTags: props.defaultTags !== undefined ? [{ tags: { ...props.defaultTags } }] : undefined,
    });

    if (props.lookUpExistingDetector) {
      this.existingDetectorLookup = new DataAwsGuarddutyDetector(this, "existing-detector", {
        lifecycle: {
          postcondition: [
            {
              condition: '${self.status == "ENABLED"}',
              errorMessage: `The GuardDuty detector \${self.id} of this account in ${props.region} is \${self.status}, not ENABLED: enable it (or designate the delegated administrator) before applying this stack. See docs/organization-rollout.md.`,
            },
          ],
        },
      });
    }
    this.detector = new GuardDutyDetector(this, "detector", {
      ...props.detector,
      region: props.detector?.region ?? props.region,
      existingDetectorId: this.existingDetectorLookup?.id ?? props.detector?.existingDetectorId,
    });
    new TerraformOutput(this, "detector_id", { value: this.detector.detectorId, description: "Id of the GuardDuty detector (created or adopted)" });

    if (props.delegatedAdministratorAccountId !== undefined) {
      this.delegatedAdministrator = new GuarddutyOrganizationAdminAccount(this, "delegated-administrator", {
        adminAccountId: props.delegatedAdministratorAccountId,
      });
    }
    if (props.organization !== undefined) {
      this.organization = new GuardDutyOrganization(this, "organization", { ...props.organization, detectorId: this.detector.detectorId });
    }

    this.agentEndpoints = (props.agentEndpoints ?? []).map(
      ({ name, ...endpoint }) => new GuardDutyAgentEndpoint(this, `agent-endpoint-${name}`, { ...endpoint, region: props.region }),
    );

    const namePrefix = props.namePrefix;
    const responses = [props.ecsAutoStop, props.ec2Isolation, props.eksContainment, props.coverageHealthNotification];
    if (responses.some((part) => part !== undefined)) {
      this.notifications = new ResponseNotifications(this, "notifications", { ...props.notifications, namePrefix });
      new TerraformOutput(this, "notification_topic_arn", {
        value: this.notifications.topicArn,
        description: "SNS topic that receives containment notices and alarms",
      });
    }
    const notifications = this.notifications!;
    if (props.coverageHealthNotification !== undefined) {
      this.coverageHealthNotification = new CoverageHealthNotification(this, "coverage-health", {
        ...props.coverageHealthNotification,
        namePrefix,
        notifications,
      });
    }
    const caps = props.safetyRails?.blastRadiusCaps ?? {};
    if (props.safetyRails !== undefined && STACK_RESPONSE_PARTS.some((part) => props[part.prop] !== undefined)) {
      this.safetyRails = new SafetyRails(this, "safety-rails", {
        namePrefix,
        region: props.region,
        killSwitch: props.safetyRails.killSwitch ?? true,
        blastRadiusCap: STACK_RESPONSE_PARTS.some((part) => props[part.prop] !== undefined && caps[part.prop] !== undefined),
        // The stack's own key (a given key's policy is its owner's): the counter table is encrypted with it.
        kmsKeyArn: notifications.kmsKey !== undefined ? notifications.kmsKeyArn : undefined,
        alarmTopicArn: notifications.topicArn,
      });
    }
    const pipelines = new Map<string, ResponsePipeline<unknown>>();
    for (const part of STACK_RESPONSE_PARTS) {
      const partProps = props[part.prop];
      if (partProps === undefined) continue;
      const gate = props.safetyRails?.approvalGates?.[part.prop];
      const approvalGate =
        gate === undefined
          ? undefined
          : approvalGateSlot(gate, {
              topicArn: notifications.topicArn,
              kmsKeyArn: notifications.topic !== undefined ? notifications.kmsKeyArn : undefined,
              region: props.region,
            });
      const railOptions = this.safetyRails === undefined ? undefined : { ...this.safetyRails.railsFor(caps[part.prop]), approvalGate };
      // A pipeline no rail applies to keeps its definition as is (the seed ECS workflow has no place for rails).
      const anyRail = railOptions !== undefined && Object.values(railOptions).some((rail) => rail !== undefined);
      const rails = anyRail ? { safetyRails: railOptions } : {};
      const pipeline = part.create(this, part.constructId, { ...partProps, namePrefix, notifications, ...rails });
      pipelines.set(part.responseType.id, pipeline);
      for (const output of part.outputs) {
        new TerraformOutput(this, output.name, { value: output.value(pipeline), description: output.description });
      }
    }
    this.responsePipelines = pipelines;
    if (STACK_RESPONSE_PARTS.some((part) => pipelines.has(part.responseType.id) && props.safetyRails?.approvalGates?.[part.prop] !== undefined)) {
      this.approvers = new ApprovalApprovers(this, "approval-approvers", { ...props.safetyRails?.approvers, namePrefix, region: props.region });
    }
  }

  /** The ECS pipeline, when deployed. */
  get ecsAutoStop(): EcsTaskAutoStop | undefined {
    return this.responsePipelines.get(ECS_STOP_TASK.id) as EcsTaskAutoStop | undefined;
  }

  /** The EC2 pipeline, when deployed. */
  get ec2Isolation(): Ec2InstanceIsolation | undefined {
    return this.responsePipelines.get(EC2_ISOLATE_INSTANCE.id) as Ec2InstanceIsolation | undefined;
  }

  /** The EKS pipeline, when deployed. */
  get eksContainment(): EksPodContainment | undefined {
    return this.responsePipelines.get(EKS_CONTAIN_POD.id) as EksPodContainment | undefined;
  }
}

/** A stack prop that deploys a response pipeline. */
export type StackResponseProp = "ecsAutoStop" | "ec2Isolation" | "eksContainment";

/** How the stack deploys one registered response type: its prop, its construct, its outputs. */
export interface StackResponsePart {
  readonly responseType: AnyResponseType;
  readonly prop: StackResponseProp;
  /** Construct id in the stack: the Terraform addresses (and so the state) depend on it. */
  readonly constructId: string;
  /** Creates the pipeline from the stack prop's value completed with the name prefix and the shared topic. */
  readonly create: (scope: Construct, id: string, props: object) => ResponsePipeline<unknown>;
  /** Stack outputs (names kept from the seed: `state_machine_arn`, `event_rule_arn`). */
  readonly outputs: readonly { readonly name: string; readonly description: string; readonly value: (pipeline: ResponsePipeline<unknown>) => string }[];
}

/**
 * The response types this stack deploys, one line each, in synthesis order: the stack iterates over it, and
 * review pairs each synthesized pipeline with its props through it (config/stack-props.ts). A fourth type
 * adds its line here, its prop above, and its registration in functions/response-types/registry.ts.
 */
export const STACK_RESPONSE_PARTS: readonly StackResponsePart[] = [
  {
    responseType: ECS_STOP_TASK,
    prop: "ecsAutoStop",
    constructId: "ecs-auto-stop",
    create: (scope, id, props) => new EcsTaskAutoStop(scope, id, props as EcsTaskAutoStopProps),
    outputs: [
      { name: "state_machine_arn", description: "The stop-task state machine", value: (p) => p.stateMachine.arn },
      { name: "event_rule_arn", description: "EventBridge rule on ECS runtime findings", value: (p) => p.rule.arn },
    ],
  },
  {
    responseType: EC2_ISOLATE_INSTANCE,
    prop: "ec2Isolation",
    constructId: "ec2-isolation",
    create: (scope, id, props) => new Ec2InstanceIsolation(scope, id, props as Ec2InstanceIsolationProps),
    outputs: [{ name: "ec2_isolation_state_machine_arn", description: "The EC2 isolation state machine", value: (p) => p.stateMachine.arn }],
  },
  {
    responseType: EKS_CONTAIN_POD,
    prop: "eksContainment",
    constructId: "eks-containment",
    create: (scope, id, props) => new EksPodContainment(scope, id, props as EksPodContainmentProps),
    outputs: [{ name: "eks_containment_state_machine_arn", description: "The EKS pod containment state machine", value: (p) => p.stateMachine.arn }],
  },
];

/** The response pipelines a stack's props deploy, each with its registered type and its props. */
export function responsePartsOf(props: RuntimeMonitoringStackProps): { readonly part: StackResponsePart; readonly props: object }[] {
  return STACK_RESPONSE_PARTS.flatMap((part) => {
    const partProps = props[part.prop];
    return partProps === undefined ? [] : [{ part, props: partProps }];
  });
}

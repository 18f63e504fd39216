/**
 * What a response type is: one object per containment workflow (ECS task stop, EC2 instance isolation, EKS pod
 * containment, ...) that says everything about it, from its props: which findings start it (event pattern and
 * input transformer), what it does (state machine definition), what each of its Task states needs from IAM (as
 * aws-cdk's tasks carry their policy statements), which alarms watch it, how `review` describes it and which AWS
 * answers `simulate` can play for it. Pure data and functions (no CDKTF): modules/response-pipeline builds a
 * pipeline from any type, and tools/ (review, simulate, the registry module) iterate over `RESPONSE_TYPES`
 * (`registry.ts`). How to add one: docs/response-types.md.
 */
import type { Partition } from "../aws/partition";
import type { PolicyStatement } from "../iam/policy-document";
import type { ResponseRolePolicyProps } from "../iam/response-role-statements";
import type { ResponseAlarmSpec } from "./alarm-specs";
import type { SimulatedAnswerSpec } from "./simulated-answers";

export type { ResponseAlarmSpec, SimulatedAnswerSpec };

/** One containment workflow, described from its props `Props` (the type's own settings, no delivery settings). */
export interface ResponseType<Props> {
  /** Kebab-case id, unique among the registered types, e.g. `ecs-stop-task`. */
  readonly id: string;
  /** Short name in words, e.g. `ECS task auto-stop`. */
  readonly title: string;
  /** Name of the construct that deploys it, the first word of its error messages, e.g. `EcsTaskAutoStop`. */
  readonly constructName: string;
  /**
   * Resource names are `<namePrefix>-<suffix>-rule`, `<namePrefix>-<suffix>-state-machine`, ...
   * (functions/naming/resource-names.ts); each must fit its AWS limit.
   * @default - no suffix: `<namePrefix>-rule`, ... (the seed's names, ECS only)
   */
  readonly resourceNameSuffix?: string;
  /** The finding resource it acts on. */
  readonly findingResource: FindingResource;
  /** Descriptions and names of the pipeline's rule, roles, inline policies and target. */
  readonly pipelineText: PipelineText;
  /** Props a user would start with (docs, review examples, the completeness test). */
  readonly exampleProps: Props;

  /**
   * Throws an Error whose message names the setting, the bad value and what is allowed (without the construct
   * name: the caller prefixes it). Called before anything else.
   */
  validate(props: Props): void;
  /** The EventBridge pattern of the findings that start it. */
  eventPattern(props: Props): object;
  /** What the rule hands to the state machine, picked out of the finding event. */
  inputTransformer(props: Props): InputTransformer;
  /** The Amazon States Language definition (a fresh object on every call). */
  definition(props: Props, context: DefinitionContext): Record<string, unknown>;
  /**
   * What the state machine's role needs, per Task integration of the definition and for the state machine's own
   * logging and tracing, in the order the role policy lists them. The role policy is derived from these and the
   * definition (`role-policy.ts`): a grant goes in only when something in the workflow needs it.
   */
  grants(props: Props, context: GrantContext): readonly RoleGrant[];
  /** CloudWatch alarms on the pipeline's metrics, each a metric that must stay at zero. */
  readonly alarms: readonly ResponseAlarmSpec[];
  /** What `review` says about it. */
  review(props: Props): ReviewText;
  /** The AWS answers `simulate` can play for a finding it acts on; the first is the default. At least one. */
  readonly simulatedAnswers: readonly SimulatedAnswerSpec[];
  /**
   * What `simulate` should tell the user about this finding that the simulated AWS does not show (it does not
   * evaluate IAM): e.g. a resource outside the role's scope, so the real calls would be denied. Pure.
   * @default - no notes
   */
  simulationNotes?(props: Props, finding: Readonly<Record<string, unknown>>, context: SimulationNoteContext): readonly string[];
  /**
   * EKS access entries (and their access policy associations) the state machine's role needs in Kubernetes,
   * for a type whose Task states call the Kubernetes API (`eks:call`).
   * @default - none
   */
  eksAccess?(props: Props, context: EksAccessContext): readonly EksAccess[];
}

/**
 * A registered type whose props type does not matter to the caller (registries, tools iterating over types):
 * its methods take the props it gives, e.g. `type.definition(type.exampleProps, context)`.
 */
export type AnyResponseType = ResponseType<unknown>;

/** The GuardDuty resource a type acts on. */
export interface FindingResource {
  /** `detail.resource.resourceType` of its findings: `ECSCluster`, `Instance`, `EKSCluster`. */
  readonly resourceType: string;
  /** In words: `an ECS task`, `an EC2 instance`, `a Kubernetes pod`. */
  readonly description: string;
}

/** Text and names of the pipeline's resources. */
export interface PipelineText {
  readonly ruleDescription: string;
  readonly stateMachineRoleDescription: string;
  readonly eventsRoleDescription: string;
  /** Inline policy of the state machine role (names are unique per role only). */
  readonly rolePolicyName: string;
  readonly eventsRolePolicyName: string;
  /** The rule target's id. */
  readonly targetId: string;
}

/** What the definition is built in. */
export interface DefinitionContext {
  /** ARN of the topic every notice goes to (a value or a Terraform reference; never parsed). */
  readonly topicArn: string;
  /** Partition of the Task Resource ARNs: a literal or a Terraform reference (`data.aws_partition`'s). */
  readonly partition: string;
  /**
   * The partition as a literal: of the stack's literal region, `aws` when the region is a reference. For a
   * workflow that must know it at synth time.
   */
  readonly literalPartition: Partition;
  /** First part of every resource name (for names the workflow creates at run time, e.g. a quarantine group). */
  readonly namePrefix: string;
}

/** What the role's statements are scoped to: partition, region, account, the topic (and its key), tracing. */
export type GrantContext = ResponseRolePolicyProps;

/** What the EKS access entries are for. */
/** Where the simulated stack is deployed. */
export interface SimulationNoteContext {
  readonly region: string;
  readonly accountId: string;
}

export interface EksAccessContext {
  /** ARN of the state machine's role (a Terraform reference). */
  readonly principalArn: string;
  /** Partition of the access policy ARN (a literal or a Terraform reference). */
  readonly partition: string;
}

/**
 * Who needs a grant: a Task integration (the Task `Resource` after `arn:<partition>:states:::`, e.g.
 * `aws-sdk:ecs:stopTask`, `eks:call`), or the state machine itself (log delivery, X-Ray tracing).
 */
export type GrantNeed = { readonly integration: string } | { readonly stateMachine: "logging" | "tracing" };

/**
 * Statements one Task integration (or the state machine) needs, as aws-cdk's tasks carry their policy
 * statements. `statements` may be empty for a need IAM does not authorize (`eks:call`: Kubernetes does), or that
 * these props never exercise; `reason` then says why.
 */
export interface RoleGrant {
  /** Any of these needs brings the statements in. */
  readonly neededBy: readonly GrantNeed[];
  readonly statements: readonly PolicyStatement[];
  /** Why there is no statement (required when `statements` is empty), or a note on a surprising one. */
  readonly reason?: string;
}

/** What `review` says about a type. */
export interface ReviewText {
  /** One paragraph: what the workflow does to the finding's resource, and when it does nothing. */
  readonly description: string;
  /** Every outcome it can notify, in the order of its documentation. */
  readonly outcomes: readonly NotifiedOutcome[];
}

/** One outcome the workflow notifies, with the SNS Subject of its notice. */
export interface NotifiedOutcome {
  /** e.g. `STOPPED`, `ISOLATED`, `FAILED`. */
  readonly name: string;
  readonly subject: string;
}

/** An EventBridge input transformer. */
export interface InputTransformer {
  /** EventBridge `InputPathsMap`: placeholder name -> JSONPath into the event. */
  readonly inputPaths: Readonly<Record<string, string>>;
  /** EventBridge `InputTemplate`, exact text (it is not JSON until the placeholders are filled). */
  readonly inputTemplate: string;
}

/** `aws_eks_access_entry` parameters (CDKTF config names). */
export interface EksAccessEntryParameters {
  readonly clusterName: string;
  readonly principalArn: string;
  readonly type: "STANDARD";
}

/** `aws_eks_access_policy_association` parameters (CDKTF config names). */
export interface EksAccessPolicyAssociationParameters {
  readonly clusterName: string;
  readonly principalArn: string;
  readonly policyArn: string;
  readonly accessScope: { readonly type: "namespace"; readonly namespaces: string[] };
}

/** One EKS access entry of the state machine's role and its access policy association. */
export interface EksAccess {
  readonly accessEntry: EksAccessEntryParameters;
  readonly policyAssociation: EksAccessPolicyAssociationParameters;
}

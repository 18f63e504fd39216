import { Token } from "cdktf";
import { Construct } from "constructs";
import { buildEcsRuntimeFindingPattern, FindingFilters, validateFindingFilters } from "../../functions/ecs-stop-task/finding-filters";
import { buildGuardedEcsInputTransformer } from "../../functions/ecs-stop-task/guarded-input-transformer";
import { buildGuardedStopTaskDefinition, GuardedExemptionTag } from "../../functions/ecs-stop-task/guarded-state-machine";
import { buildSeedEcsInputTransformer } from "../../functions/ecs-stop-task/seed-input-transformer";
import { buildSeedStopTaskDefinition } from "../../functions/ecs-stop-task/seed-state-machine";
import { buildStopTaskStateMachinePolicy, tasksOfClusterArnPattern } from "../../functions/ecs-stop-task/state-machine-role-policy";
import { pipelineBaseName } from "../../functions/naming/resource-names";
import { AwsContext } from "../aws-context";
import { ResponsePipeline, ResponsePipelineOptions, ResponsePipelineSpec } from "../response-pipeline";

/** Options of the guarded workflow; see docs/containment-choices.md. */
export interface GuardedWorkflowOptions {
  /** Notify what would be stopped, stop nothing. @default false */
  readonly dryRun?: boolean;
  /** A task or cluster with this tag is not stopped. @default { key: "guardduty-response", value: "exempt" } */
  readonly exemptionTag?: GuardedExemptionTag;
  /** Keep at least this many running tasks in the task's service. @default - no guard */
  readonly minHealthyTasks?: number;
  /** Console domain for links. @default "console.aws.amazon.com" */
  readonly consoleDomain?: string;
}

export interface EcsTaskAutoStopProps extends ResponsePipelineOptions {
  /**
   * First part of every resource name, e.g. `ecs-runtime-monitoring-stop-task-dev` (the seed's topic
   * is `<namePrefix>-topic`); see functions/naming/resource-names.ts. Each name must fit its AWS limit
   * (64-character IAM role names, which also carry the region code).
   */
  readonly namePrefix: string;
  /**
   * `seed`: the seed's state machine, byte for byte (stops every matched task, ends Succeeded even when
   * the stop failed). `guarded`: reads the task first, honours exemption tags, dry-run and a minimum of
   * healthy service tasks, never acts twice, retries throttling, and fails the execution when the stop
   * failed.
   * @default "seed"
   */
  readonly workflow?: "seed" | "guarded";
  /** Only with `workflow: "guarded"`. @default - the guarded workflow's defaults */
  readonly guarded?: GuardedWorkflowOptions;
  /**
   * Clusters whose tasks the state machine may stop.
   * @default - the tasks of any cluster in this account and region (never `*`)
   */
  readonly clusterArns?: readonly string[];
  /**
   * Which findings start the state machine, added to the seed's pattern: minimum severity, finding
   * types, clusters, accounts.
   * @default - every ECS Runtime Monitoring finding (the seed's pattern exactly)
   */
  readonly filters?: FindingFilters;
}

/**
 * The seed's automatic containment for ECS: an EventBridge rule on ECS Runtime Monitoring findings
 * starts a state machine that stops the task and reports success or failure to an SNS topic; or the
 * guarded workflow in its place. Every created resource is a public field (see ResponsePipeline).
 */
export class EcsTaskAutoStop extends ResponsePipeline {
  constructor(scope: Construct, id: string, props: EcsTaskAutoStopProps) {
    super(scope, id, ecsSpec(props, AwsContext.of(scope).partition), props);
  }
}

/** The ECS spec; `partition` (the stack's, a Terraform reference) goes into every Task Resource ARN. */
function ecsSpec(props: EcsTaskAutoStopProps, partition: string): ResponsePipelineSpec {
  validate(props);
  const guarded = props.workflow === "guarded";
  return {
    kind: "EcsTaskAutoStop",
    name: pipelineBaseName(props.namePrefix, "ecs"),
    ruleDescription: "GuardDuty Runtime Monitoring findings on ECS tasks",
    stateMachineRoleDescription: "Stops ECS tasks reported by GuardDuty Runtime Monitoring and notifies the topic",
    eventsRoleDescription: "Lets the EventBridge rule start the stop-task state machine",
    rolePolicyName: "stop-tasks-and-notify",
    eventsRolePolicyName: "start-stop-task-state-machine",
    targetId: "stop-task-state-machine",
    eventPattern: buildEcsRuntimeFindingPattern(props.filters),
    inputTransformer: guarded ? buildGuardedEcsInputTransformer() : buildSeedEcsInputTransformer(),
    definition: (topicArn) =>
      guarded ? buildGuardedStopTaskDefinition({ topicArn, ...props.guarded, partition }) : buildSeedStopTaskDefinition({ topicArn, partition }),
    rolePolicy: (context) => buildStopTaskStateMachinePolicy({ ...context, clusterArns: props.clusterArns, readsBeforeStopping: guarded }),
  };
}

function validate(props: EcsTaskAutoStopProps): void {
  const fail = (setting: string, value: unknown, allowed: string): never => {
    throw new Error(`EcsTaskAutoStop: ${setting} ${JSON.stringify(value)} is not allowed; expected ${allowed}`);
  };
  if (props.workflow !== undefined && props.workflow !== "seed" && props.workflow !== "guarded") fail("workflow", props.workflow, '"seed" or "guarded"');
  if (props.guarded !== undefined && props.workflow !== "guarded") fail("guarded", props.guarded, 'no value unless workflow is "guarded" (the seed workflow has no options)');
  if (props.filters !== undefined) {
    try {
      validateFindingFilters(props.filters);
    } catch (e) {
      throw new Error(`EcsTaskAutoStop: filters.${(e as Error).message}`);
    }
  }
  for (const arn of props.clusterArns ?? []) {
    if (!Token.isUnresolved(arn) && tasksOfClusterArnPattern(arn) === undefined) fail("clusterArns", arn, "ECS cluster ARNs");
  }
}

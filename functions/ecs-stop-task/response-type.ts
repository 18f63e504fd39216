/**
 * The ECS response type: an EventBridge rule on ECS Runtime Monitoring findings starts a state machine that stops
 * the task and reports to the topic: the seed's workflow byte for byte, or the guarded one.
 */
import type { ResponseType } from "../response-types/contract";
import { RESPONSE_PIPELINE_ALARMS } from "../response-types/alarm-specs";
import { buildEcsRuntimeFindingPattern, validateFindingFilters, type FindingFilters } from "./finding-filters";
import { buildGuardedEcsInputTransformer } from "./guarded-input-transformer";
import { buildGuardedStopTaskDefinition, GUARDED_OUTCOMES, GUARDED_SUBJECTS, type GuardedExemptionTag } from "./guarded-state-machine";
import { buildSeedEcsInputTransformer } from "./seed-input-transformer";
import { buildSeedStopTaskDefinition } from "./seed-state-machine";
import { ECS_STOP_TASK_SIMULATED_ANSWERS } from "./simulated-answers";
import { stopTaskRoleGrants, tasksOfClusterArnPattern } from "./state-machine-role-policy";
import { ecsSimulationNotes } from "./simulation-notes";

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

/** What the ECS response type is built from. */
export interface EcsStopTaskProps {
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

/** Terraform references (`${...}`) cannot be checked at synth time. */
const isReference = (value: string): boolean => value.includes("${");

export const ECS_STOP_TASK: ResponseType<EcsStopTaskProps> = {
  id: "ecs-stop-task",
  title: "ECS task auto-stop",
  constructName: "EcsTaskAutoStop",
  findingResource: { resourceType: "ECSCluster", description: "an ECS task" },
  pipelineText: {
    ruleDescription: "GuardDuty Runtime Monitoring findings on ECS tasks",
    stateMachineRoleDescription: "Stops ECS tasks reported by GuardDuty Runtime Monitoring and notifies the topic",
    eventsRoleDescription: "Lets the EventBridge rule start the stop-task state machine",
    rolePolicyName: "stop-tasks-and-notify",
    eventsRolePolicyName: "start-stop-task-state-machine",
    targetId: "stop-task-state-machine",
  },
  exampleProps: {},

  validate(props) {
    const fail = (setting: string, value: unknown, allowed: string): never => {
      throw new Error(`${setting} ${JSON.stringify(value)} is not allowed; expected ${allowed}`);
    };
    if (props.workflow !== undefined && props.workflow !== "seed" && props.workflow !== "guarded") fail("workflow", props.workflow, '"seed" or "guarded"');
    if (props.guarded !== undefined && props.workflow !== "guarded")
      fail("guarded", props.guarded, 'no value unless workflow is "guarded" (the seed workflow has no options)');
    if (props.filters !== undefined) {
      try {
        validateFindingFilters(props.filters);
      } catch (e) {
        throw new Error(`filters.${(e as Error).message}`);
      }
    }
    for (const arn of props.clusterArns ?? []) {
      if (!isReference(arn) && tasksOfClusterArnPattern(arn) === undefined) fail("clusterArns", arn, "ECS cluster ARNs");
    }
  },
  eventPattern: (props) => buildEcsRuntimeFindingPattern(props.filters),
  inputTransformer: (props) => (props.workflow === "guarded" ? buildGuardedEcsInputTransformer() : buildSeedEcsInputTransformer()),
  definition: (props, { topicArn, partition }) =>
    props.workflow === "guarded"
      ? buildGuardedStopTaskDefinition({ topicArn, ...props.guarded, partition })
      : buildSeedStopTaskDefinition({ topicArn, partition }),
  grants: (props, context) => stopTaskRoleGrants({ ...context, clusterArns: props.clusterArns }),
  alarms: RESPONSE_PIPELINE_ALARMS,
  review(props) {
    if (props.workflow === "guarded") {
      return {
        description:
          "Reads the task the finding names, its cluster and its service; a task or cluster with the exemption tag, a task already stopped or not found, a service at its minimum of healthy tasks, or a dry run is only reported. Otherwise it stops the task (ecs:StopTask), retrying throttling, and tells the topic what it did; an execution that could not act fails after notifying.",
        outcomes: GUARDED_OUTCOMES.map((name) => ({ name, subject: GUARDED_SUBJECTS[name] })),
      };
    }
    // The seed notifies by Subject only (no outcome attribute): its two notice states name the outcomes.
    const states = buildSeedStopTaskDefinition({ topicArn: "topic" }).States as Record<string, { Parameters: { Subject: string } }>;
    return {
      description:
        "Stops the task the finding names (ecs:StopTask, the finding title as the reason) and tells the topic whether it stopped it; the execution ends Succeeded even when the stop failed (the seed's workflow, byte for byte).",
      outcomes: [
        { name: "Notify Success", subject: states["Notify Success"].Parameters.Subject },
        { name: "Notify Failure", subject: states["Notify Failure"].Parameters.Subject },
      ],
    };
  },
  simulatedAnswers: ECS_STOP_TASK_SIMULATED_ANSWERS,
  simulationNotes: ecsSimulationNotes,
};

/**
 * The "guarded" ECS containment workflow: an opt-in alternative to the seed's state machine that checks
 * before it stops, tells the topic what it did in every case, and fails the execution when it could not act.
 *
 * Input: {@link GuardedStopTaskInput} (see `guarded-input-transformer.ts`). JSONPath ASL only (no JSONata).
 *
 * Branch map (state names in {@link GUARDED_STATES}; outcomes in {@link GUARDED_OUTCOMES}):
 *
 * ```text
 * Settings -> Prepare -> Describe Task
 *   Describe Task      --Ecs.ClusterNotFoundException-------> Notify Task Not Found          TASK_NOT_FOUND
 *   Describe Task      --any other error--------------------> Notify Failure -> Containment Failed (Fail)
 *   Is Task Found      --no task in the answer--------------> Notify Task Not Found          TASK_NOT_FOUND
 *   Read Task -> Is Already Stopped --Last/DesiredStatus STOPPED-> Notify Already Stopped     ALREADY_STOPPED
 *   Check Task Tag -> Is Task Exempt --tag on the task------> Notify Exempt By Task Tag      EXEMPT_BY_TASK_TAG
 *   Describe Cluster   --error------------------------------> Notify Failure -> Containment Failed
 *   Is Cluster Found   --no cluster in the answer-----------> Cluster Not Found -> Notify Failure -> Containment Failed
 *   Read Cluster -> Check Cluster Tag -> Is Cluster Exempt --tag-> Notify Exempt By Cluster Tag EXEMPT_BY_CLUSTER_TAG
 *   Is Service Guarded --minHealthyTasks unset, or Group not service:*--> Is Dry Run
 *   Describe Service   --error------------------------------> Notify Failure -> Containment Failed
 *   Is Service Found   --no service in the answer-----------> Is Dry Run
 *   Count Tasks -> Has Enough Tasks Left --RunningCount-1 < N-> Notify Service At Minimum   SERVICE_AT_MINIMUM
 *   Is Dry Run         --dryRun-----------------------------> Notify Dry Run                 DRY_RUN
 *   Stop Task          --error------------------------------> Notify Failure -> Containment Failed   FAILED
 *   Stop Task -> Read Stopped Task -> Notify Stopped                                         STOPPED
 * ```
 *
 * Every notification ends the execution SUCCEEDED except Notify Failure, which is followed by a Fail state
 * carrying the original error name (so `ExecutionsFailed` alarms fire). A notification that cannot be
 * published (after retries) fails the execution.
 *
 * The min-healthy guard is evaluated before the dry-run switch, so a dry run reports "would stop" only when
 * the real run would stop.
 *
 * Why `States.ArrayContains` and not a JSONPath filter for the exemption tag: `asl-validator` rejects
 * `[?(@.Key=='k' && @.Value=='v')]` (no `&&` in its path grammar), and `aws-local-stepfunctions` evaluates a
 * filter that matches nothing as "path does not point to a value" (States.Runtime, uncatchable) where AWS
 * yields `[]`, and one match as the element instead of a one-element list. So the tags (defaulted to `[]`
 * when ECS leaves them out) are tested with `States.ArrayContains(tags, {"Key": k, "Value": v})`, the tag
 * object coming from Settings: the configured key and value are data, never spliced into a path.
 */
import { DEFAULT_CONSOLE_DOMAIN, resolveConsoleDomain } from "../asl/finding-console-link";
import type { NoticeLine } from "../asl/notice";
import { notifyStates, OUTCOME_ATTRIBUTE, SNS_RETRY_ERRORS } from "../asl/notify-state";
import { assertNoTemplateDirective, assertTopicArn, WorkflowPropsError } from "../asl/props-error";
import { DEFAULT_RETRY, resolveRetry, retrier, type RetryProps } from "../asl/retry";
import { catchAllTo, dryRunChoice, failState, prepareState, settingsState } from "../asl/workflow-states";
import { apiTag, assertResourceTag, type ResourceTag } from "../aws/resource-tag";
import type { GuardedStopTaskInput } from "./guarded-input-transformer";

export type { GuardedStopTaskInput };

/** Retry policy of every AWS call (shared by every containment workflow). */
export type GuardedRetryProps = RetryProps;

/** An ECS tag that exempts a task from being stopped. */
export type GuardedExemptionTag = ResourceTag;

/** Inputs of the guarded state machine definition. */
export interface GuardedStopTaskProps {
  /** ARN of the SNS topic for every notice. May be a Terraform reference string; it is never parsed. */
  readonly topicArn: string;
  /**
   * Notify what would have been stopped and why, and stop nothing.
   * @default false
   */
  readonly dryRun?: boolean;
  /**
   * A task carrying this tag, or running in a cluster carrying it, is not stopped (the topic is told).
   * @default { key: "guardduty-response", value: "exempt" }
   */
  readonly exemptionTag?: GuardedExemptionTag;
  /**
   * For a task of a service (ECS task group `service:<name>`): stop it only if the service keeps at least
   * this many running tasks (`RunningCount - 1 >= minHealthyTasks`); otherwise notify only. Tasks outside a
   * service are not guarded. An integer >= 0.
   * @default - no guard
   */
  readonly minHealthyTasks?: number;
  /**
   * Domain of the AWS console for the link to the finding
   * (`https://<region>.<domain>/guardduty/home?region=<region>#/findings?fId=<id>`); GovCloud is
   * `console.amazonaws-us-gov.com`.
   * @default "console.aws.amazon.com"
   */
  readonly consoleDomain?: string;
  /**
   * Retry of every AWS call on throttling and transient errors (exponential backoff, full jitter).
   * @default { maxAttempts: 5, intervalSeconds: 2, backoffRate: 2 }
   */
  readonly retry?: GuardedRetryProps;
}

/** How an execution ended, as told to the topic (also the `outcome` message attribute). */
export const GUARDED_OUTCOMES = [
  "STOPPED",
  "ALREADY_STOPPED",
  "TASK_NOT_FOUND",
  "EXEMPT_BY_TASK_TAG",
  "EXEMPT_BY_CLUSTER_TAG",
  "SERVICE_AT_MINIMUM",
  "DRY_RUN",
  "FAILED",
] as const;
export type GuardedOutcome = (typeof GUARDED_OUTCOMES)[number];

/**
 * The SNS Subject of each outcome: fixed text, at most 100 characters, no line break, no finding text.
 */
export const GUARDED_SUBJECTS: Readonly<Record<GuardedOutcome, string>> = {
  STOPPED: "GuardDuty ECS response: task stopped",
  ALREADY_STOPPED: "GuardDuty ECS response: task already stopped, nothing done",
  TASK_NOT_FOUND: "GuardDuty ECS response: task not found, nothing done",
  EXEMPT_BY_TASK_TAG: "GuardDuty ECS response: task exempt by tag, not stopped",
  EXEMPT_BY_CLUSTER_TAG: "GuardDuty ECS response: cluster exempt by tag, task not stopped",
  SERVICE_AT_MINIMUM: "GuardDuty ECS response: task not stopped, service at minimum healthy tasks",
  DRY_RUN: "GuardDuty ECS response: dry run, task would have been stopped",
  FAILED: "GuardDuty ECS response: FAILED to contain task, action required",
};

/** Name of the SNS message attribute holding the outcome (for subscription filter policies). */
export const GUARDED_OUTCOME_ATTRIBUTE = OUTCOME_ATTRIBUTE;

/** State names. */
export const GUARDED_STATES = {
  settings: "Settings",
  prepare: "Prepare",
  describeTask: "Describe Task",
  taskFound: "Is Task Found",
  readTask: "Read Task",
  alreadyStopped: "Is Already Stopped",
  checkTaskTag: "Check Task Tag",
  taskExempt: "Is Task Exempt",
  describeCluster: "Describe Cluster",
  clusterFound: "Is Cluster Found",
  clusterNotFound: "Cluster Not Found",
  readCluster: "Read Cluster",
  checkClusterTag: "Check Cluster Tag",
  clusterExempt: "Is Cluster Exempt",
  guardService: "Is Service Guarded",
  describeService: "Describe Service",
  serviceFound: "Is Service Found",
  countTasks: "Count Tasks",
  enoughTasksLeft: "Has Enough Tasks Left",
  dryRun: "Is Dry Run",
  stopTask: "Stop Task",
  readStoppedTask: "Read Stopped Task",
  notifyTaskNotFound: "Notify Task Not Found",
  notifyAlreadyStopped: "Notify Already Stopped",
  notifyExemptByTaskTag: "Notify Exempt By Task Tag",
  notifyExemptByClusterTag: "Notify Exempt By Cluster Tag",
  notifyServiceAtMinimum: "Notify Service At Minimum",
  notifyDryRun: "Notify Dry Run",
  notifyStopped: "Notify Stopped",
  notifyFailure: "Notify Failure",
  containmentFailed: "Containment Failed",
} as const;

/** The notification state of each outcome. */
export const GUARDED_NOTIFY_STATES: Readonly<Record<GuardedOutcome, string>> = {
  STOPPED: GUARDED_STATES.notifyStopped,
  ALREADY_STOPPED: GUARDED_STATES.notifyAlreadyStopped,
  TASK_NOT_FOUND: GUARDED_STATES.notifyTaskNotFound,
  EXEMPT_BY_TASK_TAG: GUARDED_STATES.notifyExemptByTaskTag,
  EXEMPT_BY_CLUSTER_TAG: GUARDED_STATES.notifyExemptByClusterTag,
  SERVICE_AT_MINIMUM: GUARDED_STATES.notifyServiceAtMinimum,
  DRY_RUN: GUARDED_STATES.notifyDryRun,
  FAILED: GUARDED_STATES.notifyFailure,
};

export const GUARDED_STOP_TASK_COMMENT =
  "Contain an ECS task that GuardDuty Runtime Monitoring reported: check, stop unless exempt or guarded, notify, fail loudly";
export const GUARDED_TIMEOUT_SECONDS = 900;
export const GUARDED_DEFAULT_EXEMPTION_TAG: GuardedExemptionTag = { key: "guardduty-response", value: "exempt" };
export const GUARDED_DEFAULT_CONSOLE_DOMAIN = DEFAULT_CONSOLE_DOMAIN;
export const GUARDED_DEFAULT_RETRY: Required<GuardedRetryProps> = DEFAULT_RETRY;

/**
 * ECS errors retried: unmodeled throttling surfaces as `Ecs.EcsException` (see `stepFunctionsErrorName`);
 * `Ecs.ThrottlingException` in case AWS models it; `Ecs.ServerException` for ECS's 5xx.
 */
export const GUARDED_ECS_RETRY_ERRORS: readonly string[] = ["Ecs.EcsException", "Ecs.ThrottlingException", "Ecs.ServerException"];
/** SNS errors retried (all modeled by SNS). */
export const GUARDED_SNS_RETRY_ERRORS: readonly string[] = SNS_RETRY_ERRORS;

/** Error of the Fail state when no cluster could be described (DescribeClusters answered only failures). */
export const GUARDED_CLUSTER_NOT_FOUND_ERROR = "GuardDutyResponse.ClusterNotFound";
/** Cause of the Fail state (its Error is the original error name). */
export const GUARDED_FAILURE_CAUSE = "The ECS task was not contained; the failure notice was published to the topic.";
/** Text standing for a value the workflow does not know (yet), e.g. the group of a task not found. */
export const GUARDED_UNKNOWN = "unknown";

/** Invalid props of {@link buildGuardedStopTaskDefinition}. */
export class GuardedStopTaskPropsError extends WorkflowPropsError {}

const DESCRIBE_TASKS = "arn:aws:states:::aws-sdk:ecs:describeTasks";
const DESCRIBE_CLUSTERS = "arn:aws:states:::aws-sdk:ecs:describeClusters";
const DESCRIBE_SERVICES = "arn:aws:states:::aws-sdk:ecs:describeServices";
const STOP_TASK = "arn:aws:states:::aws-sdk:ecs:stopTask";

/** Builds the guarded state machine's ASL. The configuration is baked into the `Settings` state. */
export function buildGuardedStopTaskDefinition(props: GuardedStopTaskProps): Record<string, unknown> {
  const settings = resolveSettings(props);
  const S = GUARDED_STATES;

  const catchToFailure = [catchAllTo(S.notifyFailure)];
  const ecsRetry = [retrier(GUARDED_ECS_RETRY_ERRORS, settings.retry)];

  // Free text (title, stopped reason, tags, error details) goes through `States.JsonToString`.
  const notify = notifyStates<GuardedOutcome>({
    topicArn: props.topicArn,
    subjects: GUARDED_SUBJECTS,
    workload: "ECS",
    resourceLines: [
      ["Cluster", "$.ecs.clusterArn"],
      ["Task", "$.ecs.taskArn"],
      ["Task definition", "$.ecs.taskDefinitionArn"],
      ["Service group", "$.target.Task.Group"],
      ["Task last status", "$.target.Task.LastStatus"],
      ["Task desired status", "$.target.Task.DesiredStatus"],
    ],
    retry: settings.retry,
  });

  const stoppedReason: NoticeLine = ["Stopped reason", "States.JsonToString($.target.Task.StoppedReason)"];
  const exemptionTag: NoticeLine = ["Exemption tag", "States.JsonToString($.settings.ExemptionTag)"];

  const definition = {
    Comment: GUARDED_STOP_TASK_COMMENT,
    StartAt: S.settings,
    TimeoutSeconds: GUARDED_TIMEOUT_SECONDS,
    States: {
      [S.settings]: settingsState(
        {
          DryRun: settings.dryRun,
          ExemptionTag: apiTag(settings.exemptionTag),
          MinHealthyTasks: settings.minHealthyTasks ?? null,
          ConsoleDomain: settings.consoleDomain,
          UnknownTask: { Group: GUARDED_UNKNOWN, LastStatus: GUARDED_UNKNOWN, DesiredStatus: GUARDED_UNKNOWN, StoppedReason: null, Tags: [] },
          UnknownCluster: { Tags: [] },
        },
        S.prepare,
      ),
      [S.prepare]: prepareState({
        comment: "Keep the known input only; derive the console link, the JSON-quoted title and the stop reason.",
        inputParts: ["ecs"],
        derived: { "StopReason.$": "States.Format('GuardDuty {} finding {}', $.finding.type, $.finding.id)" },
        extra: { target: { "Task.$": "$.settings.UnknownTask", "Cluster.$": "$.settings.UnknownCluster" } },
        next: S.describeTask,
      }),
      [S.describeTask]: {
        Type: "Task",
        Resource: DESCRIBE_TASKS,
        Parameters: { "Cluster.$": "$.ecs.clusterArn", "Tasks.$": "States.Array($.ecs.taskArn)", Include: ["TAGS"] },
        ResultPath: "$.describe",
        Retry: ecsRetry,
        Catch: [{ ErrorEquals: ["Ecs.ClusterNotFoundException"], ResultPath: "$.error", Next: S.notifyTaskNotFound }, ...catchToFailure],
        Next: S.taskFound,
      },
      [S.taskFound]: {
        Type: "Choice",
        Choices: [{ Variable: "$.describe.Tasks[0]", IsPresent: true, Next: S.readTask }],
        Default: S.notifyTaskNotFound,
      },
      [S.readTask]: {
        Type: "Pass",
        Comment: "The described task over defaults, so that Group, statuses and Tags are always present.",
        Parameters: { "Task.$": "States.JsonMerge($.target.Task, $.describe.Tasks[0], false)", "Cluster.$": "$.target.Cluster" },
        ResultPath: "$.target",
        Next: S.alreadyStopped,
      },
      [S.alreadyStopped]: {
        Type: "Choice",
        Choices: [
          {
            Or: [
              { Variable: "$.target.Task.LastStatus", StringEquals: "STOPPED" },
              { Variable: "$.target.Task.DesiredStatus", StringEquals: "STOPPED" },
            ],
            Next: S.notifyAlreadyStopped,
          },
        ],
        Default: S.checkTaskTag,
      },
      [S.checkTaskTag]: {
        Type: "Pass",
        Parameters: { "Task.$": "States.ArrayContains($.target.Task.Tags, $.settings.ExemptionTag)" },
        ResultPath: "$.exemption",
        Next: S.taskExempt,
      },
      [S.taskExempt]: {
        Type: "Choice",
        Choices: [{ Variable: "$.exemption.Task", BooleanEquals: true, Next: S.notifyExemptByTaskTag }],
        Default: S.describeCluster,
      },
      [S.describeCluster]: {
        Type: "Task",
        Resource: DESCRIBE_CLUSTERS,
        Parameters: { "Clusters.$": "States.Array($.ecs.clusterArn)", Include: ["TAGS"] },
        ResultPath: "$.clusterDescription",
        Retry: ecsRetry,
        Catch: catchToFailure,
        Next: S.clusterFound,
      },
      [S.clusterFound]: {
        Type: "Choice",
        Choices: [{ Variable: "$.clusterDescription.Clusters[0]", IsPresent: true, Next: S.readCluster }],
        Default: S.clusterNotFound,
      },
      [S.clusterNotFound]: {
        Type: "Pass",
        Parameters: { Error: GUARDED_CLUSTER_NOT_FOUND_ERROR, "Cause.$": "States.JsonToString($.clusterDescription)" },
        ResultPath: "$.error",
        Next: S.notifyFailure,
      },
      [S.readCluster]: {
        Type: "Pass",
        Parameters: { "Task.$": "$.target.Task", "Cluster.$": "States.JsonMerge($.target.Cluster, $.clusterDescription.Clusters[0], false)" },
        ResultPath: "$.target",
        Next: S.checkClusterTag,
      },
      [S.checkClusterTag]: {
        Type: "Pass",
        Parameters: { "Task.$": "$.exemption.Task", "Cluster.$": "States.ArrayContains($.target.Cluster.Tags, $.settings.ExemptionTag)" },
        ResultPath: "$.exemption",
        Next: S.clusterExempt,
      },
      [S.clusterExempt]: {
        Type: "Choice",
        Choices: [{ Variable: "$.exemption.Cluster", BooleanEquals: true, Next: S.notifyExemptByClusterTag }],
        Default: S.guardService,
      },
      [S.guardService]: {
        Type: "Choice",
        Choices: [
          {
            And: [
              { Variable: "$.settings.MinHealthyTasks", IsNumeric: true },
              { Variable: "$.target.Task.Group", IsString: true },
              { Variable: "$.target.Task.Group", StringMatches: "service:*" },
            ],
            Next: S.describeService,
          },
        ],
        Default: S.dryRun,
      },
      [S.describeService]: {
        Type: "Task",
        Resource: DESCRIBE_SERVICES,
        Parameters: {
          "Cluster.$": "$.ecs.clusterArn",
          "Services.$": "States.Array(States.ArrayGetItem(States.StringSplit($.target.Task.Group, ':'), 1))",
        },
        ResultPath: "$.serviceDescription",
        Retry: ecsRetry,
        Catch: catchToFailure,
        Next: S.serviceFound,
      },
      [S.serviceFound]: {
        Type: "Choice",
        Choices: [{ Variable: "$.serviceDescription.Services[0]", IsPresent: true, Next: S.countTasks }],
        Default: S.dryRun,
      },
      [S.countTasks]: {
        Type: "Pass",
        Parameters: {
          "ServiceName.$": "$.serviceDescription.Services[0].ServiceName",
          "RunningCount.$": "$.serviceDescription.Services[0].RunningCount",
          "RunningCountAfterStop.$": "States.MathAdd($.serviceDescription.Services[0].RunningCount, -1)",
        },
        ResultPath: "$.guard",
        Next: S.enoughTasksLeft,
      },
      [S.enoughTasksLeft]: {
        Type: "Choice",
        Choices: [{ Variable: "$.guard.RunningCountAfterStop", NumericGreaterThanEqualsPath: "$.settings.MinHealthyTasks", Next: S.dryRun }],
        Default: S.notifyServiceAtMinimum,
      },
      [S.dryRun]: dryRunChoice(S.notifyDryRun, S.stopTask),
      [S.stopTask]: {
        Type: "Task",
        Resource: STOP_TASK,
        Parameters: { "Cluster.$": "$.ecs.clusterArn", "Task.$": "$.ecs.taskArn", "Reason.$": "$.derived.StopReason" },
        ResultPath: "$.stop",
        Retry: ecsRetry,
        Catch: catchToFailure,
        Next: S.readStoppedTask,
      },
      [S.readStoppedTask]: {
        Type: "Pass",
        Parameters: { "Task.$": "States.JsonMerge($.target.Task, $.stop.Task, false)", "Cluster.$": "$.target.Cluster" },
        ResultPath: "$.target",
        Next: S.notifyStopped,
      },
      [S.notifyTaskNotFound]: notify(
        "TASK_NOT_FOUND",
        "ECS does not know this task: it stopped long ago, or its cluster is gone. Nothing was stopped.",
        [],
      ),
      [S.notifyAlreadyStopped]: notify(
        "ALREADY_STOPPED",
        "The task is already stopped or stopping, for instance by an earlier execution for this finding. It was not stopped again.",
        [stoppedReason],
      ),
      [S.notifyExemptByTaskTag]: notify(
        "EXEMPT_BY_TASK_TAG",
        "The task carries the exemption tag, so it was NOT stopped. Investigate it by hand.",
        [exemptionTag],
      ),
      [S.notifyExemptByClusterTag]: notify(
        "EXEMPT_BY_CLUSTER_TAG",
        "The task runs in a cluster carrying the exemption tag, so it was NOT stopped. Investigate it by hand.",
        [exemptionTag],
      ),
      [S.notifyServiceAtMinimum]: notify(
        "SERVICE_AT_MINIMUM",
        "Stopping the task would leave its service below the minimum of healthy tasks, so it was NOT stopped. Investigate it by hand.",
        [
          ["Service", "$.guard.ServiceName"],
          ["Running tasks", "$.guard.RunningCount"],
          ["Minimum healthy tasks", "$.settings.MinHealthyTasks"],
        ],
      ),
      [S.notifyDryRun]: notify(
        "DRY_RUN",
        "Dry run: the task would have been stopped with the reason below. Nothing was stopped.",
        [["Stop reason", "$.derived.StopReason"]],
      ),
      [S.notifyStopped]: notify("STOPPED", "The task was stopped.", [stoppedReason]),
      [S.notifyFailure]: notify(
        "FAILED",
        "The workflow could not complete; the task may still be running. Act by hand.",
        [
          ["Error", "$.error.Error"],
          ["Error details", "States.JsonToString($.error)"],
        ],
        S.containmentFailed,
      ),
      [S.containmentFailed]: failState(GUARDED_FAILURE_CAUSE),
    },
  };

  assertNoTemplateDirective(definition, GuardedStopTaskPropsError);
  return definition;
}

interface ResolvedSettings {
  readonly dryRun: boolean;
  readonly exemptionTag: GuardedExemptionTag;
  readonly minHealthyTasks?: number;
  readonly consoleDomain: string;
  readonly retry: Required<GuardedRetryProps>;
}

function resolveSettings(props: GuardedStopTaskProps): ResolvedSettings {
  assertTopicArn(props.topicArn, GuardedStopTaskPropsError);
  const exemptionTag = props.exemptionTag ?? GUARDED_DEFAULT_EXEMPTION_TAG;
  assertResourceTag("exemptionTag", exemptionTag, { service: "ECS" }, GuardedStopTaskPropsError);
  const minHealthyTasks = props.minHealthyTasks;
  if (minHealthyTasks !== undefined && (!Number.isSafeInteger(minHealthyTasks) || minHealthyTasks < 0)) {
    throw new GuardedStopTaskPropsError(`minHealthyTasks must be an integer >= 0, got ${minHealthyTasks}`);
  }
  const consoleDomain = resolveConsoleDomain(props.consoleDomain, GuardedStopTaskPropsError);
  const retry = resolveRetry(props.retry, GuardedStopTaskPropsError);
  return { dryRun: props.dryRun ?? false, exemptionTag, minHealthyTasks, consoleDomain, retry };
}

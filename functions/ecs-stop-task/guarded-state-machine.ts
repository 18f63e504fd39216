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
 *   Are Task Tags Read --no Tags in the answer--------------> Notify Tags Unreadable         TAGS_UNREADABLE
 *   Match Task Tags (Map) --error---------------------------> Notify Failure -> Containment Failed
 *   Check Task Tag -> Is Task Exempt --exemption tag--------> Notify Exempt By Task Tag      EXEMPT_BY_TASK_TAG
 *                                    --a tag without key----> Notify Tags Unreadable         TAGS_UNREADABLE
 *   Describe Cluster   --error------------------------------> Notify Failure -> Containment Failed
 *   Is Cluster Found   --no cluster in the answer-----------> Cluster Not Found -> Notify Failure -> Containment Failed
 *   Read Cluster -> Are Cluster Tags Read --no Tags---------> Notify Tags Unreadable         TAGS_UNREADABLE
 *   Match Cluster Tags (Map) -> Check Cluster Tag -> Is Cluster Exempt
 *                                    --exemption tag--------> Notify Exempt By Cluster Tag   EXEMPT_BY_CLUSTER_TAG
 *                                    --a tag without key----> Notify Tags Unreadable         TAGS_UNREADABLE
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
 * The exemption decision fails closed. It compares strings only, with documented constructions: a Map state
 * over the tags whose item processor compares the tag's key and value with the configured ones (`StringEqualsPath`
 * in a Choice) and yields `"match"`, `"no"` or `"unreadable"`, then `States.ArrayContains` of those strings.
 * (`States.ArrayContains` of a tag object, as before, relies on an object equality AWS does not document; a JSONPath
 * filter `[?(@.Key=='k' && @.Value=='v')]` is refused by asl-validator and evaluated differently by
 * aws-local-stepfunctions.) The configured key and value are data in Settings, never spliced into a path.
 * Casing: the ECS API spells a tag `{"key", "value"}`; Step Functions documents PascalCase for the parameters of
 * AWS SDK integrations, but not the casing of their results (developer guide, "Learning to use AWS service SDK
 * integrations in Step Functions", API naming conventions). The seed, as AWS ran it, reads the StopTask result's
 * task as `$.Task.ClusterArn`, so result members are PascalCase there; a tag is compared in both casings anyway.
 * When the task's or the cluster's `Tags` are absent from the answer (ECS returns them, possibly empty, when asked
 * with `Include: ["TAGS"]`), or a tag has no key in either casing, nothing is stopped: the topic is told
 * (TAGS_UNREADABLE). A describe call that fails goes to the failure notice, also without stopping.
 */
import { DEFAULT_CONSOLE_DOMAIN, resolveConsoleDomain } from "../asl/finding-console-link";
import type { NoticeLine } from "../asl/notice";
import { notifyStates, OUTCOME_ATTRIBUTE, SNS_PUBLISH_PERMANENT_ERRORS } from "../asl/notify-state";
import { integrationResource, resolvePartition } from "../asl/partition";
import { assertNoTemplateDirective, assertTopicArn, WorkflowPropsError } from "../asl/props-error";
import { awsCallRetry, DEFAULT_RETRY, resolveRetry, type RetryProps } from "../asl/retry";
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
  /**
   * Partition of the Task Resource ARNs (a literal or a Terraform reference such as `data.aws_partition`'s).
   * @default "aws"
   */
  readonly partition?: string;
}

/** How an execution ended, as told to the topic (also the `outcome` message attribute). */
export const GUARDED_OUTCOMES = [
  "STOPPED",
  "ALREADY_STOPPED",
  "TASK_NOT_FOUND",
  "EXEMPT_BY_TASK_TAG",
  "EXEMPT_BY_CLUSTER_TAG",
  "TAGS_UNREADABLE",
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
  TAGS_UNREADABLE: "GuardDuty ECS response: exemption tags unreadable, task not stopped",
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
  taskTagsRead: "Are Task Tags Read",
  matchTaskTags: "Match Task Tags",
  checkTaskTag: "Check Task Tag",
  taskExempt: "Is Task Exempt",
  describeCluster: "Describe Cluster",
  clusterFound: "Is Cluster Found",
  clusterNotFound: "Cluster Not Found",
  readCluster: "Read Cluster",
  clusterTagsRead: "Are Cluster Tags Read",
  matchClusterTags: "Match Cluster Tags",
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
  notifyTagsUnreadable: "Notify Tags Unreadable",
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
  TAGS_UNREADABLE: GUARDED_STATES.notifyTagsUnreadable,
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
 * The errors the ECS model declares for DescribeTasks, DescribeClusters, DescribeServices and StopTask that another
 * attempt cannot cure: never retried. Every other error is (`ServerException`, `ClientException`, which ECS also
 * answers when throttled (aws/aws-sdk#488), and throttling, which ECS does not model); see `asl/retry.ts`.
 */
export const GUARDED_ECS_PERMANENT_ERRORS: readonly string[] = ["Ecs.AccessDeniedException", "Ecs.ClusterNotFoundException", "Ecs.InvalidParameterException"];
/** SNS Publish errors never retried (every other one is). */
export const GUARDED_SNS_PERMANENT_ERRORS: readonly string[] = SNS_PUBLISH_PERMANENT_ERRORS;

/** What one tag of the task or cluster is, compared with the exemption tag (the item result of the Map states). */
export const GUARDED_TAG_MATCH = "match";
export const GUARDED_TAG_NO_MATCH = "no";
export const GUARDED_TAG_UNREADABLE = "unreadable";

/** Error of the Fail state when no cluster could be described (DescribeClusters answered only failures). */
export const GUARDED_CLUSTER_NOT_FOUND_ERROR = "GuardDutyResponse.ClusterNotFound";
/** Cause of the Fail state (its Error is the original error name). */
export const GUARDED_FAILURE_CAUSE = "The ECS task was not contained; the failure notice was published to the topic.";
/** Text standing for a value the workflow does not know (yet), e.g. the group of a task not found. */
export const GUARDED_UNKNOWN = "unknown";

/** Invalid props of {@link buildGuardedStopTaskDefinition}. */
export class GuardedStopTaskPropsError extends WorkflowPropsError {}

/** Builds the guarded state machine's ASL. The configuration is baked into the `Settings` state. */
export function buildGuardedStopTaskDefinition(props: GuardedStopTaskProps): Record<string, unknown> {
  const settings = resolveSettings(props);
  const S = GUARDED_STATES;
  const resource = (action: string): string => integrationResource(settings.partition, `aws-sdk:ecs:${action}`);

  const catchToFailure = [catchAllTo(S.notifyFailure)];
  const ecsRetry = awsCallRetry(GUARDED_ECS_PERMANENT_ERRORS, settings.retry);

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
    partition: settings.partition,
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
          TagDefaults: { Key: "", Value: "", key: "", value: "" },
          MinHealthyTasks: settings.minHealthyTasks ?? null,
          ConsoleDomain: settings.consoleDomain,
          UnknownTask: { Group: GUARDED_UNKNOWN, LastStatus: GUARDED_UNKNOWN, DesiredStatus: GUARDED_UNKNOWN, StoppedReason: null },
          UnknownCluster: {},
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
        Resource: resource("describeTasks"),
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
        Comment: "The described task over defaults, so that Group and statuses are always present (Tags only if ECS gave them).",
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
        Default: S.taskTagsRead,
      },
      [S.taskTagsRead]: tagsReadChoice("$.target.Task.Tags", S.matchTaskTags, S.notifyTagsUnreadable),
      [S.matchTaskTags]: matchTagsMap("Task", "$.target.Task.Tags", "$.taskTagMatches", S.checkTaskTag, catchToFailure),
      [S.checkTaskTag]: {
        Type: "Pass",
        Parameters: {
          "Task.$": `States.ArrayContains($.taskTagMatches, '${GUARDED_TAG_MATCH}')`,
          "TaskUnreadable.$": `States.ArrayContains($.taskTagMatches, '${GUARDED_TAG_UNREADABLE}')`,
        },
        ResultPath: "$.exemption",
        Next: S.taskExempt,
      },
      [S.taskExempt]: {
        Type: "Choice",
        Choices: [
          { Variable: "$.exemption.Task", BooleanEquals: true, Next: S.notifyExemptByTaskTag },
          { Variable: "$.exemption.TaskUnreadable", BooleanEquals: true, Next: S.notifyTagsUnreadable },
        ],
        Default: S.describeCluster,
      },
      [S.describeCluster]: {
        Type: "Task",
        Resource: resource("describeClusters"),
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
        Next: S.clusterTagsRead,
      },
      [S.clusterTagsRead]: tagsReadChoice("$.target.Cluster.Tags", S.matchClusterTags, S.notifyTagsUnreadable),
      [S.matchClusterTags]: matchTagsMap("Cluster", "$.target.Cluster.Tags", "$.clusterTagMatches", S.checkClusterTag, catchToFailure),
      [S.checkClusterTag]: {
        Type: "Pass",
        Parameters: {
          "Task.$": "$.exemption.Task",
          "TaskUnreadable.$": "$.exemption.TaskUnreadable",
          "Cluster.$": `States.ArrayContains($.clusterTagMatches, '${GUARDED_TAG_MATCH}')`,
          "ClusterUnreadable.$": `States.ArrayContains($.clusterTagMatches, '${GUARDED_TAG_UNREADABLE}')`,
        },
        ResultPath: "$.exemption",
        Next: S.clusterExempt,
      },
      [S.clusterExempt]: {
        Type: "Choice",
        Choices: [
          { Variable: "$.exemption.Cluster", BooleanEquals: true, Next: S.notifyExemptByClusterTag },
          { Variable: "$.exemption.ClusterUnreadable", BooleanEquals: true, Next: S.notifyTagsUnreadable },
        ],
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
        Resource: resource("describeServices"),
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
        Resource: resource("stopTask"),
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
      [S.notifyTaskNotFound]: notify("TASK_NOT_FOUND", "ECS does not know this task: it stopped long ago, or its cluster is gone. Nothing was stopped.", []),
      [S.notifyAlreadyStopped]: notify(
        "ALREADY_STOPPED",
        "The task is already stopped or stopping, for instance by an earlier execution for this finding. It was not stopped again.",
        [stoppedReason],
      ),
      [S.notifyExemptByTaskTag]: notify("EXEMPT_BY_TASK_TAG", "The task carries the exemption tag, so it was NOT stopped. Investigate it by hand.", [
        exemptionTag,
      ]),
      [S.notifyExemptByClusterTag]: notify(
        "EXEMPT_BY_CLUSTER_TAG",
        "The task runs in a cluster carrying the exemption tag, so it was NOT stopped. Investigate it by hand.",
        [exemptionTag],
      ),
      [S.notifyTagsUnreadable]: notify(
        "TAGS_UNREADABLE",
        "The tags of the task or of its cluster could not be read: missing from the ECS answer, or a tag without a key. " +
          "Whether the task is exempt is unknown, so it was NOT stopped. Investigate it by hand.",
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
      [S.notifyDryRun]: notify("DRY_RUN", "Dry run: the task would have been stopped with the reason below. Nothing was stopped.", [
        ["Stop reason", "$.derived.StopReason"],
      ]),
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

/** Is `tagsPath` in the answer? Tags ECS did not give cannot be checked: not acting is the only safe answer. */
function tagsReadChoice(tagsPath: string, whenRead: string, whenMissing: string): Record<string, unknown> {
  return {
    Type: "Choice",
    Choices: [{ Variable: tagsPath, IsPresent: true, Next: whenRead }],
    Default: whenMissing,
  };
}

/**
 * A Map state over the tags at `tagsPath` whose result (at `resultPath`) has one string per tag:
 * {@link GUARDED_TAG_MATCH} when its key and value are the exemption tag's, in the PascalCase (`Key`, `Value`) or
 * the API's (`key`, `value`) spelling; {@link GUARDED_TAG_NO_MATCH} when it has another key or value;
 * {@link GUARDED_TAG_UNREADABLE} when it has no key in either spelling. Absent fields are first filled with `""`
 * (Settings' `TagDefaults`), so the comparisons never read a missing path; ECS tag keys are never empty.
 */
function matchTagsMap(
  owner: "Task" | "Cluster",
  tagsPath: string,
  resultPath: string,
  next: string,
  catchToFailure: readonly Record<string, unknown>[],
): Record<string, unknown> {
  // State names are unique across a whole definition, Map processors included.
  const fill = `Fill ${owner} Tag`;
  const compare = `Compare ${owner} Tag`;
  const matches = `${owner} Tag Matches`;
  const differs = `${owner} Tag Differs`;
  const unreadable = `${owner} Tag Unreadable`;
  const sameTag = (key: string, value: string): Record<string, unknown> => ({
    And: [
      { Variable: `$.Tag.${key}`, StringEqualsPath: "$.Wanted.Key" },
      { Variable: `$.Tag.${value}`, StringEqualsPath: "$.Wanted.Value" },
    ],
  });
  const hasKey = (key: string): Record<string, unknown> => ({
    And: [{ Variable: `$.Tag.${key}`, IsString: true }, { Not: { Variable: `$.Tag.${key}`, StringEquals: "" } }],
  });
  return {
    Type: "Map",
    Comment: "One string per tag: match, no, or unreadable.",
    ItemsPath: tagsPath,
    ItemSelector: { "Tag.$": "$$.Map.Item.Value", "Wanted.$": "$.settings.ExemptionTag", "Defaults.$": "$.settings.TagDefaults" },
    ItemProcessor: {
      ProcessorConfig: { Mode: "INLINE" },
      StartAt: fill,
      States: {
        [fill]: {
          Type: "Pass",
          Parameters: { "Tag.$": "States.JsonMerge($.Defaults, $.Tag, false)", "Wanted.$": "$.Wanted" },
          Next: compare,
        },
        [compare]: {
          Type: "Choice",
          Choices: [
            { Or: [sameTag("Key", "Value"), sameTag("key", "value")], Next: matches },
            { Or: [hasKey("Key"), hasKey("key")], Next: differs },
          ],
          Default: unreadable,
        },
        [matches]: { Type: "Pass", Result: GUARDED_TAG_MATCH, End: true },
        [differs]: { Type: "Pass", Result: GUARDED_TAG_NO_MATCH, End: true },
        [unreadable]: { Type: "Pass", Result: GUARDED_TAG_UNREADABLE, End: true },
      },
    },
    ResultPath: resultPath,
    Catch: catchToFailure,
    Next: next,
  };
}

interface ResolvedSettings {
  readonly dryRun: boolean;
  readonly exemptionTag: GuardedExemptionTag;
  readonly minHealthyTasks?: number;
  readonly consoleDomain: string;
  readonly retry: Required<GuardedRetryProps>;
  readonly partition: string;
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
  const partition = resolvePartition(props.partition, GuardedStopTaskPropsError);
  return { dryRun: props.dryRun ?? false, exemptionTag, minHealthyTasks, consoleDomain, retry, partition };
}

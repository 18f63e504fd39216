/**
 * The simulated AWS the state machine acts on, chosen by an "answer": what ECS answers about the task the
 * finding names. The task, its cluster, task definition, group, launch type and tags come from the finding
 * (`detail.resource.ecsClusterDetails`), so exemption tags in the finding are honoured by the guarded workflow.
 */
import type { EcsTag } from "../fake-ecs";
import { createFakeAwsWorld, type FakeAwsWorld, type FakeAwsWorldOptions, type FakeEcsTaskInit } from "../fake-aws-world";

export const SIMULATED_ANSWERS = ["running", "stopped", "not-found", "throttled", "access-denied"] as const;
export type SimulatedAnswer = (typeof SIMULATED_ANSWERS)[number];
export const DEFAULT_ANSWER: SimulatedAnswer = "running";

/** What each answer means, in words (for reports, `--help` and docs). */
export const ANSWER_DESCRIPTIONS: Readonly<Record<SimulatedAnswer, string>> = {
  running: "the task exists in its cluster and is RUNNING",
  stopped: "the task exists but is already STOPPED (desired and last status)",
  "not-found": "the cluster exists but ECS does not know the task (gone, or never in this account and region)",
  throttled: "the task is RUNNING, but ECS throttles the first 2 calls (ThrottlingException), then answers normally",
  "access-denied": "the task is RUNNING, but the state machine's role is denied ecs:StopTask (AccessDeniedException)",
};

/** The answer is not one of {@link SIMULATED_ANSWERS}. */
export class UnknownAnswerError extends Error {
  override readonly name = "UnknownAnswerError";
  constructor(readonly answer: string) {
    super(`Unknown answer '${answer}': expected one of ${SIMULATED_ANSWERS.join(", ")}.`);
  }
}

export function isSimulatedAnswer(value: unknown): value is SimulatedAnswer {
  return typeof value === "string" && (SIMULATED_ANSWERS as readonly string[]).includes(value);
}

/** The ECS identity of the finding's task, as the finding reports it. */
export interface FindingTask {
  readonly clusterArn?: string;
  readonly taskArn?: string;
  readonly taskDefinitionArn?: string;
  readonly group?: string;
  readonly launchType?: string;
  readonly startedBy?: string;
  readonly taskTags: readonly EcsTag[];
  readonly clusterTags: readonly EcsTag[];
}

type Json = Record<string, unknown>;

/** Reads `detail.resource.ecsClusterDetails` (missing parts stay undefined). */
export function findingTaskOf(finding: Json): FindingTask {
  const cluster = objectAt(objectAt(finding, "resource"), "ecsClusterDetails");
  const task = objectAt(cluster, "taskDetails");
  return {
    clusterArn: stringAt(cluster, "arn"),
    taskArn: stringAt(task, "arn"),
    taskDefinitionArn: stringAt(task, "definitionArn"),
    group: stringAt(task, "group"),
    launchType: stringAt(task, "launchType"),
    startedBy: stringAt(task, "startedBy"),
    taskTags: tagsAt(task),
    clusterTags: tagsAt(cluster),
  };
}

export interface SimulatedWorldOptions {
  readonly answer: SimulatedAnswer;
  readonly task: FindingTask;
  readonly region: string;
  readonly accountId: string;
  /** SNS topics that exist (the ones the state machine publishes to). */
  readonly topicArns: readonly string[];
  /** The fake services' clock. */
  readonly now: Date;
  /** The caller named in AccessDenied messages (the state machine's role). @default the fake world's */
  readonly roleArn?: string;
}

/** The fake AWS for an answer. */
export function createSimulatedWorld(options: SimulatedWorldOptions): FakeAwsWorld {
  const { answer, task } = options;
  const clusters: NonNullable<FakeAwsWorldOptions["clusters"]> =
    task.clusterArn === undefined ? [] : [{ cluster: task.clusterArn, tags: task.clusterTags.map((t) => ({ ...t })) }];
  const tasks: FakeEcsTaskInit[] = [];
  if (task.taskArn !== undefined && answer !== "not-found") {
    const stopped = answer === "stopped";
    tasks.push({
      taskArn: task.taskArn,
      clusterArn: task.clusterArn,
      taskDefinitionArn: task.taskDefinitionArn,
      group: task.group ?? familyGroupOf(task.taskDefinitionArn),
      launchType: task.launchType,
      startedBy: task.startedBy,
      lastStatus: stopped ? "STOPPED" : "RUNNING",
      desiredStatus: stopped ? "STOPPED" : "RUNNING",
      stoppedReason: stopped ? "Essential container in task exited" : undefined,
      tags: task.taskTags.map((t) => ({ ...t })),
    });
  }
  return createFakeAwsWorld({
    region: options.region,
    accountId: options.accountId,
    clusters,
    tasks,
    topics: [...options.topicArns],
    throttle: answer === "throttled" ? { ecs: 2 } : undefined,
    deniedActions: answer === "access-denied" ? ["ecs:StopTask"] : [],
    now: () => new Date(options.now.getTime()),
    principalArn: options.roleArn === undefined ? undefined : assumedRoleArnOf(options.roleArn),
  });
}

/** `arn:aws:iam::<account>:role/<name>` -> `arn:aws:sts::<account>:assumed-role/<name>/<session>`, as AWS names the caller. */
function assumedRoleArnOf(roleArn: string): string | undefined {
  const match = /^arn:([a-z-]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleArn);
  return match === null ? undefined : `arn:${match[1]}:sts::${match[2]}:assumed-role/${match[3]}/simulated-execution`;
}

/**
 * ECS puts every task in a group: `service:<name>` for a service's tasks, else `family:<task definition family>`
 * (RunTask's default). When the finding does not report the group, the default is assumed.
 */
export function familyGroupOf(taskDefinitionArn: string | undefined): string | undefined {
  const match = /:task-definition\/([^:/]+)(?::\d+)?$/.exec(taskDefinitionArn ?? "");
  return match === null ? undefined : `family:${match[1]}`;
}

function objectAt(value: Json | undefined, key: string): Json | undefined {
  const child = value?.[key];
  return child !== null && typeof child === "object" && !Array.isArray(child) ? (child as Json) : undefined;
}

function stringAt(value: Json | undefined, key: string): string | undefined {
  const child = value?.[key];
  return typeof child === "string" && child !== "" ? child : undefined;
}

/** GuardDuty reports tags as `[{key, value}]`. */
function tagsAt(value: Json | undefined): EcsTag[] {
  const tags = value?.tags;
  if (!Array.isArray(tags)) return [];
  return tags.flatMap((tag: unknown) => {
    const t = tag as Json | null;
    return t !== null && typeof t === "object" && typeof t.key === "string" ? [{ key: t.key, value: typeof t.value === "string" ? t.value : "" }] : [];
  });
}

/**
 * The state of the in-process fake AWS account that the simulated state machines act on: ECS clusters,
 * tasks and services, SNS topics and published messages, and the IAM denials/throttling to inject.
 *
 * A world is plain mutable data; the fake services (`fake-ecs.ts`, `fake-sns.ts`) read and change it, and
 * tests inspect it afterwards (e.g. `world.ecs.tasks[0].lastStatus`, `world.sns.published`).
 */
import type {
  EcsTag,
  EcsTaskDesiredStatus,
  EcsTaskLastStatus,
  FakeEcsCluster,
  FakeEcsService,
  FakeEcsState,
  FakeEcsTask,
  FakeThrottle,
} from "./fake-ecs";
import { SequentialIds } from "./fake-http";
import type { FakeSnsState } from "./fake-sns";

export const DEFAULT_REGION = "ap-northeast-1";
export const DEFAULT_ACCOUNT_ID = "123456789012";
/** Principal named in AccessDenied messages. */
export const DEFAULT_PRINCIPAL_ARN = `arn:aws:sts::${DEFAULT_ACCOUNT_ID}:assumed-role/ecs-stop-task-state-machine/simulation`;

export interface FakeIamState {
  /** The caller, as AWS names it in AccessDenied messages. */
  principalArn: string;
  /** IAM actions denied to the caller, e.g. `ecs:StopTask`, `sns:Publish`. */
  deniedActions: string[];
}

export interface FakeAwsWorld {
  readonly region: string;
  readonly accountId: string;
  ecs: FakeEcsState;
  sns: FakeSnsState;
  iam: FakeIamState;
  /** Clock of the fake services (createdAt, stoppingAt, ...). */
  now: () => Date;
  /** Request ids of the fake services' responses. */
  readonly requestIds: SequentialIds;
  /** SNS message ids. */
  readonly messageIds: SequentialIds;
}

/** Throttle the first N calls, or the first N calls of the given operations. */
export type ThrottleInit = number | { calls: number; operations?: readonly string[] };

/** Tags as a record (`{ Env: "prod" }`) or as ECS tag objects. */
export type TagsInit = Readonly<Record<string, string>> | readonly EcsTag[];

export interface FakeEcsTaskInit {
  /** `arn:aws:ecs:<region>:<account>:task/<cluster>/<id>`; the cluster is derived from it. */
  taskArn: string;
  /** Defaults to the cluster in `taskArn` (or `default` for an old-format ARN). */
  clusterArn?: string;
  taskDefinitionArn?: string;
  group?: string;
  lastStatus?: EcsTaskLastStatus;
  desiredStatus?: EcsTaskDesiredStatus;
  stoppedReason?: string;
  launchType?: string;
  startedBy?: string;
  createdAt?: Date;
  tags?: TagsInit;
}

export interface FakeEcsServiceInit {
  /** Service name; the ARN is built in `clusterArn` (default: the `default` cluster). */
  serviceName: string;
  clusterArn?: string;
  taskDefinition?: string;
  desiredCount?: number;
  runningCount?: number;
  status?: FakeEcsService["status"];
  launchType?: string;
  tags?: TagsInit;
}

export interface FakeClusterInit {
  /** Cluster name or ARN. */
  cluster: string;
  tags?: TagsInit;
}

export interface FakeAwsWorldOptions {
  region?: string;
  accountId?: string;
  /** Clusters besides those the tasks and services live in (which are created automatically). */
  clusters?: readonly (string | FakeClusterInit)[];
  tasks?: readonly FakeEcsTaskInit[];
  services?: readonly FakeEcsServiceInit[];
  /** SNS topics, by ARN or by name (in the world's region and account). */
  topics?: readonly string[];
  /**
   * Throttling injection. `ecs`: ThrottlingException; a number throttles the first N ECS calls; with
   * `operations`, only the first N calls of those operations (e.g. `["StopTask"]`). `sns`: the same for SNS
   * actions (`Publish`), answered with `Throttled`.
   */
  throttle?: { ecs?: ThrottleInit; sns?: ThrottleInit };
  /** IAM actions to deny, e.g. `["ecs:StopTask"]` -> `AccessDeniedException`, `["sns:Publish"]` -> `AuthorizationError`. */
  deniedActions?: readonly string[];
  principalArn?: string;
  now?: () => Date;
}

/** Builds a world. Every cluster named by a task or service ARN exists and is ACTIVE. */
export function createFakeAwsWorld(options: FakeAwsWorldOptions = {}): FakeAwsWorld {
  const region = options.region ?? DEFAULT_REGION;
  const accountId = options.accountId ?? DEFAULT_ACCOUNT_ID;
  const now = options.now ?? (() => new Date());
  const ecsArn = `arn:aws:ecs:${region}:${accountId}`;

  const clusters: FakeEcsCluster[] = [];
  const ensureCluster = (identifier: string, tags?: TagsInit): FakeEcsCluster => {
    const clusterArn = identifier.startsWith("arn:") ? identifier : `${ecsArn}:cluster/${identifier}`;
    let cluster = clusters.find((candidate) => candidate.clusterArn === clusterArn);
    if (cluster === undefined) {
      cluster = { clusterArn, clusterName: clusterArn.slice(clusterArn.lastIndexOf("/") + 1), status: "ACTIVE", tags: [] };
      clusters.push(cluster);
    }
    if (tags !== undefined) {
      cluster.tags = toEcsTags(tags);
    }
    return cluster;
  };
  for (const init of options.clusters ?? []) {
    if (typeof init === "string") {
      ensureCluster(init);
    } else {
      ensureCluster(init.cluster, init.tags);
    }
  }

  const tasks: FakeEcsTask[] = (options.tasks ?? []).map((init) => {
    const cluster = ensureCluster(init.clusterArn ?? clusterOfTaskArn(init.taskArn) ?? "default");
    const lastStatus = init.lastStatus ?? "RUNNING";
    const createdAt = init.createdAt ?? now();
    return {
      taskArn: init.taskArn,
      clusterArn: cluster.clusterArn,
      taskDefinitionArn: init.taskDefinitionArn ?? `${ecsArn}:task-definition/app:1`,
      group: init.group,
      lastStatus,
      desiredStatus: init.desiredStatus ?? (lastStatus === "STOPPED" ? "STOPPED" : "RUNNING"),
      stoppedReason: init.stoppedReason,
      launchType: init.launchType ?? "FARGATE",
      startedBy: init.startedBy,
      createdAt,
      startedAt: lastStatus === "RUNNING" || lastStatus === "STOPPED" ? createdAt : undefined,
      stoppedAt: lastStatus === "STOPPED" ? createdAt : undefined,
      tags: lastStatus === "STOPPED" ? [] : toEcsTags(init.tags ?? {}),
    };
  });

  const services: FakeEcsService[] = (options.services ?? []).map((init) => {
    const cluster = ensureCluster(init.clusterArn ?? "default");
    return {
      serviceArn: `${ecsArn}:service/${cluster.clusterName}/${init.serviceName}`,
      serviceName: init.serviceName,
      clusterArn: cluster.clusterArn,
      status: init.status ?? "ACTIVE",
      taskDefinition: init.taskDefinition ?? `${ecsArn}:task-definition/${init.serviceName}:1`,
      desiredCount: init.desiredCount ?? 1,
      runningCount: init.runningCount ?? init.desiredCount ?? 1,
      pendingCount: 0,
      launchType: init.launchType ?? "FARGATE",
      createdAt: now(),
      tags: toEcsTags(init.tags ?? {}),
    };
  });

  const throttle = toThrottle(options.throttle?.ecs);

  return {
    region,
    accountId,
    ecs: { clusters, tasks, services, throttle, requests: [] },
    sns: {
      topics: (options.topics ?? []).map((topic) => (topic.startsWith("arn:") ? topic : `arn:aws:sns:${region}:${accountId}:${topic}`)),
      published: [],
      requests: [],
      throttle: toThrottle(options.throttle?.sns),
    },
    iam: {
      principalArn: options.principalArn ?? DEFAULT_PRINCIPAL_ARN.replace(DEFAULT_ACCOUNT_ID, accountId),
      deniedActions: [...(options.deniedActions ?? [])],
    },
    now,
    requestIds: new SequentialIds("00000000"),
    messageIds: new SequentialIds("11111111"),
  };
}

/** The cluster ARN of a new-format task ARN (`.../task/<cluster>/<id>`), else undefined. */
export function clusterOfTaskArn(taskArn: string): string | undefined {
  const match = /^(arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}):task\/([^/]+)\/[^/]+$/u.exec(taskArn);
  return match === null ? undefined : `${match[1]}:cluster/${match[2]}`;
}

function toThrottle(init: ThrottleInit | undefined): FakeThrottle {
  if (init === undefined) {
    return { remaining: 0 };
  }
  return typeof init === "number" ? { remaining: init } : { remaining: init.calls, operations: init.operations };
}

function toEcsTags(tags: TagsInit): EcsTag[] {
  if (Array.isArray(tags)) {
    return (tags as readonly EcsTag[]).map((tag) => ({ key: tag.key, value: tag.value }));
  }
  return Object.entries(tags as Readonly<Record<string, string>>).map(([key, value]) => ({ key, value }));
}

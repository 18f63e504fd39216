/**
 * A fake Amazon ECS endpoint, reached through the real `@aws-sdk/client-ecs` client as its `requestHandler`.
 *
 * Protocol: awsJson1_1. `POST /`, header `x-amz-target: AmazonEC2ContainerServiceV20141113.<Operation>`,
 * JSON body with the model's camelCase member names; responses use the same member names and timestamps as
 * epoch seconds. Errors are HTTP 400 with `{"__type": "<Code>", "message": "..."}`, which the SDK turns into
 * its modeled exception class (`InvalidParameterException`, `ClusterNotFoundException`, ...) or, for codes
 * the model does not declare (`ThrottlingException`), into the service base exception `ECSServiceException`
 * with `name` = the code.
 *
 * Supported operations: StopTask, DescribeTasks, ListTagsForResource, DescribeServices, DescribeClusters,
 * ListClusters, ListContainerInstances (its `filter` only as `ec2InstanceId == <id>`; any other cluster query is
 * refused with an Error naming the fake's limit, not with an AWS error).
 *
 * Messages marked UNCONFIRMED below are our best knowledge of AWS's wording, not captured from AWS.
 */
import { FakeHttpHandler, type FakeHttpRequest, type FakeHttpResponse, type FakeThrottle } from "./fake-http";
import type { EcsTag, FakeEcsCluster, FakeEcsTask, FakeEcsContainerInstance, FakeEcsRequest, FakeAwsWorld } from "./fake-aws-state";
// The shape of this service's state lives in fake-aws-state.ts, with the world's (no import circle); importers
// may keep reading it here.
export type {
  EcsTag,
  EcsTaskLastStatus,
  EcsTaskDesiredStatus,
  FakeEcsCluster,
  FakeEcsTask,
  FakeEcsService,
  EcsContainerInstanceStatus,
  FakeEcsContainerInstance,
  FakeEcsRequest,
  FakeEcsState,
} from "./fake-aws-state";
export type { FakeThrottle } from "./fake-http";

/** `x-amz-target` prefix of every ECS operation. */
export const ECS_TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113.";

/**
 * Message of the InvalidParameterException for a task id that is neither 32 (new format) nor 36 (old UUID
 * format) characters long, e.g. StopTask with task `dummy`.
 * UNCONFIRMED wording: the seed's write-up only says ECS requires a task id of length 32 or 36.
 */
export const ECS_TASK_ID_LENGTH_MESSAGE = "taskId length should be one of [32,36]";
/** StopTask / ExecuteCommand message for a well-formed task id that the cluster does not hold. */
export const ECS_TASK_NOT_FOUND_MESSAGE = "The referenced task was not found.";
/** ClusterNotFoundException message. */
export const ECS_CLUSTER_NOT_FOUND_MESSAGE = "Cluster not found.";
/** ThrottlingException message (AWS's generic throttling text). */
export const ECS_THROTTLING_MESSAGE = "Rate exceeded";
/** StopTask's stoppedReason when the caller gives no reason. UNCONFIRMED (what the console shows). */
export const ECS_DEFAULT_STOPPED_REASON = "Task stopped by user";

/** The SDK `requestHandler` that serves ECS from `world.ecs`. */
export function createFakeEcsRequestHandler(world: FakeAwsWorld): FakeHttpHandler {
  return new FakeHttpHandler((request) => handleEcsRequest(world, request));
}

class EcsError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type EcsInput = Record<string, unknown>;
type EcsOperation = (world: FakeAwsWorld, input: EcsInput) => unknown;

const OPERATIONS: Record<string, EcsOperation> = {
  StopTask: stopTask,
  DescribeTasks: describeTasks,
  ListTagsForResource: listTagsForResource,
  DescribeServices: describeServices,
  DescribeClusters: describeClusters,
  ListClusters: listClusters,
  ListContainerInstances: listContainerInstances,
};

function handleEcsRequest(world: FakeAwsWorld, request: FakeHttpRequest): FakeHttpResponse {
  const requestId = world.requestIds.take();
  const target = request.headers["x-amz-target"] ?? "";
  const operationName = target.startsWith(ECS_TARGET_PREFIX) ? target.slice(ECS_TARGET_PREFIX.length) : target;
  const record: FakeEcsRequest = { operation: operationName, input: {} };
  world.ecs.requests.push(record);
  try {
    const input = parseJsonObject(request.body);
    record.input = input;
    world.ecs.onRequest?.(operationName, input);
    const operation = Object.hasOwn(OPERATIONS, operationName) ? OPERATIONS[operationName] : undefined;
    if (operation === undefined) {
      throw new EcsError("UnknownOperationException", `Unknown operation ${operationName}`);
    }
    consumeThrottle(world.ecs.throttle, operationName);
    authorize(world, `ecs:${operationName}`, resourceOf(world, operationName, input));
    const output = operation(world, input);
    return jsonResponse(200, output, requestId);
  } catch (error) {
    if (error instanceof EcsError) {
      record.errorCode = error.code;
      return jsonResponse(400, { __type: error.code, message: error.message }, requestId);
    }
    throw error;
  }
}

function parseJsonObject(body: string): EcsInput {
  if (body.trim() === "") {
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new EcsError("SerializationException", "Start of structure or map found where not expected.");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new EcsError("SerializationException", "Start of structure or map found where not expected.");
  }
  return parsed as EcsInput;
}

function consumeThrottle(throttle: FakeThrottle, operation: string): void {
  if (throttle.remaining <= 0) {
    return;
  }
  if (throttle.operations !== undefined && !throttle.operations.includes(operation)) {
    return;
  }
  throttle.remaining -= 1;
  throw new EcsError("ThrottlingException", ECS_THROTTLING_MESSAGE);
}

function authorize(world: FakeAwsWorld, action: string, resource: string): void {
  if (!world.iam.deniedActions.includes(action)) {
    return;
  }
  throw new EcsError(
    "AccessDeniedException",
    `User: ${world.iam.principalArn} is not authorized to perform: ${action} on resource: ${resource} ` +
      `because no identity-based policy allows the ${action} action`,
  );
}

/** The resource an IAM decision is made on, for the AccessDeniedException message. */
function resourceOf(world: FakeAwsWorld, operation: string, input: EcsInput): string {
  const clusterName = clusterNameOf(world, optionalString(input, "cluster"));
  switch (operation) {
    case "StopTask": {
      const task = optionalString(input, "task");
      if (task === undefined) {
        return "*";
      }
      return task.startsWith("arn:") ? task : `${ecsArnPrefix(world)}:task/${clusterName}/${task}`;
    }
    case "ListTagsForResource":
      return optionalString(input, "resourceArn") ?? "*";
    case "ListClusters":
      // No resource type: IAM authorizes it on `*` (service authorization reference).
      return "*";
    case "DescribeClusters": {
      const first = Array.isArray(input.clusters) && typeof input.clusters[0] === "string" ? input.clusters[0] : undefined;
      return first?.startsWith("arn:") ? first : `${ecsArnPrefix(world)}:cluster/${clusterNameOf(world, first)}`;
    }
    default:
      return `${ecsArnPrefix(world)}:cluster/${clusterName}`;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Operations

function stopTask(world: FakeAwsWorld, input: EcsInput): unknown {
  const identifier = requiredString(input, "task");
  const reason = optionalString(input, "reason");
  const taskId = parseTaskId(identifier);
  if (taskId === undefined) {
    throw new EcsError("InvalidParameterException", ECS_TASK_ID_LENGTH_MESSAGE);
  }
  const cluster = resolveCluster(world, optionalString(input, "cluster"));
  const task = findTask(world, cluster, taskId);
  if (task === undefined) {
    throw new EcsError("InvalidParameterException", ECS_TASK_NOT_FOUND_MESSAGE);
  }
  if (task.desiredStatus === "STOPPED") {
    // StopTask is idempotent: a task already stopped (or stopping) is returned as it is; the first
    // stoppedReason stays.
    return { task: wireTask(task, false) };
  }
  const now = world.now();
  task.desiredStatus = "STOPPED";
  task.stoppedReason = reason ?? ECS_DEFAULT_STOPPED_REASON;
  task.stopCode = "UserInitiated";
  task.stoppingAt = now;
  // The response shows the task as AWS does right after the call: desired STOPPED, last status unchanged.
  const response = { task: wireTask(task, false) };
  // Then the agent finishes the stop at once (no SIGTERM grace period in the simulation); ECS deletes the
  // tags of a stopped task.
  task.lastStatus = "STOPPED";
  task.stoppedAt = now;
  task.tags = [];
  return response;
}

function describeTasks(world: FakeAwsWorld, input: EcsInput): unknown {
  const identifiers = requiredStringList(input, "tasks");
  if (identifiers.length > 100) {
    // UNCONFIRMED wording.
    throw new EcsError("InvalidParameterException", "Too many tasks were provided. Maximum is 100.");
  }
  const cluster = resolveCluster(world, optionalString(input, "cluster"));
  const includeTags = includesTags(input);
  const tasks: unknown[] = [];
  const failures: unknown[] = [];
  for (const identifier of identifiers) {
    const taskId = parseTaskId(identifier);
    const task = taskId === undefined ? undefined : findTask(world, cluster, taskId);
    if (task === undefined) {
      const arn = identifier.startsWith("arn:") ? identifier : `${ecsArnPrefix(world)}:task/${cluster.clusterName}/${identifier}`;
      failures.push({ arn, reason: "MISSING" });
    } else {
      tasks.push(withoutTagsIfConfigured(world, "DescribeTasks", wireTask(task, includeTags)));
    }
  }
  return { tasks, failures };
}

function listTagsForResource(world: FakeAwsWorld, input: EcsInput): unknown {
  const resourceArn = requiredString(input, "resourceArn");
  const match = /^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:(task|cluster|service)\/(.+)$/u.exec(resourceArn);
  if (match === null) {
    // UNCONFIRMED wording.
    throw new EcsError("InvalidParameterException", "Invalid arn specified.");
  }
  const tags =
    world.ecs.tasks.find((task) => task.taskArn === resourceArn)?.tags ??
    world.ecs.clusters.find((cluster) => cluster.clusterArn === resourceArn)?.tags ??
    world.ecs.services.find((service) => service.serviceArn === resourceArn)?.tags;
  if (tags === undefined) {
    // UNCONFIRMED wording.
    throw new EcsError("InvalidParameterException", "The specified resource could not be found.");
  }
  return { tags: tags.map((tag) => ({ ...tag })) };
}

function describeServices(world: FakeAwsWorld, input: EcsInput): unknown {
  const identifiers = requiredStringList(input, "services");
  if (identifiers.length > 10) {
    // UNCONFIRMED wording.
    throw new EcsError("InvalidParameterException", "Too many services were provided. Maximum is 10.");
  }
  const cluster = resolveCluster(world, optionalString(input, "cluster"));
  const includeTags = includesTags(input);
  const services: unknown[] = [];
  const failures: unknown[] = [];
  for (const identifier of identifiers) {
    const service = world.ecs.services.find(
      (candidate) => candidate.clusterArn === cluster.clusterArn && (candidate.serviceArn === identifier || candidate.serviceName === identifier),
    );
    if (service === undefined) {
      const arn = identifier.startsWith("arn:") ? identifier : `${ecsArnPrefix(world)}:service/${cluster.clusterName}/${identifier}`;
      failures.push({ arn, reason: "MISSING" });
    } else {
      services.push(
        withoutTagsIfConfigured(world, "DescribeServices", {
          serviceArn: service.serviceArn,
          serviceName: service.serviceName,
          clusterArn: service.clusterArn,
          status: service.status,
          taskDefinition: service.taskDefinition,
          desiredCount: service.desiredCount,
          runningCount: service.runningCount,
          pendingCount: service.pendingCount,
          launchType: service.launchType,
          createdAt: service.createdAt,
          tags: wireTags(service.tags, includeTags),
        }),
      );
    }
  }
  return { services, failures };
}

/**
 * DescribeClusters: clusters by name or ARN (none given: the `default` cluster), INACTIVE ones included as
 * ECS does; unknown identifiers are failures with reason MISSING. Tags only with `include: ["TAGS"]`.
 */
function describeClusters(world: FakeAwsWorld, input: EcsInput): unknown {
  const given = input.clusters;
  const identifiers = Array.isArray(given) && given.length > 0 ? given.map(String) : ["default"];
  if (identifiers.length > 100) {
    // UNCONFIRMED wording.
    throw new EcsError("InvalidParameterException", "Too many clusters were provided. Maximum is 100.");
  }
  const includeTags = includesTags(input);
  const clusters: unknown[] = [];
  const failures: unknown[] = [];
  for (const identifier of identifiers) {
    const cluster = world.ecs.clusters.find((candidate) => candidate.clusterArn === identifier || candidate.clusterName === identifier);
    if (cluster === undefined) {
      const arn = identifier.startsWith("arn:") ? identifier : `${ecsArnPrefix(world)}:cluster/${identifier}`;
      failures.push({ arn, reason: "MISSING" });
      continue;
    }
    const tasks = world.ecs.tasks.filter((task) => task.clusterArn === cluster.clusterArn);
    clusters.push(
      withoutTagsIfConfigured(world, "DescribeClusters", {
        clusterArn: cluster.clusterArn,
        clusterName: cluster.clusterName,
        status: cluster.status,
        registeredContainerInstancesCount: 0,
        runningTasksCount: tasks.filter((task) => task.lastStatus === "RUNNING").length,
        pendingTasksCount: tasks.filter((task) => task.lastStatus === "PENDING").length,
        activeServicesCount: world.ecs.services.filter((service) => service.clusterArn === cluster.clusterArn && service.status === "ACTIVE").length,
        statistics: [],
        tags: wireTags(cluster.tags, includeTags),
        settings: [{ name: "containerInsights", value: "disabled" }],
        capacityProviders: [],
        defaultCapacityProviderStrategy: [],
      }),
    );
  }
  return { clusters, failures };
}

/** ListClusters: the ARNs of every cluster of the account and region, paged (`maxResults` 1-100, `nextToken`). */
function listClusters(world: FakeAwsWorld, input: EcsInput): unknown {
  const { page, nextToken } = paged(
    world,
    input,
    world.ecs.clusters.map((cluster) => cluster.clusterArn),
  );
  return { clusterArns: page, nextToken };
}

/**
 * ListContainerInstances of one cluster (none named: `default`), paged like ListClusters. Without `status`, every
 * container instance but INACTIVE ones, as the API reference says; `filter` as `ec2InstanceId == <id>` only.
 */
function listContainerInstances(world: FakeAwsWorld, input: EcsInput): unknown {
  const cluster = resolveCluster(world, optionalString(input, "cluster"));
  const status = optionalString(input, "status");
  const wantedInstanceId = parseEc2InstanceIdFilter(optionalString(input, "filter"));
  const matches = (instance: FakeEcsContainerInstance): boolean => wantedInstanceId === undefined || instance.ec2InstanceId === wantedInstanceId;
  const inCluster = world.ecs.containerInstances.filter(
    (instance) => instance.clusterArn === cluster.clusterArn && (status === undefined ? instance.status !== "INACTIVE" : instance.status === status),
  );
  if (world.ecs.filterWithinPages) {
    const { page, nextToken } = paged(world, input, inCluster);
    return { containerInstanceArns: page.filter(matches).map((instance) => instance.containerInstanceArn), nextToken };
  }
  const { page, nextToken } = paged(world, input, inCluster.filter(matches));
  return { containerInstanceArns: page.map((instance) => instance.containerInstanceArn), nextToken };
}

/** The EC2 instance id of a cluster query `ec2InstanceId == <id>`; undefined without a filter. */
function parseEc2InstanceIdFilter(filter: string | undefined): string | undefined {
  if (filter === undefined) {
    return undefined;
  }
  const match = /^\s*ec2InstanceId\s*==\s*(\S+)\s*$/u.exec(filter);
  if (match === null) {
    throw new Error(`fake ECS: ListContainerInstances supports only the filter "ec2InstanceId == <id>", got ${JSON.stringify(filter)}`);
  }
  return match[1];
}

/** Prefix of the fake's opaque page tokens (`<prefix><offset>`). */
const PAGE_TOKEN_PREFIX = "fake-ecs-page-";

/** One page of `items` for `maxResults` (1-100, default 100) and `nextToken`, at most `world.ecs.pageSize` long. */
function paged<T>(world: FakeAwsWorld, input: EcsInput, items: readonly T[]): { page: T[]; nextToken?: string } {
  const maxResults = input.maxResults ?? 100;
  if (typeof maxResults !== "number" || !Number.isInteger(maxResults) || maxResults < 1 || maxResults > 100) {
    // UNCONFIRMED wording.
    throw new EcsError("InvalidParameterException", "maxResults must be between 1 and 100.");
  }
  const token = optionalString(input, "nextToken");
  const offset = token === undefined ? 0 : Number(token.slice(PAGE_TOKEN_PREFIX.length));
  if (token !== undefined && (!token.startsWith(PAGE_TOKEN_PREFIX) || !Number.isInteger(offset) || offset < 0 || offset > items.length)) {
    // UNCONFIRMED wording.
    throw new EcsError("InvalidParameterException", "Invalid nextToken.");
  }
  const end = offset + Math.min(maxResults, world.ecs.pageSize);
  return { page: items.slice(offset, end), nextToken: end < items.length ? `${PAGE_TOKEN_PREFIX}${end}` : undefined };
}

// ---------------------------------------------------------------------------------------------------------
// Identifiers and lookups

function ecsArnPrefix(world: FakeAwsWorld): string {
  return `arn:aws:ecs:${world.region}:${world.accountId}`;
}

function clusterNameOf(world: FakeAwsWorld, identifier: string | undefined): string {
  if (identifier === undefined) {
    return "default";
  }
  const known = world.ecs.clusters.find((cluster) => cluster.clusterArn === identifier);
  if (known !== undefined) {
    return known.clusterName;
  }
  const match = /:cluster\/(.+)$/u.exec(identifier);
  return match === null ? identifier : match[1];
}

/** Resolves a cluster name or ARN; no cluster means the `default` cluster, as in ECS. */
function resolveCluster(world: FakeAwsWorld, identifier: string | undefined): FakeEcsCluster {
  const wanted = identifier ?? "default";
  const cluster = world.ecs.clusters.find(
    (candidate) => candidate.status === "ACTIVE" && (candidate.clusterArn === wanted || candidate.clusterName === wanted),
  );
  if (cluster === undefined) {
    throw new EcsError("ClusterNotFoundException", ECS_CLUSTER_NOT_FOUND_MESSAGE);
  }
  return cluster;
}

/**
 * The task id of a task id or task ARN (`.../task/<cluster>/<id>` or the old `.../task/<id>`), or undefined
 * when its length is neither 32 nor 36 (what ECS checks before looking the task up).
 */
function parseTaskId(identifier: string): string | undefined {
  let id = identifier;
  if (identifier.startsWith("arn:")) {
    const match = /^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task\/(?:[^/]+\/)?([^/]+)$/u.exec(identifier);
    if (match === null) {
      return undefined;
    }
    id = match[1];
  }
  return id.length === 32 || id.length === 36 ? id : undefined;
}

function findTask(world: FakeAwsWorld, cluster: FakeEcsCluster, taskId: string): FakeEcsTask | undefined {
  return world.ecs.tasks.find((task) => task.clusterArn === cluster.clusterArn && task.taskArn.endsWith(`/${taskId}`));
}

function includesTags(input: EcsInput): boolean {
  const include = input.include;
  return Array.isArray(include) && include.includes("TAGS");
}

function wireTask(task: FakeEcsTask, includeTags: boolean): Record<string, unknown> {
  return {
    taskArn: task.taskArn,
    clusterArn: task.clusterArn,
    taskDefinitionArn: task.taskDefinitionArn,
    group: task.group,
    lastStatus: task.lastStatus,
    desiredStatus: task.desiredStatus,
    stoppedReason: task.stoppedReason,
    stopCode: task.stopCode,
    launchType: task.launchType,
    startedBy: task.startedBy,
    createdAt: task.createdAt,
    startedAt: task.startedAt,
    stoppingAt: task.stoppingAt,
    stoppedAt: task.stoppedAt,
    containers: [],
    attachments: [],
    tags: wireTags(task.tags, includeTags),
  };
}

/**
 * The `tags` member as ECS answers it: the resource's tags (`key`/`value`, as the ECS API spells them) when asked
 * with `include: ["TAGS"]`, otherwise an empty list (aws/aws-cli#4500, aws/aws-sdk-go#2883: without `include`, ECS
 * answers `"tags": []` for a tagged resource).
 */
function wireTags(tags: readonly EcsTag[], includeTags: boolean): EcsTag[] {
  return includeTags ? tags.map((tag) => ({ key: tag.key, value: tag.value })) : [];
}

function withoutTagsIfConfigured(world: FakeAwsWorld, operation: string, answer: Record<string, unknown>): Record<string, unknown> {
  if (world.ecs.answersWithoutTags.includes(operation)) {
    delete answer.tags;
  }
  return answer;
}

// ---------------------------------------------------------------------------------------------------------
// Input members

/**
 * A required member that is missing or empty. UNCONFIRMED wording: ECS answers InvalidParameterException;
 * the exact text may differ.
 */
function missingMember(member: string): EcsError {
  return new EcsError("InvalidParameterException", `${member} can not be null or empty.`);
}

function requiredString(input: EcsInput, member: string): string {
  const value = input[member];
  if (typeof value !== "string" || value === "") {
    throw missingMember(member);
  }
  return value;
}

function optionalString(input: EcsInput, member: string): string | undefined {
  const value = input[member];
  return typeof value === "string" && value !== "" ? value : undefined;
}

function requiredStringList(input: EcsInput, member: string): string[] {
  const value = input[member];
  if (!Array.isArray(value) || value.length === 0) {
    throw missingMember(member);
  }
  return value.map(String);
}

// ---------------------------------------------------------------------------------------------------------
// Wire format

function jsonResponse(statusCode: number, body: unknown, requestId: string): FakeHttpResponse {
  return {
    statusCode,
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amzn-requestid": requestId,
    },
    body: JSON.stringify(toWire(body)),
  };
}

/** awsJson wire values: timestamps as epoch seconds, undefined members left out. */
function toWire(value: unknown): unknown {
  if (value instanceof Date) {
    return value.getTime() / 1000;
  }
  if (Array.isArray(value)) {
    return value.map(toWire);
  }
  if (value !== null && typeof value === "object") {
    const result: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      if (member !== undefined) {
        result[key] = toWire(member);
      }
    }
    return result;
  }
  return value;
}

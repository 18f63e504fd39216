/**
 * Turns a response type's simulated answer (`SimulatedWorldSpec`, plain data) and a finding into the fake AWS
 * the state machine acts on: a {@link FakeAwsWorld} (ECS, EC2, Auto Scaling, SNS) and a fake EKS with each
 * cluster's Kubernetes API.
 *
 * Everything the finding describes is created, whatever the response type: the ECS task and its cluster
 * (`resource.ecsClusterDetails`), the EC2 instance with its network interfaces, security groups, tags and Auto
 * Scaling group (`resource.instanceDetails`), the EKS cluster, namespace and pod (`resource.eksClusterDetails`,
 * `resource.kubernetesDetails.kubernetesWorkloadDetails`). The answer's `resource` applies to the finding's own
 * resource, chosen by `resource.resourceType` (GuardDuty's Runtime Monitoring resource types: `ECSCluster` ->
 * the task, `EKSCluster` -> the pod, `Instance` and `Container` -> the instance). A fourth response type on
 * these resources needs no code here; its answers are data in its own folder.
 */
import type { SimulatedFailingCall, SimulatedWorldSpec } from "../../../functions/response-types/simulated-answers";
import type { Ec2InstanceStateName } from "../fake-ec2";
import {
  createFakeAwsWorld,
  type FakeAutoScalingGroupInit,
  type FakeAwsWorld,
  type FakeAwsWorldOptions,
  type FakeEc2InstanceInit,
  type FakeEcsTaskInit,
  type FakeNetworkInterfaceInit,
  type FakeSecurityGroupInit,
  type ThrottleInit,
} from "../fake-aws-world";
import type { EcsTag } from "../fake-ecs";
import { createFakeEks, type FakeEksClusterInit, type FakeEksState } from "../fake-eks";
import type { FakePodInit, KubernetesResource, KubernetesVerb } from "../fake-kubernetes";

type Json = Record<string, unknown>;

/** The fake AWS of one simulated execution. */
export interface SimulatedAws {
  readonly world: FakeAwsWorld;
  /** EKS and the Kubernetes API of each cluster (not part of FakeAwsWorld). */
  readonly eks: FakeEksState;
}

/** How the stack lets the state machine's role into a cluster's Kubernetes API (an EKS access policy association). */
export interface KubernetesAccessScope {
  /** Namespaces of a `namespace` access scope; undefined: the whole cluster. */
  readonly namespaces?: readonly string[];
}

export interface SimulatedAwsOptions {
  readonly spec: SimulatedWorldSpec;
  /** The finding (the event's `detail`). */
  readonly finding: Json;
  readonly region: string;
  readonly accountId: string;
  /** SNS topics that exist (the ones the state machine publishes to). */
  readonly topicArns: readonly string[];
  /** The fake services' clock. */
  readonly now: Date;
  /** The state machine's role: the caller named in AccessDenied messages and the Kubernetes user. */
  readonly roleArn?: string;
  /**
   * The role's access to an EKS cluster, as the stack grants it; undefined: the stack grants none (Kubernetes
   * then refuses every verb).
   * @default - full access to every cluster
   */
  readonly kubernetesAccess?: (clusterName: string) => KubernetesAccessScope | undefined;
}

/** A failing call the simulator cannot play. */
export class UnsupportedSimulatedCallError extends Error {
  override readonly name = "UnsupportedSimulatedCallError";
  constructor(call: SimulatedFailingCall, why: string) {
    super(`simulation: cannot make ${call.service} ${call.action} fail with ${call.error}: ${why}`);
  }
}

/** Every call of a service (no `times`): more than any execution makes. */
const EVERY_CALL = 1_000_000;

/** The fake AWS for `options.spec`, seeded from `options.finding`. */
export function createSimulatedAws(options: SimulatedAwsOptions): SimulatedAws {
  const { spec, finding } = options;
  const resource = objectAt(finding, "resource");
  const resourceType = stringAt(resource, "resourceType");
  const own = (kind: "ecs" | "ec2" | "eks"): SimulatedWorldSpec["resource"] =>
    OWN_RESOURCE_KIND[resourceType ?? ""] === kind ? spec.resource : { exists: true };

  const failures = failuresOf(spec.failingCalls ?? []);
  const principalArn = options.roleArn === undefined ? undefined : assumedRoleArnOf(options.roleArn);
  const worldOptions: FakeAwsWorldOptions = {
    region: options.region,
    accountId: options.accountId,
    topics: [...options.topicArns],
    ...ecsOf(resource, own("ecs")),
    ...ec2Of(resource, own("ec2")),
    throttle: failures.throttle,
    deniedActions: failures.deniedActions,
    now: () => new Date(options.now.getTime()),
    principalArn,
  };
  const world = createFakeAwsWorld(worldOptions);
  const eks = createFakeEks({
    region: options.region,
    accountId: options.accountId,
    clusters: eksClustersOf(resource, own("eks"), options, failures, principalArn),
    throttle: failures.eksThrottle,
    deniedActions: failures.eksDeniedActions,
    principalArn,
  });
  return { world, eks };
}

/** The fake service that holds a finding's own resource, by `resource.resourceType`. */
const OWN_RESOURCE_KIND: Readonly<Record<string, "ecs" | "ec2" | "eks">> = { ECSCluster: "ecs", EKSCluster: "eks", Instance: "ec2", Container: "ec2" };

interface Failures {
  throttle: NonNullable<FakeAwsWorldOptions["throttle"]>;
  deniedActions: string[];
  eksThrottle: number;
  eksDeniedActions: string[];
  kubernetesThrottle: number;
  kubernetesDenied: { verb: KubernetesVerb; resource: KubernetesResource }[];
  kubernetesForbidsAll: boolean;
}

/**
 * The error each fake answers for a throttled or denied call (the service's own codes): ECS and EKS
 * `ThrottlingException`/`AccessDeniedException`, EC2 `RequestLimitExceeded`/`UnauthorizedOperation`, Auto Scaling
 * `Throttling`/`AccessDenied`, SNS `Throttled`/`AuthorizationError`.
 */
const SERVICE_ERRORS: Readonly<Record<string, { throttled: string; denied: string; throttleKey?: "ecs" | "ec2" | "autoScaling" | "sns" }>> = {
  ecs: { throttled: "ThrottlingException", denied: "AccessDeniedException", throttleKey: "ecs" },
  ec2: { throttled: "RequestLimitExceeded", denied: "UnauthorizedOperation", throttleKey: "ec2" },
  autoscaling: { throttled: "Throttling", denied: "AccessDenied", throttleKey: "autoScaling" },
  sns: { throttled: "Throttled", denied: "AuthorizationError", throttleKey: "sns" },
  eks: { throttled: "ThrottlingException", denied: "AccessDeniedException" },
  kubernetes: { throttled: "TooManyRequests", denied: "Forbidden" },
};

function failuresOf(calls: readonly SimulatedFailingCall[]): Failures {
  const failures: Failures = {
    throttle: {},
    deniedActions: [],
    eksThrottle: 0,
    eksDeniedActions: [],
    kubernetesThrottle: 0,
    kubernetesDenied: [],
    kubernetesForbidsAll: false,
  };
  for (const call of calls) {
    const errors = SERVICE_ERRORS[call.service];
    if (errors === undefined) throw new UnsupportedSimulatedCallError(call, `the simulated services are ${Object.keys(SERVICE_ERRORS).join(", ")}`);
    const times = call.times ?? EVERY_CALL;
    if (call.error === errors.throttled) {
      if (call.service === "eks" || call.service === "kubernetes") {
        if (call.action !== "*") throw new UnsupportedSimulatedCallError(call, "the fake throttles every call of this service, not one action");
        if (call.service === "eks") failures.eksThrottle = times;
        else failures.kubernetesThrottle = times;
      } else {
        const init: ThrottleInit = call.action === "*" ? times : { calls: times, operations: [call.action] };
        failures.throttle[errors.throttleKey!] = init;
      }
    } else if (call.error === errors.denied) {
      if (call.times !== undefined) throw new UnsupportedSimulatedCallError(call, "a denial holds for every call; leave out times");
      if (call.service === "kubernetes") {
        if (call.action === "*") failures.kubernetesForbidsAll = true;
        else failures.kubernetesDenied.push(kubernetesVerbOf(call));
      } else if (call.action === "*") {
        throw new UnsupportedSimulatedCallError(call, "name the denied action");
      } else if (call.service === "eks") {
        failures.eksDeniedActions.push(`eks:${call.action}`);
      } else {
        failures.deniedActions.push(`${call.service}:${call.action}`);
      }
    } else {
      throw new UnsupportedSimulatedCallError(call, `the fake ${call.service} answers ${errors.throttled} (throttled) or ${errors.denied} (denied)`);
    }
  }
  return failures;
}

const KUBERNETES_VERBS: readonly KubernetesVerb[] = ["get", "update", "patch", "delete"];
const KUBERNETES_RESOURCES: readonly KubernetesResource[] = ["pods", "namespaces"];

function kubernetesVerbOf(call: SimulatedFailingCall): { verb: KubernetesVerb; resource: KubernetesResource } {
  const [verb, resource] = call.action.split(" ");
  if (!(KUBERNETES_VERBS as readonly string[]).includes(verb) || !(KUBERNETES_RESOURCES as readonly string[]).includes(resource)) {
    throw new UnsupportedSimulatedCallError(
      call,
      `expected '<verb> <resource>' with a verb of ${KUBERNETES_VERBS.join(", ")} and a resource of ${KUBERNETES_RESOURCES.join(", ")}`,
    );
  }
  return { verb: verb as KubernetesVerb, resource: resource as KubernetesResource };
}

/** The ECS cluster and task of `resource.ecsClusterDetails`. */
function ecsOf(resource: Json | undefined, own: SimulatedWorldSpec["resource"]): Pick<FakeAwsWorldOptions, "clusters" | "tasks"> {
  const cluster = objectAt(resource, "ecsClusterDetails");
  const clusterArn = stringAt(cluster, "arn");
  if (cluster === undefined || clusterArn === undefined) return {};
  const task = objectAt(cluster, "taskDetails");
  const taskArn = stringAt(task, "arn");
  const tasks: FakeEcsTaskInit[] = [];
  if (taskArn !== undefined && own.exists) {
    const stopped = own.state === "STOPPED";
    const definitionArn = stringAt(task, "definitionArn");
    tasks.push({
      taskArn,
      clusterArn,
      taskDefinitionArn: definitionArn,
      group: stringAt(task, "group") ?? familyGroupOf(definitionArn),
      launchType: stringAt(task, "launchType"),
      startedBy: stringAt(task, "startedBy"),
      lastStatus: stopped ? "STOPPED" : "RUNNING",
      desiredStatus: stopped ? "STOPPED" : "RUNNING",
      stoppedReason: stopped ? "Essential container in task exited" : undefined,
      tags: tagsAt(task),
    });
  }
  return { clusters: [{ cluster: clusterArn, tags: tagsAt(cluster) }], tasks };
}

/**
 * ECS puts every task in a group: `service:<name>` for a service's tasks, else `family:<task definition family>`
 * (RunTask's default). When the finding does not report the group, the default is assumed.
 */
export function familyGroupOf(taskDefinitionArn: string | undefined): string | undefined {
  const match = /:task-definition\/([^:/]+)(?::\d+)?$/.exec(taskDefinitionArn ?? "");
  return match === null ? undefined : `family:${match[1]}`;
}

/**
 * The tag EC2 Auto Scaling puts on the instances it launches, naming their group
 * (https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-tagging.html: "aws:autoscaling:groupName").
 */
const AUTO_SCALING_GROUP_TAG = "aws:autoscaling:groupName";

/** The instance of `resource.instanceDetails`, its security groups and Auto Scaling group. */
function ec2Of(resource: Json | undefined, own: SimulatedWorldSpec["resource"]): Pick<FakeAwsWorldOptions, "ec2" | "autoScalingGroups"> {
  const details = objectAt(resource, "instanceDetails");
  const instanceId = stringAt(details, "instanceId");
  if (details === undefined || instanceId === undefined || !own.exists) return {};
  const tags = tagsAt(details);
  const interfaces = arrayAt(details, "networkInterfaces").flatMap((item) => {
    const eni = item as Json;
    const id = stringAt(eni, "networkInterfaceId");
    if (id === undefined) return [];
    const groups = arrayAt(eni, "securityGroups").flatMap((g) => (stringAt(g as Json, "groupId") === undefined ? [] : [g as Json]));
    return [{ eni, id, groups }];
  });
  const securityGroups = new Map<string, FakeSecurityGroupInit>();
  for (const { eni, groups } of interfaces) {
    for (const group of groups) {
      const groupId = stringAt(group, "groupId")!;
      if (!securityGroups.has(groupId))
        securityGroups.set(groupId, { groupId, groupName: stringAt(group, "groupName") ?? groupId, vpcId: stringAt(eni, "vpcId") });
    }
  }
  const first = interfaces[0]?.eni;
  const networkInterfaces: FakeNetworkInterfaceInit[] = interfaces.map(({ eni, id, groups }) => ({
    networkInterfaceId: id,
    securityGroupIds: groups.length === 0 ? undefined : groups.map((g) => stringAt(g, "groupId")!),
    subnetId: stringAt(eni, "subnetId"),
    vpcId: stringAt(eni, "vpcId"),
  }));
  const instance: FakeEc2InstanceInit = {
    instanceId,
    state: (own.state ?? "running") as Ec2InstanceStateName,
    instanceType: stringAt(details, "instanceType"),
    availabilityZone: stringAt(details, "availabilityZone"),
    vpcId: stringAt(first, "vpcId"),
    subnetId: stringAt(first, "subnetId"),
    tags,
    securityGroupIds: networkInterfaces[0]?.securityGroupIds,
    networkInterfaces: networkInterfaces.length === 0 ? undefined : networkInterfaces,
  };
  const groupName = tags.find((t) => t.key === AUTO_SCALING_GROUP_TAG)?.value;
  const autoScalingGroups: FakeAutoScalingGroupInit[] =
    groupName === undefined || own.state === "terminated" ? [] : [{ autoScalingGroupName: groupName, instanceIds: [instanceId], minSize: 1 }];
  return { ec2: { instances: [instance], securityGroups: [...securityGroups.values()] }, autoScalingGroups };
}

/** The cluster of `resource.eksClusterDetails` with the pod of `resource.kubernetesDetails`. */
function eksClustersOf(
  resource: Json | undefined,
  own: SimulatedWorldSpec["resource"],
  options: SimulatedAwsOptions,
  failures: Failures,
  principalArn: string | undefined,
): FakeEksClusterInit[] {
  const cluster = objectAt(resource, "eksClusterDetails");
  const name = stringAt(cluster, "name");
  if (name === undefined) return [];
  const workload = objectAt(objectAt(resource, "kubernetesDetails"), "kubernetesWorkloadDetails");
  const podName = stringAt(workload, "name");
  const namespace = stringAt(workload, "namespace") ?? "default";
  const isPod = /^pods?$/i.test(stringAt(workload, "type") ?? "");
  const pods: FakePodInit[] =
    podName !== undefined && isPod && own.exists
      ? [
          {
            name: podName,
            namespace,
            uid: stringAt(workload, "uid"),
            containers: arrayAt(workload, "containers").flatMap((c) => {
              const containerName = stringAt(c as Json, "name");
              return containerName === undefined ? [] : [{ name: containerName, image: stringAt(c as Json, "image"), id: stringAt(c as Json, "id") }];
            }),
          },
        ]
      : [];
  const scope = options.kubernetesAccess === undefined ? {} : options.kubernetesAccess(name);
  const verbs: KubernetesVerb[] | undefined = scope === undefined || failures.kubernetesForbidsAll ? [] : undefined;
  return [
    {
      name,
      tags: Object.fromEntries(tagsAt(cluster).map((t) => [t.key, t.value])),
      namespaces: [namespace],
      pods,
      user: principalArn,
      access: { namespaces: scope?.namespaces === undefined ? undefined : [...scope.namespaces], verbs, denied: failures.kubernetesDenied },
      throttle: failures.kubernetesThrottle,
      now: () => new Date(options.now.getTime()),
    },
  ];
}

/** `arn:aws:iam::<account>:role/<name>` -> `arn:aws:sts::<account>:assumed-role/<name>/<session>`, as AWS names the caller. */
function assumedRoleArnOf(roleArn: string): string | undefined {
  const match = /^arn:([a-z-]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleArn);
  return match === null ? undefined : `arn:${match[1]}:sts::${match[2]}:assumed-role/${match[3]}/simulated-execution`;
}

function objectAt(value: Json | undefined, key: string): Json | undefined {
  const child = value?.[key];
  return child !== null && typeof child === "object" && !Array.isArray(child) ? (child as Json) : undefined;
}

function arrayAt(value: Json | undefined, key: string): unknown[] {
  const child = value?.[key];
  return Array.isArray(child) ? child.filter((item) => item !== null && typeof item === "object") : [];
}

function stringAt(value: Json | undefined, key: string): string | undefined {
  const child = value?.[key];
  return typeof child === "string" && child !== "" ? child : undefined;
}

/** GuardDuty reports tags as `[{key, value}]`. */
function tagsAt(value: Json | undefined): EcsTag[] {
  return arrayAt(value, "tags").flatMap((tag) => {
    const t = tag as Json;
    return typeof t.key === "string" ? [{ key: t.key, value: typeof t.value === "string" ? t.value : "" }] : [];
  });
}

/**
 * The state of the in-process fake AWS account that the simulated state machines act on: ECS clusters,
 * tasks and services, SNS topics and published messages, EC2 instances (network interfaces, volumes, tags),
 * security groups and snapshots, Auto Scaling groups, and the IAM denials/throttling to inject.
 *
 * A world is plain mutable data; the fake services (`fake-ecs.ts`, `fake-sns.ts`, `fake-ec2.ts`,
 * `fake-auto-scaling.ts`) read and change it, and tests inspect it afterwards (e.g.
 * `world.ecs.tasks[0].lastStatus`, `world.sns.published`, `world.ec2.snapshots`).
 */
import { SequentialIds, type FakeThrottle } from "./fake-http";
import {
  defaultEgressRule,
  fakeEc2Id,
  type EcsTag,
  type EcsTaskLastStatus,
  type EcsTaskDesiredStatus,
  type FakeEcsCluster,
  type FakeEcsTask,
  type FakeEcsService,
  type EcsContainerInstanceStatus,
  type FakeEcsContainerInstance,
  type Ec2InstanceStateName,
  type Ec2Tag,
  type FakeSecurityGroupRule,
  type FakeSecurityGroup,
  type FakeEc2Instance,
  type FakeEbsVolume,
  type FakeEc2State,
  type FakeAutoScalingGroup,
  type FakeAwsWorld,
} from "./fake-aws-state";
// The world's shape lives in fake-aws-state.ts, beside the services' state (no import circle); importers may keep
// reading it here.
export type { FakeIamState, FakeAwsWorld } from "./fake-aws-state";

export const DEFAULT_REGION = "ap-northeast-1";
export const DEFAULT_ACCOUNT_ID = "123456789012";
/** Principal named in AccessDenied messages. */
export const DEFAULT_PRINCIPAL_ARN = `arn:aws:sts::${DEFAULT_ACCOUNT_ID}:assumed-role/ecs-stop-task-state-machine/simulation`;

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

/** An EC2 instance registered to an ECS cluster (the cluster is created when missing). */
export interface FakeContainerInstanceInit {
  /** Cluster name or ARN. */
  cluster: string;
  ec2InstanceId: string;
  /** @default "ACTIVE" */
  status?: EcsContainerInstanceStatus;
}

export interface FakeClusterInit {
  /** Cluster name or ARN. */
  cluster: string;
  tags?: TagsInit;
}

/** The VPC, subnet and security group of instances that do not name theirs. */
export const DEFAULT_VPC_ID = "vpc-0a1b2c3d4e5f60718";
export const DEFAULT_SUBNET_ID = "subnet-0a1b2c3d4e5f60718";
export const DEFAULT_SECURITY_GROUP_ID = "sg-0a1b2c3d4e5f60718";

/** A network interface attached to an instance (device index = its position in the list). */
export interface FakeNetworkInterfaceInit {
  networkInterfaceId: string;
  /** @default the instance's `securityGroupIds` */
  securityGroupIds?: readonly string[];
  /** @default the instance's subnet */
  subnetId?: string;
  /** @default the instance's VPC */
  vpcId?: string;
}

/** An EBS volume attached to an instance. */
export interface FakeVolumeInit {
  volumeId: string;
  /** @default `/dev/xvda` for the first volume (the root device), then `/dev/sdf`, `/dev/sdg`, ... */
  deviceName?: string;
  sizeGiB?: number;
  encrypted?: boolean;
  tags?: TagsInit;
}

export interface FakeEc2InstanceInit {
  /** `i-` and 17 hex digits. */
  instanceId: string;
  state?: Ec2InstanceStateName;
  instanceType?: string;
  vpcId?: string;
  subnetId?: string;
  /** @default the world's region + `a` */
  availabilityZone?: string;
  tags?: TagsInit;
  /** Security groups of the default network interface. @default [DEFAULT_SECURITY_GROUP_ID] */
  securityGroupIds?: readonly string[];
  /** @default one interface `eni-<instance id digits>` with `securityGroupIds` */
  networkInterfaces?: readonly FakeNetworkInterfaceInit[];
  /** @default one 8 GiB root volume `vol-<instance id digits>` on `/dev/xvda` */
  volumes?: readonly FakeVolumeInit[];
}

export interface FakeSecurityGroupInit {
  groupId: string;
  groupName: string;
  /** @default DEFAULT_VPC_ID */
  vpcId?: string;
  description?: string;
  tags?: TagsInit;
  /** Inbound rules (their rule ids are generated). @default none */
  ingress?: readonly Omit<FakeSecurityGroupRule, "securityGroupRuleId">[];
  /** Outbound rules. @default all IPv4 traffic out, as EC2 creates a group */
  egress?: readonly Omit<FakeSecurityGroupRule, "securityGroupRuleId">[];
}

export interface FakeAutoScalingGroupInit {
  autoScalingGroupName: string;
  /** Members, InService and healthy. */
  instanceIds: readonly string[];
  minSize?: number;
  maxSize?: number;
  /** @default the number of members */
  desiredCapacity?: number;
  /** The group's tags (propagated at launch). @default none */
  tags?: TagsInit;
}

export interface FakeAwsWorldOptions {
  region?: string;
  accountId?: string;
  /** Clusters besides those the tasks and services live in (which are created automatically). */
  clusters?: readonly (string | FakeClusterInit)[];
  tasks?: readonly FakeEcsTaskInit[];
  services?: readonly FakeEcsServiceInit[];
  /** ECS container instances (EC2 instances registered to clusters). */
  containerInstances?: readonly FakeContainerInstanceInit[];
  /** At most this many results per page of ECS ListClusters and ListContainerInstances. @default 100 */
  ecsPageSize?: number;
  /** ECS ListContainerInstances filters within each page instead of before paging (see `FakeEcsState`). @default false */
  ecsFiltersWithinPages?: boolean;
  /** SNS topics, by ARN or by name (in the world's region and account). */
  topics?: readonly string[];
  /**
   * Throttling injection. `ecs`: ThrottlingException; a number throttles the first N ECS calls; with
   * `operations`, only the first N calls of those operations (e.g. `["StopTask"]`). `sns`: the same for SNS
   * actions (`Publish`), answered with `Throttled`. `ec2`: EC2 actions (`CreateSnapshot`, ...) answered with
   * `RequestLimitExceeded`; `autoScaling`: Auto Scaling actions (`DetachInstances`, ...) answered with `Throttling`.
   */
  throttle?: { ecs?: ThrottleInit; sns?: ThrottleInit; ec2?: ThrottleInit; autoScaling?: ThrottleInit };
  /** ECS operations (`DescribeTasks`, `DescribeClusters`, `DescribeServices`) that answer without the `tags` member. @default none */
  ecsAnswersWithoutTags?: readonly string[];
  /** EC2 instances (their volumes and network interfaces), security groups and extra VPCs. */
  ec2?: {
    instances?: readonly FakeEc2InstanceInit[];
    securityGroups?: readonly FakeSecurityGroupInit[];
    vpcs?: readonly string[];
  };
  /** Auto Scaling groups. */
  autoScalingGroups?: readonly FakeAutoScalingGroupInit[];
  /**
   * IAM actions to deny, e.g. `["ecs:StopTask"]` -> `AccessDeniedException`, `["sns:Publish"]` -> `AuthorizationError`,
   * `["ec2:ModifyNetworkInterfaceAttribute"]` -> `UnauthorizedOperation`, `["autoscaling:DetachInstances"]` -> `AccessDenied`.
   */
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

  const containerInstances: FakeEcsContainerInstance[] = (options.containerInstances ?? []).map((init, index) => {
    const cluster = ensureCluster(init.cluster);
    return {
      containerInstanceArn: `${ecsArn}:container-instance/${cluster.clusterName}/${(index + 1).toString(16).padStart(32, "0")}`,
      clusterArn: cluster.clusterArn,
      ec2InstanceId: init.ec2InstanceId,
      status: init.status ?? "ACTIVE",
    };
  });

  const throttle = toThrottle(options.throttle?.ecs);

  return {
    region,
    accountId,
    ecs: {
      clusters,
      tasks,
      services,
      containerInstances,
      throttle,
      requests: [],
      answersWithoutTags: [...(options.ecsAnswersWithoutTags ?? [])],
      pageSize: options.ecsPageSize ?? 100,
      filterWithinPages: options.ecsFiltersWithinPages ?? false,
    },
    ec2: createEc2State(options, region, accountId, now),
    autoScaling: {
      groups: (options.autoScalingGroups ?? []).map((init) => toAutoScalingGroup(init, options, region, accountId)),
      detachments: [],
      throttle: toThrottle(options.throttle?.autoScaling),
      contention: { remaining: 0 },
      requests: [],
      nextId: 0,
    },
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

function createEc2State(options: FakeAwsWorldOptions, region: string, accountId: string, now: () => Date): FakeEc2State {
  const state: FakeEc2State = {
    vpcs: [...(options.ec2?.vpcs ?? [])],
    instances: [],
    volumes: [],
    securityGroups: [],
    snapshots: [],
    throttle: toThrottle(options.throttle?.ec2),
    requests: [],
    nextId: 0,
  };
  const ruleId = (): string => {
    state.nextId += 1;
    return fakeEc2Id("sgr", state.nextId);
  };
  const addVpc = (vpcId: string): void => {
    if (!state.vpcs.includes(vpcId)) state.vpcs.push(vpcId);
  };
  for (const init of options.ec2?.securityGroups ?? []) {
    const vpcId = init.vpcId ?? DEFAULT_VPC_ID;
    addVpc(vpcId);
    state.securityGroups.push({
      groupId: init.groupId,
      groupName: init.groupName,
      description: init.description ?? init.groupName,
      vpcId,
      ownerId: accountId,
      tags: toEc2Tags(init.tags ?? {}),
      ingress: (init.ingress ?? []).map((rule) => ({ ...rule, securityGroupRuleId: ruleId() })),
      egress: init.egress === undefined ? [defaultEgressRule(ruleId())] : init.egress.map((rule) => ({ ...rule, securityGroupRuleId: ruleId() })),
    });
  }
  const ensureGroup = (groupId: string, vpcId: string): void => {
    if (!state.securityGroups.some((group) => group.groupId === groupId)) {
      const group: FakeSecurityGroup = {
        groupId,
        groupName: groupId === DEFAULT_SECURITY_GROUP_ID ? "default" : groupId,
        description: groupId === DEFAULT_SECURITY_GROUP_ID ? "default VPC security group" : groupId,
        vpcId,
        ownerId: accountId,
        tags: [],
        ingress: [],
        egress: [defaultEgressRule(ruleId())],
      };
      state.securityGroups.push(group);
    }
  };
  for (const init of options.ec2?.instances ?? []) {
    const vpcId = init.vpcId ?? DEFAULT_VPC_ID;
    const subnetId = init.subnetId ?? DEFAULT_SUBNET_ID;
    const availabilityZone = init.availabilityZone ?? `${region}a`;
    const digits = init.instanceId.replace(/^i-/u, "");
    const groupIds = [...(init.securityGroupIds ?? [DEFAULT_SECURITY_GROUP_ID])];
    const interfaces = init.networkInterfaces ?? [{ networkInterfaceId: `eni-${digits}` }];
    const volumes = init.volumes ?? [{ volumeId: `vol-${digits}` }];
    const instance: FakeEc2Instance = {
      instanceId: init.instanceId,
      state: init.state ?? "running",
      instanceType: init.instanceType ?? "t3.micro",
      imageId: "ami-0a1b2c3d4e5f60718",
      vpcId,
      subnetId,
      availabilityZone,
      launchTime: now(),
      tags: toEc2Tags(init.tags ?? {}),
      rootDeviceName: "/dev/xvda",
      networkInterfaces: interfaces.map((eni, index) => {
        const eniVpc = eni.vpcId ?? vpcId;
        const eniGroups = [...(eni.securityGroupIds ?? groupIds)];
        addVpc(eniVpc);
        for (const groupId of eniGroups) ensureGroup(groupId, eniVpc);
        return {
          networkInterfaceId: eni.networkInterfaceId,
          subnetId: eni.subnetId ?? subnetId,
          vpcId: eniVpc,
          groupIds: eniGroups,
          deviceIndex: index,
          privateIpAddress: `10.0.${state.instances.length}.${10 + index}`,
          attachmentId: `eni-attach-${eni.networkInterfaceId.replace(/^eni-/u, "")}`,
        };
      }),
      blockDevices: volumes.map((volume, index) => ({
        deviceName: volume.deviceName ?? (index === 0 ? "/dev/xvda" : `/dev/sd${String.fromCharCode("f".charCodeAt(0) + index - 1)}`),
        volumeId: volume.volumeId,
      })),
    };
    addVpc(vpcId);
    state.instances.push(instance);
    for (const volume of volumes) {
      const ebs: FakeEbsVolume = {
        volumeId: volume.volumeId,
        sizeGiB: volume.sizeGiB ?? 8,
        availabilityZone,
        encrypted: volume.encrypted ?? false,
        tags: toEc2Tags(volume.tags ?? {}),
      };
      state.volumes.push(ebs);
    }
  }
  return state;
}

function toAutoScalingGroup(init: FakeAutoScalingGroupInit, options: FakeAwsWorldOptions, region: string, accountId: string): FakeAutoScalingGroup {
  const members = init.instanceIds.map((instanceId) => {
    const instance = options.ec2?.instances?.find((candidate) => candidate.instanceId === instanceId);
    return {
      instanceId,
      lifecycleState: "InService" as const,
      healthStatus: "HEALTHY" as const,
      availabilityZone: instance?.availabilityZone ?? `${region}a`,
      instanceType: instance?.instanceType ?? "t3.micro",
      protectedFromScaleIn: false,
    };
  });
  const desiredCapacity = init.desiredCapacity ?? members.length;
  return {
    autoScalingGroupName: init.autoScalingGroupName,
    autoScalingGroupArn:
      `arn:aws:autoscaling:${region}:${accountId}:autoScalingGroup:0a1b2c3d-4e5f-4061-8a9b-0c1d2e3f4a5b:` + `autoScalingGroupName/${init.autoScalingGroupName}`,
    minSize: init.minSize ?? 0,
    maxSize: init.maxSize ?? Math.max(desiredCapacity, members.length, 1) * 2,
    desiredCapacity,
    instances: members,
    tags: toEcsTags(init.tags ?? {}).map((tag) => ({ ...tag, propagateAtLaunch: true })),
  };
}

function toEc2Tags(tags: TagsInit): Ec2Tag[] {
  return toEcsTags(tags);
}

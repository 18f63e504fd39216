/**
 * The state of the in-process fake AWS account, as plain data: what each fake service (fake-ecs.ts, fake-sns.ts,
 * fake-ec2.ts, fake-auto-scaling.ts) reads and changes, and the world that holds them (fake-aws-world.ts creates
 * it). The services and the world import this shape; none imports another, so no import runs in a circle.
 */
import type { FakeThrottle, SequentialIds } from "./fake-http";
import type { QueryServiceRequestLog } from "./query-service";

// ECS

export interface EcsTag {
  key: string;
  value: string;
}

export type EcsTaskLastStatus = "PROVISIONING" | "PENDING" | "ACTIVATING" | "RUNNING" | "DEACTIVATING" | "STOPPING" | "DEPROVISIONING" | "STOPPED" | "DELETED";

export type EcsTaskDesiredStatus = "RUNNING" | "PENDING" | "STOPPED";

export interface FakeEcsCluster {
  clusterArn: string;
  clusterName: string;
  status: "ACTIVE" | "INACTIVE";
  tags: EcsTag[];
}

export interface FakeEcsTask {
  taskArn: string;
  clusterArn: string;
  taskDefinitionArn: string;
  /** `service:<name>` for service tasks, `family:<name>` for standalone tasks. */
  group?: string;
  lastStatus: EcsTaskLastStatus;
  desiredStatus: EcsTaskDesiredStatus;
  stoppedReason?: string;
  stopCode?: string;
  launchType?: string;
  startedBy?: string;
  createdAt: Date;
  startedAt?: Date;
  stoppingAt?: Date;
  stoppedAt?: Date;
  /** ECS deletes a task's tags when the task is stopped. */
  tags: EcsTag[];
}

export interface FakeEcsService {
  serviceArn: string;
  serviceName: string;
  clusterArn: string;
  status: "ACTIVE" | "DRAINING" | "INACTIVE";
  taskDefinition: string;
  desiredCount: number;
  runningCount: number;
  pendingCount: number;
  launchType?: string;
  createdAt: Date;
  tags: EcsTag[];
}

/** Status of a container instance (ECS ContainerInstance `status`). */
export type EcsContainerInstanceStatus = "REGISTERING" | "REGISTRATION_FAILED" | "ACTIVE" | "INACTIVE" | "DEREGISTERING" | "DRAINING";

/** An EC2 instance registered to a cluster as a container instance. */
export interface FakeEcsContainerInstance {
  containerInstanceArn: string;
  clusterArn: string;
  ec2InstanceId: string;
  status: EcsContainerInstanceStatus;
}

/** One request the fake ECS received (after the SDK serialized it), with the error code it answered. */
export interface FakeEcsRequest {
  operation: string;
  input: Record<string, unknown>;
  errorCode?: string;
}

export interface FakeEcsState {
  clusters: FakeEcsCluster[];
  tasks: FakeEcsTask[];
  services: FakeEcsService[];
  containerInstances: FakeEcsContainerInstance[];
  throttle: FakeThrottle;
  /**
   * At most this many results per page of ListClusters and ListContainerInstances, whatever `maxResults` asks: the
   * API reference says a page may hold fewer results than `maxResults` (a test of how a workflow follows `nextToken`).
   * @default 100
   */
  pageSize: number;
  /**
   * ListContainerInstances cuts its pages from every container instance of the cluster and applies `filter` within
   * each page (so a page may be empty while `nextToken` says there is more), instead of filtering first. Whether ECS
   * filters before paging is not documented; a workflow must be right either way.
   * @default false
   */
  filterWithinPages: boolean;
  requests: FakeEcsRequest[];
  /**
   * Operations (`DescribeTasks`, `DescribeClusters`, `DescribeServices`) whose answers leave out the `tags` member
   * even when asked for them: a test of how a workflow copes with tags it cannot read.
   */
  answersWithoutTags: readonly string[];
  /**
   * Called with each request (operation name, parsed input) before ECS handles it: lets a test change the
   * world between two calls of one execution (e.g. delete a cluster after DescribeTasks).
   */
  onRequest?: (operation: string, input: Record<string, unknown>) => void;
}

// EC2

export type Ec2InstanceStateName = "pending" | "running" | "shutting-down" | "terminated" | "stopping" | "stopped";

export interface Ec2Tag {
  key: string;
  value: string;
}

/**
 * One security group rule (one source or destination), as EC2 stores rules since security group rule ids
 * exist; DescribeSecurityGroups groups them back into IpPermissions.
 */
export interface FakeSecurityGroupRule {
  securityGroupRuleId: string;
  /** `-1` (all), `tcp`, `udp`, `icmp`, or a protocol number. */
  ipProtocol: string;
  fromPort?: number;
  toPort?: number;
  cidrIpv4?: string;
  cidrIpv6?: string;
  prefixListId?: string;
  referencedGroupId?: string;
  description?: string;
}

export interface FakeSecurityGroup {
  groupId: string;
  groupName: string;
  description: string;
  vpcId: string;
  ownerId: string;
  tags: Ec2Tag[];
  ingress: FakeSecurityGroupRule[];
  egress: FakeSecurityGroupRule[];
}

export interface FakeNetworkInterface {
  networkInterfaceId: string;
  subnetId: string;
  vpcId: string;
  /** Security group ids, in order. */
  groupIds: string[];
  deviceIndex: number;
  privateIpAddress: string;
  attachmentId: string;
}

export interface FakeBlockDevice {
  deviceName: string;
  volumeId: string;
}

export interface FakeEc2Instance {
  instanceId: string;
  state: Ec2InstanceStateName;
  instanceType: string;
  imageId: string;
  vpcId: string;
  subnetId: string;
  availabilityZone: string;
  launchTime: Date;
  tags: Ec2Tag[];
  networkInterfaces: FakeNetworkInterface[];
  blockDevices: FakeBlockDevice[];
  rootDeviceName: string;
}

export interface FakeEbsVolume {
  volumeId: string;
  sizeGiB: number;
  availabilityZone: string;
  encrypted: boolean;
  tags: Ec2Tag[];
}

export interface FakeEbsSnapshot {
  snapshotId: string;
  volumeId: string;
  volumeSize: number;
  description?: string;
  state: "pending" | "completed" | "error";
  startTime: Date;
  ownerId: string;
  encrypted: boolean;
  tags: Ec2Tag[];
}

/** One call as the fake saw it. */
export type FakeEc2Request = QueryServiceRequestLog;

/** One request the fake EC2 received (input as the SDK caller wrote it), with the error code it answered. */
export interface FakeEc2State {
  /** VPC ids that exist (those of the instances and groups, plus any given). */
  vpcs: string[];
  instances: FakeEc2Instance[];
  volumes: FakeEbsVolume[];
  securityGroups: FakeSecurityGroup[];
  snapshots: FakeEbsSnapshot[];
  /** Throttle the next `remaining` calls (of `operations`, EC2 action names, when given) with RequestLimitExceeded. */
  throttle: FakeThrottle;
  requests: FakeEc2Request[];
  /** Called with each request (action, input) before EC2 handles it: lets a test change the world mid-execution. */
  onRequest?: (action: string, input: Record<string, unknown>) => void;
  /** Counter of generated ids (security groups, rules, snapshots). */
  nextId: number;
}

/** The rule every new VPC security group starts with: all IPv4 traffic out. */
export function defaultEgressRule(ruleId: string): FakeSecurityGroupRule {
  return { securityGroupRuleId: ruleId, ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" };
}

/** A deterministic EC2-style id: `<prefix>-` and 17 hex digits. */
export function fakeEc2Id(prefix: string, counter: number): string {
  return `${prefix}-0f${counter.toString(16).padStart(15, "0")}`;
}

// SNS

/** A message the fake SNS accepted. */
export interface PublishedSnsMessage {
  topicArn: string;
  messageId: string;
  message: string;
  subject?: string;
  messageStructure?: string;
  messageGroupId?: string;
  messageDeduplicationId?: string;
  messageAttributes: Record<string, { dataType: string; stringValue?: string }>;
}

/** One request the fake SNS received (form parameters as sent), with the error code it answered. */
export interface FakeSnsRequest {
  action: string;
  parameters: Record<string, string>;
  errorCode?: string;
}

export interface FakeSnsState {
  /** ARNs of the existing topics. */
  topics: string[];
  published: PublishedSnsMessage[];
  requests: FakeSnsRequest[];
  /** Throttle the next `remaining` calls with `Throttled` (absent: never). `operations` are SNS actions (`Publish`). */
  throttle?: FakeThrottle;
}

// Auto Scaling

export type AutoScalingLifecycleState = "Pending" | "InService" | "Standby" | "Terminating" | "Detaching" | "Detached";

export interface FakeAutoScalingInstance {
  instanceId: string;
  lifecycleState: AutoScalingLifecycleState;
  healthStatus: "HEALTHY" | "UNHEALTHY";
  availabilityZone: string;
  instanceType: string;
  protectedFromScaleIn: boolean;
}

export interface FakeAutoScalingGroup {
  autoScalingGroupName: string;
  autoScalingGroupArn: string;
  minSize: number;
  maxSize: number;
  desiredCapacity: number;
  instances: FakeAutoScalingInstance[];
  tags: FakeAutoScalingTag[];
}

/** A tag of an Auto Scaling group; `propagateAtLaunch` copies it to the instances the group launches. */
export interface FakeAutoScalingTag {
  key: string;
  value: string;
  propagateAtLaunch: boolean;
}

/** An instance detached from a group, in order. */
export interface FakeDetachment {
  instanceId: string;
  autoScalingGroupName: string;
  shouldDecrementDesiredCapacity: boolean;
  activityId: string;
}

/** One call as the fake saw it. */
export type FakeAutoScalingRequest = QueryServiceRequestLog;

/** One request the fake Auto Scaling received (input as the SDK caller wrote it), with the error code it answered. */
export interface FakeAutoScalingState {
  groups: FakeAutoScalingGroup[];
  detachments: FakeDetachment[];
  /** Throttle the next `remaining` calls (of `operations`, when given) with `Throttling`. */
  throttle: FakeThrottle;
  /** Answer the next `remaining` DetachInstances calls with `ResourceContention`. */
  contention: FakeThrottle;
  requests: FakeAutoScalingRequest[];
  onRequest?: (action: string, input: Record<string, unknown>) => void;
  nextId: number;
}

// The account

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
  ec2: FakeEc2State;
  autoScaling: FakeAutoScalingState;
  iam: FakeIamState;
  /** Clock of the fake services (createdAt, stoppingAt, ...). */
  now: () => Date;
  /** Request ids of the fake services' responses. */
  readonly requestIds: SequentialIds;
  /** SNS message ids. */
  readonly messageIds: SequentialIds;
}

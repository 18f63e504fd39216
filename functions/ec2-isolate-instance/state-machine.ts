/**
 * The EC2 isolation workflow: for a Runtime Monitoring finding on an EC2 instance, keep the evidence
 * (snapshot every attached EBS volume), then cut the instance off the network (replace the security groups of
 * every network interface with a quarantine group that has no rule at all), telling the topic what it did in
 * every case and failing the execution when it could not act.
 *
 * Input: {@link Ec2IsolationInput} (see `input-transformer.ts`). JSONPath ASL only (no JSONata: the simulation,
 * aws-local-stepfunctions, does not run it), no JSONPath filter expressions (see the ECS guarded workflow).
 *
 * Branch map (state names in {@link EC2_ISOLATION_STATES}; outcomes in {@link EC2_ISOLATION_OUTCOMES}):
 *
 * ```text
 * Settings -> Prepare -> Describe Instance (DescribeInstances, filter instance-id: an unknown id is an empty answer)
 *   Describe Instance        --error----------------------------> Notify Failure -> Isolation Failed (Fail)
 *   Is Instance Found        --no instance in the answer--------> Notify Instance Not Found      INSTANCE_NOT_FOUND
 *   Read Instance -> Is Instance Terminated --terminated/shutting-down-> Notify Instance Not Found  INSTANCE_NOT_FOUND
 *   Read Tags (Map: one mark per tag, by string comparison of key and value) -> Check Tags
 *   Are Tags Unreadable      --a tag without key-----------------> Notify Tags Unreadable         TAGS_UNREADABLE
 *   Is Instance Exempt       --exemption tag (key and value)-----> Notify Exempt                  EXEMPT_BY_TAG
 *   Is Already Isolated      --isolation tag (key and value)-----> Notify Already Isolated        ALREADY_ISOLATED
 *   List Volumes -> List Network Interfaces (Map states summarizing the instance)
 *   Find Auto Scaling Group (DescribeAutoScalingInstances) -> Is In Auto Scaling Group
 *     [-> Read Auto Scaling Group -> Describe Auto Scaling Group (DescribeAutoScalingGroups)
 *      -> Is Auto Scaling Group Described --no--> Notify Tags Unreadable                         TAGS_UNREADABLE
 *      -> Read Group -> Read Group Tags (Map) -> Check Group Tags -> Are Group Tags Unreadable --yes--> Notify Tags Unreadable]
 *   Is Container Host        --isolateContainerHosts on---------> Is Dry Run
 *                            --a container host tag sign--------> Notify Container Host          CONTAINER_HOST
 *   List ECS Clusters (ListClusters, 100 a page) -> Read ECS Clusters
 *   Find ECS Container Instance (Map over the page's clusters, MaxConcurrency 5: ListContainerInstances with
 *     filter `ec2InstanceId == <id>`, its pages followed; cluster gone = not listed) -> Check ECS Clusters
 *   Is ECS Container Instance --a cluster lists it--------------> Notify Container Host          CONTAINER_HOST
 *                            --a cluster not read to the end, or more than 10 pages of clusters-->
 *                              ECS Lookup Incomplete -> Notify Failure                         FAILED
 *                            --another page of clusters---------> List More ECS Clusters -> Read ECS Clusters
 *   Is Dry Run               --dryRun---------------------------> Notify Dry Run                 DRY_RUN
 *   Snapshot Volumes (Map: Create Snapshot -> Record Snapshot, per attached EBS volume)   evidence first
 *   Tag Instance (isolation tag + finding id)
 *   Needs Detach --in a group--> Detach From Auto Scaling Group (ShouldDecrementDesiredCapacity false)
 *   Find Quarantine Group (DescribeSecurityGroups: vpc-id + group-name)
 *   Is Quarantine Group Found --no--> Create Quarantine Group -> Describe New Quarantine Group -> Is Quarantine Group Found
 *     Create Quarantine Group --error (after retries)--> Recheck Quarantine Group (a concurrent execution may
 *       have created it) -> Was Quarantine Group Created Elsewhere --yes--> Read Quarantine Group, --no--> Notify Failure
 *   Read Quarantine Group -> Has Ingress Rules [-> Revoke Quarantine Ingress] -> Has Egress Rules [-> Revoke Quarantine Egress]
 *   Isolate Network Interfaces (Map: Replace Security Groups, ModifyNetworkInterfaceAttribute per interface)
 *   Notify Isolated                                                                          ISOLATED
 *   any AWS call --error (after retries)--> Notify Failure -> Isolation Failed                FAILED
 * ```
 *
 * Every notification ends the execution SUCCEEDED except Notify Failure, which is followed by a Fail state
 * carrying the original error name. A notification that cannot be published (after retries) fails the
 * execution.
 *
 * Idempotence: the isolation tag is set before the instance leaves its Auto Scaling group and the network, so
 * a later execution for the same instance (GuardDuty updates a finding, or a second finding) notifies
 * ALREADY_ISOLATED and does not act twice. An execution that FAILED after tagging is resumed with a Step Functions
 * redrive (it restarts at the failed state), or by hand.
 *
 * Limits, by design of this workflow:
 * - Security groups are stateful: EC2 documents that changing the rules (or the groups) of an interface does not
 *   interrupt connections already tracked; they continue until they time out (an active reverse shell may
 *   survive the swap). Only a network ACL (stateless, but subnet-wide) cuts them at once. The ISOLATED notice
 *   says so.
 * - Every interface gets the quarantine group of the instance's VPC; an interface of another VPC (multi-VPC
 *   attachment) is refused by EC2 and the execution FAILS loudly after the other steps.
 *
 * Container hosts: a Runtime Monitoring finding of resource type `Instance` means an EC2 instance or an EKS node
 * (GuardDuty user guide, "Remediating Runtime Monitoring findings",
 * https://docs.aws.amazon.com/guardduty/latest/ug/guardduty-remediate-runtime-monitoring.html), and ECS container
 * instances are instances too. Quarantining a node cuts every pod or task on it and detaching it takes it out of
 * its node group, so an instance showing any sign of a container host ({@link EC2_CONTAINER_HOST_TAG_PATTERNS}
 * on the instance or its group, an `eks-` group name, a configured key), or that an ECS cluster of the region lists
 * as a container instance (an instance registered by hand carries no tag), is only reported, unless
 * `isolateContainerHosts`. Tags that cannot be read, and an ECS lookup that fails or cannot be completed, fail
 * closed: reported, nothing done.
 *
 * Retries: see {@link EC2_PERMANENT_ERRORS}, {@link AUTO_SCALING_PERMANENT_ERRORS} and `functions/asl/retry.ts`.
 */
import { DEFAULT_CONSOLE_DOMAIN, resolveConsoleDomain } from "../asl/finding-console-link";
import type { NoticeLine } from "../asl/notice";
import { notifyStates, OUTCOME_ATTRIBUTE, PUBLISH_RESOURCE } from "../asl/notify-state";
import { assertNoTemplateDirective, assertTopicArn, WorkflowPropsError } from "../asl/props-error";
import { awsCallRetry, DEFAULT_RETRY, resolveRetry, type RetryProps } from "../asl/retry";
import { catchAllTo, dryRunChoice, failState, prepareState, settingsState } from "../asl/workflow-states";
import type { Partition } from "../aws/partition";
import { apiTag, assertResourceTag, type ResourceTag } from "../aws/resource-tag";
import { isQuarantineGroupName, QUARANTINE_GROUP_NAME_ALLOWED } from "../aws/security-group-name";
import type { Ec2IsolationInput } from "./input-transformer";

export type { Ec2IsolationInput };

/** Retry policy of every AWS call (shared by every containment workflow). */
export type Ec2IsolationRetryProps = RetryProps;

/** An EC2 tag. */
export type Ec2IsolationTag = ResourceTag;

/** Inputs of the EC2 isolation state machine definition. */
export interface Ec2IsolationProps {
  /** ARN of the SNS topic for every notice. May be a Terraform reference string; it is never parsed. */
  readonly topicArn: string;
  /**
   * Name of the quarantine security group: the workflow uses the group of this name in the instance's VPC, or
   * creates it (tagged `guardduty-quarantine=true`, with no inbound rule and its default outbound rule
   * revoked). Any rule found on an existing group of this name is revoked before use. 1-255 characters:
   * letters, digits, spaces and `. _ - : / @ + =`; not starting with `sg-`.
   */
  readonly quarantineSecurityGroupName: string;
  /**
   * Notify what would be done (volumes to snapshot, network interfaces and their groups, Auto Scaling group)
   * and change nothing.
   * @default false
   */
  readonly dryRun?: boolean;
  /**
   * An instance carrying this tag is not isolated (the topic is told).
   * @default { key: "guardduty-response", value: "exempt" }
   */
  readonly exemptionTag?: Ec2IsolationTag;
  /**
   * Tag set on the instance before it is isolated; an instance carrying it is not acted on again.
   * @default { key: "guardduty-response", value: "isolated" }
   */
  readonly isolationTag?: Ec2IsolationTag;
  /**
   * Domain of the AWS console for the link to the finding; GovCloud is `console.amazonaws-us-gov.com`.
   * @default "console.aws.amazon.com"
   */
  readonly consoleDomain?: string;
  /**
   * Retry of every AWS call on throttling and transient errors (exponential backoff, full jitter).
   * @default { maxAttempts: 5, intervalSeconds: 2, backoffRate: 2 }
   */
  readonly retry?: Ec2IsolationRetryProps;
  /**
   * Isolate EKS worker nodes and ECS container instances too. Off, an instance showing any sign of a container
   * host ({@link EC2_CONTAINER_HOST_TAG_PATTERNS} on the instance or its Auto Scaling group, an `eks-` group name,
   * a key of `containerHostTagKeys`), or listed by an ECS cluster as a container instance, is only reported
   * (CONTAINER_HOST): swapping the security groups of a node cuts every pod or task on it, and detaching it takes
   * it out of its node group. On, ECS is not asked (and the role gets no ECS permission).
   * @default false
   */
  readonly isolateContainerHosts?: boolean;
  /**
   * Further tag keys (exact, case-sensitive) that mark an instance or its Auto Scaling group as a container host,
   * for hosts launched without the tags EKS, Karpenter, eksctl and ECS put on them.
   * @default []
   */
  readonly containerHostTagKeys?: readonly string[];
  /**
   * Partition of the Task `Resource` ARNs (`arn:<partition>:states:::aws-sdk:...`): `aws-us-gov` in GovCloud,
   * `aws-cn` in China.
   * @default "aws"
   */
  readonly partition?: Ec2IsolationPartition;
}

/** The partitions a state machine can run in. */
export type Ec2IsolationPartition = Partition;

/** How an execution ended, as told to the topic (also the `outcome` message attribute). */
export const EC2_ISOLATION_OUTCOMES = [
  "ISOLATED",
  "ALREADY_ISOLATED",
  "INSTANCE_NOT_FOUND",
  "EXEMPT_BY_TAG",
  "CONTAINER_HOST",
  "TAGS_UNREADABLE",
  "DRY_RUN",
  "FAILED",
] as const;
export type Ec2IsolationOutcome = (typeof EC2_ISOLATION_OUTCOMES)[number];

/** The SNS Subject of each outcome: fixed text, at most 100 characters, no line break, no finding text. */
export const EC2_ISOLATION_SUBJECTS: Readonly<Record<Ec2IsolationOutcome, string>> = {
  ISOLATED: "GuardDuty EC2 response: instance isolated, evidence snapshots taken",
  ALREADY_ISOLATED: "GuardDuty EC2 response: instance already isolated, nothing done",
  INSTANCE_NOT_FOUND: "GuardDuty EC2 response: instance not found, nothing done",
  EXEMPT_BY_TAG: "GuardDuty EC2 response: instance exempt by tag, not isolated",
  CONTAINER_HOST: "GuardDuty EC2 response: EKS node or ECS container instance, not isolated, action required",
  TAGS_UNREADABLE: "GuardDuty EC2 response: tags could not be read, not isolated, action required",
  DRY_RUN: "GuardDuty EC2 response: dry run, instance would have been isolated",
  FAILED: "GuardDuty EC2 response: FAILED to isolate instance, action required",
};

/** Name of the SNS message attribute holding the outcome (for subscription filter policies). */
export const EC2_ISOLATION_OUTCOME_ATTRIBUTE = OUTCOME_ATTRIBUTE;

/** State names (those inside Map processors included). */
export const EC2_ISOLATION_STATES = {
  settings: "Settings",
  prepare: "Prepare",
  describeInstance: "Describe Instance",
  instanceFound: "Is Instance Found",
  readInstance: "Read Instance",
  instanceTerminated: "Is Instance Terminated",
  readTags: "Read Tags",
  defaultTag: "Default Tag",
  matchExtraHostKey: "Match Extra Host Key",
  classifyTag: "Classify Tag",
  unreadableTag: "Unreadable Tag",
  exemptionTag: "Exemption Tag",
  isolationTag: "Isolation Tag",
  containerHostTag: "Container Host Tag",
  otherTag: "Other Tag",
  checkTags: "Check Tags",
  tagsUnreadable: "Are Tags Unreadable",
  instanceExempt: "Is Instance Exempt",
  alreadyIsolated: "Is Already Isolated",
  listVolumes: "List Volumes",
  volume: "Volume",
  listNetworkInterfaces: "List Network Interfaces",
  networkInterface: "Network Interface",
  findAutoScalingGroup: "Find Auto Scaling Group",
  inAutoScalingGroup: "Is In Auto Scaling Group",
  readAutoScalingGroup: "Read Auto Scaling Group",
  describeAutoScalingGroup: "Describe Auto Scaling Group",
  autoScalingGroupDescribed: "Is Auto Scaling Group Described",
  readGroup: "Read Group",
  readGroupTags: "Read Group Tags",
  defaultGroupTag: "Default Group Tag",
  matchExtraGroupHostKey: "Match Extra Group Host Key",
  classifyGroupTag: "Classify Group Tag",
  unreadableGroupTag: "Unreadable Group Tag",
  containerHostGroupTag: "Container Host Group Tag",
  otherGroupTag: "Other Group Tag",
  checkGroupTags: "Check Group Tags",
  groupTagsUnreadable: "Are Group Tags Unreadable",
  containerHost: "Is Container Host",
  listEcsClusters: "List ECS Clusters",
  listMoreEcsClusters: "List More ECS Clusters",
  readEcsClusters: "Read ECS Clusters",
  findContainerInstance: "Find ECS Container Instance",
  listContainerInstances: "List Container Instances",
  listMoreContainerInstances: "List More Container Instances",
  countContainerInstancePages: "Count Container Instance Pages",
  instanceListed: "Is Instance Listed",
  listedInCluster: "Listed In Cluster",
  notListedInCluster: "Not Listed In Cluster",
  clusterGone: "Cluster Gone",
  clusterListingIncomplete: "Cluster Listing Incomplete",
  checkEcsClusters: "Check ECS Clusters",
  ecsContainerInstance: "Is ECS Container Instance",
  ecsLookupIncomplete: "ECS Lookup Incomplete",
  dryRun: "Is Dry Run",
  snapshotVolumes: "Snapshot Volumes",
  createSnapshot: "Create Snapshot",
  recordSnapshot: "Record Snapshot",
  tagInstance: "Tag Instance",
  needsDetach: "Needs Detach",
  detach: "Detach From Auto Scaling Group",
  findQuarantineGroup: "Find Quarantine Group",
  quarantineGroupFound: "Is Quarantine Group Found",
  createQuarantineGroup: "Create Quarantine Group",
  describeNewQuarantineGroup: "Describe New Quarantine Group",
  recheckQuarantineGroup: "Recheck Quarantine Group",
  quarantineGroupCreatedElsewhere: "Was Quarantine Group Created Elsewhere",
  readQuarantineGroup: "Read Quarantine Group",
  hasIngressRules: "Has Ingress Rules",
  revokeIngress: "Revoke Quarantine Ingress",
  hasEgressRules: "Has Egress Rules",
  revokeEgress: "Revoke Quarantine Egress",
  isolateNetworkInterfaces: "Isolate Network Interfaces",
  replaceSecurityGroups: "Replace Security Groups",
  notifyInstanceNotFound: "Notify Instance Not Found",
  notifyExempt: "Notify Exempt",
  notifyAlreadyIsolated: "Notify Already Isolated",
  notifyContainerHost: "Notify Container Host",
  notifyTagsUnreadable: "Notify Tags Unreadable",
  notifyDryRun: "Notify Dry Run",
  notifyIsolated: "Notify Isolated",
  notifyFailure: "Notify Failure",
  isolationFailed: "Isolation Failed",
} as const;

/** The notification state of each outcome. */
export const EC2_ISOLATION_NOTIFY_STATES: Readonly<Record<Ec2IsolationOutcome, string>> = {
  ISOLATED: EC2_ISOLATION_STATES.notifyIsolated,
  ALREADY_ISOLATED: EC2_ISOLATION_STATES.notifyAlreadyIsolated,
  INSTANCE_NOT_FOUND: EC2_ISOLATION_STATES.notifyInstanceNotFound,
  EXEMPT_BY_TAG: EC2_ISOLATION_STATES.notifyExempt,
  CONTAINER_HOST: EC2_ISOLATION_STATES.notifyContainerHost,
  TAGS_UNREADABLE: EC2_ISOLATION_STATES.notifyTagsUnreadable,
  DRY_RUN: EC2_ISOLATION_STATES.notifyDryRun,
  FAILED: EC2_ISOLATION_STATES.notifyFailure,
};

export const EC2_ISOLATION_COMMENT =
  "Isolate an EC2 instance that GuardDuty Runtime Monitoring reported: snapshot its volumes, tag it, detach it from its Auto Scaling group, quarantine its network interfaces, notify, fail loudly";
export const EC2_ISOLATION_TIMEOUT_SECONDS = 900;
export const EC2_ISOLATION_DEFAULT_EXEMPTION_TAG: Ec2IsolationTag = { key: "guardduty-response", value: "exempt" };
export const EC2_ISOLATION_DEFAULT_ISOLATION_TAG: Ec2IsolationTag = { key: "guardduty-response", value: "isolated" };
export const EC2_ISOLATION_DEFAULT_CONSOLE_DOMAIN = DEFAULT_CONSOLE_DOMAIN;
export const EC2_ISOLATION_DEFAULT_RETRY: Required<Ec2IsolationRetryProps> = DEFAULT_RETRY;

/** Tag keys the workflow writes besides the isolation tag: on the instance and on every evidence snapshot. */
export const EC2_EVIDENCE_TAG_KEYS = {
  /** The finding id (instance and snapshots). */
  findingId: "guardduty-finding-id",
  /** The instance id (snapshots). */
  instanceId: "guardduty-instance-id",
  /** The device name the volume was attached as (snapshots). */
  deviceName: "guardduty-device-name",
} as const;

/** Tag of the quarantine security group the workflow creates; the role may only attach and empty groups carrying it. */
export const EC2_QUARANTINE_GROUP_TAG: Ec2IsolationTag = { key: "guardduty-quarantine", value: "true" };
/** Description of the quarantine security group the workflow creates (EC2 group description characters only). */
export const EC2_QUARANTINE_GROUP_DESCRIPTION = "Quarantine - no inbound or outbound rules. Managed by the GuardDuty EC2 isolation workflow";

/**
 * EC2 errors never retried: none. Every call retries through `awsCallRetry` (`functions/asl/retry.ts`): the errors
 * the service model declares as permanent and `States.Permissions` are never retried, every other error
 * (`States.TaskFailed`) is, with the configured backoff. EC2's model declares no error shape at all
 * (`@aws-sdk/client-ec2` exports only its base `EC2ServiceException`), so there is no EC2 error name Step Functions
 * is documented to raise: throttling (`RequestLimitExceeded`) and permanent errors alike are retried through
 * `States.TaskFailed`, then caught. (What Step Functions names an undeclared error is not documented; we name none.)
 */
export const EC2_PERMANENT_ERRORS: readonly string[] = [];
/**
 * Auto Scaling errors never retried: none. The model declares `ResourceContention` (transient: retried) for
 * DescribeAutoScalingInstances, DescribeAutoScalingGroups and DetachInstances, and `InvalidNextToken` for the two
 * Describe calls, which never send a token. Throttling (`Throttling`) is not declared and is retried through
 * `States.TaskFailed` like every other error. Should a declared error be named, it is the API reference's error
 * code with the `Exception` suffix (`AutoScaling.ResourceContentionException`, not `...FaultException`).
 */
export const AUTO_SCALING_PERMANENT_ERRORS: readonly string[] = [];
/**
 * ECS errors of ListClusters and ListContainerInstances never retried: the errors the ECS model declares that another
 * attempt cannot cure (`ServerException` and undeclared errors such as throttling are retried). A cluster deleted
 * between ListClusters and ListContainerInstances (`ClusterNotFoundException`) holds no container instance: caught,
 * read as "not listed".
 */
export const EC2_ISOLATION_ECS_PERMANENT_ERRORS: readonly string[] = [
  "Ecs.AccessDeniedException",
  "Ecs.ClientException",
  "Ecs.ClusterNotFoundException",
  "Ecs.InvalidParameterException",
];
/** Error (and Fail state error) when ECS could not be asked about every cluster within the bounds below. */
export const EC2_ECS_LOOKUP_INCOMPLETE_ERROR = "EcsContainerInstanceLookupIncomplete";
/** Clusters per ListClusters page (the API's maximum `maxResults`). */
export const EC2_ECS_CLUSTER_PAGE_SIZE = 100;
/**
 * ListClusters pages read at most (1,000 clusters at full pages); an account with more is not searched to the end,
 * so the lookup fails closed (FAILED, nothing done). Bounds the execution history: each cluster costs about 15
 * events of the 25,000 an execution may have.
 */
export const EC2_ECS_MAX_CLUSTER_PAGES = 10;
/** ListContainerInstances pages read at most per cluster before the lookup fails closed. */
export const EC2_ECS_MAX_CONTAINER_INSTANCE_PAGES = 5;
/** Clusters asked at once (ECS request rate friendly; throttling is retried anyway). */
export const EC2_ECS_CLUSTER_CONCURRENCY = 5;
/** What asking one cluster yields; the checks look for these strings with `States.ArrayContains`. */
export const EC2_ECS_CLUSTER_MARKS = {
  listed: "listed",
  notListed: "not-listed",
  incomplete: "incomplete",
} as const;

/** Cause of the Fail state (its Error is the original error name). */
export const EC2_ISOLATION_FAILURE_CAUSE = "The EC2 instance was not (fully) isolated; the failure notice was published to the topic.";
/** Text standing for a value the workflow does not know (yet), e.g. the VPC of an instance not found. */
export const EC2_ISOLATION_UNKNOWN = "unknown";

/** Invalid props of {@link buildEc2IsolationDefinition}. */
export class Ec2IsolationPropsError extends WorkflowPropsError {}

/** Resources are written in the commercial partition, then moved to the configured one (see {@link inPartition}). */
const SDK_INTEGRATION_PREFIX = "arn:aws:states:::aws-sdk:";
const EC2 = `${SDK_INTEGRATION_PREFIX}ec2:`;
const DESCRIBE_INSTANCES = `${EC2}describeInstances`;
const DESCRIBE_SECURITY_GROUPS = `${EC2}describeSecurityGroups`;
const CREATE_SECURITY_GROUP = `${EC2}createSecurityGroup`;
const REVOKE_INGRESS = `${EC2}revokeSecurityGroupIngress`;
const REVOKE_EGRESS = `${EC2}revokeSecurityGroupEgress`;
const CREATE_SNAPSHOT = `${EC2}createSnapshot`;
const CREATE_TAGS = `${EC2}createTags`;
const MODIFY_NETWORK_INTERFACE_ATTRIBUTE = `${EC2}modifyNetworkInterfaceAttribute`;
const DESCRIBE_AUTO_SCALING_INSTANCES = `${SDK_INTEGRATION_PREFIX}autoscaling:describeAutoScalingInstances`;
const DESCRIBE_AUTO_SCALING_GROUPS = `${SDK_INTEGRATION_PREFIX}autoscaling:describeAutoScalingGroups`;
const DETACH_INSTANCES = `${SDK_INTEGRATION_PREFIX}autoscaling:detachInstances`;
const LIST_ECS_CLUSTERS = `${SDK_INTEGRATION_PREFIX}ecs:listClusters`;
const LIST_CONTAINER_INSTANCES = `${SDK_INTEGRATION_PREFIX}ecs:listContainerInstances`;

/** Every AWS SDK integration the definition uses (`service:action`), for policy checks. */
export const EC2_ISOLATION_SDK_ACTIONS: readonly string[] = [
  DESCRIBE_INSTANCES,
  DESCRIBE_SECURITY_GROUPS,
  CREATE_SECURITY_GROUP,
  REVOKE_INGRESS,
  REVOKE_EGRESS,
  CREATE_SNAPSHOT,
  CREATE_TAGS,
  MODIFY_NETWORK_INTERFACE_ATTRIBUTE,
  DESCRIBE_AUTO_SCALING_INSTANCES,
  DESCRIBE_AUTO_SCALING_GROUPS,
  DETACH_INSTANCES,
  LIST_ECS_CLUSTERS,
  LIST_CONTAINER_INSTANCES,
  PUBLISH_RESOURCE,
].map((resource) => resource.slice(resource.indexOf(":aws-sdk:") + ":aws-sdk:".length));

/**
 * Tag keys that mark an EC2 instance, or its Auto Scaling group, as a container host (an EKS worker node or an
 * ECS container instance), as ASL `StringMatches` patterns (`*` any characters). Any one of them is enough.
 *
 * - `eks:*`: EKS managed node groups tag their instances and groups `eks:cluster-name` and `eks:nodegroup-name`
 *   (the service-linked role policy AWSServiceRoleForAmazonEKSNodegroup is scoped on them); EKS Auto Mode tags
 *   its instances `eks:eks-cluster-name`, `eks:kubernetes-node-pool-name`, `eks:kubernetes-node-class-name`
 *   (the AmazonEKSComputePolicy conditions). User tags may not start with `aws:`, and `eks:` is EKS's.
 * - `kubernetes.io/cluster/*`: the EKS user guide requires it on self-managed nodes
 *   (`kubernetes.io/cluster/<cluster-name>` = `owned`, https://docs.aws.amazon.com/eks/latest/userguide/worker.html);
 *   Karpenter sets it too.
 * - `karpenter.sh/*`, `karpenter.k8s.aws/*`: Karpenter's instances (`karpenter.sh/nodepool`, its controller policy
 *   requires it on RunInstances).
 * - `alpha.eksctl.io/*`, `eksctl.cluster.k8s.io/*`: eksctl's node groups.
 * - `k8s.io/cluster-autoscaler/*`: groups (and their instances) the Kubernetes cluster autoscaler scales.
 * - `aws:eks:*`, `aws:ecs:*`: tags AWS itself puts on resources of EKS and ECS (user tags cannot start with `aws:`).
 * - `AmazonECSManaged`: ECS adds it to the Auto Scaling group of a capacity provider with managed scaling.
 *
 * An ECS container instance launched by hand carries none of these: the workflow then asks ECS (ListClusters, and
 * ListContainerInstances per cluster). A self-managed EKS node missing the tags is not recognised: tag it (or list
 * your key in `containerHostTagKeys`). See docs/containment-ec2.md.
 */
export const EC2_CONTAINER_HOST_TAG_PATTERNS: readonly string[] = [
  "eks:*",
  "kubernetes.io/cluster/*",
  "karpenter.sh/*",
  "karpenter.k8s.aws/*",
  "alpha.eksctl.io/*",
  "eksctl.cluster.k8s.io/*",
  "k8s.io/cluster-autoscaler/*",
  "aws:eks:*",
  "aws:ecs:*",
  "AmazonECSManaged",
];
/**
 * Name pattern of the Auto Scaling groups EKS creates for managed node groups (`eks-<node group>-<uuid>`): a
 * group of this name is taken for a node group even without its tags.
 */
export const EC2_EKS_NODE_GROUP_NAME_PATTERN = "eks-*";

/** What the tag classifier yields for each tag; the checks look for these strings with `States.ArrayContains`. */
export const EC2_TAG_MARKS = {
  unreadable: "unreadable",
  exemption: "exemption",
  isolation: "isolation",
  containerHost: "container-host",
  other: "other",
} as const;

/** Map concurrency of the snapshot and network interface Map states (EC2 request rate friendly). */
const MAP_CONCURRENCY = 5;

/** EC2 refuses the reserved `aws:` prefix in any letter case. */
const EC2_TAG_SYNTAX = { service: "EC2" } as const;

/** Builds the EC2 isolation state machine's ASL. The configuration is baked into the `Settings` state. */
export function buildEc2IsolationDefinition(props: Ec2IsolationProps): Record<string, unknown> {
  const settings = resolveSettings(props);
  const S = EC2_ISOLATION_STATES;

  const catchToFailure = [catchAllTo(S.notifyFailure)];
  const ec2Retry = awsCallRetry(EC2_PERMANENT_ERRORS, settings.retry);
  const autoScalingRetry = awsCallRetry(AUTO_SCALING_PERMANENT_ERRORS, settings.retry);
  const ecsRetry = awsCallRetry(EC2_ISOLATION_ECS_PERMANENT_ERRORS, settings.retry);

  const ec2Task = (resource: string, parameters: Record<string, unknown>, resultPath: string | null, next: string, extra: Record<string, unknown> = {}) => ({
    Type: "Task",
    Resource: resource,
    Parameters: parameters,
    ...extra,
    ResultPath: resultPath,
    Retry: ec2Retry,
    Catch: catchToFailure,
    Next: next,
  });

  // Lists and free text (tags, group names, error details) reach the notice through `States.JsonToString`.
  const notify = notifyStates<Ec2IsolationOutcome>({
    topicArn: props.topicArn,
    subjects: EC2_ISOLATION_SUBJECTS,
    workload: "EC2",
    resourceLines: [
      ["Instance", "$.ec2.instanceId"],
      ["Instance state", "$.target.Instance.State.Name"],
      ["VPC", "$.target.Instance.VpcId"],
      ["Auto Scaling group", "States.JsonToString($.target.AutoScalingGroupName)"],
      ["Security groups at start", "States.JsonToString($.target.Instance.SecurityGroups)"],
    ],
    retry: settings.retry,
  });

  const isolationTag: NoticeLine = ["Isolation tag", "States.JsonToString($.settings.IsolationTag)"];
  const instanceTags: NoticeLine = ["Instance tags", "States.JsonToString($.target.Instance.Tags)"];
  const groupTags: NoticeLine = ["Auto Scaling group tags", "States.JsonToString($.group.Group.Tags)"];
  const volumes: NoticeLine = ["Attached EBS volumes", "States.JsonToString($.summary.Volumes)"];
  const interfaces: NoticeLine = ["Network interfaces and their security groups before isolation", "States.JsonToString($.summary.NetworkInterfaces)"];

  const definition = {
    Comment: EC2_ISOLATION_COMMENT,
    StartAt: S.settings,
    TimeoutSeconds: EC2_ISOLATION_TIMEOUT_SECONDS,
    States: {
      [S.settings]: settingsState(
        {
          DryRun: settings.dryRun,
          ExemptionTag: apiTag(settings.exemptionTag),
          IsolationTag: apiTag(settings.isolationTag),
          QuarantineGroup: {
            GroupName: settings.quarantineSecurityGroupName,
            Description: EC2_QUARANTINE_GROUP_DESCRIPTION,
            Tags: [{ Key: "Name", Value: settings.quarantineSecurityGroupName }, apiTag(EC2_QUARANTINE_GROUP_TAG)],
          },
          ConsoleDomain: settings.consoleDomain,
          IsolateContainerHosts: settings.isolateContainerHosts,
          ContainerHostTagKeys: [...settings.containerHostTagKeys],
          MissingTag: { Key: "", Value: "" },
          UntaggedGroup: { Tags: [] },
          UnknownInstance: {
            State: { Name: EC2_ISOLATION_UNKNOWN },
            VpcId: EC2_ISOLATION_UNKNOWN,
            Tags: [],
            SecurityGroups: [],
            NetworkInterfaces: [],
            BlockDeviceMappings: [],
          },
          EmptyGroup: { IpPermissions: [], IpPermissionsEgress: [] },
          EmptyEcsClusterPage: { ClusterArns: [] },
          EcsLookupIncomplete: {
            Error: EC2_ECS_LOOKUP_INCOMPLETE_ERROR,
            Cause: `ECS could not be asked about every cluster (more than ${EC2_ECS_MAX_CLUSTER_PAGES} pages of clusters, or more than ${EC2_ECS_MAX_CONTAINER_INSTANCE_PAGES} pages of container instances in one cluster): the instance may be an ECS container instance.`,
          },
        },
        S.prepare,
      ),
      [S.prepare]: prepareState({
        comment: "Keep the known input only; derive the console link, the JSON-quoted title, the tags; start the progress record.",
        inputParts: ["ec2"],
        derived: {
          FindingIdTag: { Key: EC2_EVIDENCE_TAG_KEYS.findingId, "Value.$": "$.finding.id" },
          "SnapshotDescription.$": "States.Format('Evidence of GuardDuty finding {} on instance {}', $.finding.id, $.ec2.instanceId)",
        },
        extra: {
          target: { "Instance.$": "$.settings.UnknownInstance", AutoScalingGroupName: null },
          summary: { Volumes: [], NetworkInterfaces: [] },
          group: { Group: { Tags: [] } },
          groupCheck: { Unreadable: false, ContainerHost: false },
          ecsLookup: { Pages: 0, Page: { ClusterArns: [] } },
          ecsMarks: [],
          quarantine: { Group: { GroupId: null } },
          progress: { Snapshots: [], InstanceTag: { Done: false }, Detach: { Done: false }, NetworkInterfaces: [] },
        },
        next: S.describeInstance,
      }),
      [S.describeInstance]: ec2Task(
        DESCRIBE_INSTANCES,
        { Filters: [{ Name: "instance-id", "Values.$": "States.Array($.ec2.instanceId)" }] },
        "$.describe",
        S.instanceFound,
      ),
      [S.instanceFound]: {
        Type: "Choice",
        Choices: [{ Variable: "$.describe.Reservations[0].Instances[0]", IsPresent: true, Next: S.readInstance }],
        Default: S.notifyInstanceNotFound,
      },
      [S.readInstance]: {
        Type: "Pass",
        Comment: "The described instance over defaults, so that State, VpcId, Tags and the lists are always present.",
        Parameters: {
          "Instance.$": "States.JsonMerge($.target.Instance, $.describe.Reservations[0].Instances[0], false)",
          "AutoScalingGroupName.$": "$.target.AutoScalingGroupName",
        },
        ResultPath: "$.target",
        Next: S.instanceTerminated,
      },
      [S.instanceTerminated]: {
        Type: "Choice",
        Choices: [
          {
            Or: [
              { Variable: "$.target.Instance.State.Name", StringEquals: "terminated" },
              { Variable: "$.target.Instance.State.Name", StringEquals: "shutting-down" },
            ],
            Next: S.notifyInstanceNotFound,
          },
        ],
        Default: S.readTags,
      },
      [S.readTags]: tagClassifierMap({
        itemsPath: "$.target.Instance.Tags",
        resultPath: "$.tagMarks",
        next: S.checkTags,
        catchToFailure,
        states: {
          defaultTag: S.defaultTag,
          matchExtraHostKey: S.matchExtraHostKey,
          classify: S.classifyTag,
          unreadable: S.unreadableTag,
          containerHost: S.containerHostTag,
          other: S.otherTag,
          exemption: S.exemptionTag,
          isolation: S.isolationTag,
        },
      }),
      [S.checkTags]: {
        Type: "Pass",
        Comment: "Each decision is a string comparison of key and value (Read Tags); here only strings are looked up in the list of marks.",
        Parameters: {
          "Unreadable.$": `States.ArrayContains($.tagMarks, '${EC2_TAG_MARKS.unreadable}')`,
          "Exempt.$": `States.ArrayContains($.tagMarks, '${EC2_TAG_MARKS.exemption}')`,
          "Isolated.$": `States.ArrayContains($.tagMarks, '${EC2_TAG_MARKS.isolation}')`,
          "ContainerHost.$": `States.ArrayContains($.tagMarks, '${EC2_TAG_MARKS.containerHost}')`,
        },
        ResultPath: "$.tagCheck",
        Next: S.tagsUnreadable,
      },
      [S.tagsUnreadable]: {
        Type: "Choice",
        Choices: [{ Variable: "$.tagCheck.Unreadable", BooleanEquals: true, Next: S.notifyTagsUnreadable }],
        Default: S.instanceExempt,
      },
      [S.instanceExempt]: {
        Type: "Choice",
        Choices: [{ Variable: "$.tagCheck.Exempt", BooleanEquals: true, Next: S.notifyExempt }],
        Default: S.alreadyIsolated,
      },
      [S.alreadyIsolated]: {
        Type: "Choice",
        Choices: [{ Variable: "$.tagCheck.Isolated", BooleanEquals: true, Next: S.notifyAlreadyIsolated }],
        Default: S.listVolumes,
      },
      [S.listVolumes]: summaryMap(
        "$.target.Instance.BlockDeviceMappings",
        { "DeviceName.$": "$$.Map.Item.Value.DeviceName", "VolumeId.$": "$$.Map.Item.Value.Ebs.VolumeId" },
        S.volume,
        "$.summary.Volumes",
        S.listNetworkInterfaces,
      ),
      [S.listNetworkInterfaces]: summaryMap(
        "$.target.Instance.NetworkInterfaces",
        { "NetworkInterfaceId.$": "$$.Map.Item.Value.NetworkInterfaceId", "SecurityGroups.$": "$$.Map.Item.Value.Groups" },
        S.networkInterface,
        "$.summary.NetworkInterfaces",
        S.findAutoScalingGroup,
      ),
      [S.findAutoScalingGroup]: {
        Type: "Task",
        Resource: DESCRIBE_AUTO_SCALING_INSTANCES,
        Parameters: { "InstanceIds.$": "States.Array($.ec2.instanceId)" },
        ResultPath: "$.autoScalingLookup",
        Retry: autoScalingRetry,
        Catch: catchToFailure,
        Next: S.inAutoScalingGroup,
      },
      [S.inAutoScalingGroup]: {
        Type: "Choice",
        Choices: [{ Variable: "$.autoScalingLookup.AutoScalingInstances[0]", IsPresent: true, Next: S.readAutoScalingGroup }],
        Default: S.containerHost,
      },
      [S.readAutoScalingGroup]: {
        Type: "Pass",
        Parameters: { "Instance.$": "$.target.Instance", "AutoScalingGroupName.$": "$.autoScalingLookup.AutoScalingInstances[0].AutoScalingGroupName" },
        ResultPath: "$.target",
        Next: S.describeAutoScalingGroup,
      },
      [S.describeAutoScalingGroup]: {
        Type: "Task",
        Comment: "The group's own tags: EKS and ECS tag the group even where the instance does not carry the tag.",
        Resource: DESCRIBE_AUTO_SCALING_GROUPS,
        Parameters: { "AutoScalingGroupNames.$": "States.Array($.target.AutoScalingGroupName)" },
        ResultPath: "$.groupLookup",
        Retry: autoScalingRetry,
        Catch: catchToFailure,
        Next: S.autoScalingGroupDescribed,
      },
      [S.autoScalingGroupDescribed]: {
        Type: "Choice",
        Comment: "A group that cannot be described cannot be told apart from a node group: not acted on.",
        Choices: [{ Variable: "$.groupLookup.AutoScalingGroups[0]", IsPresent: true, Next: S.readGroup }],
        Default: S.notifyTagsUnreadable,
      },
      [S.readGroup]: {
        Type: "Pass",
        Parameters: { "Group.$": "States.JsonMerge($.settings.UntaggedGroup, $.groupLookup.AutoScalingGroups[0], false)" },
        ResultPath: "$.group",
        Next: S.readGroupTags,
      },
      [S.readGroupTags]: tagClassifierMap({
        itemsPath: "$.group.Group.Tags",
        resultPath: "$.groupTagMarks",
        next: S.checkGroupTags,
        catchToFailure,
        states: {
          defaultTag: S.defaultGroupTag,
          matchExtraHostKey: S.matchExtraGroupHostKey,
          classify: S.classifyGroupTag,
          unreadable: S.unreadableGroupTag,
          containerHost: S.containerHostGroupTag,
          other: S.otherGroupTag,
        },
      }),
      [S.checkGroupTags]: {
        Type: "Pass",
        Parameters: {
          "Unreadable.$": `States.ArrayContains($.groupTagMarks, '${EC2_TAG_MARKS.unreadable}')`,
          "ContainerHost.$": `States.ArrayContains($.groupTagMarks, '${EC2_TAG_MARKS.containerHost}')`,
        },
        ResultPath: "$.groupCheck",
        Next: S.groupTagsUnreadable,
      },
      [S.groupTagsUnreadable]: {
        Type: "Choice",
        Choices: [{ Variable: "$.groupCheck.Unreadable", BooleanEquals: true, Next: S.notifyTagsUnreadable }],
        Default: S.containerHost,
      },
      [S.containerHost]: {
        Type: "Choice",
        Comment: "An EKS node or ECS container instance is not isolated unless the configuration says so: a tag sign here, else ECS is asked.",
        Choices: [
          { Variable: "$.settings.IsolateContainerHosts", BooleanEquals: true, Next: S.dryRun },
          {
            Or: [
              { Variable: "$.tagCheck.ContainerHost", BooleanEquals: true },
              { Variable: "$.groupCheck.ContainerHost", BooleanEquals: true },
              {
                And: [
                  { Variable: "$.target.AutoScalingGroupName", IsString: true },
                  { Variable: "$.target.AutoScalingGroupName", StringMatches: EC2_EKS_NODE_GROUP_NAME_PATTERN },
                ],
              },
            ],
            Next: S.notifyContainerHost,
          },
        ],
        Default: S.listEcsClusters,
      },
      [S.listEcsClusters]: {
        Type: "Task",
        Comment: "An instance registered to an ECS cluster by hand carries no tag: every cluster of the region is asked.",
        Resource: LIST_ECS_CLUSTERS,
        Parameters: { MaxResults: EC2_ECS_CLUSTER_PAGE_SIZE },
        ResultPath: "$.ecsPage",
        Retry: ecsRetry,
        Catch: catchToFailure,
        Next: S.readEcsClusters,
      },
      [S.listMoreEcsClusters]: {
        Type: "Task",
        Resource: LIST_ECS_CLUSTERS,
        Parameters: { MaxResults: EC2_ECS_CLUSTER_PAGE_SIZE, "NextToken.$": "$.ecsLookup.Page.NextToken" },
        ResultPath: "$.ecsPage",
        Retry: ecsRetry,
        Catch: catchToFailure,
        Next: S.readEcsClusters,
      },
      [S.readEcsClusters]: {
        Type: "Pass",
        Parameters: {
          "Page.$": "States.JsonMerge($.settings.EmptyEcsClusterPage, $.ecsPage, false)",
          "Pages.$": "States.MathAdd($.ecsLookup.Pages, 1)",
        },
        ResultPath: "$.ecsLookup",
        Next: S.findContainerInstance,
      },
      [S.findContainerInstance]: {
        Type: "Map",
        Comment: "Each cluster of the page is asked whether it lists the instance as a container instance (cluster query language: ec2InstanceId).",
        // ListContainerInstances takes a cluster query language `filter`; `ec2InstanceId` "selects container instances
        // by Amazon EC2 instance ID", operators include `==` (ECS developer guide, "Create expressions to define container
        // instances for Amazon ECS tasks", https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cluster-query-language.html).
        // The instance id was read back by DescribeInstances from EC2 (an id EC2 knows), so it cannot widen the query.
        ItemsPath: "$.ecsLookup.Page.ClusterArns",
        ItemSelector: {
          "Cluster.$": "$$.Map.Item.Value",
          "Filter.$": "States.Format('ec2InstanceId == {}', $.target.Instance.InstanceId)",
          Pages: { Count: 0 },
        },
        MaxConcurrency: EC2_ECS_CLUSTER_CONCURRENCY,
        ItemProcessor: {
          ProcessorConfig: { Mode: "INLINE" },
          StartAt: S.listContainerInstances,
          States: {
            [S.listContainerInstances]: {
              Type: "Task",
              Resource: LIST_CONTAINER_INSTANCES,
              // No Status: ECS then lists every container instance but INACTIVE ones (DRAINING included).
              Parameters: { "Cluster.$": "$.Cluster", "Filter.$": "$.Filter", MaxResults: 100 },
              ResultPath: "$.Page",
              Retry: ecsRetry,
              Catch: [{ ErrorEquals: ["Ecs.ClusterNotFoundException"], ResultPath: null, Next: S.clusterGone }],
              Next: S.countContainerInstancePages,
            },
            [S.listMoreContainerInstances]: {
              Type: "Task",
              Resource: LIST_CONTAINER_INSTANCES,
              Parameters: { "Cluster.$": "$.Cluster", "Filter.$": "$.Filter", MaxResults: 100, "NextToken.$": "$.Page.NextToken" },
              ResultPath: "$.Page",
              Retry: ecsRetry,
              Catch: [{ ErrorEquals: ["Ecs.ClusterNotFoundException"], ResultPath: null, Next: S.clusterGone }],
              Next: S.countContainerInstancePages,
            },
            [S.countContainerInstancePages]: {
              Type: "Pass",
              Parameters: { "Count.$": "States.MathAdd($.Pages.Count, 1)" },
              ResultPath: "$.Pages",
              Next: S.instanceListed,
            },
            [S.instanceListed]: {
              Type: "Choice",
              Comment: "ECS may answer a page with fewer results than asked and a NextToken: only a last page without the instance rules it out.",
              Choices: [
                { Variable: "$.Page.ContainerInstanceArns[0]", IsPresent: true, Next: S.listedInCluster },
                { Not: { Variable: "$.Page.NextToken", IsPresent: true }, Next: S.notListedInCluster },
                { Variable: "$.Pages.Count", NumericLessThan: EC2_ECS_MAX_CONTAINER_INSTANCE_PAGES, Next: S.listMoreContainerInstances },
              ],
              Default: S.clusterListingIncomplete,
            },
            [S.listedInCluster]: { Type: "Pass", Result: EC2_ECS_CLUSTER_MARKS.listed, End: true },
            [S.notListedInCluster]: { Type: "Pass", Result: EC2_ECS_CLUSTER_MARKS.notListed, End: true },
            [S.clusterGone]: {
              Type: "Pass",
              Comment: "Deleted since ListClusters: it holds no container instance.",
              Result: EC2_ECS_CLUSTER_MARKS.notListed,
              End: true,
            },
            [S.clusterListingIncomplete]: { Type: "Pass", Result: EC2_ECS_CLUSTER_MARKS.incomplete, End: true },
          },
        },
        ResultPath: "$.ecsMarks",
        Catch: catchToFailure,
        Next: S.checkEcsClusters,
      },
      [S.checkEcsClusters]: {
        Type: "Pass",
        Parameters: {
          "Listed.$": `States.ArrayContains($.ecsMarks, '${EC2_ECS_CLUSTER_MARKS.listed}')`,
          "Incomplete.$": `States.ArrayContains($.ecsMarks, '${EC2_ECS_CLUSTER_MARKS.incomplete}')`,
        },
        ResultPath: "$.ecsCheck",
        Next: S.ecsContainerInstance,
      },
      [S.ecsContainerInstance]: {
        Type: "Choice",
        Choices: [
          { Variable: "$.ecsCheck.Listed", BooleanEquals: true, Next: S.notifyContainerHost },
          { Variable: "$.ecsCheck.Incomplete", BooleanEquals: true, Next: S.ecsLookupIncomplete },
          { Not: { Variable: "$.ecsLookup.Page.NextToken", IsPresent: true }, Next: S.dryRun },
          { Variable: "$.ecsLookup.Pages", NumericLessThan: EC2_ECS_MAX_CLUSTER_PAGES, Next: S.listMoreEcsClusters },
        ],
        Default: S.ecsLookupIncomplete,
      },
      [S.ecsLookupIncomplete]: {
        Type: "Pass",
        Comment: "Not every cluster could be asked: the instance may be a container instance, so nothing is done (fail closed).",
        InputPath: "$.settings.EcsLookupIncomplete",
        ResultPath: "$.error",
        Next: S.notifyFailure,
      },
      [S.dryRun]: dryRunChoice(S.notifyDryRun, S.snapshotVolumes),
      [S.snapshotVolumes]: {
        Type: "Map",
        Comment: "Evidence first: one snapshot of every attached EBS volume, tagged with the finding and the instance.",
        ItemsPath: "$.summary.Volumes",
        ItemSelector: {
          "DeviceName.$": "$$.Map.Item.Value.DeviceName",
          "VolumeId.$": "$$.Map.Item.Value.VolumeId",
          "FindingId.$": "$.finding.id",
          "InstanceId.$": "$.ec2.instanceId",
          "Description.$": "$.derived.SnapshotDescription",
        },
        MaxConcurrency: MAP_CONCURRENCY,
        ItemProcessor: {
          ProcessorConfig: { Mode: "INLINE" },
          StartAt: S.createSnapshot,
          States: {
            [S.createSnapshot]: {
              Type: "Task",
              Resource: CREATE_SNAPSHOT,
              Parameters: {
                "VolumeId.$": "$.VolumeId",
                "Description.$": "$.Description",
                TagSpecifications: [
                  {
                    ResourceType: "snapshot",
                    Tags: [
                      { Key: EC2_EVIDENCE_TAG_KEYS.findingId, "Value.$": "$.FindingId" },
                      { Key: EC2_EVIDENCE_TAG_KEYS.instanceId, "Value.$": "$.InstanceId" },
                      { Key: EC2_EVIDENCE_TAG_KEYS.deviceName, "Value.$": "$.DeviceName" },
                    ],
                  },
                ],
              },
              ResultSelector: { "SnapshotId.$": "$.SnapshotId" },
              ResultPath: "$.Snapshot",
              Retry: ec2Retry,
              Next: S.recordSnapshot,
            },
            [S.recordSnapshot]: {
              Type: "Pass",
              Parameters: { "DeviceName.$": "$.DeviceName", "VolumeId.$": "$.VolumeId", "SnapshotId.$": "$.Snapshot.SnapshotId" },
              End: true,
            },
          },
        },
        ResultPath: "$.progress.Snapshots",
        Catch: catchToFailure,
        Next: S.tagInstance,
      },
      [S.tagInstance]: ec2Task(
        CREATE_TAGS,
        { "Resources.$": "States.Array($.ec2.instanceId)", "Tags.$": "States.Array($.settings.IsolationTag, $.derived.FindingIdTag)" },
        "$.progress.InstanceTag",
        S.needsDetach,
        { ResultSelector: { Done: true } },
      ),
      [S.needsDetach]: {
        Type: "Choice",
        // IsString, not `IsNull: false`: aws-local-stepfunctions 3.0.0 never matches a false type test.
        Choices: [{ Variable: "$.target.AutoScalingGroupName", IsString: true, Next: S.detach }],
        Default: S.findQuarantineGroup,
      },
      [S.detach]: {
        Type: "Task",
        Comment:
          "Out of the group before the network change, so that failing health checks do not make the group terminate the instance; the group launches a replacement.",
        Resource: DETACH_INSTANCES,
        Parameters: {
          "AutoScalingGroupName.$": "$.target.AutoScalingGroupName",
          "InstanceIds.$": "States.Array($.ec2.instanceId)",
          ShouldDecrementDesiredCapacity: false,
        },
        ResultSelector: { Done: true, "Activities.$": "$.Activities" },
        ResultPath: "$.progress.Detach",
        Retry: autoScalingRetry,
        Catch: catchToFailure,
        Next: S.findQuarantineGroup,
      },
      [S.findQuarantineGroup]: ec2Task(
        DESCRIBE_SECURITY_GROUPS,
        {
          Filters: [
            { Name: "vpc-id", "Values.$": "States.Array($.target.Instance.VpcId)" },
            { Name: "group-name", "Values.$": "States.Array($.settings.QuarantineGroup.GroupName)" },
          ],
        },
        "$.quarantineLookup",
        S.quarantineGroupFound,
      ),
      [S.quarantineGroupFound]: {
        Type: "Choice",
        Choices: [{ Variable: "$.quarantineLookup.SecurityGroups[0]", IsPresent: true, Next: S.readQuarantineGroup }],
        Default: S.createQuarantineGroup,
      },
      [S.createQuarantineGroup]: {
        Type: "Task",
        Resource: CREATE_SECURITY_GROUP,
        Parameters: {
          "GroupName.$": "$.settings.QuarantineGroup.GroupName",
          "Description.$": "$.settings.QuarantineGroup.Description",
          "VpcId.$": "$.target.Instance.VpcId",
          TagSpecifications: [{ ResourceType: "security-group", "Tags.$": "$.settings.QuarantineGroup.Tags" }],
        },
        ResultPath: "$.quarantineCreated",
        Retry: ec2Retry,
        Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: S.recheckQuarantineGroup }],
        Next: S.describeNewQuarantineGroup,
      },
      [S.describeNewQuarantineGroup]: ec2Task(
        DESCRIBE_SECURITY_GROUPS,
        { "GroupIds.$": "States.Array($.quarantineCreated.GroupId)" },
        "$.quarantineLookup",
        S.quarantineGroupFound,
      ),
      [S.recheckQuarantineGroup]: {
        Type: "Task",
        Comment: "CreateSecurityGroup failed: a concurrent execution may have created the group in this VPC meanwhile.",
        Resource: DESCRIBE_SECURITY_GROUPS,
        Parameters: {
          Filters: [
            { Name: "vpc-id", "Values.$": "States.Array($.target.Instance.VpcId)" },
            { Name: "group-name", "Values.$": "States.Array($.settings.QuarantineGroup.GroupName)" },
          ],
        },
        ResultPath: "$.quarantineLookup",
        Retry: ec2Retry,
        Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: null, Next: S.notifyFailure }],
        Next: S.quarantineGroupCreatedElsewhere,
      },
      [S.quarantineGroupCreatedElsewhere]: {
        Type: "Choice",
        Choices: [{ Variable: "$.quarantineLookup.SecurityGroups[0]", IsPresent: true, Next: S.readQuarantineGroup }],
        Default: S.notifyFailure,
      },
      [S.readQuarantineGroup]: {
        Type: "Pass",
        Parameters: { "Group.$": "States.JsonMerge($.settings.EmptyGroup, $.quarantineLookup.SecurityGroups[0], false)" },
        ResultPath: "$.quarantine",
        Next: S.hasIngressRules,
      },
      [S.hasIngressRules]: {
        Type: "Choice",
        Choices: [{ Variable: "$.quarantine.Group.IpPermissions[0]", IsPresent: true, Next: S.revokeIngress }],
        Default: S.hasEgressRules,
      },
      [S.revokeIngress]: ec2Task(
        REVOKE_INGRESS,
        { "GroupId.$": "$.quarantine.Group.GroupId", "IpPermissions.$": "$.quarantine.Group.IpPermissions" },
        null,
        S.hasEgressRules,
      ),
      [S.hasEgressRules]: {
        Type: "Choice",
        Choices: [{ Variable: "$.quarantine.Group.IpPermissionsEgress[0]", IsPresent: true, Next: S.revokeEgress }],
        Default: S.isolateNetworkInterfaces,
      },
      [S.revokeEgress]: ec2Task(
        REVOKE_EGRESS,
        { "GroupId.$": "$.quarantine.Group.GroupId", "IpPermissions.$": "$.quarantine.Group.IpPermissionsEgress" },
        null,
        S.isolateNetworkInterfaces,
      ),
      [S.isolateNetworkInterfaces]: {
        Type: "Map",
        Comment: "Every network interface of the instance gets the quarantine group as its only security group.",
        ItemsPath: "$.summary.NetworkInterfaces",
        ItemSelector: {
          "NetworkInterfaceId.$": "$$.Map.Item.Value.NetworkInterfaceId",
          "PreviousSecurityGroups.$": "$$.Map.Item.Value.SecurityGroups",
          "QuarantineGroupId.$": "$.quarantine.Group.GroupId",
        },
        MaxConcurrency: MAP_CONCURRENCY,
        ItemProcessor: {
          ProcessorConfig: { Mode: "INLINE" },
          StartAt: S.replaceSecurityGroups,
          States: {
            [S.replaceSecurityGroups]: {
              Type: "Task",
              Resource: MODIFY_NETWORK_INTERFACE_ATTRIBUTE,
              Parameters: { "NetworkInterfaceId.$": "$.NetworkInterfaceId", "Groups.$": "States.Array($.QuarantineGroupId)" },
              ResultPath: null,
              Retry: ec2Retry,
              End: true,
            },
          },
        },
        ResultPath: "$.progress.NetworkInterfaces",
        Catch: catchToFailure,
        Next: S.notifyIsolated,
      },
      [S.notifyInstanceNotFound]: notify("INSTANCE_NOT_FOUND", "EC2 does not know this instance, or it is terminated. Nothing was done.", []),
      [S.notifyExempt]: notify("EXEMPT_BY_TAG", "The instance carries the exemption tag, so it was NOT isolated. Investigate it by hand.", [
        ["Exemption tag", "States.JsonToString($.settings.ExemptionTag)"],
      ]),
      [S.notifyContainerHost]: notify(
        "CONTAINER_HOST",
        "The instance is an EKS worker node or an ECS container instance: it carries a sign of one, or an ECS cluster lists it as a container instance. So it was NOT isolated: quarantining its network interfaces would cut every pod or task on it, and detaching it would take it out of its node group. Contain the workload instead. EKS: isolate the pod with a deny-all network policy or the EKS pod containment of this project, cordon and drain the node, then replace it. ECS: stop the task, set the container instance to DRAINING, then replace it. To isolate container hosts anyway, set ec2_isolation.isolate_container_hosts.",
        [
          instanceTags,
          groupTags,
          ["Signs looked for", "States.JsonToString($.settings.ContainerHostTagKeys)"],
          ["ECS clusters asked, last page", "States.JsonToString($.ecsLookup.Page.ClusterArns)"],
          ["ECS answers, in the same order", "States.JsonToString($.ecsMarks)"],
        ],
      ),
      [S.notifyTagsUnreadable]: notify(
        "TAGS_UNREADABLE",
        "The tags of the instance or of its Auto Scaling group could not be read, so neither the exemption nor a container host could be ruled out: the instance was NOT isolated. Check it by hand.",
        [instanceTags, groupTags],
      ),
      [S.notifyAlreadyIsolated]: notify(
        "ALREADY_ISOLATED",
        "The instance carries the isolation tag: an earlier execution isolated it, or is isolating it. Nothing was done again.",
        [isolationTag],
      ),
      [S.notifyDryRun]: notify(
        "DRY_RUN",
        "Dry run: the volumes below would have been snapshotted, the instance tagged and detached from its Auto Scaling group, and every network interface moved to the quarantine security group. Nothing was changed.",
        [volumes, interfaces, ["Quarantine security group name", "States.JsonToString($.settings.QuarantineGroup.GroupName)"], isolationTag],
      ),
      [S.notifyIsolated]: notify(
        "ISOLATED",
        "Evidence snapshots were started, the instance was tagged, detached from its Auto Scaling group if it was in one, and every network interface now has only the quarantine security group, which has no rule. Connections already established are not cut by a security group change and may last until they time out.",
        [
          ["Evidence snapshots", "States.JsonToString($.progress.Snapshots)"],
          ["Quarantine security group", "$.quarantine.Group.GroupId"],
          interfaces,
          isolationTag,
        ],
      ),
      [S.notifyFailure]: notify(
        "FAILED",
        "The workflow could not complete; the instance may be reachable still. Act by hand, or redrive the execution once the cause is fixed.",
        [
          ["Error", "$.error.Error"],
          ["Evidence snapshots taken", "States.JsonToString($.progress.Snapshots)"],
          ["Isolation tag set", "$.progress.InstanceTag.Done"],
          ["Detached from Auto Scaling group", "$.progress.Detach.Done"],
          ["Quarantine security group", "$.quarantine.Group.GroupId"],
          ["Error details", "States.JsonToString($.error)"],
        ],
        S.isolationFailed,
      ),
      [S.isolationFailed]: failState(EC2_ISOLATION_FAILURE_CAUSE),
    },
  };

  assertNoTemplateDirective(definition, Ec2IsolationPropsError);
  return inPartition(definition, settings.partition);
}

/**
 * `definition` with every Task `Resource` (Map processors included) in `partition`: Step Functions Resource
 * ARNs carry the partition like any ARN (`arn:aws-us-gov:states:::aws-sdk:ec2:...` in GovCloud).
 */
function inPartition(definition: Record<string, unknown>, partition: Partition): Record<string, unknown> {
  const commercial = "arn:aws:states:::";
  const visit = (states: Record<string, Record<string, unknown>>): void => {
    for (const state of Object.values(states)) {
      if (typeof state.Resource === "string" && state.Resource.startsWith(commercial)) {
        state.Resource = `arn:${partition}:states:::${state.Resource.slice(commercial.length)}`;
      }
      const processor = state.ItemProcessor as { States?: Record<string, Record<string, unknown>> } | undefined;
      if (processor?.States !== undefined) visit(processor.States);
    }
  };
  visit(definition.States as Record<string, Record<string, unknown>>);
  return definition;
}

/** State names of one tag classifier Map (the response-tag ones only for the instance's tags). */
interface TagClassifierStates {
  readonly defaultTag: string;
  readonly matchExtraHostKey: string;
  readonly classify: string;
  readonly unreadable: string;
  readonly containerHost: string;
  readonly other: string;
  readonly exemption?: string;
  readonly isolation?: string;
}

/**
 * A Map state over EC2-style tags (`{Key, Value}`) yielding one mark per tag ({@link EC2_TAG_MARKS}), decided by
 * string comparisons only (ASL Choice `StringEquals`, `StringEqualsPath`, `StringMatches` on `$.Tag.Key` and
 * `$.Tag.Value`), so that a later `States.ArrayContains` looks up strings, never objects (AWS documents
 * ArrayContains for values in an array; its behaviour on objects is not documented).
 *
 * A tag is first merged over `{Key: "", Value: ""}`: a tag without a key (which EC2 does not allow) reads as
 * unreadable instead of failing the execution at a missing path.
 */
function tagClassifierMap(options: {
  readonly itemsPath: string;
  readonly resultPath: string;
  readonly next: string;
  readonly catchToFailure: readonly Record<string, unknown>[];
  readonly states: TagClassifierStates;
}): Record<string, unknown> {
  const S = options.states;
  const mark = (value: string): Record<string, unknown> => ({ Type: "Pass", Result: value, End: true });
  const tagEquals = (settingsTag: string): Record<string, unknown>[] => [
    { Variable: "$.Tag.Key", StringEqualsPath: `$.${settingsTag}.Key` },
    { Variable: "$.Tag.Value", StringEqualsPath: `$.${settingsTag}.Value` },
  ];
  const responseTagChoices =
    S.exemption !== undefined && S.isolation !== undefined
      ? [
          { And: tagEquals("ExemptionTag"), Next: S.exemption },
          { And: tagEquals("IsolationTag"), Next: S.isolation },
        ]
      : [];
  const states: Record<string, Record<string, unknown>> = {
    [S.defaultTag]: {
      Type: "Pass",
      Parameters: {
        "Tag.$": "States.JsonMerge($.MissingTag, $.Tag, false)",
        "ExemptionTag.$": "$.ExemptionTag",
        "IsolationTag.$": "$.IsolationTag",
        "ContainerHostTagKeys.$": "$.ContainerHostTagKeys",
      },
      Next: S.matchExtraHostKey,
    },
    [S.matchExtraHostKey]: {
      Type: "Pass",
      Parameters: { "Listed.$": "States.ArrayContains($.ContainerHostTagKeys, $.Tag.Key)" },
      ResultPath: "$.ExtraHostKey",
      Next: S.classify,
    },
    [S.classify]: {
      Type: "Choice",
      Choices: [
        { Variable: "$.Tag.Key", StringEquals: "", Next: S.unreadable },
        ...responseTagChoices,
        {
          Or: [
            { Variable: "$.ExtraHostKey.Listed", BooleanEquals: true },
            ...EC2_CONTAINER_HOST_TAG_PATTERNS.map((pattern) => ({ Variable: "$.Tag.Key", StringMatches: pattern })),
          ],
          Next: S.containerHost,
        },
      ],
      Default: S.other,
    },
    [S.unreadable]: mark(EC2_TAG_MARKS.unreadable),
    ...(S.exemption !== undefined ? { [S.exemption]: mark(EC2_TAG_MARKS.exemption) } : {}),
    ...(S.isolation !== undefined ? { [S.isolation]: mark(EC2_TAG_MARKS.isolation) } : {}),
    [S.containerHost]: mark(EC2_TAG_MARKS.containerHost),
    [S.other]: mark(EC2_TAG_MARKS.other),
  };
  return {
    Type: "Map",
    Comment: "One mark per tag, from string comparisons of its key and value.",
    ItemsPath: options.itemsPath,
    ItemSelector: {
      "Tag.$": "$$.Map.Item.Value",
      "MissingTag.$": "$.settings.MissingTag",
      "ExemptionTag.$": "$.settings.ExemptionTag",
      "IsolationTag.$": "$.settings.IsolationTag",
      "ContainerHostTagKeys.$": "$.settings.ContainerHostTagKeys",
    },
    ItemProcessor: { ProcessorConfig: { Mode: "INLINE" }, StartAt: S.defaultTag, States: states },
    ResultPath: options.resultPath,
    Catch: options.catchToFailure,
    Next: options.next,
  };
}

/** A Map state that copies selected fields of each item (a Pass processor): a compact list for notices and later Maps. */
function summaryMap(
  itemsPath: string,
  itemSelector: Record<string, string>,
  processorState: string,
  resultPath: string,
  next: string,
): Record<string, unknown> {
  return {
    Type: "Map",
    ItemsPath: itemsPath,
    ItemSelector: itemSelector,
    ItemProcessor: {
      ProcessorConfig: { Mode: "INLINE" },
      StartAt: processorState,
      States: { [processorState]: { Type: "Pass", End: true } },
    },
    ResultPath: resultPath,
    Next: next,
  };
}

interface ResolvedSettings {
  readonly dryRun: boolean;
  readonly quarantineSecurityGroupName: string;
  readonly exemptionTag: Ec2IsolationTag;
  readonly isolationTag: Ec2IsolationTag;
  readonly consoleDomain: string;
  readonly retry: Required<Ec2IsolationRetryProps>;
  readonly isolateContainerHosts: boolean;
  readonly containerHostTagKeys: readonly string[];
  readonly partition: Partition;
}

/** The partitions Step Functions runs in. */
const PARTITIONS: readonly Partition[] = ["aws", "aws-cn", "aws-us-gov"];
/** An EC2 tag key: 1-128 characters, no control character. */
const TAG_KEY = /^[^\u0000-\u001f\u007f]{1,128}$/u;

function resolveSettings(props: Ec2IsolationProps): ResolvedSettings {
  assertTopicArn(props.topicArn, Ec2IsolationPropsError);
  const name = props.quarantineSecurityGroupName;
  if (!isQuarantineGroupName(name)) {
    throw new Ec2IsolationPropsError(`quarantineSecurityGroupName ${JSON.stringify(name)} is not allowed; expected ${QUARANTINE_GROUP_NAME_ALLOWED}`);
  }
  const exemptionTag = props.exemptionTag ?? EC2_ISOLATION_DEFAULT_EXEMPTION_TAG;
  const isolationTag = props.isolationTag ?? EC2_ISOLATION_DEFAULT_ISOLATION_TAG;
  assertResourceTag("exemptionTag", exemptionTag, EC2_TAG_SYNTAX, Ec2IsolationPropsError);
  assertResourceTag("isolationTag", isolationTag, EC2_TAG_SYNTAX, Ec2IsolationPropsError);
  if (exemptionTag.key === isolationTag.key && exemptionTag.value === isolationTag.value) {
    throw new Ec2IsolationPropsError("isolationTag must differ from exemptionTag: an isolated instance would then read as exempt");
  }
  if (Object.values(EC2_EVIDENCE_TAG_KEYS).includes(isolationTag.key as never) || isolationTag.key === EC2_QUARANTINE_GROUP_TAG.key) {
    throw new Ec2IsolationPropsError(`isolationTag.key ${JSON.stringify(isolationTag.key)} is a tag key the workflow writes itself`);
  }
  const consoleDomain = resolveConsoleDomain(props.consoleDomain, Ec2IsolationPropsError);
  const retry = resolveRetry(props.retry, Ec2IsolationPropsError);
  const partition = props.partition ?? "aws";
  if (!PARTITIONS.includes(partition)) {
    throw new Ec2IsolationPropsError(`partition ${JSON.stringify(partition)} is not allowed; expected one of ${PARTITIONS.join(", ")}`);
  }
  const containerHostTagKeys = props.containerHostTagKeys ?? [];
  for (const key of containerHostTagKeys) {
    if (typeof key !== "string" || !TAG_KEY.test(key)) {
      throw new Ec2IsolationPropsError(`containerHostTagKeys ${JSON.stringify(key)} is not a tag key: 1-128 characters, no control character`);
    }
  }
  return {
    dryRun: props.dryRun ?? false,
    quarantineSecurityGroupName: name,
    exemptionTag,
    isolationTag,
    consoleDomain,
    retry,
    isolateContainerHosts: props.isolateContainerHosts ?? false,
    containerHostTagKeys,
    partition,
  };
}

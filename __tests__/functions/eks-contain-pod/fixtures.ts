/** Shared GIVENs of the EKS pod containment tests. */
import type { EksContainPodInput } from "../../../functions/eks-contain-pod/input-transformer";
import {
  EKS_CONTAIN_POD_SUBJECTS,
  buildEksContainmentDefinition,
  type EksContainPodOutcome,
  type EksContainPodProps,
} from "../../../functions/eks-contain-pod/state-machine";
import type { FindingInput } from "../../../functions/guardduty/finding-input";
import type { JsonValue } from "../../../tools/simulator/aws-sdk-task-handler";
import { createEksCallHandler } from "../../../tools/simulator/eks-call-handler";
import { createFakeAwsWorld, type FakeAwsWorld } from "../../../tools/simulator/fake-aws-world";
import { createFakeEks, eksSimulationBindings, type FakeEksClusterInit, type FakeEksOptions, type FakeEksState } from "../../../tools/simulator/fake-eks";
import type { FakeKubernetesState, FakePodInit } from "../../../tools/simulator/fake-kubernetes";
import type { PublishedSnsMessage } from "../../../tools/simulator/fake-sns";
import { runStateMachine, type RunStateMachineResult } from "../../../tools/simulator/run-state-machine";
import { FIXTURE_FINDINGS, findingEvent, readFixtureFinding } from "../../support/finding-events";
import { expectSingleNotice as expectSingleNoticeOf, noticeFields, outcomeOf, trail } from "../../support/workflow-notices";
import { stateMachineInput } from "../../support/workflow-input";

export { noticeFields, outcomeOf, trail };

export const REGION = "ap-northeast-1";
export const ACCOUNT_ID = "123456789012";
export const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT_ID}:guardduty-eks-response`;
export const CLUSTER_NAME = "prod";
export const CLUSTER_ARN = `arn:aws:eks:${REGION}:${ACCOUNT_ID}:cluster/${CLUSTER_NAME}`;
export const NAMESPACE = "shop";
export const POD_NAME = "web-7d9c6b5f4-x2x9k";
export const POD_UID = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
export const REPLICA_SET = "web-7d9c6b5f4";
export const CONTAINER_ID = "3f4e5d6c7b8a99aa00bb11cc22dd33ee44ff55aa66bb77cc88dd99ee00ff1122";
export const FINDING_ID = "b2c4e6a8d0f2b4c6e8a0d2f4b6c8e0a2";
export const FINDING_TYPE = "Execution:Runtime/ReverseShell";
export const FINDING_SEVERITY = 8;
export const FINDING_TITLE = "A process in a container started a reverse shell.";
const FINDING: FindingInput = { id: FINDING_ID, type: FINDING_TYPE, severity: FINDING_SEVERITY, title: FINDING_TITLE, accountId: ACCOUNT_ID, region: REGION };

/** The selector of the pod's ReplicaSet (what a Deployment `web` creates). */
export const REPLICA_SET_SELECTOR = { matchLabels: { app: "web", "pod-template-hash": "7d9c6b5f4" } };
export const POD_LABELS = { app: "web", "pod-template-hash": "7d9c6b5f4", tier: "frontend" };

/** The running pod of the finding: a Deployment's pod with a ReplicaSet owner. */
export const RUNNING_POD: FakePodInit = {
  name: POD_NAME,
  namespace: NAMESPACE,
  uid: POD_UID,
  labels: POD_LABELS,
  annotations: { "kubectl.kubernetes.io/restartedAt": "2026-11-20T10:00:00Z" },
  owner: { kind: "ReplicaSet", name: REPLICA_SET },
  containers: [{ name: "web", image: "nginx:1.27", id: CONTAINER_ID }],
};

/** What the input transformer makes of a runtime finding on RUNNING_POD. */
export function eksFindingInput(
  overrides: {
    finding?: Partial<EksContainPodInput["finding"]>;
    eks?: Partial<EksContainPodInput["eks"]>;
    kubernetes?: Partial<EksContainPodInput["kubernetes"]>;
  } = {},
): JsonValue {
  return stateMachineInput<EksContainPodInput>({
    finding: { ...FINDING, ...overrides.finding },
    eks: { clusterName: CLUSTER_NAME, clusterArn: CLUSTER_ARN, ...overrides.eks },
    kubernetes: {
      namespace: NAMESPACE,
      workloadName: POD_NAME,
      workloadType: "pods",
      workloadUid: POD_UID,
      containerNames: ["web"],
      containerIds: [CONTAINER_ID],
      ...overrides.kubernetes,
    },
  });
}

export interface ContainmentRun {
  readonly eks: FakeEksState;
  /** The prod cluster's Kubernetes API. */
  readonly kubernetes: FakeKubernetesState;
  readonly world: FakeAwsWorld;
  readonly result: RunStateMachineResult;
}

export interface ContainmentOptions {
  readonly props?: Partial<EksContainPodProps>;
  readonly input?: JsonValue;
  /** The prod cluster (default: RUNNING_POD only). */
  readonly cluster?: Partial<FakeEksClusterInit>;
  readonly eks?: Omit<FakeEksOptions, "clusters">;
  /** Called before the execution, e.g. to install `kubernetes.onRequest`. */
  readonly prepare?: (kubernetes: FakeKubernetesState) => void;
  /** Run against the EKS, cluster and SNS of an earlier run instead of new ones. */
  readonly reuse?: ContainmentRun;
}

/** Runs the workflow against a world with the prod cluster (RUNNING_POD unless `cluster.pods` says otherwise). */
export async function runContainment(options: ContainmentOptions = {}): Promise<ContainmentRun> {
  const eks =
    options.reuse?.eks ??
    createFakeEks({ region: REGION, accountId: ACCOUNT_ID, ...options.eks, clusters: [{ name: CLUSTER_NAME, pods: [RUNNING_POD], ...options.cluster }] });
  const world = options.reuse?.world ?? createFakeAwsWorld({ region: REGION, accountId: ACCOUNT_ID, topics: [TOPIC_ARN] });
  options.prepare?.(eks.clusters[0].kubernetes);
  const result = await runStateMachine({
    definition: buildEksContainmentDefinition({ topicArn: TOPIC_ARN, ...options.props }),
    input: options.input ?? eksFindingInput(),
    world,
    bindings: eksSimulationBindings(eks),
    eksCall: createEksCallHandler(eks),
  });
  return { eks, kubernetes: eks.clusters[0].kubernetes, world, result };
}

/** The Kubernetes requests as `METHOD path`. */
export function kubernetesRequests(kubernetes: FakeKubernetesState): string[] {
  return kubernetes.requests.map((request) => `${request.method} ${request.path}`);
}

export function expectSingleNotice(result: RunStateMachineResult, outcome: EksContainPodOutcome): PublishedSnsMessage {
  return expectSingleNoticeOf(result, EKS_CONTAIN_POD_SUBJECTS, outcome);
}

export const POD_PATH = `/api/v1/namespaces/${NAMESPACE}/pods/${POD_NAME}`;
export const NAMESPACE_PATH = `/api/v1/namespaces/${NAMESPACE}`;

/**
 * The repository's hand-written EKS Runtime Monitoring finding, on the pod and cluster of these tests: feature
 * RuntimeMonitoring, a runtime finding type, runtime details, and the pod as the Kubernetes workload.
 */
export function eksRuntimeFindingEvent(
  shape: { namespace?: string; podName?: string; podUid?: string; workloadType?: string; title?: string } = {},
): Record<string, unknown> {
  const finding = readFixtureFinding(FIXTURE_FINDINGS.eks);
  finding.accountId = ACCOUNT_ID;
  finding.region = REGION;
  finding.id = FINDING_ID;
  finding.arn = `arn:aws:guardduty:${REGION}:${ACCOUNT_ID}:detector/abcdefe19ce5461eabcd1234abcd1234/finding/${FINDING_ID}`;
  finding.type = FINDING_TYPE;
  finding.severity = FINDING_SEVERITY;
  finding.title = shape.title ?? FINDING_TITLE;
  finding.resource.eksClusterDetails.name = CLUSTER_NAME;
  finding.resource.eksClusterDetails.arn = CLUSTER_ARN;
  finding.resource.kubernetesDetails = {
    kubernetesWorkloadDetails: {
      name: shape.podName ?? POD_NAME,
      type: shape.workloadType ?? "pods",
      uid: shape.podUid ?? POD_UID,
      namespace: shape.namespace ?? NAMESPACE,
      containers: [{ containerRuntime: "containerd", id: CONTAINER_ID, name: "web", image: "nginx:1.27", imagePrefix: "" }],
    },
  };
  delete finding.service.action;
  finding.service.featureName = "RuntimeMonitoring";
  finding.service.runtimeDetails = { process: { name: "bash", executablePath: "/usr/bin/bash", pid: 4242 } };
  return findingEvent(finding);
}

/**
 * The EKS pod containment workflow's input transformer: picks the finding's identity, the EKS cluster and the
 * Kubernetes workload out of the GuardDuty finding event.
 *
 * Where GuardDuty puts the pod
 * ----------------------------
 * GuardDuty has no separate pod-name field. An EKS finding describes the Kubernetes object it is about in
 * `resource.kubernetesDetails.kubernetesWorkloadDetails` (API shape `KubernetesWorkloadDetails`: `name`,
 * `type` "Kubernetes workload type (e.g. Pod, Deployment, etc.)", `uid`, `namespace`, `containers[]` with
 * `name`, `id`, `image`, `containerRuntime`, ...). When `type` says pods, `name`/`uid`/`namespace` are the pod's,
 * and that is the only case the workflow acts on: a Deployment or DaemonSet name does not tell which of its
 * pods ran the process. `service.runtimeDetails` (process, lineage, context) names processes and files, not
 * Kubernetes objects. UNCONFIRMED: the exact spelling of `type` in runtime findings (the related
 * `KubernetesWorkload` API enum is `PODS`, audit-log findings show `pods`), so the workflow accepts every
 * spelling in {@link EKS_POD_WORKLOAD_TYPES}. `resource.eksClusterDetails.name` is the cluster name
 * DescribeCluster takes.
 *
 * Every placeholder stands bare in the template, so EventBridge writes each value as JSON (a missing path as
 * `""`, a list as a JSON array): the names, the title and the container lists cannot break out of their place.
 * The `finding` part is shared by every workflow: see `../guardduty/finding-input.ts`.
 *
 * The state machine input (the state machine reads exactly these):
 *
 * ```json
 * {
 *   "finding": { "id": "…", "type": "…", "severity": 8, "title": "…", "accountId": "…", "region": "…" },
 *   "eks": { "clusterName": "…", "clusterArn": "…" },
 *   "kubernetes": { "namespace": "…", "workloadName": "…", "workloadType": "pods", "workloadUid": "…",
 *                   "containerNames": ["…"], "containerIds": ["…"] }
 * }
 * ```
 */
import type { InputTransformer } from "../response-types/contract";
import { findingInputPaths, findingInputTemplate, inputTransformerOf, type FindingInput } from "../guardduty/finding-input";

/** Values of `kubernetesWorkloadDetails.type` that name a pod. */
export const EKS_POD_WORKLOAD_TYPES = ["pods", "Pods", "PODS", "pod", "Pod", "POD"] as const;

/** What the containment state machine receives (see the module comment). */
export interface EksContainPodInput {
  readonly finding: FindingInput;
  readonly eks: {
    /** `resource.eksClusterDetails.name`. */
    readonly clusterName: string;
    readonly clusterArn: string;
  };
  readonly kubernetes: {
    readonly namespace: string;
    /** The pod name when `workloadType` is one of {@link EKS_POD_WORKLOAD_TYPES}. */
    readonly workloadName: string;
    readonly workloadType: string;
    /** The pod UID when `workloadType` names a pod; `""` when GuardDuty leaves it out. */
    readonly workloadUid: string;
    /** `containers[*].name` (a list; `""` or `[]` when absent). */
    readonly containerNames: readonly string[] | string;
    /** `containers[*].id` (runtime container ids). */
    readonly containerIds: readonly string[] | string;
  };
}

const WORKLOAD = "$.detail.resource.kubernetesDetails.kubernetesWorkloadDetails";

/** EventBridge `InputPathsMap`: placeholder -> path in the finding event. */
export const EKS_CONTAIN_POD_INPUT_PATHS: Readonly<Record<string, string>> = findingInputPaths({
  clusterName: "$.detail.resource.eksClusterDetails.name",
  clusterArn: "$.detail.resource.eksClusterDetails.arn",
  namespace: `${WORKLOAD}.namespace`,
  workloadName: `${WORKLOAD}.name`,
  workloadType: `${WORKLOAD}.type`,
  workloadUid: `${WORKLOAD}.uid`,
  containerNames: `${WORKLOAD}.containers[*].name`,
  containerIds: `${WORKLOAD}.containers[*].id`,
});

/** EventBridge `InputTemplate` (one line; every placeholder bare). */
export const EKS_CONTAIN_POD_INPUT_TEMPLATE = findingInputTemplate(
  '"eks": {"clusterName": <clusterName>, "clusterArn": <clusterArn>}',
  '"kubernetes": {"namespace": <namespace>, "workloadName": <workloadName>, "workloadType": <workloadType>, "workloadUid": <workloadUid>, ' +
    '"containerNames": <containerNames>, "containerIds": <containerIds>}',
);

export function buildEksContainPodInputTransformer(): InputTransformer {
  return inputTransformerOf(EKS_CONTAIN_POD_INPUT_PATHS, EKS_CONTAIN_POD_INPUT_TEMPLATE);
}

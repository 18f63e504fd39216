/**
 * The EKS pod containment workflow: for a GuardDuty Runtime Monitoring finding on an EKS pod, check, then
 * isolate the pod (default) or delete it, tell the topic what was done in every case, and fail the execution
 * when it could not act.
 *
 * Input: {@link EksContainPodInput} (see `input-transformer.ts`). JSONPath ASL only (no JSONata, no JSONPath
 * filter expressions). The Kubernetes API is reached with the optimized integration `arn:aws:states:::eks:call`
 * (endpoint and CA from `aws-sdk:eks:describeCluster`); its permissions come from an EKS access entry
 * (`access-entry.ts`), not from IAM. Every Resource is built from the partition (`arn:<partition>:states:::`).
 *
 * Branch map (state names in {@link EKS_CONTAIN_POD_STATES}; outcomes in {@link EKS_CONTAIN_POD_OUTCOMES}):
 *
 * ```text
 * Settings -> Prepare -> Is Protected Namespace
 *   Is Protected Namespace --namespace in the protected list-------------> Notify Protected Namespace   PROTECTED_NAMESPACE
 *                            (before any AWS or Kubernetes call: nothing is read or changed)
 *   Is Pod Workload        --workload type not pods, or name/namespace not a string, empty or containing / # %
 *                                                                       --> Notify Not A Pod            NOT_A_POD
 *   Describe Cluster       --Eks.ResourceNotFoundException--------------> Notify Pod Not Found         POD_NOT_FOUND
 *   Describe Cluster       --any other error------------------------------> Notify Failure -> Containment Failed (Fail)
 *   Get Pod                --EKS.404--------------------------------------> Notify Pod Not Found         POD_NOT_FOUND
 *   Get Pod                --any other error (EKS.401, EKS.403, ...)-----> Notify Failure -> Containment Failed
 *   Is Same Pod            --name, namespace or (given) UID not the pod's-> Notify Pod Replaced          POD_REPLACED
 *   Read Pod -> Read Pod Labels -> Is Pod Exempt --exemption label-------> Notify Exempt By Pod Label   EXEMPT_BY_POD_LABEL
 *   Get Namespace          --error----------------------------------------> Notify Failure -> Containment Failed
 *   Read Namespace -> Read Namespace Labels -> Is Namespace Exempt --label> Notify Exempt By Namespace Label
 *                                                                                                        EXEMPT_BY_NAMESPACE_LABEL
 *   Is Already Isolated    --isolation label on the pod------------------> Notify Already Isolated      ALREADY_ISOLATED
 *   Is Pod Terminating     --metadata.deletionTimestamp set---------------> Notify Already Terminating   ALREADY_TERMINATING
 *   Is Dry Run             --dryRun---------------------------------------> Notify Dry Run               DRY_RUN
 *   Choose Action          --delete--> Delete Pod --EKS.404--> Notify Pod Not Found                     POD_NOT_FOUND
 *                                      Delete Pod --EKS.409 UID precondition--> Notify Pod Replaced     POD_REPLACED
 *                                      Delete Pod --other error--> Notify Failure -> Containment Failed FAILED
 *                                      Delete Pod -> Notify Deleted                                      DELETED
 *                          --isolate-> Build Isolation Annotations -> Build Isolated Metadata -> Build Isolated Pod
 *                                      -> Isolate Pod -> Notify Isolated                                 ISOLATED
 *                                      Isolate Pod --EKS.409--> Count Update Conflict -> Can Retry After Conflict
 *                                          --fewer than MaxUpdateConflicts--> Get Pod  (re-read, re-check)
 *                                          --otherwise--> Notify Failure -> Containment Failed           FAILED
 *                                      Isolate Pod --EKS.404--> Notify Pod Not Found                    POD_NOT_FOUND
 *                                      Isolate Pod --other error--> Notify Failure -> Containment Failed FAILED
 * ```
 *
 * Every notification ends the execution SUCCEEDED except Notify Failure, which is followed by a Fail state
 * carrying the original error name (`EKS.403`, `Eks.AccessDeniedException`, ...). Every check comes before the
 * dry-run switch, so a dry run reports "would contain" only when a real run would act.
 *
 * Isolation: exactly what changes
 * -------------------------------
 * The pod is replaced (`PUT`, an update conditional on the `resourceVersion` and `uid` just read) with:
 * - `metadata.labels`: ALL of the pod's labels are removed and the isolation label
 *   (`guardduty-response=isolated` by default) is the only label. Every controller selects its pods with a
 *   label selector over these labels (ReplicaSet, hence Deployment; StatefulSet; DaemonSet; Job): the
 *   controller stops selecting the pod, releases it (removes its own `ownerReferences` entry) and creates a
 *   replacement, while the pod keeps running for forensics. Services and PodDisruptionBudgets stop selecting
 *   it too. A deny-all NetworkPolicy selecting the isolation label (a prerequisite, not created here)
 *   quarantines its traffic.
 * - `metadata.annotations`: the existing ones, plus `guardduty-response/original-labels` (the removed labels
 *   as JSON text), `guardduty-response/finding-id` and `guardduty-response/finding-type`.
 * - nothing else (`spec`, `ownerReferences` as read).
 * Why all labels and not only the selector's: a controller's selector is a map of label keys, and JSONPath
 * ASL cannot enumerate the keys of a map to remove only those. Why changing labels at all: Kubernetes ties a
 * pod to its controller through the selector; removing the pod's `ownerReferences` alone does not release it
 * (a controller immediately adopts an orphan that matches its selector).
 * Consequences: a StatefulSet cannot recreate the pod while the isolated pod keeps its name (the replica
 * stays missing until the isolated pod is deleted); a DaemonSet runs a replacement next to it on the node.
 * A controller whose selector only has `NotIn`/`DoesNotExist` expressions would still select the pod.
 *
 * Why PUT and not PATCH: `eks:call` has no header parameter and AWS does not document the Content-Type it
 * sends with a PATCH; Kubernetes chooses the patch semantics (JSON patch, merge patch, strategic merge
 * patch) from the Content-Type alone. An update (PUT) of the object just read is unambiguous and, carrying
 * its `resourceVersion`, cannot overwrite a concurrent change (409 -> re-read, at most MaxUpdateConflicts
 * times).
 *
 * Deletion (`action: "delete"`): `DELETE` with query `gracePeriodSeconds=0` and a `DeleteOptions` body whose
 * `preconditions.uid` is the UID just read (so a same-named successor is never deleted).
 *
 * Untrusted text (title, names, container lists, label maps, error causes) reaches notices only through
 * `States.JsonToString`; label keys from the configuration appear in JSONPath only after validation against
 * the Kubernetes label-key syntax (letters, digits, `-`, `_`, `.`, `/`).
 */
import { DEFAULT_CONSOLE_DOMAIN, resolveConsoleDomain } from "../asl/finding-console-link";
import type { NoticeLine } from "../asl/notice";
import { notifyStates, OUTCOME_ATTRIBUTE, SNS_PUBLISH_PERMANENT_ERRORS } from "../asl/notify-state";
import { integrationResource, resolvePartition } from "../asl/partition";
import { assertNoTemplateDirective, assertTopicArn, WorkflowPropsError } from "../asl/props-error";
import { awsCallRetry, DEFAULT_RETRY, resolveRetry, retrier, type RetryProps } from "../asl/retry";
import { catchAllTo, dryRunChoice, failState, prepareState, settingsState } from "../asl/workflow-states";
import type { EksContainPodInput } from "./input-transformer";
import { EKS_POD_WORKLOAD_TYPES } from "./input-transformer";

export type { EksContainPodInput };

/** Retry policy of every AWS and Kubernetes call (shared by every containment workflow). */
export type EksContainPodRetryProps = RetryProps;

/** A Kubernetes label `key=value`. */
export interface KubernetesLabel {
  /** `[prefix/]name`: prefix a DNS subdomain (<= 253), name <= 63 of letters, digits, `-`, `_`, `.`. */
  readonly key: string;
  /** 1-63 letters, digits, `-`, `_`, `.`, starting and ending alphanumeric. */
  readonly value: string;
}

export type EksContainPodAction = "isolate" | "delete";

export interface EksContainPodProps {
  /** ARN of the SNS topic for every notice. May be a Terraform reference string; it is never parsed. */
  readonly topicArn: string;
  /** @default "isolate" */
  readonly action?: EksContainPodAction;
  /**
   * Namespaces never touched (no Kubernetes call at all). `kube-system` is always added.
   * @default ["kube-system", "kube-public", "kube-node-lease", "amazon-guardduty"]
   */
  readonly protectedNamespaces?: readonly string[];
  /** Notify what would have been done, change nothing. @default false */
  readonly dryRun?: boolean;
  /** A pod carrying this label, or in a namespace carrying it, is not contained. @default guardduty-response=exempt */
  readonly exemptionLabel?: KubernetesLabel;
  /** The only label an isolated pod keeps. @default guardduty-response=isolated */
  readonly isolationLabel?: KubernetesLabel;
  /** Domain of the AWS console for the finding link. @default "console.aws.amazon.com" */
  readonly consoleDomain?: string;
  /** @default { maxAttempts: 5, intervalSeconds: 2, backoffRate: 2 } */
  readonly retry?: EksContainPodRetryProps;
  /** Partition of the Task Resource ARNs (a literal or a Terraform reference such as `data.aws_partition`'s). @default "aws" */
  readonly partition?: string;
}

export const EKS_CONTAIN_POD_OUTCOMES = [
  "ISOLATED",
  "DELETED",
  "PROTECTED_NAMESPACE",
  "NOT_A_POD",
  "POD_NOT_FOUND",
  "POD_REPLACED",
  "EXEMPT_BY_POD_LABEL",
  "EXEMPT_BY_NAMESPACE_LABEL",
  "ALREADY_ISOLATED",
  "ALREADY_TERMINATING",
  "DRY_RUN",
  "FAILED",
] as const;
export type EksContainPodOutcome = (typeof EKS_CONTAIN_POD_OUTCOMES)[number];

/** SNS Subject of each outcome: fixed text, at most 100 characters, no finding text. */
export const EKS_CONTAIN_POD_SUBJECTS: Readonly<Record<EksContainPodOutcome, string>> = {
  ISOLATED: "GuardDuty EKS response: pod isolated, labels replaced",
  DELETED: "GuardDuty EKS response: pod deleted",
  PROTECTED_NAMESPACE: "GuardDuty EKS response: protected namespace, nothing done",
  NOT_A_POD: "GuardDuty EKS response: finding names no single pod, nothing done",
  POD_NOT_FOUND: "GuardDuty EKS response: pod not found, nothing done",
  POD_REPLACED: "GuardDuty EKS response: pod of that name was replaced, nothing done",
  EXEMPT_BY_POD_LABEL: "GuardDuty EKS response: pod exempt by label, not contained",
  EXEMPT_BY_NAMESPACE_LABEL: "GuardDuty EKS response: namespace exempt by label, pod not contained",
  ALREADY_ISOLATED: "GuardDuty EKS response: pod already isolated, nothing done",
  ALREADY_TERMINATING: "GuardDuty EKS response: pod already terminating, nothing done",
  DRY_RUN: "GuardDuty EKS response: dry run, pod would have been contained",
  FAILED: "GuardDuty EKS response: FAILED to contain pod, action required",
};

/** Name of the SNS message attribute holding the outcome. */
export const EKS_CONTAIN_POD_OUTCOME_ATTRIBUTE = OUTCOME_ATTRIBUTE;

export const EKS_CONTAIN_POD_STATES = {
  settings: "Settings",
  prepare: "Prepare",
  protectedNamespace: "Is Protected Namespace",
  podWorkload: "Is Pod Workload",
  describeCluster: "Describe Cluster",
  getPod: "Get Pod",
  samePod: "Is Same Pod",
  readPod: "Read Pod",
  readPodLabels: "Read Pod Labels",
  podExempt: "Is Pod Exempt",
  getNamespace: "Get Namespace",
  readNamespace: "Read Namespace",
  readNamespaceLabels: "Read Namespace Labels",
  namespaceExempt: "Is Namespace Exempt",
  alreadyIsolated: "Is Already Isolated",
  terminating: "Is Pod Terminating",
  dryRun: "Is Dry Run",
  chooseAction: "Choose Action",
  deletePod: "Delete Pod",
  buildAnnotations: "Build Isolation Annotations",
  buildMetadata: "Build Isolated Metadata",
  buildPod: "Build Isolated Pod",
  isolatePod: "Isolate Pod",
  countConflict: "Count Update Conflict",
  retryAfterConflict: "Can Retry After Conflict",
  notifyIsolated: "Notify Isolated",
  notifyDeleted: "Notify Deleted",
  notifyProtectedNamespace: "Notify Protected Namespace",
  notifyNotAPod: "Notify Not A Pod",
  notifyPodNotFound: "Notify Pod Not Found",
  notifyPodReplaced: "Notify Pod Replaced",
  notifyExemptByPodLabel: "Notify Exempt By Pod Label",
  notifyExemptByNamespaceLabel: "Notify Exempt By Namespace Label",
  notifyAlreadyIsolated: "Notify Already Isolated",
  notifyAlreadyTerminating: "Notify Already Terminating",
  notifyDryRun: "Notify Dry Run",
  notifyFailure: "Notify Failure",
  containmentFailed: "Containment Failed",
} as const;

/** The notification state of each outcome. */
export const EKS_CONTAIN_POD_NOTIFY_STATES: Readonly<Record<EksContainPodOutcome, string>> = {
  ISOLATED: EKS_CONTAIN_POD_STATES.notifyIsolated,
  DELETED: EKS_CONTAIN_POD_STATES.notifyDeleted,
  PROTECTED_NAMESPACE: EKS_CONTAIN_POD_STATES.notifyProtectedNamespace,
  NOT_A_POD: EKS_CONTAIN_POD_STATES.notifyNotAPod,
  POD_NOT_FOUND: EKS_CONTAIN_POD_STATES.notifyPodNotFound,
  POD_REPLACED: EKS_CONTAIN_POD_STATES.notifyPodReplaced,
  EXEMPT_BY_POD_LABEL: EKS_CONTAIN_POD_STATES.notifyExemptByPodLabel,
  EXEMPT_BY_NAMESPACE_LABEL: EKS_CONTAIN_POD_STATES.notifyExemptByNamespaceLabel,
  ALREADY_ISOLATED: EKS_CONTAIN_POD_STATES.notifyAlreadyIsolated,
  ALREADY_TERMINATING: EKS_CONTAIN_POD_STATES.notifyAlreadyTerminating,
  DRY_RUN: EKS_CONTAIN_POD_STATES.notifyDryRun,
  FAILED: EKS_CONTAIN_POD_STATES.notifyFailure,
};

export const EKS_CONTAIN_POD_COMMENT =
  "Contain an EKS pod that GuardDuty Runtime Monitoring reported: check, isolate or delete unless protected or exempt, notify, fail loudly";
export const EKS_CONTAIN_POD_TIMEOUT_SECONDS = 900;
export const EKS_DEFAULT_ACTION: EksContainPodAction = "isolate";
/** Always protected, whatever the configuration. */
export const EKS_ALWAYS_PROTECTED_NAMESPACES: readonly string[] = ["kube-system"];
export const EKS_DEFAULT_PROTECTED_NAMESPACES: readonly string[] = ["kube-system", "kube-public", "kube-node-lease", "amazon-guardduty"];
export const EKS_DEFAULT_EXEMPTION_LABEL: KubernetesLabel = { key: "guardduty-response", value: "exempt" };
export const EKS_DEFAULT_ISOLATION_LABEL: KubernetesLabel = { key: "guardduty-response", value: "isolated" };
export const EKS_DEFAULT_CONSOLE_DOMAIN = DEFAULT_CONSOLE_DOMAIN;
export const EKS_DEFAULT_RETRY: Required<EksContainPodRetryProps> = DEFAULT_RETRY;
/** How many 409 answers to the isolating update are absorbed by re-reading the pod before failing. */
export const EKS_MAX_UPDATE_CONFLICTS = 3;

/** Annotation holding the labels an isolation removed (JSON text of the label map). */
export const EKS_ORIGINAL_LABELS_ANNOTATION = "guardduty-response/original-labels";
export const EKS_FINDING_ID_ANNOTATION = "guardduty-response/finding-id";
export const EKS_FINDING_TYPE_ANNOTATION = "guardduty-response/finding-type";

/**
 * The errors the EKS model declares that another attempt of DescribeCluster cannot cure: never retried. Every other
 * error is (`ServerException`, `ServiceUnavailableException`, `ThrottlingException`, and whatever is not modeled);
 * see `asl/retry.ts`.
 */
export const EKS_API_PERMANENT_ERRORS: readonly string[] = [
  "Eks.AccessDeniedException",
  "Eks.ClientException",
  "Eks.InvalidParameterException",
  "Eks.ResourceNotFoundException",
];
/**
 * Kubernetes API answers retried: throttling (API priority and fairness) and server errors. The `eks:call`
 * integration names a non-2xx answer `EKS.<status code>` (developer guide, "Create and manage Amazon EKS clusters
 * with Step Functions"), a complete and documented naming, so the list names them.
 */
export const KUBERNETES_RETRY_ERRORS: readonly string[] = ["EKS.429", "EKS.500", "EKS.502", "EKS.503", "EKS.504"];
/** SNS Publish errors never retried (every other one is). */
export const EKS_SNS_PERMANENT_ERRORS: readonly string[] = SNS_PUBLISH_PERMANENT_ERRORS;

/** Cause of the Fail state (its Error is the original error name). */
export const EKS_FAILURE_CAUSE = "The EKS pod was not contained; the failure notice was published to the topic.";

export class EksContainPodPropsError extends WorkflowPropsError {}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/u;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/u;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/u;
/**
 * Characters refused in the pod and namespace names taken from the finding before they go into an API path
 * (a `/` or an encoded one could reach another resource). `?` is not tested here: aws-local-stepfunctions
 * reads `?` in `StringMatches` as a one-character wildcard where AWS reads it literally; a name with a query
 * string is instead stopped by Is Same Pod (the pod read must have exactly the finding's name).
 */
const PATH_BREAKING = ["/", "#", "%"] as const;

/** Builds the ASL. The configuration is baked into the `Settings` state (and label keys into three paths). */
export function buildEksContainmentDefinition(props: EksContainPodProps): Record<string, unknown> {
  const settings = resolveEksContainPodSettings(props);
  const S = EKS_CONTAIN_POD_STATES;

  const catchToFailure = catchAllTo(S.notifyFailure);
  const describeClusterResource = integrationResource(settings.partition, "aws-sdk:eks:describeCluster");
  const eksCallResource = integrationResource(settings.partition, "eks:call");
  const eksApiRetry = awsCallRetry(EKS_API_PERMANENT_ERRORS, settings.retry);
  const kubernetesRetry = [retrier(KUBERNETES_RETRY_ERRORS, settings.retry)];

  const cluster = {
    "ClusterName.$": "$.eks.clusterName",
    "CertificateAuthority.$": "$.cluster.CertificateAuthority",
    "Endpoint.$": "$.cluster.Endpoint",
  };
  const podPath = "States.Format('/api/v1/namespaces/{}/pods/{}', $.kubernetes.namespace, $.kubernetes.workloadName)";

  // Finding texts are JSON-quoted (Prepare's `derived`), so a notice can always be formatted.
  const notify = notifyStates<EksContainPodOutcome>({
    topicArn: props.topicArn,
    subjects: EKS_CONTAIN_POD_SUBJECTS,
    workload: "EKS",
    resourceLines: [
      ["Cluster", "$.derived.Cluster"],
      ["Namespace", "$.derived.Namespace"],
      ["Pod", "$.derived.Pod"],
      ["Workload type", "$.derived.WorkloadType"],
      ["Containers", "$.derived.ContainerNames"],
      ["Container ids", "$.derived.ContainerIds"],
      ["Configured action", "$.settings.Action"],
    ],
    retry: settings.retry,
    partition: settings.partition,
  });

  const podLabels: NoticeLine = ["Pod labels", "States.JsonToString($.target.Labels)"];
  const controller: NoticeLine = ["Controller", "States.JsonToString($.target.Owners)"];
  const podUid: NoticeLine = ["Pod UID", "$.target.Uid"];
  const exemptionLabel: NoticeLine = ["Exemption label", "States.JsonToString($.settings.ExemptionLabel)"];
  const errorLines: readonly NoticeLine[] = [
    ["Error", "$.error.Error"],
    ["Error details", "States.JsonToString($.error)"],
  ];

  const nameRules = (path: string): Record<string, unknown>[] => [
    { Variable: path, IsString: true },
    { Not: { Variable: path, StringEquals: "" } },
    ...PATH_BREAKING.map((character) => ({ Not: { Variable: path, StringMatches: `*${character}*` } })),
  ];

  const definition = {
    Comment: EKS_CONTAIN_POD_COMMENT,
    StartAt: S.settings,
    TimeoutSeconds: EKS_CONTAIN_POD_TIMEOUT_SECONDS,
    States: {
      [S.settings]: settingsState(
        {
          Action: settings.action,
          DryRun: settings.dryRun,
          ProtectedNamespaces: [...settings.protectedNamespaces],
          ExemptionLabel: { Key: settings.exemptionLabel.key, Value: settings.exemptionLabel.value },
          IsolationLabel: { Key: settings.isolationLabel.key, Value: settings.isolationLabel.value },
          IsolationLabels: { [settings.isolationLabel.key]: settings.isolationLabel.value },
          LabelDefaults: { [settings.exemptionLabel.key]: "", [settings.isolationLabel.key]: "" },
          MetadataDefaults: { labels: {}, annotations: {}, ownerReferences: [] },
          ConsoleDomain: settings.consoleDomain,
          MaxUpdateConflicts: EKS_MAX_UPDATE_CONFLICTS,
        },
        S.prepare,
      ),
      [S.prepare]: prepareState({
        comment: "Keep the known input only; JSON-quote every finding text a notice shows; is the namespace protected?",
        inputParts: ["eks", "kubernetes"],
        derived: {
          "Cluster.$": "States.JsonToString($.eks.clusterName)",
          "Namespace.$": "States.JsonToString($.kubernetes.namespace)",
          "Pod.$": "States.JsonToString($.kubernetes.workloadName)",
          "WorkloadType.$": "States.JsonToString($.kubernetes.workloadType)",
          "ContainerNames.$": "States.JsonToString($.kubernetes.containerNames)",
          "ContainerIds.$": "States.JsonToString($.kubernetes.containerIds)",
          "ProtectedNamespace.$": "States.ArrayContains($.settings.ProtectedNamespaces, $.kubernetes.namespace)",
        },
        extra: { conflicts: { Count: 0 } },
        next: S.protectedNamespace,
      }),
      [S.protectedNamespace]: {
        Type: "Choice",
        Choices: [{ Variable: "$.derived.ProtectedNamespace", BooleanEquals: true, Next: S.notifyProtectedNamespace }],
        Default: S.podWorkload,
      },
      [S.podWorkload]: {
        Type: "Choice",
        Choices: [
          {
            And: [
              { Variable: "$.kubernetes.workloadType", IsString: true },
              { Or: EKS_POD_WORKLOAD_TYPES.map((type) => ({ Variable: "$.kubernetes.workloadType", StringEquals: type })) },
              ...nameRules("$.kubernetes.workloadName"),
              ...nameRules("$.kubernetes.namespace"),
            ],
            Next: S.describeCluster,
          },
        ],
        Default: S.notifyNotAPod,
      },
      [S.describeCluster]: {
        Type: "Task",
        Resource: describeClusterResource,
        Parameters: { "Name.$": "$.eks.clusterName" },
        ResultSelector: { "Endpoint.$": "$.Cluster.Endpoint", "CertificateAuthority.$": "$.Cluster.CertificateAuthority.Data" },
        ResultPath: "$.cluster",
        Retry: eksApiRetry,
        Catch: [{ ErrorEquals: ["Eks.ResourceNotFoundException"], ResultPath: "$.error", Next: S.notifyPodNotFound }, catchToFailure],
        Next: S.getPod,
      },
      [S.getPod]: {
        Type: "Task",
        Resource: eksCallResource,
        Parameters: { ...cluster, Method: "GET", "Path.$": podPath },
        ResultSelector: { "Pod.$": "$.ResponseBody" },
        ResultPath: "$.read",
        Retry: kubernetesRetry,
        Catch: [{ ErrorEquals: ["EKS.404"], ResultPath: "$.error", Next: S.notifyPodNotFound }, catchToFailure],
        Next: S.samePod,
      },
      [S.samePod]: {
        Type: "Choice",
        Comment: "The pod read is the finding's pod: same name and namespace, and the same UID unless GuardDuty gave none.",
        Choices: [
          {
            And: [
              { Variable: "$.read.Pod.metadata.name", StringEqualsPath: "$.kubernetes.workloadName" },
              { Variable: "$.read.Pod.metadata.namespace", StringEqualsPath: "$.kubernetes.namespace" },
              {
                Or: [
                  { Not: { Variable: "$.kubernetes.workloadUid", IsString: true } },
                  { Variable: "$.kubernetes.workloadUid", StringEquals: "" },
                  { Variable: "$.kubernetes.workloadUid", StringEqualsPath: "$.read.Pod.metadata.uid" },
                ],
              },
            ],
            Next: S.readPod,
          },
        ],
        Default: S.notifyPodReplaced,
      },
      [S.readPod]: {
        Type: "Pass",
        Comment: "The pod's metadata over defaults, so that labels, annotations and ownerReferences are always present.",
        Parameters: { "Metadata.$": "States.JsonMerge($.settings.MetadataDefaults, $.read.Pod.metadata, false)" },
        ResultPath: "$.target",
        Next: S.readPodLabels,
      },
      [S.readPodLabels]: {
        Type: "Pass",
        Comment: "Checked: the labels over empty values of the exemption and isolation keys, so the checks always find them.",
        Parameters: {
          "Metadata.$": "$.target.Metadata",
          "Labels.$": "$.target.Metadata.labels",
          "Annotations.$": "$.target.Metadata.annotations",
          "Owners.$": "$.target.Metadata.ownerReferences",
          "Uid.$": "$.target.Metadata.uid",
          "Checked.$": "States.JsonMerge($.settings.LabelDefaults, $.target.Metadata.labels, false)",
        },
        ResultPath: "$.target",
        Next: S.podExempt,
      },
      [S.podExempt]: {
        Type: "Choice",
        Choices: [
          {
            Variable: `$.target.Checked${labelPath(settings.exemptionLabel.key)}`,
            StringEqualsPath: "$.settings.ExemptionLabel.Value",
            Next: S.notifyExemptByPodLabel,
          },
        ],
        Default: S.getNamespace,
      },
      [S.getNamespace]: {
        Type: "Task",
        Resource: eksCallResource,
        Parameters: { ...cluster, Method: "GET", "Path.$": "States.Format('/api/v1/namespaces/{}', $.kubernetes.namespace)" },
        ResultSelector: { "Metadata.$": "$.ResponseBody.metadata" },
        ResultPath: "$.namespace",
        Retry: kubernetesRetry,
        Catch: [catchToFailure],
        Next: S.readNamespace,
      },
      [S.readNamespace]: {
        Type: "Pass",
        Parameters: { "Metadata.$": "States.JsonMerge($.settings.MetadataDefaults, $.namespace.Metadata, false)" },
        ResultPath: "$.namespace",
        Next: S.readNamespaceLabels,
      },
      [S.readNamespaceLabels]: {
        Type: "Pass",
        Parameters: {
          "Labels.$": "$.namespace.Metadata.labels",
          "Checked.$": "States.JsonMerge($.settings.LabelDefaults, $.namespace.Metadata.labels, false)",
        },
        ResultPath: "$.namespace",
        Next: S.namespaceExempt,
      },
      [S.namespaceExempt]: {
        Type: "Choice",
        Choices: [
          {
            Variable: `$.namespace.Checked${labelPath(settings.exemptionLabel.key)}`,
            StringEqualsPath: "$.settings.ExemptionLabel.Value",
            Next: S.notifyExemptByNamespaceLabel,
          },
        ],
        Default: S.alreadyIsolated,
      },
      [S.alreadyIsolated]: {
        Type: "Choice",
        Choices: [
          {
            Variable: `$.target.Checked${labelPath(settings.isolationLabel.key)}`,
            StringEqualsPath: "$.settings.IsolationLabel.Value",
            Next: S.notifyAlreadyIsolated,
          },
        ],
        Default: S.terminating,
      },
      [S.terminating]: {
        Type: "Choice",
        Choices: [{ Variable: "$.target.Metadata.deletionTimestamp", IsPresent: true, Next: S.notifyAlreadyTerminating }],
        Default: S.dryRun,
      },
      [S.dryRun]: dryRunChoice(S.notifyDryRun, S.chooseAction),
      [S.chooseAction]: {
        Type: "Choice",
        Choices: [{ Variable: "$.settings.Action", StringEquals: "delete", Next: S.deletePod }],
        Default: S.buildAnnotations,
      },
      [S.deletePod]: {
        Type: "Task",
        Resource: eksCallResource,
        Parameters: {
          ...cluster,
          Method: "DELETE",
          "Path.$": podPath,
          QueryParameters: { gracePeriodSeconds: ["0"] },
          RequestBody: { apiVersion: "v1", kind: "DeleteOptions", preconditions: { "uid.$": "$.target.Uid" } },
        },
        ResultSelector: { "StatusCode.$": "$.StatusCode" },
        ResultPath: "$.deletion",
        Retry: kubernetesRetry,
        Catch: [
          { ErrorEquals: ["EKS.404"], ResultPath: "$.error", Next: S.notifyPodNotFound },
          { ErrorEquals: ["EKS.409"], ResultPath: "$.error", Next: S.notifyPodReplaced },
          catchToFailure,
        ],
        Next: S.notifyDeleted,
      },
      [S.buildAnnotations]: {
        Type: "Pass",
        Parameters: {
          Added: {
            [`${EKS_ORIGINAL_LABELS_ANNOTATION}.$`]: "States.JsonToString($.target.Labels)",
            [`${EKS_FINDING_ID_ANNOTATION}.$`]: "States.Format('{}', $.finding.id)",
            [`${EKS_FINDING_TYPE_ANNOTATION}.$`]: "States.Format('{}', $.finding.type)",
          },
        },
        ResultPath: "$.isolation",
        Next: S.buildMetadata,
      },
      [S.buildMetadata]: {
        Type: "Pass",
        Comment: "The isolation label as the only label; the pod's annotations plus ours.",
        Parameters: {
          Changes: {
            "labels.$": "$.settings.IsolationLabels",
            "annotations.$": "States.JsonMerge($.target.Annotations, $.isolation.Added, false)",
          },
        },
        ResultPath: "$.isolation",
        Next: S.buildPod,
      },
      [S.buildPod]: {
        Type: "Pass",
        Comment: "The metadata as read, uid and resourceVersion included, with the changes: the update is conditional.",
        Parameters: { PodChanges: { "metadata.$": "States.JsonMerge($.read.Pod.metadata, $.isolation.Changes, false)" } },
        ResultPath: "$.isolation",
        Next: S.isolatePod,
      },
      [S.isolatePod]: {
        Type: "Task",
        Resource: eksCallResource,
        Parameters: { ...cluster, Method: "PUT", "Path.$": podPath, "RequestBody.$": "States.JsonMerge($.read.Pod, $.isolation.PodChanges, false)" },
        ResultSelector: { "Labels.$": "$.ResponseBody.metadata.labels", "ResourceVersion.$": "$.ResponseBody.metadata.resourceVersion" },
        ResultPath: "$.isolated",
        Retry: kubernetesRetry,
        Catch: [
          { ErrorEquals: ["EKS.409"], ResultPath: "$.error", Next: S.countConflict },
          { ErrorEquals: ["EKS.404"], ResultPath: "$.error", Next: S.notifyPodNotFound },
          catchToFailure,
        ],
        Next: S.notifyIsolated,
      },
      [S.countConflict]: {
        Type: "Pass",
        Parameters: { "Count.$": "States.MathAdd($.conflicts.Count, 1)" },
        ResultPath: "$.conflicts",
        Next: S.retryAfterConflict,
      },
      [S.retryAfterConflict]: {
        Type: "Choice",
        Choices: [{ Variable: "$.conflicts.Count", NumericLessThanPath: "$.settings.MaxUpdateConflicts", Next: S.getPod }],
        Default: S.notifyFailure,
      },
      [S.notifyIsolated]: notify(
        "ISOLATED",
        "All labels of the pod were replaced by the isolation label: its controller no longer selects it and starts a replacement, " +
          "Services stop sending it traffic, and the pod keeps running for forensics. " +
          `The removed labels are kept in the pod annotation ${EKS_ORIGINAL_LABELS_ANNOTATION}. ` +
          "Network quarantine needs a deny-all NetworkPolicy selecting the isolation label in this namespace.",
        [["Labels before", "States.JsonToString($.target.Labels)"], ["Labels now", "States.JsonToString($.isolated.Labels)"], controller, podUid],
      ),
      [S.notifyDeleted]: notify(
        "DELETED",
        "The pod was deleted with a grace period of 0 seconds: its containers are killed and its controller, if any, starts a replacement. " +
          "Evidence inside the pod is lost.",
        [podLabels, controller, podUid],
      ),
      [S.notifyProtectedNamespace]: notify(
        "PROTECTED_NAMESPACE",
        "The pod runs in a protected namespace. Nothing was read or changed in the cluster. Investigate it by hand.",
        [["Protected namespaces", "States.JsonToString($.settings.ProtectedNamespaces)"]],
      ),
      [S.notifyNotAPod]: notify(
        "NOT_A_POD",
        "The finding does not name a single pod: its Kubernetes workload is not of type pods, or its name or namespace is missing or malformed. " +
          "Nothing was changed. Investigate it by hand.",
        [],
      ),
      [S.notifyPodNotFound]: notify(
        "POD_NOT_FOUND",
        "EKS or Kubernetes does not know this pod or its cluster: it is gone, for instance deleted by an earlier execution. Nothing was changed.",
        errorLines,
      ),
      [S.notifyPodReplaced]: notify(
        "POD_REPLACED",
        "The pod read is not the pod of the finding: its UID, name or namespace differs, for instance a successor of the same name. " +
          "It was NOT changed. Investigate it by hand.",
        [
          ["Pod UID in finding", "States.JsonToString($.kubernetes.workloadUid)"],
          ["Pod UID read", "$.read.Pod.metadata.uid"],
        ],
      ),
      [S.notifyExemptByPodLabel]: notify("EXEMPT_BY_POD_LABEL", "The pod carries the exemption label, so it was NOT contained. Investigate it by hand.", [
        exemptionLabel,
        podLabels,
      ]),
      [S.notifyExemptByNamespaceLabel]: notify(
        "EXEMPT_BY_NAMESPACE_LABEL",
        "The namespace of the pod carries the exemption label, so the pod was NOT contained. Investigate it by hand.",
        [exemptionLabel, ["Namespace labels", "States.JsonToString($.namespace.Labels)"]],
      ),
      [S.notifyAlreadyIsolated]: notify(
        "ALREADY_ISOLATED",
        "The pod already carries the isolation label, for instance from an earlier execution for this finding. Nothing was changed.",
        [["Isolation label", "States.JsonToString($.settings.IsolationLabel)"], podLabels],
      ),
      [S.notifyAlreadyTerminating]: notify("ALREADY_TERMINATING", "The pod is already being deleted. Nothing was changed.", [
        ["Deletion timestamp", "States.JsonToString($.target.Metadata.deletionTimestamp)"],
        podLabels,
      ]),
      [S.notifyDryRun]: notify("DRY_RUN", "Dry run: the configured action would have been applied to this pod. Nothing was changed.", [
        podLabels,
        ["Isolation labels", "States.JsonToString($.settings.IsolationLabels)"],
        controller,
        podUid,
      ]),
      [S.notifyFailure]: notify(
        "FAILED",
        "The workflow could not complete; the pod may still be running unchanged. Act by hand.",
        errorLines,
        S.containmentFailed,
      ),
      [S.containmentFailed]: failState(EKS_FAILURE_CAUSE),
    },
  };

  assertNoTemplateDirective(definition, EksContainPodPropsError);
  return definition;
}

/** The configuration after defaults and validation. */
export interface EksContainPodSettings {
  readonly action: EksContainPodAction;
  readonly dryRun: boolean;
  /** kube-system first, then the configured (or default) ones, without duplicates. */
  readonly protectedNamespaces: readonly string[];
  readonly exemptionLabel: KubernetesLabel;
  readonly isolationLabel: KubernetesLabel;
  readonly consoleDomain: string;
  readonly retry: Required<EksContainPodRetryProps>;
  readonly partition: string;
}

/** Applies the defaults and validates; throws {@link EksContainPodPropsError}. */
export function resolveEksContainPodSettings(props: EksContainPodProps): EksContainPodSettings {
  assertTopicArn(props.topicArn, EksContainPodPropsError);
  const action = props.action ?? EKS_DEFAULT_ACTION;
  if (action !== "isolate" && action !== "delete") {
    throw new EksContainPodPropsError(`action must be "isolate" or "delete", got ${JSON.stringify(action)}`);
  }
  const protectedNamespaces = resolveProtectedNamespaces(props.protectedNamespaces);
  const exemptionLabel = props.exemptionLabel ?? EKS_DEFAULT_EXEMPTION_LABEL;
  const isolationLabel = props.isolationLabel ?? EKS_DEFAULT_ISOLATION_LABEL;
  assertLabel("exemptionLabel", exemptionLabel);
  assertLabel("isolationLabel", isolationLabel);
  if (exemptionLabel.key === isolationLabel.key && exemptionLabel.value === isolationLabel.value) {
    throw new EksContainPodPropsError("exemptionLabel and isolationLabel must differ: an isolated pod would count as exempt");
  }
  const consoleDomain = resolveConsoleDomain(props.consoleDomain, EksContainPodPropsError);
  const retry = resolveRetry(props.retry, EksContainPodPropsError);
  const partition = resolvePartition(props.partition, EksContainPodPropsError);
  return { action, dryRun: props.dryRun ?? false, protectedNamespaces, exemptionLabel, isolationLabel, consoleDomain, retry, partition };
}

/** The protected namespaces: `kube-system` always, then the given ones (default {@link EKS_DEFAULT_PROTECTED_NAMESPACES}). */
export function resolveProtectedNamespaces(namespaces: readonly string[] = EKS_DEFAULT_PROTECTED_NAMESPACES): readonly string[] {
  for (const namespace of namespaces) {
    if (!isNamespaceName(namespace)) {
      throw new EksContainPodPropsError(`protected namespace ${JSON.stringify(namespace)} is not a Kubernetes namespace name`);
    }
  }
  return [...new Set([...EKS_ALWAYS_PROTECTED_NAMESPACES, ...namespaces])];
}

/** A Kubernetes namespace name: a DNS label (lowercase letters, digits, `-`; at most 63 characters). */
export function isNamespaceName(name: string): boolean {
  return typeof name === "string" && name.length <= 63 && DNS_LABEL.test(name);
}

/** A Kubernetes label key: `[prefix/]name`. */
export function isLabelKey(key: string): boolean {
  if (typeof key !== "string") return false;
  const slash = key.indexOf("/");
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) return false;
  return name.length <= 63 && LABEL_NAME.test(name);
}

/** A non-empty Kubernetes label value. */
export function isLabelValue(value: string): boolean {
  return typeof value === "string" && value.length <= 63 && LABEL_NAME.test(value);
}

function assertLabel(name: string, label: KubernetesLabel): void {
  if (!isLabelKey(label.key)) throw new EksContainPodPropsError(`${name}.key ${JSON.stringify(label.key)} is not a Kubernetes label key`);
  if (!isLabelValue(label.value)) {
    throw new EksContainPodPropsError(`${name}.value ${JSON.stringify(label.value)} is not a non-empty Kubernetes label value`);
  }
}

/** `['key']`: safe for validated label keys, which contain no quote, bracket or backslash. */
function labelPath(key: string): string {
  if (!isLabelKey(key)) throw new Error(`internal: unvalidated label key ${key}`);
  return `['${key}']`;
}

/**
 * The EKS response type: an EventBridge rule on EKS Runtime Monitoring findings starts a state machine that
 * isolates or deletes the pod through the Step Functions EKS integration, with the Kubernetes permission as EKS
 * access entries; see docs/containment-eks.md.
 */
import type { ResponseType } from "../response-types/contract";
import { RESPONSE_PIPELINE_ALARMS } from "../response-types/alarm-specs";
import { buildEksContainPodAccess } from "./access-entry";
import { buildEksRuntimeFindingPattern } from "./event-pattern";
import { buildEksContainPodInputTransformer } from "./input-transformer";
import { eksContainPodRoleGrants } from "./role-policy";
import { EKS_CONTAIN_POD_SIMULATED_ANSWERS } from "./simulated-answers";
import {
  buildEksContainmentDefinition,
  EKS_CONTAIN_POD_OUTCOMES,
  EKS_CONTAIN_POD_SUBJECTS,
  type EksContainPodAction,
  type KubernetesLabel,
} from "./state-machine";

/** What the EKS response type is built from. */
export interface EksContainPodResponseProps {
  /**
   * Clusters the workflow may act in: each gets an EKS access entry for the state machine role. The
   * cluster endpoint must be reachable by Step Functions (eks:call needs the public endpoint).
   */
  readonly clusterNames: readonly string[];
  /** Namespaces it may act in (the access scope). Never kube-system or another protected namespace. */
  readonly namespaces: readonly string[];
  /** isolate: relabel the pod out of its controller and keep it for forensics; delete: delete it. @default "isolate" */
  readonly action?: EksContainPodAction;
  /** Never acted on; kube-system always is. @default ["kube-system", "kube-public", "kube-node-lease", "amazon-guardduty"] */
  readonly protectedNamespaces?: readonly string[];
  /** Notify what would be done, change nothing. @default false */
  readonly dryRun?: boolean;
  /** A pod or namespace with this label is only reported. @default guardduty-response=exempt */
  readonly exemptionLabel?: KubernetesLabel;
  /** Label of an isolated pod (select it in a deny-all NetworkPolicy). @default guardduty-response=isolated */
  readonly isolationLabel?: KubernetesLabel;
  /** Console domain for links. @default "console.aws.amazon.com" */
  readonly consoleDomain?: string;
}

export const EKS_CONTAIN_POD: ResponseType<EksContainPodResponseProps> = {
  id: "eks-contain-pod",
  title: "EKS pod containment",
  constructName: "EksPodContainment",
  resourceNameSuffix: "eks",
  findingResource: { resourceType: "EKSCluster", description: "a Kubernetes pod" },
  pipelineText: {
    ruleDescription: "GuardDuty Runtime Monitoring findings on EKS workloads",
    stateMachineRoleDescription: "Contains Kubernetes pods reported by GuardDuty Runtime Monitoring and notifies the topic",
    eventsRoleDescription: "Lets the EventBridge rule start the EKS containment state machine",
    rolePolicyName: "contain-pods-and-notify",
    eventsRolePolicyName: "start-eks-containment-state-machine",
    targetId: "eks-containment-state-machine",
  },
  exampleProps: { clusterNames: ["prod"], namespaces: ["shop"] },

  validate(props) {
    if (props.clusterNames.length === 0) throw new Error("clusterNames [] is not allowed; expected at least one EKS cluster name");
    const repeated = props.clusterNames.find((name, i) => props.clusterNames.indexOf(name) !== i);
    if (repeated !== undefined) {
      throw new Error(`clusterNames ${JSON.stringify(props.clusterNames)} is not allowed; expected each cluster once ("${repeated}" is repeated)`);
    }
  },
  eventPattern: () => buildEksRuntimeFindingPattern(),
  inputTransformer: () => buildEksContainPodInputTransformer(),
  definition: (props, { topicArn, partition }) =>
    buildEksContainmentDefinition({
      topicArn,
      action: props.action,
      protectedNamespaces: props.protectedNamespaces,
      dryRun: props.dryRun,
      exemptionLabel: props.exemptionLabel,
      isolationLabel: props.isolationLabel,
      consoleDomain: props.consoleDomain,
      partition,
    }),
  grants: (props, context) =>
    eksContainPodRoleGrants({
      ...context,
      clusterArns: props.clusterNames.map((n) => `arn:${context.partition}:eks:${context.region}:${context.accountId}:cluster/${n}`),
    }),
  alarms: RESPONSE_PIPELINE_ALARMS,
  review: (props) => ({
    description: `Reads the pod the finding names and its namespace through the cluster's Kubernetes API (eks:call, as the state machine's role, allowed by an EKS access entry scoped to the configured namespaces); a pod in a protected namespace, not a single pod, gone or replaced, exempt by pod or namespace label, already isolated or terminating is only reported, and so is everything in a dry run. Otherwise it ${
      (props.action ?? "isolate") === "delete"
        ? "deletes the pod"
        : "replaces the pod's labels with the isolation label, taking it out of its controller and services and keeping it for forensics"
    }; it tells the topic what it did, and an execution that could not act fails after notifying.`,
    outcomes: EKS_CONTAIN_POD_OUTCOMES.map((name) => ({ name, subject: EKS_CONTAIN_POD_SUBJECTS[name] })),
  }),
  simulatedAnswers: EKS_CONTAIN_POD_SIMULATED_ANSWERS,
  eksAccess: (props, { principalArn, partition }) =>
    props.clusterNames.map((clusterName) =>
      buildEksContainPodAccess({ clusterName, principalArn, namespaces: props.namespaces, protectedNamespaces: props.protectedNamespaces, partition }),
    ),
};

import { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { EksAccessPolicyAssociation } from "@cdktf/provider-aws/lib/eks-access-policy-association";
import { Construct } from "constructs";
import { buildEksContainPodAccess } from "../../functions/eks-contain-pod/access-entry";
import { buildEksRuntimeFindingPattern } from "../../functions/eks-contain-pod/event-pattern";
import { buildEksContainPodInputTransformer } from "../../functions/eks-contain-pod/input-transformer";
import { buildEksContainPodStateMachinePolicy } from "../../functions/eks-contain-pod/role-policy";
import { buildEksContainmentDefinition, EksContainPodAction, KubernetesLabel } from "../../functions/eks-contain-pod/state-machine";
import { pipelineBaseName } from "../../functions/naming/resource-names";
import { AwsContext } from "../aws-context";
import { valueKeyedId } from "../support/value-keyed-id";
import { ResponsePipeline, ResponsePipelineOptions } from "../response-pipeline";

export interface EksPodContainmentProps extends ResponsePipelineOptions {
  /** Resource names start with `<namePrefix>-eks` (functions/naming/resource-names.ts); each must fit its AWS limit. */
  readonly namePrefix: string;
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

/**
 * Containment of Kubernetes pods reported by Runtime Monitoring on EKS, through the Step Functions EKS
 * integration, with the Kubernetes permission managed here too: an access entry and a namespace-scoped
 * access policy association per cluster. See docs/containment-eks.md.
 */
export class EksPodContainment extends ResponsePipeline {
  readonly accessEntries: readonly EksAccessEntry[];
  readonly accessPolicyAssociations: readonly EksAccessPolicyAssociation[];

  constructor(scope: Construct, id: string, props: EksPodContainmentProps) {
    if (props.clusterNames.length === 0) {
      throw new Error("EksPodContainment: clusterNames [] is not allowed; expected at least one EKS cluster name");
    }
    const repeated = props.clusterNames.find((name, i) => props.clusterNames.indexOf(name) !== i);
    if (repeated !== undefined) {
      throw new Error(`EksPodContainment: clusterNames ${JSON.stringify(props.clusterNames)} is not allowed; expected each cluster once ("${repeated}" is repeated)`);
    }
    super(
      scope,
      id,
      {
        kind: "EksPodContainment",
        name: pipelineBaseName(props.namePrefix, "eks"),
        ruleDescription: "GuardDuty Runtime Monitoring findings on EKS workloads",
        stateMachineRoleDescription: "Contains Kubernetes pods reported by GuardDuty Runtime Monitoring and notifies the topic",
        eventsRoleDescription: "Lets the EventBridge rule start the EKS containment state machine",
        rolePolicyName: "contain-pods-and-notify",
        eventsRolePolicyName: "start-eks-containment-state-machine",
        targetId: "eks-containment-state-machine",
        eventPattern: buildEksRuntimeFindingPattern(),
        inputTransformer: buildEksContainPodInputTransformer(),
        definition: (topicArn) =>
          buildEksContainmentDefinition({
            topicArn,
            action: props.action,
            protectedNamespaces: props.protectedNamespaces,
            dryRun: props.dryRun,
            exemptionLabel: props.exemptionLabel,
            isolationLabel: props.isolationLabel,
            consoleDomain: props.consoleDomain,
            partition: AwsContext.of(scope).partition,
          }),
        rolePolicy: (context) =>
          buildEksContainPodStateMachinePolicy({
            ...context,
            clusterArns: props.clusterNames.map((n) => `arn:${context.partition}:eks:${context.region}:${context.accountId}:cluster/${n}`),
          }),
      },
      props,
    );
    const aws = AwsContext.of(this);
    const accesses = props.clusterNames.map((clusterName) =>
      buildEksContainPodAccess({
        clusterName,
        principalArn: this.stateMachineRole.arn,
        namespaces: props.namespaces,
        protectedNamespaces: props.protectedNamespaces,
        partition: aws.partition,
      }),
    );
    // Keyed by cluster name, not list position: removing a cluster leaves the others' entries in place.
    this.accessEntries = accesses.map(
      (a) => new EksAccessEntry(this, valueKeyedId("access-entry", a.accessEntry.clusterName), { ...a.accessEntry, tags: props.tags ? { ...props.tags } : undefined }),
    );
    this.accessPolicyAssociations = accesses.map(
      (a, i) =>
        new EksAccessPolicyAssociation(this, valueKeyedId("access-policy", a.policyAssociation.clusterName), {
          clusterName: a.policyAssociation.clusterName,
          principalArn: a.policyAssociation.principalArn,
          policyArn: a.policyAssociation.policyArn,
          accessScope: { type: a.policyAssociation.accessScope.type, namespaces: a.policyAssociation.accessScope.namespaces },
          dependsOn: [this.accessEntries[i]],
        }),
    );
  }
}

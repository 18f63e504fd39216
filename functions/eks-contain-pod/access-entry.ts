/**
 * The EKS access entry that lets the containment state machine's role use the Kubernetes API through
 * `eks:call`, and its access policy association: parameters shaped like the `aws_eks_access_entry` and
 * `aws_eks_access_policy_association` resources (CDKTF config names), built without CDKTF.
 *
 * Which access policy: the workflow needs `get` on pods and on its namespace, `update` on pods (isolation)
 * and `delete` on pods (`action: "delete"`). Among AWS managed access policies, `AmazonEKSViewPolicy` is
 * read-only, and `AmazonEKSEditPolicy` (like the Kubernetes `edit` cluster role) is the smallest that
 * includes update and delete on pods; `AmazonEKSAdminPolicy` adds RBAC and more. Access policies cannot be
 * narrowed further; tighter than Edit needs a Kubernetes Role bound to a group named in the access entry's
 * `kubernetesGroups` instead.
 *
 * Scope: `type = "namespace"` with exactly the namespaces the workflow may act in. Namespace-scoped access
 * policies are bound per namespace (like a RoleBinding), which also authorizes `get` on the namespace object
 * itself. `kube-system` and the other protected namespaces are refused: the workflow never acts there, and
 * the role must not be able to either.
 */
import type { EksAccess, EksAccessEntryParameters, EksAccessPolicyAssociationParameters } from "../response-types/contract";
import { EKS_ALWAYS_PROTECTED_NAMESPACES, isNamespaceName, resolveProtectedNamespaces } from "./state-machine";

/** The AWS managed access policy the role is associated with. */
export const EKS_CONTAIN_POD_ACCESS_POLICY_NAME = "AmazonEKSEditPolicy";

export interface EksContainPodAccessEntryProps {
  /** Name of the EKS cluster (value or Terraform reference). */
  readonly clusterName: string;
  /** ARN of the state machine's IAM role (value or Terraform reference). */
  readonly principalArn: string;
  /** Namespaces the workflow may isolate or delete pods in: at least one, none protected. */
  readonly namespaces: readonly string[];
  /** The workflow's protected namespaces (as in its props); `kube-system` always. @default the workflow's default list */
  readonly protectedNamespaces?: readonly string[];
  /** @default "aws" */
  readonly partition?: string;
}

export type { EksAccessEntryParameters, EksAccessPolicyAssociationParameters };

/** The access entry and association of one cluster. */
export type EksContainPodAccess = EksAccess;

export class EksContainPodAccessError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EksContainPodAccessError";
  }
}

/** `arn:<partition>:eks::aws:cluster-access-policy/AmazonEKSEditPolicy`. */
export function eksAccessPolicyArn(partition = "aws", name = EKS_CONTAIN_POD_ACCESS_POLICY_NAME): string {
  return `arn:${partition}:eks::aws:cluster-access-policy/${name}`;
}

export function buildEksContainPodAccess(props: EksContainPodAccessEntryProps): EksContainPodAccess {
  if (props.clusterName === "" || props.principalArn === "") {
    throw new EksContainPodAccessError("clusterName and principalArn must be non-empty");
  }
  const protectedNamespaces = new Set([...EKS_ALWAYS_PROTECTED_NAMESPACES, ...resolveProtectedNamespaces(props.protectedNamespaces)]);
  const namespaces = [...new Set(props.namespaces)];
  if (namespaces.length === 0) {
    throw new EksContainPodAccessError("namespaces must list at least one namespace: a namespace access scope without namespaces is refused");
  }
  for (const namespace of namespaces) {
    if (!isNamespaceName(namespace)) throw new EksContainPodAccessError(`${JSON.stringify(namespace)} is not a Kubernetes namespace name`);
    if (protectedNamespaces.has(namespace)) {
      throw new EksContainPodAccessError(`namespace ${JSON.stringify(namespace)} is protected: the containment role gets no access there`);
    }
  }
  return {
    accessEntry: { clusterName: props.clusterName, principalArn: props.principalArn, type: "STANDARD" },
    policyAssociation: {
      clusterName: props.clusterName,
      principalArn: props.principalArn,
      policyArn: eksAccessPolicyArn(props.partition),
      accessScope: { type: "namespace", namespaces },
    },
  };
}

/**
 * What `npm run simulate` can make EKS and the cluster's Kubernetes API answer about the pod an EKS runtime
 * finding names (plain data; the simulator builds the cluster, the namespace and the pod from the finding's
 * `eksClusterDetails` and `kubernetesWorkloadDetails`, and authorizes the state machine's role in Kubernetes
 * as the stack's EKS access policy association scopes it). The first answer is the default.
 *
 * Kubernetes answers as its API server does: `Forbidden` (HTTP 403) when RBAC refuses a verb, `TooManyRequests`
 * (HTTP 429) from API priority and fairness.
 */
import type { SimulatedAnswerSpec } from "../response-types/simulated-answers";

export const EKS_CONTAIN_POD_SIMULATED_ANSWERS: readonly SimulatedAnswerSpec[] = [
  { name: "running", description: "the pod is Running in its namespace of the finding's cluster", world: { resource: { exists: true, state: "Running" } } },
  { name: "not-found", description: "the cluster exists but the pod is gone (Kubernetes answers 404 NotFound)", world: { resource: { exists: false } } },
  {
    name: "throttled",
    description: "the pod is Running, but the Kubernetes API answers the first 2 requests with 429 TooManyRequests, then normally",
    world: { resource: { exists: true }, failingCalls: [{ service: "kubernetes", action: "*", error: "TooManyRequests", times: 2 }] },
  },
  {
    name: "forbidden",
    description: "the pod is Running, but Kubernetes refuses the state machine's role every verb (403 Forbidden: no access entry or policy for it)",
    world: { resource: { exists: true }, failingCalls: [{ service: "kubernetes", action: "*", error: "Forbidden" }] },
  },
  {
    name: "access-denied",
    description: "the pod is Running, but the state machine's role is denied eks:DescribeCluster (AccessDeniedException)",
    world: { resource: { exists: true }, failingCalls: [{ service: "eks", action: "DescribeCluster", error: "AccessDeniedException" }] },
  },
];

/**
 * A fake Amazon EKS endpoint, reached through the real `@aws-sdk/client-eks` client as its `requestHandler`,
 * and the EKS clusters it describes, each with its fake Kubernetes API (`fake-kubernetes.ts`) that
 * `eks-call-handler.ts` calls.
 *
 * Protocol: restJson1. `DescribeCluster` is `GET /clusters/{name}`; the answer is
 * `{"cluster": {"name", "arn", "endpoint", "certificateAuthority": {"data"}, "status", "createdAt": <epoch
 * seconds>, ...}}`. Errors carry their code in the `x-amzn-errortype` header and `{"message": ...}` in the
 * body; the SDK turns a code the model declares into its exception class (`ResourceNotFoundException`,
 * `ThrottlingException`, `AccessDeniedException`, ...), which Step Functions names `Eks.<Class>`.
 *
 * Supported operation: DescribeCluster.
 *
 * How a simulation reaches it: EKS is not in `AWS_SDK_SERVICE_BINDINGS` (the fake's state is not part of
 * `FakeAwsWorld`); pass `bindings: eksSimulationBindings(eks)` to `runStateMachine`.
 *
 * Messages marked UNCONFIRMED are our best knowledge of AWS's wording, not captured from AWS.
 */
import * as eksSdk from "@aws-sdk/client-eks";
import { AWS_SDK_SERVICE_BINDINGS, type AwsSdkServiceBinding } from "./aws-sdk-task-handler";
import { DEFAULT_ACCOUNT_ID, DEFAULT_REGION } from "./fake-aws-world";
import { FakeHttpHandler, SequentialIds, type FakeHttpRequest, type FakeHttpResponse } from "./fake-http";
import { createFakeKubernetes, type FakeKubernetesOptions, type FakeKubernetesState } from "./fake-kubernetes";

/** DescribeCluster's message for an unknown cluster. UNCONFIRMED wording (as commonly reported by the CLI). */
export const EKS_CLUSTER_NOT_FOUND_MESSAGE = (name: string): string => `No cluster found for name: ${name}.`;
/** ThrottlingException message (AWS's generic throttling text). */
export const EKS_THROTTLING_MESSAGE = "Rate exceeded";

export type EksClusterStatus = "CREATING" | "ACTIVE" | "DELETING" | "FAILED" | "UPDATING" | "PENDING";

export interface FakeEksCluster {
  name: string;
  arn: string;
  /** `https://<id>.gr7.<region>.eks.amazonaws.com`. */
  endpoint: string;
  /** Base64 PEM of the cluster CA (`certificateAuthority.data`). */
  certificateAuthorityData: string;
  status: EksClusterStatus;
  version: string;
  createdAt: Date;
  tags: Record<string, string>;
  /** The cluster's Kubernetes API. */
  kubernetes: FakeKubernetesState;
}

/** One request the fake EKS received, with the error code it answered. */
export interface FakeEksRequest {
  operation: string;
  clusterName?: string;
  errorCode?: string;
}

export interface FakeEksState {
  readonly region: string;
  readonly accountId: string;
  clusters: FakeEksCluster[];
  /** Answer the next `remaining` EKS API calls with ThrottlingException. */
  throttle: { remaining: number };
  /** IAM actions denied to the caller, e.g. `eks:DescribeCluster`. */
  deniedActions: string[];
  /** The caller, as AWS names it in AccessDenied messages. */
  principalArn: string;
  requests: FakeEksRequest[];
  readonly requestIds: SequentialIds;
}

export interface FakeEksClusterInit extends FakeKubernetesOptions {
  name: string;
  status?: EksClusterStatus;
  version?: string;
  tags?: Record<string, string>;
}

export interface FakeEksOptions {
  region?: string;
  accountId?: string;
  clusters?: readonly FakeEksClusterInit[];
  /** Throttle the first N EKS API calls. */
  throttle?: number;
  deniedActions?: readonly string[];
  principalArn?: string;
}

/** Builds the fake EKS: each cluster gets an endpoint, a CA and its own Kubernetes API state. */
export function createFakeEks(options: FakeEksOptions = {}): FakeEksState {
  const region = options.region ?? DEFAULT_REGION;
  const accountId = options.accountId ?? DEFAULT_ACCOUNT_ID;
  const clusters = (options.clusters ?? []).map((init, index): FakeEksCluster => {
    const id = `${(index + 1).toString(16).toUpperCase().padStart(4, "0")}${"0123456789ABCDEF".repeat(2).slice(4)}`;
    return {
      name: init.name,
      arn: `arn:aws:eks:${region}:${accountId}:cluster/${init.name}`,
      endpoint: `https://${id}.gr7.${region}.eks.amazonaws.com`,
      certificateAuthorityData: Buffer.from(`-----BEGIN CERTIFICATE-----\nFAKE-CA-OF-${init.name}\n-----END CERTIFICATE-----\n`).toString("base64"),
      status: init.status ?? "ACTIVE",
      version: init.version ?? "1.33",
      createdAt: new Date("2026-01-01T00:00:00Z"),
      tags: { ...(init.tags ?? {}) },
      kubernetes: createFakeKubernetes(init),
    };
  });
  return {
    region,
    accountId,
    clusters,
    throttle: { remaining: options.throttle ?? 0 },
    deniedActions: [...(options.deniedActions ?? [])],
    principalArn: options.principalArn ?? `arn:aws:sts::${accountId}:assumed-role/eks-contain-pod-state-machine/simulation`,
    requests: [],
    requestIds: new SequentialIds("22222222"),
  };
}

/** The cluster named `name`, or undefined. */
export function findEksCluster(eks: FakeEksState, name: string): FakeEksCluster | undefined {
  return eks.clusters.find((cluster) => cluster.name === name);
}

/** The SDK `requestHandler` that serves EKS from `eks`. */
export function createFakeEksRequestHandler(eks: FakeEksState): FakeHttpHandler {
  return new FakeHttpHandler((request) => handleEksRequest(eks, request));
}

/** The `aws-sdk:eks:*` binding of the simulation, serving `eks` (the world argument is not used). */
export function fakeEksServiceBinding(eks: FakeEksState): AwsSdkServiceBinding {
  return {
    service: "eks",
    errorPrefix: "Eks",
    sdk: eksSdk as unknown as Readonly<Record<string, unknown>>,
    clientClassName: "EKSClient",
    baseExceptionName: "EKSServiceException",
    createRequestHandler: () => createFakeEksRequestHandler(eks),
  };
}

/** `AWS_SDK_SERVICE_BINDINGS` plus EKS served from `eks`: the `bindings` option of `runStateMachine`. */
export function eksSimulationBindings(eks: FakeEksState): Readonly<Record<string, AwsSdkServiceBinding>> {
  return { ...AWS_SDK_SERVICE_BINDINGS, eks: fakeEksServiceBinding(eks) };
}

class EksError extends Error {
  constructor(
    readonly code: string,
    readonly statusCode: number,
    message: string,
    readonly extra: Record<string, string> = {},
  ) {
    super(message);
  }
}

const DESCRIBE_CLUSTER_PATH = /^\/clusters\/([^/?]+)$/u;

function handleEksRequest(eks: FakeEksState, request: FakeHttpRequest): FakeHttpResponse {
  const requestId = eks.requestIds.take();
  const path = request.path.split("?")[0];
  const describe = request.method === "GET" ? DESCRIBE_CLUSTER_PATH.exec(path) : null;
  const record: FakeEksRequest = { operation: describe === null ? `${request.method} ${path}` : "DescribeCluster" };
  eks.requests.push(record);
  try {
    if (describe === null) {
      throw new EksError("UnknownOperationException", 404, `Unknown operation ${request.method} ${path}`);
    }
    const name = decodeURIComponent(describe[1]);
    record.clusterName = name;
    if (eks.throttle.remaining > 0) {
      eks.throttle.remaining -= 1;
      throw new EksError("ThrottlingException", 429, EKS_THROTTLING_MESSAGE);
    }
    const arn = `arn:aws:eks:${eks.region}:${eks.accountId}:cluster/${name}`;
    if (eks.deniedActions.includes("eks:DescribeCluster")) {
      throw new EksError(
        "AccessDeniedException",
        403,
        `User: ${eks.principalArn} is not authorized to perform: eks:DescribeCluster on resource: ${arn} because no identity-based policy allows the eks:DescribeCluster action`,
      );
    }
    const cluster = findEksCluster(eks, name);
    if (cluster === undefined) {
      throw new EksError("ResourceNotFoundException", 404, EKS_CLUSTER_NOT_FOUND_MESSAGE(name), { clusterName: name });
    }
    return json(200, { cluster: describeCluster(cluster) }, requestId);
  } catch (error) {
    if (!(error instanceof EksError)) throw error;
    record.errorCode = error.code;
    return json(error.statusCode, { message: error.message, ...error.extra }, requestId, { "x-amzn-errortype": error.code });
  }
}

function describeCluster(cluster: FakeEksCluster): Record<string, unknown> {
  return {
    name: cluster.name,
    arn: cluster.arn,
    createdAt: cluster.createdAt.getTime() / 1000,
    version: cluster.version,
    endpoint: cluster.status === "CREATING" ? undefined : cluster.endpoint,
    certificateAuthority: cluster.status === "CREATING" ? {} : { data: cluster.certificateAuthorityData },
    status: cluster.status,
    platformVersion: "eks.1",
    tags: cluster.tags,
    accessConfig: { authenticationMode: "API" },
  };
}

function json(statusCode: number, body: unknown, requestId: string, headers: Record<string, string> = {}): FakeHttpResponse {
  return {
    statusCode,
    headers: { "content-type": "application/json", "x-amzn-requestid": requestId, ...headers },
    body: JSON.stringify(body),
  };
}

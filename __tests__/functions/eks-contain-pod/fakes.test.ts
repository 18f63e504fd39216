/**
 * The simulation pieces under the EKS workflow: the fake EKS through the real `@aws-sdk/client-eks`, the
 * `eks:call` handler's contract (parameters, output, `EKS.<status>` errors) and the fake Kubernetes API's
 * semantics.
 */
import { DescribeClusterCommand, EKSClient } from "@aws-sdk/client-eks";
import { StepFunctionsError, type JsonValue } from "../../../tools/simulator/aws-sdk-task-handler";
import { createEksCallHandler, eksCallErrorName } from "../../../tools/simulator/eks-call-handler";
import { createFakeEks, createFakeEksRequestHandler, EKS_CLUSTER_NOT_FOUND_MESSAGE, type FakeEksState } from "../../../tools/simulator/fake-eks";
import {
  createFakeKubernetes,
  findPod,
  handleKubernetesRequest,
  KUBERNETES_TOO_MANY_REQUESTS_MESSAGE,
  labelSelectorMatches,
} from "../../../tools/simulator/fake-kubernetes";
import { fakeClientConfig } from "../../support/fake-sdk-clients";
import { ACCOUNT_ID, CLUSTER_NAME, NAMESPACE, POD_LABELS, POD_NAME, POD_PATH, REGION, RUNNING_POD } from "./fixtures";

function eksWithProd(options: Parameters<typeof createFakeEks>[0] = {}): FakeEksState {
  return createFakeEks({ region: REGION, accountId: ACCOUNT_ID, clusters: [{ name: CLUSTER_NAME, pods: [RUNNING_POD] }], ...options });
}

function client(eks: FakeEksState): EKSClient {
  return new EKSClient(fakeClientConfig(REGION, createFakeEksRequestHandler(eks)));
}

async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error("expected a failure");
}

describe("fake EKS through @aws-sdk/client-eks", () => {
  it("describes a cluster: endpoint, CA data, status, ARN", async () => {
    const eks = eksWithProd();
    const { cluster } = await client(eks).send(new DescribeClusterCommand({ name: CLUSTER_NAME }));
    expect(cluster).toMatchObject({
      name: CLUSTER_NAME,
      arn: `arn:aws:eks:${REGION}:${ACCOUNT_ID}:cluster/${CLUSTER_NAME}`,
      endpoint: eks.clusters[0].endpoint,
      certificateAuthority: { data: eks.clusters[0].certificateAuthorityData },
      status: "ACTIVE",
    });
    expect(cluster?.createdAt).toBeInstanceOf(Date);
  });

  it("answers an unknown cluster with ResourceNotFoundException", async () => {
    const error = await rejection(client(eksWithProd()).send(new DescribeClusterCommand({ name: "gone" })));
    expect([error.name, error.message]).toEqual(["ResourceNotFoundException", EKS_CLUSTER_NOT_FOUND_MESSAGE("gone")]);
  });

  it("answers throttled calls with ThrottlingException", async () => {
    const error = await rejection(client(eksWithProd({ throttle: 1 })).send(new DescribeClusterCommand({ name: CLUSTER_NAME })));
    expect(error.name).toBe("ThrottlingException");
  });
});

describe("eks:call handler", () => {
  const parameters = (eks: FakeEksState, extra: Record<string, JsonValue> = {}): JsonValue => ({
    ClusterName: CLUSTER_NAME,
    CertificateAuthority: eks.clusters[0].certificateAuthorityData,
    Endpoint: eks.clusters[0].endpoint,
    Method: "GET",
    Path: POD_PATH,
    ...extra,
  });

  it("returns ResponseBody, StatusCode, StatusText and Headers on 2xx", async () => {
    const eks = eksWithProd();
    const output = (await createEksCallHandler(eks)({ stateName: "Get", parameters: parameters(eks) })) as Record<string, unknown>;
    expect(output).toMatchObject({ StatusCode: 200, StatusText: "OK", Headers: { "content-type": ["application/json"] } });
    expect(output.ResponseBody).toMatchObject({ kind: "Pod", metadata: { name: POD_NAME, namespace: NAMESPACE, labels: POD_LABELS } });
  });

  it("fails a non-2xx answer with EKS.<status> and the JSON cause Step Functions documents", async () => {
    const eks = eksWithProd();
    const error = await rejection(
      createEksCallHandler(eks)({ stateName: "Get", parameters: parameters(eks, { Path: `/api/v1/namespaces/${NAMESPACE}/pods/nope` }) }),
    );
    expect(error).toBeInstanceOf(StepFunctionsError);
    expect(error.name).toBe(eksCallErrorName(404));
    expect(JSON.parse(error.message)).toEqual({
      ResponseBody: expect.objectContaining({ kind: "Status", reason: "NotFound", code: 404 }),
      StatusCode: 404,
      StatusText: "Not Found",
    });
  });

  it("answers a token made for another cluster with the documented EKS.401", async () => {
    const eks = eksWithProd();
    const error = await rejection(createEksCallHandler(eks)({ stateName: "Get", parameters: parameters(eks, { ClusterName: "staging" }) }));
    expect(error.name).toBe("EKS.401");
    expect(JSON.parse(error.message)).toEqual({
      ResponseBody: { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "Unauthorized", reason: "Unauthorized", code: 401 },
      StatusCode: 401,
      StatusText: "Unauthorized",
    });
  });

  it.each<[string, Record<string, JsonValue>]>([
    ["an unknown field", { Headers: { "Content-Type": "application/json-patch+json" } }],
    ["a method outside the documented list", { Method: "OPTIONS" }],
    ["a path without leading slash", { Path: "api/v1/pods" }],
    ["query parameters that are not lists", { QueryParameters: { gracePeriodSeconds: "0" } }],
  ])("refuses %s with States.Runtime, which no Catch handles", async (_case, extra) => {
    const eks = eksWithProd();
    const error = await rejection(createEksCallHandler(eks)({ stateName: "Call", parameters: parameters(eks, extra) }));
    expect(error.name).toBe("States.Runtime");
    expect((error as unknown as StepFunctionsError).isCatchable).toBe(false);
  });

  it("refuses a call without the required ClusterName", async () => {
    const eks = eksWithProd();
    const { ClusterName: _omitted, ...rest } = parameters(eks) as Record<string, JsonValue>;
    const error = await rejection(createEksCallHandler(eks)({ stateName: "Call", parameters: rest }));
    expect(error.name).toBe("States.Runtime");
  });

  it("does not guess an AWS error for an endpoint no cluster has: Simulation.UnknownEndpoint, uncatchable", async () => {
    const eks = eksWithProd();
    const error = await rejection(createEksCallHandler(eks)({ stateName: "Call", parameters: parameters(eks, { Endpoint: "https://example.com" }) }));
    expect([error.name, (error as unknown as StepFunctionsError).isCatchable]).toEqual(["Simulation.UnknownEndpoint", false]);
  });

  it("sends a PATCH as a merge patch (assumed Content-Type) and a '?' in Path as query string", async () => {
    const eks = eksWithProd();
    await createEksCallHandler(eks)({
      stateName: "Patch",
      parameters: parameters(eks, { Method: "PATCH", Path: `${POD_PATH}?fieldManager=guardduty`, RequestBody: { metadata: { labels: { tier: null } } } }),
    });
    const request = eks.clusters[0].kubernetes.requests[0];
    expect([request.path, request.query, request.contentType]).toEqual([POD_PATH, { fieldManager: ["guardduty"] }, "application/merge-patch+json"]);
    expect(findPod(eks.clusters[0].kubernetes, NAMESPACE, POD_NAME)?.metadata.labels).toEqual({ app: "web", "pod-template-hash": "7d9c6b5f4" });
  });
});

describe("fake Kubernetes API", () => {
  it("refuses a PATCH sent as plain application/json with 415, as Kubernetes does", () => {
    const kubernetes = createFakeKubernetes({ pods: [RUNNING_POD] });
    const response = handleKubernetesRequest(kubernetes, {
      method: "PATCH",
      path: POD_PATH,
      body: { metadata: { labels: {} } },
      contentType: "application/json",
    });
    expect([response.statusCode, (response.body as Record<string, unknown>).reason]).toEqual([415, "UnsupportedMediaType"]);
  });

  it("refuses a PUT carrying a stale resourceVersion with 409 Conflict", () => {
    const kubernetes = createFakeKubernetes({ pods: [RUNNING_POD] });
    const pod = JSON.parse(JSON.stringify(findPod(kubernetes, NAMESPACE, POD_NAME))) as { metadata: { resourceVersion: string } };
    pod.metadata.resourceVersion = "1";
    const response = handleKubernetesRequest(kubernetes, { method: "PUT", path: POD_PATH, body: pod, contentType: "application/json" });
    expect(response.statusCode).toBe(409);
    expect((response.body as Record<string, unknown>).message).toBe(
      `Operation cannot be fulfilled on pods "${POD_NAME}": the object has been modified; please apply your changes to the latest version and try again`,
    );
  });

  it("refuses a PUT that changes the pod's spec with 422 Invalid", () => {
    const kubernetes = createFakeKubernetes({ pods: [RUNNING_POD] });
    const pod = JSON.parse(JSON.stringify(findPod(kubernetes, NAMESPACE, POD_NAME))) as { spec: Record<string, unknown> };
    pod.spec.nodeName = "elsewhere";
    expect(handleKubernetesRequest(kubernetes, { method: "PUT", path: POD_PATH, body: pod }).statusCode).toBe(422);
  });

  it("answers throttled requests with 429, Retry-After and the TooManyRequests Status", () => {
    const response = handleKubernetesRequest(createFakeKubernetes({ pods: [RUNNING_POD], throttle: 1 }), { method: "GET", path: POD_PATH });
    expect(response).toMatchObject({ statusCode: 429, statusText: "Too Many Requests", headers: { "retry-after": "1" } });
    expect(response.body).toMatchObject({ reason: "TooManyRequests", message: KUBERNETES_TOO_MANY_REQUESTS_MESSAGE, code: 429 });
  });

  it("names the user, verb and namespace in a 403 as RBAC does", () => {
    const kubernetes = createFakeKubernetes({ pods: [RUNNING_POD], user: "arn:aws:sts::123456789012:assumed-role/r/s", access: { namespaces: ["payments"] } });
    const response = handleKubernetesRequest(kubernetes, { method: "DELETE", path: POD_PATH });
    expect(response.statusCode).toBe(403);
    expect((response.body as Record<string, unknown>).message).toBe(
      `pods "${POD_NAME}" is forbidden: User "arn:aws:sts::123456789012:assumed-role/r/s" cannot delete resource "pods" in API group "" in the namespace "${NAMESPACE}"`,
    );
  });

  it("only marks a pod deleted with a grace period, and removes it at once with 0", () => {
    const kubernetes = createFakeKubernetes({ pods: [RUNNING_POD] });
    handleKubernetesRequest(kubernetes, { method: "DELETE", path: POD_PATH, query: { gracePeriodSeconds: ["30"] } });
    expect(findPod(kubernetes, NAMESPACE, POD_NAME)?.metadata.deletionTimestamp).toBe("2026-11-22T00:00:30Z");
    handleKubernetesRequest(kubernetes, { method: "DELETE", path: POD_PATH, query: { gracePeriodSeconds: ["0"] } });
    expect(findPod(kubernetes, NAMESPACE, POD_NAME)).toBeUndefined();
  });

  it.each<[string, Parameters<typeof labelSelectorMatches>[0], boolean]>([
    ["matchLabels all present", { matchLabels: { app: "web" } }, true],
    ["matchLabels with another value", { matchLabels: { app: "api" } }, false],
    ["In", { matchExpressions: [{ key: "tier", operator: "In", values: ["frontend", "backend"] }] }, true],
    ["NotIn", { matchExpressions: [{ key: "tier", operator: "NotIn", values: ["frontend"] }] }, false],
    ["Exists", { matchExpressions: [{ key: "app", operator: "Exists" }] }, true],
    ["DoesNotExist", { matchExpressions: [{ key: "app", operator: "DoesNotExist" }] }, false],
    ["the empty selector", {}, true],
  ])("evaluates label selectors as Kubernetes does: %s", (_case, selector, expected) => {
    expect(labelSelectorMatches(selector, POD_LABELS)).toBe(expected);
  });
});

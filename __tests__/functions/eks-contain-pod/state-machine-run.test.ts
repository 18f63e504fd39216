/**
 * The EKS pod containment workflow executed in-process (aws-local-stepfunctions) against the fake EKS (real
 * `@aws-sdk/client-eks`), the fake Kubernetes API behind `eks:call`, and the fake SNS: one describe block per
 * branch.
 */
import {
  EKS_CONTAIN_POD_STATES as S,
  EKS_FAILURE_CAUSE,
  EKS_FINDING_ID_ANNOTATION,
  EKS_FINDING_TYPE_ANNOTATION,
  EKS_MAX_UPDATE_CONFLICTS,
  EKS_ORIGINAL_LABELS_ANNOTATION,
} from "../../../functions/eks-contain-pod/state-machine";
import { buildEksContainPodInputTransformer } from "../../../functions/eks-contain-pod/input-transformer";
import { renderInputTransformer } from "../../../functions/eventbridge/input-transformer-renderer";
import type { JsonValue } from "../../../tools/simulator/aws-sdk-task-handler";
import { findPod, labelSelectorMatches } from "../../../tools/simulator/fake-kubernetes";
import {
  CLUSTER_NAME,
  FINDING_ID,
  FINDING_TYPE,
  NAMESPACE,
  NAMESPACE_PATH,
  POD_LABELS,
  POD_NAME,
  POD_PATH,
  POD_UID,
  REPLICA_SET,
  REPLICA_SET_SELECTOR,
  RUNNING_POD,
  eksFindingInput,
  eksRuntimeFindingEvent,
  expectSingleNotice,
  kubernetesRequests,
  noticeFields,
  runContainment,
  trail,
  type ContainmentRun,
} from "./fixtures";

/** One non-default configuration shared by several tests (each distinct definition costs a validation). */
const CONFIGURED = { protectedNamespaces: ["payments"], exemptionLabel: { key: "security.example.com/response", value: "manual" } };

describe("isolate (the default action) a Deployment's pod", () => {
  let run: ContainmentRun;

  beforeAll(async () => {
    // GIVEN a running pod owned by a ReplicaSet, in an unprotected, unexempt namespace
    run = await runContainment();
  });

  it("describes the cluster, reads the pod and its namespace, replaces the pod, then notifies", () => {
    expect(trail(run.result)).toEqual([
      `${S.describeCluster}:describeCluster`,
      `${S.getPod}:call`,
      `${S.getNamespace}:call`,
      `${S.isolatePod}:call`,
      `${S.notifyIsolated}:publish`,
    ]);
    expect(run.result.calls[0].parameters).toEqual({ Name: CLUSTER_NAME });
    expect(kubernetesRequests(run.kubernetes)).toEqual([`GET ${POD_PATH}`, `GET ${NAMESPACE_PATH}`, `PUT ${POD_PATH}`]);
  });

  it("calls eks:call with the endpoint and CA that DescribeCluster returned", () => {
    const cluster = run.eks.clusters[0];
    expect(run.result.calls[1].parameters).toEqual({
      ClusterName: CLUSTER_NAME,
      CertificateAuthority: cluster.certificateAuthorityData,
      Endpoint: cluster.endpoint,
      Method: "GET",
      Path: POD_PATH,
    });
  });

  it("makes the update conditional on the uid and resourceVersion it read", () => {
    const put = run.kubernetes.requests[2].body as { metadata: { uid: string; resourceVersion: string } };
    const read = run.kubernetes.requests[0];
    expect(read.statusCode).toBe(200);
    expect(put.metadata.uid).toBe(POD_UID);
    expect(put.metadata.resourceVersion).toMatch(/^\d+$/u);
    expect(run.kubernetes.requests[2].statusCode).toBe(200);
  });

  it("replaces every label by the isolation label only", () => {
    expect(findPod(run.kubernetes, NAMESPACE, POD_NAME)?.metadata.labels).toEqual({ "guardduty-response": "isolated" });
  });

  it("keeps the removed labels, the finding id and type in annotations, next to the existing ones", () => {
    expect(findPod(run.kubernetes, NAMESPACE, POD_NAME)?.metadata.annotations).toEqual({
      ...RUNNING_POD.annotations,
      [EKS_ORIGINAL_LABELS_ANNOTATION]: JSON.stringify(POD_LABELS),
      [EKS_FINDING_ID_ANNOTATION]: FINDING_ID,
      [EKS_FINDING_TYPE_ANNOTATION]: FINDING_TYPE,
    });
  });

  it("keeps the pod (same uid) with its spec and ownerReferences untouched", () => {
    const pod = findPod(run.kubernetes, NAMESPACE, POD_NAME);
    expect(pod?.metadata.uid).toBe(POD_UID);
    expect(pod?.metadata.deletionTimestamp).toBeUndefined();
    expect(pod?.metadata.ownerReferences?.map((owner) => `${owner.kind}/${owner.name}`)).toEqual([`ReplicaSet/${REPLICA_SET}`]);
  });

  it("takes the pod out of its ReplicaSet's selector, which therefore releases and replaces it", () => {
    expect(labelSelectorMatches(REPLICA_SET_SELECTOR, POD_LABELS)).toBe(true);
    expect(labelSelectorMatches(REPLICA_SET_SELECTOR, findPod(run.kubernetes, NAMESPACE, POD_NAME)?.metadata.labels)).toBe(false);
  });

  it("publishes one ISOLATED notice with the labels before and after and the controller", () => {
    const fields = noticeFields(expectSingleNotice(run.result, "ISOLATED"));
    expect(fields).toMatchObject({
      Cluster: JSON.stringify(CLUSTER_NAME),
      Namespace: JSON.stringify(NAMESPACE),
      Pod: JSON.stringify(POD_NAME),
      "Configured action": "isolate",
      "Labels before": JSON.stringify(POD_LABELS),
      "Labels now": '{"guardduty-response":"isolated"}',
      "Pod UID": POD_UID,
    });
    expect(JSON.parse(fields.Controller)).toEqual([expect.objectContaining({ kind: "ReplicaSet", name: REPLICA_SET, controller: true })]);
  });

  it("succeeds", () => {
    expect(run.result.status).toBe("SUCCEEDED");
  });
});

describe("delete mode", () => {
  let run: ContainmentRun;

  beforeAll(async () => {
    // GIVEN action delete
    run = await runContainment({ props: { action: "delete" } });
  });

  it("deletes the pod with a grace period of 0 and a UID precondition", () => {
    expect(kubernetesRequests(run.kubernetes)).toEqual([`GET ${POD_PATH}`, `GET ${NAMESPACE_PATH}`, `DELETE ${POD_PATH}`]);
    const deletion = run.kubernetes.requests[2];
    expect(deletion.query).toEqual({ gracePeriodSeconds: ["0"] });
    expect(deletion.body).toEqual({ apiVersion: "v1", kind: "DeleteOptions", preconditions: { uid: POD_UID } });
    expect(deletion.statusCode).toBe(200);
  });

  it("leaves no pod of that name", () => {
    expect(findPod(run.kubernetes, NAMESPACE, POD_NAME)).toBeUndefined();
  });

  it("publishes one DELETED notice and succeeds", () => {
    expect(noticeFields(expectSingleNotice(run.result, "DELETED"))["Configured action"]).toBe("delete");
    expect(run.result.status).toBe("SUCCEEDED");
  });
});

describe("protected namespaces", () => {
  it("never touches kube-system: no DescribeCluster, no eks:call at all, notice PROTECTED_NAMESPACE", async () => {
    // GIVEN a finding on a kube-system pod that exists
    const pod = { ...RUNNING_POD, namespace: "kube-system", name: "coredns-7f6b8c9d4-abcde" };
    const run = await runContainment({
      cluster: { pods: [pod] },
      input: eksFindingInput({ kubernetes: { namespace: "kube-system", workloadName: pod.name } }),
    });
    // THEN only the topic hears of it
    expect(trail(run.result)).toEqual([`${S.notifyProtectedNamespace}:publish`]);
    expect(run.kubernetes.requests).toEqual([]);
    expect(run.eks.requests).toEqual([]);
    expect(findPod(run.kubernetes, "kube-system", pod.name)?.metadata.labels).toEqual(POD_LABELS);
    expect(noticeFields(expectSingleNotice(run.result, "PROTECTED_NAMESPACE"))["Protected namespaces"]).toBe(
      '["kube-system","kube-public","kube-node-lease","amazon-guardduty"]',
    );
    expect(run.result.status).toBe("SUCCEEDED");
  });

  it("keeps kube-system protected when the configured list leaves it out", async () => {
    const run = await runContainment({ props: CONFIGURED, input: eksFindingInput({ kubernetes: { namespace: "kube-system" } }) });
    expect(trail(run.result)).toEqual([`${S.notifyProtectedNamespace}:publish`]);
  });

  it("protects a configured namespace", async () => {
    const run = await runContainment({
      props: CONFIGURED,
      cluster: { pods: [{ ...RUNNING_POD, namespace: "payments" }] },
      input: eksFindingInput({ kubernetes: { namespace: "payments" } }),
    });
    expect(trail(run.result)).toEqual([`${S.notifyProtectedNamespace}:publish`]);
    expect(run.kubernetes.requests).toEqual([]);
  });
});

describe("exemption label", () => {
  it("does not contain a pod carrying guardduty-response=exempt: no namespace read, no write, EXEMPT_BY_POD_LABEL", async () => {
    const run = await runContainment({ cluster: { pods: [{ ...RUNNING_POD, labels: { ...POD_LABELS, "guardduty-response": "exempt" } }] } });
    expect(kubernetesRequests(run.kubernetes)).toEqual([`GET ${POD_PATH}`]);
    const fields = noticeFields(expectSingleNotice(run.result, "EXEMPT_BY_POD_LABEL"));
    expect(fields["Exemption label"]).toBe('{"Key":"guardduty-response","Value":"exempt"}');
    expect(findPod(run.kubernetes, NAMESPACE, POD_NAME)?.metadata.labels).toEqual({ ...POD_LABELS, "guardduty-response": "exempt" });
    expect(run.result.status).toBe("SUCCEEDED");
  });

  it("does not contain a pod whose namespace carries the label: EXEMPT_BY_NAMESPACE_LABEL", async () => {
    const run = await runContainment({ cluster: { pods: [RUNNING_POD], namespaces: [{ name: NAMESPACE, labels: { "guardduty-response": "exempt" } }] } });
    expect(kubernetesRequests(run.kubernetes)).toEqual([`GET ${POD_PATH}`, `GET ${NAMESPACE_PATH}`]);
    expect(JSON.parse(noticeFields(expectSingleNotice(run.result, "EXEMPT_BY_NAMESPACE_LABEL"))["Namespace labels"])).toEqual({
      "guardduty-response": "exempt",
      "kubernetes.io/metadata.name": NAMESPACE,
    });
    expect(findPod(run.kubernetes, NAMESPACE, POD_NAME)?.metadata.labels).toEqual(POD_LABELS);
  });

  it("needs key and value to match: guardduty-response=review does not exempt", async () => {
    const run = await runContainment({ cluster: { pods: [{ ...RUNNING_POD, labels: { ...POD_LABELS, "guardduty-response": "review" } }] } });
    expectSingleNotice(run.result, "ISOLATED");
  });

  it("uses the configured label, whose key has a prefix", async () => {
    const label = CONFIGURED.exemptionLabel as { key: string; value: string };
    const run = await runContainment({ props: CONFIGURED, cluster: { pods: [{ ...RUNNING_POD, labels: { ...POD_LABELS, [label.key]: label.value } }] } });
    expect(noticeFields(expectSingleNotice(run.result, "EXEMPT_BY_POD_LABEL"))["Exemption label"]).toBe(
      '{"Key":"security.example.com/response","Value":"manual"}',
    );
  });

  it("ignores the default label once another one is configured", async () => {
    const run = await runContainment({ props: CONFIGURED, cluster: { pods: [{ ...RUNNING_POD, labels: { ...POD_LABELS, "guardduty-response": "exempt" } }] } });
    expectSingleNotice(run.result, "ISOLATED");
  });
});

describe("already isolated", () => {
  it("does not update a pod that carries the isolation label: no PUT, ALREADY_ISOLATED", async () => {
    const isolated = { ...RUNNING_POD, labels: { "guardduty-response": "isolated" } };
    const run = await runContainment({ cluster: { pods: [isolated] } });
    expect(kubernetesRequests(run.kubernetes)).toEqual([`GET ${POD_PATH}`, `GET ${NAMESPACE_PATH}`]);
    expectSingleNotice(run.result, "ALREADY_ISOLATED");
    expect(run.result.status).toBe("SUCCEEDED");
  });

  it("acts once only: a second execution for the same finding changes nothing", async () => {
    // GIVEN a first execution isolated the pod
    const first = await runContainment();
    const resourceVersion = findPod(first.kubernetes, NAMESPACE, POD_NAME)?.metadata.resourceVersion;
    // WHEN the same finding runs again against the same cluster
    const second = await runContainment({ reuse: first });
    // THEN it only reads and notifies
    expect(second.kubernetes.requests.slice(3).map((request) => request.method)).toEqual(["GET", "GET"]);
    expectSingleNotice(second.result, "ALREADY_ISOLATED");
    expect(findPod(first.kubernetes, NAMESPACE, POD_NAME)?.metadata.resourceVersion).toBe(resourceVersion);
  });

  it("does not delete an isolated pod in delete mode either", async () => {
    const run = await runContainment({ props: { action: "delete" }, cluster: { pods: [{ ...RUNNING_POD, labels: { "guardduty-response": "isolated" } }] } });
    expectSingleNotice(run.result, "ALREADY_ISOLATED");
    expect(findPod(run.kubernetes, NAMESPACE, POD_NAME)).toBeDefined();
  });
});

describe("pod not found", () => {
  it("notifies POD_NOT_FOUND with the EKS.404 answer and succeeds", async () => {
    const run = await runContainment({ cluster: { pods: [] } });
    expect(trail(run.result)).toEqual([`${S.describeCluster}:describeCluster`, `${S.getPod}:call`, `${S.notifyPodNotFound}:publish`]);
    const fields = noticeFields(expectSingleNotice(run.result, "POD_NOT_FOUND"));
    expect(fields.Error).toBe("EKS.404");
    const cause = JSON.parse(JSON.parse(fields["Error details"]).Cause);
    expect(cause).toEqual({
      ResponseBody: {
        kind: "Status",
        apiVersion: "v1",
        metadata: {},
        status: "Failure",
        message: `pods "${POD_NAME}" not found`,
        reason: "NotFound",
        details: { name: POD_NAME, kind: "pods" },
        code: 404,
      },
      StatusCode: 404,
      StatusText: "Not Found",
    });
    expect(run.result.status).toBe("SUCCEEDED");
  });

  it("notifies POD_NOT_FOUND when EKS does not know the cluster (Eks.ResourceNotFoundException)", async () => {
    const run = await runContainment({ input: eksFindingInput({ eks: { clusterName: "gone" } }) });
    expect(trail(run.result)).toEqual([`${S.describeCluster}:describeCluster`, `${S.notifyPodNotFound}:publish`]);
    expect(noticeFields(expectSingleNotice(run.result, "POD_NOT_FOUND")).Error).toBe("Eks.ResourceNotFoundException");
  });
});

describe("a pod of that name that is not the finding's pod", () => {
  it("does not touch a pod whose UID differs from the finding's: POD_REPLACED", async () => {
    const run = await runContainment({ cluster: { pods: [{ ...RUNNING_POD, uid: "0e0e0e0e-1111-4222-8333-444444444444" }] } });
    expect(kubernetesRequests(run.kubernetes)).toEqual([`GET ${POD_PATH}`]);
    expect(noticeFields(expectSingleNotice(run.result, "POD_REPLACED"))).toMatchObject({
      "Pod UID in finding": JSON.stringify(POD_UID),
      "Pod UID read": "0e0e0e0e-1111-4222-8333-444444444444",
    });
  });

  it("does not delete a successor that took the name between the read and the delete (UID precondition, EKS.409)", async () => {
    // GIVEN delete mode, and the pod replaced by a same-named successor right before the DELETE
    const successor = "5e5e5e5e-0000-4000-8000-000000000001";
    const run = await runContainment({
      props: { action: "delete" },
      prepare: (kubernetes) => {
        kubernetes.onRequest = (request) => {
          const pod = findPod(kubernetes, NAMESPACE, POD_NAME);
          if (request.method === "DELETE" && pod !== undefined) pod.metadata.uid = successor;
        };
      },
    });
    // THEN the DELETE is refused by its precondition and the successor survives
    expect(run.kubernetes.requests.map((request) => `${request.method}:${request.statusCode}`)).toEqual(["GET:200", "GET:200", "DELETE:409"]);
    expectSingleNotice(run.result, "POD_REPLACED");
    expect(findPod(run.kubernetes, NAMESPACE, POD_NAME)?.metadata.uid).toBe(successor);
  });
});

describe("a finding that names no single pod", () => {
  it.each([
    ["a Deployment", { workloadType: "deployments", workloadName: "web" }],
    ["no workload type", { workloadType: "" }],
    ["a null workload type", { workloadType: null as unknown as string }],
    ["no pod name", { workloadName: "" }],
    ["a pod name with a slash", { workloadName: "../secrets/db" }],
    ["a namespace with an encoded slash", { namespace: "shop%2Fsecrets" }],
  ])("does nothing for %s: no AWS or Kubernetes call, NOT_A_POD", async (_case, kubernetes) => {
    const run = await runContainment({ input: eksFindingInput({ kubernetes }) });
    expect(trail(run.result)).toEqual([`${S.notifyNotAPod}:publish`]);
    expect(run.kubernetes.requests).toEqual([]);
    expect(run.result.status).toBe("SUCCEEDED");
  });

  it("accepts the PODS spelling of the workload type", async () => {
    const run = await runContainment({ input: eksFindingInput({ kubernetes: { workloadType: "PODS" } }) });
    expectSingleNotice(run.result, "ISOLATED");
  });

  it("does not write to a pod read through a name with a query string", async () => {
    const run = await runContainment({ input: eksFindingInput({ kubernetes: { workloadName: `${POD_NAME}?dryRun=All` } }) });
    expect(run.kubernetes.requests.map((request) => request.method)).toEqual(["GET"]);
    expectSingleNotice(run.result, "POD_REPLACED");
  });
});

describe("pod already terminating", () => {
  it("notifies ALREADY_TERMINATING and changes nothing", async () => {
    const run = await runContainment({ cluster: { pods: [{ ...RUNNING_POD, deletionTimestamp: "2026-11-22T00:00:30Z" }] } });
    expect(run.kubernetes.requests.map((request) => request.method)).toEqual(["GET", "GET"]);
    expect(noticeFields(expectSingleNotice(run.result, "ALREADY_TERMINATING"))["Deletion timestamp"]).toBe('"2026-11-22T00:00:30Z"');
  });
});

describe("dry run", () => {
  it("reads but changes nothing: DRY_RUN (the check precedes the choice of action, see the ASL tests)", async () => {
    const run = await runContainment({ props: { dryRun: true } });
    expect(kubernetesRequests(run.kubernetes)).toEqual([`GET ${POD_PATH}`, `GET ${NAMESPACE_PATH}`]);
    expect(findPod(run.kubernetes, NAMESPACE, POD_NAME)?.metadata.labels).toEqual(POD_LABELS);
    const fields = noticeFields(expectSingleNotice(run.result, "DRY_RUN"));
    expect(fields).toMatchObject({
      "Configured action": "isolate",
      "Pod labels": JSON.stringify(POD_LABELS),
      "Isolation labels": '{"guardduty-response":"isolated"}',
    });
    expect(run.result.status).toBe("SUCCEEDED");
  });
});

describe("throttling", () => {
  it("retries the Kubernetes API after 429 Too Many Requests (EKS.429) and then isolates", async () => {
    // GIVEN the API server answers the first two requests with 429
    const run = await runContainment({ cluster: { pods: [RUNNING_POD], throttle: 2 } });
    // THEN Get Pod is attempted three times
    expect(run.kubernetes.requests.map((request) => `${request.method}:${request.statusCode}`)).toEqual([
      "GET:429",
      "GET:429",
      "GET:200",
      "GET:200",
      "PUT:200",
    ]);
    expect(trail(run.result).filter((entry) => entry === `${S.getPod}:call`)).toHaveLength(3);
    expectSingleNotice(run.result, "ISOLATED");
    expect(run.result.status).toBe("SUCCEEDED");
  });

  it("retries DescribeCluster after Eks.ThrottlingException", async () => {
    const run = await runContainment({ eks: { throttle: 1 } });
    expect(run.eks.requests.map((request) => request.errorCode ?? "ok")).toEqual(["ThrottlingException", "ok"]);
    expectSingleNotice(run.result, "ISOLATED");
  });
});

describe("forbidden", () => {
  let run: ContainmentRun;

  beforeAll(async () => {
    // GIVEN the access entry does not allow updating pods (403 on the PUT)
    run = await runContainment({ cluster: { pods: [RUNNING_POD], access: { denied: [{ verb: "update", resource: "pods" }] } } });
  });

  it("notifies FAILED with the 403 answer, without retrying it", () => {
    expect(trail(run.result)).toEqual([
      `${S.describeCluster}:describeCluster`,
      `${S.getPod}:call`,
      `${S.getNamespace}:call`,
      `${S.isolatePod}:call`,
      `${S.notifyFailure}:publish`,
    ]);
    const fields = noticeFields(expectSingleNotice(run.result, "FAILED"));
    expect(fields.Error).toBe("EKS.403");
    expect(JSON.parse(JSON.parse(fields["Error details"]).Cause).ResponseBody).toMatchObject({ reason: "Forbidden", code: 403 });
  });

  it("then fails the execution with the error EKS.403", () => {
    expect(run.result).toMatchObject({ status: "FAILED", error: "EKS.403", cause: EKS_FAILURE_CAUSE });
  });

  it("leaves the pod unchanged", () => {
    expect(findPod(run.kubernetes, NAMESPACE, POD_NAME)?.metadata.labels).toEqual(POD_LABELS);
  });

  it("fails the same way when the namespace is outside the access scope (403 on the first read)", async () => {
    const outOfScope = await runContainment({ cluster: { pods: [RUNNING_POD], access: { namespaces: ["payments"] } } });
    expectSingleNotice(outOfScope.result, "FAILED");
    expect(outOfScope.result).toMatchObject({ status: "FAILED", error: "EKS.403" });
  });

  it("fails with Eks.AccessDeniedException when the role may not describe the cluster", async () => {
    const denied = await runContainment({ eks: { deniedActions: ["eks:DescribeCluster"] } });
    expect(denied.kubernetes.requests).toEqual([]);
    expectSingleNotice(denied.result, "FAILED");
    expect(denied.result).toMatchObject({ status: "FAILED", error: "Eks.AccessDeniedException" });
  });
});

describe("concurrent change of the pod", () => {
  it("re-reads the pod after a 409 on the update and isolates it on the next attempt", async () => {
    // GIVEN the pod changes (e.g. a status update bumps its resourceVersion) right before the first PUT
    const run = await runContainment({
      prepare: (kubernetes) => {
        let changed = false;
        kubernetes.onRequest = (request) => {
          const pod = findPod(kubernetes, NAMESPACE, POD_NAME);
          if (request.method === "PUT" && !changed && pod !== undefined) {
            changed = true;
            pod.metadata.resourceVersion = "99999";
          }
        };
      },
    });
    // THEN the first PUT is refused, the pod re-read and re-checked, the second PUT succeeds
    expect(run.kubernetes.requests.map((request) => `${request.method}:${request.statusCode}`)).toEqual([
      "GET:200",
      "GET:200",
      "PUT:409",
      "GET:200",
      "GET:200",
      "PUT:200",
    ]);
    expectSingleNotice(run.result, "ISOLATED");
    expect(findPod(run.kubernetes, NAMESPACE, POD_NAME)?.metadata.labels).toEqual({ "guardduty-response": "isolated" });
  });

  it(`gives up after ${EKS_MAX_UPDATE_CONFLICTS} conflicts: FAILED with EKS.409`, async () => {
    // GIVEN the pod changes before every PUT
    const run = await runContainment({
      prepare: (kubernetes) => {
        kubernetes.onRequest = (request) => {
          const pod = findPod(kubernetes, NAMESPACE, POD_NAME);
          if (request.method === "PUT" && pod !== undefined) pod.metadata.resourceVersion = String(Number(pod.metadata.resourceVersion) + 1000);
        };
      },
    });
    expect(run.kubernetes.requests.filter((request) => request.method === "PUT").map((request) => request.statusCode)).toEqual(
      Array.from({ length: EKS_MAX_UPDATE_CONFLICTS }, () => 409),
    );
    expectSingleNotice(run.result, "FAILED");
    expect(run.result).toMatchObject({ status: "FAILED", error: "EKS.409" });
  });
});

describe("untrusted text in notices", () => {
  it("JSON-quotes a hostile title on its own line", async () => {
    const title = 'x"\nPod: forged\n{}\\';
    const run = await runContainment({ input: eksFindingInput({ finding: { title } }) });
    const notice = expectSingleNotice(run.result, "ISOLATED");
    expect(noticeFields(notice)["Finding title"]).toBe(JSON.stringify(title));
    expect(noticeFields(notice).Pod).toBe(JSON.stringify(POD_NAME));
  });
});

describe("from a real-shaped finding", () => {
  it("isolates the pod of a runtime finding transformed as EventBridge does", async () => {
    const { inputPaths, inputTemplate } = buildEksContainPodInputTransformer();
    const input = JSON.parse(renderInputTransformer(eksRuntimeFindingEvent(), inputPaths, inputTemplate)) as JsonValue;
    const run = await runContainment({ input });
    expectSingleNotice(run.result, "ISOLATED");
    expect(findPod(run.kubernetes, NAMESPACE, POD_NAME)?.metadata.labels).toEqual({ "guardduty-response": "isolated" });
  });
});

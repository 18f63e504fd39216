/**
 * An in-process fake Kubernetes API server (the part of it an EKS containment workflow uses), answered the way
 * the real API server answers: `Status` objects with `reason` and `code` for failures, HTTP status codes, and
 * the objects themselves on success.
 *
 * Routes (core/v1 only):
 * - `GET    /api/v1/namespaces/{namespace}`                 read a namespace
 * - `GET    /api/v1/namespaces/{namespace}/pods/{name}`     read a pod
 * - `PUT    /api/v1/namespaces/{namespace}/pods/{name}`     replace a pod (labels, annotations, ownerReferences
 *                                                         may change; `spec` may not, in this fake)
 * - `PATCH  /api/v1/namespaces/{namespace}/pods/{name}`     `application/merge-patch+json` or
 *                                                         `application/strategic-merge-patch+json` (the two
 *                                                         agree on `metadata.labels`/`annotations` maps, the only
 *                                                         fields this fake lets a patch change)
 * - `DELETE /api/v1/namespaces/{namespace}/pods/{name}`     query `gracePeriodSeconds`, body `DeleteOptions`
 *                                                         with `preconditions.uid` / `resourceVersion`
 *
 * Order of the checks, as in the API server's filter chain: authentication (401) -> priority and fairness
 * (429) -> authorization (403) -> the handler (404, 405, 409, 415, 422, 400).
 *
 * Semantics reproduced:
 * - Optimistic concurrency: a PUT whose `metadata.resourceVersion` is not the current one answers 409
 *   `Conflict` ("the object has been modified"); a PUT or DELETE whose UID precondition names another object
 *   answers 409 ("Precondition failed: UID in precondition: ..."). Every write bumps `resourceVersion`.
 * - DELETE with grace period 0 removes the pod at once and answers 200 with its last state; a longer grace
 *   period only marks it (`deletionTimestamp`, `deletionGracePeriodSeconds`) and answers 200 with it.
 * - Kubernetes decides a PATCH's semantics from `Content-Type` alone: plain `application/json` is 415.
 * - Authorization: the caller may use the verbs in `access.verbs` on pods and namespaces of
 *   `access.namespaces` (all when absent) - the shape of an EKS access policy association with a namespace
 *   scope (`get` on the namespace object itself is authorized inside that namespace, as RBAC does for a
 *   RoleBinding). `access.denied` removes single verb/resource pairs.
 *
 * Messages marked UNCONFIRMED are our best knowledge of the API server's wording, not captured from one.
 *
 * Not reproduced: controllers. A ReplicaSet that stops selecting a pod releases it and creates a
 * replacement; {@link labelSelectorMatches} lets a test check that the selector no longer matches.
 */

/** A JSON object as the API server sends and receives it. */
export type KubernetesJson = null | boolean | number | string | KubernetesJson[] | { [key: string]: KubernetesJson };

export type KubernetesOwnerReference = {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
};

export interface KubernetesObjectMeta {
  name: string;
  namespace?: string;
  uid: string;
  resourceVersion: string;
  creationTimestamp: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: KubernetesOwnerReference[];
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  [other: string]: KubernetesJson | undefined;
}

/** A stored object (pod or namespace). */
export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: KubernetesObjectMeta;
  spec?: { [key: string]: KubernetesJson };
  status?: { [key: string]: KubernetesJson };
}

/** `metav1.LabelSelector`. */
export interface KubernetesLabelSelector {
  matchLabels?: Readonly<Record<string, string>>;
  matchExpressions?: readonly { key: string; operator: "In" | "NotIn" | "Exists" | "DoesNotExist"; values?: readonly string[] }[];
}

export type KubernetesVerb = "get" | "update" | "patch" | "delete";
export type KubernetesResource = "pods" | "namespaces";

export interface FakeKubernetesAccess {
  /** Namespaces the caller may act in (an access policy with a namespace scope); absent: every namespace. */
  namespaces?: string[];
  /** Verbs allowed on pods and namespaces. Default: what AmazonEKSEditPolicy grants (get, update, patch, delete). */
  verbs: KubernetesVerb[];
  /** Single verb/resource pairs refused although the above allows them. */
  denied: { verb: KubernetesVerb; resource: KubernetesResource }[];
}

/** One request the fake API server received, with the status code it answered. */
export interface FakeKubernetesRequest {
  method: string;
  path: string;
  query: Record<string, string[]>;
  contentType?: string;
  body?: unknown;
  statusCode?: number;
}

export interface FakeKubernetesState {
  pods: KubernetesObject[];
  namespaces: KubernetesObject[];
  /** The caller as the API server names it in 403 messages (an EKS access entry's username). */
  user: string;
  access: FakeKubernetesAccess;
  /** Answer the next `remaining` requests with 429 (API priority and fairness). */
  throttle: { remaining: number };
  requests: FakeKubernetesRequest[];
  /** Called with each request before it is handled: lets a test change the cluster between two calls. */
  onRequest?: (request: FakeKubernetesRequest) => void;
  now: () => Date;
  /** Last resourceVersion handed out (the API server's is an opaque string; ours counts). */
  resourceVersion: number;
  /** Counter of generated UIDs. */
  uidCounter: number;
}

/** A request as the EKS integration hands it over. */
export interface KubernetesApiRequest {
  readonly method: string;
  readonly path: string;
  readonly query?: Readonly<Record<string, readonly string[]>>;
  /** Parsed JSON (or text); absent for no body. */
  readonly body?: unknown;
  readonly contentType?: string;
}

export interface KubernetesApiResponse {
  readonly statusCode: number;
  /** HTTP reason phrase, e.g. `Not Found`. */
  readonly statusText: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON body (an object or a `Status`). */
  readonly body: KubernetesJson;
}

export interface FakePodInit {
  name: string;
  /** @default "default" */
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** The controlling owner (`controller: true`), e.g. `{ kind: "ReplicaSet", name: "web-7d9c6b5f4" }`. */
  owner?: { kind: string; name: string; apiVersion?: string; uid?: string };
  containers?: { name: string; image?: string; id?: string }[];
  nodeName?: string;
  /** Marks the pod as being deleted. */
  deletionTimestamp?: string;
}

export interface FakeNamespaceInit {
  name: string;
  labels?: Record<string, string>;
}

export interface FakeKubernetesOptions {
  /** Namespaces besides `default`, `kube-system`, `kube-public`, `kube-node-lease` and those of the pods. */
  namespaces?: readonly (string | FakeNamespaceInit)[];
  pods?: readonly FakePodInit[];
  user?: string;
  access?: { namespaces?: readonly string[]; verbs?: readonly KubernetesVerb[]; denied?: readonly { verb: KubernetesVerb; resource: KubernetesResource }[] };
  /** Answer the first N requests with 429. */
  throttle?: number;
  now?: () => Date;
}

export const KUBERNETES_SYSTEM_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"] as const;
/** Label the API server sets on every namespace (Kubernetes >= 1.21). */
export const KUBERNETES_NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";
export const DEFAULT_KUBERNETES_USER = "arn:aws:sts::123456789012:assumed-role/eks-contain-pod-state-machine/simulation";
/** Verbs AmazonEKSEditPolicy grants on pods (and `get` on namespaces), the ones this fake knows. */
export const EDIT_POLICY_VERBS: readonly KubernetesVerb[] = ["get", "update", "patch", "delete"];
/** 429 message of API priority and fairness. UNCONFIRMED wording. */
export const KUBERNETES_TOO_MANY_REQUESTS_MESSAGE = "Too many requests, please try again later.";
/** Seconds the 429 asks the client to wait (`Retry-After` and `details.retryAfterSeconds`). */
export const KUBERNETES_RETRY_AFTER_SECONDS = 1;
export const KUBERNETES_POD_GRACE_PERIOD_SECONDS = 30;

const REASON_PHRASES: Readonly<Record<number, string>> = {
  200: "OK",
  201: "Created",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  415: "Unsupported Media Type",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  500: "Internal Server Error",
};

/** The HTTP reason phrase of a status code. */
export function httpReasonPhrase(statusCode: number): string {
  return REASON_PHRASES[statusCode] ?? "Unknown";
}

/** Builds a cluster's API state. Every namespace of a pod exists. */
export function createFakeKubernetes(options: FakeKubernetesOptions = {}): FakeKubernetesState {
  const state: FakeKubernetesState = {
    pods: [],
    namespaces: [],
    user: options.user ?? DEFAULT_KUBERNETES_USER,
    access: {
      namespaces: options.access?.namespaces === undefined ? undefined : [...options.access.namespaces],
      verbs: [...(options.access?.verbs ?? EDIT_POLICY_VERBS)],
      denied: [...(options.access?.denied ?? [])],
    },
    throttle: { remaining: options.throttle ?? 0 },
    requests: [],
    now: options.now ?? (() => new Date("2026-11-22T00:00:00Z")),
    resourceVersion: 1000,
    uidCounter: 0,
  };
  const ensureNamespace = (init: string | FakeNamespaceInit): void => {
    const name = typeof init === "string" ? init : init.name;
    let namespace = state.namespaces.find((candidate) => candidate.metadata.name === name);
    if (namespace === undefined) {
      namespace = {
        apiVersion: "v1",
        kind: "Namespace",
        metadata: {
          name,
          uid: nextUid(state),
          resourceVersion: nextResourceVersion(state),
          creationTimestamp: timestamp(state),
          labels: { [KUBERNETES_NAMESPACE_NAME_LABEL]: name },
        },
        spec: { finalizers: ["kubernetes"] },
        status: { phase: "Active" },
      };
      state.namespaces.push(namespace);
    }
    if (typeof init !== "string" && init.labels !== undefined) {
      namespace.metadata.labels = { ...init.labels, [KUBERNETES_NAMESPACE_NAME_LABEL]: name };
    }
  };
  for (const name of KUBERNETES_SYSTEM_NAMESPACES) ensureNamespace(name);
  for (const init of options.namespaces ?? []) ensureNamespace(init);
  for (const init of options.pods ?? []) {
    ensureNamespace(init.namespace ?? "default");
    state.pods.push(newPod(state, init));
  }
  return state;
}

function newPod(state: FakeKubernetesState, init: FakePodInit): KubernetesObject {
  const containers = init.containers ?? [{ name: "app" }];
  const metadata: KubernetesObjectMeta = {
    name: init.name,
    namespace: init.namespace ?? "default",
    uid: init.uid ?? nextUid(state),
    resourceVersion: nextResourceVersion(state),
    creationTimestamp: timestamp(state),
  };
  if (init.labels !== undefined) metadata.labels = { ...init.labels };
  if (init.annotations !== undefined) metadata.annotations = { ...init.annotations };
  if (init.owner !== undefined) {
    metadata.ownerReferences = [
      {
        apiVersion: init.owner.apiVersion ?? "apps/v1",
        kind: init.owner.kind,
        name: init.owner.name,
        uid: init.owner.uid ?? nextUid(state),
        controller: true,
        blockOwnerDeletion: true,
      },
    ];
  }
  if (init.deletionTimestamp !== undefined) {
    metadata.deletionTimestamp = init.deletionTimestamp;
    metadata.deletionGracePeriodSeconds = KUBERNETES_POD_GRACE_PERIOD_SECONDS;
  }
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata,
    spec: {
      containers: containers.map((container) => ({ name: container.name, image: container.image ?? `${container.name}:latest` })),
      nodeName: init.nodeName ?? "ip-10-0-1-23.ap-northeast-1.compute.internal",
      restartPolicy: "Always",
      terminationGracePeriodSeconds: KUBERNETES_POD_GRACE_PERIOD_SECONDS,
    },
    status: {
      phase: "Running",
      containerStatuses: containers.map((container, index) => ({
        name: container.name,
        image: container.image ?? `${container.name}:latest`,
        containerID: `containerd://${container.id ?? `${index}`.padStart(64, "c")}`,
        ready: true,
      })),
    },
  };
}

/** The pod `namespace/name`, or undefined. */
export function findPod(state: FakeKubernetesState, namespace: string, name: string): KubernetesObject | undefined {
  return state.pods.find((pod) => pod.metadata.namespace === namespace && pod.metadata.name === name);
}

/** Whether a label selector selects an object with these labels (Kubernetes semantics; `{}` selects all). */
export function labelSelectorMatches(selector: KubernetesLabelSelector, labels: Readonly<Record<string, string>> | undefined): boolean {
  const have = labels ?? {};
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (have[key] !== value) return false;
  }
  for (const expression of selector.matchExpressions ?? []) {
    const present = Object.hasOwn(have, expression.key);
    const values = expression.values ?? [];
    switch (expression.operator) {
      case "In":
        if (!present || !values.includes(have[expression.key])) return false;
        break;
      case "NotIn":
        if (present && values.includes(have[expression.key])) return false;
        break;
      case "Exists":
        if (!present) return false;
        break;
      case "DoesNotExist":
        if (present) return false;
        break;
    }
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------------
// The API server

class KubernetesStatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: { [key: string]: KubernetesJson },
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

const POD_PATH = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)$/u;
const NAMESPACE_PATH = /^\/api\/v1\/namespaces\/([^/]+)$/u;
const MERGE_PATCH_TYPES = ["application/merge-patch+json", "application/strategic-merge-patch+json"];
const OTHER_PATCH_TYPES = ["application/json-patch+json", "application/apply-patch+yaml"];

/**
 * Answers one request as the API server would, for a caller already authenticated (the EKS integration
 * checks the token's cluster before calling this).
 */
export function handleKubernetesRequest(state: FakeKubernetesState, request: KubernetesApiRequest): KubernetesApiResponse {
  const record: FakeKubernetesRequest = {
    method: request.method,
    path: request.path,
    query: Object.fromEntries(Object.entries(request.query ?? {}).map(([key, values]) => [key, [...values]])),
    contentType: request.contentType,
    body: request.body === undefined ? undefined : cloneJson(request.body),
  };
  state.requests.push(record);
  state.onRequest?.(record);
  let response: KubernetesApiResponse;
  try {
    if (state.throttle.remaining > 0) {
      state.throttle.remaining -= 1;
      throw new KubernetesStatusError(
        429,
        "TooManyRequests",
        KUBERNETES_TOO_MANY_REQUESTS_MESSAGE,
        { retryAfterSeconds: KUBERNETES_RETRY_AFTER_SECONDS },
        { "retry-after": String(KUBERNETES_RETRY_AFTER_SECONDS) },
      );
    }
    response = route(state, request);
  } catch (error) {
    if (!(error instanceof KubernetesStatusError)) throw error;
    response = statusResponse(error);
  }
  record.statusCode = response.statusCode;
  return response;
}

/**
 * The 401 the API server answers to a token it does not accept (e.g. one made for another cluster), as the
 * Step Functions developer guide quotes it.
 */
export function unauthorizedResponse(): KubernetesApiResponse {
  return statusResponse(new KubernetesStatusError(401, "Unauthorized", "Unauthorized"));
}

function route(state: FakeKubernetesState, request: KubernetesApiRequest): KubernetesApiResponse {
  const method = request.method.toUpperCase();
  const pod = POD_PATH.exec(request.path);
  if (pod !== null) {
    const [namespace, name] = [decodeURIComponent(pod[1]), decodeURIComponent(pod[2])];
    const verbs: Readonly<Record<string, KubernetesVerb>> = { GET: "get", PUT: "update", PATCH: "patch", DELETE: "delete" };
    const verb: KubernetesVerb | undefined = verbs[method];
    if (verb === undefined) throw methodNotAllowed();
    authorize(state, verb, "pods", namespace, name);
    switch (verb) {
      case "get":
        return ok(existingPod(state, namespace, name));
      case "update":
        return ok(updatePod(state, namespace, name, request.body));
      case "patch":
        return ok(patchPod(state, namespace, name, request));
      case "delete":
        return ok(deletePod(state, namespace, name, request));
    }
  }
  const namespaceMatch = NAMESPACE_PATH.exec(request.path);
  if (namespaceMatch !== null) {
    const name = decodeURIComponent(namespaceMatch[1]);
    if (method !== "GET") throw new Error(`fake Kubernetes: ${method} ${request.path} is not simulated`);
    authorize(state, "get", "namespaces", name, name);
    const namespace = state.namespaces.find((candidate) => candidate.metadata.name === name);
    if (namespace === undefined) throw notFound("namespaces", name);
    return ok(namespace);
  }
  throw new KubernetesStatusError(404, "NotFound", "the server could not find the requested resource", {});
}

function authorize(state: FakeKubernetesState, verb: KubernetesVerb, resource: KubernetesResource, namespace: string, name: string): void {
  const inScope = state.access.namespaces === undefined || state.access.namespaces.includes(namespace);
  const allowed = inScope && state.access.verbs.includes(verb) && !state.access.denied.some((entry) => entry.verb === verb && entry.resource === resource);
  if (allowed) return;
  throw new KubernetesStatusError(
    403,
    "Forbidden",
    `${resource} "${name}" is forbidden: User "${state.user}" cannot ${verb} resource "${resource}" in API group "" in the namespace "${namespace}"`,
    { name, kind: resource },
  );
}

function existingPod(state: FakeKubernetesState, namespace: string, name: string): KubernetesObject {
  const pod = findPod(state, namespace, name);
  if (pod === undefined) throw notFound("pods", name);
  return pod;
}

function updatePod(state: FakeKubernetesState, namespace: string, name: string, body: unknown): KubernetesObject {
  const pod = existingPod(state, namespace, name);
  if (!isObject(body) || body.kind !== "Pod" || !isObject(body.metadata)) {
    throw new KubernetesStatusError(400, "BadRequest", "the body of the request is not a Pod object");
  }
  const metadata = body.metadata;
  if (metadata.name !== name) {
    throw new KubernetesStatusError(400, "BadRequest", `the name of the object (${String(metadata.name)}) does not match the name on the URL (${name})`);
  }
  if (metadata.namespace !== undefined && metadata.namespace !== namespace) {
    throw new KubernetesStatusError(400, "BadRequest", "the namespace of the provided object does not match the namespace sent on the request");
  }
  checkUidPrecondition(pod, metadata.uid);
  // Pods allow an unconditional update (no resourceVersion); a stale one is a conflict.
  if (metadata.resourceVersion !== undefined && metadata.resourceVersion !== pod.metadata.resourceVersion) {
    throw conflict(name);
  }
  if (JSON.stringify(body.spec) !== JSON.stringify(pod.spec)) {
    throw new KubernetesStatusError(
      422,
      "Invalid",
      `Pod "${name}" is invalid: spec: Forbidden: pod updates may not change fields other than the mutable ones`,
      {
        name,
        kind: "Pod",
      },
    );
  }
  setMap(pod.metadata, "labels", metadata.labels);
  setMap(pod.metadata, "annotations", metadata.annotations);
  if (metadata.ownerReferences === undefined || metadata.ownerReferences === null) delete pod.metadata.ownerReferences;
  else pod.metadata.ownerReferences = cloneJson(metadata.ownerReferences) as unknown as KubernetesOwnerReference[];
  pod.metadata.resourceVersion = nextResourceVersion(state);
  return pod;
}

function patchPod(state: FakeKubernetesState, namespace: string, name: string, request: KubernetesApiRequest): KubernetesObject {
  const contentType = (request.contentType ?? "").split(";")[0].trim().toLowerCase();
  if (OTHER_PATCH_TYPES.includes(contentType)) {
    throw new Error(`fake Kubernetes: PATCH with ${contentType} is not simulated`);
  }
  if (!MERGE_PATCH_TYPES.includes(contentType)) {
    throw new KubernetesStatusError(
      415,
      "UnsupportedMediaType",
      `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`,
    );
  }
  const pod = existingPod(state, namespace, name);
  const patch = request.body;
  if (!isObject(patch)) throw new KubernetesStatusError(400, "BadRequest", "the patch is not a JSON object");
  const { metadata, ...rest } = patch;
  if (Object.keys(rest).length > 0 || (metadata !== undefined && !isObject(metadata))) {
    throw new Error("fake Kubernetes: only metadata.labels and metadata.annotations patches are simulated");
  }
  const metadataPatch = (metadata ?? {}) as { [key: string]: unknown };
  const unsupported = Object.keys(metadataPatch).filter((key) => !["labels", "annotations", "resourceVersion", "uid"].includes(key));
  if (unsupported.length > 0) throw new Error(`fake Kubernetes: patching metadata.${unsupported[0]} is not simulated`);
  checkUidPrecondition(pod, metadataPatch.uid);
  if (metadataPatch.resourceVersion !== undefined && metadataPatch.resourceVersion !== pod.metadata.resourceVersion) throw conflict(name);
  for (const field of ["labels", "annotations"] as const) {
    const change = metadataPatch[field];
    if (change === undefined) continue;
    if (change === null) {
      delete pod.metadata[field];
      continue;
    }
    if (!isObject(change)) throw new KubernetesStatusError(400, "BadRequest", `metadata.${field} must be an object`);
    const merged: Record<string, string> = { ...(pod.metadata[field] ?? {}) };
    for (const [key, value] of Object.entries(change)) {
      if (value === null) delete merged[key];
      else merged[key] = String(value);
    }
    pod.metadata[field] = merged;
  }
  pod.metadata.resourceVersion = nextResourceVersion(state);
  return pod;
}

function deletePod(state: FakeKubernetesState, namespace: string, name: string, request: KubernetesApiRequest): KubernetesObject {
  const pod = existingPod(state, namespace, name);
  const options = isObject(request.body) ? request.body : {};
  const preconditions = isObject(options.preconditions) ? options.preconditions : {};
  checkUidPrecondition(pod, preconditions.uid);
  if (preconditions.resourceVersion !== undefined && preconditions.resourceVersion !== pod.metadata.resourceVersion) {
    throw new KubernetesStatusError(
      409,
      "Conflict",
      `Precondition failed: ResourceVersion in precondition: ${String(preconditions.resourceVersion)}, ResourceVersion in object meta: ${pod.metadata.resourceVersion}`,
      { name, kind: "pods" },
    );
  }
  const fromQuery = request.query?.gracePeriodSeconds?.[0];
  const requested = fromQuery !== undefined ? Number(fromQuery) : typeof options.gracePeriodSeconds === "number" ? options.gracePeriodSeconds : undefined;
  const grace = requested ?? Number(pod.spec?.terminationGracePeriodSeconds ?? KUBERNETES_POD_GRACE_PERIOD_SECONDS);
  if (!Number.isInteger(grace) || grace < 0) throw new KubernetesStatusError(400, "BadRequest", `invalid gracePeriodSeconds ${String(fromQuery)}`);
  const now = state.now();
  pod.metadata.deletionTimestamp ??= new Date(now.getTime() + grace * 1000).toISOString().replace(/\.\d{3}Z$/u, "Z");
  pod.metadata.deletionGracePeriodSeconds = grace;
  pod.metadata.resourceVersion = nextResourceVersion(state);
  if (grace === 0) {
    state.pods = state.pods.filter((candidate) => candidate !== pod);
  }
  return pod;
}

function checkUidPrecondition(pod: KubernetesObject, uid: unknown): void {
  if (uid !== undefined && uid !== null && uid !== pod.metadata.uid) {
    throw new KubernetesStatusError(409, "Conflict", `Precondition failed: UID in precondition: ${String(uid)}, UID in object meta: ${pod.metadata.uid}`, {
      name: pod.metadata.name,
      kind: "pods",
    });
  }
}

function setMap(metadata: KubernetesObjectMeta, field: "labels" | "annotations", value: unknown): void {
  if (value === undefined || value === null) {
    delete metadata[field];
    return;
  }
  if (!isObject(value) || Object.values(value).some((item) => typeof item !== "string")) {
    throw new KubernetesStatusError(400, "BadRequest", `metadata.${field} must map strings to strings`);
  }
  metadata[field] = { ...(value as Record<string, string>) };
}

function conflict(name: string): KubernetesStatusError {
  return new KubernetesStatusError(
    409,
    "Conflict",
    `Operation cannot be fulfilled on pods "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    { name, kind: "pods" },
  );
}

function notFound(kind: KubernetesResource, name: string): KubernetesStatusError {
  return new KubernetesStatusError(404, "NotFound", `${kind} "${name}" not found`, { name, kind });
}

function methodNotAllowed(): KubernetesStatusError {
  return new KubernetesStatusError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", {});
}

function ok(object: KubernetesObject): KubernetesApiResponse {
  return {
    statusCode: 200,
    statusText: httpReasonPhrase(200),
    headers: { "content-type": "application/json" },
    body: cloneJson(object) as unknown as KubernetesJson,
  };
}

function statusResponse(error: KubernetesStatusError): KubernetesApiResponse {
  const body: { [key: string]: KubernetesJson } = {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message: error.message,
    reason: error.reason,
  };
  if (error.details !== undefined) body.details = error.details;
  body.code = error.code;
  return { statusCode: error.code, statusText: httpReasonPhrase(error.code), headers: { "content-type": "application/json", ...error.headers }, body };
}

/**
 * A JSON copy. Not `structuredClone`: under a test runner with a realm per test file (jest was one) it builds
 * objects of another realm, whose prototype aws-local-stepfunctions does not recognise as `Object.prototype`.
 */
function cloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function isObject(value: unknown): value is { [key: string]: unknown } {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function nextResourceVersion(state: FakeKubernetesState): string {
  state.resourceVersion += 1;
  return String(state.resourceVersion);
}

function nextUid(state: FakeKubernetesState): string {
  state.uidCounter += 1;
  return `9a1b2c3d-0000-4000-8000-${state.uidCounter.toString(16).padStart(12, "0")}`;
}

function timestamp(state: FakeKubernetesState): string {
  return state
    .now()
    .toISOString()
    .replace(/\.\d{3}Z$/u, "Z");
}

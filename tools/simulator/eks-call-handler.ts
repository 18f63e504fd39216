/**
 * Runs a Task state of the optimized Amazon EKS integration `arn:aws:states:::eks:call` the way Step Functions
 * does, against the fake EKS clusters (`fake-eks.ts`) and their fake Kubernetes APIs (`fake-kubernetes.ts`).
 *
 * What Step Functions documents (developer guide, "Create and manage Amazon EKS clusters with Step
 * Functions", section `Call`), and what this module reproduces:
 * - Parameters: `ClusterName`, `CertificateAuthority` (base64 CA data), `Endpoint` (the API server URL),
 *   `Method` (one of GET, POST, PUT, DELETE, HEAD, PATCH) and `Path` are required; `QueryParameters` (map of
 *   string to list of strings) and `RequestBody` (JSON or string) are optional. Any other field is refused
 *   (locally at runtime, as `States.Runtime`, which no Retry or Catch handles; AWS refuses a static one at
 *   CreateStateMachine).
 * - Only the request-response pattern (no `.sync`, no `.waitForTaskToken`).
 * - Permissions: Step Functions authenticates to the API server as the state machine's role (an IAM
 *   authenticator token for `ClusterName`); Kubernetes authorizes it (EKS access entry / RBAC). No IAM
 *   action is needed for the call itself.
 * - A non-2xx answer fails the task with the error `EKS.<status code>` (the guide shows `EKS.401`; `EKS.404`
 *   and `EKS.409` are caught the same way in public state machines) and a Cause that is the JSON text of
 *   `{"ResponseBody": <the Status object>, "StatusCode": <code>, "StatusText": "<reason phrase>"}`.
 *
 * What is NOT documented and is our assumption (UNCONFIRMED):
 * - The success output: `{"ResponseBody": <parsed JSON>, "StatusCode": 200, "StatusText": "OK",
 *   "Headers": {<name>: [<values>]}}`. Workflows should read only `ResponseBody` (and `StatusCode`).
 * - The URL: `Endpoint` + `Path` as given, so a `?` in `Path` starts a query string (merged with
 *   `QueryParameters`).
 * - The request Content-Type: `application/json` for a JSON body, and for PATCH
 *   `application/merge-patch+json` (configurable, {@link EksCallHandlerOptions.patchContentType}); the
 *   integration has no header parameter. Kubernetes decides a patch's semantics from this header alone.
 * - A token made for another cluster (`ClusterName` not the endpoint's cluster) is answered 401 by the API
 *   server, hence `EKS.401`.
 * - An endpoint or CA that is not the cluster's (TLS/DNS failure in AWS, error name unknown) is a
 *   `Simulation.*` error that fails the execution past every Catch, rather than a guessed AWS error.
 */
import { StepFunctionsError, statesRuntimeError, type JsonValue } from "./aws-sdk-task-handler";
import type { FakeEksCluster, FakeEksState } from "./fake-eks";
import { handleKubernetesRequest, unauthorizedResponse, type KubernetesApiResponse } from "./fake-kubernetes";

/** `arn:<partition>:states:::eks:call` (request-response only). */
export const EKS_CALL_RESOURCE_PATTERN = /^arn:aws[a-z-]*:states:::eks:call$/u;

/** Whether a Task state's Resource is the EKS `call` integration. */
export function isEksCallResource(resource: string): boolean {
  return EKS_CALL_RESOURCE_PATTERN.test(resource);
}

export const EKS_CALL_METHODS = ["GET", "POST", "PUT", "DELETE", "HEAD", "PATCH"] as const;
export const EKS_CALL_PARAMETERS = ["ClusterName", "CertificateAuthority", "Endpoint", "Method", "Path", "QueryParameters", "RequestBody"] as const;
const REQUIRED_PARAMETERS = ["ClusterName", "CertificateAuthority", "Endpoint", "Method", "Path"] as const;

/** A Task state's `eks:call`, as the simulation schedules it. */
export interface EksCallRequest {
  readonly stateName: string;
  /** The state's effective parameters. */
  readonly parameters: JsonValue;
}

export type EksCallInvoker = (request: EksCallRequest) => Promise<JsonValue>;

export interface EksCallHandlerOptions {
  /** Content-Type of a PATCH body (UNCONFIRMED what Step Functions sends). @default "application/merge-patch+json" */
  readonly patchContentType?: string;
}

/** The `eks:call` output on success (see the module comment: UNCONFIRMED beyond `ResponseBody`/`StatusCode`). */
export interface EksCallOutput {
  readonly ResponseBody: JsonValue;
  readonly StatusCode: number;
  readonly StatusText: string;
  readonly Headers: Record<string, string[]>;
}

/** The Step Functions error name of a non-2xx answer: `EKS.<status code>`. */
export function eksCallErrorName(statusCode: number): string {
  return `EKS.${statusCode}`;
}

/** Returns the invoker of `eks:call` Task states against `eks` (pass it to `runStateMachine` as `eksCall`). */
export function createEksCallHandler(eks: FakeEksState, options: EksCallHandlerOptions = {}): EksCallInvoker {
  const patchContentType = options.patchContentType ?? "application/merge-patch+json";
  return async (request) => {
    const parameters = validateParameters(request);
    const cluster = clusterAt(eks, parameters, request.stateName);
    const response =
      parameters.ClusterName !== cluster.name
        ? unauthorizedResponse()
        : handleKubernetesRequest(cluster.kubernetes, {
            method: parameters.Method,
            ...pathAndQuery(parameters.Path, parameters.QueryParameters ?? {}),
            body: parameters.RequestBody,
            contentType: parameters.RequestBody === undefined ? undefined : contentTypeOf(parameters.Method, parameters.RequestBody, patchContentType),
          });
    if (response.statusCode >= 200 && response.statusCode < 300) {
      // A JSON copy made in this realm (see fake-kubernetes.ts' cloneJson).
      return JSON.parse(JSON.stringify(toOutput(response))) as JsonValue;
    }
    throw new StepFunctionsError(
      eksCallErrorName(response.statusCode),
      JSON.stringify({ ResponseBody: response.body, StatusCode: response.statusCode, StatusText: response.statusText }),
    );
  };
}

interface EksCallParameters {
  ClusterName: string;
  CertificateAuthority: string;
  Endpoint: string;
  Method: (typeof EKS_CALL_METHODS)[number];
  Path: string;
  QueryParameters?: Record<string, string[]>;
  RequestBody?: unknown;
}

function validateParameters(request: EksCallRequest): EksCallParameters {
  const fail = (problem: string): StepFunctionsError =>
    statesRuntimeError(
      `An error occurred while executing the state '${request.stateName}'. ` +
        `The Parameters '${JSON.stringify(request.parameters)}' could not be used to start the Task: [${problem}]`,
    );
  const parameters = request.parameters;
  if (parameters === null || typeof parameters !== "object" || Array.isArray(parameters)) {
    throw fail('The value for the field "Parameters" must be an object');
  }
  for (const field of Object.keys(parameters)) {
    if (!(EKS_CALL_PARAMETERS as readonly string[]).includes(field)) throw fail(`The field "${field}" is not supported by Step Functions`);
  }
  for (const field of REQUIRED_PARAMETERS) {
    if (typeof parameters[field] !== "string" || parameters[field] === "") throw fail(`The field "${field}" is required and must be a non-empty string`);
  }
  if (!(EKS_CALL_METHODS as readonly string[]).includes(parameters.Method as string)) {
    throw fail(`The value for the field "Method" must be one of ${EKS_CALL_METHODS.join(", ")}`);
  }
  if (!(parameters.Path as string).startsWith("/")) throw fail('The value for the field "Path" must start with /');
  const query = parameters.QueryParameters;
  if (query !== undefined) {
    const isMapOfLists =
      query !== null &&
      typeof query === "object" &&
      !Array.isArray(query) &&
      Object.values(query).every((values) => Array.isArray(values) && values.every((value) => typeof value === "string"));
    if (!isMapOfLists) throw fail('The value for the field "QueryParameters" must be a map of string to list of strings');
  }
  return parameters as unknown as EksCallParameters;
}

function clusterAt(eks: FakeEksState, parameters: EksCallParameters, stateName: string): FakeEksCluster {
  const cluster = eks.clusters.find((candidate) => candidate.endpoint === parameters.Endpoint);
  if (cluster === undefined) {
    throw new StepFunctionsError("Simulation.UnknownEndpoint", `state '${stateName}': no fake EKS cluster has the endpoint ${parameters.Endpoint}`, {
      retryable: false,
      catchable: false,
    });
  }
  if (cluster.certificateAuthorityData !== parameters.CertificateAuthority) {
    throw new StepFunctionsError("Simulation.CertificateMismatch", `state '${stateName}': CertificateAuthority is not the CA of ${cluster.name}`, {
      retryable: false,
      catchable: false,
    });
  }
  return cluster;
}

/** Splits a `?query` off `Path` and merges it into the query parameters. */
function pathAndQuery(path: string, query: Readonly<Record<string, string[]>>): { path: string; query: Record<string, string[]> } {
  const mark = path.indexOf("?");
  const merged: Record<string, string[]> = Object.fromEntries(Object.entries(query).map(([key, values]) => [key, [...values]]));
  if (mark < 0) return { path, query: merged };
  for (const [key, value] of new URLSearchParams(path.slice(mark + 1))) {
    merged[key] = [...(merged[key] ?? []), value];
  }
  return { path: path.slice(0, mark), query: merged };
}

function contentTypeOf(method: string, body: unknown, patchContentType: string): string {
  if (method === "PATCH") return patchContentType;
  return typeof body === "string" ? "text/plain" : "application/json";
}

function toOutput(response: KubernetesApiResponse): EksCallOutput {
  return {
    ResponseBody: response.body as JsonValue,
    StatusCode: response.statusCode,
    StatusText: response.statusText,
    Headers: Object.fromEntries(Object.entries(response.headers).map(([name, value]) => [name, [value]])),
  };
}

/**
 * In-process fakes of the services preflight calls, behind the real SDK v3 clients (static fake credentials,
 * fake endpoints, `requestHandler` answering from memory: tools/simulator/fake-http.ts). Each fake is driven by
 * the SDK's own wire protocol: STS and IAM awsQuery and EC2 ec2Query through tools/simulator's query helpers
 * (`serveQueryRequest`, read and written with the `<Operation>$` schemas of the clients), Step Functions
 * awsJson1_0 (`X-Amz-Target: AWSStepFunctions.<Operation>`), EKS restJson1 (`GET /clusters/{name}`,
 * `/clusters/{name}/access-entries[/{principalArn}/access-policies]`). Every request is logged.
 */
import * as ec2Sdk from "@aws-sdk/client-ec2";
import { EC2Client } from "@aws-sdk/client-ec2";
import { EKSClient } from "@aws-sdk/client-eks";
import * as iamSdk from "@aws-sdk/client-iam";
import { IAMClient } from "@aws-sdk/client-iam";
import { KMSClient } from "@aws-sdk/client-kms";
import { SFNClient } from "@aws-sdk/client-sfn";
import * as stsSdk from "@aws-sdk/client-sts";
import { STSClient } from "@aws-sdk/client-sts";
import { runStateLocally } from "../../../tools/preflight/decision-states";
import type { PreflightClients } from "../../../tools/preflight";
import { FakeHttpHandler, SequentialIds, type FakeHttpRequest, type FakeHttpResponse } from "../../../tools/simulator/fake-http";
import { escapeXml, writeQueryXml } from "../../../tools/simulator/query-protocol";
import { QueryServiceError, serveQueryRequest, type QueryServiceRequestLog } from "../../../tools/simulator/query-service";

export const FAKE_CREDENTIALS = { accessKeyId: "AKIDPREFLIGHTFAKE", secretAccessKey: "preflight-fake-secret" };

/** One simulated IAM decision: given the role, action, resource and context, allowed or not (with why). */
export type IamDecider = (request: {
  readonly roleArn: string;
  readonly action: string;
  readonly resource: string;
  readonly context: Readonly<Record<string, readonly string[]>>;
}) => { decision: "allowed" | "implicitDeny" | "explicitDeny"; allowedByOrganizations?: boolean };

export interface FakeEksClusterSpec {
  readonly status?: string;
  readonly endpointPublicAccess?: boolean;
  readonly endpointPrivateAccess?: boolean;
  readonly publicAccessCidrs?: readonly string[];
  readonly authenticationMode?: string;
  /** principal ARN -> associated policies. */
  readonly accessEntries?: Readonly<Record<string, readonly { policyArn: string; type: "namespace" | "cluster"; namespaces?: string[] }[]>>;
}

export interface FakePreflightAwsOptions {
  readonly account?: string;
  /** The credential chain finds nothing (as the SDK's default chain without any credentials). */
  readonly noCredentials?: boolean;
  /** STS answers with this error code instead (e.g. `ExpiredToken`). */
  readonly stsError?: string;
  readonly iam?: IamDecider;
  /** Results per SimulatePrincipalPolicy page (to exercise Marker). @default 1 */
  readonly iamPageSize?: number;
  /** Error code IAM answers every call with (e.g. `AccessDenied`). */
  readonly iamError?: string;
  /** How TestState answers: the local runner's outcome (default, agreeing), or a changed one. */
  readonly testState?: (state: { definition: Record<string, unknown>; stateName: string; input: unknown }) => Promise<Record<string, unknown>>;
  readonly testStateError?: string;
  /** TestState refuses a request without roleArn (as older API versions did). */
  readonly testStateRequiresRole?: boolean;
  /** Error code of EC2 DryRun by operation; default DryRunOperation. */
  readonly ec2DryRun?: (operation: string) => string;
  readonly eksClusters?: Readonly<Record<string, FakeEksClusterSpec>>;
  /** Key ARN by alias name; an alias not listed is NotFoundException. @default every alias names key 1234abcd-... */
  readonly kmsAliases?: Readonly<Record<string, string>>;
}

export interface FakePreflightAws {
  readonly clients: (region: string) => PreflightClients;
  readonly requests: { service: string; action: string; input: Record<string, unknown> }[];
}

export function createFakePreflightAws(options: FakePreflightAwsOptions = {}): FakePreflightAws {
  const requests: FakePreflightAws["requests"] = [];
  const ids = new SequentialIds("0000feed");
  const account = options.account ?? "111122223333";
  const common = (region: string, host: string, responder: (request: FakeHttpRequest) => FakeHttpResponse | Promise<FakeHttpResponse>) => ({
    region,
    endpoint: `https://${host}.preflight.test`,
    credentials: options.noCredentials === true ? missingCredentials : FAKE_CREDENTIALS,
    maxAttempts: 1,
    requestHandler: new AsyncFakeHttpHandler(responder),
  });

  const queryLog = (service: string): QueryServiceRequestLog[] => {
    const log: QueryServiceRequestLog[] = [];
    return new Proxy(log, {
      get(target, key, receiver) {
        if (key === "push")
          // serveQueryRequest logs the call first and fills its input in once read: read it when asked.
          return (entry: QueryServiceRequestLog) => (
            requests.push({
              service,
              get action() {
                return entry.action;
              },
              get input() {
                return entry.input;
              },
            }),
            target.push(entry)
          );
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
  };
  const awsQueryError = (error: QueryServiceError, requestId: string): string =>
    `<ErrorResponse><Error><Type>${error.type}</Type><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
  const awsQueryBody = (action: string, xml: string, requestId: string, namespace: string): string =>
    `<${action}Response xmlns="${namespace}"><${action}Result>${xml}</${action}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;

  const stsLog = queryLog("sts");
  const sts = (request: FakeHttpRequest): FakeHttpResponse =>
    serveQueryRequest(
      {
        sdk: stsSdk as unknown as Record<string, unknown>,
        dialect: "awsQuery",
        contentType: "text/xml",
        log: stsLog,
        isKnown: (action) => action === "GetCallerIdentity",
        handle: (action, _input, outputSchema, requestId) => {
          if (options.stsError !== undefined)
            throw new QueryServiceError(options.stsError, `The security token included in the request is invalid (${options.stsError}).`, 403);
          const output = { Account: account, Arn: `arn:aws:iam::${account}:user/preflight`, UserId: "AIDAPREFLIGHT" };
          return awsQueryBody(action, writeQueryXml(outputSchema, output), requestId, "https://sts.amazonaws.com/doc/2011-06-15/");
        },
        errorXml: awsQueryError,
      },
      request,
      ids.take(),
    );

  const iamLog = queryLog("iam");
  const iam = (request: FakeHttpRequest): FakeHttpResponse =>
    serveQueryRequest(
      {
        sdk: iamSdk as unknown as Record<string, unknown>,
        dialect: "awsQuery",
        contentType: "text/xml",
        log: iamLog,
        isKnown: (action) => action === "SimulatePrincipalPolicy",
        handle: (action, input, outputSchema, requestId) => {
          if (options.iamError !== undefined) throw new QueryServiceError(options.iamError, `User is not authorized to perform: iam:${action}`, 403);
          const roleArn = String(input.PolicySourceArn);
          const context: Record<string, string[]> = {};
          for (const entry of (input.ContextEntries as { ContextKeyName: string; ContextKeyValues: string[] }[] | undefined) ?? []) {
            context[entry.ContextKeyName] = entry.ContextKeyValues;
          }
          const resources = (input.ResourceArns as string[] | undefined) ?? ["*"];
          const decide: IamDecider = options.iam ?? (() => ({ decision: "allowed" }));
          const all = (input.ActionNames as string[]).flatMap((actionName) =>
            resources.map((resource) => {
              const verdict = decide({ roleArn, action: actionName, resource, context });
              return {
                EvalActionName: actionName,
                EvalResourceName: resource,
                EvalDecision: verdict.decision,
                OrganizationsDecisionDetail:
                  verdict.allowedByOrganizations === undefined ? undefined : { AllowedByOrganizations: verdict.allowedByOrganizations },
              };
            }),
          );
          const start = input.Marker === undefined ? 0 : Number(input.Marker);
          const size = options.iamPageSize ?? 1;
          const page = all.slice(start, start + size);
          const truncated = start + size < all.length;
          const output = { EvaluationResults: page, IsTruncated: truncated, Marker: truncated ? String(start + size) : undefined };
          return awsQueryBody(action, writeQueryXml(outputSchema, output), requestId, "https://iam.amazonaws.com/doc/2010-05-08/");
        },
        errorXml: awsQueryError,
      },
      request,
      ids.take(),
    );

  const ec2Log = queryLog("ec2");
  const ec2 = (request: FakeHttpRequest): FakeHttpResponse =>
    serveQueryRequest(
      {
        sdk: ec2Sdk as unknown as Record<string, unknown>,
        dialect: "ec2Query",
        contentType: "text/xml;charset=UTF-8",
        log: ec2Log,
        isKnown: () => true,
        handle: (action, input) => {
          if (input.DryRun !== true)
            throw new QueryServiceError("PreflightFakeRefused", `the fake refuses ${action} without DryRun: preflight must never change anything`);
          const code = options.ec2DryRun?.(action) ?? "DryRunOperation";
          const messages: Record<string, string> = {
            DryRunOperation: "Request would have succeeded, but DryRun flag is set.",
            UnauthorizedOperation: `You are not authorized to perform this operation. User: arn:aws:iam::${account}:user/preflight is not authorized to perform: ec2:${action}`,
          };
          throw new QueryServiceError(
            code,
            messages[code] ?? `The ${action} id does not exist`,
            code === "DryRunOperation" ? 412 : code === "UnauthorizedOperation" ? 403 : 400,
          );
        },
        errorXml: (error, requestId) =>
          `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`,
      },
      request,
      ids.take(),
    );

  const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}): FakeHttpResponse => ({
    statusCode,
    headers: { "content-type": "application/json", "x-amzn-requestid": ids.take(), ...headers },
    body: JSON.stringify(body),
  });

  const sfn = async (request: FakeHttpRequest): Promise<FakeHttpResponse> => {
    const action = (request.headers["x-amz-target"] ?? "").replace("AWSStepFunctions.", "");
    const input = JSON.parse(request.body || "{}") as Record<string, unknown>;
    requests.push({ service: "states", action, input });
    if (options.testStateError !== undefined) return json(400, { __type: options.testStateError, message: `not authorized to perform: states:${action}` });
    if (action !== "TestState") return json(400, { __type: "UnknownOperationException", message: action });
    if (options.testStateRequiresRole === true && input.roleArn === undefined) {
      return json(400, {
        __type: "ValidationException",
        message: "1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null",
      });
    }
    const definition = JSON.parse(String(input.definition)) as Record<string, unknown>;
    const stateInput = JSON.parse(String(input.input)) as unknown;
    const stateName = String(input.stateName);
    if (options.testState !== undefined) return json(200, await options.testState({ definition, stateName, input: stateInput }));
    const local = await runStateLocally(definition, stateName, stateInput as never);
    return json(200, {
      status: local.status,
      nextState: local.nextState,
      output: local.output === undefined ? undefined : JSON.stringify(local.output),
      error: local.error,
      cause: local.cause,
    });
  };

  const kms = (request: FakeHttpRequest): FakeHttpResponse => {
    const action = (request.headers["x-amz-target"] ?? "").replace("TrentService.", "");
    const input = JSON.parse(request.body || "{}") as { KeyId?: string };
    requests.push({ service: "kms", action, input });
    const alias = String(input.KeyId);
    const arn =
      options.kmsAliases === undefined
        ? `arn:aws:kms:${request.hostname.split(".")[1] ?? "eu-west-1"}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`
        : options.kmsAliases[alias];
    if (action !== "DescribeKey" || arn === undefined) return json(400, { __type: "NotFoundException", message: `Alias ${alias} is not found.` });
    return json(200, { KeyMetadata: { KeyId: arn.split("/").pop(), Arn: arn, AWSAccountId: account } });
  };

  const eks = (request: FakeHttpRequest): FakeHttpResponse => {
    const [path, query = ""] = request.path.split("?");
    const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
    const clusterName = parts[1];
    const spec = options.eksClusters?.[clusterName];
    const action = parts.length === 2 ? "DescribeCluster" : parts.length === 3 ? "ListAccessEntries" : "ListAssociatedAccessPolicies";
    requests.push({ service: "eks", action, input: { path, query } });
    if (spec === undefined) return json(404, { message: `No cluster found for name: ${clusterName}.` }, { "x-amzn-errortype": "ResourceNotFoundException" });
    if (action === "DescribeCluster") {
      return json(200, {
        cluster: {
          name: clusterName,
          arn: `arn:aws:eks:eu-west-1:${account}:cluster/${clusterName}`,
          status: spec.status ?? "ACTIVE",
          resourcesVpcConfig: {
            endpointPublicAccess: spec.endpointPublicAccess ?? true,
            endpointPrivateAccess: spec.endpointPrivateAccess ?? false,
            publicAccessCidrs: spec.publicAccessCidrs ?? ["0.0.0.0/0"],
          },
          accessConfig: { authenticationMode: spec.authenticationMode ?? "API_AND_CONFIG_MAP" },
        },
      });
    }
    const entries = Object.keys(spec.accessEntries ?? {});
    if (action === "ListAccessEntries") {
      // One entry per page, to exercise nextToken.
      const start = /nextToken=(\d+)/u.exec(query)?.[1];
      const index = start === undefined ? 0 : Number(start);
      return json(200, { accessEntries: entries.slice(index, index + 1), nextToken: index + 1 < entries.length ? String(index + 1) : undefined });
    }
    const principal = parts[3];
    const policies = spec.accessEntries?.[principal] ?? [];
    return json(200, {
      clusterName,
      principalArn: principal,
      associatedAccessPolicies: policies.map((p) => ({ policyArn: p.policyArn, accessScope: { type: p.type, namespaces: p.namespaces ?? [] } })),
    });
  };

  return {
    requests,
    clients: (region) => ({
      sts: new STSClient(common(region, "sts", sts)),
      iam: new IAMClient(common(region, "iam", iam)),
      ec2: new EC2Client(common(region, "ec2", ec2)),
      sfn: new SFNClient(common(region, "states", sfn)),
      eks: new EKSClient(common(region, "eks", eks)),
      kms: new KMSClient(common(region, "kms", kms)),
    }),
  };
}

/** What the SDK's default provider chain throws when it finds no credentials. */
async function missingCredentials(): Promise<never> {
  const error = new Error("Could not load credentials from any providers");
  error.name = "CredentialsProviderError";
  throw error;
}

/** FakeHttpHandler whose responder may answer asynchronously (TestState runs the local runner). */
class AsyncFakeHttpHandler extends FakeHttpHandler {
  constructor(private readonly asyncResponder: (request: FakeHttpRequest) => FakeHttpResponse | Promise<FakeHttpResponse>) {
    super(() => {
      throw new Error("unused");
    });
  }

  override async handle(request: Parameters<FakeHttpHandler["handle"]>[0]): ReturnType<FakeHttpHandler["handle"]> {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = String(value);
    const raw: unknown = request.body;
    const body = raw instanceof Uint8Array ? Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("utf8") : typeof raw === "string" ? raw : "";
    const answer = await this.asyncResponder({ method: request.method, hostname: request.hostname, path: pathWithQuery(request), headers, body });
    return new FakeHttpHandler(() => answer).handle(request);
  }
}

function pathWithQuery(request: Parameters<FakeHttpHandler["handle"]>[0]): string {
  const query = Object.entries(request.query ?? {})
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join("&");
  return query === "" ? request.path : `${request.path}?${query}`;
}

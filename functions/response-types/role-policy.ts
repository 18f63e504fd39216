/**
 * The state machine role's policy follows from the workflow: the statements of every grant something in the
 * definition needs (a Task integration it uses, or the state machine's own log delivery and tracing), in the
 * order the type lists its grants, each statement once. A Task integration without any grant is refused: the
 * execution would fail at run time with an access error, so synthesis fails first.
 */
import { policyDocument, type PolicyDocument, type PolicyStatement } from "../iam/policy-document";
import { buildPublishAndLogStatements, buildTracingStatements, type ResponseRolePolicyProps } from "../iam/response-role-statements";
import { PUBLISH_INTEGRATION } from "../asl/notify-state";
import type { GrantNeed, RoleGrant } from "./contract";
import { taskIntegrationsOf } from "./task-integrations";

/** A Task integration of the definition that no grant covers. */
export class MissingGrantError extends Error {
  override readonly name = "MissingGrantError";
  constructor(readonly integrations: readonly string[]) {
    super(
      `no IAM grant for the Task integration${integrations.length === 1 ? "" : "s"} ${integrations.join(", ")}: list what each needs (or why it needs nothing) in the type's grants`,
    );
  }
}

/** What the state machine is configured with besides its definition. */
export interface StateMachineFeatures {
  /** X-Ray tracing is on. @default false */
  readonly tracing?: boolean;
}

/** The role policy of a definition from its type's grants (see the module comment). */
export function rolePolicyOf(grants: readonly RoleGrant[], definition: Record<string, unknown>, features: StateMachineFeatures = {}): PolicyDocument {
  return rolePolicyOfIntegrations(grants, taskIntegrationsOf(definition), features);
}

/** The same, from the set of Task integrations the definition uses. */
export function rolePolicyOfIntegrations(grants: readonly RoleGrant[], integrations: ReadonlySet<string>, features: StateMachineFeatures = {}): PolicyDocument {
  const missing = [...integrations].filter(
    (integration) => !grants.some((grant) => grant.neededBy.some((need) => "integration" in need && need.integration === integration)),
  );
  if (missing.length > 0) throw new MissingGrantError(missing.sort());
  const needed = (need: GrantNeed): boolean =>
    "integration" in need ? integrations.has(need.integration) : need.stateMachine === "logging" || features.tracing === true;
  const statements: PolicyStatement[] = [];
  for (const grant of grants.filter((g) => g.neededBy.some(needed))) {
    for (const statement of grant.statements) {
      if (!statements.some((s) => s.Sid !== undefined && s.Sid === statement.Sid)) statements.push(statement);
    }
  }
  return policyDocument(...statements);
}

/** `{ integration }` for `aws-sdk:<service>:<action>` and the other optimized integrations (`eks:call`). */
export function integrationNeed(integration: string): GrantNeed {
  return { integration };
}

/**
 * The grants of every containment workflow besides its own calls: publish to the one topic (and, for a topic
 * encrypted with a key of ours, use that key through SNS only) for its notices, deliver its execution logs, and
 * trace. Same statements as `buildPublishAndLogStatements` and `buildTracingStatements`, attached to what needs them.
 */
export function notifyLogAndTraceGrants(props: ResponseRolePolicyProps): {
  readonly publish: RoleGrant;
  readonly logging: RoleGrant;
  readonly topicKey: RoleGrant;
  readonly tracing: RoleGrant;
} {
  const [publish, logDelivery, ...topicKey] = buildPublishAndLogStatements(props);
  const publishNeed = [integrationNeed(PUBLISH_INTEGRATION)];
  return {
    publish: { neededBy: publishNeed, statements: [publish] },
    logging: { neededBy: [{ stateMachine: "logging" }], statements: [logDelivery] },
    topicKey: {
      neededBy: publishNeed,
      statements: topicKey,
      reason: topicKey.length === 0 ? "the topic is not encrypted with a key of this stack (a given topic's key is its owner's to grant)" : undefined,
    },
    tracing: { neededBy: [{ stateMachine: "tracing" }], statements: buildTracingStatements(props) },
  };
}

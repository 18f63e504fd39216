import { buildAgentEndpointPolicy } from "../../../functions/guardduty/agent-endpoint-policy";
import { policyDocument } from "../../../functions/iam/policy-document";
import { isAllowed } from "../../support/iam-simulation";

const ACCOUNT = "123456789012";
const SECOND_ACCOUNT = "111122223333";
const OTHER_ACCOUNT = "210987654321";
const ORG = "o-a1b2c3d4e5";
const OTHER_ORG = "o-z9y8x7w6v5";

/**
 * The action the Runtime Monitoring agent calls on the guardduty-data endpoint. It has no resource-level
 * permissions (iam-data lists no resource type), so the request resource is `*`.
 */
const AGENT_ACTION = "guardduty:SendSecurityTelemetry";

/** What the agent's role must hold: the endpoint policy only ever restricts, it grants nothing. */
const AGENT_IDENTITY_POLICY = policyDocument({ Effect: "Allow", Action: AGENT_ACTION, Resource: "*" });

const agentRole = (account: string) => `arn:aws:iam::${account}:role/ecsTaskExecutionRole`;

/** The agent of `account` sends telemetry through an endpoint carrying `endpointPolicy`. */
const sendTelemetry = (endpointPolicy: ReturnType<typeof buildAgentEndpointPolicy>, account: string, context: Record<string, string>) =>
  isAllowed({
    identityPolicies: [AGENT_IDENTITY_POLICY],
    vpcEndpointPolicies: [endpointPolicy],
    principal: agentRole(account),
    action: AGENT_ACTION,
    resource: "*",
    context,
  });

describe("agent endpoint policy for accounts", () => {
  // GIVEN the endpoint policy for one account
  const endpointPolicy = buildAgentEndpointPolicy({ accountIds: [ACCOUNT] });

  test("lets a principal of the listed account send telemetry", async () => {
    const outcome = await sendTelemetry(endpointPolicy, ACCOUNT, { "aws:PrincipalAccount": ACCOUNT });
    expect(outcome.result).toBe("Allowed");
  });

  test("explicitly denies a principal of another account", async () => {
    const outcome = await sendTelemetry(endpointPolicy, OTHER_ACCOUNT, { "aws:PrincipalAccount": OTHER_ACCOUNT });
    expect(outcome).toEqual({ result: "ExplicitlyDenied", blockedBy: ["vpce"] });
  });

  test("grants nothing by itself: a listed account's principal without identity permission is denied", async () => {
    const outcome = await isAllowed({
      vpcEndpointPolicies: [endpointPolicy],
      principal: agentRole(ACCOUNT),
      action: AGENT_ACTION,
      resource: "*",
      context: { "aws:PrincipalAccount": ACCOUNT },
    });
    expect(outcome.result).toBe("ImplicitlyDenied");
  });

  test("lets a principal of any of several listed accounts send telemetry", async () => {
    // GIVEN two listed accounts
    const twoAccounts = buildAgentEndpointPolicy({ accountIds: [ACCOUNT, SECOND_ACCOUNT] });
    const outcome = await sendTelemetry(twoAccounts, SECOND_ACCOUNT, { "aws:PrincipalAccount": SECOND_ACCOUNT });
    expect(outcome.result).toBe("Allowed");
  });
});

describe("agent endpoint policy for an organization", () => {
  // GIVEN the endpoint policy for one organization
  const endpointPolicy = buildAgentEndpointPolicy({ organizationId: ORG });

  test("lets a principal of the organization send telemetry", async () => {
    const outcome = await sendTelemetry(endpointPolicy, OTHER_ACCOUNT, { "aws:PrincipalAccount": OTHER_ACCOUNT, "aws:PrincipalOrgID": ORG });
    expect(outcome.result).toBe("Allowed");
  });

  test("explicitly denies a principal of another organization", async () => {
    const outcome = await sendTelemetry(endpointPolicy, OTHER_ACCOUNT, {
      "aws:PrincipalAccount": OTHER_ACCOUNT,
      "aws:PrincipalOrgID": OTHER_ORG,
    });
    expect(outcome).toEqual({ result: "ExplicitlyDenied", blockedBy: ["vpce"] });
  });

  test("explicitly denies a principal outside any organization", async () => {
    // aws:PrincipalOrgID is absent from the request, and StringNotEquals on an absent key matches
    const outcome = await sendTelemetry(endpointPolicy, OTHER_ACCOUNT, { "aws:PrincipalAccount": OTHER_ACCOUNT });
    expect(outcome).toEqual({ result: "ExplicitlyDenied", blockedBy: ["vpce"] });
  });
});

import { buildApproverPolicy } from "../../../functions/iam/approver-policy";
import { rolePolicyOf } from "../../../functions/response-types/role-policy";
import { approvalGateRail } from "../../../functions/safety-rails/approval-gate";
import { assertKnownActions, isAllowed } from "../../support/iam-simulation";

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const APPROVER = `arn:aws:iam::${ACCOUNT}:role/incident-approver`;
const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:guardduty-runtime-response`;

describe("approver policy", () => {
  // GIVEN the approvers' policy of a stack in eu-west-1
  const policy = buildApproverPolicy({ region: REGION });

  test.each([["states:SendTaskSuccess"], ["states:SendTaskFailure"]])("lets an approver call %s in the stack's Region", async (action) => {
    // WHEN the approver answers a request in the stack's Region
    const outcome = await isAllowed({ identityPolicies: [policy], principal: APPROVER, action, resource: "*", context: { "aws:RequestedRegion": REGION } });
    // THEN it is allowed
    expect(outcome.result).toBe("Allowed");
  });

  test("does not let an approver answer in another Region", async () => {
    // WHEN the approver calls SendTaskSuccess in another Region
    const outcome = await isAllowed({
      identityPolicies: [policy],
      principal: APPROVER,
      action: "states:SendTaskSuccess",
      resource: "*",
      context: { "aws:RequestedRegion": "us-east-1" },
    });
    // THEN it is denied
    expect(outcome.result).toBe("ImplicitlyDenied");
  });

  test("does not grant heartbeats, executions or anything else of Step Functions", async () => {
    // WHEN the approver tries to stop an execution or send a heartbeat
    const execution = `arn:aws:states:${REGION}:${ACCOUNT}:execution:guardduty-ecs-stop-task:e1`;
    const heartbeat = await isAllowed({
      identityPolicies: [policy],
      principal: APPROVER,
      action: "states:SendTaskHeartbeat",
      resource: "*",
      context: { "aws:RequestedRegion": REGION },
    });
    const stop = await isAllowed({
      identityPolicies: [policy],
      principal: APPROVER,
      action: "states:StopExecution",
      resource: execution,
      context: { "aws:RequestedRegion": REGION },
    });
    // THEN both are denied
    expect([heartbeat.result, stop.result]).toEqual(["ImplicitlyDenied", "ImplicitlyDenied"]);
  });

  test("names only actions IAM knows", async () => {
    // WHEN its actions are checked against the Service Authorization Reference
    // THEN every action is known
    await expect(assertKnownActions(policy)).resolves.toBeUndefined();
  });
});

describe("approver policy with requireMfa", () => {
  // GIVEN the approvers' policy requiring MFA
  const policy = buildApproverPolicy({ region: REGION, requireMfa: true });

  test("lets an approver with MFA credentials approve", async () => {
    // WHEN the approver signed in with MFA
    const outcome = await isAllowed({
      identityPolicies: [policy],
      principal: APPROVER,
      action: "states:SendTaskSuccess",
      resource: "*",
      context: { "aws:RequestedRegion": REGION, "aws:MultiFactorAuthPresent": "true" },
    });
    // THEN it is allowed
    expect(outcome.result).toBe("Allowed");
  });

  test.each([
    ["without MFA", { "aws:RequestedRegion": REGION, "aws:MultiFactorAuthPresent": "false" }],
    ["with long-term keys (no MFA key in the request)", { "aws:RequestedRegion": REGION }],
  ])("does not let an approver approve %s", async (_name, context) => {
    // WHEN the approver's credentials were not obtained with MFA
    const outcome = await isAllowed({ identityPolicies: [policy], principal: APPROVER, action: "states:SendTaskSuccess", resource: "*", context });
    // THEN it is denied
    expect(outcome.result).toBe("ImplicitlyDenied");
  });
});

describe("state machine role with the approval gate", () => {
  // GIVEN the role policy of a workflow made of the gate (acting on timeout: request and notice)
  const fragment = approvalGateRail({
    topicArn: TOPIC,
    timeoutSeconds: 600,
    onTimeout: "act",
    exits: { proceed: "Proceed", hold: "Hold" },
    context: { responseTypeId: "ec2-isolate-instance", partition: "aws", scope: { kind: "account", path: "$.finding.accountId" } },
  });
  const policy = rolePolicyOf(fragment.grants, {
    StartAt: fragment.startAt,
    States: { ...fragment.states, Proceed: { Type: "Succeed" }, Hold: { Type: "Succeed" } },
  });
  const ROLE = `arn:aws:iam::${ACCOUNT}:role/guardduty-ec2-isolation-state-machine`;

  test("publishes the request to the notification topic", async () => {
    // WHEN the role publishes to the topic
    const outcome = await isAllowed({ identityPolicies: [policy], principal: ROLE, action: "sns:Publish", resource: TOPIC });
    // THEN it is allowed
    expect(outcome.result).toBe("Allowed");
  });

  test("does not publish to another topic", async () => {
    // WHEN the role publishes elsewhere
    const outcome = await isAllowed({ identityPolicies: [policy], principal: ROLE, action: "sns:Publish", resource: `arn:aws:sns:${REGION}:${ACCOUNT}:other` });
    // THEN it is denied
    expect(outcome.result).toBe("ImplicitlyDenied");
  });

  test("cannot answer its own approval requests", async () => {
    // WHEN the role calls SendTaskSuccess
    const outcome = await isAllowed({
      identityPolicies: [policy],
      principal: ROLE,
      action: "states:SendTaskSuccess",
      resource: "*",
      context: { "aws:RequestedRegion": REGION },
    });
    // THEN it is denied: only approvers can approve
    expect(outcome.result).toBe("ImplicitlyDenied");
  });
});

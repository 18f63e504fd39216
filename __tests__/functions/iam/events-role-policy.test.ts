import { buildStartExecutionPolicy } from "../../../functions/iam/start-execution-policy";
import { isAllowed } from "../../support/iam-simulation";

const ACCOUNT = "123456789012";
const REGION = "ap-northeast-1";
const ROLE = `arn:aws:iam::${ACCOUNT}:role/guardduty-ecs-stop-task-events`;
const STATE_MACHINE = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:guardduty-ecs-stop-task`;
const EXECUTION = `arn:aws:states:${REGION}:${ACCOUNT}:execution:guardduty-ecs-stop-task:0f8c5a1e-2b9d-4c71-9e3a-6d4b2a1c0e9f`;

describe("events role policy", () => {
  // GIVEN the EventBridge target role's policy for the stop-task state machine
  const policy = buildStartExecutionPolicy({ stateMachineArn: STATE_MACHINE });

  test("starts executions of its state machine", async () => {
    const outcome = await isAllowed({ identityPolicies: [policy], principal: ROLE, action: "states:StartExecution", resource: STATE_MACHINE });
    expect(outcome.result).toBe("Allowed");
  });

  test("does not start executions of another state machine", async () => {
    const other = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:another-state-machine`;
    const outcome = await isAllowed({ identityPolicies: [policy], principal: ROLE, action: "states:StartExecution", resource: other });
    expect(outcome.result).toBe("ImplicitlyDenied");
  });

  test("does not stop executions of its state machine", async () => {
    const outcome = await isAllowed({ identityPolicies: [policy], principal: ROLE, action: "states:StopExecution", resource: EXECUTION });
    expect(outcome.result).toBe("ImplicitlyDenied");
  });

  test.each([
    ["states:UpdateStateMachine", STATE_MACHINE],
    ["states:DeleteStateMachine", STATE_MACHINE],
    ["states:StartSyncExecution", STATE_MACHINE],
  ])("does not grant %s on its state machine", async (action, resource) => {
    const outcome = await isAllowed({ identityPolicies: [policy], principal: ROLE, action, resource });
    expect(outcome.result).toBe("ImplicitlyDenied");
  });
});

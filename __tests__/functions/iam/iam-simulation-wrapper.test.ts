import { policyDocument } from "../../../functions/iam/policy-document";
import { isAllowed } from "../../support/iam-simulation";

/** The wrapper refuses requests whose answer would not mean what the test says. */
describe("iam-simulation wrapper", () => {
  const ROLE = "arn:aws:iam::123456789012:role/r";
  const TASK = "arn:aws:ecs:ap-northeast-1:123456789012:task/prod/0123456789abcdef0123456789abcdef";
  const policy = policyDocument({ Effect: "Allow", Action: "ecs:StopTask", Resource: "*" });

  test("rejects a context key the simulator would ignore for the action", async () => {
    // ecs:cluster applies to ecs:StopTask, not to sns:Publish
    const request = {
      identityPolicies: [policy],
      principal: ROLE,
      action: "sns:Publish",
      resource: "arn:aws:sns:ap-northeast-1:123456789012:t",
      context: { "ecs:cluster": "arn:aws:ecs:ap-northeast-1:123456789012:cluster/prod" },
    };
    await expect(isAllowed(request)).rejects.toThrow("would be ignored: ecs:cluster");
  });

  test("rejects a wildcard resource for an action with resource-level permissions", async () => {
    await expect(isAllowed({ identityPolicies: [policy], principal: ROLE, action: "ecs:StopTask", resource: "*" })).rejects.toThrow("SOME matching resource");
  });

  test("rejects a resource ARN for an action without resource-level permissions", async () => {
    const request = {
      identityPolicies: [policy],
      principal: ROLE,
      action: "logs:DescribeLogGroups",
      resource: "arn:aws:logs:ap-northeast-1:123456789012:log-group:g",
    };
    await expect(isAllowed(request)).rejects.toThrow("must.use.wildcard");
  });

  test("rejects an unknown action", async () => {
    await expect(isAllowed({ identityPolicies: [policy], principal: ROLE, action: "ecs:StopTasks", resource: TASK })).rejects.toThrow("invalid.action");
  });
});

import { isWildcardOnlyAction } from "@cloud-copilot/iam-simulate";
import { buildStopTaskStateMachinePolicy } from "../../../functions/ecs-stop-task/state-machine-role-policy";
import { STATE_MACHINE_LOG_DELIVERY_ACTIONS } from "../../../functions/iam/state-machine-logging-policy";
import { isAllowed } from "../../support/iam-simulation";

const ACCOUNT = "123456789012";
const OTHER_ACCOUNT = "210987654321";
const REGION = "ap-northeast-1";
const OTHER_REGION = "us-east-1";
const ROLE = `arn:aws:iam::${ACCOUNT}:role/guardduty-ecs-stop-task-sfn`;
const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:guardduty-ecs-stop-task`;
const TASK_ID = "0123456789abcdef0123456789abcdef";

const clusterArn = (name: string, account = ACCOUNT, region = REGION) => `arn:aws:ecs:${region}:${account}:cluster/${name}`;
const taskArn = (cluster: string, account = ACCOUNT, region = REGION) => `arn:aws:ecs:${region}:${account}:task/${cluster}/${TASK_ID}`;

/** ecs:StopTask by the role, with `ecs:cluster` set as ECS sets it: the ARN of the task's cluster. */
const stopTask = (policy: ReturnType<typeof buildStopTaskStateMachinePolicy>, cluster: string, account = ACCOUNT, region = REGION) =>
  isAllowed({
    identityPolicies: [policy],
    principal: ROLE,
    action: "ecs:StopTask",
    resource: taskArn(cluster, account, region),
    context: { "ecs:cluster": clusterArn(cluster, account, region) },
  });

/** Every Resource of the statements granting ecs:StopTask. */
const stopTaskResources = (policy: ReturnType<typeof buildStopTaskStateMachinePolicy>) =>
  policy.Statement.filter((s) => [s.Action].flat().includes("ecs:StopTask")).flatMap((s) => [s.Resource ?? []].flat());

describe("stop-task state machine role policy, scoped to configured clusters", () => {
  // GIVEN the role policy for the prod cluster only
  const policy = buildStopTaskStateMachinePolicy({
    partition: "aws",
    region: REGION,
    accountId: ACCOUNT,
    topicArn: TOPIC,
    clusterArns: [clusterArn("prod")],
  });

  test("stops a task of a configured cluster", async () => {
    // WHEN the role stops a prod task THEN it is allowed
    expect((await stopTask(policy, "prod")).result).toBe("Allowed");
  });

  test("does not stop a task of another cluster of the same account and region", async () => {
    expect((await stopTask(policy, "staging")).result).toBe("ImplicitlyDenied");
  });

  test("does not stop a task of a same-named cluster in another account", async () => {
    expect((await stopTask(policy, "prod", OTHER_ACCOUNT)).result).toBe("ImplicitlyDenied");
  });

  test("does not stop a task of a same-named cluster in another region", async () => {
    expect((await stopTask(policy, "prod", ACCOUNT, OTHER_REGION)).result).toBe("ImplicitlyDenied");
  });

  test("does not stop a prod-ARN task whose request names another cluster (the ecs:cluster condition is enforced)", async () => {
    // WHEN the resource matches but the ecs:cluster context does not (the condition alone must deny)
    const outcome = await isAllowed({
      identityPolicies: [policy],
      principal: ROLE,
      action: "ecs:StopTask",
      resource: taskArn("prod"),
      context: { "ecs:cluster": clusterArn("staging") },
    });
    expect(outcome.result).toBe("ImplicitlyDenied");
  });

  test("does not grant other ECS actions such as deleting the configured cluster", async () => {
    const outcome = await isAllowed({ identityPolicies: [policy], principal: ROLE, action: "ecs:DeleteCluster", resource: clusterArn("prod") });
    expect(outcome.result).toBe("ImplicitlyDenied");
  });

  test("never grants ecs:StopTask on *", () => {
    // A `*` request resource cannot show this: the simulator reads it as "some matching resource".
    expect(stopTaskResources(policy)).not.toContain("*");
  });
});

describe("stop-task state machine role policy, without configured clusters", () => {
  // GIVEN the role policy without clusterArns
  const policy = buildStopTaskStateMachinePolicy({ partition: "aws", region: REGION, accountId: ACCOUNT, topicArn: TOPIC });

  test.each(["prod", "staging"])("stops a task of any cluster of the account and region (%s)", async (cluster) => {
    expect((await stopTask(policy, cluster)).result).toBe("Allowed");
  });

  test("does not stop a task of another account", async () => {
    expect((await stopTask(policy, "prod", OTHER_ACCOUNT)).result).toBe("ImplicitlyDenied");
  });

  test("does not stop a task of another region", async () => {
    expect((await stopTask(policy, "prod", ACCOUNT, OTHER_REGION)).result).toBe("ImplicitlyDenied");
  });

  test("never grants ecs:StopTask on *", () => {
    // A `*` request resource cannot show this: the simulator reads it as "some matching resource".
    expect(stopTaskResources(policy)).not.toContain("*");
  });
});

describe("stop-task state machine role policy, notification and logging", () => {
  // GIVEN the role policy (clusters do not matter for these statements)
  const policy = buildStopTaskStateMachinePolicy({ partition: "aws", region: REGION, accountId: ACCOUNT, topicArn: TOPIC });

  test("publishes to its notification topic", async () => {
    const outcome = await isAllowed({ identityPolicies: [policy], principal: ROLE, action: "sns:Publish", resource: TOPIC });
    expect(outcome.result).toBe("Allowed");
  });

  test("does not publish to another topic", async () => {
    const other = `arn:aws:sns:${REGION}:${ACCOUNT}:another-topic`;
    const outcome = await isAllowed({ identityPolicies: [policy], principal: ROLE, action: "sns:Publish", resource: other });
    expect(outcome.result).toBe("ImplicitlyDenied");
  });

  test.each([...STATE_MACHINE_LOG_DELIVERY_ACTIONS])("delivers execution logs: %s is allowed on *", async (action) => {
    const outcome = await isAllowed({ identityPolicies: [policy], principal: ROLE, action, resource: "*" });
    expect(outcome.result).toBe("Allowed");
  });

  test.each([...STATE_MACHINE_LOG_DELIVERY_ACTIONS])("grants %s on * because the action has no resource-level permissions", async (action) => {
    // WHEN iam-data is asked whether the action accepts a resource ARN
    // THEN it does not: `*` is the only Resource that can grant it (the simulator rejects an ARN with must.use.wildcard)
    const [service, name] = action.split(":");
    expect(await isWildcardOnlyAction(service, name)).toBe(true);
  });
});

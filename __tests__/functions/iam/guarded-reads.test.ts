/** The guarded workflow's extra read permissions: same scope as StopTask, every action real. */
import { buildStopTaskStateMachinePolicy } from "../../../functions/ecs-stop-task/state-machine-role-policy";
import { assertKnownActions, isAllowed } from "../../support/iam-simulation";

const ACCOUNT = "123456789012";
const ROLE = `arn:aws:iam::${ACCOUNT}:role/acme-prod-sfn-role`;
const cluster = (name: string) => `arn:aws:ecs:ap-northeast-1:${ACCOUNT}:cluster/${name}`;
const policy = buildStopTaskStateMachinePolicy({
  partition: "aws",
  region: "ap-northeast-1",
  accountId: ACCOUNT,
  topicArn: `arn:aws:sns:ap-northeast-1:${ACCOUNT}:acme-prod-topic`,
  clusterArns: [cluster("prod")],
  readsBeforeStopping: true,
});
const ask = (action: string, resource: string, context?: Record<string, string>) =>
  isAllowed({ identityPolicies: [policy], principal: ROLE, action, resource, context });

test("may describe a task of a configured cluster, not of another", async () => {
  const task = (c: string) => `arn:aws:ecs:ap-northeast-1:${ACCOUNT}:task/${c}/0123456789abcdef0123456789abcdef`;
  expect((await ask("ecs:DescribeTasks", task("prod"), { "ecs:cluster": cluster("prod") })).result).toBe("Allowed");
  expect((await ask("ecs:DescribeTasks", task("staging"), { "ecs:cluster": cluster("staging") })).result).toBe("ImplicitlyDenied");
});

test("may describe a configured cluster, not another", async () => {
  expect((await ask("ecs:DescribeClusters", cluster("prod"))).result).toBe("Allowed");
  expect((await ask("ecs:DescribeClusters", cluster("staging"))).result).toBe("ImplicitlyDenied");
});

test("may describe a service of a configured cluster, not of another", async () => {
  const service = (c: string) => `arn:aws:ecs:ap-northeast-1:${ACCOUNT}:service/${c}/web`;
  expect((await ask("ecs:DescribeServices", service("prod"), { "ecs:cluster": cluster("prod") })).result).toBe("Allowed");
  expect((await ask("ecs:DescribeServices", service("staging"), { "ecs:cluster": cluster("staging") })).result).toBe("ImplicitlyDenied");
});

test("may not change a service or task definition", async () => {
  expect((await ask("ecs:UpdateService", `arn:aws:ecs:ap-northeast-1:${ACCOUNT}:service/prod/web`, { "ecs:cluster": cluster("prod") })).result).toBe(
    "ImplicitlyDenied",
  );
});

test("every action of the guarded role policy exists", async () => {
  await expect(assertKnownActions(policy)).resolves.toBeUndefined();
});

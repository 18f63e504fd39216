/** The role policy follows from the workflow: the grants of what the definition's Task states use, in order. */
import type { RoleGrant } from "../../../functions/response-types/contract";
import { MissingGrantError, rolePolicyOf } from "../../../functions/response-types/role-policy";
import { taskIntegrationsOf } from "../../../functions/response-types/task-integrations";

const task = (integration: string, partition = "aws") => ({ Type: "Task", Resource: `arn:${partition}:states:::${integration}`, End: true });
const machine = (states: Record<string, unknown>) => ({ StartAt: Object.keys(states)[0], States: states });

const STOP: RoleGrant = {
  neededBy: [{ integration: "aws-sdk:ecs:stopTask" }],
  statements: [{ Sid: "Stop", Effect: "Allow", Action: "ecs:StopTask", Resource: "*" }],
};
const DESCRIBE: RoleGrant = {
  neededBy: [{ integration: "aws-sdk:ecs:describeTasks" }],
  statements: [{ Sid: "Describe", Effect: "Allow", Action: "ecs:DescribeTasks", Resource: "*" }],
};
const LOGS: RoleGrant = {
  neededBy: [{ stateMachine: "logging" }],
  statements: [{ Sid: "Logs", Effect: "Allow", Action: "logs:CreateLogDelivery", Resource: "*" }],
};
const TRACE: RoleGrant = {
  neededBy: [{ stateMachine: "tracing" }],
  statements: [{ Sid: "Trace", Effect: "Allow", Action: "xray:PutTraceSegments", Resource: "*" }],
};

test("GIVEN a definition that only stops tasks WHEN its policy is derived THEN the describe grant is left out and the order is the grants'", () => {
  const policy = rolePolicyOf([STOP, DESCRIBE, LOGS, TRACE], machine({ Stop: task("aws-sdk:ecs:stopTask") }));
  expect(policy.Statement.map((s) => s.Sid)).toEqual(["Stop", "Logs"]);
});

test("GIVEN tracing on WHEN the policy is derived THEN the tracing grant is in", () => {
  const policy = rolePolicyOf([STOP, LOGS, TRACE], machine({ Stop: task("aws-sdk:ecs:stopTask") }), { tracing: true });
  expect(policy.Statement.map((s) => s.Sid)).toEqual(["Stop", "Logs", "Trace"]);
});

test("GIVEN a Task integration no grant names WHEN the policy is derived THEN MissingGrantError names it", () => {
  const derive = () => rolePolicyOf([STOP, LOGS], machine({ Stop: task("aws-sdk:ecs:stopTask"), Tag: task("aws-sdk:ecs:tagResource") }));
  expect(derive).toThrow(MissingGrantError);
  expect(derive).toThrow("no IAM grant for the Task integration aws-sdk:ecs:tagResource: list what each needs (or why it needs nothing) in the type's grants");
});

test("GIVEN two grants carrying the same statement WHEN the policy is derived THEN the statement is listed once", () => {
  const shared = STOP.statements[0];
  const policy = rolePolicyOf(
    [STOP, { neededBy: [{ integration: "aws-sdk:ecs:describeTasks" }], statements: [shared] }],
    machine({ A: task("aws-sdk:ecs:stopTask"), B: task("aws-sdk:ecs:describeTasks") }),
  );
  expect(policy.Statement.map((s) => s.Sid)).toEqual(["Stop"]);
});

test("GIVEN an integration IAM does not authorize WHEN granted with a reason and no statement THEN it adds nothing", () => {
  const eksCall: RoleGrant = { neededBy: [{ integration: "eks:call" }], statements: [], reason: "Kubernetes authorizes it" };
  expect(rolePolicyOf([eksCall, LOGS], machine({ Call: task("eks:call") })).Statement.map((s) => s.Sid)).toEqual(["Logs"]);
});

test("GIVEN Tasks in a Map item processor, a Parallel branch and a legacy Iterator, in a referenced partition WHEN integrations are read THEN all are found", () => {
  const definition = machine({
    Each: { Type: "Map", ItemProcessor: machine({ Snap: task("aws-sdk:ec2:createSnapshot", "${data.aws_partition.current.partition}") }), End: true },
    Both: { Type: "Parallel", Branches: [machine({ Get: task("eks:call") })], End: true },
    Old: { Type: "Map", Iterator: machine({ Pub: task("aws-sdk:sns:publish", "aws-us-gov") }), End: true },
  });
  expect([...taskIntegrationsOf(definition)].sort()).toEqual(["aws-sdk:ec2:createSnapshot", "aws-sdk:sns:publish", "eks:call"]);
});

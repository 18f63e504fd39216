/** The review reads Task Resources of every partition: GovCloud and China workflows are drawn like commercial ones. */
import { aslGraph, taskIntegration } from "../../../tools/review/asl-graph";
import { buildGuardedStopTaskDefinition } from "../../../functions/ecs-stop-task/guarded-state-machine";

test.each([
  ["arn:aws:states:::aws-sdk:ecs:stopTask", { kind: "aws-sdk", partition: "aws", service: "ecs", action: "stopTask" }],
  ["arn:aws-us-gov:states:::aws-sdk:sns:publish", { kind: "aws-sdk", partition: "aws-us-gov", service: "sns", action: "publish" }],
  ["arn:aws-cn:states:::eks:call", { kind: "optimized", partition: "aws-cn", service: "eks", action: "call" }],
  ["arn:aws-iso-b:states:::aws-sdk:ecs:describeTasks.waitForTaskToken", { kind: "aws-sdk", partition: "aws-iso-b", service: "ecs", action: "describeTasks" }],
])("reads %s", (resource, expected) => {
  expect(taskIntegration(resource)).toEqual(expected);
});

test.each(["arn:aws:lambda:us-east-1:123456789012:function:f", "arn:gcp:states:::aws-sdk:ecs:stopTask", "arn:aws:states:us-east-1::aws-sdk:ecs:stopTask"])(
  "reads no integration in %s",
  (resource) => {
    expect(taskIntegration(resource)).toBeUndefined();
  },
);

test("a GovCloud guarded definition's Task states all have their integration read", () => {
  // GIVEN the guarded workflow built for aws-us-gov
  const graph = aslGraph(buildGuardedStopTaskDefinition({ topicArn: "arn:aws-us-gov:sns:us-gov-west-1:123456789012:t", partition: "aws-us-gov" }));
  // THEN every Task state has its service and action, in that partition
  const tasks = graph.states.filter((state) => state.type === "Task");
  expect(tasks.length).toBeGreaterThan(0);
  expect(tasks.filter((state) => state.integration?.partition !== "aws-us-gov")).toEqual([]);
  expect(tasks.find((state) => state.name === "Stop Task")?.integration).toEqual({
    kind: "aws-sdk",
    partition: "aws-us-gov",
    service: "ecs",
    action: "stopTask",
  });
});

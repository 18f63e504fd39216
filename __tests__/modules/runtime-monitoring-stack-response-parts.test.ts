/** The stack deploys response pipelines from one table, STACK_RESPONSE_PARTS, over the registered response types. */
import { Testing } from "cdktf";
import { RESPONSE_TYPES } from "../../functions/response-types/registry";
import { EcsTaskAutoStop } from "../../modules/ecs-task-auto-stop";
import { RuntimeMonitoringStack, RuntimeMonitoringStackProps, STACK_RESPONSE_PARTS, responsePartsOf } from "../../modules/runtime-monitoring-stack";

const EVERY_PIPELINE: RuntimeMonitoringStackProps = {
  region: "eu-west-1",
  namePrefix: "parts-dev",
  ecsAutoStop: {},
  ec2Isolation: {},
  eksContainment: { clusterNames: ["prod"], namespaces: ["shop"] },
};

test("GIVEN the registry WHEN the stack's parts are listed THEN every registered type has exactly one part, in registry order", () => {
  expect(STACK_RESPONSE_PARTS.map((part) => part.responseType.id)).toEqual(RESPONSE_TYPES.map((type) => type.id));
  expect(new Set(STACK_RESPONSE_PARTS.map((part) => part.constructId)).size).toBe(STACK_RESPONSE_PARTS.length);
});

test("GIVEN props for every pipeline WHEN the stack is built THEN each pipeline is in responsePipelines under its type's id, and the typed getters return them", () => {
  // GIVEN / WHEN
  const stack = new RuntimeMonitoringStack(Testing.app(), "s", EVERY_PIPELINE);
  // THEN
  expect([...stack.responsePipelines.keys()]).toEqual(RESPONSE_TYPES.map((type) => type.id));
  expect(stack.ecsAutoStop).toBeInstanceOf(EcsTaskAutoStop);
  expect(stack.ec2Isolation).toBe(stack.responsePipelines.get("ec2-isolate-instance"));
  expect(stack.eksContainment?.node.id).toBe("eks-containment");
});

test("GIVEN props with only the EC2 pipeline WHEN the stack is built THEN only it is deployed, with its output", () => {
  // GIVEN / WHEN
  const stack = new RuntimeMonitoringStack(Testing.app(), "s", { region: "eu-west-1", namePrefix: "parts-dev", ec2Isolation: {} });
  const outputs = Object.keys((JSON.parse(Testing.synth(stack)) as { output: Record<string, unknown> }).output);
  // THEN
  expect([...stack.responsePipelines.keys()]).toEqual(["ec2-isolate-instance"]);
  expect(stack.ecsAutoStop).toBeUndefined();
  expect(outputs).toContain("ec2_isolation_state_machine_arn");
  expect(outputs).not.toContain("state_machine_arn");
});

test("GIVEN stack props WHEN their response parts are read THEN each deployed part comes with its own props", () => {
  // WHEN
  const parts = responsePartsOf({
    region: "eu-west-1",
    namePrefix: "p",
    eksContainment: { clusterNames: ["a"], namespaces: ["n"] },
    ecsAutoStop: { workflow: "guarded" },
  });
  // THEN
  expect(parts.map(({ part, props }) => [part.prop, props])).toEqual([
    ["ecsAutoStop", { workflow: "guarded" }],
    ["eksContainment", { clusterNames: ["a"], namespaces: ["n"] }],
  ]);
});

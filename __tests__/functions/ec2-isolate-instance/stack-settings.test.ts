/**
 * The EC2 isolation settings of the config reach the synthesized state machine: container hosts off by default,
 * the configured switches and keys, and the partition of the stack's region in every Task resource.
 */
import { parseConfig } from "../../../config/load-config";
import { allStates, type AslMachine } from "../../support/asl-definition";
import { SynthesizedStack, stackOfConfig } from "../../support/synthesized-stack";

function ec2Definition(document: Record<string, unknown>): AslMachine {
  const stack = new SynthesizedStack(stackOfConfig(parseConfig(document, "test"), "s"));
  const machine = stack.resources("aws_sfn_state_machine").find((resource) => String(resource.values.name).includes("-ec2-"));
  return stack.evaluateJson(machine?.values.definition) as AslMachine;
}

function settingsOf(definition: AslMachine): Record<string, unknown> {
  return definition.States.Settings.Result as Record<string, unknown>;
}

function taskResources(definition: AslMachine): string[] {
  return allStates(definition)
    .filter(([, state]) => state.Type === "Task")
    .map(([, state]) => String(state.Resource));
}

describe("EC2 isolation from config", () => {
  it("does not isolate container hosts by default, and lists no extra host tag key", () => {
    const settings = settingsOf(ec2Definition({ ec2_isolation: { enabled: true } }));
    expect([settings.IsolateContainerHosts, settings.ContainerHostTagKeys]).toEqual([false, []]);
  });

  it("bakes isolate_container_hosts and container_host_tag_keys into Settings", () => {
    const settings = settingsOf(ec2Definition({ ec2_isolation: { enabled: true, isolate_container_hosts: true, container_host_tag_keys: ["ecs-cluster"] } }));
    expect([settings.IsolateContainerHosts, settings.ContainerHostTagKeys]).toEqual([true, ["ecs-cluster"]]);
  });

  it("writes every Task resource in the commercial partition for a commercial region", () => {
    const resources = taskResources(ec2Definition({ ec2_isolation: { enabled: true } }));
    expect(resources.every((resource) => resource.startsWith("arn:aws:states:::aws-sdk:"))).toBe(true);
  });

  it("writes every Task resource in aws-us-gov for a GovCloud region", () => {
    const resources = taskResources(ec2Definition({ region: "us-gov-west-1", ec2_isolation: { enabled: true } }));
    expect(resources.length).toBeGreaterThan(0);
    expect(resources.filter((resource) => !resource.startsWith("arn:aws-us-gov:states:::aws-sdk:"))).toEqual([]);
  });
});

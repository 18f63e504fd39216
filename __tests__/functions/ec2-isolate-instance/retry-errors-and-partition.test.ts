/**
 * The EC2 isolation workflow's retriers follow the shared scheme (`functions/asl/retry.ts`): they name only errors
 * the AWS service models declare (as Step Functions names them: the API reference's error code with the
 * `Exception` suffix) and documented `States.*` errors, never the undocumented base-exception names
 * (`Ec2.Ec2Exception`, `AutoScaling.AutoScalingException`); throttling is retried through `States.TaskFailed`, and
 * the simulation shows it. Its Task resources are in the configured partition.
 */
import { STATES_PERMISSIONS, TASK_FAILED } from "../../../functions/asl/retry";
import {
  AUTO_SCALING_PERMANENT_ERRORS,
  EC2_ISOLATION_ECS_PERMANENT_ERRORS,
  EC2_ISOLATION_SDK_ACTIONS,
  EC2_PERMANENT_ERRORS,
} from "../../../functions/ec2-isolate-instance/state-machine";
import { AWS_SDK_SERVICE_BINDINGS, modeledStepFunctionsErrorNames } from "../../../tools/simulator/aws-sdk-task-handler";
import { validateAsl } from "../../../tools/simulator/validate-asl";
import { allStates, type AslMachine as Machine } from "../../support/asl-definition";
import { ec2IsolationDefinition, runIsolation, singleNotice, WEB_INSTANCE } from "./fixtures";

/** Every error name of every Retry of the definition, with the service of its Task. */
function retriedNames(definition: Record<string, unknown>): { service: string; name: string }[] {
  return allStates(definition as Machine).flatMap(([, state]) =>
    ((state.Retry ?? []) as { ErrorEquals: string[] }[]).flatMap((retrier) =>
      retrier.ErrorEquals.map((name) => ({ service: String(state.Resource).split(":")[6], name })),
    ),
  );
}

describe("EC2 isolation retriers", () => {
  const names = [...new Map(retriedNames(ec2IsolationDefinition()).map((entry) => [`${entry.service} ${entry.name}`, entry])).values()];

  it.each(names.filter((entry) => !entry.name.startsWith("States.")).map((entry) => [entry.name, entry.service]))(
    "%s is an error the %s model declares, as Step Functions names it",
    (name, service) => {
      const binding = AWS_SDK_SERVICE_BINDINGS[service];
      expect(modeledStepFunctionsErrorNames(binding)).toContain(name);
    },
  );

  it("name only the documented States.Permissions and States.TaskFailed among States errors", () => {
    expect([...new Set(names.filter((entry) => entry.name.startsWith("States.")).map((entry) => entry.name))].sort()).toEqual([
      STATES_PERMISSIONS,
      TASK_FAILED,
    ]);
  });

  it("never name the undocumented base exceptions Ec2.Ec2Exception or AutoScaling.AutoScalingException", () => {
    expect(names.map((entry) => entry.name)).not.toContain("Ec2.Ec2Exception");
    expect(names.map((entry) => entry.name)).not.toContain("AutoScaling.AutoScalingException");
  });

  it("declare no permanent EC2 or Auto Scaling error (EC2 models none; Auto Scaling's ResourceContention is transient) and ECS's permanent ones", () => {
    expect(Object.keys(AWS_SDK_SERVICE_BINDINGS.ec2.sdk).filter((name) => name.endsWith("Exception") || name.endsWith("Fault"))).toEqual([
      "EC2ServiceException",
    ]);
    expect([EC2_PERMANENT_ERRORS, AUTO_SCALING_PERMANENT_ERRORS]).toEqual([[], []]);
    expect(modeledStepFunctionsErrorNames(AWS_SDK_SERVICE_BINDINGS.autoscaling)).toContain("AutoScaling.ResourceContentionException");
    expect(EC2_ISOLATION_ECS_PERMANENT_ERRORS).toEqual([
      "Ecs.AccessDeniedException",
      "Ecs.ClientException",
      "Ecs.ClusterNotFoundException",
      "Ecs.InvalidParameterException",
    ]);
  });

  it("the check refuses a misspelt or unmodeled name", () => {
    expect(modeledStepFunctionsErrorNames(AWS_SDK_SERVICE_BINDINGS.autoscaling)).not.toContain("AutoScaling.ResourceContentionFaultException");
    expect(modeledStepFunctionsErrorNames(AWS_SDK_SERVICE_BINDINGS.ecs)).not.toContain("Ecs.ThrottlingException");
    expect(modeledStepFunctionsErrorNames(AWS_SDK_SERVICE_BINDINGS.ec2)).toEqual([]);
  });

  it("throttled EC2, Auto Scaling and ECS calls are retried through States.TaskFailed, then the instance is isolated", async () => {
    // GIVEN every service throttling its first calls of one operation each
    const { world, result } = await runIsolation({
      ec2: { instances: [WEB_INSTANCE] },
      clusters: ["batch"],
      throttle: {
        ec2: { calls: 2, operations: ["DescribeInstances"] },
        autoScaling: { calls: 1, operations: ["DescribeAutoScalingInstances"] },
        ecs: { calls: 2, operations: ["ListClusters", "ListContainerInstances"] },
      },
    });
    // THEN each throttled call is retried until it succeeds
    expect(world.ec2.requests.filter((request) => request.action === "DescribeInstances").map((request) => request.errorCode)).toEqual([
      "RequestLimitExceeded",
      "RequestLimitExceeded",
      undefined,
    ]);
    expect(world.autoScaling.requests.filter((request) => request.action === "DescribeAutoScalingInstances").map((request) => request.errorCode)).toEqual([
      "Throttling",
      undefined,
    ]);
    expect(world.ecs.requests.map((request) => [request.operation, request.errorCode])).toEqual([
      ["ListClusters", "ThrottlingException"],
      ["ListClusters", "ThrottlingException"],
      ["ListClusters", undefined],
      ["ListContainerInstances", undefined],
    ]);
    singleNotice(result, "ISOLATED");
  });
});

describe("EC2 isolation Task resources and partitions", () => {
  const resources = (definition: Record<string, unknown>): string[] =>
    allStates(definition as Machine)
      .filter(([, state]) => state.Type === "Task")
      .map(([, state]) => String(state.Resource));

  it("are in the commercial partition by default", () => {
    expect(new Set(resources(ec2IsolationDefinition()).map((resource) => resource.split(":")[1]))).toEqual(new Set(["aws"]));
  });

  it.each([["aws-us-gov"], ["aws-cn"]] as const)("are all in %s when that partition is given, Map processors and notices included", (partition) => {
    const definition = ec2IsolationDefinition({ partition });
    const all = resources(definition);
    expect(all.every((resource) => resource.startsWith(`arn:${partition}:states:::aws-sdk:`))).toBe(true);
    expect(new Set(all.map((resource) => resource.slice(resource.indexOf(":aws-sdk:") + ":aws-sdk:".length)))).toEqual(new Set(EC2_ISOLATION_SDK_ACTIONS));
    expect(validateAsl(definition).errorsText).toBe("");
  });

  it("differ from the commercial definition in the Resource partition only", () => {
    const gov = JSON.stringify(ec2IsolationDefinition({ partition: "aws-us-gov" }));
    expect(gov.replaceAll("arn:aws-us-gov:states:::", "arn:aws:states:::")).toBe(JSON.stringify(ec2IsolationDefinition()));
  });

  it("a GovCloud definition isolates an instance in the simulation", async () => {
    const { result } = await runIsolation({ ec2: { instances: [WEB_INSTANCE] } }, { props: { partition: "aws-us-gov" } });
    singleNotice(result, "ISOLATED");
    expect(result.calls.map((call) => call.action)).toContain("modifyNetworkInterfaceAttribute");
  });

  it("refuses an unknown partition", () => {
    expect(() => ec2IsolationDefinition({ partition: "aws-iso" as never })).toThrow(
      'partition "aws-iso" is not allowed; expected one of aws, aws-cn, aws-us-gov',
    );
  });
});

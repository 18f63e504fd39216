/**
 * AWS SDK integration Task states as Step Functions runs them: PascalCase parameters checked against the
 * SDK's request schema, PascalCase results, and `<Service>.<Exception>` error names usable in Retry/Catch.
 */
import * as autoScalingSdk from "@aws-sdk/client-auto-scaling";
import * as snsSdk from "@aws-sdk/client-sns";
import {
  AWS_SDK_SERVICE_BINDINGS,
  modeledErrorCode,
  modeledStepFunctionsErrorNames,
  stepFunctionsErrorName,
  worldClient,
  type JsonValue,
} from "../../../tools/simulator/aws-sdk-task-handler";
import { createFakeAwsWorld } from "../../../tools/simulator/fake-aws-world";
import { ECS_CLUSTER_NOT_FOUND_MESSAGE } from "../../../tools/simulator/fake-ecs";
import { SNS_TOPIC_NOT_FOUND_MESSAGE } from "../../../tools/simulator/fake-sns";
import { runStateMachine } from "../../../tools/simulator/run-state-machine";
import { CLUSTER_ARN, FINDING_TITLE, RUNNING_TASK, TASK_ARN, TOPIC_ARN, runtimeFindingInput } from "./fixtures";

const STOP_TASK = "arn:aws:states:::aws-sdk:ecs:stopTask";
const PUBLISH = "arn:aws:states:::aws-sdk:sns:publish";

/** A one-Task state machine. */
function singleTask(resource: string, parameters: Record<string, JsonValue>, extra: Record<string, JsonValue> = {}): object {
  return {
    StartAt: "Call",
    States: {
      Call: { Type: "Task", Resource: resource, Parameters: parameters, End: true, ...extra },
      ...(extra.Catch === undefined ? {} : { Caught: { Type: "Pass", End: true } }),
    },
  };
}

const CATCH_ALL = { Catch: [{ ErrorEquals: ["States.ALL"], Next: "Caught" }] } as Record<string, JsonValue>;
const FINDING_STOP_PARAMETERS = { "Cluster.$": "$.EcsClusterArn", "Task.$": "$.TaskArn", "Reason.$": "$.GuardDutyFindingTitle" };

describe("parameters", () => {
  it("an unknown parameter name (Clusterr) fails the execution with States.Runtime, which Catch States.ALL does not catch", async () => {
    // GIVEN a StopTask state with a misspelt parameter and a catch-all
    const world = createFakeAwsWorld({ tasks: [RUNNING_TASK] });
    const definition = singleTask(STOP_TASK, { "Clusterr.$": "$.EcsClusterArn", "Task.$": "$.TaskArn" }, CATCH_ALL);
    // WHEN it runs
    const result = await runStateMachine({ definition, input: runtimeFindingInput(), world });
    // THEN the execution fails with States.Runtime naming the field, and ECS was never called
    expect(result.status).toBe("FAILED");
    expect(result.error).toBe("States.Runtime");
    expect(result.cause).toContain('[The field "Clusterr" is not supported by Step Functions]');
    expect(world.ecs.requests).toEqual([]);
  });

  it("the API's own camelCase member name (cluster) is not a Step Functions parameter: States.Runtime", async () => {
    const world = createFakeAwsWorld({ tasks: [RUNNING_TASK] });
    const definition = singleTask(STOP_TASK, { "cluster.$": "$.EcsClusterArn", "Task.$": "$.TaskArn" });
    const result = await runStateMachine({ definition, input: runtimeFindingInput(), world });
    expect([result.status, result.error]).toEqual(["FAILED", "States.Runtime"]);
    expect(result.cause).toContain('[The field "cluster" is not supported by Step Functions]');
  });

  it("PascalCase parameters reach ECS as the model's camelCase members", async () => {
    const world = createFakeAwsWorld({ tasks: [RUNNING_TASK] });
    await runStateMachine({ definition: singleTask(STOP_TASK, FINDING_STOP_PARAMETERS), input: runtimeFindingInput(), world });
    expect(world.ecs.requests[0].input).toEqual({ cluster: CLUSTER_ARN, task: TASK_ARN, reason: FINDING_TITLE });
  });

  it("map keys inside parameters (SNS MessageAttributes names) are data and keep their spelling", async () => {
    const world = createFakeAwsWorld({ topics: [TOPIC_ARN] });
    const definition = singleTask(PUBLISH, {
      TopicArn: TOPIC_ARN,
      Message: "m",
      MessageAttributes: { "finding-type": { DataType: "String", StringValue: "Runtime" } },
    });
    await runStateMachine({ definition, input: {}, world });
    expect(world.sns.published[0].messageAttributes).toEqual({ "finding-type": { dataType: "String", stringValue: "Runtime" } });
  });
});

describe("partitions", () => {
  it.each(["aws-us-gov", "aws-cn"])("runs an AWS SDK integration of the %s partition as the commercial one", async (partition) => {
    // GIVEN StopTask as arn:<partition>:states:::aws-sdk:ecs:stopTask
    const world = createFakeAwsWorld({ tasks: [RUNNING_TASK] });
    const definition = singleTask(`arn:${partition}:states:::aws-sdk:ecs:stopTask`, FINDING_STOP_PARAMETERS);
    // WHEN it runs  THEN ECS stops the task
    const result = await runStateMachine({ definition, input: runtimeFindingInput(), world });
    expect([result.status, world.ecs.tasks[0].desiredStatus]).toEqual(["SUCCEEDED", "STOPPED"]);
  });
});

describe("results", () => {
  it("are the API output with PascalCase member names, ISO timestamps and no $metadata", async () => {
    // GIVEN a running task
    const world = createFakeAwsWorld({ tasks: [{ ...RUNNING_TASK, createdAt: new Date("2024-05-01T12:34:56.789Z") }] });
    // WHEN a lone StopTask state runs
    const result = await runStateMachine({ definition: singleTask(STOP_TASK, FINDING_STOP_PARAMETERS), input: runtimeFindingInput(), world });
    // THEN its output is Step Functions' shape of StopTaskResponse
    expect(result.output).toEqual({
      Task: expect.objectContaining({
        ClusterArn: CLUSTER_ARN,
        TaskArn: TASK_ARN,
        TaskDefinitionArn: RUNNING_TASK.taskDefinitionArn,
        Group: RUNNING_TASK.group,
        DesiredStatus: "STOPPED",
        StoppedReason: FINDING_TITLE,
        CreatedAt: "2024-05-01T12:34:56.789Z",
      }),
    });
    expect(JSON.stringify(result.output)).not.toContain("$metadata");
  });

  it("StopTask of an already stopped task succeeds with the task as it was", async () => {
    const world = createFakeAwsWorld({ tasks: [{ ...RUNNING_TASK, lastStatus: "STOPPED", stoppedReason: "Essential container in task exited" }] });
    const result = await runStateMachine({ definition: singleTask(STOP_TASK, FINDING_STOP_PARAMETERS), input: runtimeFindingInput(), world });
    expect(result.status).toBe("SUCCEEDED");
    expect(result.output).toEqual({ Task: expect.objectContaining({ LastStatus: "STOPPED", StoppedReason: "Essential container in task exited" }) });
  });
});

describe("errors", () => {
  it("SNS Publish to an unknown topic fails with Sns.NotFoundException and SNS's message as cause", async () => {
    const world = createFakeAwsWorld({ topics: [TOPIC_ARN] });
    const definition = singleTask(PUBLISH, { TopicArn: `${TOPIC_ARN}-gone`, Message: "m" });
    const result = await runStateMachine({ definition, input: {}, world });
    expect([result.status, result.error, result.cause]).toEqual(["FAILED", "Sns.NotFoundException", SNS_TOPIC_NOT_FOUND_MESSAGE]);
  });

  it("StopTask in an unknown cluster fails with Ecs.ClusterNotFoundException", async () => {
    const world = createFakeAwsWorld({ tasks: [RUNNING_TASK] });
    const input = runtimeFindingInput({ EcsClusterArn: "arn:aws:ecs:ap-northeast-1:123456789012:cluster/staging" });
    const result = await runStateMachine({ definition: singleTask(STOP_TASK, FINDING_STOP_PARAMETERS), input, world });
    expect([result.error, result.cause]).toEqual(["Ecs.ClusterNotFoundException", ECS_CLUSTER_NOT_FOUND_MESSAGE]);
  });

  it("StopTask denied by IAM fails with Ecs.AccessDeniedException", async () => {
    const world = createFakeAwsWorld({ tasks: [RUNNING_TASK], deniedActions: ["ecs:StopTask"] });
    const result = await runStateMachine({ definition: singleTask(STOP_TASK, FINDING_STOP_PARAMETERS), input: runtimeFindingInput(), world });
    expect(result.error).toBe("Ecs.AccessDeniedException");
  });

  it("ECS throttling (a code the ECS model does not declare) surfaces as Ecs.EcsException", async () => {
    const world = createFakeAwsWorld({ tasks: [RUNNING_TASK], throttle: { ecs: 1 } });
    const result = await runStateMachine({ definition: singleTask(STOP_TASK, FINDING_STOP_PARAMETERS), input: runtimeFindingInput(), world });
    expect([result.status, result.error, result.cause]).toEqual(["FAILED", "Ecs.EcsException", "Rate exceeded"]);
  });

  it("throttled StopTask calls are retried by a Retry on Ecs.EcsException and then succeed", async () => {
    // GIVEN ECS throttling the first two StopTask calls, and a Retry (long intervals, overridden to 0 ms)
    const world = createFakeAwsWorld({ tasks: [RUNNING_TASK], throttle: { ecs: { calls: 2, operations: ["StopTask"] } } });
    const retry = { Retry: [{ ErrorEquals: ["Ecs.EcsException"], IntervalSeconds: 30, MaxAttempts: 3, BackoffRate: 2 }] } as Record<string, JsonValue>;
    // WHEN it runs
    const result = await runStateMachine({ definition: singleTask(STOP_TASK, FINDING_STOP_PARAMETERS, retry), input: runtimeFindingInput(), world });
    // THEN the third attempt stops the task
    expect(result.status).toBe("SUCCEEDED");
    expect(result.calls.map((call) => call.action)).toEqual(["stopTask", "stopTask", "stopTask"]);
    expect(world.ecs.requests.map((request) => request.errorCode)).toEqual(["ThrottlingException", "ThrottlingException", undefined]);
  });

  it.each([
    ["a modeled exception keeps its class name", "InvalidParameterException", true, "Ecs.InvalidParameterException"],
    ["a modeled error without the suffix gets Exception appended", "BucketAlreadyExists", true, "Ecs.BucketAlreadyExistsException"],
    ["acronyms keep the model's casing", "KMSNotFoundException", true, "Ecs.KMSNotFoundException"],
    ["an unmodeled code becomes the service base exception", "ThrottlingException", false, "Ecs.EcsException"],
  ])("error naming: %s", (_behaviour, sdkName, modeled, expected) => {
    expect(stepFunctionsErrorName("Ecs", sdkName, modeled)).toBe(expected);
  });

  it("error naming: an awsQuery error is named by its code with the Exception suffix (SNS KMSOptInRequired)", () => {
    // GIVEN the SNS model's class KMSOptInRequired (code KMSOptInRequired, no suffix)  THEN the suffix is added
    expect(stepFunctionsErrorName("Sns", "KMSOptInRequired", true, modeledErrorCode(snsSdk, "KMSOptInRequired"))).toBe("Sns.KMSOptInRequiredException");
  });

  it("error naming: an awsQuery fault is named by its code, not its class (Auto Scaling ResourceContentionFault)", () => {
    expect(modeledErrorCode(autoScalingSdk, "ResourceContentionFault")).toBe("ResourceContention");
    expect(stepFunctionsErrorName("AutoScaling", "ResourceContentionFault", true, "ResourceContention")).toBe("AutoScaling.ResourceContentionException");
  });

  it("SNS KMS throttling, as the SNS model spells it, is Sns.KMSThrottlingException", () => {
    expect(modeledStepFunctionsErrorNames(AWS_SDK_SERVICE_BINDINGS.sns)).toEqual(
      expect.arrayContaining(["Sns.KMSThrottlingException", "Sns.ThrottledException"]),
    );
    expect(modeledStepFunctionsErrorNames(AWS_SDK_SERVICE_BINDINGS.sns)).not.toContain("Sns.KmsThrottlingException");
  });

  it("ECS models no throttling error: Ecs.ThrottlingException is no name Step Functions can give", () => {
    expect(modeledStepFunctionsErrorNames(AWS_SDK_SERVICE_BINDINGS.ecs)).not.toContain("Ecs.ThrottlingException");
  });
});

describe("simulation boundaries", () => {
  it("refuses, before running, a Task state that is not an AWS SDK integration and has no local handler", async () => {
    const definition = singleTask("arn:aws:lambda:ap-northeast-1:123456789012:function:f", {});
    await expect(runStateMachine({ definition, input: {}, world: createFakeAwsWorld() })).rejects.toThrow(/not an AWS SDK integration/u);
  });

  it("refuses, before running, an AWS SDK integration of a service without a fake (s3)", async () => {
    const definition = singleTask("arn:aws:states:::aws-sdk:s3:listBuckets", {});
    await expect(runStateMachine({ definition, input: {}, world: createFakeAwsWorld() })).rejects.toThrow(/no fake for AWS SDK service 's3'/u);
  });

  it("an action the SDK does not have fails with States.Runtime", async () => {
    const definition = singleTask("arn:aws:states:::aws-sdk:ecs:stopTasks", FINDING_STOP_PARAMETERS);
    const result = await runStateMachine({ definition, input: runtimeFindingInput(), world: createFakeAwsWorld() });
    expect([result.status, result.error]).toEqual(["FAILED", "States.Runtime"]);
  });
});

describe("clients shared by the executions on one world", () => {
  it("a second execution on the same world records only its own calls and acts on what the first left", async () => {
    // GIVEN a world with one running task, and a state machine that stops it
    const world = createFakeAwsWorld({ tasks: [RUNNING_TASK] });
    const definition = singleTask(STOP_TASK, FINDING_STOP_PARAMETERS);
    // WHEN it runs twice on that world (the second run reuses the first's ECS client)
    const first = await runStateMachine({ definition, input: runtimeFindingInput(), world });
    const second = await runStateMachine({ definition, input: runtimeFindingInput(), world });
    // THEN each run records its one call, and the second sees the task the first stopped
    expect(first.calls.map((call) => call.action)).toEqual(["stopTask"]);
    expect(second.calls.map((call) => call.action)).toEqual(["stopTask"]);
    expect((second.output as { Task: { DesiredStatus: string } }).Task.DesiredStatus).toBe("STOPPED");
  });

  it("worldClient makes one client per world and key, and another for another world or key", () => {
    // GIVEN two worlds and a maker that counts what it makes
    const [one, other] = [createFakeAwsWorld(), createFakeAwsWorld()];
    let made = 0;
    const make = (): { n: number } => ({ n: ++made });
    // WHEN clients are asked for twice on one world, then with another key, then on the other world
    const first = worldClient(one, "ecs", make);
    const again = worldClient(one, "ecs", make);
    const otherKey = worldClient(one, "sns", make);
    const otherWorld = worldClient(other, "ecs", make);
    // THEN the same world and key give the same client; the others are new
    expect(again).toBe(first);
    expect([first.n, otherKey.n, otherWorld.n]).toEqual([1, 2, 3]);
  });
});

/**
 * The seed state machine (trimmed copy, see seed-asl-validation.test.ts) executed in-process against the
 * fake ECS and SNS, through the real AWS SDK clients.
 */
import { createFakeAwsWorld, type FakeAwsWorld } from "../../../tools/simulator/fake-aws-world";
import { ECS_TASK_ID_LENGTH_MESSAGE } from "../../../tools/simulator/fake-ecs";
import { runStateMachine, type RunStateMachineResult } from "../../../tools/simulator/run-state-machine";
import { trimIntrinsicWhitespace } from "../../../tools/simulator/trim-intrinsic-whitespace";
import {
  CLUSTER_ARN,
  FINDING_TITLE,
  RUNNING_TASK,
  SEED_FAILURE_SUBJECT,
  SEED_SUCCESS_SUBJECT,
  TASK_ARN,
  TASK_DEFINITION_ARN,
  TASK_GROUP,
  TOPIC_ARN,
  runtimeFindingInput,
  seedDefinition,
} from "./fixtures";

describe("seed state machine, runtime finding on a running task", () => {
  let world: FakeAwsWorld;
  let result: RunStateMachineResult;

  beforeAll(async () => {
    // GIVEN a running task in cluster prod, the notification topic, and the finding's transformed input
    world = createFakeAwsWorld({ tasks: [RUNNING_TASK], topics: [TOPIC_ARN] });
    // WHEN the trimmed seed runs
    result = await runStateMachine({ definition: trimIntrinsicWhitespace(seedDefinition()), input: runtimeFindingInput(), world });
  });

  it("calls ecs:stopTask with Cluster, Task and Reason taken from the input", () => {
    expect(result.calls[0]).toEqual({
      state: "StopTask",
      service: "ecs",
      action: "stopTask",
      parameters: { Cluster: CLUSTER_ARN, Task: TASK_ARN, Reason: FINDING_TITLE },
    });
  });

  it("stops the task with the finding title as the stopped reason", () => {
    expect(world.ecs.tasks[0]).toMatchObject({ desiredStatus: "STOPPED", lastStatus: "STOPPED", stoppedReason: FINDING_TITLE });
  });

  it("succeeds", () => {
    expect(result.status).toBe("SUCCEEDED");
  });

  it("publishes the success notice with the stopped task's details and the seed's subject", () => {
    expect(result.published).toHaveLength(1);
    expect(result.published[0]).toMatchObject({
      topicArn: TOPIC_ARN,
      subject: SEED_SUCCESS_SUBJECT,
      message: [
        "Step Functions succeeded in stopping ECS Task with runtime security threats detected by GuardDuty.",
        "Detail:",
        `  Cluster: ${CLUSTER_ARN}`,
        `  TaskDefinition: ${TASK_DEFINITION_ARN}`,
        `  Group: ${TASK_GROUP}`,
        `  Task: ${TASK_ARN}`,
        `  StoppedReason: ${FINDING_TITLE}`,
      ].join("\n"),
    });
  });

  it("calls sns:publish after ecs:stopTask and nothing else", () => {
    expect(result.calls.map((call) => `${call.state}:${call.service}:${call.action}`)).toEqual(["StopTask:ecs:stopTask", "Notify Success:sns:publish"]);
  });
});

describe("seed state machine, malformed task id", () => {
  let world: FakeAwsWorld;
  let result: RunStateMachineResult;

  beforeAll(async () => {
    // GIVEN an input whose TaskArn is `dummy` (not a 32/36-character task id)
    world = createFakeAwsWorld({ tasks: [RUNNING_TASK], topics: [TOPIC_ARN] });
    // WHEN the trimmed seed runs
    result = await runStateMachine({
      definition: trimIntrinsicWhitespace(seedDefinition()),
      input: runtimeFindingInput({ TaskArn: "dummy" }),
      world,
    });
  });

  it("gets Ecs.InvalidParameterException from StopTask", () => {
    expect(world.ecs.requests).toEqual([expect.objectContaining({ operation: "StopTask", errorCode: "InvalidParameterException" })]);
  });

  it("publishes the failure notice with the Step Functions error name and cause", () => {
    expect(result.published).toHaveLength(1);
    expect(result.published[0]).toMatchObject({ topicArn: TOPIC_ARN, subject: SEED_FAILURE_SUBJECT });
    expect(result.published[0].message).toBe(
      [
        "Step Functions failed to stop ECS Task with runtime security threats detected by GuardDuty.",
        "Detail:",
        "  Error: Ecs.InvalidParameterException",
        `  Cause: ${ECS_TASK_ID_LENGTH_MESSAGE}`,
      ].join("\n"),
    );
  });

  it("still ends SUCCEEDED (documented seed behaviour: the Catch path ends in success; hardening changes this)", () => {
    expect(result.status).toBe("SUCCEEDED");
  });

  it("leaves the running task running", () => {
    expect(world.ecs.tasks[0]).toMatchObject({ lastStatus: "RUNNING", desiredStatus: "RUNNING" });
  });
});

/**
 * The guarded workflow's exemption decision compares tag keys and values as strings, and fails closed: executed in
 * aws-local-stepfunctions against the fake ECS and SNS through the real AWS SDK clients. Where the casing of the
 * tags Step Functions hands over is the question (it is not documented), a Task handler answers Describe Task in
 * the ECS API's own spelling instead.
 */
import { GUARDED_STATES, GUARDED_SUBJECTS, type GuardedOutcome } from "../../../functions/ecs-stop-task/guarded-state-machine";
import type { JsonValue } from "../../../tools/simulator/aws-sdk-task-handler";
import { createFakeAwsWorld, type FakeAwsWorld, type FakeAwsWorldOptions } from "../../../tools/simulator/fake-aws-world";
import type { PublishedSnsMessage } from "../../../tools/simulator/fake-sns";
import { runStateMachine, type LocalTaskHandler, type RunStateMachineResult } from "../../../tools/simulator/run-state-machine";
import { expectSingleNotice as expectSingleNoticeOf, noticeFields, trail } from "../../support/workflow-notices";
import { CLUSTER_ARN, RUNNING_TASK, TASK_ARN, TASK_DEFINITION_ARN, TASK_GROUP, TOPIC_ARN, guardedDefinition, guardedFindingInput } from "./fixtures";

const EXEMPTION = { "guardduty-response": "exempt" };

async function runGuarded(
  worldOptions: FakeAwsWorldOptions,
  taskHandlers?: Readonly<Record<string, LocalTaskHandler>>,
): Promise<{ world: FakeAwsWorld; result: RunStateMachineResult }> {
  const world = createFakeAwsWorld({ topics: [TOPIC_ARN], ...worldOptions });
  const result = await runStateMachine({ definition: guardedDefinition(), input: guardedFindingInput(), world, taskHandlers });
  return { world, result };
}

const expectSingleNotice = (result: RunStateMachineResult, outcome: GuardedOutcome): PublishedSnsMessage =>
  expectSingleNoticeOf(result, GUARDED_SUBJECTS, outcome);

/** Describe Task answering the running task with `tags` as given (another spelling than the fake's path gives). */
const describeTaskAnswering =
  (tags: JsonValue): LocalTaskHandler =>
  () => ({
    Tasks: [
      {
        TaskArn: TASK_ARN,
        ClusterArn: CLUSTER_ARN,
        TaskDefinitionArn: TASK_DEFINITION_ARN,
        Group: TASK_GROUP,
        LastStatus: "RUNNING",
        DesiredStatus: "RUNNING",
        Tags: tags,
      },
    ],
    Failures: [],
  });

describe("guarded workflow, the exemption tag compared by key and value", () => {
  it("does not stop a task carrying exactly the exemption key and value among other tags", async () => {
    // GIVEN the task tagged Environment=prod, team=web and guardduty-response=exempt
    const { world, result } = await runGuarded({ tasks: [{ ...RUNNING_TASK, tags: { Environment: "prod", team: "web", ...EXEMPTION } }] });
    // THEN it is only described, reported exempt, and left running
    expect(trail(result)).toEqual([`${GUARDED_STATES.describeTask}:describeTasks`, `${GUARDED_STATES.notifyExemptByTaskTag}:publish`]);
    expectSingleNotice(result, "EXEMPT_BY_TASK_TAG");
    expect(world.ecs.tasks[0].desiredStatus).toBe("RUNNING");
  });

  it("stops a task whose exemption key has another value (guardduty-response=exempted)", async () => {
    const { world, result } = await runGuarded({ tasks: [{ ...RUNNING_TASK, tags: { "guardduty-response": "exempted" } }] });
    expectSingleNotice(result, "STOPPED");
    expect(world.ecs.tasks[0].desiredStatus).toBe("STOPPED");
  });

  it("stops a task carrying the exemption value under another key (team=exempt)", async () => {
    const { world, result } = await runGuarded({ tasks: [{ ...RUNNING_TASK, tags: { team: "exempt" } }] });
    expectSingleNotice(result, "STOPPED");
    expect(world.ecs.tasks[0].desiredStatus).toBe("STOPPED");
  });

  it("stops a task of a cluster whose exemption key has another value", async () => {
    const { world, result } = await runGuarded({ tasks: [RUNNING_TASK], clusters: [{ cluster: CLUSTER_ARN, tags: { "guardduty-response": "review" } }] });
    expectSingleNotice(result, "STOPPED");
    expect(world.ecs.tasks[0].desiredStatus).toBe("STOPPED");
  });

  it("stops an untagged task of an untagged cluster (ECS answers both with an empty tag list)", async () => {
    const { world, result } = await runGuarded({ tasks: [{ ...RUNNING_TASK, tags: {} }] });
    expectSingleNotice(result, "STOPPED");
    expect(world.ecs.tasks[0].desiredStatus).toBe("STOPPED");
  });
});

describe("guarded workflow, tags it cannot read", () => {
  it("does not stop a task whose tags are missing from the DescribeTasks answer: TAGS_UNREADABLE, SUCCEEDED", async () => {
    // GIVEN ECS answering DescribeTasks without the tags member
    const { world, result } = await runGuarded({ tasks: [{ ...RUNNING_TASK, tags: EXEMPTION }], ecsAnswersWithoutTags: ["DescribeTasks"] });
    // THEN nothing else is called, the topic is told, the task keeps running
    expect(trail(result)).toEqual([`${GUARDED_STATES.describeTask}:describeTasks`, `${GUARDED_STATES.notifyTagsUnreadable}:publish`]);
    const notice = expectSingleNotice(result, "TAGS_UNREADABLE");
    expect(notice.message.split("\n").slice(0, 2)).toEqual([
      "GuardDuty ECS runtime response: TAGS_UNREADABLE",
      "The tags of the task or of its cluster could not be read: missing from the ECS answer, or a tag without a key. " +
        "Whether the task is exempt is unknown, so it was NOT stopped. Investigate it by hand.",
    ]);
    expect(noticeFields(notice)["Exemption tag"]).toBe('{"Key":"guardduty-response","Value":"exempt"}');
    expect(world.ecs.tasks[0].desiredStatus).toBe("RUNNING");
    expect(result.status).toBe("SUCCEEDED");
  });

  it("does not stop a task whose cluster's tags are missing from the DescribeClusters answer: TAGS_UNREADABLE", async () => {
    const { world, result } = await runGuarded({
      tasks: [RUNNING_TASK],
      clusters: [{ cluster: CLUSTER_ARN, tags: EXEMPTION }],
      ecsAnswersWithoutTags: ["DescribeClusters"],
    });
    expect(trail(result)).toEqual([
      `${GUARDED_STATES.describeTask}:describeTasks`,
      `${GUARDED_STATES.describeCluster}:describeClusters`,
      `${GUARDED_STATES.notifyTagsUnreadable}:publish`,
    ]);
    expectSingleNotice(result, "TAGS_UNREADABLE");
    expect(world.ecs.tasks[0].desiredStatus).toBe("RUNNING");
  });

  it("does not stop a task with a tag that has no key in either spelling: TAGS_UNREADABLE", async () => {
    const { world, result } = await runGuarded({ tasks: [RUNNING_TASK] }, { [GUARDED_STATES.describeTask]: describeTaskAnswering([{ Value: "exempt" }]) });
    expectSingleNotice(result, "TAGS_UNREADABLE");
    expect(world.ecs.tasks[0].desiredStatus).toBe("RUNNING");
  });

  it("does not stop a task whose DescribeTasks is denied: failure notice, FAILED", async () => {
    const { world, result } = await runGuarded({ tasks: [{ ...RUNNING_TASK, tags: EXEMPTION }], deniedActions: ["ecs:DescribeTasks"] });
    expectSingleNotice(result, "FAILED");
    expect(world.ecs.tasks[0].desiredStatus).toBe("RUNNING");
    expect([result.status, result.error]).toEqual(["FAILED", "Ecs.AccessDeniedException"]);
  });
});

describe("guarded workflow, tags in the ECS API's own spelling (key, value)", () => {
  it("does not stop a task tagged {key: guardduty-response, value: exempt}", async () => {
    const { world, result } = await runGuarded(
      { tasks: [RUNNING_TASK] },
      {
        [GUARDED_STATES.describeTask]: describeTaskAnswering([
          { key: "Environment", value: "prod" },
          { key: "guardduty-response", value: "exempt" },
        ]),
      },
    );
    expectSingleNotice(result, "EXEMPT_BY_TASK_TAG");
    expect(world.ecs.tasks[0].desiredStatus).toBe("RUNNING");
  });

  it("stops a task tagged {key: guardduty-response, value: review}", async () => {
    const { world, result } = await runGuarded(
      { tasks: [RUNNING_TASK] },
      { [GUARDED_STATES.describeTask]: describeTaskAnswering([{ key: "guardduty-response", value: "review" }]) },
    );
    expectSingleNotice(result, "STOPPED");
    expect(world.ecs.tasks[0].desiredStatus).toBe("STOPPED");
  });
});

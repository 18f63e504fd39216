/**
 * The guarded ECS containment workflow executed in-process (aws-local-stepfunctions, patched intrinsic
 * escaping) against the fake ECS and SNS, through the real AWS SDK clients: one describe block per branch.
 */
import {
  GUARDED_CLUSTER_NOT_FOUND_ERROR,
  GUARDED_DEFAULT_RETRY,
  GUARDED_FAILURE_CAUSE,
  GUARDED_STATES,
  GUARDED_SUBJECTS,
  type GuardedOutcome,
} from "../../../functions/ecs-stop-task/guarded-state-machine";
import type { JsonValue } from "../../../tools/simulator/aws-sdk-task-handler";
import { createFakeAwsWorld, type FakeAwsWorld, type FakeAwsWorldOptions } from "../../../tools/simulator/fake-aws-world";
import type { PublishedSnsMessage } from "../../../tools/simulator/fake-sns";
import { runStateMachine, type RunStateMachineResult } from "../../../tools/simulator/run-state-machine";
import { expectSingleNotice as expectSingleNoticeOf, noticeFields, outcomeOf, trail } from "../../support/workflow-notices";
import {
  ACCOUNT_ID,
  CLUSTER_ARN,
  FINDING_ID,
  FINDING_SEVERITY,
  FINDING_TITLE,
  FINDING_TYPE,
  REGION,
  RUNNING_TASK,
  SERVICE_NAME,
  TASK_ARN,
  TASK_DEFINITION_ARN,
  TASK_GROUP,
  TOPIC_ARN,
  guardedDefinition,
  guardedFindingInput,
} from "./fixtures";

const STOP_REASON = `GuardDuty ${FINDING_TYPE} finding ${FINDING_ID}`;
const CONSOLE_URL = `https://${REGION}.console.aws.amazon.com/guardduty/home?region=${REGION}#/findings?fId=${FINDING_ID}`;
const DEFAULT_EXEMPTION = { "guardduty-response": "exempt" };

function actions(result: RunStateMachineResult): string[] {
  return result.calls.map((call) => call.action);
}

async function runGuarded(
  worldOptions: FakeAwsWorldOptions,
  options: { props?: Parameters<typeof guardedDefinition>[0]; input?: JsonValue } = {},
): Promise<{ world: FakeAwsWorld; result: RunStateMachineResult }> {
  const world = createFakeAwsWorld({ topics: [TOPIC_ARN], ...worldOptions });
  const result = await runStateMachine({ definition: guardedDefinition(options.props), input: options.input ?? guardedFindingInput(), world });
  return { world, result };
}

function expectSingleNotice(result: RunStateMachineResult, outcome: GuardedOutcome): PublishedSnsMessage {
  return expectSingleNoticeOf(result, GUARDED_SUBJECTS, outcome);
}

describe("guarded workflow, runtime finding on a running task", () => {
  let world: FakeAwsWorld;
  let result: RunStateMachineResult;

  beforeAll(async () => {
    // GIVEN a running service task in an untagged cluster, and the finding's transformed input
    ({ world, result } = await runGuarded({ tasks: [RUNNING_TASK] }));
  });

  it("describes the task with its tags, then the cluster with its tags, then stops it and notifies", () => {
    expect(trail(result)).toEqual([
      `${GUARDED_STATES.describeTask}:describeTasks`,
      `${GUARDED_STATES.describeCluster}:describeClusters`,
      `${GUARDED_STATES.stopTask}:stopTask`,
      `${GUARDED_STATES.notifyStopped}:publish`,
    ]);
    expect(result.calls[0].parameters).toEqual({ Cluster: CLUSTER_ARN, Tasks: [TASK_ARN], Include: ["TAGS"] });
    expect(result.calls[1].parameters).toEqual({ Clusters: [CLUSTER_ARN], Include: ["TAGS"] });
  });

  it("calls ecs:stopTask with the finding's cluster and task and a reason made of the finding type and id", () => {
    expect(result.calls[2].parameters).toEqual({ Cluster: CLUSTER_ARN, Task: TASK_ARN, Reason: STOP_REASON });
  });

  it("stops the task", () => {
    expect(world.ecs.tasks[0]).toMatchObject({ desiredStatus: "STOPPED", lastStatus: "STOPPED", stoppedReason: STOP_REASON });
  });

  it("publishes one STOPPED notice with the finding, the task, the console link and the JSON-quoted title", () => {
    const notice = expectSingleNotice(result, "STOPPED");
    expect(notice.topicArn).toBe(TOPIC_ARN);
    expect(notice.message).toBe(
      [
        "GuardDuty ECS runtime response: STOPPED",
        "The task was stopped.",
        "",
        `Finding id: ${FINDING_ID}`,
        `Finding type: ${FINDING_TYPE}`,
        `Severity: ${FINDING_SEVERITY}`,
        `Account: ${ACCOUNT_ID}`,
        `Region: ${REGION}`,
        `Cluster: ${CLUSTER_ARN}`,
        `Task: ${TASK_ARN}`,
        `Task definition: ${TASK_DEFINITION_ARN}`,
        `Service group: ${TASK_GROUP}`,
        // StopTask answers with the task as it is right after the call: still RUNNING, desired STOPPED.
        "Task last status: RUNNING",
        "Task desired status: STOPPED",
        `Stopped reason: ${JSON.stringify(STOP_REASON)}`,
        `Console: ${CONSOLE_URL}`,
        `Finding title: ${JSON.stringify(FINDING_TITLE)}`,
      ].join("\n"),
    );
  });

  it("succeeds", () => {
    expect(result.status).toBe("SUCCEEDED");
  });
});

describe("guarded workflow, stop reason", () => {
  it("stays within ECS's 255 characters with a 2000-character title, which the notice still carries whole", async () => {
    // GIVEN a finding whose title is 2000 characters long
    const title = "x".repeat(2000);
    // WHEN the workflow runs
    const { result } = await runGuarded({ tasks: [RUNNING_TASK] }, { input: guardedFindingInput({ finding: { title } }) });
    // THEN StopTask's Reason is the short, GuardDuty-controlled text and the notice quotes the title
    const stop = result.calls.find((call) => call.action === "stopTask");
    expect(stop?.parameters).toEqual({ Cluster: CLUSTER_ARN, Task: TASK_ARN, Reason: STOP_REASON });
    expect(STOP_REASON.length).toBeLessThanOrEqual(255);
    expect(noticeFields(expectSingleNotice(result, "STOPPED"))["Finding title"]).toBe(JSON.stringify(title));
  });
});

describe("guarded workflow, exemption tag", () => {
  it("does not stop a task carrying the exemption tag: notice EXEMPT_BY_TASK_TAG, no cluster lookup, SUCCEEDED", async () => {
    // GIVEN the running task carries guardduty-response=exempt
    const { world, result } = await runGuarded({ tasks: [{ ...RUNNING_TASK, tags: { ...RUNNING_TASK.tags, ...DEFAULT_EXEMPTION } }] });
    // THEN the task is only described, the topic told, and the task left running
    expect(trail(result)).toEqual([`${GUARDED_STATES.describeTask}:describeTasks`, `${GUARDED_STATES.notifyExemptByTaskTag}:publish`]);
    const notice = expectSingleNotice(result, "EXEMPT_BY_TASK_TAG");
    expect(noticeFields(notice)["Exemption tag"]).toBe('{"Key":"guardduty-response","Value":"exempt"}');
    expect(world.ecs.tasks[0]).toMatchObject({ lastStatus: "RUNNING", desiredStatus: "RUNNING" });
    expect(result.status).toBe("SUCCEEDED");
  });

  it("does not stop a task whose cluster carries the exemption tag: notice EXEMPT_BY_CLUSTER_TAG, SUCCEEDED", async () => {
    // GIVEN the cluster carries guardduty-response=exempt
    const { world, result } = await runGuarded({ tasks: [RUNNING_TASK], clusters: [{ cluster: CLUSTER_ARN, tags: DEFAULT_EXEMPTION }] });
    // THEN nothing is stopped
    expect(actions(result)).toEqual(["describeTasks", "describeClusters", "publish"]);
    expectSingleNotice(result, "EXEMPT_BY_CLUSTER_TAG");
    expect(world.ecs.tasks[0].desiredStatus).toBe("RUNNING");
    expect(result.status).toBe("SUCCEEDED");
  });

  it("needs key and value to match: guardduty-response=review does not exempt", async () => {
    const { result } = await runGuarded({ tasks: [{ ...RUNNING_TASK, tags: { "guardduty-response": "review" } }] });
    expectSingleNotice(result, "STOPPED");
  });

  it("uses the configured tag instead of the default one", async () => {
    // GIVEN exemptionTag security/response=manual, the task carrying it, the cluster carrying the default tag
    const { result } = await runGuarded(
      { tasks: [{ ...RUNNING_TASK, tags: { "security/response": "manual" } }] },
      { props: { exemptionTag: { key: "security/response", value: "manual" } } },
    );
    // THEN the configured tag exempts the task
    expect(noticeFields(expectSingleNotice(result, "EXEMPT_BY_TASK_TAG"))["Exemption tag"]).toBe('{"Key":"security/response","Value":"manual"}');
  });

  it("ignores the default tag once another one is configured", async () => {
    const { result } = await runGuarded(
      { tasks: [RUNNING_TASK], clusters: [{ cluster: CLUSTER_ARN, tags: DEFAULT_EXEMPTION }] },
      { props: { exemptionTag: { key: "security/response", value: "manual" } } },
    );
    expectSingleNotice(result, "STOPPED");
  });
});

describe("guarded workflow, dry run", () => {
  it("notifies DRY_RUN with the reason it would have used, stops nothing, SUCCEEDED", async () => {
    // GIVEN dryRun
    const { world, result } = await runGuarded({ tasks: [RUNNING_TASK] }, { props: { dryRun: true } });
    // THEN no StopTask, and the notice says what would have happened
    expect(actions(result)).toEqual(["describeTasks", "describeClusters", "publish"]);
    expect(noticeFields(expectSingleNotice(result, "DRY_RUN"))["Stop reason"]).toBe(STOP_REASON);
    expect(world.ecs.tasks[0].desiredStatus).toBe("RUNNING");
    expect(result.status).toBe("SUCCEEDED");
  });

  it("still reports an exemption rather than a would-be stop", async () => {
    const { result } = await runGuarded({ tasks: [{ ...RUNNING_TASK, tags: DEFAULT_EXEMPTION }] }, { props: { dryRun: true } });
    expectSingleNotice(result, "EXEMPT_BY_TASK_TAG");
  });
});

describe("guarded workflow, idempotency", () => {
  it("does not call StopTask for a task that is already stopped: notice ALREADY_STOPPED, SUCCEEDED", async () => {
    // GIVEN the task already stopped on its own
    const stoppedReason = "Essential container in task exited";
    const { result } = await runGuarded({ tasks: [{ ...RUNNING_TASK, lastStatus: "STOPPED", stoppedReason }] });
    // THEN only DescribeTasks and the notice
    expect(actions(result)).toEqual(["describeTasks", "publish"]);
    const fields = noticeFields(expectSingleNotice(result, "ALREADY_STOPPED"));
    expect([fields["Task last status"], fields["Stopped reason"]]).toEqual(["STOPPED", JSON.stringify(stoppedReason)]);
    expect(result.status).toBe("SUCCEEDED");
  });

  it("treats a task that is stopping (desired status STOPPED) as already stopped", async () => {
    const { result } = await runGuarded({ tasks: [{ ...RUNNING_TASK, lastStatus: "RUNNING", desiredStatus: "STOPPED" }] });
    expect(actions(result)).toEqual(["describeTasks", "publish"]);
    expectSingleNotice(result, "ALREADY_STOPPED");
  });

  it("acts once when GuardDuty sends the same finding twice: the second execution finds the task stopped", async () => {
    // GIVEN one world and the same finding delivered twice
    const world = createFakeAwsWorld({ topics: [TOPIC_ARN], tasks: [RUNNING_TASK] });
    // WHEN two executions run one after the other
    const first = await runStateMachine({ definition: guardedDefinition(), input: guardedFindingInput(), world });
    const second = await runStateMachine({ definition: guardedDefinition(), input: guardedFindingInput(), world });
    // THEN StopTask was called once, and the second execution reports ALREADY_STOPPED
    expect(world.ecs.requests.filter((request) => request.operation === "StopTask")).toHaveLength(1);
    expect([outcomeOf(first.published[0]), outcomeOf(second.published[0])]).toEqual(["STOPPED", "ALREADY_STOPPED"]);
    expect([first.status, second.status]).toEqual(["SUCCEEDED", "SUCCEEDED"]);
  });
});

describe("guarded workflow, task not found", () => {
  it("notifies TASK_NOT_FOUND when ECS answers the task MISSING, and SUCCEEDS", async () => {
    // GIVEN the cluster exists but does not hold the task
    const { result } = await runGuarded({ clusters: [CLUSTER_ARN] });
    // THEN nothing but DescribeTasks and the notice
    expect(actions(result)).toEqual(["describeTasks", "publish"]);
    const fields = noticeFields(expectSingleNotice(result, "TASK_NOT_FOUND"));
    expect([fields.Task, fields["Service group"]]).toEqual([TASK_ARN, "unknown"]);
    expect(result.status).toBe("SUCCEEDED");
  });

  it("notifies TASK_NOT_FOUND when the cluster is gone (Ecs.ClusterNotFoundException), and SUCCEEDS", async () => {
    const { result } = await runGuarded({});
    expect(actions(result)).toEqual(["describeTasks", "publish"]);
    expectSingleNotice(result, "TASK_NOT_FOUND");
    expect(result.status).toBe("SUCCEEDED");
  });
});

describe("guarded workflow, retries", () => {
  it("retries a throttled StopTask (Ecs.EcsException) twice and then stops the task", async () => {
    // GIVEN ECS throttles the first two StopTask calls
    const { world, result } = await runGuarded({ tasks: [RUNNING_TASK], throttle: { ecs: { calls: 2, operations: ["StopTask"] } } });
    // THEN StopTask was attempted three times and the third stopped the task
    expect(actions(result)).toEqual(["describeTasks", "describeClusters", "stopTask", "stopTask", "stopTask", "publish"]);
    expect(world.ecs.requests.filter((request) => request.operation === "StopTask").map((request) => request.errorCode)).toEqual([
      "ThrottlingException",
      "ThrottlingException",
      undefined,
    ]);
    expectSingleNotice(result, "STOPPED");
    expect(result.status).toBe("SUCCEEDED");
  });

  it("retries a throttled notice (Sns.ThrottledException)", async () => {
    const { world, result } = await runGuarded({ tasks: [RUNNING_TASK], throttle: { sns: 1 } });
    expect(world.sns.requests.map((request) => request.errorCode)).toEqual(["Throttled", undefined]);
    expectSingleNotice(result, "STOPPED");
    expect(result.status).toBe("SUCCEEDED");
  });

  it("gives up after 1 + maxAttempts throttled calls: failure notice, then FAILED with Ecs.EcsException", async () => {
    // GIVEN ECS throttles every DescribeTasks call
    const { result } = await runGuarded({ tasks: [RUNNING_TASK], throttle: { ecs: { calls: 100, operations: ["DescribeTasks"] } } });
    // THEN DescribeTasks was attempted 1 + 5 times, the failure notice went out, and the execution failed
    expect(actions(result)).toEqual([...Array<string>(1 + GUARDED_DEFAULT_RETRY.maxAttempts).fill("describeTasks"), "publish"]);
    expectSingleNotice(result, "FAILED");
    expect([result.status, result.error]).toEqual(["FAILED", "Ecs.EcsException"]);
  });
});

describe("guarded workflow, StopTask denied", () => {
  let world: FakeAwsWorld;
  let result: RunStateMachineResult;

  beforeAll(async () => {
    // GIVEN the role may not call ecs:StopTask
    ({ world, result } = await runGuarded({ tasks: [RUNNING_TASK], deniedActions: ["ecs:StopTask"] }));
  });

  it("publishes the failure notice right after the failed StopTask, without retrying it", () => {
    expect(trail(result)).toEqual([
      `${GUARDED_STATES.describeTask}:describeTasks`,
      `${GUARDED_STATES.describeCluster}:describeClusters`,
      `${GUARDED_STATES.stopTask}:stopTask`,
      `${GUARDED_STATES.notifyFailure}:publish`,
    ]);
  });

  it("names the error and quotes its cause in the notice", () => {
    const fields = noticeFields(expectSingleNotice(result, "FAILED"));
    expect(fields.Error).toBe("Ecs.AccessDeniedException");
    const details = JSON.parse(fields["Error details"]) as { Error: string; Cause: string };
    expect(details.Error).toBe("Ecs.AccessDeniedException");
    expect(details.Cause).toContain("is not authorized to perform: ecs:StopTask");
  });

  it("then ends FAILED with the original error name, so ExecutionsFailed alarms fire", () => {
    expect([result.status, result.error, result.cause]).toEqual(["FAILED", "Ecs.AccessDeniedException", GUARDED_FAILURE_CAUSE]);
  });

  it("leaves the task running", () => {
    expect(world.ecs.tasks[0].desiredStatus).toBe("RUNNING");
  });
});

describe("guarded workflow, other failures", () => {
  it("a denied DescribeTasks is notified and FAILS the execution", async () => {
    const { result } = await runGuarded({ tasks: [RUNNING_TASK], deniedActions: ["ecs:DescribeTasks"] });
    expect(actions(result)).toEqual(["describeTasks", "publish"]);
    expectSingleNotice(result, "FAILED");
    expect([result.status, result.error]).toEqual(["FAILED", "Ecs.AccessDeniedException"]);
  });

  it("a denied DescribeClusters is notified and FAILS the execution without stopping", async () => {
    const { result } = await runGuarded({ tasks: [RUNNING_TASK], deniedActions: ["ecs:DescribeClusters"] });
    expect(actions(result)).toEqual(["describeTasks", "describeClusters", "publish"]);
    expect([result.status, result.error]).toEqual(["FAILED", "Ecs.AccessDeniedException"]);
  });

  it("a cluster DescribeClusters reports MISSING is notified and FAILS with GuardDutyResponse.ClusterNotFound", async () => {
    // GIVEN DescribeTasks finds the task, but its cluster is gone by the time of DescribeClusters
    const world = createFakeAwsWorld({ topics: [TOPIC_ARN], tasks: [RUNNING_TASK] });
    world.ecs.onRequest = (operation) => {
      if (operation === "DescribeClusters") {
        world.ecs.clusters = [];
      }
    };
    // WHEN the workflow runs
    const result = await runStateMachine({ definition: guardedDefinition(), input: guardedFindingInput(), world });
    // THEN no StopTask, a failure notice, and a FAILED execution
    expect(actions(result)).toEqual(["describeTasks", "describeClusters", "publish"]);
    expectSingleNotice(result, "FAILED");
    expect([result.status, result.error]).toEqual(["FAILED", GUARDED_CLUSTER_NOT_FOUND_ERROR]);
  });

  it("a notice that cannot be published FAILS the execution (the task is stopped all the same)", async () => {
    // GIVEN the role may not publish to the topic
    const { world, result } = await runGuarded({ tasks: [RUNNING_TASK], deniedActions: ["sns:Publish"] });
    // THEN the execution fails with SNS's error
    expect([result.status, result.error]).toEqual(["FAILED", "Sns.AuthorizationErrorException"]);
    expect(world.ecs.tasks[0].desiredStatus).toBe("STOPPED");
  });
});

describe("guarded workflow, minimum healthy tasks", () => {
  const service = (runningCount: number): NonNullable<FakeAwsWorldOptions["services"]>[number] => ({
    serviceName: SERVICE_NAME,
    clusterArn: CLUSTER_ARN,
    desiredCount: runningCount,
    runningCount,
  });

  it("does not stop a task whose service would drop below N: notice SERVICE_AT_MINIMUM, SUCCEEDED", async () => {
    // GIVEN minHealthyTasks 2 and the task's service running 2 tasks
    const { world, result } = await runGuarded({ tasks: [RUNNING_TASK], services: [service(2)] }, { props: { minHealthyTasks: 2 } });
    // THEN the service is described, nothing is stopped, and the topic is told why
    expect(actions(result)).toEqual(["describeTasks", "describeClusters", "describeServices", "publish"]);
    expect(result.calls[2].parameters).toEqual({ Cluster: CLUSTER_ARN, Services: [SERVICE_NAME] });
    const fields = noticeFields(expectSingleNotice(result, "SERVICE_AT_MINIMUM"));
    expect([fields.Service, fields["Running tasks"], fields["Minimum healthy tasks"]]).toEqual([SERVICE_NAME, "2", "2"]);
    expect(world.ecs.tasks[0].desiredStatus).toBe("RUNNING");
    expect(result.status).toBe("SUCCEEDED");
  });

  it("stops a task whose service keeps N running tasks after the stop", async () => {
    const { result } = await runGuarded({ tasks: [RUNNING_TASK], services: [service(3)] }, { props: { minHealthyTasks: 2 } });
    expect(actions(result)).toEqual(["describeTasks", "describeClusters", "describeServices", "stopTask", "publish"]);
    expectSingleNotice(result, "STOPPED");
  });

  it("does not guard a task outside a service (group family:...)", async () => {
    const { result } = await runGuarded({ tasks: [{ ...RUNNING_TASK, group: "family:batch" }] }, { props: { minHealthyTasks: 2 } });
    expect(actions(result)).toEqual(["describeTasks", "describeClusters", "stopTask", "publish"]);
  });

  it("does not guard a task whose service no longer exists", async () => {
    const { result } = await runGuarded({ tasks: [RUNNING_TASK] }, { props: { minHealthyTasks: 2 } });
    expect(actions(result)).toEqual(["describeTasks", "describeClusters", "describeServices", "stopTask", "publish"]);
  });

  it("is checked before the dry run, so a dry run says 'would stop' only when a real run would", async () => {
    const { result } = await runGuarded({ tasks: [RUNNING_TASK], services: [service(2)] }, { props: { minHealthyTasks: 2, dryRun: true } });
    expectSingleNotice(result, "SERVICE_AT_MINIMUM");
  });

  it("is off by default: a service task is stopped without DescribeServices", async () => {
    const { result } = await runGuarded({ tasks: [RUNNING_TASK], services: [service(1)] });
    expect(actions(result)).not.toContain("describeServices");
    expectSingleNotice(result, "STOPPED");
  });
});

describe("guarded workflow, untrusted finding text", () => {
  it("JSON-escapes a title with quotes, line breaks, backslashes and {} in the message, and keeps the subject fixed", async () => {
    // GIVEN a title crafted to forge notice lines and template placeholders
    const title = 'evil "quoted" title\nOutcome: NOTHING TO SEE\r\nConsole: https://evil.example/ {} {{}} \\ end';
    // WHEN the workflow runs
    const { result } = await runGuarded({ tasks: [RUNNING_TASK] }, { input: guardedFindingInput({ finding: { title } }) });
    // THEN the title is one JSON string on one line, the forged lines do not exist, and the subject is fixed
    const notice = expectSingleNotice(result, "STOPPED");
    const lines = notice.message.split("\n");
    expect(lines).toHaveLength(17);
    expect(lines[16]).toBe(`Finding title: ${JSON.stringify(title)}`);
    expect(JSON.parse(lines[16].slice("Finding title: ".length))).toBe(title);
    expect(lines.filter((line) => line.startsWith("Console: "))).toEqual([`Console: ${CONSOLE_URL}`]);
  });

  it("builds the console link with the configured domain (GovCloud)", async () => {
    // GIVEN consoleDomain for GovCloud and a finding from us-gov-west-1 (on a task ECS no longer knows)
    const input = guardedFindingInput({ finding: { region: "us-gov-west-1" } });
    // WHEN the workflow runs
    const { result } = await runGuarded({}, { props: { consoleDomain: "console.amazonaws-us-gov.com" }, input });
    // THEN the notice links to the GovCloud console
    expect(noticeFields(result.published[0]).Console).toBe(
      `https://us-gov-west-1.console.amazonaws-us-gov.com/guardduty/home?region=us-gov-west-1#/findings?fId=${FINDING_ID}`,
    );
  });
});

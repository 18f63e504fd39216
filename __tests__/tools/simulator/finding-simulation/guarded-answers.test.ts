/** The guarded workflow (`{"ecs_auto_stop": {"workflow": "guarded"}}`) in each simulated AWS answer. */
import { parseConfig } from "../../../../config/load-config";
import { GUARDED_SUBJECTS } from "../../../../functions/ecs-stop-task/guarded-state-machine";
import { simulateFinding } from "../../../../tools/simulator/finding-simulation/simulate-finding";
import { parseAnswerChoice } from "../../../../tools/simulator/finding-simulation/simulated-answers";
import { CLUSTER, ecsRuntimeFinding, responseOf, TASK } from "./sample-findings";

const GUARDED = parseConfig({ ecs_auto_stop: { workflow: "guarded" } }, "test");

const simulate = async (answer: string, finding = ecsRuntimeFinding()) =>
  responseOf(await simulateFinding({ config: GUARDED, findingDocument: finding, answers: parseAnswerChoice([answer]) }));
const callsOf = (response: Awaited<ReturnType<typeof simulate>>) => response.run!.calls.map((c) => `${c.action} ${c.outcome}`);

test("guarded + running: the task is read, then stopped, and the 'task stopped' notice is sent", async () => {
  // GIVEN the guarded workflow and a running task WHEN the finding is simulated
  const report = await simulate("running");
  // THEN
  expect(report.run).toMatchObject({ status: "SUCCEEDED", trimmedIntrinsicWhitespace: false });
  expect(report.answer?.name).toBe("running");
  expect(callsOf(report)).toEqual(["describeTasks ok", "describeClusters ok", "stopTask ok", "publish ok"]);
  expect(report.run!.calls[2].parameters).toMatchObject({ Cluster: CLUSTER, Task: TASK });
  expect(report.run!.notices.map((n) => [n.subject, n.attributes.outcome])).toEqual([[GUARDED_SUBJECTS.STOPPED, "STOPPED"]]);
});

test("guarded + stopped: the 'already stopped' notice is sent and StopTask is never called", async () => {
  // GIVEN a task that is already stopped WHEN the finding is simulated
  const report = await simulate("stopped");
  // THEN
  expect(callsOf(report)).toEqual(["describeTasks ok", "publish ok"]);
  expect(report.run!.notices.map((n) => n.subject)).toEqual([GUARDED_SUBJECTS.ALREADY_STOPPED]);
  expect(report.run!.status).toBe("SUCCEEDED");
});

test("guarded + not-found: the 'task not found' notice is sent and StopTask is never called", async () => {
  // GIVEN a task ECS does not know WHEN the finding is simulated
  const report = await simulate("not-found");
  // THEN
  expect(callsOf(report)).toEqual(["describeTasks ok", "publish ok"]);
  expect(report.run!.notices.map((n) => n.subject)).toEqual([GUARDED_SUBJECTS.TASK_NOT_FOUND]);
});

test("guarded + throttled: the throttled reads are retried and the task is stopped", async () => {
  // GIVEN ECS throttling the first 2 calls WHEN the finding is simulated
  const report = await simulate("throttled");
  // THEN
  expect(callsOf(report)).toEqual([
    "describeTasks Ecs.EcsException",
    "describeTasks Ecs.EcsException",
    "describeTasks ok",
    "describeClusters ok",
    "stopTask ok",
    "publish ok",
  ]);
  expect(report.run!.notices.map((n) => n.subject)).toEqual([GUARDED_SUBJECTS.STOPPED]);
});

test("guarded + access-denied: the FAILED notice is sent and the execution fails with the ECS error", async () => {
  // GIVEN a role denied ecs:StopTask WHEN the finding is simulated
  const report = await simulate("access-denied");
  // THEN
  expect(callsOf(report)).toEqual(["describeTasks ok", "describeClusters ok", "stopTask Ecs.AccessDeniedException", "publish ok"]);
  expect(report.run!.notices.map((n) => n.subject)).toEqual([GUARDED_SUBJECTS.FAILED]);
  expect(report.run).toMatchObject({ status: "FAILED", error: "Ecs.AccessDeniedException" });
});

test("guarded: an exemption tag the finding reports on the task is honoured, and nothing is stopped", async () => {
  // GIVEN a finding whose task carries the default exemption tag
  const finding = ecsRuntimeFinding();
  finding.resource.ecsClusterDetails.taskDetails.tags = [{ key: "guardduty-response", value: "exempt" }];
  // WHEN it is simulated against a running task
  const report = await simulate("running", finding);
  // THEN the task is left running and the topic is told why
  expect(callsOf(report)).not.toContain("stopTask ok");
  expect(report.run!.notices.map((n) => n.subject)).toEqual([GUARDED_SUBJECTS.EXEMPT_BY_TASK_TAG]);
});

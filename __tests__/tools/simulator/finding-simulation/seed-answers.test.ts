/** The seed workflow (built-in default config) in each simulated AWS answer. */
import { simulateFinding } from "../../../../tools/simulator/finding-simulation/simulate-finding";
import { parseAnswerChoice } from "../../../../tools/simulator/finding-simulation/simulated-answers";
import { CLUSTER, ecsRuntimeFinding, responseOf, TASK, TITLE } from "./sample-findings";

const SUCCESS = "Step Functions succeeded in stopping ECS Task with runtime security threats detected by GuardDuty";
const FAILURE = "Step Functions failed to stop ECS Task with runtime security threats detected by GuardDuty";

const simulate = async (answer: "running" | "stopped" | "not-found" | "throttled" | "access-denied") =>
  responseOf(await simulateFinding({ findingDocument: ecsRuntimeFinding(), answers: parseAnswerChoice([answer]) }));
const callsOf = (response: Awaited<ReturnType<typeof simulate>>) => response.run!.calls.map((c) => `${c.service}:${c.action} ${c.outcome}`);

test("seed + running: the task is stopped with the finding title as reason and the success notice is sent", async () => {
  // GIVEN the seed workflow and a running task WHEN the finding is simulated
  const report = await simulate("running");
  // THEN
  expect(report.run).toMatchObject({ status: "SUCCEEDED" });
  expect(report.run!.calls[0]).toMatchObject({
    state: "StopTask",
    service: "ecs",
    action: "stopTask",
    parameters: { Cluster: CLUSTER, Task: TASK, Reason: TITLE },
    outcome: "ok",
  });
  expect(report.run!.notices.map((n) => n.subject)).toEqual([SUCCESS]);
  expect(report.run!.notices[0].message).toContain(`Task: ${TASK}`);
});

test("seed + running: the transformed input is the seed's four fields", async () => {
  // GIVEN the seed workflow WHEN the finding is simulated
  const report = await simulate("running");
  // THEN
  expect(report.input).toMatchObject({ delivered: true, json: { EcsClusterArn: CLUSTER, TaskArn: TASK, GuardDutyFindingTitle: TITLE } });
});

test("seed: the report says a copy with the intrinsic calls' trailing whitespace trimmed was run", async () => {
  // GIVEN the seed definition (a newline after each States.Format) WHEN it is run
  const report = await simulate("running");
  // THEN
  expect(report.run!.trimmedIntrinsicWhitespace).toBe(true);
  expect(report.notes.join("\n")).toContain("a copy with that trailing whitespace trimmed was run");
});

test("seed + stopped: StopTask is called anyway (it is idempotent) and the success notice is sent", async () => {
  // GIVEN a task that is already stopped WHEN the finding is simulated
  const report = await simulate("stopped");
  // THEN
  expect(callsOf(report)).toEqual(["ecs:stopTask ok", "sns:publish ok"]);
  expect(report.run!.notices.map((n) => n.subject)).toEqual([SUCCESS]);
});

test("seed + not-found: StopTask fails, the failure notice carries the error, and the execution still succeeds", async () => {
  // GIVEN a task ECS does not know WHEN the finding is simulated
  const report = await simulate("not-found");
  // THEN
  expect(callsOf(report)).toEqual(["ecs:stopTask Ecs.InvalidParameterException", "sns:publish ok"]);
  expect(report.run!.notices.map((n) => n.subject)).toEqual([FAILURE]);
  expect(report.run!.notices[0].message).toContain("Error: Ecs.InvalidParameterException");
  expect(report.run!.status).toBe("SUCCEEDED");
});

test("seed + throttled: StopTask is not retried, so throttling ends in the failure notice", async () => {
  // GIVEN ECS throttling the first calls WHEN the finding is simulated
  const report = await simulate("throttled");
  // THEN
  expect(callsOf(report)).toEqual(["ecs:stopTask Ecs.EcsException", "sns:publish ok"]);
  expect(report.run!.calls[0].errorMessage).toBe("Rate exceeded");
  expect(report.run!.notices.map((n) => n.subject)).toEqual([FAILURE]);
});

test("seed + access-denied: StopTask is denied and the failure notice is sent", async () => {
  // GIVEN a role denied ecs:StopTask WHEN the finding is simulated
  const report = await simulate("access-denied");
  // THEN
  expect(callsOf(report)).toEqual(["ecs:stopTask Ecs.AccessDeniedException", "sns:publish ok"]);
  expect(report.run!.notices.map((n) => n.subject)).toEqual([FAILURE]);
  expect(report.run!.notices[0].message).toContain("is not authorized to perform: ecs:StopTask");
  expect(report.run!.status).toBe("SUCCEEDED");
});

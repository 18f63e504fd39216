/**
 * The safety rails composed into the guarded ECS workflow, executed in-process (aws-local-stepfunctions) against
 * the fake ECS, SNS, SSM and DynamoDB through the real SDK clients: one test per branch of each rail.
 */
import { capReasons } from "../../../functions/safety-rails/blast-radius-cap";
import { HELD_OUTCOME } from "../../../functions/safety-rails/compose";
import { KILL_SWITCH_REASONS } from "../../../functions/safety-rails/kill-switch";
import { guardedDefinition, guardedFindingInput, RUNNING_TASK, TASK_ARN } from "../../tools/simulator/fixtures";
import { safetyRailsStateOf } from "../../../tools/simulator/fake-safety-rails-services";
import type { RunStateMachineResult } from "../../../tools/simulator/run-state-machine";
import { noticeFields, outcomeOf } from "../../support/workflow-notices";
import { composeSafetyRails } from "../../../functions/safety-rails/compose";
import { BOTH_RAILS, railedEcsDefinition, railWorld, runRailed, TABLE_NAME } from "./fixtures";

const task = (n: number): string => TASK_ARN.replace(/[0-9a-f]{4}$/u, n.toString(16).padStart(4, "0"));
const runningTasks = (count: number) => Array.from({ length: count }, (_, n) => ({ ...RUNNING_TASK, taskArn: task(n) }));
const inputFor = (n: number) => guardedFindingInput({ ecs: { taskArn: task(n) } });
const stops = (result: RunStateMachineResult): number => result.calls.filter((call) => call.action === "stopTask").length;
const held = (result: RunStateMachineResult): Record<string, string> => {
  expect(result.published.map(outcomeOf)).toEqual([HELD_OUTCOME]);
  return noticeFields(result.published[0]);
};
const REASONS = capReasons({ maxActions: 3, window: "hour" }, "cluster");

describe("kill switch", () => {
  test("switch at act: the task is stopped and the action counted", async () => {
    // GIVEN the switch at "act" and an empty counter
    const world = railWorld("act");
    // WHEN a finding arrives
    const result = await runRailed(world);
    // THEN the task is stopped, STOPPED notified, and the cluster's hour counts one action
    expect(result.status).toBe("SUCCEEDED");
    expect(stops(result)).toBe(1);
    expect(result.published.map(outcomeOf)).toEqual(["STOPPED"]);
    expect([...safetyRailsStateOf(world).tables.get(TABLE_NAME)!.items.values()].map((item) => item.actions)).toEqual([{ N: "1" }]);
  });

  test("switch at notify-only: HELD notice with the switch's state, nothing stopped, cap not consumed", async () => {
    // GIVEN the switch at "notify-only"
    const world = railWorld("notify-only");
    // WHEN a finding arrives
    const result = await runRailed(world);
    // THEN nothing is stopped, the HELD notice says why and shows the switch, and the counter is untouched
    expect(result.status).toBe("SUCCEEDED");
    expect(stops(result)).toBe(0);
    const fields = held(result);
    expect(fields["Safety rail"]).toBe("kill-switch");
    expect(fields["Why not acted"]).toBe(KILL_SWITCH_REASONS.on);
    expect(fields["Kill switch"]).toBe("notify-only");
    expect(safetyRailsStateOf(world).updateItemCalls).toEqual([]);
  });

  test("switch parameter missing: held as unreadable (fail closed)", async () => {
    // GIVEN no switch parameter (GetParameter answers ParameterNotFound)
    const world = railWorld(null);
    // WHEN a finding arrives
    const result = await runRailed(world);
    // THEN the read is not retried, nothing is stopped, and the notice says the switch is unreadable
    expect(result.calls.filter((call) => call.action === "getParameter")).toHaveLength(1);
    expect(stops(result)).toBe(0);
    const fields = held(result);
    expect(fields["Why not acted"]).toBe(KILL_SWITCH_REASONS.unreadable);
    expect(fields["Kill switch"]).toBe("unreadable");
  });

  test("switch read throttled past the retries: held as unreadable", async () => {
    // GIVEN SSM throttling every call
    const world = railWorld("act");
    safetyRailsStateOf(world).ssmFailure = { code: "ThrottlingException", remaining: 100 };
    // WHEN a finding arrives
    const result = await runRailed(world);
    // THEN the read is tried 1 + 5 times, then the execution holds
    expect(result.calls.filter((call) => call.action === "getParameter")).toHaveLength(6);
    expect(stops(result)).toBe(0);
    expect(held(result)["Why not acted"]).toBe(KILL_SWITCH_REASONS.unreadable);
  });

  test("switch at an unexpected value: held (fail closed)", async () => {
    // GIVEN the switch at "ACT" (not the exact value)
    const world = railWorld("ACT");
    // WHEN a finding arrives
    const result = await runRailed(world);
    // THEN nothing is stopped
    expect(stops(result)).toBe(0);
    expect(held(result)).toMatchObject({ "Why not acted": KILL_SWITCH_REASONS.unexpected, "Kill switch": "ACT" });
  });

  test("dry run: the switch is not read and the cap not consumed", async () => {
    // GIVEN the guarded workflow in dry run, with both rails
    const world = railWorld("act");
    const definition = composeSafetyRails(guardedDefinition({ dryRun: true }), "ecs-stop-task", "aws", BOTH_RAILS).definition;
    // WHEN a finding arrives
    const result = await runRailed(world, definition);
    // THEN only the dry-run notice goes out
    expect(result.published.map(outcomeOf)).toEqual(["DRY_RUN"]);
    expect(result.calls.map((call) => call.action)).not.toContain("getParameter");
    expect(safetyRailsStateOf(world).updateItemCalls).toEqual([]);
  });
});

describe("blast-radius cap", () => {
  test("cap reached: the fourth action of the hour is held and counted as a failed conditional check", async () => {
    // GIVEN a cap of 3 per hour and cluster, and four running tasks
    const world = railWorld("act", { tasks: runningTasks(4) });
    // WHEN four findings arrive one after the other in the same hour
    const results = [];
    for (let n = 0; n < 4; n++) results.push(await runRailed(world, railedEcsDefinition(), { input: inputFor(n) }));
    // THEN three tasks are stopped, the fourth is HELD with the cap's reason
    expect(results.map(stops)).toEqual([1, 1, 1, 0]);
    expect(held(results[3])).toMatchObject({ "Safety rail": "blast-radius-cap", "Why not acted": REASONS.reached, "Kill switch": "act" });
    expect(safetyRailsStateOf(world).tables.get(TABLE_NAME)!.conditionalCheckFailures).toBe(1);
  });

  test("cap window expired: the next hour's window acts again", async () => {
    // GIVEN the 03:00 hour at its cap
    const world = railWorld("act", { tasks: runningTasks(4) });
    for (let n = 0; n < 3; n++) await runRailed(world, railedEcsDefinition(), { input: inputFor(n) });
    // WHEN a finding arrives at 04:00:01
    const result = await runRailed(world, railedEcsDefinition(), { input: inputFor(3), enteredTime: "2026-12-05T04:00:01.000Z" });
    // THEN it is counted in a new window and the task is stopped
    expect(stops(result)).toBe(1);
    expect([...safetyRailsStateOf(world).tables.get(TABLE_NAME)!.items.keys()]).toEqual([
      "ecs-stop-task#arn:aws:ecs:ap-northeast-1:123456789012:cluster/prod#2026-12-05T03",
      "ecs-stop-task#arn:aws:ecs:ap-northeast-1:123456789012:cluster/prod#2026-12-05T04",
    ]);
  });

  test("each window's item carries its TTL: the window month's start plus 40 days", async () => {
    // GIVEN an empty counter
    const world = railWorld("act");
    // WHEN a finding is acted on at 2026-12-05T03:07
    await runRailed(world);
    // THEN its item expires at 2026-12-01 + 40 days (2027-01-10T00:00:00Z)
    const [item] = [...safetyRailsStateOf(world).tables.get(TABLE_NAME)!.items.values()];
    expect(item.expiresAt).toEqual({ N: String(Date.UTC(2027, 0, 10) / 1000) });
  });

  test("an expired window's item (TTL passed) no longer counts", async () => {
    // GIVEN the hour at its cap, and the clock of DynamoDB past the items' TTL
    const world = railWorld("act", { tasks: runningTasks(4) });
    for (let n = 0; n < 3; n++) await runRailed(world, railedEcsDefinition(), { input: inputFor(n) });
    safetyRailsStateOf(world).nowEpochSeconds = Date.UTC(2027, 0, 10) / 1000;
    // WHEN a finding arrives with the same window key
    const result = await runRailed(world, railedEcsDefinition(), { input: inputFor(3) });
    // THEN the counter starts again and the task is stopped
    expect(stops(result)).toBe(1);
  });

  test("counter update failing with anything but the conditional check: held, not acted (fail closed)", async () => {
    // GIVEN DynamoDB answering ProvisionedThroughputExceededException to every call
    const world = railWorld("act");
    safetyRailsStateOf(world).dynamoDbFailure = { code: "ProvisionedThroughputExceededException", remaining: 100 };
    // WHEN a finding arrives
    const result = await runRailed(world);
    // THEN the update is retried (1 + 5 attempts), then the execution holds without stopping the task
    expect(safetyRailsStateOf(world).updateItemCalls).toHaveLength(6);
    expect(stops(result)).toBe(0);
    expect(held(result)["Why not acted"]).toBe(REASONS.unavailable);
  });

  test("counter table missing: held after one attempt", async () => {
    // GIVEN no counter table
    const world = railWorld("act");
    safetyRailsStateOf(world).tables.clear();
    // WHEN a finding arrives
    const result = await runRailed(world);
    // THEN DynamoDB.ResourceNotFoundException is not retried and nothing is stopped
    expect(stops(result)).toBe(0);
    expect(held(result)["Why not acted"]).toBe(REASONS.unavailable);
  });

  test("clock outside the TTL table's years: held", async () => {
    // GIVEN a clock in 2075
    const world = railWorld("act");
    // WHEN a finding arrives
    const result = await runRailed(world, railedEcsDefinition(), { enteredTime: "2075-01-01T00:00:00.000Z" });
    // THEN nothing is counted nor stopped
    expect(stops(result)).toBe(0);
    expect(held(result)["Why not acted"]).toBe(REASONS.clock);
    expect(safetyRailsStateOf(world).updateItemCalls).toEqual([]);
  });

  test("a kill-switched execution does not consume the cap", async () => {
    // GIVEN the switch at notify-only for three findings, then at act
    const world = railWorld("notify-only", { tasks: runningTasks(4) });
    for (let n = 0; n < 3; n++) await runRailed(world, railedEcsDefinition(), { input: inputFor(n) });
    safetyRailsStateOf(world).parameters.set("/guardduty-runtime-response/kill-switch", "act");
    // WHEN a fourth finding arrives
    const result = await runRailed(world, railedEcsDefinition(), { input: inputFor(3) });
    // THEN it is the hour's first action
    expect(stops(result)).toBe(1);
    expect([...safetyRailsStateOf(world).tables.get(TABLE_NAME)!.items.values()][0].actions).toEqual({ N: "1" });
  });
});

/**
 * The blast-radius cap under a finding storm: 500 findings in one minute on one cluster, 500 concurrent executions
 * of the guarded ECS workflow with the rails (aws-local-stepfunctions, in-process, interleaving at every await),
 * against one fake DynamoDB table through the real SDK client: exactly `maxActions` tasks are stopped.
 */
import { HELD_OUTCOME } from "../../../functions/safety-rails/compose";
import { safetyRailsStateOf } from "../../../tools/simulator/fake-safety-rails-services";
import { outcomeOf } from "../../support/workflow-notices";
import { guardedFindingInput, RUNNING_TASK, TASK_ARN } from "../../tools/simulator/fixtures";
import { BOTH_RAILS, railedEcsDefinition, railWorld, runRailed, TABLE_NAME } from "./fixtures";

const STORM = 500;
const MAX_ACTIONS = 7;
const task = (n: number): string => TASK_ARN.replace(/[0-9a-f]{4}$/u, n.toString(16).padStart(4, "0"));

test("500 concurrent findings in one minute lead to exactly maxActions stopped tasks, the rest HELD", async () => {
  // GIVEN 500 running tasks in one cluster and a cap of 7 per minute
  const world = railWorld("act", { tasks: Array.from({ length: STORM }, (_, n) => ({ ...RUNNING_TASK, taskArn: task(n) })) });
  const definition = railedEcsDefinition({ ...BOTH_RAILS, blastRadiusCap: { ...BOTH_RAILS.blastRadiusCap!, maxActions: MAX_ACTIONS, window: "minute" } });
  // WHEN 500 executions run concurrently, entering the cap within the same minute
  const results = await Promise.all(
    Array.from({ length: STORM }, (_, n) =>
      runRailed(world, definition, {
        input: guardedFindingInput({ ecs: { taskArn: task(n) } }),
        enteredTime: `2026-12-05T03:07:${String(Math.floor((n * 60) / STORM)).padStart(2, "0")}.000Z`,
      }),
    ),
  );
  // THEN exactly 7 tasks are stopped, 493 executions are HELD, and the one counter item says 7
  // (each run's own `published` is a slice of the world's list: with concurrent runs, read the world's)
  expect(results.map((result) => result.status)).toEqual(Array.from({ length: STORM }, () => "SUCCEEDED"));
  const outcomes = world.sns.published.map(outcomeOf);
  expect(outcomes).toHaveLength(STORM);
  expect(outcomes.filter((outcome) => outcome === "STOPPED")).toHaveLength(MAX_ACTIONS);
  expect(outcomes.filter((outcome) => outcome === HELD_OUTCOME)).toHaveLength(STORM - MAX_ACTIONS);
  expect(world.ecs.tasks.filter((t) => t.desiredStatus === "STOPPED")).toHaveLength(MAX_ACTIONS);
  const table = safetyRailsStateOf(world).tables.get(TABLE_NAME)!;
  expect([...table.items.values()].map((item) => item.actions)).toEqual([{ N: String(MAX_ACTIONS) }]);
  expect(table.conditionalCheckFailures).toBe(STORM - MAX_ACTIONS);
  // (about 5 s alone on one core; the timeout leaves room for a shared machine)
}, 30_000);

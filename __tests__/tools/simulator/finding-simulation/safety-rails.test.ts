/** `simulate` plays the safety rails: the switch read at act, the action counted, then the action. */
import { parseConfig } from "../../../../config/load-config";
import { simulateFinding } from "../../../../tools/simulator/finding-simulation/simulate-finding";
import { ecsRuntimeFinding, REGION, responseOf } from "./sample-findings";

test("a guarded ECS pipeline behind both rails reads the switch, counts the action, stops the task, and says how the rails were played", async () => {
  // GIVEN the guarded ECS workflow with the kill switch and a cap
  const config = parseConfig(
    { region: REGION, ecs_auto_stop: { workflow: "guarded" }, safety_rails: { kill_switch: true, blast_radius_cap: { ecs_auto_stop: { max_actions: 2 } } } },
    "rails.json",
  );
  // WHEN an ECS finding is simulated
  const response = responseOf(await simulateFinding({ config, findingDocument: ecsRuntimeFinding() }));
  // THEN the rails' calls come before the stop, which succeeds, and a note says what was assumed
  const calls = response.run!.calls.map((call) => `${call.service}:${call.action}:${call.outcome}`);
  expect(calls.slice(calls.indexOf("ssm:getParameter:ok"))).toEqual(["ssm:getParameter:ok", "dynamodb:updateItem:ok", "ecs:stopTask:ok", "sns:publish:ok"]);
  expect(response.run!.notices.map((notice) => notice.attributes.outcome)).toEqual(["STOPPED"]);
  expect(response.notes).toContainEqual(expect.stringContaining("Safety rails played with the kill switch at act and an empty blast-radius counter"));
});

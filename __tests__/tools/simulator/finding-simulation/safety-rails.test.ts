/** `simulate` plays the safety rails: the switch, the counter and the approval gate as chosen, the rails it does not have named. */
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

test("a finding below the gate's min_severity goes on without a request, and the report says the gate did not ask and why", async () => {
  // GIVEN an ECS gate asking from severity 9 up, and a severity 8 finding
  const config = parseConfig(
    { region: REGION, ecs_auto_stop: { workflow: "guarded" }, safety_rails: { approval_gate: { ecs_auto_stop: { timeout_seconds: 600, min_severity: 9 } } } },
    "gate.json",
  );
  // WHEN simulated with --approval deny
  const response = responseOf(await simulateFinding({ config, findingDocument: ecsRuntimeFinding(), rails: { approval: "deny" } }));
  // THEN no request is published, the task is stopped, and no other answer is run
  expect(response.run!.calls.some((call) => call.action === "publish.waitForTaskToken")).toBe(false);
  expect(response.run!.notices.map((notice) => notice.attributes.outcome)).toEqual(["STOPPED"]);
  expect(response.safetyRails?.approvalGate).toEqual({
    timeoutSeconds: 600,
    onTimeout: "hold",
    minSeverity: 9,
    answer: "deny",
    asked: false,
    otherAnswers: [],
  });
  expect(response.notes).toContainEqual(
    "The approval gate did not ask: not required: severity below the gate's threshold (min_severity 9), so --approval changes nothing here.",
  );
});

test("a rail option no rail of the firing pipeline reads is named in a note, and the run is as without it", async () => {
  // GIVEN the guarded ECS workflow with the kill switch only
  const config = parseConfig({ region: REGION, ecs_auto_stop: { workflow: "guarded" }, safety_rails: { kill_switch: true } }, "switch.json");
  // WHEN simulated with --cap-full and --approval timeout
  const response = responseOf(await simulateFinding({ config, findingDocument: ecsRuntimeFinding(), rails: { capFull: true, approval: "timeout" } }));
  // THEN the task is stopped, and the notes say both options changed nothing
  expect(response.run!.notices.map((notice) => notice.attributes.outcome)).toEqual(["STOPPED"]);
  expect(response.notes).toEqual(
    expect.arrayContaining([
      "--cap-full changes nothing here: this workflow has no blast-radius cap.",
      "--approval timeout changes nothing here: this workflow has no approval gate.",
    ]),
  );
});

test("a workflow without rails has no safety rails report", async () => {
  // GIVEN the guarded ECS workflow without rails WHEN simulated THEN no rails section and no rails note
  const config = parseConfig({ region: REGION, ecs_auto_stop: { workflow: "guarded" } }, "plain.json");
  const response = responseOf(await simulateFinding({ config, findingDocument: ecsRuntimeFinding() }));
  expect(response.safetyRails).toBeUndefined();
  expect(response.notes.filter((note) => note.includes("Safety rails"))).toEqual([]);
});

/** The human-readable report `npm run simulate` prints. */
import { parseConfig } from "../../../../config/load-config";
import { formatSimulationReport } from "../../../../tools/simulator/finding-simulation/report-text";
import { simulateFinding } from "../../../../tools/simulator/finding-simulation/simulate-finding";
import { parseAnswerChoice } from "../../../../tools/simulator/finding-simulation/simulated-answers";
import { ecsRuntimeFinding, TASK } from "./sample-findings";

test("the text report gives the verdict, the input, each AWS call in order, the notices and the error", async () => {
  // GIVEN a guarded stack whose StopTask is denied
  const config = parseConfig({ ecs_auto_stop: { workflow: "guarded" } }, "test");
  const report = await simulateFinding({
    config,
    configSource: "guarded.json",
    findingDocument: ecsRuntimeFinding(),
    answers: parseAnswerChoice(["access-denied"]),
  });
  // WHEN it is printed
  const text = formatSimulationReport(report);
  // THEN each section is there, in order
  expect(text).toContain("Stack:      ecs-runtime-monitoring-stop-task-dev-ap-northeast-1 (config: guarded.json)");
  expect(text).toContain(`Resource:   ECSCluster\n            ECS task ${TASK} of cluster `);
  expect(text).toContain("Simulated:  --answer ecs-stop-task:access-denied: the task is RUNNING, but the state machine's role is denied ecs:StopTask");
  expect(text).toContain("Fires: yes.");
  expect(text).toContain(`"taskArn": "${TASK}"`);
  const sections = [
    "## 1. ECS task auto-stop: EventBridge rule ecs-runtime-monitoring-stop-task-dev-rule",
    "### 1.1 Input to the state machine",
    "### 1.2 State machine run",
    "Status: FAILED",
    "AWS calls (4):",
    "Notices published (1):",
    "Error: Ecs.AccessDeniedException",
  ];
  const positions = sections.map((s) => text.indexOf(s));
  expect(positions.every((p) => p >= 0)).toBe(true);
  expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  expect(text).toMatch(/3\. ecs:stopTask \(state "Stop Task"\) -> Ecs\.AccessDeniedException: User: .* is not authorized to perform: ecs:StopTask/);
  expect(text).toContain("Attributes: outcome=FAILED");
});

test("the text report of a finding that does not fire names the unmatched keys and stops there", async () => {
  // GIVEN an ECSCluster finding of feature EbsVolumeScan, which the rule does not match WHEN its report is printed
  const finding = ecsRuntimeFinding();
  finding.service.featureName = "EbsVolumeScan";
  const report = await simulateFinding({ findingDocument: finding });
  const text = formatSimulationReport(report);
  // THEN
  expect(text).toContain('Fires: no. Pattern keys not matched: detail\n  - detail.service.featureName: expected ["RuntimeMonitoring"], found "EbsVolumeScan"');
  expect(text).not.toContain("### 1.1");
  expect(text).not.toContain("### 1.2");
  expect(text).toContain("No rule fires: EventBridge starts no state machine, so nothing else happens.");
});

test("control characters in finding text are escaped in the text report", async () => {
  // GIVEN a finding title carrying a terminal escape sequence
  const finding = { ...ecsRuntimeFinding(), title: "evil \u001b[2J title" };
  // WHEN the report is printed
  const text = formatSimulationReport(await simulateFinding({ findingDocument: finding }));
  // THEN the escape character never reaches the terminal
  expect(text).not.toContain("\u001b");
  expect(text).toContain("evil \\u001b[2J title");
});

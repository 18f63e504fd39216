/** `npm run simulate` as users run it: scripts/simulate.ts in a separate process. */
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ecsRuntimeFinding, TASK } from "./sample-findings";

const SCRIPT = resolve(__dirname, "../../scripts/simulate.ts");
const TSX = require.resolve("tsx/cli");

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runSimulate(args: string[]): Promise<Run> {
  const cwd = mkdtempSync(join(tmpdir(), "simulate-"));
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [TSX, SCRIPT, ...args], { cwd, env: { PATH: "/usr/bin:/bin", HOME: cwd } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", fail);
    child.on("close", (status) => done({ status, stdout, stderr }));
  });
}

const dir = mkdtempSync(join(tmpdir(), "simulate-input-"));
const findingFile = join(dir, "ecs-runtime.finding.json");
const notAFindingFile = join(dir, "ec2-event.json");
const guardedConfigFile = join(dir, "guarded.json");
writeFileSync(findingFile, JSON.stringify(ecsRuntimeFinding()));
writeFileSync(notAFindingFile, JSON.stringify({ "detail-type": "EC2 Instance State-change Notification", source: "aws.ec2", detail: {} }));
writeFileSync(guardedConfigFile, JSON.stringify({ ecs_auto_stop: { workflow: "guarded" } }));

// The processes run concurrently (each takes about a second); every test reads one of them.
let runs: Record<"text" | "json" | "notAFinding" | "missingFile" | "unknownAnswer", Run>;
beforeAll(async () => {
  const [text, json, notAFinding, missingFile, unknownAnswer] = await Promise.all([
    runSimulate([findingFile]),
    runSimulate([findingFile, "--config", guardedConfigFile, "--answer", "stopped", "--json"]),
    runSimulate([notAFindingFile]),
    runSimulate([join(dir, "no-such-file.json")]),
    runSimulate([findingFile, "--answer=sometimes"]),
  ]);
  runs = { text, json, notAFinding, missingFile, unknownAnswer };
}, 20_000);

// GIVEN each command line above WHEN scripts/simulate.ts runs it THEN:

test("a finding file is simulated: exit 0 and the text report on stdout", () => {
  expect(runs.text.status).toBe(0);
  expect(runs.text.stdout).toContain("# GuardDuty finding simulation");
  expect(runs.text.stdout).toContain("Fires: yes.");
  expect(runs.text.stdout).toContain(`1. ecs:stopTask (state "StopTask") -> ok`);
  expect(runs.text.stdout).toContain("Subject: Step Functions succeeded in stopping ECS Task");
});

test("--json prints the report as JSON, with --config and --answer applied", () => {
  expect(runs.json.status).toBe(0);
  const report = JSON.parse(runs.json.stdout);
  expect(report).toMatchObject({ answer: "stopped", stack: { configSource: guardedConfigFile, workflow: "guarded" }, finding: { taskArn: TASK }, rule: { fires: true } });
  expect(report.run.calls.map((c: { action: string }) => c.action)).toEqual(["describeTasks", "publish"]);
});

test("a file that is not a finding exits 2 with what was expected and what was found", () => {
  expect(runs.notAFinding.status).toBe(2);
  expect(runs.notAFinding.stdout).toBe("");
  expect(runs.notAFinding.stderr).toContain(
    `${notAFindingFile}: Not a GuardDuty finding: detail-type is 'EC2 Instance State-change Notification'; source is 'aws.ec2'. Expected an EventBridge event with detail-type 'GuardDuty Finding'`,
  );
});

test("a file that cannot be read exits 2 and names it", () => {
  expect(runs.missingFile.status).toBe(2);
  expect(runs.missingFile.stderr).toContain(`Cannot read the finding file ${join(dir, "no-such-file.json")}: ENOENT`);
});

test("an unknown answer exits 2 and lists the answers", () => {
  expect(runs.unknownAnswer.status).toBe(2);
  expect(runs.unknownAnswer.stderr).toContain("Unknown answer 'sometimes': expected one of running, stopped, not-found, throttled, access-denied.");
});

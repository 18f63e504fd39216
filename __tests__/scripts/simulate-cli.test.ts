/** `npm run simulate` as users run it: scripts/simulate.ts's main, in process, with its output captured. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main, MAX_FINDING_FILE_BYTES } from "../../scripts/simulate";
import { ecsRuntimeFinding, TASK } from "../tools/simulator/finding-simulation/sample-findings";

interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function runSimulate(args: string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const status = await main(args, { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } });
  return { status, stdout, stderr };
}

const dir = mkdtempSync(join(tmpdir(), "simulate-input-"));
const findingFile = join(dir, "ecs-runtime.finding.json");
const notAFindingFile = join(dir, "ec2-event.json");
const guardedConfigFile = join(dir, "guarded.json");
writeFileSync(findingFile, JSON.stringify(ecsRuntimeFinding()));
writeFileSync(notAFindingFile, JSON.stringify({ "detail-type": "EC2 Instance State-change Notification", source: "aws.ec2", detail: {} }));
writeFileSync(guardedConfigFile, JSON.stringify({ ecs_auto_stop: { workflow: "guarded" } }));

// GIVEN each command line WHEN scripts/simulate.ts's main runs it THEN:

test("a finding file is simulated: exit 0 and the text report on stdout", async () => {
  const run = await runSimulate([findingFile]);
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  expect(run.stdout).toContain("# GuardDuty finding simulation");
  expect(run.stdout).toContain("Fires: yes.");
  expect(run.stdout).toContain(`1. ecs:stopTask (state "StopTask") -> ok`);
  expect(run.stdout).toContain("Subject: Step Functions succeeded in stopping ECS Task");
});

test("--json prints the report as JSON, with --config and --answer applied", async () => {
  const run = await runSimulate([findingFile, "--config", guardedConfigFile, "--answer", "stopped", "--json"]);
  expect(run.status).toBe(0);
  const report = JSON.parse(run.stdout);
  expect(report).toMatchObject({ answer: "stopped", stack: { configSource: guardedConfigFile, workflow: "guarded" }, finding: { taskArn: TASK }, rule: { fires: true } });
  expect(report.run.calls.map((c: { action: string }) => c.action)).toEqual(["describeTasks", "publish"]);
});

test("a file that is not a finding exits 2 with what was expected and what was found", async () => {
  const run = await runSimulate([notAFindingFile]);
  expect(run.status).toBe(2);
  expect(run.stdout).toBe("");
  expect(run.stderr).toContain(
    `${notAFindingFile}: Not a GuardDuty finding: detail-type is 'EC2 Instance State-change Notification'; source is 'aws.ec2'. Expected an EventBridge event with detail-type 'GuardDuty Finding'`,
  );
});

test("a file that cannot be read exits 2 and names it", async () => {
  const run = await runSimulate([join(dir, "no-such-file.json")]);
  expect(run.status).toBe(2);
  expect(run.stderr).toContain(`Cannot read the finding file ${join(dir, "no-such-file.json")}: ENOENT`);
});

test("an unknown answer exits 2 and lists the answers", async () => {
  const run = await runSimulate([findingFile, "--answer=sometimes"]);
  expect(run.status).toBe(2);
  expect(run.stderr).toContain("Unknown answer 'sometimes': expected one of running, stopped, not-found, throttled, access-denied.");
});

test("an empty --config exits 2 instead of simulating the built-in default", async () => {
  const run = await runSimulate([findingFile, "--config="]);
  expect(run.status).toBe(2);
  expect(run.stdout).toBe("");
  expect(run.stderr.split("\n")[0]).toBe("--config needs a value, got an empty one");
});

describe("the finding file's size", () => {
  const tooLarge = `The finding file %s is larger than ${MAX_FINDING_FILE_BYTES} bytes (1 MiB): a GuardDuty finding event is at most 256 KB (EventBridge's event size limit); pass one finding`;

  test("a file one byte over 1 MiB exits 2 and says why", async () => {
    // GIVEN a finding padded with whitespace to 1 MiB + 1 byte
    const path = join(dir, "large.finding.json");
    const text = JSON.stringify(ecsRuntimeFinding());
    writeFileSync(path, text + " ".repeat(MAX_FINDING_FILE_BYTES + 1 - text.length));
    // WHEN simulated  THEN refused
    const run = await runSimulate([path]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.split("\n")[0]).toBe(tooLarge.replace("%s", path));
  });

  test("a file of exactly 1 MiB is read", async () => {
    const path = join(dir, "at-limit.finding.json");
    const text = JSON.stringify(ecsRuntimeFinding());
    writeFileSync(path, text + " ".repeat(MAX_FINDING_FILE_BYTES - text.length));
    const run = await runSimulate([path]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });

  test("an endless device is refused after 1 MiB, not read to the end", async () => {
    // GIVEN /dev/zero, whose size says 0 and which never ends  WHEN simulated  THEN refused
    const run = await runSimulate(["/dev/zero"]);
    expect(run.status).toBe(2);
    expect(run.stderr.split("\n")[0]).toBe(tooLarge.replace("%s", "/dev/zero"));
  });
});

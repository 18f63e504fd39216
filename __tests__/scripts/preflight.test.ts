/**
 * `npm run preflight` as users run it: scripts/preflight.ts's main, in process, output captured, the real SDK
 * clients answered by in-process fake services (no network, fake static credentials).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../scripts/preflight";
import { createFakePreflightAws, type FakePreflightAwsOptions } from "../tools/preflight/fake-preflight-aws";

interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly requests: { service: string; action: string; input: Record<string, unknown> }[];
}

async function runPreflight(args: string[], fake: FakePreflightAwsOptions = {}): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const aws = createFakePreflightAws(fake);
  const status = await main(
    args,
    { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } },
    aws.clients,
  );
  return { status, stdout, stderr, requests: aws.requests };
}

const dir = mkdtempSync(join(tmpdir(), "preflight-cli-"));
const ec2Config = join(dir, "ec2.json");
// EC2 isolation only, acting (not dry run), in the fake account.
writeFileSync(ec2Config, JSON.stringify({ account_id: "111122223333", ecs_auto_stop: { enabled: false }, ec2_isolation: { enabled: true, dry_run: false } }));

test("every check passing: exit 0, the table with PASS rows and the summary line", async () => {
  // GIVEN an EC2 isolation config and an account where every call is allowed
  // WHEN preflight runs
  const run = await runPreflight(["--config", ec2Config]);
  // THEN it exits 0 and prints the table
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(/^RESULT {2}CHECK/u);
  expect(run.stdout).toContain("PASS    credentials");
  expect(run.stdout).toMatch(/PASS {4}test-state +\S+ ec2-isolate-instance: Is Instance Found/u);
  expect(run.stdout).toMatch(/PASS {4}iam-simulate/u);
  expect(run.stdout).toMatch(/PASS {4}ec2-dry-run .*Replace Security Groups \(ec2:ModifyNetworkInterfaceAttribute\)/u);
  expect(run.stdout).toMatch(/\d+ passed, 0 failed, \d+ skipped/u);
});

test("--json prints the rows as JSON", async () => {
  // WHEN preflight runs with --json
  const run = await runPreflight(["--config", ec2Config, "--json"]);
  // THEN stdout is the rows
  const rows = JSON.parse(run.stdout) as { check: string; result: string }[];
  expect(rows[0]).toEqual({
    check: "credentials",
    target: "ecs-runtime-monitoring-stop-task-dev-ap-northeast-1",
    result: "pass",
    detail: "account 111122223333, region ap-northeast-1",
    fix: "",
  });
  expect(new Set(rows.map((r) => r.check))).toEqual(new Set(["credentials", "test-state", "iam-simulate", "ec2-dry-run"]));
});

test("no credentials: a FAIL row saying to set them (nothing was checked), never a stack trace", async () => {
  // GIVEN a credential chain that finds nothing
  const run = await runPreflight(["--config", ec2Config], { noCredentials: true });
  // THEN the one row fails with the fix, exit 1
  expect(run.status).toBe(1);
  expect(run.stdout).toContain(
    "FAIL    credentials  ecs-runtime-monitoring-stop-task-dev-ap-northeast-1: no AWS credentials for sts:GetCallerIdentity: nothing was checked",
  );
  expect(run.stdout).toContain("fix: set AWS_PROFILE (or AWS credentials) for the account the stack deploys to, then run preflight again");
  expect(run.stdout).not.toMatch(/\bat \S+ \(/u);
});

test("credentials of another account than the config's: exit 1, nothing else checked", async () => {
  // GIVEN credentials for 999999999999
  const run = await runPreflight(["--config", ec2Config], { account: "999999999999" });
  // THEN one fail row
  expect(run.status).toBe(1);
  expect(run.stdout).toContain("the credentials are for account 999999999999; the stack deploys to 111122223333");
  expect(run.stdout).toContain("0 passed, 1 failed, 0 skipped");
});

test("an unknown option: exit 2 with the usage", async () => {
  // GIVEN a misspelt option WHEN preflight runs THEN exit 2 with the usage
  const run = await runPreflight(["--stak", "x"]);
  expect(run.status).toBe(2);
  expect(run.stderr).toMatch(/^unknown option --stak\n\nUsage: npm run preflight/u);
});

test("a stack the config does not have: exit 2 naming the config's stacks", async () => {
  // GIVEN a stack name the config does not have WHEN preflight runs THEN exit 2 naming the stacks
  const run = await runPreflight(["--config", ec2Config, "--stack", "nope"]);
  expect(run.status).toBe(2);
  expect(run.stderr).toBe(
    `${ec2Config}: no stack of the config matches --stack nope; the config's stacks: ecs-runtime-monitoring-stop-task-dev-ap-northeast-1 (ap-northeast-1)\n`,
  );
});

test("a region without a stack: exit 2", async () => {
  // GIVEN a region the config does not deploy to WHEN preflight runs THEN exit 2
  const run = await runPreflight(["--config", ec2Config, "--region", "eu-west-1"]);
  expect(run.status).toBe(2);
  expect(run.stderr).toContain("no stack of the config matches --region eu-west-1");
});

test("a config file that does not exist: exit 2 with the loader's message", async () => {
  // GIVEN a missing config file WHEN preflight runs THEN exit 2 and nothing on stdout
  const run = await runPreflight(["--config", join(dir, "missing.json")]);
  expect(run.status).toBe(2);
  expect(run.stderr).toContain("missing.json");
  expect(run.stdout).toBe("");
});

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
  return { status, stdout, stderr };
}

const dir = mkdtempSync(join(tmpdir(), "preflight-cli-"));
const ec2Config = join(dir, "ec2.json");
// EC2 isolation only, acting (not dry run), in the fake account.
writeFileSync(ec2Config, JSON.stringify({ account_id: "111122223333", ecs_auto_stop: { enabled: false }, ec2_isolation: { enabled: true, dry_run: false } }));

jest.setTimeout(20_000);

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

/**
 * runPreflight over whole configs, through the real SDK clients against the in-process fakes: the rows a
 * denial, an unreachable cluster, the safety rails and the stack's key give, and that a run changes nothing.
 * (The command's own behaviour, options and exit codes: __tests__/scripts/preflight.test.ts.) Each run records
 * with the first simulated answer of each type only, to keep the file fast.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../../config/load-config";
import { exitCodeOf, formatTable, runPreflight } from "../../../tools/preflight";
import { createFakePreflightAws, type FakePreflightAwsOptions } from "./fake-preflight-aws";

interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly requests: { service: string; action: string; input: Record<string, unknown> }[];
}

async function preflight(configPath: string, fake: FakePreflightAwsOptions = {}): Promise<Run> {
  const aws = createFakePreflightAws(fake);
  const rows = await runPreflight({ config: loadConfig(configPath).config, clients: aws.clients, record: { maxAnswers: 1 } });
  return { status: exitCodeOf(rows), stdout: formatTable(rows), requests: aws.requests };
}

const dir = mkdtempSync(join(tmpdir(), "preflight-run-"));
const ec2Config = join(dir, "ec2.json");
// EC2 isolation only, acting (not dry run), in the fake account.
writeFileSync(ec2Config, JSON.stringify({ account_id: "111122223333", ecs_auto_stop: { enabled: false }, ec2_isolation: { enabled: true, dry_run: false } }));

// The built-in default (the seed ECS pipeline: no decision state, a quick run) in the fake account.
const seedConfig = join(dir, "seed.json");
writeFileSync(seedConfig, JSON.stringify({ account_id: "111122223333" }));

test("a denied call of the role: exit 1, the FAIL row with the action, resource and fix", async () => {
  // GIVEN an SCP denying ec2:ModifyNetworkInterfaceAttribute
  const run = await preflight(ec2Config, {
    iam: ({ action }) =>
      action === "ec2:ModifyNetworkInterfaceAttribute" ? { decision: "explicitDeny", allowedByOrganizations: false } : { decision: "allowed" },
  });
  // THEN it exits 1 and the row says what is denied and what to do
  expect(run.status).toBe(1);
  expect(run.stdout).toMatch(
    /FAIL {4}iam-simulate .*ec2:ModifyNetworkInterfaceAttribute on arn:aws:ec2:ap-northeast-1:111122223333:network-interface\/\S+ is explicitDeny/u,
  );
  expect(run.stdout).toContain("fix: ask your organization's administrators to exempt this role from the SCP that denies ec2:ModifyNetworkInterfaceAttribute");
});

test("a whole run makes only calls that read or evaluate: every EC2 call a DryRun", async () => {
  // GIVEN the EC2 config (the pipeline with calls that change things)
  // WHEN preflight runs
  const run = await preflight(ec2Config);
  // THEN the services saw only these operations, and EC2 only DryRun requests
  const operations = new Set(run.requests.map((r) => `${r.service}:${r.action}`));
  const readOnly = ["sts:GetCallerIdentity", "states:TestState", "iam:SimulatePrincipalPolicy", "kms:DescribeKey"];
  for (const operation of operations) expect(readOnly.includes(operation) || operation.startsWith("ec2:")).toBe(true);
  expect(run.requests.filter((r) => r.service === "ec2").every((r) => r.input.DryRun === true)).toBe(true);
  expect(run.requests.some((r) => r.service === "ec2")).toBe(true);
});

test("an EKS cluster Step Functions cannot reach: exit 1 with the endpoint fix", async () => {
  // GIVEN the EKS example and a private-only cluster
  const run = await preflight(join(__dirname, "..", "..", "..", "examples", "eks-containment.json"), {
    account: "111111111111",
    eksClusters: { prod: { endpointPublicAccess: false, accessEntries: {} } },
  });
  // THEN the endpoint row fails
  expect(run.status).toBe(1);
  expect(run.stdout).toMatch(/FAIL {4}eks-endpoint .*cluster prod: the Kubernetes API has no public endpoint/u);
});

test("with the safety rails on, their decision states and the calls behind them are checked too", async () => {
  // GIVEN EC2 isolation behind the kill switch and a blast-radius cap (the rails as configured, off by default)
  const railsConfig = join(dir, "rails.json");
  writeFileSync(
    railsConfig,
    JSON.stringify({
      account_id: "111122223333",
      ecs_auto_stop: { enabled: false },
      ec2_isolation: { enabled: true, dry_run: false },
      safety_rails: { kill_switch: true, blast_radius_cap: { ec2_isolation: { max_actions: 3 } } },
    }),
  );
  // WHEN preflight runs
  const run = await preflight(railsConfig);
  // THEN the kill switch's decision went through TestState, and the quarantine calls behind the rails were dry-run
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(/PASS {4}test-state .*Safety Rail Kill Switch: Is Acting Allowed/u);
  expect(run.stdout).toMatch(/PASS {4}ec2-dry-run .*\(ec2:ModifyNetworkInterfaceAttribute\)/u);
});

test("the notification key's grants are simulated on the key's ARN, read from its alias", async () => {
  // GIVEN the key the stack aliases as alias/<prefix>-response
  const keyArn = "arn:aws:kms:ap-northeast-1:111122223333:key/0f0f0f0f-1111-2222-3333-444455556666";
  const seen: string[] = [];
  const run = await preflight(seedConfig, {
    kmsAliases: { "alias/ecs-runtime-monitoring-stop-task-dev-response": keyArn },
    iam: ({ action, resource }) => (seen.push(`${action} ${resource}`), { decision: "allowed" }),
  });
  // THEN IAM was asked about the key's own ARN, and the run passes
  expect(run.status).toBe(0);
  expect(seen).toContain(`kms:Decrypt ${keyArn}`);
});

test("a key alias that does not exist (stack not deployed): a SKIP row, the key's grants not simulated", async () => {
  // GIVEN KMS without the alias
  const run = await preflight(seedConfig, { kmsAliases: {} });
  // THEN a skip row says so
  expect(run.stdout).toContain(
    "SKIP    iam-simulate  ecs-runtime-monitoring-stop-task-dev-ap-northeast-1: no key has the alias alias/ecs-runtime-monitoring-stop-task-dev-response here (not deployed yet?): the grants on it are not simulated",
  );
});

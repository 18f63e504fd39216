/**
 * Running `terraform test` files in the generated module against the real hashicorp/aws provider from the
 * filesystem mirror, offline (fake keys, the context data sources overridden per run). `withProvider` skips, and
 * `note` says why, without terraform or without the mirror.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { execFile } from "node:child_process";
import { plausibleDataValues } from "../../../scripts/terraform-check/data-overrides";
import { hclLiteral, hclString } from "../../../scripts/terraform-check/hcl-literal";
import { adaptHclFile } from "../../../scripts/terraform-check/provider-compat";
import { chooseProviderInstallation, majorOf, pinnedAwsProviderVersion } from "../../../scripts/terraform-check/provider-installation";
import { terraformEnv } from "../../../scripts/terraform-check/run-check";
import { findTerraformOnPath } from "../../../scripts/terraform-check/terraform-cli";
import { moduleFiles } from "./module-fixture";

const PROJECT = resolve(__dirname, "..", "..", "..");
const terraform = findTerraformOnPath();
const installation = chooseProviderInstallation(process.env, pinnedAwsProviderVersion(PROJECT));
export const withProvider = terraform && installation.kind === "mirror" ? test : test.skip;
export const note = !terraform
  ? " (skipped: no terraform on PATH)"
  : installation.kind !== "mirror"
    ? " (skipped: no provider mirror; set GUARDDUTY_TF_PROVIDER_MIRROR)"
    : "";

function run(args: string[], dir: string, env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((done) =>
    execFile(terraform!, [`-chdir=${dir}`, ...args], { env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      done({ code: error === null ? 0 : typeof error.code === "number" ? error.code : -1, output: `${stdout}${stderr}` }),
    ),
  );
}

/** A `run` block planning the module in `region` with these variables, its context data sources overridden. */
export function runBlock(name: string, region: string, variables: Record<string, unknown>, expectFailure: boolean, assertion?: string): string {
  const ctx = { region, accountId: "123456789012", providerMajor: majorOf(installation.awsVersion) };
  const override = (type: string, label: string) =>
    `  override_data {\n    target = data.${type}.${label}\n    values = ${hclLiteral(plausibleDataValues(type, ctx), "    ")}\n  }`;
  return [
    `run ${hclString(name)} {`,
    "  command   = plan",
    `  providers = { aws = aws.${region.replace(/-/g, "_")} }`,
    `  variables {`,
    ...Object.entries({ name_prefix: "acme", create_ecs_auto_stop: false, ...variables }).map(([k, v]) => `    ${k} = ${hclLiteral(v, "    ")}`),
    "  }",
    override("aws_partition", "awscontext_partition"),
    override("aws_region", "awscontext_region"),
    override("aws_caller_identity", "awscontext_caller"),
    ...(expectFailure ? ["  expect_failures = [data.aws_partition.awscontext_partition]"] : []),
    ...(assertion !== undefined
      ? ["  assert {", `    condition     = ${assertion}`, `    error_message = "the assertion of ${name} does not hold"`, "  }"]
      : []),
    "}",
  ].join("\n");
}

const provider = (region: string) =>
  [
    'provider "aws" {',
    `  alias                       = ${hclString(region.replace(/-/g, "_"))}`,
    `  region                      = ${hclString(region)}`,
    '  access_key                  = "mock"',
    '  secret_key                  = "mock"',
    "  skip_credentials_validation = true",
    "  skip_requesting_account_id  = true",
    "  skip_metadata_api_check     = true",
    "  skip_region_validation      = true",
    "}",
  ].join("\n");

/** Each run's outcome: pass (a run expecting failures passes when they happen), fail, error or skip. */
export type RunOutcomes = Readonly<Record<string, { readonly status: string; readonly diagnostics: readonly string[] }>>;

/** `terraform test -json`'s messages, by run: each run's final status and its diagnostics. */
function outcomesOf(output: string): RunOutcomes {
  const runs: Record<string, { status: string; diagnostics: string[] }> = {};
  for (const line of output.split("\n").filter((l) => l.startsWith("{"))) {
    const m = JSON.parse(line) as {
      "@testrun"?: string;
      type: string;
      test_run?: { run: string; progress: string; status?: string };
      diagnostic?: { summary: string; detail?: string };
    };
    const name = m["@testrun"];
    if (name === undefined) continue;
    const run = (runs[name] ??= { status: "unknown", diagnostics: [] });
    if (m.type === "test_run" && m.test_run?.progress === "complete") run.status = m.test_run.status ?? "unknown";
    if (m.type === "diagnostic" && m.diagnostic !== undefined) run.diagnostics.push(`${m.diagnostic.summary}: ${m.diagnostic.detail ?? ""}`);
  }
  return runs;
}

/** The outcome of each named run, as "pass" or its status and diagnostics: for one comparison with all "pass". */
export function outcomeTexts(outcomes: RunOutcomes, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    names.map((n) => {
      const o = outcomes[n];
      return [n, o === undefined ? "not run" : o.status === "pass" ? "pass" : `${o.status}: ${o.diagnostics.join(" | ")}`];
    }),
  );
}

/**
 * Writes the module's files (adapted to the installed provider) and a test file per run with a provider per
 * region, then runs `terraform init` and `terraform test -json`; returns test's exit code, output and each run's
 * outcome. One test process for all runs: starting the real provider's process and reading its schema is most of
 * the cost.
 */
export async function testModule(regions: readonly string[], runs: readonly string[]): Promise<{ code: number; output: string; runs: RunOutcomes }> {
  const work = mkdtempSync(join(tmpdir(), "module-provider-checks-"));
  try {
    const dir = join(work, "module");
    for (const f of moduleFiles().filter((f) => f.path.endsWith(".tf") && !f.path.startsWith("examples/"))) {
      mkdirSync(dirname(join(dir, f.path)), { recursive: true });
      writeFileSync(join(dir, f.path), adaptHclFile(f.content, installation.awsVersion).text);
    }
    mkdirSync(join(dir, "tests"), { recursive: true });
    // A test file per run: a run that fails skips the runs after it in its file, never those of another file.
    runs.forEach((r, i) => writeFileSync(join(dir, "tests", `provider_check_${i}.tftest.hcl`), [...regions.map(provider), r].join("\n\n") + "\n"));
    const env = terraformEnv(process.env, installation, work);
    const init = await run(["init", "-input=false", "-no-color", "-backend=false"], dir, env);
    if (init.code !== 0) throw new Error(`terraform init failed: ${init.output}`);
    const tested = await run(["test", "-no-color", "-json"], dir, env);
    return { ...tested, runs: outcomesOf(tested.output) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * npm run check:terraform [-- --example <name>[,<name>...]] [--skip-module] [--jobs <n>] [--keep]
 *
 * Synthesizes every example config (examples/*.json) and writes the registry module, then has the
 * real Terraform and hashicorp/aws provider initialize, validate and plan every stack, the module and
 * each of its examples, offline (fake keys, plausible data source values), and checks each stack's
 * backend block. Prints a pass/fail table. See docs/terraform-check.md.
 *
 * Exit codes: 0 every check passed; 1 a check failed; 2 bad arguments; 3 nothing could be checked
 * here (no terraform on PATH, or the provider could not be installed).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { CommandIo, parseCommandLine, PROCESS_IO, UsageError } from "./cli-arguments";
import { chooseProviderInstallation, pinnedAwsProviderVersion } from "./terraform-check/provider-installation";
import { resultDetails, resultTable } from "./terraform-check/report";
import { ProviderUnavailableError, runTerraformCheck, UnknownExampleError } from "./terraform-check/run-check";
import { exampleConfigs } from "./terraform-check/sources";
import { findTerraformOnPath, terraformVersion } from "./terraform-check/terraform-cli";

export const EXIT_CANNOT_CHECK = 3;
const USAGE = "Usage: npm run check:terraform [-- --example <name>[,<name>...]] [--skip-module] [--jobs <n>] [--keep]";

export async function main(argv: readonly string[], io: CommandIo = PROCESS_IO, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const projectRoot = resolve(__dirname, "..");
  let options;
  try {
    options = parseCommandLine(argv, { example: "string", "skip-module": "boolean", jobs: "string", keep: "boolean" }, false);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr.write(`check:terraform: ${e.message}\n${USAGE}\n`);
    return 2;
  }
  const v = options.values;
  if (v.help === true) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const jobs = v.jobs === undefined ? 2 : Number(v.jobs);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 8) {
    io.stderr.write(`check:terraform: --jobs must be a whole number from 1 to 8, got ${JSON.stringify(v.jobs)}\n${USAGE}\n`);
    return 2;
  }

  const examples = typeof v.example === "string" ? v.example.split(",").map((n) => n.trim().replace(/\.json$/, "")) : undefined;
  const known = exampleConfigs(join(projectRoot, "examples")).map((e) => e.name);
  const unknown = (examples ?? []).filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    io.stderr.write(
      `check:terraform: --example: no example named ${unknown.map((n) => JSON.stringify(n)).join(", ")} in examples/ (there are: ${known.join(", ")})\n${USAGE}\n`,
    );
    return 2;
  }

  const terraform = findTerraformOnPath(env);
  const version = terraform === undefined ? undefined : terraformVersion(terraform);
  if (terraform === undefined || version === undefined) {
    io.stderr.write(
      `check:terraform: cannot check: no working terraform binary on PATH${terraform !== undefined ? ` (${terraform} does not run)` : ""}. ` +
        "Install Terraform >= 1.7 (terraform test with override_data) and run it again; nothing was checked.\n",
    );
    return EXIT_CANNOT_CHECK;
  }
  const pinned = pinnedAwsProviderVersion(projectRoot);
  let installation;
  try {
    installation = chooseProviderInstallation(env, pinned);
  } catch (e) {
    io.stderr.write(`check:terraform: cannot check: ${(e as Error).message}\n`);
    return EXIT_CANNOT_CHECK;
  }
  const source = installation.kind === "mirror" ? `filesystem mirror ${installation.mirrorPath}` : "registry download";
  io.stdout.write(`terraform ${version} at ${terraform}; hashicorp/aws ${installation.awsVersion} from the ${source} (the app pins ${pinned})\n`);

  const workDir = mkdtempSync(join(tmpdir(), "terraform-check-"));
  let passed = false;
  try {
    const result = await runTerraformCheck({
      projectRoot,
      terraform,
      installation,
      workDir,
      examples,
      includeModule: v["skip-module"] !== true,
      jobs,
      log: (line) => io.stdout.write(`  ${line}\n`),
    });
    if (result.rewrites.length > 0) {
      io.stdout.write(`\nChecked copies adapted to hashicorp/aws ${installation.awsVersion} (the emitted files are unchanged; see docs/terraform-check.md):\n`);
      for (const r of result.rewrites) io.stdout.write(`  ${r.description}: ${r.count}\n`);
    }
    io.stdout.write(`\n${resultTable(result.roots)}\n`);
    const details = resultDetails(result);
    if (details !== "") io.stdout.write(`${details}\n`);
    const failedCount = result.roots.filter((r) => Object.values(r.steps).some((s) => s?.status === "fail")).length;
    io.stdout.write(
      result.passed ? `\nAll ${result.roots.length} configurations passed.\n` : `\n${failedCount} of ${result.roots.length} configurations failed.\n`,
    );
    passed = result.passed;
    return passed ? 0 : 1;
  } catch (e) {
    if (e instanceof ProviderUnavailableError) {
      io.stderr.write(
        `check:terraform: cannot check: ${e.message}. Offline? Point GUARDDUTY_TF_PROVIDER_MIRROR at a filesystem mirror (docs/terraform-check.md).\n`,
      );
      return EXIT_CANNOT_CHECK;
    }
    if (e instanceof UnknownExampleError) {
      io.stderr.write(`check:terraform: ${e.message}\n`);
      return 2;
    }
    throw e;
  } finally {
    if (passed && v.keep !== true) rmSync(workDir, { recursive: true, force: true });
    else io.stdout.write(`Checked copies kept in ${workDir}\n`);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      process.stderr.write(`check:terraform: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}

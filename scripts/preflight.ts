/**
 * Checks in the user's own AWS account, without side effects, what the offline tests cannot settle
 * (docs/preflight.md): decision states through Step Functions TestState against our local runner, the deployed
 * roles through iam:SimulatePrincipalPolicy, EC2 calls with DryRun, and each EKS cluster's endpoint and access.
 *
 *   npm run preflight -- [--config <config.json>] [--stack <name>] [--region <region>] [--json]
 *
 * Exit codes: 0 every check passed (or was skipped), 1 a check failed, 2 bad input (option, config, stack, region).
 */
import { loadConfig } from "../config/load-config";
import { CommandIo, parseCommandLine, PROCESS_IO } from "./cli-arguments";
import { inputErrorExitCode, runAsProcess } from "./command-process";
import type { PreflightClients } from "../tools/preflight";

const USAGE = [
  "Usage: npm run preflight -- [--config <config.json>] [--stack <name>] [--region <region>] [--json]",
  "",
  "  --config <file>    the config the stacks were deployed from (default: the built-in default config)",
  "  --stack <name>     only this stack (default: every stack of the config)",
  "  --region <region>  only the stacks in this region",
  "  --json             print the rows as JSON",
  "",
  "Uses your AWS credentials (AWS_PROFILE, environment, SSO); every call only reads or evaluates. Exit codes: 0 all",
  "passed (skips allowed), 1 a check failed, 2 bad input. See docs/preflight.md.",
].join("\n");

/** Runs `npm run preflight -- <argv>`; `clients` replaces the AWS clients (tests). Returns the exit code. */
export async function main(argv: readonly string[], io: CommandIo = PROCESS_IO, clients?: (region: string) => PreflightClients): Promise<number> {
  let values: Readonly<Record<string, string | boolean | undefined>>;
  let loaded: ReturnType<typeof loadConfig>;
  try {
    values = parseCommandLine(argv, { config: "string", stack: "string", region: "string", json: "boolean" }, false).values;
    if (values.help === true) {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    }
    loaded = loadConfig(values.config as string | undefined);
  } catch (e) {
    const code = inputErrorExitCode(e, io, USAGE);
    if (code !== undefined) return code;
    throw e;
  }
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true"; // as in scripts/simulate.ts
  // Loaded late (cdktf, the SDK); compiled as CommonJS, this import() is a require, as in scripts/simulate.ts.
  const preflight = await import("../tools/preflight");
  try {
    const rows = await preflight.runPreflight({
      config: loaded.config,
      stackName: values.stack as string | undefined,
      region: values.region as string | undefined,
      clients,
    });
    io.stdout.write(values.json === true ? `${JSON.stringify(rows, null, 2)}\n` : `${preflight.formatTable(rows)}\n`);
    return preflight.exitCodeOf(rows);
  } catch (e) {
    if (e instanceof preflight.PreflightInputError) {
      io.stderr.write(`${loaded.source}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

if (require.main === module) runAsProcess("preflight", () => main(process.argv.slice(2)));

/**
 * Writes the plan-review report of a config as Markdown, for a pull request (docs/plan-review.md).
 *
 *   npm run review                                   built-in default config, report on stdout
 *   npm run review -- --config my.json --out review.md
 *   npm run review -- --vcpus 600 --findings 100 --endpoint-gb 20 --price-region us-east-1
 *
 * The stack is synthesized in process (CDKTF validations run; nothing is written to the repository) and
 * the report is built from the synthesized Terraform JSON, so it reviews what would be applied.
 * Exit codes: 0 report written; 2 bad config or bad option, with the message on stderr.
 */
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { Testing } from "cdktf";
import type { Config } from "../config/config-schema";
import { loadConfig } from "../config/load-config";
import { CostInputs, DEFAULT_COST_INPUTS } from "../tools/review/cost";
import { PRICE_REGIONS, PriceRegion } from "../tools/review/price-list";
import { buildReviewReport } from "../tools/review/report";
import type { SynthesizedTerraform } from "../tools/review/synthesized-terraform";
import { planStacks } from "../config/stack-plans";
import { stackPropsOf } from "../config/stack-props";
import { RuntimeMonitoringStack } from "../modules/runtime-monitoring-stack";
import { parseCommandLine, PROCESS_IO, UsageError } from "./cli-arguments";
import { inputErrorExitCode, runAsProcess } from "./command-process";
import { synthesizedStackJson } from "../tools/synthesized-stack-json";

const USAGE = [
  "Usage: npm run review -- [--config <config.json>] [--out <report.md>] [cost inputs]",
  "",
  "  --config <file>        the config to review (default: the built-in default config)",
  "  --stack <name>         which stack of a config with deployments (default: the first)",
  "  --out <file.md>        write the report there (default: stdout)",
  `  --vcpus <n>            average vCPUs Runtime Monitoring monitors (default: ${DEFAULT_COST_INPUTS.vcpus})`,
  `  --findings <n>         findings a month that start each response pipeline (default: ${DEFAULT_COST_INPUTS.findingsPerMonth})`,
  `  --endpoint-gb <n>      GB a month through the agent endpoints (default: ${DEFAULT_COST_INPUTS.endpointGbPerMonth})`,
  `  --price-region <r>     price list: ${PRICE_REGIONS.join(" or ")} (default: the config's region when listed, else us-east-1)`,
  "",
  "Exit codes: 0 report written, 2 bad config or option.",
].join("\n");

/** Bad command-line input: exit 2 with this message. */
export { UsageError };

export interface ReviewArguments {
  readonly configPath?: string;
  /** Which stack of a config with deployments. @default - the first */
  readonly stackName?: string;
  readonly outPath?: string;
  readonly costInputs: CostInputs;
  readonly priceRegion?: PriceRegion;
}

function nonNegativeNumber(name: string, text: string): number {
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n) || n < 0) throw new UsageError(`${name}: ${JSON.stringify(text)} is not allowed; expected a number, 0 or more`);
  return n;
}

export function parseReviewArguments(argv: readonly string[]): ReviewArguments | "help" {
  const { values } = parseCommandLine(
    argv,
    { config: "string", stack: "string", out: "string", vcpus: "string", findings: "string", "endpoint-gb": "string", "price-region": "string" },
    false,
  );
  if (values.help) return "help";
  const text = (name: string) => values[name] as string | undefined;
  const cost: { -readonly [K in keyof CostInputs]: CostInputs[K] } = { ...DEFAULT_COST_INPUTS };
  if (text("vcpus") !== undefined) cost.vcpus = nonNegativeNumber("--vcpus", text("vcpus")!);
  if (text("findings") !== undefined) cost.findingsPerMonth = nonNegativeNumber("--findings", text("findings")!);
  if (text("endpoint-gb") !== undefined) cost.endpointGbPerMonth = nonNegativeNumber("--endpoint-gb", text("endpoint-gb")!);
  const region = text("price-region");
  if (region !== undefined && !(PRICE_REGIONS as readonly string[]).includes(region)) {
    throw new UsageError(`--price-region: ${JSON.stringify(region)} is not allowed; expected ${PRICE_REGIONS.join(" or ")}`);
  }
  return { configPath: text("config"), stackName: text("stack"), outPath: text("out"), costInputs: cost, priceRegion: region as PriceRegion | undefined };
}

/**
 * Synthesizes the stack of a config in process, with CDKTF's validations, and returns its Terraform JSON
 * with the `//` metadata (construct paths) that `Testing.synth` strips. The app's output directory is a
 * temporary directory, removed afterwards: nothing is left in the repository.
 */
/**
 * Checks, before anything is synthesized, that the report can be written to `outPath`: its folder exists (a
 * mistyped folder is an error, not created) and the path is not a folder itself.
 */
export function checkOutPath(outPath: string): void {
  const folder = dirname(resolve(outPath));
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new UsageError(`--out: the folder ${folder} does not exist; create it first, or write the report elsewhere`);
  }
  if (existsSync(outPath) && statSync(outPath).isDirectory()) {
    throw new UsageError(`--out: ${outPath} is a folder; name the report file, e.g. ${join(outPath, "review.md")}`);
  }
}

export function synthesizeForReview(config: Config, stackName?: string): SynthesizedTerraform {
  const plans = planStacks(config);
  // A config with deployments describes many stacks; the review covers one: the named one, or the first.
  const plan = stackName === undefined ? plans[0] : plans.find((p) => p.stackName === stackName);
  if (plan === undefined) {
    throw new UsageError(`--stack: ${JSON.stringify(stackName)} is not allowed; expected one of ${plans.map((p) => p.stackName).join(", ")}`);
  }
  const outdir = mkdtempSync(join(tmpdir(), "review-"));
  try {
    const app = Testing.app({ outdir });
    const stack = new RuntimeMonitoringStack(app, plan.stackName, stackPropsOf(plan));
    return synthesizedStackJson<SynthesizedTerraform>(stack); // aspects and validations, as `cdktf synth` runs them
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export function main(argv: readonly string[]): number {
  let args: ReviewArguments | "help";
  let loaded: ReturnType<typeof loadConfig>;
  let synthesized: SynthesizedTerraform;
  try {
    args = parseReviewArguments(argv);
    if (args === "help") {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (args.outPath !== undefined) checkOutPath(args.outPath);
    loaded = loadConfig(args.configPath);
    synthesized = synthesizeForReview(loaded.config, args.stackName);
  } catch (e) {
    const code = inputErrorExitCode(e, PROCESS_IO, USAGE);
    if (code !== undefined) return code;
    throw e;
  }
  const report = buildReviewReport({
    synthesized,
    config: loaded.config,
    configSource: loaded.source,
    costInputs: args.costInputs,
    priceRegion: args.priceRegion,
  });
  if (args.outPath !== undefined) {
    try {
      writeFileSync(args.outPath, report);
    } catch (e) {
      process.stderr.write(`--out: cannot write the report to ${args.outPath}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      return 2;
    }
    process.stderr.write(`review report written to ${args.outPath}\n`);
  } else {
    process.stdout.write(report);
  }
  return 0;
}

if (require.main === module) runAsProcess("review", () => main(process.argv.slice(2)));

/**
 * Composition root: read the config (or the built-in default), validate it, synthesize.
 *
 *   npm run synth                          built-in default config
 *   npm run synth -- --config my.json      a config file
 *   GUARDDUTY_RESPONSE_CONFIG=my.json npx cdktf synth   (cdktf.json: `npm run build`, then `node dist/main.js` with no arguments)
 *
 * Exit codes: 0 synthesized (one summary line on stdout); 2 bad arguments or config, with the message on
 * stderr and nothing written. An unknown argument, a missing or empty value, or an empty
 * GUARDDUTY_RESPONSE_CONFIG is an error, never a silent fall-back to the built-in default.
 */
import { join, relative } from "node:path";
import { App } from "cdktf";
import { loadConfig } from "./config/load-config";
import { planStacks } from "./config/stack-plans";
import { stackPropsOf } from "./config/stack-props";
import { RuntimeMonitoringStack } from "./modules/runtime-monitoring-stack";
import { CommandIo, parseCommandLine, PROCESS_IO, UsageError } from "./scripts/cli-arguments";
import { inputErrorExitCode } from "./scripts/command-process";
import { removeStaleStacks, resourceCount, stacksOfPreviousSynth } from "./scripts/synth-output";

export const CONFIG_VARIABLE = "GUARDDUTY_RESPONSE_CONFIG";

const USAGE = [
  "Usage: npm run synth [-- --config <config.json>]",
  `       ${CONFIG_VARIABLE}=<config.json> npx cdktf synth|deploy`,
  "",
  "  --config <file>  the config to synthesize (default: $" + CONFIG_VARIABLE + ", else the built-in default config)",
  "",
  "Exit codes: 0 synthesized into cdktf.out/, 2 bad argument or config (nothing written).",
].join("\n");

export interface MainOptions {
  /**
   * Where to synthesize.
   * @default - CDKTF's choice: $CDKTF_OUTDIR (set by the cdktf CLI), else cdktf.out in the working directory
   */
  readonly outdir?: string;
}

/** The config path of the command line or the environment; undefined for the built-in default. */
export function configPathOf(argv: readonly string[], env: NodeJS.ProcessEnv): string | undefined {
  let parsed;
  try {
    parsed = parseCommandLine(argv, { config: "string" }, false);
  } catch (e) {
    if (e instanceof UsageError && e.message.startsWith("unexpected argument")) {
      throw new UsageError(`${e.message}: name the config file with --config <file>`);
    }
    throw e;
  }
  if (parsed.values.help === true) return undefined;
  const fromArgs = parsed.values.config as string | undefined;
  if (fromArgs !== undefined) return fromArgs;
  const fromEnv = env[CONFIG_VARIABLE];
  if (fromEnv !== undefined && fromEnv.trim() === "") {
    throw new UsageError(`${CONFIG_VARIABLE} is set but empty: name a config file, or unset it for the built-in default`);
  }
  return fromEnv;
}

/** Runs the synthesis as `node dist/main.js <argv>` (main.ts compiled) would; returns the exit code. */
export function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, io: CommandIo = PROCESS_IO, options: MainOptions = {}): number {
  let loaded: ReturnType<typeof loadConfig>;
  try {
    if (argv.includes("--help") || argv.includes("-h")) {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    }
    // Validate everything before constructing the app (which creates the output folder), so a bad config writes nothing.
    loaded = loadConfig(configPathOf(argv, env));
  } catch (e) {
    const code = inputErrorExitCode(e, io, USAGE);
    if (code !== undefined) return code;
    throw e;
  }
  const plans = planStacks(loaded.config);
  const app = new App(options.outdir === undefined ? {} : { outdir: options.outdir });
  const previous = stacksOfPreviousSynth(app.outdir);
  for (const plan of plans) {
    new RuntimeMonitoringStack(app, plan.stackName, stackPropsOf(plan));
  }
  app.synth();
  const names = plans.map((plan) => plan.stackName);
  const notes = removeStaleStacks(app.outdir, previous, names);
  const resources = names.reduce((sum, name) => sum + resourceCount(join(app.outdir, "stacks", name, "cdk.tf.json")), 0);
  const fromHere = relative(process.cwd(), app.outdir);
  const where = fromHere === "" ? "." : fromHere.startsWith("..") ? app.outdir : fromHere;
  io.stdout.write(
    `synthesized ${names.length} ${names.length === 1 ? "stack" : "stacks"} (${resources} resources) from ${loaded.source} into ${where}/stacks: ${names.join(", ")}\n`,
  );
  for (const note of notes) io.stdout.write(`${note}\n`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));

/**
 * Simulates what the deployed ECS response would do with one GuardDuty finding, offline (docs/simulate.md).
 *
 *   npm run simulate -- <finding.json> [--config <config.json>] [--answer <answer>] [--json]
 *
 * Exit codes: 0 the finding was simulated (whatever the outcome: rule not fired, task stopped, failure
 * notice...); 2 bad input (not a finding, unreadable file, bad config, unknown answer or option), with the
 * message on stderr. Input is checked before the stack is synthesized, so bad input fails fast.
 */
import { readFileSync } from "node:fs";
import { ConfigError } from "../config/config-error";
import { loadConfig } from "../config/load-config";
import { NotAGuardDutyFindingError, toFindingEvent } from "../functions/simulation/finding-simulation/finding-event";
import {
  ANSWER_DESCRIPTIONS,
  DEFAULT_ANSWER,
  isSimulatedAnswer,
  SIMULATED_ANSWERS,
  UnknownAnswerError,
  type SimulatedAnswer,
} from "../functions/simulation/finding-simulation/simulated-answers";
import { parseCommandLine, UsageError } from "./cli-arguments";

const USAGE = [
  "Usage: npm run simulate -- <finding.json> [--config <config.json>] [--answer <answer>] [--json]",
  "",
  "  <finding.json>     a 'GuardDuty Finding' EventBridge event, or a bare finding (its detail)",
  "  --config <file>    the config to build the stack from (default: the built-in default config)",
  `  --answer <answer>  what the simulated ECS answers (default: ${DEFAULT_ANSWER}):`,
  ...SIMULATED_ANSWERS.map((a) => `                       ${a.padEnd(14)} ${ANSWER_DESCRIPTIONS[a]}`),
  "  --json             print the report as JSON",
  "",
  "Exit codes: 0 simulated (whatever the outcome), 2 bad input. See docs/simulate.md.",
].join("\n");

/** Bad command-line input: exit 2 with this message. */

interface Arguments {
  readonly findingPath: string;
  readonly configPath?: string;
  readonly answer: SimulatedAnswer;
  readonly json: boolean;
}

function parseArguments(argv: readonly string[]): Arguments | "help" {
  const { values, positionals } = parseCommandLine(argv, { config: "string", answer: "string", json: "boolean" }, true);
  if (values.help) return "help";
  if (positionals.length === 0) throw new UsageError("no finding file given");
  if (positionals.length > 1) throw new UsageError(`one finding file at a time; got ${positionals.join(", ")}`);
  const answer = values.answer as string | undefined;
  if (answer !== undefined && !isSimulatedAnswer(answer)) throw new UnknownAnswerError(answer);
  return { findingPath: positionals[0], configPath: values.config as string | undefined, answer: (answer as SimulatedAnswer | undefined) ?? DEFAULT_ANSWER, json: values.json === true };
}

function readFinding(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new UsageError(`Cannot read the finding file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`The finding file ${path} is not valid JSON: ${(e as Error).message}`);
  }
}

async function main(argv: readonly string[]): Promise<number> {
  let args: Arguments | "help";
  let document: unknown;
  let loaded: ReturnType<typeof loadConfig>;
  try {
    args = parseArguments(argv);
    if (args === "help") {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    document = readFinding(args.findingPath);
    loaded = loadConfig(args.configPath);
    toFindingEvent(document); // fail fast, before synthesizing
  } catch (e) {
    if (e instanceof UsageError || e instanceof UnknownAnswerError) {
      process.stderr.write(`${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (e instanceof NotAGuardDutyFindingError) {
      process.stderr.write(`${(args! as Arguments).findingPath}: ${e.message}\n`);
      return 2;
    }
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    throw e;
  }

  // The simulation loads cdktf, the provider bindings, the AWS SDK and the local Step Functions: only now.
  // (require, not import(): one module loader, so instanceof sees the same error classes.)
  const { simulateFinding, NoEcsResponseError, formatSimulationReport } =
    require("../functions/simulation/finding-simulation") as typeof import("../functions/simulation/finding-simulation");
  try {
    const report = await simulateFinding({ config: loaded.config, configSource: loaded.source, findingDocument: document, answer: args.answer });
    process.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatSimulationReport(report)}\n`);
    return 0;
  } catch (e) {
    if (e instanceof NoEcsResponseError) {
      process.stderr.write(`${loaded.source}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`simulate: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);

/**
 * Simulates what the deployed response pipelines (ECS task stop, EC2 isolation, EKS pod containment: whichever
 * the config enables) would do with one GuardDuty finding, offline (docs/simulate.md).
 *
 *   npm run simulate -- <finding.json> [--config <config.json>] [--answer [<type>:]<answer>[,...]]
 *                       [--kill-switch act|notify-only] [--cap-full] [--approval approve|deny|timeout] [--json]
 *
 * Exit codes: 0 the finding was simulated (whatever the outcome: rule not fired, task stopped, failure
 * notice...); 2 bad input (not a finding, unreadable or too large a file, bad config, unknown answer or
 * option), with the message on stderr. Input is checked before the stack is synthesized, so bad input fails fast.
 */
import { closeSync, openSync, readSync } from "node:fs";
import { loadConfig } from "../config/load-config";
import { NotAGuardDutyFindingError, toFindingEvent } from "../tools/simulator/finding-simulation/finding-event";
import { SIMULATED_RESPONSE_TYPES } from "../tools/simulator/finding-simulation/response-types";
import { APPROVAL_PLAY_WORDS, APPROVAL_PLAYS, parseRailsPlay, RailsPlayError, type RailsPlay } from "../tools/simulator/finding-simulation/rails-play";
import { parseAnswerChoice, UnknownAnswerError, type AnswerChoice } from "../tools/simulator/finding-simulation/simulated-answers";
import { CommandIo, parseCommandLine, PROCESS_IO, UsageError } from "./cli-arguments";
import { inputErrorExitCode, runAsProcess } from "./command-process";

/**
 * The largest finding file read. EventBridge carries no event whose PutEvents entry exceeds 256 KB
 * (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html, "The maximum size for a
 * PutEvents event entry is 256 KB"), so a real finding event is far smaller; 1 MiB leaves room for the
 * envelope and pretty-printing while keeping a mistaken argument (a log, an archive, /dev/zero) from being read
 * whole into memory.
 */
export const MAX_FINDING_FILE_BYTES = 1024 * 1024;

const USAGE = [
  "Usage: npm run simulate -- <finding.json> [--config <config.json>] [--answer [<type>:]<answer>[,...]]",
  "                           [--kill-switch act|notify-only] [--cap-full] [--approval approve|deny|timeout] [--json]",
  "",
  "  <finding.json>     a 'GuardDuty Finding' EventBridge event, or a bare finding (its detail)",
  "  --config <file>    the config to build the stack from (default: the built-in default config)",
  "  --answer <answer>  what the simulated AWS answers the pipeline that fires; <type>:<answer> for one response",
  "                     type only, several separated by commas. Each type's first answer is its default:",
  ...SIMULATED_RESPONSE_TYPES.flatMap((type) => [
    `                     ${type.id} (${type.title}):`,
    ...type.simulatedAnswers.map((a) => `                       ${a.name.padEnd(14)} ${a.description}`),
  ]),
  "  --kill-switch <v>  the safety rails' kill switch parameter holds act (default) or notify-only",
  "  --cap-full         every blast-radius counter already holds max_actions for the action's window",
  "  --approval <a>     what the approver does when the approval gate asks (the other answers are run too, and",
  "                     summarized):",
  ...APPROVAL_PLAYS.map((a, i) => `                       ${`${a}${i === 0 ? " (default)" : ""}`.padEnd(18)} ${APPROVAL_PLAY_WORDS[a]}`),
  "  --json             print the report as JSON",
  "",
  "Every rule of the stack that starts a state machine is matched; each that fires runs. Exit codes: 0 simulated",
  "(whatever the outcome), 2 bad input (also an answer the firing pipeline's type does not have). See docs/simulate.md.",
].join("\n");

/** Bad command-line input: exit 2 with this message. */

interface Arguments {
  readonly findingPath: string;
  readonly configPath?: string;
  readonly answers: AnswerChoice;
  readonly rails: RailsPlay;
  readonly json: boolean;
}

function parseArguments(argv: readonly string[]): Arguments | "help" {
  const { values, positionals } = parseCommandLine(
    argv,
    { config: "string", answer: "string", "kill-switch": "string", "cap-full": "boolean", approval: "string", json: "boolean" },
    true,
  );
  if (values.help) return "help";
  if (positionals.length === 0) throw new UsageError("no finding file given");
  if (positionals.length > 1) throw new UsageError(`one finding file at a time; got ${positionals.join(", ")}`);
  const answer = values.answer as string | undefined;
  const answers = parseAnswerChoice(answer === undefined ? [] : [answer]);
  let rails: RailsPlay;
  try {
    rails = parseRailsPlay({
      killSwitch: values["kill-switch"] as string | undefined,
      capFull: values["cap-full"] === true,
      approval: values.approval as string | undefined,
    });
  } catch (e) {
    throw e instanceof RailsPlayError ? new UsageError(e.message) : e;
  }
  return { findingPath: positionals[0], configPath: values.config as string | undefined, answers, rails, json: values.json === true };
}

/** At most MAX_FINDING_FILE_BYTES of the file, read in chunks (a device or pipe has no size to check first). */
function readBoundedText(path: string): string {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.alloc(MAX_FINDING_FILE_BYTES + 1);
    let length = 0;
    while (length < buffer.length) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    if (length > MAX_FINDING_FILE_BYTES) {
      throw new UsageError(
        `The finding file ${path} is larger than ${MAX_FINDING_FILE_BYTES} bytes (1 MiB): a GuardDuty finding event is at most 256 KB (EventBridge's event size limit); pass one finding`,
      );
    }
    return buffer.toString("utf8", 0, length);
  } finally {
    closeSync(fd);
  }
}

function readFinding(path: string): unknown {
  let text: string;
  try {
    text = readBoundedText(path);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`Cannot read the finding file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`The finding file ${path} is not valid JSON: ${(e as Error).message}`);
  }
}

/** Runs `npm run simulate -- <argv>`, writing to `io`; returns the exit code. */
export async function main(argv: readonly string[], io: CommandIo = PROCESS_IO): Promise<number> {
  let args: Arguments | "help";
  let document: unknown;
  let loaded: ReturnType<typeof loadConfig>;
  try {
    args = parseArguments(argv);
    if (args === "help") {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    }
    document = readFinding(args.findingPath);
    loaded = loadConfig(args.configPath);
    toFindingEvent(document); // fail fast, before synthesizing
  } catch (e) {
    if (e instanceof NotAGuardDutyFindingError) {
      io.stderr.write(`${(args! as Arguments).findingPath}: ${e.message}\n`);
      return 2;
    }
    const code = inputErrorExitCode(e instanceof UnknownAnswerError ? new UsageError(e.message) : e, io, USAGE);
    if (code !== undefined) return code;
    throw e;
  }

  // The AWS SDK (v3) warns on every run under Node < 22 that releases after January 2027 will need Node 22; the
  // pinned clients support Node 20 (package.json engines), so the warning says nothing about this run. It is
  // read when a client is built: off unless the user set it (@aws-sdk/core emitWarningIfUnsupportedVersion).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  // The simulation loads cdktf, the provider bindings, the AWS SDK and the local Step Functions: only now.
  // (compiled as CommonJS, this import() is a require: the loader of every other module here.)
  const { simulateFinding, NoResponsePipelineError, formatSimulationReport } = await import("../tools/simulator/finding-simulation");
  try {
    const report = await simulateFinding({
      config: loaded.config,
      configSource: loaded.source,
      findingDocument: document,
      answers: args.answers,
      rails: args.rails,
    });
    io.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatSimulationReport(report)}\n`);
    return 0;
  } catch (e) {
    if (e instanceof NoResponsePipelineError) {
      io.stderr.write(`${loaded.source}: ${e.message}\n`);
      return 2;
    }
    if (e instanceof UnknownAnswerError) {
      io.stderr.write(`${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
}

if (require.main === module) runAsProcess("simulate", () => main(process.argv.slice(2)));

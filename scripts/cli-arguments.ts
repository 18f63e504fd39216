/** Command-line parsing shared by the scripts: Node's own parseArgs, with our error wording. */
import { parseArgs } from "node:util";

/** A command-line mistake: the script prints it and exits 2. */
export class UsageError extends Error {}

/** Where a command writes: the process's streams, or a test's buffers. */
export interface CommandIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

export const PROCESS_IO: CommandIo = { stdout: process.stdout, stderr: process.stderr };

export interface ParsedArguments {
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  readonly positionals: readonly string[];
}

/**
 * Parses `argv` against the given options (`string` take a value, `boolean` flags do not). Unknown
 * options, missing or empty values (`--config=`, `--config ""`) and unexpected positionals become a
 * UsageError naming the option: a typo must never fall back to a default.
 */
export function parseCommandLine(argv: readonly string[], options: Readonly<Record<string, "string" | "boolean">>, allowPositionals: boolean): ParsedArguments {
  const config = Object.fromEntries(Object.entries(options).map(([name, type]) => [name, { type }]));
  // `--vcpus -3`: parseArgs would read -3 as an option; join such pairs so the value is judged by its setting.
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].startsWith("--") ? argv[i].slice(2) : undefined;
    const next = argv[i + 1];
    if (name !== undefined && options[name] === "string" && next !== undefined && !next.startsWith("--")) {
      args.push(`--${name}=${next}`);
      i++;
    } else args.push(argv[i]);
  }
  try {
    const parsed = parseArgs({ args, options: { ...config, help: { type: "boolean", short: "h" } }, allowPositionals, strict: true });
    const values = parsed.values as Record<string, string | boolean | undefined>;
    for (const [name, value] of Object.entries(values)) {
      if (value === "") throw new UsageError(`--${name} needs a value, got an empty one`);
    }
    const empty = parsed.positionals.findIndex((positional) => positional === "");
    if (empty >= 0) throw new UsageError("unexpected empty argument");
    return { values, positionals: parsed.positionals };
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const code = (e as { code?: string }).code;
    const option = /'(--?[^'\s]+)/.exec((e as Error).message)?.[1] ?? "";
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") throw new UsageError(`unknown option ${option}`);
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && /does not take an argument/u.test((e as Error).message)) {
      const given = argv.find((arg) => arg.startsWith(`${option}=`));
      throw new UsageError(`${option} takes no value${given === undefined ? "" : `; got '${given.slice(option.length + 1)}'`}`);
    }
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") throw new UsageError(`${option.split(" ")[0]} needs a value`);
    if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") throw new UsageError(`unexpected argument ${(e as Error).message.match(/'([^']*)'/)?.[0] ?? ""}`);
    throw e;
  }
}

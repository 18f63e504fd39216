/** What every command does with its input errors and its exit code, in one place. */
import { ConfigError } from "../config/config-error";
import { CommandIo, UsageError } from "./cli-arguments";

/**
 * A mistake in the command line or the config: writes it (a command-line mistake with the usage) and returns 2.
 * Any other error is no input error: undefined, and the caller rethrows it.
 */
export function inputErrorExitCode(e: unknown, io: CommandIo, usage: string): 2 | undefined {
  if (e instanceof UsageError) {
    io.stderr.write(`${e.message}\n\n${usage}\n`);
    return 2;
  }
  if (e instanceof ConfigError) {
    io.stderr.write(`${e.message}\n`);
    return 2;
  }
  return undefined;
}

/** Runs a command's main as the process: its exit code, or 1 with the unexpected error's stack on stderr. */
export function runAsProcess(command: string, main: () => number | Promise<number>): void {
  const fail = (e: unknown) => {
    process.stderr.write(`${command}: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  };
  try {
    Promise.resolve(main()).then((code) => void (process.exitCode = code), fail);
  } catch (e) {
    fail(e);
  }
}

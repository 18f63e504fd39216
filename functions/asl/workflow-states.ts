/**
 * The frame every containment workflow shares: a Settings Pass state holding the configuration, a Prepare
 * Pass state keeping only the known input and deriving the notice texts, every error caught to the failure
 * notice, and a Fail state after it.
 */
import { FINDING_CONSOLE_URL } from "./finding-console-link";

/** Where a caught error is kept, for the failure notice and the Fail state's `ErrorPath`. */
const ERROR_PATH = "$.error";

/**
 * The Settings state: the deployment's configuration as a Pass `Result` under `$.settings`, so that the
 * configuration is data the states read by path, never text spliced into paths or intrinsics.
 */
export function settingsState(result: Record<string, unknown>, next: string): Record<string, unknown> {
  return {
    Type: "Pass",
    Comment: "The deployment's configuration, fixed at build time.",
    Result: result,
    ResultPath: "$.settings",
    Next: next,
  };
}

/** What a workflow's Prepare state keeps and adds. */
export interface PrepareStateOptions {
  readonly comment: string;
  /** Input parts kept besides `finding` (e.g. `ecs`), in this order, before `settings`. */
  readonly inputParts: readonly string[];
  /** Derived values after the console link and the JSON-quoted title. */
  readonly derived: Record<string, unknown>;
  /** Further parameters after `derived` (defaults and progress records of the workflow). */
  readonly extra?: Record<string, unknown>;
  readonly next: string;
}

/**
 * The Prepare state: keeps the input parts the workflow knows (anything else in the input is dropped), derives
 * the console link and the JSON-quoted title (attacker-influenced, so a notice can always be formatted).
 */
export function prepareState(options: PrepareStateOptions): Record<string, unknown> {
  return {
    Type: "Pass",
    Comment: options.comment,
    Parameters: {
      "finding.$": "$.finding",
      ...Object.fromEntries(options.inputParts.map((part) => [`${part}.$`, `$.${part}`])),
      "settings.$": "$.settings",
      derived: {
        "ConsoleUrl.$": FINDING_CONSOLE_URL,
        "Title.$": "States.JsonToString($.finding.title)",
        ...options.derived,
      },
      ...options.extra,
    },
    Next: options.next,
  };
}

/**
 * The dry-run switch: to `whenDryRun` (the notice of what would have been done) when Settings say so, else on
 * to `otherwise`. Every check comes before it, so a dry run reports an action only when a real run would act.
 */
export function dryRunChoice(whenDryRun: string, otherwise: string): Record<string, unknown> {
  return {
    Type: "Choice",
    Choices: [{ Variable: "$.settings.DryRun", BooleanEquals: true, Next: whenDryRun }],
    Default: otherwise,
  };
}

/** A catcher of every error, kept at `$.error`, going to `next` (the failure notice). */
export function catchAllTo(next: string): { ErrorEquals: string[]; ResultPath: string; Next: string } {
  return { ErrorEquals: ["States.ALL"], ResultPath: ERROR_PATH, Next: next };
}

/** The Fail state after the failure notice: it carries the original error name, so `ExecutionsFailed` alarms fire. */
export function failState(cause: string): Record<string, unknown> {
  return { Type: "Fail", ErrorPath: `${ERROR_PATH}.Error`, Cause: cause };
}

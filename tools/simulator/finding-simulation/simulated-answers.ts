/**
 * Which simulated AWS answer each response type plays. The user gives answers as `<answer>` (for whichever
 * pipeline fires) or `<type id>:<answer>` (for that type only), e.g. `throttled` or
 * `ec2-isolate-instance:not-found,eks-contain-pod:forbidden`; a type given no answer plays its first (default).
 * Light on purpose (no CDKTF, no simulation): the CLI checks answers with it before loading the rest.
 */
import type { SimulatedAnswerSpec } from "../../../functions/response-types/simulated-answers";
import { SIMULATED_RESPONSE_TYPES, type SimulatedResponseType } from "./response-types";

/** An answer no registered type knows, or one the type of a firing pipeline does not know. */
export class UnknownAnswerError extends Error {
  override readonly name = "UnknownAnswerError";
  constructor(
    readonly answer: string,
    detail: string,
  ) {
    super(`Unknown answer '${answer}': ${detail}.`);
  }
}

/** The answers as given: one for any type, and one per type id. */
export interface AnswerChoice {
  readonly any?: string;
  readonly byType: Readonly<Record<string, string>>;
}

export const NO_ANSWER_CHOICE: AnswerChoice = { any: undefined, byType: {} };

/** Every type's answers, for `--help` and messages: `ecs-stop-task: running (default), stopped, ...`. */
export function describeAnswerChoices(types: readonly SimulatedResponseType[] = SIMULATED_RESPONSE_TYPES): string[] {
  return types.map((type) => `${type.id}: ${type.simulatedAnswers.map((a, i) => (i === 0 ? `${a.name} (default)` : a.name)).join(", ")}`);
}

/**
 * Reads `--answer` values (each a comma-separated list) into a choice, checking every name against the
 * registered types' answers.
 *
 * @throws UnknownAnswerError naming the registered answers.
 */
export function parseAnswerChoice(values: readonly string[], types: readonly SimulatedResponseType[] = SIMULATED_RESPONSE_TYPES): AnswerChoice {
  let any: string | undefined;
  const byType: Record<string, string> = {};
  const expected = `expected one of ${describeAnswerChoices(types).join("; ")}, optionally prefixed with its type and a colon (ec2-isolate-instance:throttled)`;
  for (const item of values.flatMap((value) => value.split(","))) {
    const text = item.trim();
    const colon = text.indexOf(":");
    if (colon < 0) {
      if (!types.some((type) => type.simulatedAnswers.some((a) => a.name === text))) throw new UnknownAnswerError(text, expected);
      if (any !== undefined && any !== text)
        throw new UnknownAnswerError(text, `'${any}' is already given for every type; qualify answers with their type to give several`);
      any = text;
      continue;
    }
    const typeId = text.slice(0, colon);
    const name = text.slice(colon + 1);
    const type = types.find((t) => t.id === typeId);
    if (type === undefined) throw new UnknownAnswerError(text, `no response type '${typeId}'; ${expected}`);
    if (!type.simulatedAnswers.some((a) => a.name === name))
      throw new UnknownAnswerError(text, `${type.title} answers ${type.simulatedAnswers.map((a) => a.name).join(", ")}`);
    if (byType[typeId] !== undefined && byType[typeId] !== name) throw new UnknownAnswerError(text, `${typeId} is already given '${byType[typeId]}'`);
    byType[typeId] = name;
  }
  return { any, byType };
}

/**
 * The answer `type` plays under `choice`: its own, else the one for any type, else its default.
 *
 * @throws UnknownAnswerError when the answer for any type is not one of this type's.
 */
export function answerFor(type: SimulatedResponseType, choice: AnswerChoice): SimulatedAnswerSpec {
  const name = choice.byType[type.id] ?? choice.any;
  if (name === undefined) return type.simulatedAnswers[0];
  const answer = type.simulatedAnswers.find((a) => a.name === name);
  if (answer === undefined) {
    throw new UnknownAnswerError(name, `the ${type.title} pipeline fires, and it answers ${type.simulatedAnswers.map((a) => a.name).join(", ")}`);
  }
  return answer;
}

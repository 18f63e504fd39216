/**
 * The response types `simulate` knows: the registered ones (functions/response-types/registry.ts), found in a
 * synthesized stack by the target id their pipelines give the rule's Step Functions target, with their simulated
 * AWS answers (plain data in each type's folder). A pipeline of a target id no type claims is still simulated,
 * in a world where the finding's resource exists and nothing fails.
 */
import type { SimulatedAnswerSpec } from "../../../functions/response-types/simulated-answers";
import type { AnyResponseType } from "../../../functions/response-types/contract";
import { RESPONSE_TYPES } from "../../../functions/response-types/registry";

/** What the simulator needs of a response type. */
export interface SimulatedResponseType {
  /** Kebab-case id, e.g. `ec2-isolate-instance` (qualifies an answer: `--answer ec2-isolate-instance:throttled`). */
  readonly id: string;
  /** In words, e.g. `EC2 instance isolation`. */
  readonly title: string;
  /** The rule target's `target_id` in the synthesized stack. */
  readonly targetId: string;
  /** The first is the default. */
  readonly simulatedAnswers: readonly SimulatedAnswerSpec[];
  /** What the simulated AWS does not show for a finding (ResponseType.simulationNotes). @default - no notes */
  readonly simulationNotes?: AnyResponseType["simulationNotes"];
}

export const SIMULATED_RESPONSE_TYPES: readonly SimulatedResponseType[] = RESPONSE_TYPES.map((type) => ({
  id: type.id,
  title: type.title,
  targetId: type.pipelineText.targetId,
  simulatedAnswers: type.simulatedAnswers,
  simulationNotes: type.simulationNotes,
}));

/** The type whose pipelines carry `targetId`, or undefined. */
export function responseTypeOfTarget(targetId: string): SimulatedResponseType | undefined {
  return SIMULATED_RESPONSE_TYPES.find((type) => type.targetId === targetId);
}

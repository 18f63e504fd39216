/**
 * The response types `simulate` knows, by the target id their pipelines give the rule's Step Functions target:
 * their name and their simulated AWS answers (plain data in each type's folder). A pipeline of a target id no
 * type claims is still simulated, in a world where the finding's resource exists and nothing fails.
 */
import { EC2_ISOLATE_INSTANCE_SIMULATED_ANSWERS } from "../../../functions/ec2-isolate-instance/simulated-answers";
import { ECS_STOP_TASK_SIMULATED_ANSWERS } from "../../../functions/ecs-stop-task/simulated-answers";
import { EKS_CONTAIN_POD_SIMULATED_ANSWERS } from "../../../functions/eks-contain-pod/simulated-answers";
import type { SimulatedAnswerSpec } from "../../../functions/response-types/simulated-answers";

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
}

export const SIMULATED_RESPONSE_TYPES: readonly SimulatedResponseType[] = [
  { id: "ecs-stop-task", title: "ECS task auto-stop", targetId: "stop-task-state-machine", simulatedAnswers: ECS_STOP_TASK_SIMULATED_ANSWERS },
  { id: "ec2-isolate-instance", title: "EC2 instance isolation", targetId: "ec2-isolation-state-machine", simulatedAnswers: EC2_ISOLATE_INSTANCE_SIMULATED_ANSWERS },
  { id: "eks-contain-pod", title: "EKS pod containment", targetId: "eks-containment-state-machine", simulatedAnswers: EKS_CONTAIN_POD_SIMULATED_ANSWERS },
];

/** The type whose pipelines carry `targetId`, or undefined. */
export function responseTypeOfTarget(targetId: string): SimulatedResponseType | undefined {
  return SIMULATED_RESPONSE_TYPES.find((type) => type.targetId === targetId);
}

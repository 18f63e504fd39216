/**
 * Every response type, one registration line each: the constructs, `review`, `simulate` and the registry module
 * iterate over this list. Adding a type: docs/response-types.md.
 */
import { EC2_ISOLATE_INSTANCE } from "../ec2-isolate-instance/response-type";
import { ECS_STOP_TASK } from "../ecs-stop-task/response-type";
import { EKS_CONTAIN_POD } from "../eks-contain-pod/response-type";
import type { AnyResponseType } from "./contract";

export const RESPONSE_TYPES: readonly AnyResponseType[] = [ECS_STOP_TASK, EC2_ISOLATE_INSTANCE, EKS_CONTAIN_POD];

/** The registered type of this id, or undefined. */
export function responseTypeOf(id: string): AnyResponseType | undefined {
  return RESPONSE_TYPES.find((type) => type.id === id);
}

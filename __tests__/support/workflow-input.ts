/** Building a containment workflow's input in tests, as its EventBridge input transformer would. */
import type { JsonValue } from "../../tools/simulator/aws-sdk-task-handler";

/**
 * `input` as the state machine's JSON input. Typed by the workflow's input interface, so a fixture that drifts
 * from what the input transformer produces fails to compile.
 */
export function stateMachineInput<Input extends object>(input: Input): JsonValue {
  return input as unknown as JsonValue;
}

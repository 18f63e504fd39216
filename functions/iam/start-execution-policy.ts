import { PolicyDocument, policyDocument } from "./policy-document";

/** Identity policy of the EventBridge target role: start executions of one state machine, nothing else. */
export function buildStartExecutionPolicy(props: { readonly stateMachineArn: string }): PolicyDocument {
  return policyDocument({
    Sid: "StartTheResponseStateMachine",
    Effect: "Allow",
    Action: "states:StartExecution",
    Resource: props.stateMachineArn,
  });
}

/**
 * The policies as synthesized by the stack (not only as built): evaluated with the fake account's
 * values and simulated, so a wiring mistake in a construct shows.
 */
import type { PolicyDocument } from "../../../functions/iam/policy-document";
import { parseConfig } from "../../../config/load-config";
import { isAllowed } from "../../support/iam-simulation";
import { SynthesizedStack, TEST_ACCOUNT, stackOfConfig } from "../../support/synthesized-stack";

const ACCOUNT = TEST_ACCOUNT.accountId;
const PROD = `arn:aws:ecs:ap-northeast-1:${ACCOUNT}:cluster/prod`;
const config = parseConfig({ ecs_auto_stop: { cluster_arns: [PROD] } }, "test");
const synth = new SynthesizedStack(stackOfConfig(config, "s"));

const policyNamed = (name: string) =>
  synth.evaluateJson(synth.resources("aws_iam_role_policy").find((p) => p.values.name === name)!.values.policy) as PolicyDocument;
const stateMachineRole = `arn:aws:iam::${ACCOUNT}:role/ecs-runtime-monitoring-stop-task-dev-apne1-sfn-role`;
const eventsRole = `arn:aws:iam::${ACCOUNT}:role/ecs-runtime-monitoring-stop-task-dev-apne1-events-role`;
const stateMachineArn = `arn:aws:states:ap-northeast-1:${ACCOUNT}:stateMachine:ecs-runtime-monitoring-stop-task-dev-state-machine`;

test("the synthesized state machine role may stop a prod task and not a staging task", async () => {
  const policies = [policyNamed("stop-tasks-and-notify")];
  const stop = (cluster: string) =>
    isAllowed({
      identityPolicies: policies,
      principal: stateMachineRole,
      action: "ecs:StopTask",
      resource: `arn:aws:ecs:ap-northeast-1:${ACCOUNT}:task/${cluster}/0123456789abcdef0123456789abcdef`,
      context: { "ecs:cluster": `arn:aws:ecs:ap-northeast-1:${ACCOUNT}:cluster/${cluster}` },
    });
  expect((await stop("prod")).result).toBe("Allowed");
  expect((await stop("staging")).result).toBe("ImplicitlyDenied");
});

test("the synthesized state machine role may publish to the created topic only", async () => {
  const publish = (topic: string) =>
    isAllowed({
      identityPolicies: [policyNamed("stop-tasks-and-notify")],
      principal: stateMachineRole,
      action: "sns:Publish",
      resource: `arn:aws:sns:ap-northeast-1:${ACCOUNT}:${topic}`,
    });
  expect((await publish("ecs-runtime-monitoring-stop-task-dev-topic")).result).toBe("Allowed");
  expect((await publish("other-topic")).result).toBe("ImplicitlyDenied");
});

test("the synthesized events role may start the synthesized state machine only", async () => {
  const start = (arn: string) =>
    isAllowed({ identityPolicies: [policyNamed("start-stop-task-state-machine")], principal: eventsRole, action: "states:StartExecution", resource: arn });
  expect((await start(stateMachineArn)).result).toBe("Allowed");
  expect((await start(`${stateMachineArn}-other`)).result).toBe("ImplicitlyDenied");
});

test("the synthesized state machine trust policy admits Step Functions for this state machine only", async () => {
  const role = synth.resources("aws_iam_role").find((r) => r.values.name === "ecs-runtime-monitoring-stop-task-dev-apne1-sfn-role")!;
  const trust = synth.evaluateJson(role.values.assume_role_policy) as PolicyDocument;
  const assume = (principal: string, sourceArn: string) =>
    isAllowed({
      resourcePolicy: trust,
      principal,
      action: "sts:AssumeRole",
      resource: stateMachineRole,
      context: { "aws:SourceAccount": ACCOUNT, "aws:SourceArn": sourceArn },
    });
  expect((await assume("states.amazonaws.com", stateMachineArn)).result).toBe("Allowed");
  expect((await assume("states.amazonaws.com", `${stateMachineArn}-other`)).result).toBe("ImplicitlyDenied");
  expect((await assume("events.amazonaws.com", stateMachineArn)).result).toBe("ImplicitlyDenied");
});

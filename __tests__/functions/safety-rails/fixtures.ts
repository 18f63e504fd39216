/** Fixtures of the safety rails' tests: the guarded ECS workflow with rails, run against the fake AWS. */
import { composeSafetyRails, type SafetyRailsOptions } from "../../../functions/safety-rails/compose";
import type { JsonValue } from "../../../tools/simulator/aws-sdk-task-handler";
import { createFakeAwsWorld, type FakeAwsWorld, type FakeAwsWorldOptions } from "../../../tools/simulator/fake-aws-world";
import { addFakeTable, safetyRailsStateOf } from "../../../tools/simulator/fake-safety-rails-services";
import { runStateMachine, type RunStateMachineResult } from "../../../tools/simulator/run-state-machine";
import { dynamoDbTaskHandlers, SAFETY_RAILS_BINDINGS } from "../../../tools/simulator/safety-rails-integrations";
import { RUNNING_TASK, TOPIC_ARN, guardedDefinition, guardedFindingInput } from "../../tools/simulator/fixtures";

export const TABLE_NAME = "guardduty-runtime-response-blast-radius";
export const TABLE_ARN = `arn:aws:dynamodb:ap-northeast-1:123456789012:table/${TABLE_NAME}`;
export const PARAMETER_NAME = "/guardduty-runtime-response/kill-switch";
export const PARAMETER_ARN = "arn:aws:ssm:ap-northeast-1:123456789012:parameter/guardduty-runtime-response/kill-switch";
/** 2026-12-05T03:07:37.123Z: the cap's clock in the tests. */
export const ENTERED_TIME = "2026-12-05T03:07:37.123Z";

export const BOTH_RAILS: SafetyRailsOptions = {
  killSwitch: { parameterName: PARAMETER_NAME, parameterArn: PARAMETER_ARN },
  blastRadiusCap: { tableName: TABLE_NAME, tableArn: TABLE_ARN, maxActions: 3, window: "hour" },
};

/** The guarded ECS definition with `rails`. */
export function railedEcsDefinition(rails: SafetyRailsOptions = BOTH_RAILS): Record<string, unknown> {
  return composeSafetyRails(guardedDefinition(), "ecs-stop-task", "aws", rails).definition;
}

/** A world with the running task, the topic, the counter table and the switch at `switchValue` (null: no parameter). */
export function railWorld(switchValue: string | null = "act", options: FakeAwsWorldOptions = {}): FakeAwsWorld {
  const world = createFakeAwsWorld({ topics: [TOPIC_ARN], tasks: [RUNNING_TASK], ...options });
  addFakeTable(world, TABLE_NAME, "pk", "expiresAt");
  if (switchValue !== null) safetyRailsStateOf(world).parameters.set(PARAMETER_NAME, switchValue);
  return world;
}

/** Runs `definition` once on the guarded finding input at `enteredTime`. */
export function runRailed(
  world: FakeAwsWorld,
  definition: Record<string, unknown> = railedEcsDefinition(),
  options: { enteredTime?: string; input?: JsonValue } = {},
): Promise<RunStateMachineResult> {
  return runStateMachine({
    definition,
    input: options.input ?? guardedFindingInput(),
    world,
    bindings: SAFETY_RAILS_BINDINGS,
    taskHandlers: dynamoDbTaskHandlers(definition, world),
    context: { State: { EnteredTime: options.enteredTime ?? ENTERED_TIME } },
  });
}

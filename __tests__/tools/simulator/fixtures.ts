/** Shared GIVENs of the simulation tests. */
import { ECSClient } from "@aws-sdk/client-ecs";
import { SNSClient } from "@aws-sdk/client-sns";
import type { GuardedStopTaskInput } from "../../../functions/ecs-stop-task/guarded-input-transformer";
import { buildGuardedStopTaskDefinition, type GuardedStopTaskProps } from "../../../functions/ecs-stop-task/guarded-state-machine";
import { buildSeedStopTaskDefinition } from "../../../functions/ecs-stop-task/seed-state-machine";
import type { FindingInput } from "../../../functions/guardduty/finding-input";
import type { JsonValue } from "../../../tools/simulator/aws-sdk-task-handler";
import type { FakeAwsWorld } from "../../../tools/simulator/fake-aws-world";
import { createFakeEcsRequestHandler } from "../../../tools/simulator/fake-ecs";
import { createFakeSnsRequestHandler } from "../../../tools/simulator/fake-sns";
import { fakeClientConfig, rejectionOf } from "../../support/fake-sdk-clients";
import { stateMachineInput } from "../../support/workflow-input";

export { rejectionOf };

export const REGION = "ap-northeast-1";
export const ACCOUNT_ID = "123456789012";
export const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT_ID}:guardduty-runtime-response`;
export const CLUSTER_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT_ID}:cluster/prod`;
export const TASK_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT_ID}:task/prod/fa2100c571d448b7a977da8120a5d383`;
export const TASK_DEFINITION_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT_ID}:task-definition/web:7`;
export const TASK_GROUP = "service:web";
export const FINDING_TITLE = "A DNS query to a Bitcoin-related domain";

export const SEED_SUCCESS_SUBJECT = "Step Functions succeeded in stopping ECS Task with runtime security threats detected by GuardDuty";
export const SEED_FAILURE_SUBJECT = "Step Functions failed to stop ECS Task with runtime security threats detected by GuardDuty";

/** The seed definition as emitted (trailing newline after each `States.Format(...)`). */
export function seedDefinition(): Record<string, unknown> {
  return buildSeedStopTaskDefinition({ topicArn: TOPIC_ARN });
}

/** What the seed's EventBridge input transformer hands the state machine for a runtime finding. */
export function runtimeFindingInput(overrides: Partial<Record<string, string>> = {}): JsonValue {
  return {
    EcsClusterArn: CLUSTER_ARN,
    TaskDefinitionArn: TASK_DEFINITION_ARN,
    TaskArn: TASK_ARN,
    GuardDutyFindingTitle: FINDING_TITLE,
    ...overrides,
  } as JsonValue;
}

/** The running task the finding is about. */
export const RUNNING_TASK = {
  taskArn: TASK_ARN,
  taskDefinitionArn: TASK_DEFINITION_ARN,
  group: TASK_GROUP,
  tags: { Environment: "prod" },
} as const;

/** Real SDK clients wired to the world's fake endpoints (no SDK retries). */
export function sdkClients(world: FakeAwsWorld): { ecs: ECSClient; sns: SNSClient } {
  return {
    ecs: new ECSClient(fakeClientConfig(world.region, createFakeEcsRequestHandler(world))),
    sns: new SNSClient(fakeClientConfig(world.region, createFakeSnsRequestHandler(world))),
  };
}

// ---------------------------------------------------------------------------------------------------------
// The guarded workflow (functions/ecs-stop-task/guarded-*.ts)

export const FINDING_ID = "5ac8f1e9d3b74c5e8f6a1b2c3d4e5f60";
export const FINDING_TYPE = "CryptoCurrency:Runtime/BitcoinTool.B!DNS";
export const FINDING_SEVERITY = 8;
export const SERVICE_NAME = "web";
const FINDING: FindingInput = { id: FINDING_ID, type: FINDING_TYPE, severity: FINDING_SEVERITY, title: FINDING_TITLE, accountId: ACCOUNT_ID, region: REGION };

/** The guarded workflow's input (what its input transformer makes of a runtime finding on RUNNING_TASK). */
export function guardedFindingInput(
  overrides: { finding?: Partial<GuardedStopTaskInput["finding"]>; ecs?: Partial<GuardedStopTaskInput["ecs"]> } = {},
): JsonValue {
  return stateMachineInput<GuardedStopTaskInput>({
    finding: { ...FINDING, ...overrides.finding },
    ecs: { clusterArn: CLUSTER_ARN, taskArn: TASK_ARN, taskDefinitionArn: TASK_DEFINITION_ARN, ...overrides.ecs },
  });
}

/** The guarded definition for the test topic. */
export function guardedDefinition(props: Omit<GuardedStopTaskProps, "topicArn"> = {}): Record<string, unknown> {
  return buildGuardedStopTaskDefinition({ topicArn: TOPIC_ARN, ...props });
}

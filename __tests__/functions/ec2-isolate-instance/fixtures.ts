/** Shared GIVENs of the EC2 isolation tests. */
import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { EC2Client } from "@aws-sdk/client-ec2";
import type { Ec2IsolationInput } from "../../../functions/ec2-isolate-instance/input-transformer";
import {
  EC2_ISOLATION_SUBJECTS,
  buildEc2IsolationDefinition,
  type Ec2IsolationOutcome,
  type Ec2IsolationProps,
} from "../../../functions/ec2-isolate-instance/state-machine";
import type { FindingInput } from "../../../functions/guardduty/finding-input";
import type { JsonValue } from "../../../tools/simulator/aws-sdk-task-handler";
import { createFakeAutoScalingRequestHandler } from "../../../tools/simulator/fake-auto-scaling";
import { createFakeAwsWorld, type FakeAwsWorld, type FakeAwsWorldOptions, type FakeEc2InstanceInit } from "../../../tools/simulator/fake-aws-world";
import { createFakeEc2RequestHandler } from "../../../tools/simulator/fake-ec2";
import type { PublishedSnsMessage } from "../../../tools/simulator/fake-sns";
import { runStateMachine, type RunStateMachineResult } from "../../../tools/simulator/run-state-machine";
import { fakeClientConfig, rejectionOf } from "../../support/fake-sdk-clients";
import { expectSingleNotice, noticeFields, outcomeOf, trail } from "../../support/workflow-notices";
import { stateMachineInput } from "../../support/workflow-input";

export { noticeFields, outcomeOf, rejectionOf, trail };

export const REGION = "ap-northeast-1";
export const ACCOUNT_ID = "123456789012";
export const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT_ID}:guardduty-runtime-response`;
export const QUARANTINE_GROUP_NAME = "guardduty-quarantine";

export const INSTANCE_ID = "i-0abc1234def567890";
export const VPC_ID = "vpc-0f1e2d3c4b5a69788";
export const WEB_GROUP_ID = "sg-0aaaaaaaaaaaaaaa1";
export const ADMIN_GROUP_ID = "sg-0aaaaaaaaaaaaaaa2";
export const PRIMARY_ENI = "eni-0aaaaaaaaaaaaaaa1";
export const SECONDARY_ENI = "eni-0aaaaaaaaaaaaaaa2";
export const ROOT_VOLUME = "vol-0aaaaaaaaaaaaaaa1";
export const DATA_VOLUME = "vol-0aaaaaaaaaaaaaaa2";
export const AUTO_SCALING_GROUP = "web-asg";

export const FINDING_ID = "9cc8d8e2f1b04c2e8a3f5b7d9e1f2a3b";
export const FINDING_TYPE = "Execution:Runtime/ReverseShell";
export const FINDING_SEVERITY = 8;
export const FINDING_TITLE = 'Reverse shell from "nginx"';
const FINDING: FindingInput = { id: FINDING_ID, type: FINDING_TYPE, severity: FINDING_SEVERITY, title: FINDING_TITLE, accountId: ACCOUNT_ID, region: REGION };

/** A running web server: two network interfaces (web; web+admin), a root and a data volume. */
export const WEB_INSTANCE: FakeEc2InstanceInit = {
  instanceId: INSTANCE_ID,
  vpcId: VPC_ID,
  tags: { Name: "web-1" },
  securityGroupIds: [WEB_GROUP_ID],
  networkInterfaces: [{ networkInterfaceId: PRIMARY_ENI }, { networkInterfaceId: SECONDARY_ENI, securityGroupIds: [WEB_GROUP_ID, ADMIN_GROUP_ID] }],
  volumes: [
    { volumeId: ROOT_VOLUME, sizeGiB: 8 },
    { volumeId: DATA_VOLUME, sizeGiB: 100 },
  ],
};

export const WEB_GROUPS: NonNullable<FakeAwsWorldOptions["ec2"]>["securityGroups"] = [
  { groupId: WEB_GROUP_ID, groupName: "web", vpcId: VPC_ID, ingress: [{ ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" }] },
  { groupId: ADMIN_GROUP_ID, groupName: "admin", vpcId: VPC_ID, ingress: [{ ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "10.0.0.0/8" }] },
];

/** The definition with the test topic and quarantine group name. */
export function ec2IsolationDefinition(props: Partial<Ec2IsolationProps> = {}): Record<string, unknown> {
  return buildEc2IsolationDefinition({ topicArn: TOPIC_ARN, quarantineSecurityGroupName: QUARANTINE_GROUP_NAME, ...props });
}

/** What the input transformer makes of a runtime finding on WEB_INSTANCE. */
export function ec2FindingInput(overrides: { finding?: Partial<Ec2IsolationInput["finding"]>; instanceId?: string } = {}): JsonValue {
  return stateMachineInput<Ec2IsolationInput>({ finding: { ...FINDING, ...overrides.finding }, ec2: { instanceId: overrides.instanceId ?? INSTANCE_ID } });
}

/** Runs the workflow against a world with the topic, the web instance's groups and `worldOptions`. */
export async function runIsolation(
  worldOptions: FakeAwsWorldOptions,
  options: { props?: Partial<Ec2IsolationProps>; input?: JsonValue; prepare?: (world: FakeAwsWorld) => void } = {},
): Promise<{ world: FakeAwsWorld; result: RunStateMachineResult }> {
  const world = createFakeAwsWorld({
    topics: [TOPIC_ARN],
    ...worldOptions,
    ec2: { ...worldOptions.ec2, securityGroups: [...(WEB_GROUPS ?? []), ...(worldOptions.ec2?.securityGroups ?? [])] },
  });
  options.prepare?.(world);
  const result = await runStateMachine({ definition: ec2IsolationDefinition(options.props), input: options.input ?? ec2FindingInput(), world });
  return { world, result };
}

/** The only notice of the execution, checked to be of `outcome` (subject and attribute). */
export function singleNotice(result: RunStateMachineResult, outcome: Ec2IsolationOutcome): PublishedSnsMessage {
  return expectSingleNotice(result, EC2_ISOLATION_SUBJECTS, outcome);
}

/** Real SDK clients wired to the world's fake endpoints (no SDK retries). */
export function sdkClients(world: FakeAwsWorld): { ec2: EC2Client; autoScaling: AutoScalingClient } {
  return {
    ec2: new EC2Client(fakeClientConfig(world.region, createFakeEc2RequestHandler(world))),
    autoScaling: new AutoScalingClient(fakeClientConfig(world.region, createFakeAutoScalingRequestHandler(world))),
  };
}

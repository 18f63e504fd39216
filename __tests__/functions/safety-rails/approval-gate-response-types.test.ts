/**
 * The approval gate composed into every response type's workflow (ECS task stop, guarded; EC2 isolation; EKS pod
 * containment), executed in-process against the fake AWS through the real SDK clients: approved, the type acts;
 * denied, it sends the HELD notice and does nothing. Plus asl-validator on each composed definition.
 */
import { SendTaskFailureCommand, SendTaskSuccessCommand } from "@aws-sdk/client-sfn";
import { buildEc2IsolationDefinition } from "../../../functions/ec2-isolate-instance/state-machine";
import { buildEksContainmentDefinition } from "../../../functions/eks-contain-pod/state-machine";
import {
  APPROVAL_GATE_STATES,
  APPROVAL_SUBJECTS,
  approvalGateReasons,
  approvalGateSlot,
  withApprovalWait,
  type ApprovalGateSettings,
} from "../../../functions/safety-rails/approval-gate";
import { composeSafetyRails, HELD_OUTCOME } from "../../../functions/safety-rails/compose";
import { createEksCallHandler } from "../../../tools/simulator/eks-call-handler";
import { createFakeAwsWorld, type FakeAwsWorld } from "../../../tools/simulator/fake-aws-world";
import { createFakeEks, eksSimulationBindings } from "../../../tools/simulator/fake-eks";
import { FakeTaskTokens, waitForTaskTokenPublishHandler, type FakeApprover } from "../../../tools/simulator/fake-task-tokens";
import { runStateMachine, type RunStateMachineOptions, type RunStateMachineResult } from "../../../tools/simulator/run-state-machine";
import { validateAsl } from "../../../tools/simulator/validate-asl";
import { noticeFields, outcomeOf } from "../../support/workflow-notices";
import * as ec2 from "../ec2-isolate-instance/fixtures";
import * as eks from "../eks-contain-pod/fixtures";
import * as ecs from "../../tools/simulator/fixtures";

const TOKEN = "AQCEAAAAKgAAAAMAAAAAAAAAAQ+approval/token=";
const SETTINGS: ApprovalGateSettings = { timeoutSeconds: 3600, onTimeout: "hold" };

/** One response type: its composed definition and how to run it against a fresh fake AWS. */
interface TypeCase {
  readonly typeId: string;
  readonly topicArn: string;
  readonly definition: () => Record<string, unknown>;
  /** What the runner needs besides the definition, input and the gate's handler. */
  readonly run: (world: FakeAwsWorld) => Omit<RunStateMachineOptions, "definition" | "world" | "taskHandlers" | "context">;
  readonly world: () => FakeAwsWorld;
  /** The calls of its action, in the runner's records. */
  readonly actionCalls: (result: RunStateMachineResult) => number;
  readonly actedOutcome: string;
}

const composed = (typeId: string, topicArn: string, definition: Record<string, unknown>): Record<string, unknown> =>
  withApprovalWait(composeSafetyRails(definition, typeId, "aws", { approvalGate: approvalGateSlot(SETTINGS, { topicArn }) }).definition);

const eksState = () => createFakeEks({ region: eks.REGION, accountId: eks.ACCOUNT_ID, clusters: [{ name: eks.CLUSTER_NAME, pods: [eks.RUNNING_POD] }] });
let eksFake = eksState();

const CASES: readonly TypeCase[] = [
  {
    typeId: "ecs-stop-task",
    topicArn: ecs.TOPIC_ARN,
    definition: () => composed("ecs-stop-task", ecs.TOPIC_ARN, ecs.guardedDefinition()),
    world: () => createFakeAwsWorld({ topics: [ecs.TOPIC_ARN], tasks: [ecs.RUNNING_TASK] }),
    run: () => ({ input: ecs.guardedFindingInput() }),
    actionCalls: (result) => result.calls.filter((call) => call.action === "stopTask").length,
    actedOutcome: "STOPPED",
  },
  {
    typeId: "ec2-isolate-instance",
    topicArn: ec2.TOPIC_ARN,
    definition: () =>
      composed(
        "ec2-isolate-instance",
        ec2.TOPIC_ARN,
        buildEc2IsolationDefinition({ topicArn: ec2.TOPIC_ARN, quarantineSecurityGroupName: ec2.QUARANTINE_GROUP_NAME }),
      ),
    world: () => createFakeAwsWorld({ topics: [ec2.TOPIC_ARN], ec2: { instances: [ec2.WEB_INSTANCE], securityGroups: [...(ec2.WEB_GROUPS ?? [])] } }),
    run: () => ({ input: ec2.ec2FindingInput() }),
    actionCalls: (result) =>
      result.calls.filter((call) => call.action === "modifyNetworkInterfaceAttribute" || call.action === "modifyInstanceAttribute").length,
    actedOutcome: "ISOLATED",
  },
  {
    typeId: "eks-contain-pod",
    topicArn: eks.TOPIC_ARN,
    definition: () => composed("eks-contain-pod", eks.TOPIC_ARN, buildEksContainmentDefinition({ topicArn: eks.TOPIC_ARN })),
    world: () => {
      eksFake = eksState();
      return createFakeAwsWorld({ region: eks.REGION, accountId: eks.ACCOUNT_ID, topics: [eks.TOPIC_ARN] });
    },
    run: () => ({ input: eks.eksFindingInput(), bindings: eksSimulationBindings(eksFake), eksCall: createEksCallHandler(eksFake) }),
    actionCalls: () => eksFake.clusters[0].kubernetes.requests.filter((request) => request.method !== "GET").length,
    actedOutcome: "ISOLATED",
  },
];

async function runWithApprover(typeCase: TypeCase, approver: FakeApprover): Promise<RunStateMachineResult> {
  const world = typeCase.world();
  const tokens = new FakeTaskTokens();
  const definition = typeCase.definition();
  return runStateMachine({
    ...typeCase.run(world),
    definition,
    world,
    // aws-local-stepfunctions gives no execution id; AWS always does (context object, Execution.Id).
    context: { Task: { Token: TOKEN }, Execution: { Id: `arn:aws:states:${world.region}:123456789012:execution:${typeCase.typeId}:e1` } },
    taskHandlers: { [APPROVAL_GATE_STATES.request]: waitForTaskTokenPublishHandler({ world, tokens, taskToken: TOKEN, approver }) },
  } as RunStateMachineOptions);
}

const approve: FakeApprover = async (_request, sfn) => {
  await sfn.send(new SendTaskSuccessCommand({ taskToken: TOKEN, output: '{"approved":true}' }));
};
const deny: FakeApprover = async (_request, sfn) => {
  await sfn.send(new SendTaskFailureCommand({ taskToken: TOKEN, error: "Denied", cause: "not this one" }));
};

describe.each(CASES.map((typeCase) => [typeCase.typeId, typeCase] as const))("approval gate in %s", (_typeId, typeCase) => {
  test("the composed definition passes asl-validator", () => {
    // GIVEN the type's workflow with the gate
    // WHEN validated
    // THEN it is valid
    expect(validateAsl(typeCase.definition()).errors).toEqual([]);
  });

  test("the execution may outlast the gate's wait", () => {
    // GIVEN the type's workflow with the gate waiting up to an hour
    const definition = typeCase.definition();
    // WHEN its execution timeout is read
    // THEN it leaves the type's own time on top of the gate's wait
    expect(definition.TimeoutSeconds).toBeGreaterThan(SETTINGS.timeoutSeconds);
  });

  test("approved: the request names the resource and the type acts", async () => {
    // GIVEN the gate in the type's workflow
    // WHEN an approver approves
    const result = await runWithApprover(typeCase, approve);
    // THEN the request came first, then the type acted and notified its outcome
    expect([result.status, result.error, result.cause]).toEqual(["SUCCEEDED", undefined, undefined]);
    expect(result.published[0].subject).toBe(APPROVAL_SUBJECTS.requested);
    expect(result.published[0].message).not.toContain("null");
    expect(typeCase.actionCalls(result)).toBeGreaterThan(0);
    expect(result.published.slice(1).map(outcomeOf)).toContain(typeCase.actedOutcome);
  });

  test("denied: HELD notice saying an approver denied, nothing done", async () => {
    // GIVEN the gate in the type's workflow
    // WHEN an approver denies
    const result = await runWithApprover(typeCase, deny);
    // THEN nothing is done and the HELD notice names the gate and the denial
    expect([result.status, result.error, result.cause]).toEqual(["SUCCEEDED", undefined, undefined]);
    expect(typeCase.actionCalls(result)).toBe(0);
    expect(result.published.slice(1).map(outcomeOf)).toEqual([HELD_OUTCOME]);
    const fields = noticeFields(result.published[1]);
    expect(fields["Safety rail"]).toBe("approval-gate");
    expect(fields["Why not acted"]).toBe(approvalGateReasons(SETTINGS.timeoutSeconds).denied);
  });
});

import { SendTaskFailureCommand, SendTaskSuccessCommand } from "@aws-sdk/client-sfn";
import {
  APPROVAL_DECISIONS,
  APPROVAL_GATE_STATES,
  APPROVAL_OUTCOMES,
  APPROVAL_REQUEST_INTEGRATION,
  APPROVAL_SUBJECTS,
  approvalGateRail,
  approvalGateReasons,
  validateApprovalGateOptions,
  withApprovalWait,
  type ApprovalGateOptions,
} from "../../../functions/safety-rails/approval-gate";
import { allStrings } from "../../support/asl-definition";
import { rolePolicyOf } from "../../../functions/response-types/role-policy";
import type { JsonValue } from "../../../tools/simulator/aws-sdk-task-handler";
import { createFakeAwsWorld, type FakeAwsWorld } from "../../../tools/simulator/fake-aws-world";
import { FakeTaskTokens, waitForTaskTokenPublishHandler, type FakeApprover } from "../../../tools/simulator/fake-task-tokens";
import { runStateMachine } from "../../../tools/simulator/run-state-machine";
import { validateAsl } from "../../../tools/simulator/validate-asl";

const REGION = "eu-west-1";
const ACCOUNT = "123456789012";
const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:guardduty-runtime-response`;
const TOKEN = "AQCEAAAAKgAAAAMAAAAAAAAAAQ+token/with=base64";
const EXITS = { proceed: "Proceed", hold: "Hold" };

/** A workflow of the gate alone: its exits end the execution saying which one was taken. */
function gateWorkflow(options: Partial<ApprovalGateOptions> = {}): Record<string, unknown> {
  const fragment = approvalGateRail({
    topicArn: TOPIC,
    timeoutSeconds: 3600,
    actionWords: "stop the ECS task",
    exits: EXITS,
    context: { responseTypeId: "ecs-stop-task", partition: "aws", scope: { kind: "cluster", path: "$.ecs.clusterArn" } },
    ...options,
  });
  return {
    StartAt: fragment.startAt,
    States: {
      ...fragment.states,
      Proceed: { Type: "Pass", Result: "proceed", ResultPath: "$.exit", End: true },
      Hold: { Type: "Pass", Result: "hold", ResultPath: "$.exit", End: true },
    },
  };
}

function findingInput(severity: unknown = 8.5): JsonValue {
  return {
    finding: {
      id: "f1",
      type: "Execution:Runtime/ReverseShell",
      severity: severity as JsonValue,
      title: 'Reverse shell {"x"} in task \\ it',
      accountId: ACCOUNT,
      region: REGION,
    },
    ecs: { clusterArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/prod` },
  };
}

async function run(definition: Record<string, unknown>, approver: FakeApprover, options: { world?: FakeAwsWorld; input?: JsonValue } = {}) {
  const world = options.world ?? createFakeAwsWorld({ region: REGION, accountId: ACCOUNT, topics: [TOPIC] });
  const tokens = new FakeTaskTokens();
  const result = await runStateMachine({
    definition,
    input: options.input ?? findingInput(),
    world,
    context: { Task: { Token: TOKEN }, Execution: { Id: `arn:aws:states:${REGION}:${ACCOUNT}:execution:sm:e1` } },
    taskHandlers: { [APPROVAL_GATE_STATES.request]: waitForTaskTokenPublishHandler({ world, tokens, taskToken: TOKEN, approver }) },
  });
  return { ...result, tokens, output: result.output as Record<string, Record<string, unknown>> | undefined };
}

/** Approves the way the request's message says to: send-task-success with the token and {"approved":true}. */
const approve: FakeApprover = async (_request, sfn) => {
  await sfn.send(new SendTaskSuccessCommand({ taskToken: TOKEN, output: '{"approved":true}' }));
};
const deny: FakeApprover = async (_request, sfn) => {
  await sfn.send(new SendTaskFailureCommand({ taskToken: TOKEN, error: "Denied", cause: "denied by alice" }));
};
const nobody: FakeApprover = () => undefined;

describe("approval gate: the request", () => {
  test("publishes the approval request with the token, the exact approve and deny commands and the timeout decision", async () => {
    // GIVEN a gate that holds on timeout
    // WHEN a finding reaches it and an approver approves
    const result = await run(gateWorkflow(), approve);
    // THEN one request was published to the topic, saying what it will do and how to answer
    expect(result.published).toHaveLength(1);
    const request = result.published[0];
    expect(request.subject).toBe(APPROVAL_SUBJECTS.requested);
    expect(request.messageAttributes.outcome.stringValue).toBe(APPROVAL_OUTCOMES.requested);
    expect(request.message).toContain("The workflow wants to stop the ECS task.");
    expect(request.message).toContain("If no one answers within 3600 seconds, the workflow does NOT act.");
    expect(request.message).toContain(`aws stepfunctions send-task-success --region ${REGION} --task-token '${TOKEN}' --task-output '{"approved":true}'`);
    expect(request.message).toContain(
      `aws stepfunctions send-task-failure --region ${REGION} --task-token '${TOKEN}' --error Denied --cause 'denied by <your name>'`,
    );
    expect(request.message).toContain('Finding title: "Reverse shell {\\"x\\"} in task \\\\ it"');
  });

  test("says in the request that it acts when on_timeout is act", async () => {
    // GIVEN a gate that acts on timeout
    // WHEN a finding reaches it
    const result = await run(gateWorkflow({ onTimeout: "act" }), approve);
    // THEN the request says so
    expect(result.published[0].message).toContain("If no one answers within 3600 seconds, the workflow ACTS anyway.");
  });
});

describe("approval gate: the answers", () => {
  test("proceeds when an approver sends {approved: true}", async () => {
    // GIVEN a gate
    // WHEN the approver approves
    const result = await run(gateWorkflow(), approve);
    // THEN the workflow goes on to act, recording the approval
    expect(result.status).toBe("SUCCEEDED");
    expect(result.output?.exit).toBe("proceed");
    expect(result.output?.approvalGate.decision).toBe(APPROVAL_DECISIONS.approved);
    expect(result.output?.safetyRail).toBeUndefined();
  });

  test("holds when an approver denies", async () => {
    // GIVEN a gate
    // WHEN the approver denies with error Denied
    const result = await run(gateWorkflow(), deny);
    // THEN it holds and says an approver denied
    expect(result.output?.exit).toBe("hold");
    expect(result.output?.safetyRail).toEqual({ rail: "approval-gate", reason: approvalGateReasons(3600).denied });
    expect(result.output?.approvalGate.error).toEqual({ Error: "Denied", Cause: "denied by alice" });
  });

  test.each([["{}"], ['{"approved":"true"}'], ['{"approved":false}'], ['"yes"']])("holds when the success output %s is not approved: true", async (output) => {
    // GIVEN a gate
    // WHEN the approver answers success without an explicit approved: true
    const result = await run(gateWorkflow(), async (_request, sfn) => {
      await sfn.send(new SendTaskSuccessCommand({ taskToken: TOKEN, output }));
    });
    // THEN it holds (fail closed)
    expect(result.output?.exit).toBe("hold");
    expect(result.output?.safetyRail).toEqual({ rail: "approval-gate", reason: approvalGateReasons(3600).notApproved });
  });

  test("holds when the failure names another error than Denied", async () => {
    // GIVEN a gate
    // WHEN the answer is a failure with another error name
    const result = await run(gateWorkflow(), async (_request, sfn) => {
      await sfn.send(new SendTaskFailureCommand({ taskToken: TOKEN, error: "Oops" }));
    });
    // THEN it holds (fail closed)
    expect(result.output?.exit).toBe("hold");
    expect(result.output?.safetyRail).toEqual({ rail: "approval-gate", reason: approvalGateReasons(3600).failed });
  });

  test("holds when the request cannot be published", async () => {
    // GIVEN a world without the topic
    const world = createFakeAwsWorld({ region: REGION, accountId: ACCOUNT, topics: [] });
    // WHEN a finding reaches the gate
    const result = await run(gateWorkflow(), approve, { world });
    // THEN it holds (fail closed), with SNS's error kept
    expect(result.output?.exit).toBe("hold");
    expect(result.output?.safetyRail).toEqual({ rail: "approval-gate", reason: approvalGateReasons(3600).failed });
    expect(result.output?.approvalGate.error).toMatchObject({ Error: "Sns.NotFoundException" });
  });

  test("refuses a second answer to an answered request", async () => {
    // GIVEN a request already approved
    let second: unknown;
    await run(gateWorkflow(), async (_request, sfn) => {
      await sfn.send(new SendTaskSuccessCommand({ taskToken: TOKEN, output: '{"approved":true}' }));
      // WHEN the token is used again
      second = await sfn.send(new SendTaskFailureCommand({ taskToken: TOKEN, error: "Denied" })).catch((error: Error) => error.name);
    });
    // THEN Step Functions refuses it: the task is closed
    expect(second).toBe("TaskTimedOut");
  });
});

describe("approval gate: no answer", () => {
  test("holds after the timeout when on_timeout is hold, and says so", async () => {
    // GIVEN a gate with a 1 s timeout that holds on timeout
    // WHEN nobody answers
    const result = await run(gateWorkflow({ timeoutSeconds: 1, onTimeout: "hold" }), nobody);
    // THEN it holds with a reason naming the timeout and the decision
    expect(result.output?.exit).toBe("hold");
    expect(result.output?.safetyRail).toEqual({
      rail: "approval-gate",
      reason: "No approver answered within 1 seconds and on timeout the gate holds: not acting.",
    });
    expect(result.output?.approvalGate.error).toMatchObject({ Error: "States.Timeout" });
  });

  test("acts after the timeout when on_timeout is act, after telling the topic", async () => {
    // GIVEN a gate with a 1 s timeout that acts on timeout
    // WHEN nobody answers
    const result = await run(gateWorkflow({ timeoutSeconds: 1, onTimeout: "act" }), nobody);
    // THEN it notifies that it acts without an answer, then proceeds
    expect(result.output?.exit).toBe("proceed");
    expect(result.output?.approvalGate.decision).toBe(APPROVAL_DECISIONS.timedOutActing);
    expect(result.published.map((message) => message.subject)).toEqual([APPROVAL_SUBJECTS.requested, APPROVAL_SUBJECTS.timedOutActing]);
    expect(result.published[1].message).toContain(
      "No approver answered within 1 seconds and on timeout the gate acts: the workflow goes on to stop the ECS task.",
    );
  });
});

describe("approval gate: severity threshold", () => {
  test("proceeds without asking below the threshold", async () => {
    // GIVEN a gate for severity 7 and up
    // WHEN a finding of severity 5 reaches it
    const result = await run(gateWorkflow({ minSeverity: 7 }), nobody, { input: findingInput(5) });
    // THEN nothing is published and the workflow proceeds
    expect(result.published).toHaveLength(0);
    expect(result.output?.exit).toBe("proceed");
    expect(result.output?.approvalGate.decision).toBe(APPROVAL_DECISIONS.notRequired);
  });

  test.each([[7], [9.5]])("asks at or above the threshold (severity %s)", async (severity) => {
    // GIVEN a gate for severity 7 and up
    // WHEN a finding at or above it reaches the gate and is approved
    const result = await run(gateWorkflow({ minSeverity: 7 }), approve, { input: findingInput(severity) });
    // THEN the request was sent
    expect(result.published.map((message) => message.subject)).toEqual([APPROVAL_SUBJECTS.requested]);
    expect(result.output?.approvalGate.decision).toBe(APPROVAL_DECISIONS.approved);
  });

  test("asks when the severity is not a number", async () => {
    // GIVEN a gate for severity 7 and up
    // WHEN the finding's severity is not numeric
    const result = await run(gateWorkflow({ minSeverity: 7 }), deny, { input: findingInput("") });
    // THEN it asks (fail closed), and the denial holds
    expect(result.published).toHaveLength(1);
    expect(result.output?.exit).toBe("hold");
  });
});

describe("approval gate: definition", () => {
  test.each([
    ["hold on timeout", {}],
    ["act on timeout", { onTimeout: "act" as const }],
    ["with a severity threshold", { minSeverity: 4 }],
  ])("passes asl-validator (%s)", (_name, options) => {
    // GIVEN the gate's workflow
    // WHEN validated
    const result = validateAsl(gateWorkflow(options));
    // THEN it is valid
    expect(result.errors).toEqual([]);
  });

  test.each([
    ["hold on timeout", {}],
    ["act on timeout", { onTimeout: "act" as const, minSeverity: 4 }],
  ])("no string of its states holds a double quote or a backslash, which CDKTF would not escape for Terraform (%s)", (_name, options) => {
    // GIVEN the gate's states
    const fragment = approvalGateRail({
      topicArn: TOPIC,
      timeoutSeconds: 60,
      exits: EXITS,
      context: { responseTypeId: "ecs-stop-task", partition: "aws", scope: { kind: "cluster", path: "$.ecs.clusterArn" } },
      ...options,
    });
    // WHEN every string and key is read
    // THEN none holds " or \
    expect(allStrings(fragment.states).filter((text) => /["\\]/u.test(text))).toEqual([]);
  });

  test("withApprovalWait adds the gate's wait to the execution's timeout", () => {
    // GIVEN a workflow with a 900 s execution timeout and a gate waiting up to 3600 s
    const definition = { ...gateWorkflow({ timeoutSeconds: 3600 }), TimeoutSeconds: 900 };
    // WHEN the wait is added
    // THEN the execution may run 4500 s, and the input is not changed
    expect(withApprovalWait(definition).TimeoutSeconds).toBe(4500);
    expect(definition.TimeoutSeconds).toBe(900);
  });

  test("withApprovalWait leaves a workflow without the gate as it is", () => {
    // GIVEN a workflow without the gate
    const definition = { StartAt: "A", TimeoutSeconds: 900, States: { A: { Type: "Succeed" } } };
    // WHEN the wait is added
    // THEN nothing changes
    expect(withApprovalWait(definition)).toEqual(definition);
  });

  test("its grants cover its integrations: sns:Publish on the topic only", () => {
    // GIVEN the gate acting on timeout (request + notice)
    const fragment = approvalGateRail({
      topicArn: TOPIC,
      timeoutSeconds: 60,
      onTimeout: "act",
      exits: EXITS,
      context: { responseTypeId: "ecs-stop-task", partition: "aws", scope: { kind: "cluster", path: "$.ecs.clusterArn" } },
    });
    // WHEN the role policy is derived from its workflow
    const policy = rolePolicyOf(fragment.grants, gateWorkflow({ onTimeout: "act" }));
    // THEN it publishes to the topic and nothing else
    expect(policy.Statement).toEqual([{ Sid: "PublishToTheNotificationTopic", Effect: "Allow", Action: "sns:Publish", Resource: TOPIC }]);
    expect(fragment.grants[0].neededBy).toContainEqual({ integration: APPROVAL_REQUEST_INTEGRATION });
  });

  test("uses the key of an encrypted topic through SNS only", () => {
    // GIVEN an encrypted topic
    const key = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    // WHEN the gate's grants are built
    const fragment = approvalGateRail({
      topicArn: TOPIC,
      kmsKeyArn: key,
      region: REGION,
      timeoutSeconds: 60,
      exits: EXITS,
      context: { responseTypeId: "ecs-stop-task", partition: "aws", scope: { kind: "cluster", path: "$.ecs.clusterArn" } },
    });
    // THEN the key statement is scoped to SNS in the region
    expect(fragment.grants[0].statements[1]).toMatchObject({ Resource: key, Condition: { StringEquals: { "kms:ViaService": `sns.${REGION}.amazonaws.com` } } });
  });

  test.each([
    [{ timeoutSeconds: 0 }, "approval gate: timeoutSeconds 0 is not allowed; expected a whole number of seconds, at least 1"],
    [{ timeoutSeconds: 1.5 }, "approval gate: timeoutSeconds 1.5 is not allowed; expected a whole number of seconds, at least 1"],
    [{ timeoutSeconds: 60, onTimeout: "maybe" }, 'approval gate: onTimeout "maybe" is not allowed; expected act or hold'],
    [{ timeoutSeconds: 60, minSeverity: 11 }, "approval gate: minSeverity 11 is not allowed; expected a number from 0 to 10"],
  ])("refuses bad options %j", (options, message) => {
    // GIVEN bad options
    // WHEN validated
    // THEN the error names the option, the value and what is allowed
    expect(() => validateApprovalGateOptions(options as never)).toThrow(message);
  });
});

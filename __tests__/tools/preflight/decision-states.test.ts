/**
 * What preflight derives offline, before any AWS call: the decision states of a definition (found by walking
 * it, so new states are covered without edits), one state run alone in the local runner, the recorders that
 * capture the inputs, and each pipeline of a synthesized stack with its roles' statements.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfig, parseConfig } from "../../../config/load-config";
import { planStacks } from "../../../config/stack-plans";
import { RESPONSE_TYPES } from "../../../functions/response-types/registry";
import { APPROVAL_GATE_STATES, approvalGateSlot } from "../../../functions/safety-rails/approval-gate";
import { CAP_STATES } from "../../../functions/safety-rails/blast-radius-cap";
import { KILL_SWITCH_STATES } from "../../../functions/safety-rails/kill-switch";
import { composeSafetyRails } from "../../../functions/safety-rails/compose";
import { decisionStatesOf, runStateLocally } from "../../../tools/preflight/decision-states";
import { deployedStackOf } from "../../../tools/preflight/deployed-stack";
import { recordDecisionInputs, sampleFindings, withRecorders } from "../../../tools/preflight/recorded-inputs";

const EXAMPLES = join(__dirname, "..", "..", "..", "examples");

const MAP_DEFINITION = {
  QueryLanguage: "JSONPath",
  StartAt: "Tags",
  States: {
    Tags: {
      Type: "Map",
      ItemsPath: "$.tags",
      ItemProcessor: {
        ProcessorConfig: { Mode: "INLINE" },
        StartAt: "Classify",
        States: {
          Classify: { Type: "Choice", Choices: [{ Variable: "$.Key", StringEquals: "exempt", Next: "Exempt" }], Default: "Other" },
          Exempt: { Type: "Succeed" },
          Other: { Type: "Succeed" },
        },
      },
      Next: "Plain",
    },
    Plain: { Type: "Pass", Parameters: { "copy.$": "$.tags" }, Next: "Format" },
    Format: { Type: "Pass", Parameters: { "n.$": "States.ArrayLength($.tags)" }, End: true },
  },
};

test("decision states are the Choice states and the Pass states calling an intrinsic function, nested ones included", () => {
  // GIVEN a definition with a Choice inside a Map, a plain Pass and an intrinsic Pass
  // WHEN its decision states are listed
  const states = decisionStatesOf(MAP_DEFINITION);
  // THEN the nested Choice (with its path) and the intrinsic Pass are found, the plain Pass is not
  expect(states.map((s) => [s.path, s.type])).toEqual([
    ["Tags > Classify", "Choice"],
    ["Format", "Pass"],
  ]);
});

test("a nested state's machine is a definition of its own: the inherited query language, no ProcessorConfig", () => {
  // GIVEN the Map definition
  // WHEN the nested Choice's machine is read
  const [nested] = decisionStatesOf(MAP_DEFINITION);
  // THEN it is a complete state machine TestState accepts
  expect(Object.keys(nested.machine)).toEqual(["QueryLanguage", "StartAt", "States"]);
  expect(nested.machine.StartAt).toBe("Classify");
});

test("one state run alone in the local runner gives the state it chose and its output", async () => {
  // GIVEN the nested Choice
  const [nested] = decisionStatesOf(MAP_DEFINITION);
  // WHEN it runs on an exempt tag
  const outcome = await runStateLocally(nested.machine, nested.name, { Key: "exempt" });
  // THEN it went to Exempt with its input as output
  expect(outcome).toEqual({ status: "SUCCEEDED", nextState: "Exempt", output: { Key: "exempt" } });
});

test("a Choice no rule matches fails with States.NoChoiceMatched, as in AWS", async () => {
  // GIVEN a Choice without a Default
  const machine = { StartAt: "C", States: { C: { Type: "Choice", Choices: [{ Variable: "$.a", IsPresent: true, Next: "D" }] }, D: { Type: "Succeed" } } };
  // WHEN it runs on an input without $.a
  const outcome = await runStateLocally(machine, "C", {});
  // THEN it fails
  expect(outcome.status).toBe("FAILED");
  expect(outcome.error).toBe("States.NoChoiceMatched");
});

test("recorders go in front of every decision state, and every transition to it goes through them", () => {
  // GIVEN the Map definition
  // WHEN recorders are added
  const { definition, recorders } = withRecorders(MAP_DEFINITION);
  // THEN each decision state has one, the transitions name it, and the recorder hands on to the state
  expect([...recorders]).toEqual([
    ["Tags > Classify", "Classify (preflight recorder)"],
    ["Format", "Format (preflight recorder)"],
  ]);
  const states = definition.States as Record<string, Record<string, unknown>>;
  expect(states.Plain.Next).toBe("Format (preflight recorder)");
  expect(states["Format (preflight recorder)"]).toEqual({ Type: "Task", Resource: "arn:aws:states:::preflight:record", Next: "Format" });
  expect((states.Tags.ItemProcessor as { StartAt: string }).StartAt).toBe("Classify (preflight recorder)");
  expect(MAP_DEFINITION.States.Plain.Next).toBe("Format"); // the given definition is not changed
});

test("the sample findings ship with preflight: one per registered response type's finding resource", () => {
  // GIVEN the sample folder
  const kinds = sampleFindings().map((s) => (s.finding.resource as { resourceType: string }).resourceType);
  // THEN every registered type has a sample to record its inputs from
  for (const type of RESPONSE_TYPES) expect(kinds).toContain(type.findingResource.resourceType);
});

describe("a synthesized stack", () => {
  const { config } = loadConfig(join(EXAMPLES, "eks-containment.json"));
  const stack = deployedStackOf(planStacks(config)[0], "111111111111");
  const [pipeline] = stack.pipelines;

  test("names the deployed state machine, its roles and the events role's one statement", () => {
    // GIVEN the EKS example synthesized for its account
    // THEN the pipeline is named as AWS names it
    expect(pipeline.label).toBe("eks-contain-pod");
    expect(pipeline.stateMachineArn).toBe("arn:aws:states:eu-west-1:111111111111:stateMachine:acme-runtime-prod-eks-state-machine");
    expect(pipeline.stateMachineRoleArn).toBe("arn:aws:iam::111111111111:role/acme-runtime-prod-eks-euw1-sfn-role");
    expect(pipeline.eventsRoleStatements).toEqual([
      { Sid: "StartTheResponseStateMachine", Effect: "Allow", Action: "states:StartExecution", Resource: pipeline.stateMachineArn },
    ]);
  });

  test("carries the role's statements for its Task states and the cluster access the stack associates", () => {
    // THEN the state machine role may describe the cluster, and the access is the config's namespaces
    expect(pipeline.stateMachineRoleStatements.flatMap((s) => s.Action)).toContain("eks:DescribeCluster");
    expect(pipeline.eksAccess).toEqual([
      { clusterName: "prod", policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy", namespaces: ["payments", "web"] },
    ]);
  });

  test("records inputs for decision states the sample finding reaches, each from the sample and the answer", async () => {
    // WHEN inputs are recorded with the type's first answer
    const { inputs } = await recordDecisionInputs(stack, pipeline, { maxAnswers: 1 });
    // THEN each names a decision state of the definition and its source
    const paths = decisionStatesOf(pipeline.definition).map((s) => s.path);
    expect(inputs.length).toBeGreaterThan(0);
    for (const input of inputs) {
      expect(paths).toContain(input.path);
      expect(input.source).toMatch(/^eks-runtime-finding\.json \/ /u);
    }
  });
});

describe("a workflow with the safety rails (kill switch, approval gate, blast-radius cap)", () => {
  // The guarded ECS example, acting (the rails sit behind the dry-run switch).
  const example = JSON.parse(readFileSync(join(EXAMPLES, "ecs-guarded.json"), "utf8")) as { ecs_auto_stop: Record<string, unknown> };
  const config = parseConfig({ ...example, ecs_auto_stop: { ...example.ecs_auto_stop, dry_run: false } }, "ecs-guarded acting");
  const stack = deployedStackOf(planStacks(config)[0], "111111111111");
  const [plain] = stack.pipelines;
  const railed = {
    ...plain,
    definition: composeSafetyRails(plain.definition, "ecs-stop-task", "aws", {
      killSwitch: { parameterName: "/acme/kill-switch", parameterArn: "arn:aws:ssm:ap-northeast-1:111111111111:parameter/acme/kill-switch" },
      approvalGate: approvalGateSlot({ timeoutSeconds: 3600, onTimeout: "hold" }, { topicArn: plain.topicArns[0] }),
      blastRadiusCap: { tableName: "acme-cap", tableArn: "arn:aws:dynamodb:ap-northeast-1:111111111111:table/acme-cap", maxActions: 3, window: "hour" },
    }).definition,
  };

  test("their decision states are found without any change to preflight", () => {
    // GIVEN the guarded ECS workflow with every rail composed in
    // WHEN its decision states are listed
    const railStates = decisionStatesOf(railed.definition).filter((s) => !decisionStatesOf(plain.definition).some((p) => p.path === s.path));
    // THEN the rails' own decision states are among them
    expect(railStates.length).toBeGreaterThan(0);
  });

  test("recording runs through them as a stack that acts: switch at act, request approved, counter table present", async () => {
    // GIVEN the railed pipeline
    // WHEN its inputs are recorded with the first answer
    const { inputs, problems } = await recordDecisionInputs(stack, railed, { maxAnswers: 1 });
    // THEN every run completed, and each rail's decision was reached
    expect(problems).toEqual([]);
    const paths = inputs.map((i) => i.path);
    expect(paths).toContain(KILL_SWITCH_STATES.check);
    expect(paths).toContain(APPROVAL_GATE_STATES.check);
    expect(paths).toContain(CAP_STATES.clockInRange);
  });
});

test("a Task the local runner cannot play (a callback) fails as a Task would, and the states after its Catch are recorded", async () => {
  // GIVEN a workflow that first waits for a callback, then decides on its error
  const definition = {
    StartAt: "Ask",
    States: {
      Ask: {
        Type: "Task",
        Resource: "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        Parameters: { QueueUrl: "https://sqs.eu-west-1.amazonaws.com/111111111111/q", "MessageBody.$": "$$.Task.Token" },
        Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "Decide" }],
        Next: "Decide",
      },
      Decide: { Type: "Choice", Choices: [{ Variable: "$.error", IsPresent: true, Next: "Held" }], Default: "Acted" },
      Held: { Type: "Succeed" },
      Acted: { Type: "Succeed" },
    },
  };
  const stack = { stackName: "s", region: "eu-west-1", accountId: "111111111111", partition: "aws", pipelines: [] };
  const pipeline = {
    label: "custom",
    stateMachineName: "m",
    stateMachineArn: "arn:aws:states:eu-west-1:111111111111:stateMachine:m",
    definition,
    topicArns: [],
    stateMachineRoleArn: "arn:aws:iam::111111111111:role/r",
    stateMachineRoleStatements: [],
    eventsRoleStatements: [],
    eksAccess: [],
  };
  // WHEN its inputs are recorded
  const { inputs, problems } = await recordDecisionInputs(stack, pipeline, { maxInputsPerState: 1 });
  // THEN Decide saw the callback's failure
  expect(problems).toEqual([]);
  expect(inputs).toHaveLength(1);
  expect((inputs[0].input as { error: { Error: string } }).error.Error).toBe("Preflight.NotSimulated");
});

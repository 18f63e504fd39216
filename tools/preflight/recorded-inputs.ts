/**
 * The inputs preflight hands to TestState: recorded by running each pipeline's workflow in the project's local
 * runner (as `npm run simulate` does) on the sample findings that ship with preflight (`sample-findings/`,
 * GuardDuty Runtime Monitoring findings written for this repository), once per simulated AWS answer of the
 * pipeline's response type, with the finding moved into the stack's account and region. Every decision state the
 * run reaches has its input recorded: a recorder Task state is put in front of it, and every transition to it
 * goes through the recorder, which hands the input on unchanged. So the inputs are what the deployed workflow
 * would really give those states, and a decision state added later is recorded without editing preflight.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { renderInputTransformer } from "../../functions/eventbridge/input-transformer-renderer";
import { createAwsSdkTaskHandler, parseAwsSdkResource, StepFunctionsError, type JsonValue } from "../simulator/aws-sdk-task-handler";
import { createEksCallHandler, isEksCallResource } from "../simulator/eks-call-handler";
import { eksSimulationBindings } from "../simulator/fake-eks";
import { toFindingEvent } from "../simulator/finding-simulation/finding-event";
import { createSimulatedAws, type KubernetesAccessScope } from "../simulator/finding-simulation/simulated-world";
import { runStateMachine, type LocalTaskHandler } from "../simulator/run-state-machine";
import { dynamoDbTaskHandlers, SAFETY_RAILS_BINDINGS } from "../simulator/safety-rails-integrations";
import { addFakeTable, safetyRailsStateOf } from "../simulator/fake-safety-rails-services";
import { CAP_TABLE } from "../../functions/safety-rails/blast-radius-cap";
import { KILL_SWITCH_ACT } from "../../functions/safety-rails/kill-switch";
import { APPROVAL_ANSWER } from "../../functions/safety-rails/approval-gate";
import type { FakeAwsWorld } from "../simulator/fake-aws-world";
import { trimIntrinsicWhitespace } from "../simulator/trim-intrinsic-whitespace";
import type { DeployedPipeline, DeployedStack } from "./deployed-stack";
import { decisionStatesOf } from "./decision-states";

/** The folder of the sample findings preflight ships with. */
export const SAMPLE_FINDINGS_DIR = join(__dirname, "sample-findings");

/** A recorded input of one decision state, and where it came from. */
export interface RecordedInput {
  /** The decision state's path (`decisionStatesOf`). */
  readonly path: string;
  readonly input: JsonValue;
  /** `<sample file> / <answer>`. */
  readonly source: string;
}

export interface RecordOptions {
  /** At most this many distinct inputs per decision state. @default 2 */
  readonly maxInputsPerState?: number;
  /** Only the first this many simulated answers of the type. @default all */
  readonly maxAnswers?: number;
}

/** The sample findings: file name -> bare finding. */
export function sampleFindings(dir = SAMPLE_FINDINGS_DIR): { readonly name: string; readonly finding: Record<string, unknown> }[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => ({ name, finding: JSON.parse(readFileSync(join(dir, name), "utf8")) as Record<string, unknown> }));
}

const RECORDER_RESOURCE = "arn:aws:states:::preflight:record";
/** The approval gate's request (SNS publish waiting for the approver's callback). */
const APPROVAL_REQUEST = /:states:::sns:publish\.waitForTaskToken$/u;
/** The error a Task state the local runner cannot play fails with in the recording run. */
export const NOT_SIMULATED_ERROR = "Preflight.NotSimulated";
const RECORDER_SUFFIX = " (preflight recorder)";

/**
 * The definition with a recorder in front of each decision state: `<name> (preflight recorder)`, a Task state
 * handled locally, whose Next is the decision state; every StartAt, Next, Default and Catch Next naming the
 * decision state names its recorder instead. Returns the recorders' names by decision state path.
 */
export function withRecorders(definition: Record<string, unknown>): { definition: Record<string, unknown>; recorders: Map<string, string> } {
  const copy = JSON.parse(JSON.stringify(definition)) as Record<string, unknown>;
  const recorders = new Map<string, string>();
  const visit = (machine: Record<string, unknown>, prefix: string): void => {
    const states = machine.States as Record<string, Record<string, unknown>>;
    const decisions = new Set(decisionStatesOf({ StartAt: machine.StartAt, States: shallowStates(states) }).map((d) => d.name));
    const renamed = (target: unknown): unknown => (typeof target === "string" && decisions.has(target) ? `${target}${RECORDER_SUFFIX}` : target);
    machine.StartAt = renamed(machine.StartAt);
    for (const state of Object.values(states)) {
      if ("Next" in state) state.Next = renamed(state.Next);
      if ("Default" in state) state.Default = renamed(state.Default);
      for (const rule of (state.Choices as Record<string, unknown>[] | undefined) ?? []) rule.Next = renamed(rule.Next);
      for (const handler of (state.Catch as Record<string, unknown>[] | undefined) ?? []) handler.Next = renamed(handler.Next);
    }
    for (const [name, state] of Object.entries(states)) {
      for (const child of [state.ItemProcessor, state.Iterator, ...((state.Branches as unknown[] | undefined) ?? [])]) {
        if (child !== null && typeof child === "object") visit(child as Record<string, unknown>, `${prefix}${name} > `);
      }
    }
    for (const name of decisions) {
      const recorder = `${name}${RECORDER_SUFFIX}`;
      states[recorder] = { Type: "Task", Resource: RECORDER_RESOURCE, Next: name };
      recorders.set(`${prefix}${name}`, recorder);
    }
  };
  visit(copy, "");
  return { definition: copy, recorders };
}

/** The states without their nested machines (decisions of this level only). */
function shallowStates(states: Record<string, Record<string, unknown>>): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    Object.entries(states).map(([name, state]) => {
      const { ItemProcessor: _p, Iterator: _i, Branches: _b, ...rest } = state;
      return [name, rest];
    }),
  );
}

/** An AWS SDK integration call of the local run: the first one of each Task state, with its parameters. */
export interface RecordedCall {
  readonly state: string;
  /** `aws-sdk:<service>:<action>` as in the Task Resource. */
  readonly service: string;
  readonly action: string;
  readonly parameters: JsonValue;
}

/** Records the decision states' inputs (and the SDK calls made) of one pipeline (see the module comment). */
export async function recordDecisionInputs(
  stack: DeployedStack,
  pipeline: DeployedPipeline,
  options: RecordOptions = {},
): Promise<{ readonly inputs: RecordedInput[]; readonly calls: RecordedCall[]; readonly problems: string[] }> {
  const maxPerState = options.maxInputsPerState ?? 2;
  const type = pipeline.responseType;
  const samples = sampleFindings().filter(
    (sample) => type === undefined || (sample.finding.resource as { resourceType?: unknown } | undefined)?.resourceType === type.findingResource.resourceType,
  );
  const answers = (type?.simulatedAnswers ?? []).slice(0, options.maxAnswers ?? Number.POSITIVE_INFINITY);
  const worlds =
    answers.length > 0 ? answers.map((a) => ({ name: a.name, spec: a.world })) : [{ name: "default", spec: { resource: { exists: true as const } } }];
  const { definition, recorders } = withRecorders(trimIntrinsicWhitespace(pipeline.definition));
  const byRecorder = new Map([...recorders].map(([path, recorder]) => [recorder, path]));
  const recorded = new Map<string, RecordedInput[]>();
  const calls = new Map<string, RecordedCall>();
  const problems: string[] = [];

  for (const sample of samples) {
    const finding = { ...sample.finding, accountId: stack.accountId, region: stack.region };
    const { event } = toFindingEvent(finding);
    let input: JsonValue;
    try {
      const text =
        pipeline.inputPaths === undefined || pipeline.inputTemplate === undefined
          ? JSON.stringify(event)
          : renderInputTransformer(event, pipeline.inputPaths, pipeline.inputTemplate);
      input = JSON.parse(text) as JsonValue;
    } catch {
      continue; // EventBridge would not deliver this sample: nothing to record from it
    }
    for (const world of worlds) {
      const granted = new Map(pipeline.eksAccess.map((a) => [a.clusterName, { namespaces: a.namespaces } as KubernetesAccessScope]));
      const aws = createSimulatedAws({
        spec: world.spec,
        finding: event.detail,
        region: stack.region,
        accountId: stack.accountId,
        topicArns: pipeline.topicArns,
        roleArn: pipeline.stateMachineRoleArn,
        now: new Date(Date.parse(event.time) || Date.now()),
        kubernetesAccess: (cluster) => granted.get(cluster),
      });
      // Every service the simulator fakes: the default ones, EKS, and the safety rails' SSM and DynamoDB.
      const bindings = { ...SAFETY_RAILS_BINDINGS, ...eksSimulationBindings(aws.eks) };
      const dynamoDb = dynamoDbTaskHandlers(definition, aws.world);
      prepareSafetyRails(definition, aws.world);
      const invoke = createAwsSdkTaskHandler({ world: aws.world, bindings });
      const eksCall = createEksCallHandler(aws.eks);
      const taskHandlers: Record<string, LocalTaskHandler> = {};
      const source = `${sample.name} / ${world.name}`;
      forEachTaskState(definition, (name, resource) => {
        if (resource === RECORDER_RESOURCE) {
          taskHandlers[name] = (stateInput) => {
            const path = byRecorder.get(name);
            if (path !== undefined) {
              const list = recorded.get(path) ?? [];
              const text = JSON.stringify(stateInput);
              if (list.length < maxPerState && !list.some((r) => JSON.stringify(r.input) === text)) {
                const same = list.filter((r) => r.source.startsWith(source)).length;
                list.push({ path, input: JSON.parse(text) as JsonValue, source: same === 0 ? source : `${source} #${same + 1}` });
              }
              recorded.set(path, list);
            }
            return stateInput;
          };
        } else if (isEksCallResource(resource)) {
          taskHandlers[name] = (parameters) => eksCall({ stateName: name, parameters });
        } else if (dynamoDb[name] !== undefined) {
          taskHandlers[name] = dynamoDb[name];
        } else {
          const parsed = parseAwsSdkResource(resource);
          if (APPROVAL_REQUEST.test(resource)) {
            // The approval gate's request: the approver approves, as for a stack that acts.
            taskHandlers[name] = () => ({ ...APPROVAL_ANSWER });
            return;
          }
          if (parsed === undefined || parsed.integrationPattern !== undefined || bindings[parsed.service] === undefined) {
            // An integration the local runner cannot play (a callback, a service without a fake): it fails as a
            // Task would, so the run goes on through the state's Catch and the states after it are still recorded.
            taskHandlers[name] = () => {
              throw new StepFunctionsError(NOT_SIMULATED_ERROR, `preflight does not run ${resource} locally`);
            };
            return;
          }
          taskHandlers[name] = (parameters) => {
            if (!calls.has(name))
              calls.set(name, { state: name, service: parsed.service, action: parsed.action, parameters: JSON.parse(JSON.stringify(parameters)) as JsonValue });
            return invoke({ stateName: name, resource, parameters });
          };
        }
      });
      try {
        // The local runner fills in only the execution's input and start time: the Context fields the workflows
        // read (an execution's id in a notice, a callback's task token, the cap's clock) are given here.
        const executionName = "preflight-local-run";
        const context = {
          Execution: {
            Id: `arn:${stack.partition}:states:${stack.region}:${stack.accountId}:execution:${pipeline.stateMachineName}:${executionName}`,
            Name: executionName,
            RoleArn: pipeline.stateMachineRoleArn,
          },
          StateMachine: { Id: pipeline.stateMachineArn, Name: pipeline.stateMachineName },
          Task: { Token: "preflight-local-run-token" },
          State: { EnteredTime: new Date(Date.parse(event.time) || Date.now()).toISOString() },
        };
        const result = await runStateMachine({ definition, input, world: aws.world, taskHandlers, bindings, eksCall, context });
        // States.Runtime (a path that points nowhere, a bad intrinsic call) is no workflow outcome: say the run broke.
        if (result.status === "FAILED" && result.error === "States.Runtime") {
          problems.push(`${source}: the local run stopped with States.Runtime (${result.cause ?? ""}); the states after it were not recorded`);
        }
      } catch (error) {
        problems.push(`${source}: the local run failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  return { inputs: [...recorded.values()].flat(), calls: [...calls.values()], problems };
}

function forEachTaskState(machine: Record<string, unknown>, visit: (name: string, resource: string, state: Record<string, unknown>) => void): void {
  for (const [name, state] of Object.entries((machine.States ?? {}) as Record<string, Record<string, unknown>>)) {
    if (state.Type === "Task" && typeof state.Resource === "string") visit(name, state.Resource, state);
    for (const child of [state.ItemProcessor, state.Iterator, ...((state.Branches as unknown[] | undefined) ?? [])]) {
      if (child !== null && typeof child === "object") forEachTaskState(child as Record<string, unknown>, visit);
    }
  }
}

/**
 * The safety rails as a stack that acts: each SSM parameter a Task state reads (the kill switch) holds
 * `act`, and each DynamoDB table a Task state updates (the blast-radius cap's counter) exists, empty (and the
 * approval gate's request is answered `{ approved: true }`, in the Task handlers). So the
 * recording runs reach the rails' decisions and the action behind them (a missing switch would hold, fail
 * closed, before any of it).
 */
export function prepareSafetyRails(definition: Record<string, unknown>, world: FakeAwsWorld): void {
  forEachTaskState(definition, (_name, resource, state) => {
    const parameters = (state.Parameters ?? {}) as Record<string, unknown>;
    if (/:states:::aws-sdk:ssm:getParameter$/u.test(resource) && typeof parameters.Name === "string") {
      safetyRailsStateOf(world).parameters.set(parameters.Name, KILL_SWITCH_ACT);
    }
    if (
      /:states:::dynamodb:updateItem$/u.test(resource) &&
      typeof parameters.TableName === "string" &&
      !safetyRailsStateOf(world).tables.has(parameters.TableName)
    ) {
      addFakeTable(world, parameters.TableName, CAP_TABLE.partitionKey, CAP_TABLE.ttlAttribute);
    }
  });
}

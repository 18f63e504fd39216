/**
 * What the deployed ECS response would do with one GuardDuty finding, offline:
 *
 * 1. the finding (an EventBridge event, or a bare finding wrapped in one) is matched against the synthesized
 *    ECS rule's event pattern with our EventBridge matcher, and, when it does not match, the pattern keys that
 *    failed are named;
 * 2. the rule target's input transformer is applied with our renderer;
 * 3. the synthesized state machine definition runs in-process (aws-local-stepfunctions) against a fake ECS and
 *    SNS reached through the real AWS SDK clients, in the world the `answer` chooses.
 *
 * Nothing reaches AWS and nothing is written to the repository.
 */
import type { Config } from "../../../config/config-schema";
import { BUILT_IN_DEFAULT, loadConfig } from "../../../config/load-config";
import { EventNotDeliveredError, renderInputTransformer } from "../../eventbridge/input-transformer-renderer";
import { matchesEventPattern } from "../../eventbridge/pattern-matcher";
import { createAwsSdkTaskHandler, parseAwsSdkResource, type JsonValue } from "../aws-sdk-task-handler";
import { DEFAULT_ACCOUNT_ID } from "../fake-aws-world";
import { runStateMachine, type ExecutionStatus, type LocalTaskHandler } from "../run-state-machine";
import { trimIntrinsicWhitespace } from "../trim-intrinsic-whitespace";
import { toFindingEvent, type GuardDutyFindingEvent } from "./finding-event";
import { explainPatternMismatch, describeMismatch, type PatternMismatch } from "./pattern-mismatch";
import {
  ANSWER_DESCRIPTIONS,
  createSimulatedWorld,
  DEFAULT_ANSWER,
  findingTaskOf,
  isSimulatedAnswer,
  UnknownAnswerError,
  type SimulatedAnswer,
} from "./simulated-answers";
import { planStacks } from "../../../config/stack-plans";
import { synthesizeEcsResponse } from "./synthesized-response";

export interface SimulateFindingOptions {
  /** A validated config (`loadConfig`/`parseConfig`). @default the built-in default config */
  readonly config?: Config;
  /** Where the config came from, for the report. @default "built-in default (config/default-config.json)" when `config` is not given */
  readonly configSource?: string;
  /** A parsed JSON document: a "GuardDuty Finding" EventBridge event or a bare finding. */
  readonly findingDocument: unknown;
  /** What ECS answers. @default "running" */
  readonly answer?: SimulatedAnswer;
}

export interface SimulatedCall {
  /** The Task state that made the call. */
  readonly state: string;
  /** Service in the Resource ARN, e.g. `ecs`. */
  readonly service: string;
  /** Action in the Resource ARN, e.g. `stopTask`. */
  readonly action: string;
  /** The state's effective parameters, as Step Functions would send them. */
  readonly parameters: JsonValue;
  /** `ok`, or the Step Functions error name, e.g. `Ecs.AccessDeniedException`. */
  readonly outcome: string;
  /** The error's message (AWS's), when the call failed. */
  readonly errorMessage?: string;
}

export interface SimulatedNotice {
  readonly topicArn: string;
  readonly subject?: string;
  readonly message: string;
  /** Message attributes by name (string values), e.g. `{ outcome: "STOPPED" }` for the guarded workflow. */
  readonly attributes: Readonly<Record<string, string>>;
}

export interface SimulationReport {
  readonly answer: SimulatedAnswer;
  /** What the answer means. */
  readonly answerDescription: string;
  readonly stack: {
    readonly name: string;
    readonly configSource: string;
    readonly region: string;
    /** The fake account the stack's ARNs are resolved in (the finding's account when it has one). */
    readonly accountId: string;
    readonly workflow: "seed" | "guarded";
  };
  readonly finding: {
    /** True when a bare finding was wrapped in the EventBridge envelope. */
    readonly wrapped: boolean;
    readonly id?: string;
    readonly type?: string;
    readonly severity?: number;
    readonly title?: string;
    readonly account: string;
    readonly region: string;
    readonly clusterArn?: string;
    readonly taskArn?: string;
  };
  /** The event that was matched (after wrapping). */
  readonly event: GuardDutyFindingEvent;
  readonly rule: {
    readonly name: string;
    /** The rule's event pattern (parsed). */
    readonly eventPattern: unknown;
    readonly fires: boolean;
    /** Top-level pattern keys the event does not match (empty when it fires). */
    readonly unmatchedKeys: readonly string[];
    readonly mismatches: readonly PatternMismatch[];
    /** One line per mismatch, e.g. `detail.service.featureName: expected ["RuntimeMonitoring"], found "EbsVolumeScan"`. */
    readonly explanation: readonly string[];
  };
  /** What EventBridge hands the state machine; absent when the rule does not fire. */
  readonly input?: {
    readonly delivered: boolean;
    /** The exact text EventBridge delivers. */
    readonly text?: string;
    readonly json?: JsonValue;
    /** Why EventBridge would drop the event (the transformed input is not valid JSON). */
    readonly notDeliveredReason?: string;
  };
  /** The state machine execution; absent when nothing starts it. */
  readonly run?: {
    readonly workflow: "seed" | "guarded";
    /** True when a copy with trailing whitespace after intrinsic calls was run (the seed's quirk). */
    readonly trimmedIntrinsicWhitespace: boolean;
    readonly status: ExecutionStatus;
    readonly calls: readonly SimulatedCall[];
    readonly notices: readonly SimulatedNotice[];
    readonly error?: string;
    readonly cause?: string;
    readonly output?: JsonValue;
  };
  /** Things to know when reading this report (regional rules, IAM scope, simulation limits that applied). */
  readonly notes: readonly string[];
}

/**
 * Simulates what the stack built from `config` would do with one finding.
 *
 * @throws NotAGuardDutyFindingError when `findingDocument` is neither a finding event nor a bare finding.
 * @throws UnknownAnswerError when `answer` is not one of SIMULATED_ANSWERS.
 * @throws NoEcsResponseError when the config deploys no ECS response.
 */
export async function simulateFinding(options: SimulateFindingOptions): Promise<SimulationReport> {
  const answer = options.answer ?? DEFAULT_ANSWER;
  if (!isSimulatedAnswer(answer)) throw new UnknownAnswerError(String(answer));
  const fullConfig = options.config ?? loadConfig().config;
  const configSource = options.configSource ?? (options.config === undefined ? BUILT_IN_DEFAULT : "given config");

  const { event, wrapped } = toFindingEvent(options.findingDocument, { fallbackRegion: fullConfig.region, fallbackAccountId: fullConfig.account_id });
  // A config with deployments has a stack per account and region: simulate the one the finding belongs to.
  const plans = planStacks(fullConfig);
  const plan = plans.find((p) => p.config.account_id === event.account && p.config.region === event.region) ?? plans[0];
  const config = plan.config;
  const detail = event.detail;
  const accountId = /^\d{12}$/.test(event.account) ? event.account : (config.account_id ?? DEFAULT_ACCOUNT_ID);
  const response = synthesizeEcsResponse(fullConfig, { accountId, region: config.region }, plan.stackName);
  const task = findingTaskOf(detail);
  const notes: string[] = [];

  if (event.region !== config.region) {
    notes.push(
      `The finding is from region '${event.region}', the stack is deployed in '${config.region}'. EventBridge rules are regional: ` +
        "in AWS this rule would never see the finding. Simulated as if it were in the stack's region.",
    );
  }
  if (config.account_id !== undefined && event.account !== config.account_id) {
    notes.push(`The finding is from account '${event.account}', the config deploys to '${config.account_id}': in AWS the rule would only see it if the event reached this account's bus.`);
  }
  if (!/^\d{12}$/.test(event.account)) notes.push(`The event's account '${event.account}' is not a 12-digit account id; ARNs were resolved in account ${accountId}.`);

  const fires = matchesEventPattern(response.eventPattern, event);
  const why = fires ? { unmatchedKeys: [], mismatches: [] } : explainPatternMismatch(response.eventPattern, event);
  const base = {
    answer,
    answerDescription: ANSWER_DESCRIPTIONS[answer],
    stack: { name: response.stackName, configSource, region: config.region, accountId, workflow: response.workflow },
    finding: {
      wrapped,
      id: typeof detail.id === "string" ? detail.id : undefined,
      type: typeof detail.type === "string" ? detail.type : undefined,
      severity: typeof detail.severity === "number" ? detail.severity : undefined,
      title: typeof detail.title === "string" ? detail.title : undefined,
      account: event.account,
      region: event.region,
      clusterArn: task.clusterArn,
      taskArn: task.taskArn,
    },
    event,
    rule: {
      name: response.ruleName,
      eventPattern: JSON.parse(response.eventPattern) as unknown,
      fires,
      unmatchedKeys: why.unmatchedKeys,
      mismatches: why.mismatches,
      explanation: why.mismatches.map(describeMismatch),
    },
  };
  if (!fires) {
    notes.push("The rule does not fire: EventBridge would not start the state machine, so nothing else happens.");
    return { ...base, notes };
  }

  let text: string;
  try {
    text = renderInputTransformer(event, response.inputPaths, response.inputTemplate);
  } catch (error) {
    if (!(error instanceof EventNotDeliveredError)) throw error;
    notes.push("EventBridge would drop the event (the transformed input is not valid JSON): the state machine does not start.");
    return { ...base, input: { delivered: false, notDeliveredReason: error.message }, notes };
  }
  const input = JSON.parse(text) as JsonValue;

  if (task.taskArn === undefined) notes.push("The finding names no ECS task (detail.resource.ecsClusterDetails.taskDetails.arn): the simulated ECS holds no task.");
  const outOfScope = outOfRoleScope(task.clusterArn, config.ecs_auto_stop.cluster_arns, config.region, accountId);
  if (outOfScope !== undefined) {
    notes.push(
      `The state machine's role may only act on the tasks of ${outOfScope}; in AWS its ECS calls for this task would be denied. ` +
        "The simulation does not evaluate IAM: use --answer access-denied to see that path.",
    );
  }
  if (response.workflow === "guarded" && config.ecs_auto_stop.min_healthy_tasks !== undefined && task.group?.startsWith("service:")) {
    notes.push(
      "min_healthy_tasks: the simulated ECS has no services, so the guarded workflow finds no service for the task and does not apply the guard.",
    );
  }

  const world = createSimulatedWorld({
    answer,
    task,
    region: config.region,
    accountId,
    topicArns: response.topicArns,
    roleArn: response.roleArn,
    now: validDate(event.time) ?? new Date(),
  });
  const runnable = trimIntrinsicWhitespace(response.definition);
  const trimmed = JSON.stringify(runnable) !== JSON.stringify(response.definition);
  if (trimmed) {
    notes.push(
      "The seed definition ends each States.Format(...) with a newline, which AWS accepts but the local executor does not: " +
        "a copy with that trailing whitespace trimmed was run (AWS evaluates both the same).",
    );
  }

  const calls: SimulatedCall[] = [];
  const invoke = createAwsSdkTaskHandler({ world });
  const taskHandlers: Record<string, LocalTaskHandler> = {};
  for (const { name, resource } of awsSdkTaskStates(runnable)) {
    const parsed = parseAwsSdkResource(resource);
    if (parsed === undefined) continue; // runStateMachine refuses it with a clear message
    taskHandlers[name] = async (parameters) => {
      const call = { state: name, service: parsed.service, action: parsed.action, parameters: cloneJson(parameters) };
      try {
        const result = await invoke({ stateName: name, resource, parameters });
        calls.push({ ...call, outcome: "ok" });
        return result;
      } catch (error) {
        const e = error as Error;
        calls.push({ ...call, outcome: e.name, errorMessage: e.message });
        throw error;
      }
    };
  }
  const result = await runStateMachine({ definition: runnable, input, world, taskHandlers });
  const notices = result.published.map((p) => ({
    topicArn: p.topicArn,
    subject: p.subject,
    message: p.message,
    attributes: Object.fromEntries(Object.entries(p.messageAttributes).map(([k, v]) => [k, v.stringValue ?? ""])),
  }));

  return {
    ...base,
    input: { delivered: true, text, json: input },
    run: {
      workflow: response.workflow,
      trimmedIntrinsicWhitespace: trimmed,
      status: result.status,
      calls,
      notices,
      error: result.error,
      cause: result.cause,
      output: result.output,
    },
    notes,
  };
}

/**
 * The role's ECS scope in words when the task's cluster is outside it (`cluster_arns`, or when empty, the
 * clusters of the stack's account and region), else undefined.
 */
function outOfRoleScope(clusterArn: string | undefined, clusterArns: readonly string[], region: string, accountId: string): string | undefined {
  if (clusterArns.length > 0) {
    return clusterArn !== undefined && clusterArns.includes(clusterArn) ? undefined : `the clusters of ecs_auto_stop.cluster_arns (${clusterArns.join(", ")})`;
  }
  const match = /^arn:[a-z-]+:ecs:([^:]+):([^:]+):cluster\//.exec(clusterArn ?? "");
  if (match === null || (match[1] === region && match[2] === accountId)) return undefined;
  return `the clusters of account ${accountId} in ${region}`;
}

/** Every Task state (inside Parallel branches and Map processors too) with its Resource. */
function awsSdkTaskStates(machine: Record<string, unknown>): { name: string; resource: string }[] {
  const result: { name: string; resource: string }[] = [];
  const states = (machine.States ?? {}) as Record<string, Record<string, unknown>>;
  for (const [name, state] of Object.entries(states)) {
    if (state.Type === "Task" && typeof state.Resource === "string") result.push({ name, resource: state.Resource });
    for (const branch of (state.Branches as Record<string, unknown>[] | undefined) ?? []) result.push(...awsSdkTaskStates(branch));
    for (const processor of [state.Iterator, state.ItemProcessor]) {
      if (processor !== null && typeof processor === "object") result.push(...awsSdkTaskStates(processor as Record<string, unknown>));
    }
  }
  return result;
}

function validDate(text: string): Date | undefined {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

function cloneJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

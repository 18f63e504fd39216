/**
 * What the deployed response pipelines would do with one GuardDuty finding, offline. For EVERY EventBridge rule
 * of the stack that starts a state machine (ECS task stop, EC2 isolation, EKS pod containment, whatever the
 * config enables):
 *
 * 1. the finding (an EventBridge event, or a bare finding wrapped in one) is matched against the rule's
 *    synthesized event pattern with our EventBridge matcher, and, when it does not match, the pattern keys
 *    that failed are named;
 * 2. when it fires, the target's input transformer is applied with our renderer;
 * 3. the synthesized state machine definition runs in-process (aws-local-stepfunctions) against fake AWS
 *    services reached through the real AWS SDK clients (and a fake Kubernetes API behind `eks:call`), seeded
 *    from the finding, in the world the response type's chosen answer describes.
 *
 * Nothing reaches AWS and nothing is written to the repository.
 */
import type { Config } from "../../../config/config-schema";
import { BUILT_IN_DEFAULT, loadConfig } from "../../../config/load-config";
import { planStacks } from "../../../config/stack-plans";
import { stackPropsOf } from "../../../config/stack-props";
import { responsePartsOf } from "../../../modules/runtime-monitoring-stack";
import { EventNotDeliveredError, renderInputTransformer } from "../../../functions/eventbridge/input-transformer-renderer";
import { matchesEventPattern } from "../../../functions/eventbridge/pattern-matcher";
import { createAwsSdkTaskHandler, parseAwsSdkResource, type JsonValue } from "../aws-sdk-task-handler";
import { createEksCallHandler, isEksCallResource } from "../eks-call-handler";
import { DEFAULT_ACCOUNT_ID } from "../fake-aws-world";
import { eksSimulationBindings } from "../fake-eks";
import { runStateMachine, type ExecutionStatus, type LocalTaskHandler } from "../run-state-machine";
import { simulatedSafetyRails } from "../safety-rails-integrations";
import { trimIntrinsicWhitespace } from "../trim-intrinsic-whitespace";
import { toFindingEvent, type GuardDutyFindingEvent } from "./finding-event";
import { describeMismatch, explainPatternMismatch, type PatternMismatch } from "./pattern-mismatch";
import { responseTypeOfTarget } from "./response-types";
import { APPROVAL_PLAYS, type ApprovalPlay, type KillSwitchPlay, type RailsPlay } from "./rails-play";
import { answerFor, NO_ANSWER_CHOICE, type AnswerChoice } from "./simulated-answers";
import { createSimulatedAws, type KubernetesAccessScope } from "./simulated-world";
import { synthesizeResponses, type SynthesizedPipeline, type SynthesizedResponses } from "./synthesized-response";

export interface SimulateFindingOptions {
  /** A validated config (`loadConfig`/`parseConfig`). @default the built-in default config */
  readonly config?: Config;
  /** Where the config came from, for the report. @default "built-in default (config/default-config.json)" when `config` is not given */
  readonly configSource?: string;
  /** A parsed JSON document: a "GuardDuty Finding" EventBridge event or a bare finding. */
  readonly findingDocument: unknown;
  /** Which answer each response type plays (`parseAnswerChoice`). @default each type's first answer */
  readonly answers?: AnswerChoice;
  /** How the safety rails are played (kill switch, counter, approval answer). @default switch at act, empty counter, approve */
  readonly rails?: RailsPlay;
}

export interface SimulatedCall {
  /** The Task state that made the call. */
  readonly state: string;
  /** Service in the Resource ARN, e.g. `ecs` (`eks` for `eks:call`). */
  readonly service: string;
  /** Action in the Resource ARN, e.g. `stopTask` (`call` for `eks:call`). */
  readonly action: string;
  /** The state's effective parameters, as Step Functions would send them. */
  readonly parameters: JsonValue;
  /** `ok`, or the Step Functions error name, e.g. `Ecs.AccessDeniedException`, `EKS.403`. */
  readonly outcome: string;
  /** The error's message (AWS's), when the call failed. */
  readonly errorMessage?: string;
}

export interface SimulatedNotice {
  readonly topicArn: string;
  readonly subject?: string;
  readonly message: string;
  /** Message attributes by name (string values), e.g. `{ outcome: "STOPPED" }`. */
  readonly attributes: Readonly<Record<string, string>>;
}

/** How one run of the state machine ended, in words: `SUCCEEDED; HELD by approval-gate: <reason>` or `SUCCEEDED; notices: STOPPED`. */
export interface SimulatedRunOutcome {
  readonly status: ExecutionStatus;
  /** The rail that held (`$.safetyRail` of the output), when one did. */
  readonly heldBy?: { readonly rail: string; readonly reason: string };
  /** The `outcome` attribute of each notice, in order. */
  readonly noticeOutcomes: readonly string[];
}

/** The safety rails of a pipeline that fired, as played, and what the approval gate's other answers lead to. */
export interface SimulatedSafetyRailsReport {
  /** The kill switch's value as seeded (`--kill-switch`); absent when the workflow reads none. */
  readonly killSwitch?: KillSwitchPlay;
  /** The blast-radius counter as seeded (`--cap-full`): empty, or max_actions already taken in the window. */
  readonly counter?: "empty" | "full";
  /** The approval gate; absent when the workflow has none. */
  readonly approvalGate?: {
    readonly timeoutSeconds: number;
    readonly onTimeout: "act" | "hold";
    readonly minSeverity?: number;
    /** The answer played (`--approval`). */
    readonly answer: ApprovalPlay;
    /** Whether the request was published (not when a rail before it held, or the severity is below min_severity). */
    readonly asked: boolean;
    /** Each other answer, run the same way in a world of its own; empty when the gate did not ask. */
    readonly otherAnswers: readonly ({ readonly answer: ApprovalPlay } & SimulatedRunOutcome)[];
  };
  /** How the run played ended. */
  readonly outcome: SimulatedRunOutcome;
}

/** One rule of the stack that starts a state machine, and what it does with the finding. */
export interface SimulatedResponse {
  /** The registered response type of the pipeline (by its target id); absent for a pipeline no type claims. */
  readonly responseType?: { readonly id: string; readonly title: string };
  readonly rule: {
    readonly name: string;
    /** Construct path, e.g. `ec2-isolation/rule`. */
    readonly path: string;
    readonly description?: string;
    /** The rule's event pattern (parsed). */
    readonly eventPattern: unknown;
    readonly fires: boolean;
    /** Top-level pattern keys the event does not match (empty when it fires). */
    readonly unmatchedKeys: readonly string[];
    readonly mismatches: readonly PatternMismatch[];
    /** One line per mismatch, e.g. `detail.resource.resourceType: expected ["Instance"], found "EKSCluster"`. */
    readonly explanation: readonly string[];
  };
  readonly stateMachine: string;
  /** The simulated AWS answer played; absent when the rule does not fire. */
  readonly answer?: { readonly name: string; readonly description: string };
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
    /** True when a copy with trailing whitespace after intrinsic calls was run (the seed's quirk). */
    readonly trimmedIntrinsicWhitespace: boolean;
    readonly status: ExecutionStatus;
    readonly calls: readonly SimulatedCall[];
    readonly notices: readonly SimulatedNotice[];
    readonly error?: string;
    readonly cause?: string;
    readonly output?: JsonValue;
  };
  /** The safety rails as played; absent when the workflow has none, or nothing ran. */
  readonly safetyRails?: SimulatedSafetyRailsReport;
  /** Things to know about this pipeline's result. */
  readonly notes: readonly string[];
}

export interface SimulationReport {
  readonly stack: {
    readonly name: string;
    readonly configSource: string;
    readonly region: string;
    /** The fake account the stack's ARNs are resolved in (the finding's account when it has one). */
    readonly accountId: string;
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
    /** `detail.resource.resourceType`, e.g. `ECSCluster`, `Instance`, `EKSCluster`. */
    readonly resourceType?: string;
    /** What the finding names, in words: `ECS task <arn>`, `EC2 instance i-...`, `pod shop/web-1 of EKS cluster prod`. */
    readonly resources: readonly string[];
  };
  /** The event that was matched (after wrapping). */
  readonly event: GuardDutyFindingEvent;
  /** Every rule that starts a state machine, in the stack's order. */
  readonly responses: readonly SimulatedResponse[];
  /** Things to know when reading this report (regional rules, simulation limits that applied). */
  readonly notes: readonly string[];
}

/**
 * Simulates what the stack built from `config` would do with one finding.
 *
 * @throws NotAGuardDutyFindingError when `findingDocument` is neither a finding event nor a bare finding.
 * @throws UnknownAnswerError when the answer chosen for a firing pipeline is not one of its type's.
 * @throws NoResponsePipelineError when the stack has no rule that starts a state machine.
 */
export async function simulateFinding(options: SimulateFindingOptions): Promise<SimulationReport> {
  const fullConfig = options.config ?? loadConfig().config;
  const configSource = options.configSource ?? (options.config === undefined ? BUILT_IN_DEFAULT : "given config");
  const { event, wrapped } = toFindingEvent(options.findingDocument, { fallbackRegion: fullConfig.region, fallbackAccountId: fullConfig.account_id });
  // A config with deployments has a stack per account and region: simulate the one the finding belongs to.
  const plans = planStacks(fullConfig);
  const plan = plans.find((p) => p.config.account_id === event.account && p.config.region === event.region) ?? plans[0];
  const config = plan.config;
  const accountId = /^\d{12}$/.test(event.account) ? event.account : (config.account_id ?? DEFAULT_ACCOUNT_ID);
  const synthesized = synthesizeResponses(fullConfig, { accountId, region: config.region }, plan.stackName);
  const responseProps = new Map(responsePartsOf(stackPropsOf(plan)).map(({ part, props }) => [part.responseType.id, props]));
  const detail = event.detail;

  const notes: string[] = [];
  if (event.region !== config.region) {
    notes.push(
      `The finding is from region '${event.region}', the stack is deployed in '${config.region}'. EventBridge rules are regional: ` +
        "in AWS these rules would never see the finding. Simulated as if it were in the stack's region.",
    );
  }
  if (config.account_id !== undefined && event.account !== config.account_id) {
    notes.push(
      `The finding is from account '${event.account}', the config deploys to '${config.account_id}': in AWS the rules would only see it if the event reached this account's bus.`,
    );
  }
  if (!/^\d{12}$/.test(event.account))
    notes.push(`The event's account '${event.account}' is not a 12-digit account id; ARNs were resolved in account ${accountId}.`);

  const responses: SimulatedResponse[] = [];
  for (const pipeline of synthesized.pipelines) {
    responses.push(
      await simulatePipeline(pipeline, {
        event,
        synthesized,
        region: config.region,
        accountId,
        answers: options.answers ?? NO_ANSWER_CHOICE,
        responseProps,
        rails: options.rails ?? {},
      }),
    );
  }
  if (!responses.some((r) => r.rule.fires)) notes.push("No rule fires: EventBridge starts no state machine, so nothing else happens.");
  if (responses.some((r) => r.run !== undefined)) {
    notes.push(
      "IAM is not evaluated: every call the role makes is answered as if its policy allowed it, unless the answer denies it (see `npm run review` for the role's grants).",
    );
  }

  const resource = objectAt(detail, "resource");
  return {
    stack: { name: synthesized.stackName, configSource, region: config.region, accountId },
    finding: {
      wrapped,
      id: typeof detail.id === "string" ? detail.id : undefined,
      type: typeof detail.type === "string" ? detail.type : undefined,
      severity: typeof detail.severity === "number" ? detail.severity : undefined,
      title: typeof detail.title === "string" ? detail.title : undefined,
      account: event.account,
      region: event.region,
      resourceType: typeof resource?.resourceType === "string" ? resource.resourceType : undefined,
      resources: findingResourcesInWords(resource),
    },
    event,
    responses,
    notes,
  };
}

interface PipelineContext {
  readonly event: GuardDutyFindingEvent;
  readonly synthesized: SynthesizedResponses;
  readonly region: string;
  readonly accountId: string;
  readonly answers: AnswerChoice;
  /** The props the stack gives each deployed response type, by type id. */
  readonly responseProps: ReadonlyMap<string, object>;
  readonly rails: RailsPlay;
}

async function simulatePipeline(pipeline: SynthesizedPipeline, context: PipelineContext): Promise<SimulatedResponse> {
  const { event } = context;
  const type = responseTypeOfTarget(pipeline.targetId);
  const fires = matchesEventPattern(pipeline.eventPattern, event);
  const why = fires ? { unmatchedKeys: [], mismatches: [] } : explainPatternMismatch(pipeline.eventPattern, event);
  const notes: string[] = [];
  const base = {
    responseType: type === undefined ? undefined : { id: type.id, title: type.title },
    rule: {
      name: pipeline.ruleName,
      path: pipeline.rulePath,
      description: pipeline.ruleDescription,
      eventPattern: JSON.parse(pipeline.eventPattern) as unknown,
      fires,
      unmatchedKeys: why.unmatchedKeys,
      mismatches: why.mismatches,
      explanation: why.mismatches.map(describeMismatch),
    },
    stateMachine: pipeline.stateMachineName,
  };
  if (!fires) return { ...base, notes: ["The rule does not fire: EventBridge does not start this state machine."] };

  const answerSpec = type === undefined ? undefined : answerFor(type, context.answers);
  const answer = answerSpec === undefined ? undefined : { name: answerSpec.name, description: answerSpec.description };
  if (type === undefined)
    notes.push(`No registered response type has target id '${pipeline.targetId}': simulated with the finding's resource present and no call failing.`);

  let text: string;
  try {
    text =
      pipeline.inputPaths === undefined || pipeline.inputTemplate === undefined
        ? JSON.stringify(event)
        : renderInputTransformer(event, pipeline.inputPaths, pipeline.inputTemplate);
  } catch (error) {
    if (!(error instanceof EventNotDeliveredError)) throw error;
    notes.push("EventBridge would drop the event (the transformed input is not valid JSON): the state machine does not start.");
    return { ...base, answer, input: { delivered: false, notDeliveredReason: error.message }, notes };
  }
  const input = JSON.parse(text) as JsonValue;

  const runnable = trimIntrinsicWhitespace(pipeline.definition);
  const trimmed = JSON.stringify(runnable) !== JSON.stringify(pipeline.definition);
  if (trimmed) {
    notes.push(
      "The definition ends some States.Format(...) with a newline, which AWS accepts but the local executor does not: " +
        "a copy with that trailing whitespace trimmed was run (AWS evaluates both the same).",
    );
  }

  const callsKubernetes = taskStates(runnable).some((s) => isEksCallResource(s.resource));
  const granted = context.synthesized.kubernetesAccess[pipeline.roleArn];
  if (callsKubernetes) notes.push(...kubernetesAccessNotes(event.detail, granted));
  const typeProps = type === undefined ? undefined : context.responseProps.get(type.id);
  if (type?.simulationNotes !== undefined && typeProps !== undefined) {
    notes.push(...type.simulationNotes(typeProps, event.detail, { region: context.region, accountId: context.accountId }));
  }
  const now = validDate(event.time) ?? new Date();
  const executionId = `arn:aws:states:${context.region}:${context.accountId}:execution:${pipeline.stateMachineName}:simulated-execution`;
  /** One execution in a world of its own, the rails played as `play` says. */
  const execute = async (play: RailsPlay) => {
    const { world, eks } = createSimulatedAws({
      spec: answerSpec?.world ?? { resource: { exists: true } },
      finding: event.detail,
      region: context.region,
      accountId: context.accountId,
      topicArns: pipeline.topicArns,
      roleArn: pipeline.roleArn,
      now,
      kubernetesAccess: granted === undefined ? undefined : (cluster) => granted[cluster],
    });
    const calls: SimulatedCall[] = [];
    // The safety rails (docs/safety-rails.md, docs/approval-gate.md), played as the user chose.
    const rails = simulatedSafetyRails(runnable, world, now, play, executionId);
    const bindings = { ...eksSimulationBindings(eks), ...rails.bindings };
    const invoke = createAwsSdkTaskHandler({ world, bindings });
    const eksCall = createEksCallHandler(eks);
    const taskHandlers: Record<string, LocalTaskHandler> = {};
    for (const { name, resource } of taskStates(runnable)) {
      const railHandler = rails.taskHandlers[name];
      const parsed =
        name === rails.requestState
          ? { service: "sns", action: "publish.waitForTaskToken" }
          : railHandler !== undefined
            ? { service: "dynamodb", action: "updateItem" }
            : isEksCallResource(resource)
              ? { service: "eks", action: "call" }
              : parseAwsSdkResource(resource);
      if (parsed === undefined) continue; // runStateMachine refuses it with a clear message
      const run =
        railHandler !== undefined
          ? async (parameters: JsonValue) => (await railHandler(parameters)) as JsonValue
          : isEksCallResource(resource)
            ? (parameters: JsonValue) => eksCall({ stateName: name, parameters })
            : (parameters: JsonValue) => invoke({ stateName: name, resource, parameters });
      taskHandlers[name] = async (parameters) => {
        const call = { state: name, service: parsed.service, action: parsed.action, parameters: cloneJson(parameters) };
        try {
          const result = await run(parameters);
          calls.push({ ...call, outcome: "ok" });
          return result;
        } catch (error) {
          const e = error as Error;
          calls.push({ ...call, outcome: e.name, errorMessage: e.message });
          throw error;
        }
      };
    }
    const result = await runStateMachine({ definition: runnable, input, world, taskHandlers, bindings, eksCall, context: rails.context });
    const notices = result.published.map((p) => ({
      topicArn: p.topicArn,
      subject: p.subject,
      message: p.message,
      attributes: Object.fromEntries(Object.entries(p.messageAttributes).map(([k, v]) => [k, v.stringValue ?? ""])),
    }));
    return { rails, result, calls, notices };
  };

  const played = await execute(context.rails);
  const { rails, result, calls, notices } = played;
  notes.push(...rails.notes, ...unusedRailOptions(context.rails, rails));
  let safetyRails: SimulatedSafetyRailsReport | undefined;
  if (rails.killSwitch !== undefined || rails.counter !== undefined || rails.approvalGate !== undefined) {
    const outcome = runOutcome(result.status, result.output, notices);
    let approvalGate: SimulatedSafetyRailsReport["approvalGate"];
    if (rails.approvalGate !== undefined) {
      const asked = calls.some((call) => call.state === rails.requestState);
      const otherAnswers: ({ answer: ApprovalPlay } & SimulatedRunOutcome)[] = [];
      if (asked) {
        for (const other of APPROVAL_PLAYS.filter((a) => a !== rails.approvalGate?.answer)) {
          const run = await execute({ ...context.rails, approval: other });
          otherAnswers.push({ answer: other, ...runOutcome(run.result.status, run.result.output, run.notices) });
        }
      } else {
        notes.push(`The approval gate did not ask: ${gateSkippedBecause(result.output, rails.approvalGate.minSeverity)}, so --approval changes nothing here.`);
      }
      const gate = rails.approvalGate;
      approvalGate = {
        timeoutSeconds: gate.timeoutSeconds,
        onTimeout: gate.onTimeout,
        minSeverity: gate.minSeverity,
        answer: gate.answer,
        asked,
        otherAnswers,
      };
    }
    safetyRails = { killSwitch: rails.killSwitch, counter: rails.counter, approvalGate, outcome };
  }
  return {
    ...base,
    answer,
    input: { delivered: true, text, json: input },
    run: { trimmedIntrinsicWhitespace: trimmed, status: result.status, calls, notices, error: result.error, cause: result.cause, output: result.output },
    safetyRails,
    notes,
  };
}

/** The outcome of one run: its status, the rail that held, and the notices' outcomes. */
function runOutcome(status: ExecutionStatus, output: JsonValue | undefined, notices: readonly SimulatedNotice[]): SimulatedRunOutcome {
  const held = objectAt(output !== null && typeof output === "object" && !Array.isArray(output) ? output : undefined, "safetyRail");
  return {
    status,
    heldBy: typeof held?.rail === "string" ? { rail: held.rail, reason: String(held.reason ?? "") } : undefined,
    noticeOutcomes: notices.map((notice) => notice.attributes.outcome ?? "(no outcome attribute)"),
  };
}

/** Why the request was not published: a rail before it held, the severity is below the threshold, or the workflow did not reach its action. */
function gateSkippedBecause(output: JsonValue | undefined, minSeverity: number | undefined): string {
  const record = output !== null && typeof output === "object" && !Array.isArray(output) ? output : undefined;
  const held = objectAt(record, "safetyRail");
  if (typeof held?.rail === "string" && held.rail !== "approval-gate") return `the ${held.rail} rail held first`;
  const decision = objectAt(record, "approvalGate")?.decision;
  if (typeof decision === "string") return `${decision}${minSeverity === undefined ? "" : ` (min_severity ${minSeverity})`}`;
  return "the workflow did not reach its action (nothing to act on, dry run, or it failed before)";
}

/** A rail option the user set that no rail of this pipeline reads. */
function unusedRailOptions(play: RailsPlay, rails: { killSwitch?: unknown; counter?: unknown; approvalGate?: unknown }): string[] {
  return [
    ...(play.killSwitch !== undefined && rails.killSwitch === undefined
      ? [`--kill-switch ${play.killSwitch} changes nothing here: this workflow reads no kill switch.`]
      : []),
    ...(play.capFull === true && rails.counter === undefined ? ["--cap-full changes nothing here: this workflow has no blast-radius cap."] : []),
    ...(play.approval !== undefined && rails.approvalGate === undefined
      ? [`--approval ${play.approval} changes nothing here: this workflow has no approval gate.`]
      : []),
  ];
}

/** What the stack lets the role do in the finding's cluster, when that is less than everything. */
function kubernetesAccessNotes(finding: Record<string, unknown>, granted: Readonly<Record<string, KubernetesAccessScope>> | undefined): string[] {
  const resource = objectAt(finding, "resource");
  const cluster = objectAt(resource, "eksClusterDetails")?.name;
  const namespace = objectAt(objectAt(resource, "kubernetesDetails"), "kubernetesWorkloadDetails")?.namespace;
  if (typeof cluster !== "string") return [];
  if (granted === undefined)
    return [
      "The stack manages no EKS access entry for this state machine's role: the simulated Kubernetes API lets it act anywhere (grant it yourself in AWS).",
    ];
  const scope = granted[cluster];
  if (scope === undefined) {
    return [
      `The stack gives this state machine's role no access entry on cluster '${cluster}': Kubernetes refuses every request (in AWS the API server may answer 401 rather than 403).`,
    ];
  }
  if (scope.namespaces !== undefined && typeof namespace === "string" && !scope.namespaces.includes(namespace)) {
    return [
      `The role's access policy on cluster '${cluster}' is scoped to the namespaces ${scope.namespaces.join(", ")}: Kubernetes refuses requests in '${namespace}'.`,
    ];
  }
  return [];
}

/** The resources the finding names, in words. */
function findingResourcesInWords(resource: Record<string, unknown> | undefined): string[] {
  const out: string[] = [];
  const ecs = objectAt(resource, "ecsClusterDetails");
  if (ecs !== undefined) {
    const task = objectAt(ecs, "taskDetails")?.arn;
    out.push(
      `ECS task ${typeof task === "string" ? task : "(none in the finding)"} of cluster ${typeof ecs.arn === "string" ? ecs.arn : "(none in the finding)"}`,
    );
  }
  const instance = objectAt(resource, "instanceDetails");
  if (instance !== undefined) out.push(`EC2 instance ${typeof instance.instanceId === "string" ? instance.instanceId : "(none in the finding)"}`);
  const eks = objectAt(resource, "eksClusterDetails");
  if (eks !== undefined) {
    const workload = objectAt(objectAt(resource, "kubernetesDetails"), "kubernetesWorkloadDetails");
    const name =
      typeof workload?.name === "string"
        ? `${typeof workload.namespace === "string" ? workload.namespace : "?"}/${workload.name}`
        : "(no workload in the finding)";
    out.push(
      `Kubernetes ${typeof workload?.type === "string" ? workload.type : "workload"} ${name} of EKS cluster ${typeof eks.name === "string" ? eks.name : "(unnamed)"}`,
    );
  }
  return out;
}

/** Every Task state (inside Parallel branches and Map processors too) with its Resource. */
function taskStates(machine: Record<string, unknown>): { name: string; resource: string }[] {
  const result: { name: string; resource: string }[] = [];
  const states = (machine.States ?? {}) as Record<string, Record<string, unknown>>;
  for (const [name, state] of Object.entries(states)) {
    if (state.Type === "Task" && typeof state.Resource === "string") result.push({ name, resource: state.Resource });
    for (const branch of (state.Branches as Record<string, unknown>[] | undefined) ?? []) result.push(...taskStates(branch));
    for (const processor of [state.Iterator, state.ItemProcessor]) {
      if (processor !== null && typeof processor === "object") result.push(...taskStates(processor as Record<string, unknown>));
    }
  }
  return result;
}

function objectAt(value: Record<string, unknown> | undefined, key: string): Record<string, unknown> | undefined {
  const child = value?.[key];
  return child !== null && typeof child === "object" && !Array.isArray(child) ? (child as Record<string, unknown>) : undefined;
}

function validDate(text: string): Date | undefined {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

function cloneJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

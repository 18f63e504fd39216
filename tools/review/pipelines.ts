/**
 * The response pipelines of a synthesized stack, whatever their type: every EventBridge target that starts a
 * Step Functions state machine, with its rule, state machine, roles, dead-letter queue and alarms, and the
 * registered response type whose target id it carries (functions/response-types/registry.ts). Read from the
 * synthesized Terraform only, so the review covers exactly what would be applied.
 */
import type { AnyResponseType } from "../../functions/response-types/contract";
import { RESPONSE_TYPES } from "../../functions/response-types/registry";
import { aslGraph } from "./asl-graph";
import { railNoticesOf } from "./safety-rails";
import {
  blockAt,
  evaluateReadable,
  evaluateReadableJson,
  readableNameOf,
  referencesIn,
  resourcesOf,
  type SynthesizedTerraform,
  type TerraformBlock,
} from "./synthesized-terraform";

export interface ReviewedPipeline {
  /** The registered type of the target id; undefined for a pipeline no type claims. */
  readonly type?: AnyResponseType;
  /** The type's title, or the rule's description for an unregistered pipeline. */
  readonly title: string;
  readonly rule: TerraformBlock;
  readonly target: TerraformBlock;
  readonly stateMachine: TerraformBlock;
  /** The state machine's role (`role_arn`), when it is in the stack. */
  readonly stateMachineRole?: TerraformBlock;
  /** The role EventBridge uses to start it (`role_arn` of the target). */
  readonly eventsRole?: TerraformBlock;
  /** The target's dead-letter queue, when it has one in the stack. */
  readonly deadLetterQueue?: TerraformBlock;
  /** Alarms whose dimensions name the rule, the state machine or the queue. */
  readonly alarms: readonly TerraformBlock[];
  /** The definition with references made readable; undefined when it cannot be evaluated. */
  readonly definition?: Record<string, unknown>;
  /** A Pass state's `Result.DryRun` is true (the workflow only reports). */
  readonly dryRun: boolean;
  /** The SNS Subject of every notice the definition can publish, in state order (static ones only), approval requests included. */
  readonly noticeSubjects: readonly string[];
  /** The safety rails' notices (approval request, acting without an answer, HELD), with when each is sent. */
  readonly railNotices: readonly RailNotice[];
}

/** A notice of the safety rails: its `outcome` message attribute, its Subject, and when it is sent. */
export interface RailNotice {
  readonly outcome: string;
  readonly subject: string;
  readonly when: string;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Every pipeline of the stack, in the order of its targets. */
export function responsePipelinesOf(json: SynthesizedTerraform): ReviewedPipeline[] {
  const referenced = (value: unknown, type: string): TerraformBlock | undefined => {
    const ref = referencesIn(value).find((r) => r.type === type);
    return ref === undefined ? undefined : blockAt(json, ref.address);
  };
  const alarms = resourcesOf(json, "aws_cloudwatch_metric_alarm");
  const out: ReviewedPipeline[] = [];
  for (const target of resourcesOf(json, "aws_cloudwatch_event_target")) {
    const stateMachine = referenced(target.values.arn, "aws_sfn_state_machine");
    const rule = referenced(target.values.rule, "aws_cloudwatch_event_rule");
    if (stateMachine === undefined || rule === undefined) continue;
    const targetId = evaluateReadable(json, target.values.target_id);
    const type = RESPONSE_TYPES.find((t) => t.pipelineText.targetId === targetId);
    const deadLetterQueue = isObject(target.values.dead_letter_config) ? referenced(target.values.dead_letter_config.arn, "aws_sqs_queue") : undefined;
    const watched = [rule, stateMachine, deadLetterQueue].filter((b): b is TerraformBlock => b !== undefined).map((b) => b.address);
    let definition: Record<string, unknown> | undefined;
    try {
      const d = evaluateReadableJson(json, stateMachine.values.definition);
      definition = isObject(d) ? d : undefined;
    } catch {
      definition = undefined;
    }
    out.push({
      type,
      title: type?.title ?? (typeof rule.values.description === "string" ? rule.values.description : readableNameOf(json, rule)),
      rule,
      target,
      stateMachine,
      stateMachineRole: referenced(stateMachine.values.role_arn, "aws_iam_role"),
      eventsRole: referenced(target.values.role_arn, "aws_iam_role"),
      deadLetterQueue,
      alarms: alarms.filter((a) => referencesIn(JSON.stringify(a.values.dimensions ?? {})).some((r) => watched.includes(r.address))),
      definition,
      dryRun: definition !== undefined && dryRunOn(definition),
      noticeSubjects: definition === undefined ? [] : noticeSubjectsOf(definition),
      railNotices: railNoticesOf(definition),
    });
  }
  return out;
}

/** A `DryRun: true` in a Pass state's Result (the workflows' Settings state). */
function dryRunOn(definition: Json): boolean {
  const states = isObject(definition.States) ? Object.values(definition.States) : [];
  return states.some((s) => isObject(s) && isObject(s.Result) && s.Result.DryRun === true);
}

/** Static `Subject`s of the SNS Publish Task states, in state order, without repeats. */
function noticeSubjectsOf(definition: Json): string[] {
  const graph = aslGraph(definition);
  const subjects: string[] = [];
  for (const state of graph.states) {
    // `sns:publish.waitForTaskToken`: the approval gate's request (Wait for Callback) is a notice too.
    if (state.resource === undefined || !/sns:publish(\.waitForTaskToken)?$/i.test(state.resource)) continue;
    const parameters = findState(definition, state.name)?.Parameters;
    const subject = isObject(parameters) ? parameters.Subject : undefined;
    if (typeof subject === "string" && !subjects.includes(subject.trim())) subjects.push(subject.trim());
  }
  return subjects;
}

function findState(machine: Json, name: string): Json | undefined {
  const states = isObject(machine.States) ? machine.States : {};
  for (const [stateName, state] of Object.entries(states)) {
    if (!isObject(state)) continue;
    if (stateName === name) return state;
    for (const branch of Array.isArray(state.Branches) ? state.Branches : []) {
      const found = isObject(branch) ? findState(branch, name) : undefined;
      if (found !== undefined) return found;
    }
    for (const processor of [state.Iterator, state.ItemProcessor]) {
      const found = isObject(processor) ? findState(processor, name) : undefined;
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

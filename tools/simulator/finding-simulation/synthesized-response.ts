/**
 * The ECS response as Terraform would deploy it for one config: the stack is built and synthesized in-process
 * (cdktf `Testing.synth`, validations on; nothing is written to the repository, the app's scratch directory
 * is a temporary one, removed afterwards), then the ECS rule's event pattern, its target's input transformer
 * and the state machine definition are read back from the synthesized Terraform JSON. The definition's
 * `${jsonencode(...)}` is evaluated with references resolved the way AWS would name things in a fake
 * account (`arn:<partition>:sns:<region>:<account>:<topic name>`).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Testing } from "cdktf";
import type { Config } from "../../../config/config-schema";
import { planStacks } from "../../../config/stack-plans";
import { stackPropsOf } from "../../../config/stack-props";
import { RuntimeMonitoringStack } from "../../../modules/runtime-monitoring-stack";
import { partitionOfRegion } from "../../../functions/aws/partition";
import { evaluateTerraformString } from "./terraform-expression";

/** The config deploys no ECS response (`ecs_auto_stop.enabled` is false): there is nothing to simulate. */
export class NoEcsResponseError extends Error {
  override readonly name = "NoEcsResponseError";
  constructor() {
    super("The config deploys no ECS response (ecs_auto_stop.enabled is false): there is no rule or state machine to simulate.");
  }
}

export interface SynthesizedEcsResponse {
  readonly stackName: string;
  readonly workflow: "seed" | "guarded";
  readonly ruleName: string;
  /** `event_pattern`, the exact JSON text EventBridge receives. */
  readonly eventPattern: string;
  readonly inputPaths: Readonly<Record<string, string>>;
  readonly inputTemplate: string;
  /** The state machine definition as deployed (for the seed: with its trailing newlines). */
  readonly definition: Record<string, unknown>;
  /** Every `TopicArn` the definition publishes to, resolved. */
  readonly topicArns: readonly string[];
  /** The state machine's role, e.g. `arn:aws:iam::123456789012:role/<name>-sfn-role` (named in AccessDenied messages). */
  readonly roleArn: string;
}

export interface FakeAccountValues {
  readonly accountId: string;
  readonly region: string;
}

type Json = Record<string, unknown>;

const cache = new Map<string, SynthesizedEcsResponse>();
const MAX_CACHED = 16;

/**
 * Synthesizes `config`'s stack and reads its ECS response back, references resolved for `account`.
 * Results are cached per config and account (synthesis takes a few hundred milliseconds).
 *
 * @throws NoEcsResponseError when the config has no ECS auto-stop.
 */
export function synthesizeEcsResponse(config: Config, account: FakeAccountValues, stackName?: string): SynthesizedEcsResponse {
  const key = JSON.stringify([config, account, stackName]);
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  if (!config.ecs_auto_stop.enabled) throw new NoEcsResponseError();


  const outdir = mkdtempSync(join(tmpdir(), "guardduty-simulate-"));
  let json: Json;
  let ids: { rule: string; target: string; stateMachine: string };
  try {
    // A config with deployments describes many stacks: the named one, or the first.
    const plans = planStacks(config);
    const plan = plans.find((p) => p.stackName === stackName) ?? plans[0];
    const stack = new RuntimeMonitoringStack(Testing.app({ outdir }), plan.stackName, stackPropsOf(plan));
    const auto = stack.ecsAutoStop;
    if (auto === undefined) throw new NoEcsResponseError();
    ids = { rule: auto.rule.friendlyUniqueId, target: auto.target.friendlyUniqueId, stateMachine: auto.stateMachine.friendlyUniqueId };
    json = JSON.parse(Testing.synth(stack, true)) as Json;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }

  const resources = (json.resource ?? {}) as Record<string, Record<string, Json>>;
  const resource = (type: string, id: string): Json => {
    const values = resources[type]?.[id];
    if (values === undefined) throw new Error(`simulation: the synthesized stack has no ${type}.${id}`);
    return values;
  };
  const resolve = fakeReferenceResolver(resources, { ...account, partition: partitionOfRegion(config.region) });
  const evaluate = (value: unknown): unknown => (typeof value === "string" ? evaluateTerraformString(value, resolve) : value);

  const rule = resource("aws_cloudwatch_event_rule", ids.rule);
  const target = resource("aws_cloudwatch_event_target", ids.target);
  const stateMachine = resource("aws_sfn_state_machine", ids.stateMachine);
  const transformer = target.input_transformer as { input_paths?: Record<string, string>; input_template: string };
  const definition = JSON.parse(evaluate(stateMachine.definition) as string) as Record<string, unknown>;

  const response: SynthesizedEcsResponse = {
    stackName: (planStacks(config).find((p) => p.stackName === stackName) ?? planStacks(config)[0]).stackName,
    workflow: config.ecs_auto_stop.workflow,
    ruleName: String(evaluate(rule.name)),
    eventPattern: String(evaluate(rule.event_pattern)),
    inputPaths: { ...(transformer.input_paths ?? {}) },
    inputTemplate: transformer.input_template,
    definition,
    topicArns: [...new Set(topicArnsOf(definition))],
    roleArn: String(evaluate(stateMachine.role_arn)),
  };
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(key, response);
  return response;
}

/** Resolves the references a synthesized ECS response uses, with fake values for one account and region. */
function fakeReferenceResolver(
  resources: Record<string, Record<string, Json>>,
  account: FakeAccountValues & { readonly partition: string },
): (reference: string) => unknown {
  const { partition, region, accountId } = account;
  return (reference) => {
    const [kind, ...rest] = reference.split(".");
    if (kind === "data") {
      const [type, , attr] = rest;
      if (type === "aws_partition" && attr === "partition") return partition;
      if (type === "aws_region" && (attr === "region" || attr === "name")) return region;
      if (type === "aws_caller_identity" && attr === "account_id") return accountId;
      throw new Error(`simulation: no fake value for ${reference}`);
    }
    const [name, attr] = rest;
    const values = resources[kind]?.[name];
    if (values === undefined) throw new Error(`simulation: reference to a missing resource: ${reference}`);
    const resourceName = typeof values.name === "string" ? values.name : name;
    const services: Record<string, string> = { aws_sns_topic: "sns", aws_sqs_queue: "sqs", aws_sfn_state_machine: "states", aws_cloudwatch_event_rule: "events" };
    const separators: Record<string, string> = { aws_sfn_state_machine: ":stateMachine:", aws_cloudwatch_event_rule: ":rule/" };
    if (attr === "arn" && kind === "aws_iam_role") return `arn:${partition}:iam::${accountId}:role/${resourceName}`;
    if (attr === "arn" && kind in services) return `arn:${partition}:${services[kind]}:${region}:${accountId}${separators[kind] ?? ":"}${resourceName}`;
    if (attr === "name") return resourceName;
    throw new Error(`simulation: no fake value for ${reference}`);
  };
}

function topicArnsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(topicArnsOf);
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value as Json).flatMap(([key, child]) => (key === "TopicArn" && typeof child === "string" ? [child] : topicArnsOf(child)));
}

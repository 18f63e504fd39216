/**
 * The response pipelines as Terraform would deploy them for one config: the stack is built and synthesized
 * in-process (cdktf `Testing.synth`, validations on; nothing is written to the repository, the app's scratch
 * directory is a temporary one, removed afterwards), then EVERY EventBridge rule with a Step Functions target is
 * read back from the synthesized Terraform JSON: its event pattern, the target's input transformer and id, the
 * state machine's definition and role. Nothing here knows ECS, EC2 or EKS: a pipeline is whatever the stack
 * wires from a rule to a state machine. The definition's `${jsonencode(...)}` is evaluated with references
 * resolved the way AWS would name things in a fake account (`arn:<partition>:sns:<region>:<account>:<topic>`).
 *
 * Also read back: the EKS access policy associations (which clusters and namespaces each role may act in), so
 * the simulated Kubernetes API authorizes the state machine as the stack would.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Testing } from "cdktf";
import type { Config } from "../../../config/config-schema";
import { planStacks } from "../../../config/stack-plans";
import { stackPropsOf } from "../../../config/stack-props";
import { partitionOfRegion } from "../../../functions/aws/partition";
import { RuntimeMonitoringStack } from "../../../modules/runtime-monitoring-stack";
import type { KubernetesAccessScope } from "./simulated-world";
import { evaluateTerraformString } from "./terraform-expression";
import { synthesizedStackJson } from "../../synthesized-stack-json";

/** The config deploys no response pipeline (no rule with a Step Functions target): there is nothing to simulate. */
export class NoResponsePipelineError extends Error {
  override readonly name = "NoResponsePipelineError";
  constructor(stackName: string) {
    super(
      `The stack ${stackName} deploys no response pipeline (no EventBridge rule starts a state machine: ecs_auto_stop, ec2_isolation and eks_containment are all off): there is nothing to simulate.`,
    );
  }
}

/** One EventBridge rule that starts a state machine, as synthesized. */
export interface SynthesizedPipeline {
  /** Construct path of the rule without the stack, e.g. `ec2-isolation/rule`. */
  readonly rulePath: string;
  readonly ruleName: string;
  /** The rule's `description`. */
  readonly ruleDescription?: string;
  /** `event_pattern`, the exact JSON text EventBridge receives. */
  readonly eventPattern: string;
  /** The target's `target_id`: which kind of pipeline this is (each response type has its own). */
  readonly targetId: string;
  /** Absent when the target passes the event unchanged. */
  readonly inputPaths?: Readonly<Record<string, string>>;
  readonly inputTemplate?: string;
  readonly stateMachineName: string;
  /** The state machine definition as deployed (for the seed: with its trailing newlines). */
  readonly definition: Record<string, unknown>;
  /** Every `TopicArn` the definition publishes to, resolved. */
  readonly topicArns: readonly string[];
  /** The state machine's role, e.g. `arn:aws:iam::123456789012:role/<name>-sfn-role`. */
  readonly roleArn: string;
}

export interface SynthesizedResponses {
  readonly stackName: string;
  readonly pipelines: readonly SynthesizedPipeline[];
  /** Access policy associations: principal ARN -> cluster name -> scope. */
  readonly kubernetesAccess: Readonly<Record<string, Readonly<Record<string, KubernetesAccessScope>>>>;
}

export interface FakeAccountValues {
  readonly accountId: string;
  readonly region: string;
}

type Json = Record<string, unknown>;

const cache = new Map<string, SynthesizedResponses>();
const MAX_CACHED = 16;

/**
 * Synthesizes the stack `stackName` of `config` (default: its first) and reads every response pipeline back,
 * references resolved for `account`. Cached per config, account and stack (synthesis takes a few hundred ms).
 *
 * @throws NoResponsePipelineError when the stack has no rule with a Step Functions target.
 */
export function synthesizeResponses(config: Config, account: FakeAccountValues, stackName?: string): SynthesizedResponses {
  const key = JSON.stringify([config, account, stackName]);
  const cached = cache.get(key);
  if (cached !== undefined) return cached;

  const plans = planStacks(config);
  const plan = plans.find((p) => p.stackName === stackName) ?? plans[0];
  const outdir = mkdtempSync(join(tmpdir(), "guardduty-simulate-"));
  let json: Json;
  try {
    const stack = new RuntimeMonitoringStack(Testing.app({ outdir }), plan.stackName, stackPropsOf(plan));
    json = synthesizedStackJson<Json>(stack); // aspects and validations, as `cdktf synth` runs them
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
  const responses = readResponses(json, plan.stackName, { ...account, partition: partitionOfRegion(plan.config.region) });
  if (responses.pipelines.length === 0) throw new NoResponsePipelineError(plan.stackName);
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(key, responses);
  return responses;
}

/** Reads every rule -> state machine pipeline out of synthesized Terraform JSON (`//` metadata optional). */
export function readResponses(json: Json, stackName: string, account: FakeAccountValues & { readonly partition: string }): SynthesizedResponses {
  const resources = (json.resource ?? {}) as Record<string, Record<string, Json>>;
  const resolve = fakeReferenceResolver(resources, account);
  const evaluate = (value: unknown): unknown => (typeof value === "string" ? evaluateTerraformString(value, resolve) : value);
  const referenced = (value: unknown, type: string): Json | undefined => {
    const match = typeof value === "string" ? new RegExp(`\\$\\{${type}\\.([A-Za-z0-9_-]+)\\.[a-z_]+\\}`).exec(value) : null;
    return match === null ? undefined : resources[type]?.[match[1]];
  };

  const pipelines: SynthesizedPipeline[] = [];
  for (const target of Object.values(resources.aws_cloudwatch_event_target ?? {})) {
    const stateMachine = referenced(target.arn, "aws_sfn_state_machine");
    const rule = referenced(target.rule, "aws_cloudwatch_event_rule");
    if (stateMachine === undefined || rule === undefined) continue;
    const transformer = target.input_transformer as { input_paths?: Record<string, string>; input_template: string } | undefined;
    const definition = JSON.parse(evaluate(stateMachine.definition) as string) as Record<string, unknown>;
    pipelines.push({
      rulePath: constructPathOf(rule) ?? String(evaluate(rule.name)),
      ruleName: String(evaluate(rule.name)),
      ruleDescription: typeof rule.description === "string" ? String(evaluate(rule.description)) : undefined,
      eventPattern: String(evaluate(rule.event_pattern)),
      targetId: String(evaluate(target.target_id)),
      inputPaths: transformer === undefined ? undefined : { ...(transformer.input_paths ?? {}) },
      inputTemplate: transformer?.input_template,
      stateMachineName: String(evaluate(stateMachine.name)),
      definition,
      topicArns: [...new Set(topicArnsOf(definition))],
      roleArn: String(evaluate(stateMachine.role_arn)),
    });
  }

  const kubernetesAccess: Record<string, Record<string, KubernetesAccessScope>> = {};
  for (const association of Object.values(resources.aws_eks_access_policy_association ?? {})) {
    const principal = String(evaluate(association.principal_arn));
    const cluster = String(evaluate(association.cluster_name));
    const scope = association.access_scope as { type?: string; namespaces?: string[] } | undefined;
    (kubernetesAccess[principal] ??= {})[cluster] = scope?.type === "namespace" ? { namespaces: [...(scope.namespaces ?? [])] } : {};
  }
  return { stackName, pipelines, kubernetesAccess };
}

function constructPathOf(block: Json): string | undefined {
  const meta = block["//"] as { metadata?: { path?: unknown } } | undefined;
  const path = meta?.metadata?.path;
  return typeof path === "string" ? path.split("/").slice(1).join("/") : undefined;
}

/** Resolves the references a synthesized pipeline uses, with fake values for one account and region. */
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
    const services: Record<string, string> = {
      aws_sns_topic: "sns",
      aws_sqs_queue: "sqs",
      aws_sfn_state_machine: "states",
      aws_cloudwatch_event_rule: "events",
    };
    const separators: Record<string, string> = { aws_sfn_state_machine: ":stateMachine:", aws_cloudwatch_event_rule: ":rule/" };
    if (attr === "arn" && kind === "aws_iam_role") return `arn:${partition}:iam::${accountId}:role/${resourceName}`;
    if (attr === "arn" && kind === "aws_dynamodb_table") return `arn:${partition}:dynamodb:${region}:${accountId}:table/${resourceName}`;
    if (attr === "arn" && kind === "aws_ssm_parameter") return `arn:${partition}:ssm:${region}:${accountId}:parameter/${resourceName.replace(/^\//u, "")}`;
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

/**
 * What preflight checks, per stack of the config: the stack is synthesized in-process exactly as `npm run synth`
 * builds it (cdktf `Testing.synth`, validations on, in a temporary directory removed afterwards), and each
 * response pipeline is read back from the Terraform JSON with the references resolved to the names AWS gives
 * them in the user's account: the state machine's ARN and definition, its role and the role's policy
 * statements, the EventBridge role that starts it and its statements, and the EKS access policy associations.
 * Nothing here knows ECS, EC2 or EKS: a pipeline is whatever the stack wires from a rule to a state machine, and
 * its response type is the registered type whose target id the rule's target carries.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Testing } from "cdktf";
import type { Config } from "../../config/config-schema";
import type { StackPlan } from "../../config/stack-plans";
import { stackPropsOf } from "../../config/stack-props";
import { partitionOfRegion } from "../../functions/aws/partition";
import type { AnyResponseType } from "../../functions/response-types/contract";
import { RESPONSE_TYPES } from "../../functions/response-types/registry";
import { RuntimeMonitoringStack } from "../../modules/runtime-monitoring-stack";
import { readResponses } from "../simulator/finding-simulation/synthesized-response";
import { evaluateTerraformString } from "../simulator/finding-simulation/terraform-expression";
import { synthesizedStackJson } from "../synthesized-stack-json";

/** A policy statement as synthesized (Action/Resource a string or a list). */
export interface SynthesizedStatement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: string | string[];
  readonly NotResource?: string | string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** One EKS access policy association of the state machine's role, as synthesized. */
export interface ExpectedEksAccess {
  readonly clusterName: string;
  readonly policyArn: string;
  /** Namespaces of a namespace-scoped association; undefined for a cluster-wide one. */
  readonly namespaces?: readonly string[];
}

/** One response pipeline as it should be deployed in the user's account. */
export interface DeployedPipeline {
  /** The registered type (by the rule target's id), or undefined for a target no type claims. */
  readonly responseType?: AnyResponseType;
  /** Type id, or the target id when no type claims it: names the pipeline in the table. */
  readonly label: string;
  readonly stateMachineName: string;
  readonly stateMachineArn: string;
  /** Resolved definition. */
  readonly definition: Record<string, unknown>;
  /** What the rule hands to the state machine. */
  readonly inputPaths?: Readonly<Record<string, string>>;
  readonly inputTemplate?: string;
  readonly topicArns: readonly string[];
  readonly stateMachineRoleArn: string;
  readonly stateMachineRoleStatements: readonly SynthesizedStatement[];
  /** The role EventBridge starts the state machine with (undefined when the target has none). */
  readonly eventsRoleArn?: string;
  readonly eventsRoleStatements: readonly SynthesizedStatement[];
  readonly eksAccess: readonly ExpectedEksAccess[];
}

export interface DeployedStack {
  readonly stackName: string;
  readonly region: string;
  readonly accountId: string;
  readonly partition: string;
  readonly pipelines: readonly DeployedPipeline[];
}

/** A reference whose value only AWS knows (a generated id): statements naming it are not simulated. */
export const UNRESOLVED_MARK = "«unresolved»";

/**
 * A KMS key's ARN, which only AWS knows (it carries the generated key id), written as the alias the stack gives
 * the key: `«kms-alias:alias/<name>»`. Preflight reads the ARN with kms:DescribeKey of the alias
 * (`resolveKeyAliases`); until then the statement counts as unresolved.
 */
export const KMS_ALIAS_MARK = /«kms-alias:([^»]+)»/gu;
const kmsAliasMark = (alias: string): string => `«kms-alias:${alias}»`;

/** Whether a text names a value preflight has not resolved (UNRESOLVED_MARK or a key alias mark). */
export function namesUnresolved(text: string): boolean {
  return text.includes(UNRESOLVED_MARK) || text.includes("«kms-alias:");
}

type Json = Record<string, unknown>;

const synthesized = new Map<string, DeployedStack>();
const MAX_CACHED_STACKS = 16;

/** Synthesizes the plan's stack and reads its pipelines, named for `accountId` (cached: synthesis takes a few hundred ms). */
export function deployedStackOf(plan: StackPlan, accountId: string): DeployedStack {
  const key = JSON.stringify([plan, accountId]);
  const cached = synthesized.get(key);
  if (cached !== undefined) return cached;
  const stack = synthesizeDeployedStack(plan, accountId);
  if (synthesized.size >= MAX_CACHED_STACKS) synthesized.delete(synthesized.keys().next().value as string);
  synthesized.set(key, stack);
  return stack;
}

function synthesizeDeployedStack(plan: StackPlan, accountId: string): DeployedStack {
  const outdir = mkdtempSync(join(tmpdir(), "guardduty-preflight-"));
  let json: Json;
  try {
    const stack = new RuntimeMonitoringStack(Testing.app({ outdir }), plan.stackName, stackPropsOf(plan));
    json = synthesizedStackJson<Json>(stack); // aspects and validations, as `cdktf synth` runs them
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
  return readDeployedStack(json, plan.stackName, plan.config, accountId);
}

/** Reads the pipelines out of synthesized Terraform JSON (exported for tests). */
export function readDeployedStack(json: Json, stackName: string, config: Config, accountId: string): DeployedStack {
  const region = config.region;
  const partition = partitionOfRegion(region);
  const account = { accountId, region, partition };
  const responses = readResponses(json, stackName, account);
  const resources = (json.resource ?? {}) as Record<string, Record<string, Json>>;
  const resolve = referenceResolver(resources, account);
  const evaluate = (value: unknown): unknown => (typeof value === "string" ? evaluateTerraformString(value, resolve) : value);
  const policiesOfRole = (roleArn: string | undefined): SynthesizedStatement[] =>
    roleArn === undefined
      ? []
      : Object.values(resources.aws_iam_role_policy ?? {})
          .filter((policy) => `arn:${partition}:iam::${accountId}:role/${String(evaluate(policy.role))}` === roleArn)
          .flatMap(
            (policy) => ((JSON.parse(String(evaluate(policy.policy))) as { Statement?: SynthesizedStatement[] }).Statement ?? []) as SynthesizedStatement[],
          );
  const targets = Object.values(resources.aws_cloudwatch_event_target ?? {});

  const pipelines = responses.pipelines.map((pipeline): DeployedPipeline => {
    const stateMachineArn = `arn:${partition}:states:${region}:${accountId}:stateMachine:${pipeline.stateMachineName}`;
    const target = targets.find((t) => String(evaluate(t.arn)) === stateMachineArn && String(evaluate(t.target_id)) === pipeline.targetId);
    const eventsRoleArn = target?.role_arn === undefined ? undefined : String(evaluate(target.role_arn));
    const responseType = RESPONSE_TYPES.find((type) => type.pipelineText.targetId === pipeline.targetId);
    const eksAccess = Object.values(resources.aws_eks_access_policy_association ?? {})
      .filter((association) => String(evaluate(association.principal_arn)) === pipeline.roleArn)
      .map((association) => {
        const scope = association.access_scope as { type?: string; namespaces?: string[] } | undefined;
        return {
          clusterName: String(evaluate(association.cluster_name)),
          policyArn: String(evaluate(association.policy_arn)),
          namespaces: scope?.type === "namespace" ? [...(scope.namespaces ?? [])] : undefined,
        };
      });
    return {
      responseType,
      label: responseType?.id ?? pipeline.targetId,
      stateMachineName: pipeline.stateMachineName,
      stateMachineArn,
      definition: pipeline.definition,
      inputPaths: pipeline.inputPaths,
      inputTemplate: pipeline.inputTemplate,
      topicArns: pipeline.topicArns,
      stateMachineRoleArn: pipeline.roleArn,
      stateMachineRoleStatements: policiesOfRole(pipeline.roleArn),
      eventsRoleArn,
      eventsRoleStatements: policiesOfRole(eventsRoleArn),
      eksAccess,
    };
  });
  return { stackName, region, accountId, partition, pipelines };
}

/**
 * Resolves references to the values AWS gives them: ARNs are built from the resource's name, region and account
 * (the names are fixed by functions/naming); a value AWS generates (a KMS key's id) becomes UNRESOLVED_MARK.
 */
function referenceResolver(
  resources: Record<string, Record<string, Json>>,
  account: { readonly accountId: string; readonly region: string; readonly partition: string },
): (reference: string) => unknown {
  const { partition, region, accountId } = account;
  const services: Record<string, string> = { aws_sns_topic: "sns", aws_sqs_queue: "sqs", aws_sfn_state_machine: "states", aws_cloudwatch_event_rule: "events" };
  const separators: Record<string, string> = { aws_sfn_state_machine: ":stateMachine:", aws_cloudwatch_event_rule: ":rule/" };
  return (reference) => {
    const [kind, ...rest] = reference.split(".");
    if (kind === "data") {
      const [type, , attr] = rest;
      if (type === "aws_partition" && attr === "partition") return partition;
      if (type === "aws_region" && (attr === "region" || attr === "name")) return region;
      if (type === "aws_caller_identity" && attr === "account_id") return accountId;
      return UNRESOLVED_MARK;
    }
    const [name, attr] = rest;
    const values = resources[kind]?.[name];
    if (values === undefined) return UNRESOLVED_MARK;
    if (kind === "aws_kms_key" && attr === "arn") {
      const alias = Object.values(resources.aws_kms_alias ?? {}).find(
        (a) => typeof a.target_key_id === "string" && a.target_key_id.includes(`aws_kms_key.${name}.`) && typeof a.name === "string" && !a.name.includes("${"),
      );
      return alias === undefined ? UNRESOLVED_MARK : kmsAliasMark(String(alias.name));
    }
    const resourceName = typeof values.name === "string" && !values.name.includes("${") ? values.name : undefined;
    if (resourceName === undefined) return UNRESOLVED_MARK;
    if (attr === "arn" && kind === "aws_iam_role") return `arn:${partition}:iam::${accountId}:role/${resourceName}`;
    // DynamoDB table ARN `...:table/<name>`; SSM parameter ARN `...:parameter/<name without its leading slash>`.
    if (attr === "arn" && kind === "aws_dynamodb_table") return `arn:${partition}:dynamodb:${region}:${accountId}:table/${resourceName}`;
    if (attr === "arn" && kind === "aws_ssm_parameter") return `arn:${partition}:ssm:${region}:${accountId}:parameter/${resourceName.replace(/^\//u, "")}`;
    if (attr === "arn" && kind in services) return `arn:${partition}:${services[kind]}:${region}:${accountId}${separators[kind] ?? ":"}${resourceName}`;
    if (attr === "name" || (attr === "id" && kind === "aws_iam_role")) return resourceName;
    return UNRESOLVED_MARK;
  };
}

/** The statements with every key alias mark replaced by the key's ARN from `arnOfAlias` (undefined: unresolved). */
export function withKeyArns(statements: readonly SynthesizedStatement[], arnOfAlias: ReadonlyMap<string, string | undefined>): SynthesizedStatement[] {
  return statements.map(
    (statement) =>
      JSON.parse(JSON.stringify(statement).replace(KMS_ALIAS_MARK, (_mark, alias: string) => arnOfAlias.get(alias) ?? UNRESOLVED_MARK)) as SynthesizedStatement,
  );
}

/** The key aliases the statements name (through their marks). */
export function keyAliasesOf(statements: readonly SynthesizedStatement[]): string[] {
  return [...new Set([...JSON.stringify(statements).matchAll(KMS_ALIAS_MARK)].map((match) => match[1]))];
}

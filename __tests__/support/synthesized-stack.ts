/** Synthesizes a stack (with CDKTF validations) and reads resources back with references resolved. */
import { Testing, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { Config } from "../../config/config-schema";
import { planStacks } from "../../config/stack-plans";
import { stackPropsOf } from "../../config/stack-props";
import { RuntimeMonitoringStack } from "../../modules/runtime-monitoring-stack";
import { evaluateTerraformString } from "../../tools/simulator/finding-simulation/terraform-expression";

export interface FakeAccount {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

export const TEST_ACCOUNT: FakeAccount = { partition: "aws", region: "ap-northeast-1", accountId: "640028535582" };

type Json = Record<string, unknown>;

/**
 * The stack of a config of one stack, built as main.ts builds it (planStacks, then stackPropsOf).
 * @param id the stack's id; @default - the planned stack name
 */
export function stackOfConfig(config: Config, id?: string, scope: Construct = Testing.app()): RuntimeMonitoringStack {
  const plans = planStacks(config);
  if (plans.length !== 1) throw new Error(`stackOfConfig: the config describes ${plans.length} stacks; build each plan with stackPropsOf`);
  return new RuntimeMonitoringStack(scope, id ?? plans[0].stackName, stackPropsOf(plans[0]));
}

export class SynthesizedStack {
  readonly json: Json;

  constructor(
    stack: TerraformStack,
    readonly account: FakeAccount = TEST_ACCOUNT,
  ) {
    this.json = JSON.parse(Testing.synth(stack, true));
  }

  /** Every resource of a type, as `{name, values}`. */
  resources(type: string): { name: string; values: Json }[] {
    const byName = ((this.json.resource as Json | undefined)?.[type] ?? {}) as Record<string, Json>;
    return Object.entries(byName).map(([name, values]) => ({ name, values }));
  }

  /** The one resource of a type; fails when there are none or several. */
  resource(type: string): Json {
    const all = this.resources(type);
    if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
    return all[0].values;
  }

  dataSources(type: string): { name: string; values: Json }[] {
    const byName = ((this.json.data as Json | undefined)?.[type] ?? {}) as Record<string, Json>;
    return Object.entries(byName).map(([name, values]) => ({ name, values }));
  }

  /** What Terraform would send for a string attribute: expressions evaluated, references resolved. */
  evaluate(value: unknown, overrides: Record<string, unknown> = {}): unknown {
    if (typeof value !== "string") return value;
    return evaluateTerraformString(value, (ref) => (ref in overrides ? overrides[ref] : this.resolveReference(ref)));
  }

  /** Like `evaluate`, then JSON.parse: for policies and definitions. */
  evaluateJson(value: unknown, overrides: Record<string, unknown> = {}): unknown {
    return JSON.parse(this.evaluate(value, overrides) as string);
  }

  /** Resolves references the way AWS would name things in the fake account. */
  resolveReference(ref: string): unknown {
    const [kind, ...rest] = ref.split(".");
    const { partition, region, accountId } = this.account;
    if (kind === "data") {
      const [type, , attr] = rest;
      if (type === "aws_partition" && attr === "partition") return partition;
      if (type === "aws_region" && attr === "region") return region;
      if (type === "aws_caller_identity" && attr === "account_id") return accountId;
      throw new Error(`no fake value for ${ref}`);
    }
    const [name, attr] = rest;
    const values = this.resources(kind).find((r) => r.name === name)?.values;
    if (!values) throw new Error(`reference to a missing resource: ${ref}`);
    const n = (values.name as string | undefined) ?? name;
    // A stable fake key id per resource, shaped like a KMS key id.
    const keyId = `${Buffer.from(name).toString("hex").padEnd(32, "0").slice(0, 32)}`.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, "$1-$2-$3-$4-$5");
    const arns: Record<string, string> = {
      aws_kms_key: `arn:${partition}:kms:${region}:${accountId}:key/${keyId}`,
      aws_sqs_queue: `arn:${partition}:sqs:${region}:${accountId}:${n}`,
      aws_sns_topic: `arn:${partition}:sns:${region}:${accountId}:${n}`,
      aws_sfn_state_machine: `arn:${partition}:states:${region}:${accountId}:stateMachine:${n}`,
      aws_iam_role: `arn:${partition}:iam::${accountId}:role/${n}`,
      aws_cloudwatch_event_rule: `arn:${partition}:events:${region}:${accountId}:rule/${n}`,
      aws_cloudwatch_log_group: `arn:${partition}:logs:${region}:${accountId}:log-group:${n}`,
      aws_dynamodb_table: `arn:${partition}:dynamodb:${region}:${accountId}:table/${n}`,
      aws_ssm_parameter: `arn:${partition}:ssm:${region}:${accountId}:parameter/${n.replace(/^\//, "")}`,
    };
    if (attr === "arn" && kind in arns) return arns[kind];
    if (attr === "name") return n;
    if (attr === "key_id") return keyId;
    if (attr === "url" && kind === "aws_sqs_queue") return `https://sqs.${region}.amazonaws.com/${accountId}/${n}`;
    if (attr === "id") return kind === "aws_iam_role" ? n : `${kind}-${name}-id`;
    throw new Error(`no fake value for ${ref}`);
  }
}

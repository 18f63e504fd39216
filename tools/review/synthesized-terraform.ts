/**
 * Reading the synthesized Terraform JSON of a stack for a review: resources with their construct paths
 * (the `//.metadata.path` CDKTF writes on each block), references, and Terraform strings evaluated with
 * references turned into readable names (`<topic name> (topic ARN)`, `<partition>`, `<region>`, `<account>`).
 * Pure: no CDKTF import; the input is the parsed JSON of `stack.toTerraform()` (metadata kept).
 */
import { evaluateTerraformString } from "../simulator/finding-simulation/terraform-expression";

export type Json = Record<string, unknown>;

/** The parsed synthesized Terraform JSON of one stack, `//` metadata included. */
export type SynthesizedTerraform = Json;

/** One resource or data source block. */
export interface TerraformBlock {
  /** `resource` or `data`. */
  readonly mode: "resource" | "data";
  readonly type: string;
  /** The Terraform name (CDKTF's unique id), e.g. `ecs-auto-stop_rule_6CA23C22`. */
  readonly name: string;
  /** `type.name`, or `data.type.name`. */
  readonly address: string;
  /** The construct path without the stack name, e.g. `ecs-auto-stop/alarms/dead-letters`; the name when CDKTF wrote none. */
  readonly path: string;
  /** The block's attributes, `//` left out. */
  readonly values: Json;
}

/** A reference found in a Terraform string: `aws_sns_topic.x.arn`, `data.aws_region.y.region`. */
export interface TerraformReference {
  readonly mode: "resource" | "data";
  readonly type: string;
  readonly name: string;
  readonly attribute: string;
  /** `type.name` or `data.type.name`: the block's address. */
  readonly address: string;
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function blocksOf(json: SynthesizedTerraform, mode: "resource" | "data"): TerraformBlock[] {
  const byType = json[mode];
  if (!isObject(byType)) return [];
  const out: TerraformBlock[] = [];
  for (const [type, byName] of Object.entries(byType)) {
    if (!isObject(byName)) continue;
    for (const [name, raw] of Object.entries(byName)) {
      if (!isObject(raw)) continue;
      const { "//": meta, ...values } = raw;
      const fullPath = isObject(meta) && isObject(meta.metadata) && typeof meta.metadata.path === "string" ? meta.metadata.path : undefined;
      // The first segment is the stack: drop it.
      const path = fullPath === undefined ? name : fullPath.split("/").slice(1).join("/");
      out.push({ mode, type, name, address: mode === "data" ? `data.${type}.${name}` : `${type}.${name}`, path, values });
    }
  }
  return out;
}

/** Every resource block, in the order of the JSON. */
export function resourcesOf(json: SynthesizedTerraform, type?: string): TerraformBlock[] {
  const all = blocksOf(json, "resource");
  return type === undefined ? all : all.filter((b) => b.type === type);
}

/** Every data source block. */
export function dataSourcesOf(json: SynthesizedTerraform, type?: string): TerraformBlock[] {
  const all = blocksOf(json, "data");
  return type === undefined ? all : all.filter((b) => b.type === type);
}

/** The stack name CDKTF recorded (`//.metadata.stackName`), if any. */
export function stackNameOf(json: SynthesizedTerraform): string | undefined {
  const meta = json["//"];
  return isObject(meta) && isObject(meta.metadata) && typeof meta.metadata.stackName === "string" ? meta.metadata.stackName : undefined;
}

/** The block at an address (`type.name` or `data.type.name`). */
export function blockAt(json: SynthesizedTerraform, address: string): TerraformBlock | undefined {
  return [...resourcesOf(json), ...dataSourcesOf(json)].find((b) => b.address === address);
}

const REFERENCE = /(?<![A-Za-z0-9_.-])(data\.)?(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+)/g;

/** The references in a raw Terraform string (inside `${...}` or a `jsonencode(...)`), in order, repeats kept. */
export function referencesIn(raw: unknown): TerraformReference[] {
  if (typeof raw !== "string") return [];
  const out: TerraformReference[] = [];
  for (const m of raw.matchAll(REFERENCE)) {
    const mode = m[1] ? "data" : "resource";
    out.push({ mode, type: m[2], name: m[3], attribute: m[4], address: `${m[1] ?? ""}${m[2]}.${m[3]}` });
  }
  return out;
}

/** What kind of thing an ARN names, per resource type, for `<name> (<kind> ARN)`. */
const ARN_KINDS: Readonly<Record<string, string>> = {
  aws_sns_topic: "topic",
  aws_sqs_queue: "queue",
  aws_kms_key: "key",
  aws_iam_role: "role",
  aws_sfn_state_machine: "state machine",
  aws_cloudwatch_event_rule: "rule",
  aws_cloudwatch_log_group: "log group",
  aws_cloudwatch_metric_alarm: "alarm",
  aws_vpc_endpoint: "VPC endpoint",
  aws_security_group: "security group",
};

/** The human name of a block: its `name` (or alarm name), a key's alias, else its construct id. */
export function readableNameOf(json: SynthesizedTerraform, block: TerraformBlock): string {
  const v = block.values;
  for (const attr of ["name", "alarm_name", "name_prefix"]) {
    if (typeof v[attr] === "string" && !String(v[attr]).includes("${")) return v[attr] as string;
  }
  if (block.type === "aws_kms_key") {
    const alias = resourcesOf(json, "aws_kms_alias").find((a) => referencesIn(a.values.target_key_id).some((r) => r.address === block.address));
    if (alias && typeof alias.values.name === "string") return alias.values.name;
  }
  return block.path;
}

/** The readable value of one reference: placeholders for partition, region and account; names for resources. */
export function readableReference(json: SynthesizedTerraform, reference: string): string {
  const ref = referencesIn(reference)[0];
  if (ref === undefined || ref.address.length + ref.attribute.length + 1 !== reference.length) return `<${reference}>`;
  if (ref.mode === "data") {
    if (ref.type === "aws_partition" && ref.attribute === "partition") return "<partition>";
    if (ref.type === "aws_region" && (ref.attribute === "region" || ref.attribute === "name")) return "<region>";
    if (ref.type === "aws_caller_identity" && ref.attribute === "account_id") return "<account>";
    return `<${reference}>`;
  }
  const block = blockAt(json, ref.address);
  if (block === undefined) return `<missing ${reference}>`;
  const name = readableNameOf(json, block);
  const kind = ARN_KINDS[ref.type] ?? ref.type;
  switch (ref.attribute) {
    case "arn":
      return `${name} (${kind} ARN)`;
    case "name":
      return name;
    case "id":
      return ref.type === "aws_iam_role" ? name : `${name} (${kind} id)`;
    case "url":
      return `${name} (${kind} URL)`;
    case "key_id":
      return `${name} (key id)`;
    default:
      return `${name} (${ref.attribute})`;
  }
}

/** A Terraform string as Terraform would send it, with references made readable; other values unchanged. */
export function evaluateReadable(json: SynthesizedTerraform, value: unknown): unknown {
  if (typeof value !== "string") return value;
  return evaluateTerraformString(value, (reference) => readableReference(json, reference));
}

/** Like {@link evaluateReadable}, then JSON.parse: for policies, definitions and event patterns. */
export function evaluateReadableJson(json: SynthesizedTerraform, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  const text = evaluateReadable(json, value);
  return typeof text === "string" ? JSON.parse(text) : text;
}

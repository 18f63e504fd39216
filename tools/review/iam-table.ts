/**
 * Every IAM permission the synthesized stack grants, one row per (principal, effect, action, resource,
 * condition): identity policies (`aws_iam_role_policy`), customer managed policies (`aws_iam_policy`: the safety rails'
 * kill switch operator and approvers policies) for each role, group or user the stack attaches them to, trust policies (`aws_iam_role.assume_role_policy`),
 * key policies (`aws_kms_key.policy`), queue and topic policies, and VPC endpoint policies. References are
 * resolved to readable names; every `*` resource and every action wildcard is flagged, with the reason
 * when it is a known, deliberate one.
 */
import { STATE_MACHINE_LOG_DELIVERY_ACTIONS, STATE_MACHINE_TRACING_ACTIONS } from "../../functions/iam/state-machine-logging-policy";
import { code, table } from "./markdown";
import {
  evaluateReadable,
  evaluateReadableJson,
  Json,
  readableNameOf,
  referencesIn,
  resourcesOf,
  SynthesizedTerraform,
  TerraformBlock,
} from "./synthesized-terraform";

export type PolicyKind = "identity" | "managed" | "trust" | "key" | "queue" | "topic" | "endpoint";

export interface IamGrant {
  /** Which policy: `identity policy stop-tasks-and-notify`, `trust policy of <role>`, `key policy of <alias>`... */
  readonly source: string;
  readonly kind: PolicyKind;
  /** The construct path of the resource holding the policy. */
  readonly path: string;
  readonly sid?: string;
  /** `role <name>`, `service events.amazonaws.com`, `account <account> (root)`, `* (anyone)`. */
  readonly principal: string;
  readonly effect: "Allow" | "Deny";
  /** One action, e.g. `ecs:StopTask`; `NOT <action>` for NotAction. */
  readonly action: string;
  /** One resource, readable, e.g. `<topic name> (topic ARN)`; `NOT <resource>` for NotResource. */
  readonly resource: string;
  /** The statement's condition in words, `""` when none. */
  readonly condition: string;
  /** Why a `*` resource or an action wildcard is there; ⚠ when no known reason covers it. */
  readonly flags: readonly string[];
}

type Statement = Json & { Effect?: string; Sid?: string };

const LOG_DELIVERY = new Set<string>(STATE_MACHINE_LOG_DELIVERY_ACTIONS);
const TRACING = new Set<string>(STATE_MACHINE_TRACING_ACTIONS);
/**
 * Reads of the EC2 isolation role that have no resource type, so IAM takes only `*` (service authorization
 * reference, the Actions tables of EC2, Auto Scaling and ECS); `__tests__/tools/review/iam-table` checks each against
 * the IAM data.
 */
export const NO_RESOURCE_TYPE_READS: ReadonlySet<string> = new Set([
  "ec2:DescribeInstances",
  "ec2:DescribeSecurityGroups",
  "autoscaling:DescribeAutoScalingInstances",
  "autoscaling:DescribeAutoScalingGroups",
  "ecs:ListClusters",
]);

/**
 * The approvers' actions (docs/approval-gate.md): the Service Authorization Reference lists SendTaskSuccess and
 * SendTaskFailure with no resource type, so IAM takes only `*`; the policy narrows them with aws:RequestedRegion.
 */
export const CALLBACK_ANSWER_ACTIONS: ReadonlySet<string> = new Set(["states:SendTaskSuccess", "states:SendTaskFailure"]);

/** Deliberate action wildcards of this stack and why they are there. */
const ACTION_WILDCARD_REASONS: Readonly<Record<string, string>> = {
  "kms:*": "the account administers its key (AWS's default key policy statement); IAM policies in the account decide who may use it",
  "kms:GenerateDataKey*": "envelope encryption: GenerateDataKey and GenerateDataKeyWithoutPlaintext (as AWS documents for SNS, SQS and CloudWatch)",
  "kms:Encrypt*": "CloudWatch Logs encryption, as the CloudWatch Logs user guide gives the key policy",
  "kms:Decrypt*": "CloudWatch Logs encryption, as the CloudWatch Logs user guide gives the key policy",
  "kms:ReEncrypt*": "CloudWatch Logs encryption, as the CloudWatch Logs user guide gives the key policy",
  "kms:Describe*": "CloudWatch Logs encryption, as the CloudWatch Logs user guide gives the key policy",
};

function list(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => (typeof v === "string" ? v : JSON.stringify(v)));
}

/** `X (role ARN)` -> `role X`; `arn:<p>:iam::<a>:root` -> `account <a> (root)`. */
function readablePrincipal(kind: "AWS" | "Service" | "Federated" | "CanonicalUser", value: string): string {
  if (kind === "Service") return `service ${value}`;
  if (kind !== "AWS") return `${kind} ${value}`;
  const role = /^(.*) \(role ARN\)$/.exec(value);
  if (role) return `role ${role[1]}`;
  const root = /^arn:[^:]+:iam::([^:]+):root$/.exec(value);
  if (root) return `account ${root[1]} (root)`;
  if (/^\d{12}$/.test(value) || value === "<account>") return `account ${value} (root)`;
  return `AWS ${value}`;
}

function principalsOf(statement: Statement): string[] {
  const negate = statement.NotPrincipal !== undefined;
  const p = negate ? statement.NotPrincipal : statement.Principal;
  if (p === undefined) return [];
  const out: string[] = [];
  if (p === "*") out.push("* (anyone)");
  else if (typeof p === "object" && p !== null) {
    for (const [kind, values] of Object.entries(p as Json)) {
      for (const v of list(values)) out.push(v === "*" ? `${kind} * (anyone)` : readablePrincipal(kind as "AWS", v));
    }
  }
  return negate ? out.map((x) => `NOT ${x}`) : out;
}

/** `StringEquals aws:SourceAccount = <account>; ArnLike aws:SourceArn = arn:...` */
export function conditionInWords(condition: unknown): string {
  if (typeof condition !== "object" || condition === null) return "";
  const parts: string[] = [];
  for (const [operator, keys] of Object.entries(condition as Json)) {
    if (typeof keys !== "object" || keys === null) continue;
    for (const [key, values] of Object.entries(keys as Json)) {
      const v = list(values);
      parts.push(`${operator} ${key} = ${v.length === 1 ? v[0] : `[${v.join(", ")}]`}`);
    }
  }
  return parts.join("; ");
}

function flagsOf(kind: PolicyKind, action: string, resource: string): string[] {
  const flags: string[] = [];
  const bare = action.replace(/^NOT /, "");
  if (bare.includes("*")) {
    const reason =
      ACTION_WILDCARD_REASONS[bare] ??
      (kind === "endpoint" && bare === "*"
        ? "endpoint policy as the GuardDuty user guide gives it: the endpoint only serves GuardDuty, and a Deny statement limits the principals"
        : undefined);
    flags.push(reason === undefined ? `⚠ action wildcard ${code(bare)}: no known reason, review it` : `action wildcard ${code(bare)}: ${reason}`);
  }
  if (action.startsWith("NOT ")) flags.push("⚠ NotAction: grants everything but the listed action");
  if (resource === "*") {
    let reason: string | undefined;
    if (kind === "key") reason = "in a key policy, `*` means this key";
    else if (kind === "endpoint") reason = "endpoint policy: any resource reached through this endpoint (guardduty-data only)";
    else if (LOG_DELIVERY.has(bare)) reason = "CloudWatch Logs delivery actions take no resource ARN";
    else if (TRACING.has(bare)) reason = "X-Ray actions take no resource ARN";
    else if (NO_RESOURCE_TYPE_READS.has(bare)) reason = "the action has no resource type: IAM takes only `*`";
    else if (CALLBACK_ANSWER_ACTIONS.has(bare))
      reason =
        "the action has no resource type: IAM takes only `*`; whoever holds this policy may answer any callback task of the account in the Region whose token they know";
    flags.push(reason === undefined ? "⚠ resource `*`: no known reason, review it" : `resource \`*\`: ${reason}`);
  }
  if (resource.startsWith("NOT ")) flags.push("⚠ NotResource: applies to everything but the listed resource");
  return flags;
}

function grantsOfDocument(
  json: SynthesizedTerraform,
  document: unknown,
  context: { source: string; kind: PolicyKind; path: string; principal?: string; impliedResource?: string },
): IamGrant[] {
  const doc = evaluateReadableJson(json, document) as { Statement?: unknown } | undefined;
  if (doc === undefined) return [];
  const statements = (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]).filter(Boolean) as Statement[];
  const grants: IamGrant[] = [];
  for (const s of statements) {
    const principals = context.principal !== undefined ? [context.principal] : principalsOf(s);
    const actions = s.NotAction !== undefined ? list(s.NotAction).map((a) => `NOT ${a}`) : list(s.Action);
    let resources = s.NotResource !== undefined ? list(s.NotResource).map((r) => `NOT ${r}`) : list(s.Resource);
    if (resources.length === 0 && context.impliedResource !== undefined) resources = [context.impliedResource];
    const condition = conditionInWords(s.Condition);
    const effect = s.Effect === "Deny" ? "Deny" : "Allow";
    for (const principal of principals.length > 0 ? principals : ["(none)"]) {
      for (const action of actions) {
        for (const resource of resources.length > 0 ? resources : ["(none)"]) {
          grants.push({
            source: context.source,
            kind: context.kind,
            path: context.path,
            sid: typeof s.Sid === "string" ? s.Sid : undefined,
            principal,
            effect,
            action,
            resource,
            condition,
            flags: flagsOf(context.kind, action, resource),
          });
        }
      }
    }
  }
  return grants;
}

/** `name (queue URL)` -> `name`. */
function bareName(readable: unknown): string {
  return String(readable).replace(/ \((queue URL|topic ARN|queue ARN)\)$/, "");
}

function roleNameOf(json: SynthesizedTerraform, block: TerraformBlock): string {
  const role = evaluateReadable(json, block.values.role);
  return typeof role === "string" ? role : String(role);
}

/** Every grant of the stack, in a stable order: identity, managed, trust, key, queue, topic, endpoint policies. */
export function iamGrants(json: SynthesizedTerraform): IamGrant[] {
  const grants: IamGrant[] = [];
  for (const b of resourcesOf(json, "aws_iam_role_policy")) {
    const role = roleNameOf(json, b);
    grants.push(
      ...grantsOfDocument(json, b.values.policy, {
        source: `identity policy ${String(b.values.name ?? b.path)} of role ${role}`,
        kind: "identity",
        path: b.path,
        principal: `role ${role}`,
      }),
    );
  }
  const attachments: { type: string; key: string; kind: string }[] = [
    { type: "aws_iam_role_policy_attachment", key: "role", kind: "role" },
    { type: "aws_iam_group_policy_attachment", key: "group", kind: "group" },
    { type: "aws_iam_user_policy_attachment", key: "user", kind: "user" },
  ];
  for (const b of resourcesOf(json, "aws_iam_policy")) {
    const name = readableNameOf(json, b);
    const holders = attachments.flatMap(({ type, key, kind }) =>
      resourcesOf(json, type)
        .filter((a) => referencesIn(a.values.policy_arn).some((r) => r.address === b.address))
        .map((a) => `${kind} ${String(evaluateReadable(json, a.values[key]))}`),
    );
    for (const principal of holders.length > 0 ? holders : ["(attached to nobody in this stack)"]) {
      grants.push(...grantsOfDocument(json, b.values.policy, { source: `managed policy ${name}`, kind: "managed", path: b.path, principal }));
    }
  }
  for (const b of resourcesOf(json, "aws_iam_role")) {
    const name = readableNameOf(json, b);
    grants.push(
      ...grantsOfDocument(json, b.values.assume_role_policy, {
        source: `trust policy of role ${name}`,
        kind: "trust",
        path: b.path,
        impliedResource: `${name} (this role)`,
      }),
    );
  }
  for (const b of resourcesOf(json, "aws_kms_key")) {
    grants.push(...grantsOfDocument(json, b.values.policy, { source: `key policy of ${readableNameOf(json, b)}`, kind: "key", path: b.path }));
  }
  for (const b of resourcesOf(json, "aws_sqs_queue_policy")) {
    grants.push(
      ...grantsOfDocument(json, b.values.policy, {
        source: `queue policy of queue ${bareName(evaluateReadable(json, b.values.queue_url))}`,
        kind: "queue",
        path: b.path,
      }),
    );
  }
  for (const b of resourcesOf(json, "aws_sns_topic_policy")) {
    grants.push(
      ...grantsOfDocument(json, b.values.policy, {
        source: `topic policy of topic ${bareName(evaluateReadable(json, b.values.arn))}`,
        kind: "topic",
        path: b.path,
      }),
    );
  }
  for (const b of resourcesOf(json, "aws_vpc_endpoint")) {
    grants.push(
      ...grantsOfDocument(json, b.values.policy, {
        source: `endpoint policy of ${String(b.values.service_name ?? b.path)} (${b.path})`,
        kind: "endpoint",
        path: b.path,
      }),
    );
  }
  return grants;
}

/** The grants as one Markdown table per policy, each `*` resource and action wildcard flagged. */
export function renderIamTables(grants: readonly IamGrant[]): string {
  if (grants.length === 0) return "No IAM policy, trust policy, key, queue, topic or endpoint policy in this stack.";
  const bySource = new Map<string, IamGrant[]>();
  for (const g of grants) bySource.set(g.source, [...(bySource.get(g.source) ?? []), g]);
  const flagged = grants.filter((g) => g.flags.length > 0).length;
  const unexplained = grants.filter((g) => g.flags.some((f) => f.startsWith("⚠"))).length;
  const out = [
    `${grants.length} grants in ${bySource.size} policies; ${flagged} use a \`*\` resource or an action wildcard` +
      (unexplained > 0 ? `, **${unexplained} without a known reason (⚠)**.` : ", each for a known reason."),
  ];
  for (const [source, rows] of bySource) {
    out.push(
      `**${source}** (${code(rows[0].path)})`,
      table(
        ["principal", "effect", "action", "resource", "condition", "flag"],
        rows.map((g) => [code(g.principal), g.effect, code(g.action), code(g.resource), g.condition === "" ? "" : code(g.condition), g.flags.join("; ")]),
      ),
    );
  }
  return out.join("\n\n");
}

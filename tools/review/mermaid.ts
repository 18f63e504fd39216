/**
 * Mermaid diagrams for the review: the pipeline (GuardDuty -> EventBridge rule -> retry / dead-letter
 * queue -> state machine -> ECS / SNS -> subscribers; alarms -> topic) from the synthesized resources, and
 * the state machine from its definition as a `stateDiagram-v2` (every state, every transition, Choice
 * branches and Catch edges labelled). State names with spaces are declared through aliases.
 */
import { HOLD_NOTICE_STATE } from "../../functions/safety-rails/compose";
import { KILL_SWITCH_STATES } from "../../functions/safety-rails/kill-switch";
import { AslGraph, aslGraph } from "./asl-graph";
import { railsOfDefinition } from "./safety-rails";
import {
  evaluateReadable,
  evaluateReadableJson,
  readableNameOf,
  referencesIn,
  resourcesOf,
  SynthesizedTerraform,
  TerraformBlock,
} from "./synthesized-terraform";

/** Text Mermaid shows as is in a label: letters, digits, spaces and plain punctuation only. */
export function mermaidLabel(text: string): string {
  return text
    .replace(/\$\./g, "")
    .replace(/\[/g, "(")
    .replace(/\]/g, ")")
    .replace(/[^\p{L}\p{N} _.,=*/()@+-]/gu, " ")
    .replace(/ {2,}/g, " ")
    .trim();
}

/** A Mermaid id for each state name: `s_` and the name with every other character as `_`, made unique. */
export function mermaidStateIds(names: readonly string[]): Map<string, string> {
  const ids = new Map<string, string>();
  const used = new Set<string>();
  for (const name of names) {
    const base = `s_${name.replace(/[^A-Za-z0-9]/g, "_")}`;
    let id = base;
    for (let i = 2; used.has(id); i++) id = `${base}_${i}`;
    used.add(id);
    ids.set(name, id);
  }
  return ids;
}

/** A definition (parsed ASL) as a Mermaid `stateDiagram-v2`. */
export function stateMachineDiagram(definition: unknown): string {
  const graph: AslGraph = aslGraph(definition);
  const ids = mermaidStateIds(graph.states.map((s) => s.name));
  const id = (name: string) => ids.get(name) ?? `s_missing_${name.replace(/[^A-Za-z0-9]/g, "_")}`;
  const lines = ["stateDiagram-v2"];
  for (const s of graph.states) lines.push(`    state "${mermaidLabel(s.name)} (${s.type})" as ${id(s.name)}`);
  lines.push(`    [*] --> ${id(graph.startAt)}`);
  for (const t of graph.transitions) {
    const label = mermaidLabel(t.label);
    lines.push(`    ${id(t.from)} --> ${id(t.to)}${label === "" ? "" : ` : ${label}`}`);
  }
  for (const s of graph.states.filter((x) => x.terminal)) lines.push(`    ${id(s.name)} --> [*]${s.type === "Fail" ? " : execution Failed" : ""}`);
  const fails = graph.states.filter((s) => s.type === "Fail").map((s) => id(s.name));
  const catchTargets = [...new Set(graph.transitions.filter((t) => t.kind === "catch").map((t) => id(t.to)))];
  lines.push("    classDef failed fill:#f8d7da,stroke:#842029", "    classDef caught fill:#fff3cd,stroke:#997404");
  if (fails.length > 0) lines.push(`    class ${fails.join(",")} failed`);
  const caughtOnly = catchTargets.filter((c) => !fails.includes(c));
  if (caughtOnly.length > 0) lines.push(`    class ${caughtOnly.join(",")} caught`);
  // The safety rails' states (functions/safety-rails: kill switch, approval gate, cap) and their HELD notice.
  const rails = graph.states
    .filter((s) => s.name.startsWith(RAIL_STATE_PREFIX) || s.name === HOLD_NOTICE_STATE)
    .map((s) => id(s.name))
    .filter((r) => !fails.includes(r) && !catchTargets.includes(r));
  if (rails.length > 0) lines.push("    classDef rail fill:#cfe2ff,stroke:#084298", `    class ${rails.join(",")} rail`);
  return lines.join("\n");
}

/** The prefix of every safety rail state name (`railStateName`). */
const RAIL_STATE_PREFIX = "Safety Rail ";

/** Flowchart node ids: `n_` and the text with every other character as `_`. */
function nodeId(text: string): string {
  return `n_${text.replace(/[^A-Za-z0-9]/g, "_")}`;
}

/** `id["label"]` with the label made safe for a quoted flowchart label. */
function node(id: string, label: string, shape: "box" | "round" | "db" = "box"): string {
  const safe = label.replace(/"/g, "#quot;");
  return shape === "round" ? `${id}("${safe}")` : shape === "db" ? `${id}[("${safe}")]` : `${id}["${safe}"]`;
}

/** `aws-sdk:ecs:stopTask` -> `ECS StopTask`; `sns:publish` -> `SNS Publish`. */
function apiOf(resource: string): { service: string; action: string } | undefined {
  const m = /:::(?:aws-sdk:)?([a-z0-9]+):([A-Za-z0-9]+)/.exec(resource);
  return m ? { service: m[1], action: m[2].charAt(0).toUpperCase() + m[2].slice(1) } : undefined;
}

function topicsPublishedBy(json: SynthesizedTerraform, sfn: TerraformBlock): string[] {
  const fromRefs = referencesIn(sfn.values.definition)
    .filter((r) => r.type === "aws_sns_topic")
    .map((r) => r.address);
  if (fromRefs.length > 0) return [...new Set(fromRefs)];
  // An existing topic: its ARN is a literal in the definition.
  const def = evaluateReadableJson(json, sfn.values.definition) as { States?: Record<string, { Parameters?: Record<string, unknown> }> };
  const arns = Object.values(def?.States ?? {})
    .map((s) => s.Parameters?.TopicArn)
    .filter((a): a is string => typeof a === "string");
  return [...new Set(arns)];
}

/**
 * The safety rails of one state machine (docs/safety-rails.md, docs/approval-gate.md): the kill switch it reads and
 * who flips it, the counter it updates, the approval request it publishes and waits on, and who answers it.
 */
function railEdges(
  definition: Record<string, unknown>,
  sfn: string,
  topics: readonly string[],
  declare: (id: string, label: string, shape?: "box" | "round" | "db") => string,
): string[] {
  const rails = railsOfDefinition(definition);
  const lines: string[] = [];
  if (rails.killSwitch) {
    const states = (definition.States ?? {}) as Record<string, { Parameters?: { Name?: unknown } }>;
    const name = String(states[KILL_SWITCH_STATES.read]?.Parameters?.Name ?? "kill switch");
    const ks = declare(nodeId(`kill switch ${name}`), `SSM kill switch ${name}`);
    const operators = declare("n_kill_switch_operators", "kill switch operators (operator policy)", "round");
    lines.push(`    ${operators} -->|"PutParameter act or notify-only"| ${ks}`, `    ${sfn} -->|"GetParameter before acting"| ${ks}`);
  }
  if (rails.cap !== undefined) {
    const counter = declare(nodeId(`counter ${rails.cap.tableName}`), `DynamoDB blast-radius counter ${rails.cap.tableName}`, "db");
    lines.push(`    ${sfn} -->|"${mermaidLabel(`UpdateItem, at most ${rails.cap.maxActions} per ${rails.cap.window ?? "window"}`)}"| ${counter}`);
  }
  if (rails.approvalGate !== undefined) {
    const approvers = declare("n_approvers", "approvers (approvers policy)", "round");
    const wait = `approval request, waitForTaskToken, up to ${rails.approvalGate.timeoutSeconds} s, then ${rails.approvalGate.onTimeout}`;
    for (const topic of topics) lines.push(`    ${sfn} -->|"${mermaidLabel(wait)}"| ${topic}`);
    lines.push(`    ${approvers} -->|"SendTaskSuccess or SendTaskFailure"| ${sfn}`);
  }
  return lines;
}

/** The pipeline as a Mermaid flowchart, from the synthesized resources. */
export function pipelineDiagram(json: SynthesizedTerraform): string {
  const lines = ["flowchart LR"];
  const declared = new Set<string>();
  const declare = (id: string, label: string, shape: "box" | "round" | "db" = "box") => {
    if (!declared.has(id)) lines.push(`    ${node(id, label, shape)}`);
    declared.add(id);
    return id;
  };
  const topicNode = (ref: string) => {
    const topic = resourcesOf(json, "aws_sns_topic").find((t) => t.address === ref);
    return topic ? declare(nodeId(topic.address), `SNS topic ${readableNameOf(json, topic)}`) : declare(nodeId(ref), `SNS topic ${ref} (existing)`);
  };
  const topicOf = (value: unknown) => {
    const ref = referencesIn(value).find((r) => r.type === "aws_sns_topic");
    return ref ? topicNode(ref.address) : typeof value === "string" ? topicNode(value) : undefined;
  };

  const gd = declare("n_guardduty", "GuardDuty Runtime Monitoring (detector)", "round");
  for (const e of resourcesOf(json, "aws_vpc_endpoint")) {
    const subnets = Array.isArray(e.values.subnet_ids) ? e.values.subnet_ids.length : 0;
    const agents = declare("n_agents", "Runtime Monitoring agents (manually managed)", "round");
    const ep = declare(nodeId(e.address), `VPC endpoint ${String(e.values.service_name)} (${subnets} AZ)`);
    lines.push(`    ${agents} --> ${ep}`, `    ${ep} --> ${gd}`);
  }

  for (const rule of resourcesOf(json, "aws_cloudwatch_event_rule")) {
    const r = declare(nodeId(rule.address), `EventBridge rule ${readableNameOf(json, rule)}`);
    lines.push(`    ${gd} -->|"findings and events"| ${r}`);
    for (const target of resourcesOf(json, "aws_cloudwatch_event_target").filter((t) => referencesIn(t.values.rule).some((x) => x.address === rule.address))) {
      const retry = target.values.retry_policy as { maximum_retry_attempts?: number; maximum_event_age_in_seconds?: number } | undefined;
      const retryLabel = retry
        ? `retries up to ${retry.maximum_retry_attempts ?? "?"} times for ${retry.maximum_event_age_in_seconds ?? "?"} s`
        : "default retries";
      const sfnRef = referencesIn(target.values.arn).find((x) => x.type === "aws_sfn_state_machine");
      let to: string | undefined;
      if (sfnRef) {
        const sfn = resourcesOf(json, "aws_sfn_state_machine").find((s) => s.address === sfnRef.address);
        to = declare(nodeId(sfnRef.address), `Step Functions ${sfn ? readableNameOf(json, sfn) : sfnRef.address}`, "round");
      } else {
        to = topicOf(target.values.arn) ?? declare(nodeId(String(target.values.arn)), String(evaluateReadable(json, target.values.arn)));
      }
      lines.push(`    ${r} -->|"${mermaidLabel(retryLabel)}"| ${to}`);
      const dlq = target.values.dead_letter_config as { arn?: string } | undefined;
      const dlqRef = referencesIn(dlq?.arn).find((x) => x.type === "aws_sqs_queue");
      if (dlqRef) {
        const q = resourcesOf(json, "aws_sqs_queue").find((x) => x.address === dlqRef.address);
        const qid = declare(nodeId(dlqRef.address), `SQS dead-letter queue ${q ? readableNameOf(json, q) : dlqRef.address}`, "db");
        lines.push(`    ${r} -.->|"undelivered after retries"| ${qid}`);
      }
    }
  }

  const railLines = new Set<string>();
  for (const sfn of resourcesOf(json, "aws_sfn_state_machine")) {
    const s = declare(nodeId(sfn.address), `Step Functions ${readableNameOf(json, sfn)}`, "round");
    let definition: unknown;
    try {
      definition = evaluateReadableJson(json, sfn.values.definition);
    } catch {
      continue;
    }
    const apis = new Map<string, string[]>();
    for (const st of aslGraph(definition).states) {
      if (st.name.startsWith(RAIL_STATE_PREFIX)) continue; // drawn as the rails below
      const api = st.resource ? apiOf(st.resource) : undefined;
      if (api && api.service !== "sns") apis.set(api.service, [...new Set([...(apis.get(api.service) ?? []), api.action])]);
    }
    for (const [service, actions] of apis) {
      const id = declare(`n_api_${service}`, `${service.toUpperCase()} API`);
      lines.push(`    ${s} -->|"${mermaidLabel(actions.join(", "))}"| ${id}`);
    }
    const topics = topicsPublishedBy(json, sfn);
    for (const topic of topics) lines.push(`    ${s} -->|"Publish"| ${topicNode(topic)}`);
    for (const edge of railEdges(definition as Record<string, unknown>, s, topics.map(topicNode), declare)) {
      if (!railLines.has(edge)) lines.push(edge); // the operators' edge once for all state machines
      railLines.add(edge);
    }
  }

  const alarms = resourcesOf(json, "aws_cloudwatch_metric_alarm");
  if (alarms.length > 0) {
    const a = declare("n_alarms", `${alarms.length} CloudWatch alarms`, "round");
    const topics = new Set<string>();
    for (const alarm of alarms)
      for (const action of Array.isArray(alarm.values.alarm_actions) ? alarm.values.alarm_actions : []) topics.add(topicOf(action) ?? "");
    for (const t of topics) if (t !== "") lines.push(`    ${a} -->|"ALARM and OK"| ${t}`);
  }

  for (const sub of resourcesOf(json, "aws_sns_topic_subscription")) {
    const t = topicOf(sub.values.topic_arn);
    const id = declare(nodeId(sub.address), `${String(sub.values.protocol)} ${String(sub.values.endpoint)} (confirm by email)`, "round");
    if (t) lines.push(`    ${t} --> ${id}`);
  }
  const subscribed = new Set(resourcesOf(json, "aws_sns_topic_subscription").map((s) => referencesIn(s.values.topic_arn)[0]?.address ?? s.values.topic_arn));
  for (const topic of resourcesOf(json, "aws_sns_topic")) {
    if (!subscribed.has(topic.address)) lines.push(`    ${topicNode(topic.address)} -.-> n_nobody(("no subscription"))`);
  }
  return lines.join("\n");
}

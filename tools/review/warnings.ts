/**
 * Warnings worth a comment in the pull request, read off the synthesized JSON (what will be applied), with
 * the config only for wording. Each has a stable id so tests and reviewers can refer to it.
 */
import type { Config } from "../../config/config-schema";
import { aslGraph } from "./asl-graph";
import { IamGrant, iamGrants } from "./iam-table";
import { code } from "./markdown";
import { isUnfiltered, recoverFindingFilters } from "./pattern-in-words";
import { responsePipelinesOf } from "./pipelines";
import { CAP_TTL_ATTRIBUTE, railsOfDefinition } from "./safety-rails";
import {
  evaluateReadable,
  evaluateReadableJson,
  readableNameOf,
  referencesIn,
  resourcesOf,
  SynthesizedTerraform,
  TerraformBlock,
} from "./synthesized-terraform";

export const WARNING_IDS = [
  "no-recipient",
  "every-finding-stops",
  "stop-task-any-cluster",
  "endpoint-without-private-dns",
  "execution-data-logged",
  "stop-failure-succeeds",
  "encryption-off",
  "no-dead-letter-queue",
  "no-alarms",
  "dry-run",
  "no-kill-switch",
  "no-blast-radius-cap",
  "approval-acts-on-timeout",
  "no-approvers",
  "cap-window-ttl",
] as const;

/** The config section of each registered response type, for the settings the rail warnings name. */
const CONFIG_SECTION: Readonly<Record<string, string>> = {
  "ecs-stop-task": "ecs_auto_stop",
  "ec2-isolate-instance": "ec2_isolation",
  "eks-contain-pod": "eks_containment",
};

export type WarningId = (typeof WARNING_IDS)[number];

export interface ReviewWarning {
  readonly id: WarningId;
  readonly title: string;
  readonly detail: string;
  /** Construct paths of the resources that show it. */
  readonly evidence: readonly string[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function definitionOf(json: SynthesizedTerraform, sfn: TerraformBlock): Json | undefined {
  try {
    const d = evaluateReadableJson(json, sfn.values.definition);
    return isObject(d) ? d : undefined;
  } catch {
    return undefined;
  }
}

/** A StopTask error is caught and the execution can still end without a Fail state: a failed stop looks Succeeded. */
function stopFailureSucceeds(definition: Json): boolean {
  const graph = aslGraph(definition);
  const byName = new Map(graph.states.map((s) => [s.name, s]));
  const reachesFail = (start: string): boolean => {
    const seen = new Set<string>();
    const ends: boolean[] = [];
    const walk = (name: string) => {
      if (seen.has(name)) return;
      seen.add(name);
      const s = byName.get(name);
      if (s === undefined) return;
      if (s.terminal) ends.push(s.type === "Fail");
      graph.transitions.filter((t) => t.from === name && t.kind !== "catch").forEach((t) => walk(t.to));
    };
    walk(start);
    return ends.length > 0 && ends.every(Boolean);
  };
  return graph.transitions.some((t) => {
    const from = byName.get(t.from);
    return t.kind === "catch" && from?.resource !== undefined && /ecs:stopTask$/i.test(from.resource) && !reachesFail(t.to);
  });
}

function unscopedStopTask(grants: readonly IamGrant[]): IamGrant[] {
  return grants.filter(
    (g) =>
      g.kind === "identity" &&
      g.effect === "Allow" &&
      (g.action === "ecs:StopTask" || g.action === "ecs:*" || g.action === "*") &&
      /(:task\/\*|^\*)$/.test(g.resource) &&
      !g.condition.includes("ecs:cluster"),
  );
}

/** Every warning that holds for the synthesized stack, in {@link WARNING_IDS} order. */
export function reviewWarnings(json: SynthesizedTerraform, config?: Config): ReviewWarning[] {
  const out: ReviewWarning[] = [];
  const stateMachines = resourcesOf(json, "aws_sfn_state_machine");
  const topics = resourcesOf(json, "aws_sns_topic");
  const subscriptions = resourcesOf(json, "aws_sns_topic_subscription");
  const targets = resourcesOf(json, "aws_cloudwatch_event_target");
  const sfnTargets = targets.filter((t) => referencesIn(t.values.arn).some((r) => r.type === "aws_sfn_state_machine"));
  const pipelines = responsePipelinesOf(json);
  /** `EC2 instance isolation (<state machine name>)`: which pipeline, in words. */
  const pipelineOf = (block: TerraformBlock): string => {
    const pipeline = pipelines.find((p) => p.stateMachine.address === block.address || p.target.address === block.address);
    return pipeline === undefined ? code(readableNameOf(json, block)) : `${pipeline.title} (${code(readableNameOf(json, pipeline.stateMachine))})`;
  };

  if (topics.length > 0 && subscriptions.length === 0) {
    out.push({
      id: "no-recipient",
      title: "Nobody is told",
      detail: `No email subscription (${code("notifications.emails")}) and no existing topic (${code("notifications.existing_topic_arn")}): containment notices and alarms reach ${topics
        .map((t) => code(readableNameOf(json, t)))
        .join(", ")}, which nobody reads.`,
      evidence: topics.map((t) => t.path),
    });
  }

  for (const rule of resourcesOf(json, "aws_cloudwatch_event_rule")) {
    if (!sfnTargets.some((t) => referencesIn(t.values.rule).some((r) => r.address === rule.address))) continue;
    const raw = evaluateReadable(json, rule.values.event_pattern);
    const filters = recoverFindingFilters(typeof raw === "string" ? JSON.parse(raw) : raw);
    if (filters !== undefined && isUnfiltered(filters)) {
      out.push({
        id: "every-finding-stops",
        title: "Every runtime finding stops a task",
        detail: `Rule ${code(readableNameOf(json, rule))} has no filter (${code("ecs_auto_stop.filters")}): every GuardDuty Runtime Monitoring finding on ECS, at any severity and of any type, in any cluster, starts the containment. Consider ${code("min_severity")}, ${code("exclude_finding_types")} or ${code("exclude_cluster_arns")}.`,
        evidence: [rule.path],
      });
    }
  }

  const unscoped = unscopedStopTask(iamGrants(json));
  if (unscoped.length > 0) {
    out.push({
      id: "stop-task-any-cluster",
      title: "StopTask is not scoped to clusters",
      detail: `${unscoped.map((g) => `${g.principal} may ${code(g.action)} on ${code(g.resource)}`).join("; ")}: any task of any cluster in the account and region. Set ${code("ecs_auto_stop.cluster_arns")}.`,
      evidence: [...new Set(unscoped.map((g) => g.path))],
    });
  }

  const noDns = resourcesOf(json, "aws_vpc_endpoint").filter((e) => e.values.private_dns_enabled === false);
  if (noDns.length > 0) {
    out.push({
      id: "endpoint-without-private-dns",
      title: "Agent endpoint without private DNS",
      detail: `${noDns.map((e) => code(e.path)).join(", ")}: ${code("private_dns_enabled = false")}; the agent resolves ${code("guardduty-data.<region>.amazonaws.com")} and cannot connect unless you run your own DNS records.`,
      evidence: noDns.map((e) => e.path),
    });
  }

  const logged = stateMachines.filter((s) => isObject(s.values.logging_configuration) && s.values.logging_configuration.include_execution_data === true);
  if (logged.length > 0) {
    out.push({
      id: "execution-data-logged",
      title: "Execution data is logged",
      detail: `${code("include_execution_data")} is on for ${logged.map((s) => code(readableNameOf(json, s))).join(", ")}: execution input and output, including attacker-controlled command lines from findings, go to CloudWatch Logs. Turn it on only while debugging.`,
      evidence: logged.map((s) => s.path),
    });
  }

  const succeeding = stateMachines.filter((s) => {
    const d = definitionOf(json, s);
    return d !== undefined && stopFailureSucceeds(d);
  });
  if (succeeding.length > 0) {
    const seed = config?.ecs_auto_stop.workflow === "seed";
    out.push({
      id: "stop-failure-succeeds",
      title: `A failed stop ends Succeeded${seed ? " (seed workflow)" : ""}`,
      detail: `In ${succeeding.map((s) => code(readableNameOf(json, s))).join(", ")} a StopTask error is caught, notified, and the execution ends Succeeded: the ${code("executions-failed")} alarm does not fire when a task could not be stopped. ${code('workflow: "guarded"')} fails the execution instead.`,
      evidence: succeeding.map((s) => s.path),
    });
  }

  const plainTopics = topics.filter((t) => t.values.kms_master_key_id === undefined);
  const plainQueues = resourcesOf(json, "aws_sqs_queue").filter((q) => q.values.kms_master_key_id === undefined);
  const plainLogs = resourcesOf(json, "aws_cloudwatch_log_group").filter((l) => l.values.kms_key_id === undefined);
  const plain = [...plainTopics, ...plainQueues, ...plainLogs];
  if (plain.length > 0) {
    out.push({
      id: "encryption-off",
      title: "Encryption with a customer managed key is off",
      detail: `${plain.map((b) => code(readableNameOf(json, b))).join(", ")} ${plain.length === 1 ? "is" : "are"} not encrypted with a customer managed KMS key (${code("notifications.encrypt")}${config?.notifications.encrypt === false ? " is false" : ""}); queues fall back to SSE-SQS, topics and logs to no customer key.`,
      evidence: plain.map((b) => b.path),
    });
  }

  const noDlq = sfnTargets.filter((t) => t.values.dead_letter_config === undefined);
  if (noDlq.length > 0) {
    out.push({
      id: "no-dead-letter-queue",
      title: "No dead-letter queue",
      detail: `${noDlq.map((t) => `${pipelineOf(t)}, target ${code(t.path)}`).join("; ")}: a finding EventBridge could not deliver to the state machine after its retries is dropped (the pipeline's ${code("dead_letter_queue")} setting is off).`,
      evidence: noDlq.map((t) => t.path),
    });
  }

  // A state machine no alarm watches (other alarms, e.g. the coverage rule's, do not count).
  const alarms = resourcesOf(json, "aws_cloudwatch_metric_alarm");
  const unwatched = stateMachines.filter(
    (sm) => !alarms.some((a) => referencesIn(JSON.stringify(a.values.dimensions ?? {})).some((r) => r.address === sm.address)),
  );
  if (unwatched.length > 0) {
    out.push({
      id: "no-alarms",
      title: "No alarms",
      detail: `No CloudWatch alarm watches ${unwatched.map(pipelineOf).join(", ")} (the pipeline's ${code("alarms")} setting is off): failed, timed-out or throttled executions, failed rule invocations, findings waiting in the dead-letter queue and findings that could not even be dead-lettered (${code("InvocationsFailedToBeSentToDlq")}: lost) go unnoticed.`,
      evidence: unwatched.map((s) => s.path),
    });
  }

  const dry = pipelines.filter((p) => p.dryRun);
  if (dry.length > 0) {
    out.push({
      id: "dry-run",
      title: "Dry run: nothing will be contained",
      detail: `${dry.map((p) => pipelineOf(p.stateMachine)).join(", ")} only ${dry.length === 1 ? "reports" : "report"} what ${dry.length === 1 ? "it" : "they"} would have done (the pipeline's ${code("dry_run")} setting). Expected during a rollout; turn it off to contain.`,
      evidence: dry.map((p) => p.stateMachine.path),
    });
  }
  out.push(...railWarnings(json, pipelines, pipelineOf, config));
  return out;
}

/**
 * The safety rails (docs/safety-rails.md, docs/approval-gate.md): pipelines that act without a kill switch or a cap,
 * an approval gate that acts when nobody answered, a gate nobody may answer, a cap counted per minute or a counter
 * table whose TTL does not delete its windows.
 */
function railWarnings(
  json: SynthesizedTerraform,
  pipelines: ReturnType<typeof responsePipelinesOf>,
  pipelineOf: (block: TerraformBlock) => string,
  config: Config | undefined,
): ReviewWarning[] {
  const out: ReviewWarning[] = [];
  const acting = pipelines.filter((p) => !p.dryRun).map((p) => ({ p, rails: railsOfDefinition(p.definition) }));
  const section = (p: (typeof pipelines)[number]): string => CONFIG_SECTION[p.type?.id ?? ""] ?? "<pipeline>";
  const seedNote = (p: (typeof pipelines)[number]): string =>
    p.type?.id === "ecs-stop-task" && config?.ecs_auto_stop.workflow === "seed"
      ? ` (the seed workflow cannot carry rails: ${code('workflow: "guarded"')})`
      : "";

  const noSwitch = acting.filter(({ rails }) => !rails.killSwitch);
  if (noSwitch.length > 0) {
    out.push({
      id: "no-kill-switch",
      title: "Containment without a kill switch",
      detail: `${noSwitch.map(({ p }) => `${pipelineOf(p.stateMachine)}${seedNote(p)}`).join(", ")} ${noSwitch.length === 1 ? "acts" : "act"} with no kill switch (${code("safety_rails.kill_switch")}): to stop automated containment during an incident, someone must change the config and apply it, or disable the rule. With the switch, one ${code("aws ssm put-parameter ... --value notify-only")} makes every pipeline only notify (docs/safety-rails.md).`,
      evidence: noSwitch.map(({ p }) => p.stateMachine.path),
    });
  }

  const uncapped = acting.filter(({ rails }) => rails.cap === undefined);
  if (uncapped.length > 0) {
    out.push({
      id: "no-blast-radius-cap",
      title: "Containment without a blast-radius cap",
      detail: `${uncapped.map(({ p }) => `${pipelineOf(p.stateMachine)}${seedNote(p)}`).join(", ")}: nothing limits how many resources ${uncapped.length === 1 ? "it contains" : "they contain"} in a finding storm or after a bad filter change. Set ${uncapped.map(({ p }) => code(`safety_rails.blast_radius_cap.${section(p)}`)).join(", ")}, sized to the fleet (docs/safety-rails.md).`,
      evidence: uncapped.map(({ p }) => p.stateMachine.path),
    });
  }

  const actsOnTimeout = pipelines.map((p) => ({ p, gate: railsOfDefinition(p.definition).approvalGate })).filter(({ gate }) => gate?.onTimeout === "act");
  if (actsOnTimeout.length > 0) {
    out.push({
      id: "approval-acts-on-timeout",
      title: "An approval gate acts when nobody answers",
      detail: `${actsOnTimeout.map(({ p, gate }) => `${pipelineOf(p.stateMachine)} acts ${gate!.timeoutSeconds} s after its request when nobody answered (${code(`safety_rails.approval_gate.${section(p)}.on_timeout`)} is ${code("act")})`).join("; ")}: an unattended request, or one nobody was allowed to answer, ends in the action, only announced by a NO APPROVAL ANSWER - ACTING notice. Keep ${code("act")} for findings where acting late beats not acting (docs/approval-gate.md, "The timeout decision").`,
      evidence: actsOnTimeout.map(({ p }) => p.stateMachine.path),
    });
  }

  // The approvers' managed policy (SendTaskSuccess/SendTaskFailure) attached to nobody in this stack.
  const gated = pipelines.filter((p) => railsOfDefinition(p.definition).approvalGate !== undefined);
  const attachments = [...resourcesOf(json, "aws_iam_role_policy_attachment"), ...resourcesOf(json, "aws_iam_group_policy_attachment")];
  const approverPolicies = resourcesOf(json, "aws_iam_policy").filter((b) => /states:SendTaskSuccess/u.test(JSON.stringify(b.values.policy ?? "")));
  const unattached = approverPolicies.filter((policy) => !attachments.some((a) => referencesIn(a.values.policy_arn).some((r) => r.address === policy.address)));
  if (gated.length > 0 && (approverPolicies.length === 0 || unattached.length === approverPolicies.length)) {
    out.push({
      id: "no-approvers",
      title: "Nobody in this stack may answer the approval requests",
      detail: `${gated.map((p) => pipelineOf(p.stateMachine)).join(", ")} ${gated.length === 1 ? "waits" : "wait"} for an approver, and ${approverPolicies.length === 0 ? "no approvers' policy is in the stack" : `the approvers' policy ${unattached.map((b) => code(readableNameOf(json, b))).join(", ")} is attached to no role or group`} (${code("safety_rails.approval_gate.approver_role_names")}, ${code("approver_group_names")}): until you attach it yourself (output ${code("approver_policy_arn")}), every request runs into its timeout.`,
      evidence: [...gated.map((p) => p.stateMachine.path), ...unattached.map((b) => b.path)],
    });
  }

  const concerns: string[] = [];
  const evidence: string[] = [];
  for (const { p, rails } of acting) {
    if (rails.cap?.window === "minute") {
      concerns.push(
        `${pipelineOf(p.stateMachine)} counts ${rails.cap.maxActions} per minute: a storm that lasts an hour may take up to ${60 * rails.cap.maxActions} actions, and ${2 * rails.cap.maxActions} within seconds around a minute boundary (fixed windows); ${code("hour")} or ${code("day")} bounds a long storm`,
      );
      evidence.push(p.stateMachine.path);
    }
  }
  const counterTables = new Set(acting.flatMap(({ rails }) => (rails.cap === undefined ? [] : [rails.cap.tableName])));
  for (const table of resourcesOf(json, "aws_dynamodb_table")) {
    const name = evaluateReadable(json, table.values.name);
    if (!counterTables.has(String(name)) && !counterTables.has(readableNameOf(json, table))) continue;
    const ttl = Array.isArray(table.values.ttl) ? table.values.ttl[0] : table.values.ttl;
    const on = typeof ttl === "object" && ttl !== null && (ttl as Record<string, unknown>).enabled === true;
    const attribute = typeof ttl === "object" && ttl !== null ? (ttl as Record<string, unknown>).attribute_name : undefined;
    if (!on || attribute !== CAP_TTL_ATTRIBUTE) {
      concerns.push(
        `the counter table ${code(readableNameOf(json, table))} has ${on ? `TTL on ${code(String(attribute))}` : "no TTL"}, while the cap writes ${code(CAP_TTL_ATTRIBUTE)}: old windows are never deleted (the counts stay right, the table only grows)`,
      );
      evidence.push(table.path);
    }
  }
  if (concerns.length > 0) {
    out.push({ id: "cap-window-ttl", title: "Blast-radius cap window or TTL", detail: `${concerns.join("; ")}.`, evidence });
  }
  return out;
}

/** The warnings as a Markdown list; a line saying there are none otherwise. */
export function renderWarnings(warnings: readonly ReviewWarning[]): string {
  if (warnings.length === 0) return "No warning.";
  return warnings.map((w) => `- ⚠ **${w.title}** (${code(w.id)}): ${w.detail}`).join("\n");
}

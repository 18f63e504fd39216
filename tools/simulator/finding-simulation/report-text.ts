/** The human-readable (Markdown-ish) form of a {@link SimulationReport}, as `npm run simulate` prints it. */
import type { SimulatedCall, SimulationReport } from "./simulate-finding";

/** Longest string value shown in a call's parameters; the JSON report keeps everything. */
const MAX_SHOWN_STRING = 160;

export function formatSimulationReport(report: SimulationReport): string {
  const lines: string[] = [];
  const { finding, stack, rule } = report;

  lines.push("# GuardDuty finding simulation", "");
  lines.push(`Finding:    ${finding.type ?? "(no type)"}${finding.severity === undefined ? "" : `, severity ${finding.severity}`}`);
  if (finding.title !== undefined) lines.push(`Title:      ${JSON.stringify(finding.title)}`);
  lines.push(`Account:    ${finding.account || "(none)"}, region ${finding.region || "(none)"}${finding.id === undefined ? "" : `, id ${finding.id}`}`);
  lines.push(`ECS task:   ${finding.taskArn ?? "(none in the finding)"}`);
  lines.push(`Cluster:    ${finding.clusterArn ?? "(none in the finding)"}`);
  lines.push(`Read as:    ${finding.wrapped ? "a bare finding, wrapped in a 'GuardDuty Finding' EventBridge event" : "an EventBridge event"}`);
  lines.push(`Stack:      ${stack.name} (config: ${stack.configSource}), workflow ${stack.workflow}`);
  lines.push(`Simulated:  --answer ${report.answer}: ${report.answerDescription}`);
  lines.push("");

  lines.push(`## 1. EventBridge rule ${rule.name}`, "");
  if (rule.fires) {
    lines.push("Fires: yes. The event matches the rule's pattern.");
  } else {
    lines.push(`Fires: no. Pattern keys not matched: ${rule.unmatchedKeys.join(", ")}`);
    for (const line of rule.explanation) lines.push(`  - ${line}`);
  }
  lines.push("");

  if (report.input !== undefined) {
    lines.push("## 2. Input to the state machine (the target's input transformer)", "");
    if (report.input.delivered) {
      lines.push(...indent(JSON.stringify(report.input.json, null, 2), "    "));
    } else {
      lines.push(`Not delivered: ${report.input.notDeliveredReason ?? ""}`);
    }
    lines.push("");
  }

  const run = report.run;
  if (run !== undefined) {
    lines.push(`## 3. State machine run (${run.workflow} workflow)`, "");
    if (run.trimmedIntrinsicWhitespace) lines.push("Ran a copy with the trailing whitespace after States.Format(...) trimmed (see notes).");
    lines.push(`Status: ${run.status}`, "");
    lines.push(`AWS calls (${run.calls.length}):`);
    if (run.calls.length === 0) lines.push("  (none)");
    run.calls.forEach((call, i) => lines.push(...formatCall(call, i + 1)));
    lines.push("");
    lines.push(`Notices published (${run.notices.length}):`);
    if (run.notices.length === 0) lines.push("  (none)");
    run.notices.forEach((notice, i) => {
      lines.push(`  ${i + 1}. Subject: ${notice.subject ?? "(none)"}`);
      const attributes = Object.entries(notice.attributes);
      if (attributes.length > 0) lines.push(`     Attributes: ${attributes.map(([k, v]) => `${k}=${v}`).join(", ")}`);
      lines.push(`     Topic: ${notice.topicArn}`, "     Message:");
      lines.push(...indent(notice.message, "       | "));
    });
    if (run.error !== undefined || run.cause !== undefined) {
      lines.push("");
      lines.push(`Error: ${run.error ?? "(none)"}`);
      lines.push(`Cause: ${run.cause ?? "(none)"}`);
    }
    lines.push("");
  }

  if (report.notes.length > 0) {
    lines.push("## Notes", "");
    for (const note of report.notes) lines.push(`- ${note}`);
    lines.push("");
  }
  return escapeControlCharacters(lines.join("\n"));
}

/**
 * Findings carry attacker-controlled text (titles, process names): control characters other than line feed and
 * tab are shown as `\u001b`-style escapes, so a finding cannot drive the terminal that prints the report.
 */
export function escapeControlCharacters(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function formatCall(call: SimulatedCall, n: number): string[] {
  const outcome = call.outcome === "ok" ? "ok" : `${call.outcome}: ${call.errorMessage ?? ""}`;
  return [`  ${n}. ${call.service}:${call.action} (state "${call.state}") -> ${outcome}`, `     ${JSON.stringify(shorten(call.parameters))}`];
}

function shorten(value: unknown): unknown {
  if (typeof value === "string") return value.length > MAX_SHOWN_STRING ? `${value.slice(0, MAX_SHOWN_STRING - 3)}...` : value;
  if (Array.isArray(value)) return value.map(shorten);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shorten(v)]));
  return value;
}

function indent(text: string, prefix: string): string[] {
  return text.split("\n").map((line) => `${prefix}${line}`.trimEnd());
}

/** The human-readable (Markdown-ish) form of a {@link SimulationReport}, as `npm run simulate` prints it. */
import { APPROVAL_PLAY_WORDS } from "./rails-play";
import type { SimulatedCall, SimulatedResponse, SimulatedRunOutcome, SimulatedSafetyRailsReport, SimulationReport } from "./simulate-finding";

/** Longest string value shown in a call's parameters; the JSON report keeps everything. */
const MAX_SHOWN_STRING = 160;

export function formatSimulationReport(report: SimulationReport): string {
  const lines: string[] = [];
  const { finding, stack } = report;

  lines.push("# GuardDuty finding simulation", "");
  lines.push(`Finding:    ${finding.type ?? "(no type)"}${finding.severity === undefined ? "" : `, severity ${finding.severity}`}`);
  if (finding.title !== undefined) lines.push(`Title:      ${JSON.stringify(finding.title)}`);
  lines.push(`Account:    ${finding.account || "(none)"}, region ${finding.region || "(none)"}${finding.id === undefined ? "" : `, id ${finding.id}`}`);
  lines.push(`Resource:   ${finding.resourceType ?? "(no resourceType)"}`);
  for (const resource of finding.resources) lines.push(`            ${resource}`);
  lines.push(`Read as:    ${finding.wrapped ? "a bare finding, wrapped in a 'GuardDuty Finding' EventBridge event" : "an EventBridge event"}`);
  lines.push(`Stack:      ${stack.name} (config: ${stack.configSource})`);
  const fired = report.responses.filter((r) => r.rule.fires);
  lines.push(
    `Rules:      ${report.responses.length} start a state machine; ${fired.length === 0 ? "none fires" : `${fired.map((r) => r.rule.name).join(", ")} fire${fired.length === 1 ? "s" : ""}`}`,
  );
  lines.push("");

  report.responses.forEach((response, i) => lines.push(...formatResponse(response, i + 1)));

  if (report.notes.length > 0) {
    lines.push("## Notes", "");
    for (const note of report.notes) lines.push(`- ${note}`);
    lines.push("");
  }
  return escapeControlCharacters(lines.join("\n"));
}

function formatResponse(response: SimulatedResponse, n: number): string[] {
  const lines: string[] = [];
  const title = response.responseType?.title ?? "unregistered response";
  lines.push(`## ${n}. ${title}: EventBridge rule ${response.rule.name}`, "");
  if (response.rule.description !== undefined) lines.push(`Rule:       ${response.rule.description} (${response.rule.path})`);
  lines.push(`Starts:     state machine ${response.stateMachine}`);
  if (response.rule.fires) {
    lines.push("Fires: yes. The event matches the rule's pattern.");
  } else {
    lines.push(`Fires: no. Pattern keys not matched: ${response.rule.unmatchedKeys.join(", ")}`);
    for (const line of response.rule.explanation) lines.push(`  - ${line}`);
  }
  if (response.answer !== undefined)
    lines.push(`Simulated:  --answer ${response.responseType?.id ?? "?"}:${response.answer.name}: ${response.answer.description}`);
  lines.push("");

  if (response.input !== undefined) {
    lines.push(`### ${n}.1 Input to the state machine (the target's input transformer)`, "");
    if (response.input.delivered) {
      lines.push(...indent(JSON.stringify(response.input.json, null, 2), "    "));
    } else {
      lines.push(`Not delivered: ${response.input.notDeliveredReason ?? ""}`);
    }
    lines.push("");
  }

  const run = response.run;
  if (run !== undefined) {
    lines.push(`### ${n}.2 State machine run`, "");
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
  if (response.safetyRails !== undefined) lines.push(...formatSafetyRails(response.safetyRails, n));
  if (response.notes.length > 0) {
    for (const note of response.notes) lines.push(`- ${note}`);
    lines.push("");
  }
  return lines;
}

/** `SUCCEEDED; HELD by approval-gate: <reason>; notices APPROVAL_REQUESTED, HELD`. */
function outcomeInWords(outcome: SimulatedRunOutcome): string {
  const held = outcome.heldBy === undefined ? "acted (no rail held)" : `HELD by ${outcome.heldBy.rail}: ${outcome.heldBy.reason}`;
  return `${outcome.status}; ${held}; notices ${outcome.noticeOutcomes.length === 0 ? "(none)" : outcome.noticeOutcomes.join(", ")}`;
}

function formatSafetyRails(rails: SimulatedSafetyRailsReport, n: number): string[] {
  const lines = [`### ${n}.3 Safety rails`, ""];
  if (rails.killSwitch !== undefined) lines.push(`Kill switch:   ${rails.killSwitch} (--kill-switch act|notify-only)`);
  if (rails.counter !== undefined)
    lines.push(
      `Counter:       ${rails.counter === "full" ? "full: max_actions already taken in this window (--cap-full)" : "empty: the first action of its window (--cap-full for a full one)"}`,
    );
  const gate = rails.approvalGate;
  if (gate !== undefined) {
    lines.push(
      `Approval gate: waits ${gate.timeoutSeconds} s, on timeout ${gate.onTimeout}${gate.minSeverity === undefined ? ", every finding" : `, findings of severity ${gate.minSeverity} and up`}`,
    );
    lines.push(`  played --approval ${gate.answer}: ${gate.asked ? APPROVAL_PLAY_WORDS[gate.answer] : "not asked (see the notes)"}`);
    for (const other of gate.otherAnswers) lines.push(`  with --approval ${other.answer}: ${outcomeInWords(other)}`);
  }
  lines.push(`Outcome:       ${outcomeInWords(rails.outcome)}`, "");
  return lines;
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
  return [`  ${n}. ${call.service}:${call.action} (state "${call.state}") -> ${outcome}`, `     ${parametersInWords(call)}`];
}

/** The parameters as JSON; an `eks:call` as its Kubernetes request (`PATCH /api/v1/...` and body), without the CA and endpoint. */
function parametersInWords(call: SimulatedCall): string {
  const p = call.parameters;
  if (
    call.service === "eks" &&
    call.action === "call" &&
    p !== null &&
    typeof p === "object" &&
    !Array.isArray(p) &&
    typeof p.Method === "string" &&
    typeof p.Path === "string"
  ) {
    const query = p.QueryParameters === undefined ? "" : ` ${JSON.stringify(p.QueryParameters)}`;
    const body = p.RequestBody === undefined ? "" : ` ${JSON.stringify(shorten(p.RequestBody))}`;
    return `${p.Method} ${p.Path}${query} on cluster ${String(p.ClusterName)}${body}`;
  }
  return JSON.stringify(shorten(p));
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

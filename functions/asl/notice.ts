/**
 * The text of a containment notice, as one `States.Format(...)` intrinsic: a headline, an explanation, a blank
 * line, then one `Label: value` line per fact. The layout is shared so that every workflow's notices read (and
 * parse, for subscribers) the same way.
 */

/** One line of a notice: label and the intrinsic argument filling its `{}`. */
export type NoticeLine = readonly [label: string, argument: string];

/** The finding facts every notice opens with (the input's `finding` part, see `guardduty/finding-input.ts`). */
export const FINDING_NOTICE_LINES: readonly NoticeLine[] = [
  ["Finding id", "$.finding.id"],
  ["Finding type", "$.finding.type"],
  ["Severity", "$.finding.severity"],
  ["Account", "$.finding.accountId"],
  ["Region", "$.finding.region"],
];

/**
 * The lines every notice closes with: the console link and the title, both from Prepare's `derived`. The title
 * is attacker-influenced free text, so it comes last and JSON-quoted.
 */
export const FINDING_LINK_NOTICE_LINES: readonly NoticeLine[] = [
  ["Console", "$.derived.ConsoleUrl"],
  ["Finding title", "$.derived.Title"],
];

/**
 * The `States.Format(...)` call of a notice. Free text (titles, tags, error details) must reach `lines` through
 * `States.JsonToString`, so a notice can always be formatted whatever the finding says.
 */
export function noticeMessage(headline: string, explanation: string, lines: readonly NoticeLine[]): string {
  const template = [headline, explanation, "", ...lines.map(([label]) => `${label}: {}`)].join("\n");
  assertPlainLiteral(template);
  return `States.Format('${template}', ${lines.map(([, argument]) => argument).join(", ")})`;
}

/**
 * Our literal texts need no escape: no `'`, `\`, braces other than `{}` placeholders, and no parentheses
 * (which aws-local-stepfunctions' argument splitter counts even inside literals).
 */
export function assertPlainLiteral(text: string): void {
  const withoutPlaceholders = text.replace(/\{\}/gu, "");
  if (/['\\(){}]/u.test(withoutPlaceholders)) {
    throw new Error(`internal: notice text needs escaping: ${text}`);
  }
}

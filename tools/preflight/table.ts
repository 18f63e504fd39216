/** The preflight table as text: one line per row (result, check, target, detail), the fix indented below. */
import type { PreflightRow } from "./rows";

/** What an EC2 DryRun pass means; printed under every table that has ec2-dry-run rows. */
export const DRY_RUN_NOTE =
  "ec2-dry-run: a DryRun proves that YOUR credentials may make the call in this account (SCPs included), not that the state machine's role may (see iam-simulate), nor that it works on a real resource.";

export function formatTable(rows: readonly PreflightRow[]): string {
  const width = (pick: (row: PreflightRow) => string, floor: number): number => Math.max(floor, ...rows.map((row) => pick(row).length));
  const checkWidth = width((row) => row.check, 5);
  const lines = [`${"RESULT".padEnd(6)}  ${"CHECK".padEnd(checkWidth)}  TARGET: DETAIL`];
  for (const row of rows) {
    lines.push(`${row.result.toUpperCase().padEnd(6)}  ${row.check.padEnd(checkWidth)}  ${row.target}: ${row.detail}`);
    if (row.result !== "pass" && row.fix !== "") lines.push(`${" ".repeat(8 + checkWidth)}  fix: ${row.fix}`);
  }
  const count = (result: PreflightRow["result"]): number => rows.filter((row) => row.result === result).length;
  lines.push("", `${count("pass")} passed, ${count("fail")} failed, ${count("skip")} skipped`);
  if (rows.some((row) => row.check === "ec2-dry-run")) lines.push(DRY_RUN_NOTE);
  return lines.join("\n");
}

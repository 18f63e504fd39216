/** The pass/fail table and the failure details of a check. */
import type { CheckResult, RootResult, StepName, StepResult } from "./run-check";
import { STEPS } from "./run-check";

const MARK: Record<StepResult["status"], string> = { pass: "pass", fail: "FAIL", skip: "-" };

function cell(step: StepResult | undefined): string {
  return step === undefined ? "" : MARK[step.status];
}

/** A plain-text table: one row per checked root, one column per step. */
export function resultTable(roots: readonly RootResult[]): string {
  const header = ["configuration / stack", ...STEPS];
  const rows = roots.map((r) => [r.label, ...STEPS.map((s: StepName) => cell(r.steps[s]))]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** Every failed step with Terraform's own error text, then notes (warnings, invented data values). */
export function resultDetails(result: CheckResult): string {
  const out: string[] = [];
  for (const r of result.roots) {
    for (const step of STEPS) {
      const s = r.steps[step];
      if (s?.status !== "fail") continue;
      out.push(`\n${r.label}: ${step} failed: ${s.summary ?? ""}`);
      for (const e of s.errors ?? [])
        out.push(
          e
            .split("\n")
            .slice(0, 40)
            .map((l) => `    ${l}`)
            .join("\n"),
        );
    }
  }
  const warnings = new Map<string, string[]>();
  for (const r of result.roots) for (const w of r.warnings) warnings.set(w, [...(warnings.get(w) ?? []), r.label]);
  for (const [w, labels] of warnings) out.push(`note: Terraform warned "${w}" in ${labels.length} configuration(s): ${labels.join(", ")}`);
  for (const r of result.roots) {
    if (r.inventedDataTypes.length > 0)
      out.push(
        `note: ${r.label}: no plausible values known for ${r.inventedDataTypes.join(", ")}; terraform test invented them (add them in scripts/terraform-check/data-overrides.ts)`,
      );
  }
  return out.join("\n");
}

/** `npm run review` on a stack with every rail: scripts/review.ts's main in process, the report on stdout. */
import { resolve } from "node:path";
import { main } from "../../scripts/review";

function review(argv: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((s) => ((stdout += String(s)), true));
  const err = vi.spyOn(process.stderr, "write").mockImplementation((s) => ((stderr += String(s)), true));
  try {
    return { code: main(argv), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

test("examples/approval-gate.json: the report warns about acting on timeout, and shows the rails' notices, policies, cost and diagram edges", () => {
  // GIVEN the shipped approval gate example WHEN reviewed through the CLI
  const { code, stdout, stderr } = review(["--config", resolve(__dirname, "../../examples/approval-gate.json")]);
  // THEN exit 0 and every section covers the rails
  expect(stderr).toBe("");
  expect(code).toBe(0);
  const section = (title: string) => stdout.slice(stdout.indexOf(`## ${title}`), stdout.indexOf("\n## ", stdout.indexOf(`## ${title}`) + 3));
  expect(section("Warnings")).toContain(
    "(`approval-acts-on-timeout`): EC2 instance isolation (`acme-runtime-prod-ec2-state-machine`) acts 3600 s after its request",
  );
  expect(section("Warnings")).toContain("(`no-blast-radius-cap`)");
  expect(section("Warnings")).not.toContain("(`no-kill-switch`)");
  expect(section("Response pipelines")).toContain("Safety rail notices it can send");
  expect(section("IAM permissions")).toContain("**managed policy acme-runtime-prod-euw1-approvers** (`approval-approvers/policy`)");
  expect(section("IAM permissions")).toContain("**managed policy acme-runtime-prod-euw1-kill-switch-operator** (`safety-rails/kill-switch-operator`)");
  expect(section("Pipeline")).toContain('"approval request, waitForTaskToken, up to 1800 s, then hold"');
  expect(section("Monthly cost estimate")).toContain("| SNS approval requests (safety rails) |");
});

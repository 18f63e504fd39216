/** A terraform binary on PATH, used where present to check our reading of synthesized expressions. */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export function findTerraform(): string | undefined {
  const which = spawnSync("sh", ["-c", "command -v terraform"], { encoding: "utf8" });
  return which.status === 0 ? which.stdout.trim() : undefined;
}

/**
 * Lets Terraform itself evaluate string attributes of synthesized JSON: each becomes an output of an
 * otherwise empty configuration, which applies offline without providers. References must already
 * be replaced by literals.
 */
export function evaluateWithTerraform(terraform: string, expressions: Record<string, string>): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), "tf-eval-"));
  const output = Object.fromEntries(Object.entries(expressions).map(([k, v]) => [k, { value: v }]));
  writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ output }));
  const env = { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: "/dev/null" };
  const run = (...args: string[]) => execFileSync(terraform, [`-chdir=${dir}`, ...args], { env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  run("init", "-input=false", "-no-color");
  run("apply", "-auto-approve", "-input=false", "-no-color");
  const values = JSON.parse(run("output", "-json", "-no-color")) as Record<string, { value: string }>;
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.value]));
}

/** Replaces every reference traversal (`aws_x.y.arn`, `data.aws_x.y.attr`) with a quoted literal. */
export function inlineReferences(expression: string, resolve: (reference: string) => unknown): string {
  return expression.replace(/(?<![\w."-])(data\.)?aws_[a-z0-9_]+\.[A-Za-z0-9_-]+\.[a-z_]+(?![\w"])/g, (ref) => JSON.stringify(String(resolve(ref))));
}

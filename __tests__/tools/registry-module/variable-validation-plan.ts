/**
 * The module's variable validations run by Terraform itself: `terraform test` plans the generated variables.tf alone
 * (no resources, no provider: it runs offline) with each call's values, and each call's diagnostics are read.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { literal, renderValue } from "../../../tools/registry-module/hcl";
import { findTerraform } from "../../support/terraform-binary";
import { fileContent, terraformAsync, writeTree } from "./module-fixture";

const terraform = findTerraform();
export const named = (name: string) => `${name}${terraform ? "" : " (skipped: no terraform binary on PATH)"}`;

export const REGION = "eu-west-1";

type Call = Readonly<Record<string, unknown>>;

interface Pending {
  readonly args: Call;
  errors?: string[];
  failure?: Error;
}

/** Calls declared and not yet planned: those of the test file being collected. */
let pending: Pending[] = [];
let planning: Promise<void> | undefined;

/**
 * A test of calls of the module's variables: `calls` (each with name_prefix "acme" unless given) are declared when
 * the test file is collected, and every call the file declares is planned in one `terraform test` run when its first
 * test runs, a test file per call (a run with an error skips the runs after it in its file, never another file's).
 * `then` gets each call's error details (none: valid). One call per file: with several bad variables that read
 * each other in one plan, Terraform reports some errors only. Skipped, its name saying so, without terraform.
 */
export function whenPlanned<K extends string>(name: string, calls: Readonly<Record<K, Call>>, then: (errors: Record<K, string[]>) => void): void {
  const declared = Object.entries<Call>(calls).map(([key, args]) => {
    const call: Pending = { args };
    pending.push(call);
    return [key, call] as const;
  });
  (terraform ? test : test.skip)(name, async () => {
    await planPending();
    const errors: Record<string, string[]> = {};
    for (const [key, call] of declared) {
      if (call.failure !== undefined) throw call.failure;
      errors[key] = call.errors!;
    }
    then(errors as Record<K, string[]>);
  });
}

/** Plans every declared call not yet planned, once: the tests of a file share the run. */
async function planPending(): Promise<void> {
  while (pending.length > 0 || planning !== undefined) {
    if (planning !== undefined) {
      await planning;
      continue;
    }
    const calls = pending;
    pending = [];
    planning = planCalls(calls).finally(() => (planning = undefined));
  }
}

async function planCalls(calls: readonly Pending[]): Promise<void> {
  // The variables, the module's region (main.tf reads it from the provider: the cluster ARNs' validations compare
  // with it) and its Terraform version constraint, in a folder of their own (removed with the test file's).
  const root = writeTree({
    "variables.tf": fileContent("variables.tf"),
    "region.tf": `locals {\n  region = "${REGION}"\n}\n`,
    "versions.tf": 'terraform {\n  required_version = ">= 1.9.0"\n}\n',
  });
  const tests = join(root, "tests");
  mkdirSync(tests);
  calls.forEach((call, i) => {
    const variables = Object.entries({ name_prefix: "acme", ...call.args }).map(([k, v]) => `    ${k} = ${renderValue(literal(v), 4, 0)}`);
    writeFileSync(join(tests, `call_${i}.tftest.hcl`), ['run "call" {', "  command = plan", "  variables {", ...variables, "  }", "}", ""].join("\n"));
  });
  const run = await terraformAsync(terraform!, root, "test", "-no-color", "-json");
  const byFile = new Map<string, { status?: string; errors: string[] }>();
  for (const line of run.output.split("\n").filter((l) => l.startsWith("{"))) {
    const m = JSON.parse(line) as {
      "@testfile"?: string;
      type: string;
      test_file?: { progress: string; status?: string };
      diagnostic?: { severity: string; detail: string };
    };
    if (m["@testfile"] === undefined) continue;
    const file = byFile.get(m["@testfile"]) ?? { errors: [] };
    byFile.set(m["@testfile"], file);
    if (m.type === "test_file" && m.test_file?.progress === "complete") file.status = m.test_file.status;
    if (m.type === "diagnostic" && m.diagnostic?.severity === "error")
      file.errors.push(m.diagnostic.detail.replace(/\n\nThis was checked by the validation rule at .*$/s, ""));
  }
  calls.forEach((call, i) => {
    const file = byFile.get(`tests/call_${i}.tftest.hcl`);
    if (file?.status === "pass" && file.errors.length === 0) call.errors = [];
    else if (file?.status === "error" && file.errors.length > 0) call.errors = file.errors;
    else
      call.failure = new Error(
        `terraform test of ${JSON.stringify(call.args)}: ${file?.status ?? "not run"}, errors [${file?.errors.join("; ") ?? ""}]: ${run.output}`,
      );
  });
}

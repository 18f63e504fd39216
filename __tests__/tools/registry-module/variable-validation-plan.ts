/**
 * The module's variable validations run by Terraform itself: a root module passes values to a module made of the
 * generated variables.tf only (no resources, no provider: it plans offline), and the plan's diagnostics are read.
 */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { literal, renderValue } from "../../../tools/registry-module/hcl";
import { findTerraform } from "../../support/terraform-binary";
import { fileContent, terraformAsync, writeTree } from "./module-fixture";

const terraform = findTerraform();
/** A test that needs the terraform binary: skipped without it, its name saying so. */
export const whenTerraform = terraform ? test : test.skip;
export const named = (name: string) => `${name}${terraform ? "" : " (skipped: no terraform binary on PATH)"}`;

export const REGION = "eu-west-1";

let initialized: string | undefined;

/** A root calling the generated variables.tf as module "m", initialized once: each plan rewrites main.tf only. */
async function rootDir(): Promise<string> {
  // The test files of a worker share this module (vitest.config.mts): another file's afterAll may have removed it.
  if (initialized !== undefined && existsSync(initialized)) return initialized;
  const dir = writeTree({
    "main.tf": 'module "m" {\n  source = "./m"\n}\n',
    "m/variables.tf": fileContent("variables.tf"),
    // The module's region (main.tf reads it from the provider): the cluster ARNs' validations compare with it.
    "m/region.tf": `locals {\n  region = "${REGION}"\n}\n`,
    "m/versions.tf": 'terraform {\n  required_version = ">= 1.9.0"\n}\n',
  });
  const init = await terraformAsync(terraform!, dir, "init", "-input=false", "-no-color");
  if (init.status !== 0) throw new Error(`terraform init failed: ${init.output}`);
  return (initialized = dir);
}

/**
 * Plans a call of the variables with these arguments; returns the error diagnostics' details (none: valid). One call
 * per plan: with several calls, or several bad variables, in one plan, Terraform reported some errors only.
 */
export async function validationErrors(args: Record<string, unknown>): Promise<string[]> {
  const call = Object.entries({ name_prefix: "acme", ...args })
    .map(([k, v]) => `  ${k} = ${renderValue(literal(v), 2, 0)}`)
    .join("\n");
  const dir = await rootDir();
  writeFileSync(join(dir, "main.tf"), `module "m" {\n  source = "./m"\n${call}\n}\n`);
  const plan = await terraformAsync(terraform!, dir, "plan", "-input=false", "-no-color", "-json");
  const errors = plan.output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { type: string; diagnostic?: { severity: string; detail: string } })
    .filter((m) => m.type === "diagnostic" && m.diagnostic?.severity === "error")
    .map((m) => m.diagnostic!.detail.replace(/\n\nThis was checked by the validation rule at .*$/s, ""));
  if (plan.status === 0 && errors.length > 0) throw new Error(`plan succeeded with errors: ${errors.join("; ")}`);
  if (plan.status !== 0 && errors.length === 0) throw new Error(`plan failed without an error diagnostic: ${plan.output}`);
  return errors;
}

/**
 * The backend (or cloud) block of a stack, checked by `terraform init` on a copy that holds only that
 * block, with the network shut: every HTTP(S) request goes to a proxy address nobody listens on.
 *
 * Why separately: the plan check initializes with `-backend=false` (planning needs no state, and a
 * real backend would need the network and credentials), and then Terraform never reads the backend
 * block beyond its syntax. But Terraform checks a backend's arguments when it configures it, before
 * any request: `init` refuses an unknown argument (`No argument or block type is named "project"`)
 * or a bad value (`Invalid KMS Key ARN`) offline. So the block is accepted when `init` succeeds (local
 * state) or fails only on reaching the service: every error names the dead proxy. Nothing is ever
 * contacted, on any machine: not Terraform Cloud (which would create a workspace), not S3.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { StackJson } from "./checked-roots";
import { errorDiagnostics, runTerraform, TerraformRun } from "./terraform-cli";

/** Where requests go instead of the network: a closed port on this host. */
export const DEAD_PROXY = "http://127.0.0.1:1";
const DEAD_PROXY_HOST = "127.0.0.1:1";

/** The backend-only configuration of a stack, or undefined when it has neither a backend nor a cloud block. */
export function backendOnlyConfig(stack: StackJson): { readonly kind: string; readonly json: string } | undefined {
  const t = stack.terraform;
  if (t?.cloud !== undefined) return { kind: "cloud", json: JSON.stringify({ terraform: { cloud: t.cloud } }, null, 2) };
  if (t?.backend !== undefined && Object.keys(t.backend).length > 0)
    return { kind: Object.keys(t.backend)[0], json: JSON.stringify({ terraform: { backend: t.backend } }, null, 2) };
  return undefined;
}

/** `-backend-config` arguments so the S3 backend needs no real credentials or account lookup. */
export function backendInitArguments(kind: string): string[] {
  if (kind !== "s3") return [];
  return ["skip_credentials_validation=true", "skip_requesting_account_id=true", "skip_metadata_api_check=true", "max_retries=1"].map(
    (a) => `-backend-config=${a}`,
  );
}

/** The environment of the backend init: network through the dead proxy, fake AWS keys, no profile or workspace selection. */
export function backendCheckEnv(base: NodeJS.ProcessEnv, config: { readonly kind: string; readonly json: string }): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(base)) {
    if (/^(AWS_|TF_TOKEN_|TF_WORKSPACE$|TF_CLOUD_|NO_PROXY$|no_proxy$|HTTPS?_PROXY$|https?_proxy$)/.test(k)) continue;
    env[k] = v;
  }
  Object.assign(env, {
    HTTPS_PROXY: DEAD_PROXY,
    HTTP_PROXY: DEAD_PROXY,
    https_proxy: DEAD_PROXY,
    http_proxy: DEAD_PROXY,
    AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
    AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    AWS_EC2_METADATA_DISABLED: "true",
  });
  // A cloud block without organization reads TF_CLOUD_ORGANIZATION at init, as the docs tell users to set it.
  if (config.kind === "cloud" && !config.json.includes('"organization"')) env.TF_CLOUD_ORGANIZATION = "example-org";
  return env;
}

/** Accepted: init passed, or every error is about reaching the service through the dead proxy. */
export function backendAccepted(run: TerraformRun): boolean {
  if (run.timedOut) return false;
  if (run.code === 0) return true;
  const errors = errorDiagnostics(run.output);
  return errors.length > 0 && errors.every((e) => e.includes(DEAD_PROXY_HOST));
}

export async function checkBackend(
  terraform: string,
  stackDir: string,
  stack: StackJson,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<{ readonly kind: string; readonly run: TerraformRun } | undefined> {
  const config = backendOnlyConfig(stack);
  if (config === undefined) return undefined;
  // Three levels down, as the stack folder sits in cdktf.out/stacks/<stack>: the local backend's relative path stays inside the work folder.
  const dir = join(stackDir, ".backend-check", "a", "b");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "main.tf.json"), config.json);
  const run = await runTerraform(
    terraform,
    dir,
    ["init", "-input=false", "-no-color", ...backendInitArguments(config.kind)],
    backendCheckEnv(env, config),
    timeoutMs,
  );
  return { kind: config.kind, run };
}

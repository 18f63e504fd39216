/** The generated registry module, written once to a temporary folder, parsed with @cdktf/hcl2json, and Terraform helpers. */
import { execFile, execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { buildRegistryModule, ModuleFile } from "../../../tools/registry-module/registry-module";
import { writeRegistryModule } from "../../../scripts/build-module";

export type Json = Record<string, any>;

let cached: ModuleFile[] | undefined;
/** The module's files, built once per worker from the tree the global setup generated (global-setup.ts). */
export function moduleFiles(): ModuleFile[] {
  return (cached ??= buildRegistryModule());
}

export function fileContent(path: string): string {
  const file = moduleFiles().find((f) => f.path === path);
  if (file === undefined) throw new Error(`no ${path} in the module`);
  return file.content;
}

/**
 * Parses HCL files with @cdktf/hcl2json's `parse`, in a child Node process: the Go WebAssembly runtime behind it
 * keeps timers alive, which would keep the test worker from exiting. Rejects (with hcl2json's message) when a file
 * does not parse. Results are cached in the temporary folder by content hash, so the test files share one parse.
 */
export async function parseHcl(files: readonly { readonly path: string; readonly content: string }[]): Promise<Json[]> {
  const input = JSON.stringify(files.map((f) => ({ path: f.path, content: f.content })));
  const cache = join(tmpdir(), `hcl2json-${createHash("sha256").update(input).digest("hex")}.json`);
  if (existsSync(cache)) return JSON.parse(readFileSync(cache, "utf8")) as Json[];
  const parsed = await parseInChild(input, files);
  const partial = `${cache}.${process.pid}`;
  writeFileSync(partial, JSON.stringify(parsed));
  renameSync(partial, cache);
  return parsed;
}

async function parseInChild(input: string, files: readonly { readonly path: string }[]): Promise<Json[]> {
  const script = [
    `const { parse } = require(${JSON.stringify(require.resolve("@cdktf/hcl2json"))});`,
    "let input = '';",
    "process.stdin.on('data', (d) => (input += d)).on('end', async () => {",
    "  const out = [];",
    "  for (const f of JSON.parse(input)) {",
    "    try { out.push({ ok: await parse(f.path, f.content) }); } catch (e) { out.push({ error: String(e && e.message || e) }); }",
    "  }",
    "  process.stdout.write(JSON.stringify(out), () => process.exit(0));",
    "});",
  ].join("\n");
  const r = spawnSync(process.execPath, ["-e", script], { input, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`hcl2json child failed: ${r.stderr}`);
  const results = JSON.parse(r.stdout) as { ok?: Json; error?: string }[];
  return results.map((res, i) => {
    if (res.error !== undefined) throw new Error(`${files[i].path}: ${res.error}`);
    return res.ok!;
  });
}

export async function parseOne(path: string, content: string): Promise<Json> {
  return (await parseHcl([{ path, content }]))[0];
}

/** The .tf files of the module itself (not of its examples). */
export function moduleTfFiles(): ModuleFile[] {
  return moduleFiles().filter((f) => f.path.endsWith(".tf") && !f.path.includes("/"));
}

const temporary: string[] = [];
/** Removes the temporary folders this test file created (call in afterAll). */
export function removeTemporaryFolders(): void {
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Writes the module with the build script into a fresh temporary folder and returns it. */
export function writeModuleToTemp(): string {
  const parent = mkdtempSync(join(tmpdir(), "tf-module-"));
  temporary.push(parent);
  const dir = join(parent, "terraform-aws-guardduty-runtime-response");
  writeRegistryModule(dir);
  return dir;
}

let parsedFilesOnce: Promise<Map<string, Json>> | undefined;
/** Every .tf file of the module and its examples, parsed by hcl2json once (one child process), by path. */
export function parsedFiles(): Promise<Map<string, Json>> {
  const files = moduleFiles().filter((f) => f.path.endsWith(".tf"));
  return (parsedFilesOnce ??= parseHcl(files).then((all) => new Map(all.map((p, i) => [files[i].path, p]))));
}

export async function parsedFile(path: string): Promise<Json> {
  const parsed = (await parsedFiles()).get(path);
  if (parsed === undefined) throw new Error(`no parsed ${path}`);
  return parsed;
}

let parsedOnce: Promise<Json> | undefined;
/** Every .tf file of the module, parsed by hcl2json and merged per top-level block type (parsed once). */
export function parsedModule(): Promise<Json> {
  return (parsedOnce ??= parseModule());
}

async function parseModule(): Promise<Json> {
  const merged: Json = {};
  for (const file of moduleTfFiles()) {
    const parsed = await parsedFile(file.path);
    for (const [kind, value] of Object.entries(parsed)) {
      if (Array.isArray(value)) merged[kind] = [...(merged[kind] ?? []), ...value];
      else merged[kind] = deepMerge(merged[kind] ?? {}, value as Json);
    }
  }
  return merged;
}

function deepMerge(a: Json, b: Json): Json {
  const out: Json = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = k in out && typeof v === "object" && !Array.isArray(v) ? deepMerge(out[k], v) : v;
  return out;
}

/** `${expr}` as hcl2json writes an expression -> `expr`. */
export function expressionText(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("${") || !value.endsWith("}")) throw new Error(`not an expression: ${JSON.stringify(value)}`);
  return value.slice(2, -1);
}

// -----------------------------------------------------------------------------------------------------------------
// Terraform, offline: configurations without providers (variables, locals, outputs, local modules) apply without
// network access.

export const TF_ENV = { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: "/dev/null" };

export function terraformRun(terraform: string, dir: string, ...args: string[]): string {
  return execFileSync(terraform, [`-chdir=${dir}`, ...args], {
    env: TF_ENV,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 256 * 1024 * 1024,
  });
}

/** Runs a command that may fail; returns its exit status and output. */
export function terraformTry(terraform: string, dir: string, ...args: string[]): { status: number; output: string } {
  const r = spawnSync(terraform, [`-chdir=${dir}`, ...args], { env: TF_ENV, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  return { status: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
}

/**
 * Writes files (path -> content) under a fresh temporary folder and returns the values of its root outputs, as
 * `terraform plan` computes them (no resources: every value is known at plan time; no apply walk needed).
 */
export function applyOffline(terraform: string, files: Record<string, string>): Record<string, unknown> {
  const dir = writeTree(files);
  terraformRun(terraform, dir, "init", "-input=false", "-no-color");
  // plan prints every output; only its errors matter here (they fail the run with stderr in the message).
  execFileSync(terraform, [`-chdir=${dir}`, "plan", "-out=outputs.tfplan", "-input=false", "-no-color"], {
    env: TF_ENV,
    stdio: ["ignore", "ignore", "pipe"],
    maxBuffer: 256 * 1024 * 1024,
  });
  const plan = JSON.parse(terraformRun(terraform, dir, "show", "-json", "-no-color", "outputs.tfplan")) as {
    planned_values: { outputs?: Record<string, { value: unknown }> };
  };
  return Object.fromEntries(Object.entries(plan.planned_values.outputs ?? {}).map(([k, v]) => [k, v.value]));
}

/** Runs terraform without waiting (so that several runs overlap); resolves with its exit status and output. */
export function terraformAsync(terraform: string, dir: string, ...args: string[]): Promise<{ status: number; output: string }> {
  return new Promise((resolve) => {
    execFile(terraform, [`-chdir=${dir}`, ...args], { env: TF_ENV, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      const status = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
      resolve({ status, output: `${stdout}${stderr}` });
    });
  });
}

/** Like {@link applyOffline}, without blocking: init, plan, show. Rejects with Terraform's output on failure. */
export async function planOutputs(terraform: string, files: Record<string, string>): Promise<Record<string, unknown>> {
  const dir = writeTree(files);
  for (const args of [
    ["init", "-input=false", "-no-color"],
    ["plan", "-out=outputs.tfplan", "-input=false", "-no-color"],
  ]) {
    const r = await terraformAsync(terraform, dir, ...args);
    if (r.status !== 0) throw new Error(`terraform ${args[0]} failed in ${dir}:\n${r.output.slice(-20000)}`);
  }
  const shown = await terraformAsync(terraform, dir, "show", "-json", "-no-color", "outputs.tfplan");
  if (shown.status !== 0) throw new Error(`terraform show failed in ${dir}:\n${shown.output}`);
  const plan = JSON.parse(shown.output) as { planned_values: { outputs?: Record<string, { value: unknown }> } };
  return Object.fromEntries(Object.entries(plan.planned_values.outputs ?? {}).map(([k, v]) => [k, v.value]));
}

export function writeTree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "tf-harness-"));
  temporary.push(dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

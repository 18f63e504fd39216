/**
 * The check: every example config's stacks and the registry module (root and examples), each
 * initialized, validated and planned (`terraform test`, command = plan) by the real hashicorp/aws
 * provider, offline; each stack's backend block checked by `terraform init` with the network shut.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { backendAccepted, checkBackend } from "./backend-check";
import { planTestInputOfHclRoot, planTestInputOfStack, StackJson } from "./checked-roots";
import { renderPlanTest } from "./plan-test";
import { adaptHclFile, adaptStackJson, Rewrite, sumRewrites } from "./provider-compat";
import { majorOf, mirrorCliConfig, ProviderInstallation } from "./provider-installation";
import { buildRegistryModule, exampleConfigs, failureLine, synthesizeExample } from "./sources";
import { errorDiagnostics, firstErrorLine, runTerraform, TerraformRun } from "./terraform-cli";

export const STEPS = ["synth", "init", "validate", "plan", "backend"] as const;
export type StepName = (typeof STEPS)[number];
export type StepStatus = "pass" | "fail" | "skip";

export interface StepResult {
  readonly status: StepStatus;
  /** One line: why it failed, or what was checked. */
  readonly summary?: string;
  /** Terraform's error diagnostics, in full, for the report. */
  readonly errors?: readonly string[];
}

export interface RootResult {
  /** Row label: `<example> / <stack>` or `module` / `module examples/<name>`. */
  readonly label: string;
  readonly steps: Partial<Record<StepName, StepResult>>;
  /** Distinct warning summaries Terraform printed (not failures). */
  readonly warnings: readonly string[];
  /** Data source types the plan test had no plausible values for. */
  readonly inventedDataTypes: readonly string[];
}

export interface CheckResult {
  readonly roots: readonly RootResult[];
  readonly rewrites: readonly Rewrite[];
  readonly passed: boolean;
}

export interface CheckOptions {
  readonly projectRoot: string;
  readonly terraform: string;
  readonly installation: ProviderInstallation;
  /** Empty folder the check may write anything into. */
  readonly workDir: string;
  /** Example names to check (file names without .json); all when undefined. */
  readonly examples?: readonly string[];
  readonly includeModule: boolean;
  /** Roots checked at the same time. @default 2 */
  readonly jobs?: number;
  /** Per terraform command. @default 15 minutes: a busy machine is slow, never wrong. */
  readonly timeoutMs?: number;
  readonly log?: (line: string) => void;
}

/** Variables the registry module root needs to plan (its only required one). */
export const MODULE_ROOT_VARIABLES = { name_prefix: "guardduty-check" } as const;
const MODULE_ROOT_REGION = "ap-northeast-1";

/** The environment every terraform command of the check runs with. */
export function terraformEnv(base: NodeJS.ProcessEnv, installation: ProviderInstallation, workDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(base)) {
    // A selected workspace or extra CLI arguments from the caller's shell would change what runs.
    if (k === "TF_WORKSPACE" || k.startsWith("TF_CLI_ARGS")) continue;
    env[k] = v;
  }
  Object.assign(env, { TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1", TF_INPUT: "0" });
  if (installation.kind === "mirror") {
    const file = join(workDir, "terraform-check.tfrc");
    writeFileSync(file, mirrorCliConfig(installation.mirrorPath));
    env.TF_CLI_CONFIG_FILE = file;
  } else {
    // One download for every checked folder (and later runs): Terraform's shared plugin cache.
    const cache = base.TF_PLUGIN_CACHE_DIR ?? join(homedir(), ".terraform.d", "plugin-cache");
    mkdirSync(cache, { recursive: true });
    env.TF_PLUGIN_CACHE_DIR = cache;
  }
  return env;
}

/** Thrown when the provider cannot be installed at all: nothing can be checked here. */
export class ProviderUnavailableError extends Error {}

/** Thrown for an --example that names no file in examples/. */
export class UnknownExampleError extends Error {}

/** Installs hashicorp/aws once into a scratch folder, so a missing provider stops the check with one clear message. */
export async function preflightProvider(
  terraform: string,
  installation: ProviderInstallation,
  env: NodeJS.ProcessEnv,
  workDir: string,
  timeoutMs: number,
): Promise<void> {
  const dir = join(workDir, "provider-preflight");
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "main.tf.json"),
    JSON.stringify({ terraform: { required_providers: { aws: { source: "hashicorp/aws", version: installation.awsVersion } } } }),
  );
  const run = await runTerraform(terraform, dir, ["init", "-input=false", "-no-color", "-backend=false"], env, timeoutMs);
  if (run.code !== 0) {
    const where = installation.kind === "mirror" ? `the filesystem mirror ${installation.mirrorPath}` : "the Terraform registry (download)";
    throw new ProviderUnavailableError(`hashicorp/aws ${installation.awsVersion} could not be installed from ${where}: ${firstErrorLine(run)}`);
  }
}

const ok = (summary?: string): StepResult => ({ status: "pass", summary });
const skipped = (summary: string): StepResult => ({ status: "skip", summary });
const failed = (run: TerraformRun): StepResult => ({
  status: "fail",
  summary: firstErrorLine(run),
  errors: run.timedOut ? ["timed out"] : errorDiagnostics(run.output),
});

function warningsOf(...runs: TerraformRun[]): string[] {
  const found = new Set<string>();
  for (const run of runs) for (const m of run.output.matchAll(/^Warning: (.+)$/gm)) found.add(m[1].trim());
  return [...found];
}

/** A root ready to check: its folder (with the provider-adapted files) and the text of its plan test. */
export interface PreparedRoot {
  readonly label: string;
  readonly dir: string;
  readonly testText: string;
  readonly inventedDataTypes: readonly string[];
  readonly stack?: StackJson;
}

/**
 * One `terraform init` at a time: Terraform's plugin cache is not safe for concurrent writers (a
 * download may land in it), and init is quick once the provider is cached.
 */
let initQueue: Promise<unknown> = Promise.resolve();
function oneInitAtATime(run: () => Promise<TerraformRun>): Promise<TerraformRun> {
  const next = initQueue.then(run, run);
  initQueue = next.catch(() => undefined);
  return next;
}

/** init (-backend=false), validate, plan (terraform test), then the backend block on its own. */
export async function checkRoot(root: PreparedRoot, terraform: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<RootResult> {
  const steps: Partial<Record<StepName, StepResult>> = { synth: ok() };
  const base = { label: root.label, inventedDataTypes: root.inventedDataTypes };
  writeFileSync(join(root.dir, "terraform-check.tftest.hcl"), root.testText);
  const init = await oneInitAtATime(() => runTerraform(terraform, root.dir, ["init", "-input=false", "-no-color", "-backend=false"], env, timeoutMs));
  if (init.code !== 0) return { ...base, steps: { ...steps, init: failed(init) }, warnings: warningsOf(init) };
  steps.init = ok();
  const validate = await runTerraform(terraform, root.dir, ["validate", "-no-color"], env, timeoutMs);
  steps.validate = validate.code === 0 ? ok() : failed(validate);
  const plan = validate.code === 0 ? await runTerraform(terraform, root.dir, ["test", "-no-color"], env, timeoutMs) : undefined;
  steps.plan = plan === undefined ? skipped("not valid") : plan.code === 0 ? ok() : failed(plan);
  if (root.stack !== undefined) {
    const backend = await checkBackend(terraform, root.dir, root.stack, env, timeoutMs);
    steps.backend =
      backend === undefined
        ? skipped("no backend block")
        : backendAccepted(backend.run)
          ? ok(backend.kind)
          : { ...failed(backend.run), summary: `${backend.kind}: ${firstErrorLine(backend.run)}` };
  } else {
    steps.backend = skipped("none (module)");
  }
  return { ...base, steps, warnings: warningsOf(validate, ...(plan ? [plan] : [])) };
}

/** Runs `work` over `items`, at most `jobs` at a time, results in input order. */
async function inPool<T, R>(items: readonly T[], jobs: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, worker));
  return results;
}

function hclFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name.startsWith(".") ? [] : hclFilesUnder(path);
    return e.isFile() && e.name.endsWith(".tf") ? [path] : [];
  });
}

export async function runTerraformCheck(options: CheckOptions): Promise<CheckResult> {
  const log = options.log ?? (() => undefined);
  const timeoutMs = options.timeoutMs ?? 15 * 60 * 1000;
  const { installation, terraform, workDir } = options;
  const installed = installation.awsVersion;
  const major = majorOf(installed);
  const adapt = installation.kind === "mirror";
  const env = terraformEnv(process.env, installation, workDir);
  await preflightProvider(terraform, installation, env, workDir, timeoutMs);

  const prepared: PreparedRoot[] = [];
  const failedSynth: RootResult[] = [];
  const rewrites: Rewrite[][] = [];

  const all = exampleConfigs(join(options.projectRoot, "examples"));
  const unknown = (options.examples ?? []).filter((n) => !all.some((e) => e.name === n));
  if (unknown.length > 0)
    throw new UnknownExampleError(
      `no example named ${unknown.map((n) => JSON.stringify(n)).join(", ")} in examples/ (there are: ${all.map((e) => e.name).join(", ")})`,
    );
  const chosen = options.examples === undefined ? all : all.filter((e) => options.examples!.includes(e.name));
  for (const example of chosen) {
    log(`synthesizing examples/${example.name}.json`);
    const synth = synthesizeExample(options.projectRoot, example.path, join(workDir, "app", example.name));
    if (!synth.ok || synth.stacks.length === 0) {
      failedSynth.push({
        label: example.name,
        steps: { synth: { status: "fail", summary: failureLine(synth.output), errors: [synth.output.trim()] } },
        warnings: [],
        inventedDataTypes: [],
      });
      continue;
    }
    for (const s of synth.stacks) {
      const file = join(s.dir, "cdk.tf.json");
      let text = readFileSync(file, "utf8");
      const stack = JSON.parse(text) as StackJson;
      if (adapt) {
        const adapted = adaptStackJson(text, installed);
        text = adapted.text;
        rewrites.push([...adapted.rewrites]);
        writeFileSync(file, text);
      }
      const test = renderPlanTest(planTestInputOfStack(JSON.parse(text) as StackJson, major));
      prepared.push({ label: `${example.name} / ${s.name}`, dir: s.dir, testText: test.text, inventedDataTypes: test.inventedTypes, stack });
    }
  }

  if (options.includeModule) {
    log("writing the registry module (npm run module)");
    const moduleDir = join(workDir, "module", "terraform-aws-guardduty-runtime-response");
    const built = buildRegistryModule(options.projectRoot, moduleDir);
    if (!built.ok) {
      failedSynth.push({
        label: "module",
        steps: { synth: { status: "fail", summary: failureLine(built.output), errors: [built.output.trim()] } },
        warnings: [],
        inventedDataTypes: [],
      });
    } else {
      if (adapt) {
        for (const file of hclFilesUnder(moduleDir)) {
          const adapted = adaptHclFile(readFileSync(file, "utf8"), installed);
          rewrites.push([...adapted.rewrites]);
          writeFileSync(file, adapted.text);
        }
      }
      const roots = [
        { label: "module", dir: moduleDir, variables: { ...MODULE_ROOT_VARIABLES } as Record<string, unknown> },
        ...built.examples.map((name) => ({ label: `module examples/${name}`, dir: join(moduleDir, "examples", name), variables: undefined })),
      ];
      for (const r of roots) {
        const test = renderPlanTest(planTestInputOfHclRoot(r.dir, major, { defaultRegion: MODULE_ROOT_REGION, variables: r.variables }));
        prepared.push({ label: r.label, dir: r.dir, testText: test.text, inventedDataTypes: test.inventedTypes });
      }
    }
  }

  const checked = await inPool(prepared, options.jobs ?? 2, async (root) => {
    log(`checking ${root.label}`);
    return checkRoot(root, terraform, env, timeoutMs);
  });
  const roots = [...failedSynth, ...checked];
  const passed = roots.every((r) => Object.values(r.steps).every((s) => s?.status !== "fail"));
  return { roots, rewrites: sumRewrites(rewrites), passed };
}

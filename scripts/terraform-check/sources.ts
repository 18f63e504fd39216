/**
 * What the check feeds to Terraform, produced the way a user produces it: each example config
 * synthesized by `main.ts --config <file>` (one process per example, into its own folder), and the
 * registry module written by `scripts/build-module.ts --out <folder>`.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

export interface CommandResult {
  readonly ok: boolean;
  readonly output: string;
}

function runTsx(projectRoot: string, args: readonly string[], env: NodeJS.ProcessEnv): CommandResult {
  const tsx = require.resolve("tsx/cli", { paths: [projectRoot] });
  const run = spawnSync(process.execPath, [tsx, ...args], { cwd: projectRoot, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return { ok: run.status === 0, output: `${run.stdout ?? ""}${run.stderr ?? ""}${run.error ? String(run.error) : ""}` };
}

/** The example configs, by name (file name without .json), sorted. */
export function exampleConfigs(examplesDir: string): { readonly name: string; readonly path: string }[] {
  return readdirSync(examplesDir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => ({ name: basename(f, ".json"), path: join(examplesDir, f) }));
}

/** The line that says why a command failed: its first error line, else its first line. */
export function failureLine(output: string): string {
  const lines = output
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
  return lines.find((l) => /^(\w*Error\b|error\b)/.test(l)) ?? lines[0] ?? "no output";
}

export interface SynthesizedStack {
  readonly name: string;
  /** Folder holding cdk.tf.json. */
  readonly dir: string;
}

/** Synthesizes one config into `outDir` with the app's own entry point; lists the stacks it wrote. */
export function synthesizeExample(projectRoot: string, configPath: string, outDir: string): CommandResult & { readonly stacks: readonly SynthesizedStack[] } {
  const env: NodeJS.ProcessEnv = { ...process.env, CDKTF_OUTDIR: outDir };
  delete env.GUARDDUTY_RESPONSE_CONFIG;
  mkdirSync(outDir, { recursive: true });
  const result = runTsx(projectRoot, ["main.ts", "--config", configPath], env);
  const manifestPath = join(outDir, "manifest.json");
  if (!result.ok || !existsSync(manifestPath)) return { ...result, ok: false, stacks: [] };
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { stacks: Record<string, { name: string; workingDirectory: string }> };
  const stacks = Object.values(manifest.stacks)
    .map((s) => ({ name: s.name, dir: join(outDir, s.workingDirectory) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { ...result, stacks };
}

/** Writes the registry module into `outDir` (which must not exist yet) with the project's own command. */
export function buildRegistryModule(projectRoot: string, outDir: string): CommandResult & { readonly examples: readonly string[] } {
  mkdirSync(dirname(outDir), { recursive: true });
  const result = runTsx(projectRoot, ["scripts/build-module.ts", "--out", outDir], { ...process.env });
  const examplesDir = join(outDir, "examples");
  const examples =
    result.ok && existsSync(examplesDir)
      ? readdirSync(examplesDir, { withFileTypes: true })
          .filter((e) => e.isDirectory())
          .map((e) => e.name)
          .sort()
      : [];
  return { ...result, examples };
}

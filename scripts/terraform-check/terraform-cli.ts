/** Finding and running the terraform binary. */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";

/** The terraform binary on PATH, or undefined. */
export function findTerraformOnPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const names = process.platform === "win32" ? ["terraform.exe"] : ["terraform"];
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    for (const name of names) {
      if (dir !== "" && existsSync(join(dir, name))) return join(dir, name);
    }
  }
  return undefined;
}

/** `terraform version` as "1.11.4", or undefined when it does not run. */
export function terraformVersion(terraform: string): string | undefined {
  const run = spawnSync(terraform, ["version", "-json"], { encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
  if (run.status !== 0) return undefined;
  try {
    return (JSON.parse(run.stdout) as { terraform_version?: string }).terraform_version;
  } catch {
    return undefined;
  }
}

export interface TerraformRun {
  /** Exit code; null when it was killed. */
  readonly code: number | null;
  /** stdout and stderr, interleaved as written. */
  readonly output: string;
  readonly timedOut: boolean;
}

/** Runs `terraform <args>` in `dir`; never throws for a failing command, only reports it. */
export function runTerraform(terraform: string, dir: string, args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<TerraformRun> {
  return new Promise((done) => {
    const child = spawn(terraform, [`-chdir=${dir}`, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let timedOut = false;
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGTERM");
    }, timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      done({ code: null, output: `${output}${String(e)}`, timedOut });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      done({ code, output, timedOut });
    });
  });
}

/** The error diagnostics of terraform's human-readable output, each as its text (summary and detail). */
export function errorDiagnostics(output: string): string[] {
  const parts = output.split(/^(?=(?:Error|Warning): )/m);
  return parts.filter((p) => p.startsWith("Error: ")).map((p) => p.trim());
}

/** A short one-line reason for a failed run: its first error's summary and first line of detail. */
export function firstErrorLine(run: TerraformRun): string {
  if (run.timedOut) return "timed out";
  const error = errorDiagnostics(run.output)[0];
  if (error === undefined) {
    const last = run.output
      .trim()
      .split("\n")
      .filter((l) => l.trim() !== "")
      .pop();
    return last ?? `exit ${run.code}`;
  }
  const lines = error.split("\n").map((l) => l.trim());
  const summary = lines[0].replace(/^Error: /, "");
  // The detail follows the source excerpt ("on file line n" and code lines) after a blank line.
  const detail = lines
    .slice(1)
    .filter((l) => l !== "" && !/^on .* line \d+/.test(l) && !/^\d+:/.test(l) && !/^[│├╵╷]/.test(l))
    .find((l) => !l.startsWith("("));
  return detail !== undefined && detail !== summary ? `${summary}: ${detail}` : summary;
}

/**
 * Synthesis benchmark, in two parts.
 *
 * 1. The default synth as users run it: wall time of `node dist/main.js` (the compiled app, what `npm run synth`
 *    and cdktf.json run) in a process of its own, against its floor, node loading cdktf and constructs; and, for
 *    comparison, `tsx main.ts` (compiling the sources at start, as the app ran before). `npm run bench` builds
 *    dist/ first.
 * 2. In one process: wall time to synthesize 1, 10 and 100 stacks of the built-in default config in one app,
 *    against the floor of empty stacks with the same imports. Growth should be linear.
 *
 *   npm run bench                 # both parts; best and median of 5 processes, best of 3 in-process runs
 *   npm run bench -- 1 10 --runs 5 --processes 9
 *
 * A benchmark, not a test: the numbers depend on the machine and its load; compare rows of one run.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, TerraformStack } from "cdktf";
import { loadConfig } from "../config/load-config";
import { planStacks } from "../config/stack-plans";
import { stackPropsOf } from "../config/stack-props";
import { RuntimeMonitoringStack } from "../modules/runtime-monitoring-stack";

function timeSynth(stacks: number, build: (app: App, i: number) => void): number {
  const outdir = mkdtempSync(join(tmpdir(), "bench-"));
  try {
    const started = performance.now();
    const app = new App({ outdir });
    for (let i = 0; i < stacks; i++) build(app, i);
    app.synth();
    return performance.now() - started;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function bestOf(runs: number, measure: () => number): number {
  return Math.min(...Array.from({ length: runs }, measure));
}

const ROOT = resolve(__dirname, "..");

/** Wall time of one process `node <args>` in ROOT, its output into a fresh folder; throws if it fails. */
function timeProcess(args: readonly string[]): number {
  const outdir = mkdtempSync(join(tmpdir(), "bench-process-"));
  try {
    const started = performance.now();
    const run = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", env: { ...process.env, CDKTF_OUTDIR: outdir } });
    const elapsed = performance.now() - started;
    if (run.status !== 0) throw new Error(`node ${args.join(" ")} exited ${run.status}: ${run.stderr}`);
    return elapsed;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function bestAndMedian(runs: number, measure: () => number): { best: number; median: number } {
  const times = Array.from({ length: runs }, measure).sort((a, b) => a - b);
  return { best: times[0], median: times[Math.floor(times.length / 2)] };
}

/** Part 1: the default synth in a process of its own against node loading cdktf. */
function processRows(runs: number): void {
  const compiled = join(ROOT, "dist", "main.js");
  if (!existsSync(compiled)) throw new Error("dist/main.js is missing: run npm run build (npm run bench does)");
  const rows: [string, readonly string[]][] = [
    ["node, nothing loaded", ["-e", "0"]],
    ["floor: node loading cdktf and constructs", ["-e", 'require("cdktf"); require("constructs")']],
    ["default synth: node dist/main.js", [compiled]],
    ["default synth from source: tsx main.ts", [require.resolve("tsx/cli"), join(ROOT, "main.ts")]],
  ];
  const measured = rows.map(([label, args]) => ({ label, ...bestAndMedian(runs, () => timeProcess(args)) }));
  const floor = measured[1].median;
  console.log(`| default synth, one process each | best ms | median ms | median / floor | ${runs} runs |`);
  console.log("|---|---:|---:|---:|---|");
  for (const m of measured) console.log(`| ${m.label} | ${m.best.toFixed(0)} | ${m.median.toFixed(0)} | ${(m.median / floor).toFixed(1)}x | |`);
  console.log("");
}

function main(): void {
  const args = process.argv.slice(2);
  const runsAt = args.indexOf("--runs");
  const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 3;
  const processesAt = args.indexOf("--processes");
  const processes = processesAt >= 0 ? Number(args[processesAt + 1]) : 5;
  const counts = args.filter((a, i) => !a.startsWith("--") && i !== runsAt + 1 && i !== processesAt + 1).map(Number);
  processRows(processes);
  const sizes = counts.length > 0 ? counts : [1, 10, 100];
  const { config } = loadConfig();
  const props = stackPropsOf(planStacks(config)[0]);

  // Warm the module cache so the first row does not pay for loading.
  timeSynth(1, (app, i) => new RuntimeMonitoringStack(app, `warm-${i}`, props));

  const rows = sizes.map((n) => {
    const floor = bestOf(runs, () => timeSynth(n, (app, i) => new AwsProvider(new TerraformStack(app, `empty-${i}`), "aws", { region: config.region })));
    const full = bestOf(runs, () => timeSynth(n, (app, i) => new RuntimeMonitoringStack(app, `stack-${i}`, props)));
    return { n, floor, full };
  });

  console.log(`| stacks | empty stacks (floor) ms | default-config stacks ms | ms per stack | best of ${runs} |`);
  console.log("|---:|---:|---:|---:|---|");
  for (const r of rows) console.log(`| ${r.n} | ${r.floor.toFixed(0)} | ${r.full.toFixed(0)} | ${(r.full / r.n).toFixed(1)} | |`);
  const first = rows[0];
  const last = rows[rows.length - 1];
  if (rows.length > 1) {
    const growth = last.full / last.n / (first.full / first.n);
    console.log(`\nper-stack time at ${last.n} stacks is ${growth.toFixed(2)}x the per-stack time at ${first.n} (1.0 = perfectly linear)`);
  }
}

main();

/**
 * Synthesis benchmark: wall time to synthesize 1, 10 and 100 stacks of the built-in default config in
 * one app, against the floor of empty stacks with the same imports. Growth should be linear.
 *
 *   npm run bench                 # 1, 10, 100 stacks, best of 3
 *   npm run bench -- 1 10 --runs 5
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

function main(): void {
  const args = process.argv.slice(2);
  const runsAt = args.indexOf("--runs");
  const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 3;
  const counts = args.filter((a, i) => !a.startsWith("--") && i !== runsAt + 1).map(Number);
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

/**
 * What `main.ts` leaves in the CDKTF output folder: stacks an earlier synthesis wrote and this one no longer
 * owns are removed, so `cdktf deploy` cannot pick up a stack of another config; what we did not write is kept.
 *
 * Ownership is read from the previous `manifest.json` (CDKTF writes it on every synthesis, listing each stack
 * and its working directory `stacks/<name>`): only folders listed there are candidates, never anything else
 * under the output folder.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

/** What synthesis and `terraform init` put in a stack folder: regenerated or re-downloaded, never user data. */
const REGENERATED_ENTRIES: ReadonlySet<string> = new Set(["cdk.tf.json", "metadata.json", ".terraform", ".terraform.lock.hcl"]);

/** The stacks the manifest of an earlier synthesis in `outdir` lists (none when there is none or it is unreadable). */
export function stacksOfPreviousSynth(outdir: string): string[] {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
  } catch {
    return [];
  }
  const stacks = (manifest as { stacks?: unknown }).stacks;
  if (stacks === null || typeof stacks !== "object") return [];
  return Object.values(stacks as Record<string, { workingDirectory?: unknown }>)
    .map((stack) => stack?.workingDirectory)
    .filter((dir): dir is string => typeof dir === "string")
    .map((dir) => dir.split("\\").join("/"))
    .filter((dir) => /^stacks\/[A-Za-z0-9_.-]+$/.test(dir) && !dir.endsWith("/.") && !dir.endsWith("/.."))
    .map((dir) => dir.slice("stacks/".length));
}

/** One line per stale stack folder: removed, or kept with the reason. */
export function removeStaleStacks(outdir: string, previous: readonly string[], current: readonly string[]): string[] {
  const stacksDir = resolve(outdir, "stacks");
  const notes: string[] = [];
  for (const name of previous.filter((stack) => !current.includes(stack))) {
    const dir = resolve(stacksDir, name);
    if (dirname(dir) !== stacksDir || basename(dir) !== name || !existsSync(dir)) continue;
    const foreign = readdirSync(dir).filter((entry) => !REGENERATED_ENTRIES.has(entry));
    if (foreign.length === 0) {
      rmSync(dir, { recursive: true, force: true });
      notes.push(`removed ${join(outdir, "stacks", name)}: a stack of an earlier synth that this config does not have`);
    } else {
      notes.push(
        `kept ${join(outdir, "stacks", name)}: a stack of an earlier synth that this config does not have, but it holds ${foreign.join(", ")}, which synth did not write; remove it yourself when you no longer need it`,
      );
    }
  }
  return notes;
}

/** How many resources a synthesized stack declares. */
export function resourceCount(stackFile: string): number {
  const json = JSON.parse(readFileSync(stackFile, "utf8")) as { resource?: Record<string, Record<string, unknown>> };
  return Object.values(json.resource ?? {}).reduce((sum, byName) => sum + Object.keys(byName).length, 0);
}

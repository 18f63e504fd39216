/**
 * Property: every config the loader accepts synthesizes, stack by stack, without an exception; the loader
 * itself either accepts or refuses with a ConfigError (exit 2), never crashes. Generated configs cover every
 * section (config-arbitrary.ts), with edge values the loader must refuse before a construct does.
 */
import { Testing } from "cdktf";
import fc from "fast-check";
import { ConfigError } from "../../config/config-error";
import type { Config } from "../../config/config-schema";
import { parseConfig } from "../../config/load-config";
import { planStacks } from "../../config/stack-plans";
import { stackPropsOf } from "../../config/stack-props";
import { RuntimeMonitoringStack } from "../../modules/runtime-monitoring-stack";
import { configDocument } from "./config-arbitrary";

/** The loader's verdict: the config, or the settings it refused. Anything else thrown is a crash. */
function load(document: unknown): { config: Config } | { refused: string[] } {
  try {
    return { config: parseConfig(document, "generated.json") };
  } catch (e) {
    if (e instanceof ConfigError) return { refused: e.problems.map((p) => p.setting) };
    throw e;
  }
}

/** Synthesizes every stack of the config as `cdktf synth` would, with CDKTF's validations. */
function synthesizeAll(config: Config): void {
  const app = Testing.app();
  for (const plan of planStacks(config)) {
    const stack = new RuntimeMonitoringStack(app, plan.stackName, stackPropsOf(plan));
    Testing.synth(stack, true);
  }
}

function checkAcceptedConfigsSynthesize(parameters: fc.Parameters<[Record<string, unknown>]>): { accepted: number; refused: number } {
  const counts = { accepted: 0, refused: 0 };
  fc.assert(
    fc.property(configDocument(), (document) => {
      const verdict = load(document);
      if ("refused" in verdict) {
        counts.refused++;
        return;
      }
      counts.accepted++;
      synthesizeAll(verdict.config);
    }),
    parameters,
  );
  return counts;
}

describe("generated configs", () => {
  test("GIVEN a fixed seed WHEN the loader accepts a generated config THEN every stack synthesizes, and a good share is accepted", () => {
    const counts = checkAcceptedConfigsSynthesize({ seed: 20261204, numRuns: 40 });
    // The arbitrary reaches both sides: configs that synthesize and configs the rules refuse.
    expect(counts.accepted).toBeGreaterThanOrEqual(10);
    expect(counts.refused).toBeGreaterThanOrEqual(10);
  });

  test("GIVEN a seed that changes every run WHEN the loader accepts a generated config THEN every stack synthesizes", () => {
    // fast-check prints the seed and the shrunk config of a failure, so a failure found here can be replayed.
    const seed = Number(process.env.CONFIG_PROPERTY_SEED ?? Date.now() % 2 ** 31);
    checkAcceptedConfigsSynthesize({ seed, numRuns: 15 });
  });
});

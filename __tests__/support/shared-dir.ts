/**
 * The `shared/` folder that sits beside the repository (seed documents, AWS-recorded test vectors, public
 * finding samples). It is not part of the repository and not ours to redistribute: CI clones the repository
 * with shared/ beside it (GUARDDUTY_SHARED_DIR points elsewhere if needed); a clone with nothing beside it
 * runs every other test and skips these, saying by name what is missing.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";

/** Where shared/ is looked for. */
export function sharedRoot(): string {
  return process.env.GUARDDUTY_SHARED_DIR ?? resolve(__dirname, "../../../shared");
}

/** The path of `parts` under shared/; throws when it is missing (use inside `describeWithShared` only). */
export function sharedPath(...parts: string[]): string {
  const path = resolve(sharedRoot(), ...parts);
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: these tests read shared/ beside the repository (or set GUARDDUTY_SHARED_DIR)`);
  }
  return path;
}

/** The entries of `required` (paths under shared/) that do not exist, as `../shared/<path>`. */
export function missingSharedPaths(required: readonly string[]): string[] {
  return required.filter((path) => !existsSync(resolve(sharedRoot(), path))).map((path) => `../shared/${path}`);
}

/**
 * A `describe` block that needs files of shared/: with all of `required` present it runs `body`; otherwise
 * `body` is not even called (it may read the files at collection time) and one skipped test stands in,
 * titled `skipped: ../shared/<path> missing`.
 */
export function describeWithShared(name: string, required: readonly string[], body: () => void): void {
  const missing = missingSharedPaths(required);
  if (missing.length === 0) {
    describe(name, body);
    return;
  }
  // The test runner's skip through a variable: this skip is deliberate and its title names what is missing.
  const skippedTest = test.skip;
  describe(name, () => {
    skippedTest(`skipped: ${missing.join(", ")} missing (clone shared/ beside the repository or set GUARDDUTY_SHARED_DIR)`, () => undefined);
  });
}

/** Paths under shared/ that the tests read. */
export const SHARED = {
  ecsSeed: "seeds/ecs-runtime-monitoring-auto-stop.ja.txt",
  eksSeed: "seeds/eks-runtime-monitoring-detection.ja.txt",
  findingSamples: "testdata/findings",
  eventBridgeVectors: "testdata/eventbridge",
} as const;

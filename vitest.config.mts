import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["__tests__/**/*.test.ts"],
    // describe, test and expect as globals, as the tests were written for them.
    globals: true,
    setupFiles: ["__tests__/support/setup.ts", "__tests__/support/unmapped-construct-traces.ts"],
    // The registry module's tree, generated before the workers start when its disk cache is cold (a minute).
    globalSetup: ["__tests__/support/global-setup.ts"],
    // Tests must not depend on machine speed: the few that wait on a child process (hcl2json, terraform) or load
    // the simulation get a minute on a busy machine instead of the 5 s default; a hang still fails.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Child processes, two on this 2-core machine (the suites are CPU-bound and independent), each with a 64 MB
    // young generation: synthesis allocates much.
    pool: "forks",
    poolOptions: { forks: { minForks: 2, maxForks: 2, execArgv: ["--max-semi-space-size=64"] } },
    // The test files of a worker share its loaded modules: loading cdktf, the provider classes and the constructs
    // once per worker instead of once per file halves the run. The price: a test file must leave no state behind
    // (a spy, an environment variable, a deleted folder another file caches); setup files install idempotently.
    isolate: false,
    restoreMocks: true,
  },
});

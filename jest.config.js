/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: {
    // Type checking is `npm run build` (tsc --noEmit); tsconfig isolatedModules lets ts-jest transpile per file, fast.
    "^.+\\.tsx?$": ["ts-jest", { diagnostics: false }],
  },
  setupFiles: ["<rootDir>/__tests__/support/setup.ts"],
  setupFilesAfterEnv: ["<rootDir>/__tests__/support/unmapped-construct-traces.ts"],
  // Tests must not depend on machine speed: the few that wait on a child process (hcl2json, terraform) or load
  // the simulation get a minute on a busy machine instead of jest's 5 s; a hang still fails.
  testTimeout: 60_000,
  moduleFileExtensions: ["ts", "js", "json"],
  // Jest's default is cores - 1, one worker on this 2-core machine; the suites are CPU-bound and independent.
  maxWorkers: 2,
};

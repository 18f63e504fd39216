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
  moduleFileExtensions: ["ts", "js", "json"],
  // Jest's default is cores - 1, one worker on this 2-core machine; the suites are CPU-bound and independent.
  maxWorkers: 2,
};

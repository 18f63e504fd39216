/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: {
    // isolatedModules: type checking is `npm run build` (tsc --noEmit); per-file transpiling keeps the suite fast.
    "^.+\\.tsx?$": ["ts-jest", { isolatedModules: true, diagnostics: false }],
  },
  setupFiles: ["<rootDir>/__tests__/support/setup.ts"],
  moduleFileExtensions: ["ts", "js", "json"],
};

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
};

/** Preflight in the user's own account: `npm run preflight` (scripts/preflight.ts); guide: docs/preflight.md. */
export { runPreflight, selectStacks, defaultClients, PreflightInputError, type PreflightClients, type PreflightOptions } from "./run-preflight";
export { formatTable, DRY_RUN_NOTE } from "./table";
export { exitCodeOf, type PreflightRow, type PreflightResult } from "./rows";

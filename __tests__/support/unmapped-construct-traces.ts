/**
 * The test runner maps every stack trace through source maps (installed before this file runs). cdktf and constructs
 * capture a complete stack trace for every token they create (`captureStackTrace` on a plain object, in
 * node_modules/cdktf/lib/tokens/private/stack-trace.js), only to print it if that token is later misused. Mapping
 * those traces, hundreds per synthesized stack, took a third of the time of every test that synthesizes, and
 * formatting them unmapped still took seconds of every run: in tests they are one line naming this file, so a
 * token's creation stack is empty. Every other stack (a failing test's, a thrown error's) is still mapped.
 */
const mapped = Error.prepareStackTrace;

const capturedByCdktf = (error: unknown, frames: readonly NodeJS.CallSite[]): boolean =>
  !(error instanceof Error) && /[\\/]node_modules[\\/](cdktf|constructs)[\\/]/.test(frames[0]?.getFileName() ?? "");

// The test files of a worker share one process (vitest.config.mts, isolate off): installed once, not wrapped again.
const INSTALLED = Symbol.for("guardduty-runtime-response.unmapped-construct-traces");

if (mapped !== undefined && !(INSTALLED in mapped)) {
  const unmapped = (error: Error, frames: NodeJS.CallSite[]): unknown =>
    capturedByCdktf(error, frames) ? `${String(error)} (not recorded in tests: __tests__/support/unmapped-construct-traces.ts)` : mapped(error, frames);
  Error.prepareStackTrace = Object.assign(unmapped, { [INSTALLED]: true });
}

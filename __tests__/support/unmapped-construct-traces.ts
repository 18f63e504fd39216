/**
 * The test runner maps every stack trace through source maps (installed before this file runs). cdktf
 * and constructs capture a complete stack trace for every token they create (`captureStackTrace` on a plain
 * object, in node_modules/cdktf/lib/tokens/private/stack-trace.js), only to print it if that token is later
 * misused. Mapping those traces, hundreds per synthesized stack, through the inline source maps of cdktf's files
 * took a third of the time of every test that synthesizes. Those traces alone are formatted as V8 formats them
 * without source maps; every other stack (a failing test's, a thrown error's) is still mapped.
 */
const mapped = Error.prepareStackTrace;

const capturedByCdktf = (error: unknown, frames: readonly NodeJS.CallSite[]): boolean =>
  !(error instanceof Error) && /[\\/]node_modules[\\/](cdktf|constructs)[\\/]/.test(frames[0]?.getFileName() ?? "");

// The test files of a worker share one process (vitest.config.mts, isolate off): installed once, not wrapped again.
const INSTALLED = Symbol.for("guardduty-runtime-response.unmapped-construct-traces");

if (mapped !== undefined && !(INSTALLED in mapped)) {
  const unmapped = (error: Error, frames: NodeJS.CallSite[]): unknown =>
    capturedByCdktf(error, frames) ? `${String(error)}${frames.map((frame) => `\n    at ${String(frame)}`).join("")}` : mapped(error, frames);
  Error.prepareStackTrace = Object.assign(unmapped, { [INSTALLED]: true });
}

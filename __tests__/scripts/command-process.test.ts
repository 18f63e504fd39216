/** Every command's input errors exit 2 the same way, and an unexpected error exits 1 with its stack. */
import { ConfigError } from "../../config/config-error";
import { UsageError } from "../../scripts/cli-arguments";
import { inputErrorExitCode, runAsProcess } from "../../scripts/command-process";

const bufferIo = () => {
  const out = { stdout: "", stderr: "" };
  return { out, io: { stdout: { write: (t: string) => (out.stdout += t) }, stderr: { write: (t: string) => (out.stderr += t) } } };
};

describe("inputErrorExitCode", () => {
  test("GIVEN a command-line mistake THEN it writes the message and the usage, and returns 2", () => {
    const { out, io } = bufferIo();
    // WHEN
    const code = inputErrorExitCode(new UsageError("--conifg: unknown option"), io, "usage: cmd --config FILE");
    // THEN
    expect(code).toBe(2);
    expect(out.stderr).toBe("--conifg: unknown option\n\nusage: cmd --config FILE\n");
    expect(out.stdout).toBe("");
  });

  test("GIVEN a config error THEN it writes the problems without the usage, and returns 2", () => {
    const { out, io } = bufferIo();
    const error = new ConfigError("x.json", [{ setting: "region", value: '"mars-1"', allowed: "an AWS region" }]);
    // WHEN
    const code = inputErrorExitCode(error, io, "usage: cmd");
    // THEN
    expect(code).toBe(2);
    expect(out.stderr).toBe('Invalid config x.json:\n  - region: "mars-1" is not allowed; expected an AWS region\n');
  });

  test("GIVEN any other error THEN it writes nothing and returns undefined, for the caller to rethrow", () => {
    const { out, io } = bufferIo();
    // WHEN
    const code = inputErrorExitCode(new TypeError("x is undefined"), io, "usage: cmd");
    // THEN
    expect(code).toBeUndefined();
    expect(out.stderr).toBe("");
  });
});

describe("runAsProcess", () => {
  const saved = process.exitCode;
  afterEach(() => {
    process.exitCode = saved;
    vi.restoreAllMocks();
  });

  test("GIVEN a main that resolves to 2 THEN the process exit code is 2", async () => {
    // WHEN
    runAsProcess("cmd", async () => 2);
    await new Promise((done) => setImmediate(done));
    // THEN
    expect(process.exitCode).toBe(2);
  });

  test("GIVEN a main that throws THEN the exit code is 1 and stderr names the command and the error", async () => {
    const written: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((text) => written.push(String(text)) > 0);
    // WHEN
    runAsProcess("review", () => {
      throw new Error("boom");
    });
    await new Promise((done) => setImmediate(done));
    // THEN
    expect(process.exitCode).toBe(1);
    expect(written.join("")).toMatch(/^review: unexpected error: Error: boom\n {4}at /);
  });

  test("GIVEN an async main that rejects THEN the exit code is 1", async () => {
    vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    // WHEN
    runAsProcess("simulate", async () => Promise.reject(new Error("late")));
    await new Promise((done) => setImmediate(done));
    // THEN
    expect(process.exitCode).toBe(1);
  });
});

/** `npm run review -- --out <file>` (scripts/review.ts) where the file cannot be written: a clear error, exit 2. */
import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../../scripts/review";

/** Runs the CLI's main with stdout and stderr captured. */
function run(argv: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((s) => ((stdout += String(s)), true));
  const err = vi.spyOn(process.stderr, "write").mockImplementation((s) => ((stderr += String(s)), true));
  try {
    return { code: main(argv), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe("npm run review --out", () => {
  test("into a folder that does not exist: exit 2 naming the folder, nothing created", () => {
    // GIVEN a report path whose folder is missing
    const missing = join(mkdtempSync(join(tmpdir(), "review-out-")), "no-such-folder");
    // WHEN reviewed
    const result = run(["--out", join(missing, "review.md")]);
    // THEN exit 2 with the reason, no stack trace, and the folder still missing
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.split("\n")[0]).toBe(`--out: the folder ${missing} does not exist; create it first, or write the report elsewhere`);
    expect(existsSync(missing)).toBe(false);
  });

  test("naming a folder: exit 2 asking for a file name", () => {
    const folder = join(mkdtempSync(join(tmpdir(), "review-out-")), "reports");
    mkdirSync(folder);
    const result = run(["--out", folder]);
    expect(result.code).toBe(2);
    expect(result.stderr.split("\n")[0]).toBe(`--out: ${folder} is a folder; name the report file, e.g. ${join(folder, "review.md")}`);
  });

  test("an empty --out: exit 2 instead of printing to stdout", () => {
    const result = run(["--out="]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.split("\n")[0]).toBe("--out needs a value, got an empty one");
  });
});

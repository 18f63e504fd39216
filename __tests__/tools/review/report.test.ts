/** The review report and `npm run review` (scripts/review.ts), run in process. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BUILT_IN_DEFAULT, parseConfig } from "../../../config/load-config";
import { buildReviewReport, REPORT_SECTIONS } from "../../../tools/review/report";
import { main, parseReviewArguments, synthesizeForReview } from "../../../scripts/review";
import { synthesize } from "./review-stacks";

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

describe("buildReviewReport", () => {
  test("of the built-in default config has each section heading, in order", () => {
    // GIVEN the built-in default, synthesized  WHEN the report is built
    const { json, config } = synthesize();
    const report = buildReviewReport({ synthesized: json, config, configSource: BUILT_IN_DEFAULT });
    // THEN one H1 and every section as an H2, in the documented order
    expect(report.startsWith("# Plan review: `ecs-runtime-monitoring-stop-task-dev-ap-northeast-1`\n")).toBe(true);
    const headings = report.split("\n").filter((l) => l.startsWith("## "));
    expect(headings).toEqual(REPORT_SECTIONS.map((s) => `## ${s}`));
    expect(report.match(/```mermaid\n/g)).toHaveLength(2);
  });

  test("says what happens to the detector: created, adopted by id, or looked up", () => {
    // GIVEN the default config, one adopting a detector by id, and one that neither creates nor names it
    const intentOf = (detector?: Record<string, unknown>) => {
      const { json, config } = synthesize(detector === undefined ? undefined : { detector });
      return buildReviewReport({ synthesized: json, config, configSource: "test" });
    };
    // WHEN each is reported THEN its intent says which
    expect(intentOf()).toContain("creates the detector");
    expect(intentOf({ existing_detector_id: "12abc34d567e8fa901bc2d34e56789f0" })).toContain("adopts detector `12abc34d567e8fa901bc2d34e56789f0`");
    expect(intentOf({ create: false })).toContain("looks up the account's detector (it must be ENABLED)");
  });
});

describe("npm run review", () => {
  test("writes the report to --out and nothing to stdout", () => {
    // GIVEN an output path  WHEN run on the default config
    const out = join(mkdtempSync(join(tmpdir(), "review-out-")), "review.md");
    const result = run(["--out", out, "--vcpus", "600"]);
    // THEN exit 0, the report in the file, with the vCPUs given
    expect(result).toMatchObject({ code: 0, stdout: "" });
    const report = readFileSync(out, "utf8");
    expect(report).toContain("## Monthly cost estimate");
    expect(report).toContain("600 vCPUs: 500 x USD 1.50 + 100 x USD 0.75");
  });

  test("a bad config exits 2 with the problems and writes no report", () => {
    // GIVEN an invalid config
    const dir = mkdtempSync(join(tmpdir(), "review-bad-"));
    const config = join(dir, "bad.json");
    writeFileSync(config, JSON.stringify({ region: "tokyo" }));
    // WHEN reviewed
    const result = run(["--config", config, "--out", join(dir, "review.md")]);
    // THEN exit 2, the problem on stderr, no file
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`Invalid config ${config}:`);
    expect(result.stderr).toContain('region: "tokyo" is not allowed');
    expect(existsSync(join(dir, "review.md"))).toBe(false);
  });

  test.each([
    [["--vcpus", "-3"], '--vcpus: "-3" is not allowed'],
    [["--price-region", "eu-west-1"], '--price-region: "eu-west-1" is not allowed'],
    [["--bogus"], "unknown option --bogus"],
  ])("%p is a usage error", (argv, message) => {
    expect(() => parseReviewArguments(argv)).toThrow(message);
    expect(run(argv).code).toBe(2);
  });
});

describe("npm run review --stack", () => {
  const config = parseConfig({ deployments: [{ account_id: "111111111111", regions: ["ap-northeast-1", "us-east-1"] }] }, "deployments.json");

  test("reviews the named stack of a config with deployments", () => {
    const json = synthesizeForReview(config, "ecs-runtime-monitoring-stop-task-dev-111111111111-us-east-1") as { provider: { aws: { region: string }[] } };
    expect(json.provider.aws[0].region).toBe("us-east-1");
  });

  test("an unknown stack name is a usage error listing the stacks", () => {
    expect(() => synthesizeForReview(config, "nope")).toThrow(
      /--stack: "nope" is not allowed; expected one of ecs-runtime-monitoring-stop-task-dev-111111111111-ap-northeast-1, /,
    );
  });
});

/** The printed table and the command's exits where it cannot run: no terraform, bad arguments. */
import { main } from "../../../scripts/check-terraform";
import { resultDetails, resultTable } from "../../../scripts/terraform-check/report";

function buffers() {
  let stdout = "";
  let stderr = "";
  return { io: { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } }, out: () => stdout, err: () => stderr };
}

const ROOTS = [
  {
    label: "ecs-seed / a-dev-ap-northeast-1",
    steps: {
      synth: { status: "pass" as const },
      init: { status: "pass" as const },
      validate: { status: "pass" as const },
      plan: { status: "pass" as const },
      backend: { status: "pass" as const },
    },
    warnings: [],
    inventedDataTypes: [],
  },
  {
    label: "module",
    steps: {
      synth: { status: "pass" as const },
      init: { status: "pass" as const },
      validate: {
        status: "fail" as const,
        summary: "Unsupported argument",
        errors: ['Error: Unsupported argument\n\nAn argument named "region" is not expected here.'],
      },
      plan: { status: "skip" as const },
    },
    warnings: ["Deprecated attribute"],
    inventedDataTypes: ["aws_made_up_thing"],
  },
];

describe("report", () => {
  test("one row per configuration and one column per step: pass, FAIL, or - when skipped", () => {
    expect(resultTable(ROOTS)).toBe(
      [
        "configuration / stack            synth  init  validate  plan  backend",
        "-------------------------------  -----  ----  --------  ----  -------",
        "ecs-seed / a-dev-ap-northeast-1  pass   pass  pass      pass  pass",
        "module                           pass   pass  FAIL      -",
      ].join("\n"),
    );
  });

  test("each failure with Terraform's own error text, then warnings and invented data values as notes", () => {
    const details = resultDetails({ roots: ROOTS, rewrites: [], passed: false });
    expect(details).toContain(
      'module: validate failed: Unsupported argument\n    Error: Unsupported argument\n    \n    An argument named "region" is not expected here.',
    );
    expect(details).toContain('note: Terraform warned "Deprecated attribute" in 1 configuration(s): module');
    expect(details).toContain("note: module: no plausible values known for aws_made_up_thing");
  });
});

describe("npm run check:terraform where it cannot check", () => {
  test("no terraform on PATH: says so by name, checks nothing, exits 3", async () => {
    const b = buffers();
    await expect(main([], b.io, { PATH: "/nonexistent-dir-for-terraform-check" })).resolves.toBe(3);
    expect(b.err()).toContain("check:terraform: cannot check: no working terraform binary on PATH");
    expect(b.out()).toBe("");
  });

  test.each([
    [["--exmaple", "ecs-seed"], "unknown option --exmaple"],
    [["--jobs", "0"], '--jobs must be a whole number from 1 to 8, got "0"'],
    [["ecs-seed.json"], ""],
    [["--example", "ecs-seed,no-such-example"], '--example: no example named "no-such-example" in examples/ (there are: agent-endpoints, '],
  ])("bad arguments %j: exit 2 with the usage", async (argv, message) => {
    const b = buffers();
    await expect(main(argv, b.io, { PATH: "/nonexistent-dir-for-terraform-check" })).resolves.toBe(2);
    expect(b.err()).toContain(message);
    expect(b.err()).toContain("Usage: npm run check:terraform");
  });
});

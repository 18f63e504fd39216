/** The preflight table: one line per row, the fix under every fail or skip, the summary, the DryRun note; exit codes. */
import { exitCodeOf, type PreflightRow } from "../../../tools/preflight/rows";
import { DRY_RUN_NOTE, formatTable } from "../../../tools/preflight/table";

const PASS: PreflightRow = { check: "iam-simulate", target: "s ecs: role", result: "pass", detail: "3 action/resource pairs allowed", fix: "" };
const FAIL: PreflightRow = {
  check: "ec2-dry-run",
  target: "s ec2: Tag Instance (ec2:CreateTags)",
  result: "fail",
  detail: "UnauthorizedOperation: no",
  fix: "allow it",
};
const SKIP: PreflightRow = {
  check: "test-state",
  target: "s ecs",
  result: "skip",
  detail: "2 decision states not reached",
  fix: "covered by the offline tests only",
};

test("the table aligns the columns, puts each fix under its row, and ends with the counts and the DryRun note", () => {
  // GIVEN a pass, a fail and a skip
  // WHEN the table is formatted
  const text = formatTable([PASS, FAIL, SKIP]);
  // THEN it is exactly this
  expect(text).toBe(
    [
      "RESULT  CHECK         TARGET: DETAIL",
      "PASS    iam-simulate  s ecs: role: 3 action/resource pairs allowed",
      "FAIL    ec2-dry-run   s ec2: Tag Instance (ec2:CreateTags): UnauthorizedOperation: no",
      "                      fix: allow it",
      "SKIP    test-state    s ecs: 2 decision states not reached",
      "                      fix: covered by the offline tests only",
      "",
      "1 passed, 1 failed, 1 skipped",
      DRY_RUN_NOTE,
    ].join("\n"),
  );
});

test("without ec2-dry-run rows there is no DryRun note", () => {
  // GIVEN a pass only WHEN formatted THEN the note is absent
  expect(formatTable([PASS])).not.toContain(DRY_RUN_NOTE);
});

test("the exit code is 1 when a row failed, 0 when rows only passed or were skipped", () => {
  // GIVEN rows with and without a fail THEN the exit codes follow
  expect(exitCodeOf([PASS, SKIP])).toBe(0);
  expect(exitCodeOf([PASS, FAIL, SKIP])).toBe(1);
});

/** The notices part of a pipeline's summary: the type's outcomes held against what the synthesized definition can send. */
import { noticesOf } from "../../../tools/review/report";

const TEXT = {
  description: "does things",
  outcomes: [
    { name: "DONE", subject: "it is done" },
    { name: "FAILED", subject: "it failed " },
  ],
};

test("GIVEN a definition that sends every described outcome WHEN the notices are written THEN each outcome row says yes", () => {
  // WHEN
  const text = noticesOf({ noticeSubjects: ["it is done", "it failed"] }, TEXT);
  // THEN
  expect(text).toContain("| DONE | it is done | yes |");
  expect(text).toContain("| FAILED | it failed | yes |");
  expect(text).not.toContain("Other notices");
});

test("GIVEN a definition that lacks a described outcome WHEN the notices are written THEN that row is flagged", () => {
  // WHEN
  const text = noticesOf({ noticeSubjects: ["it is done"] }, TEXT);
  // THEN
  expect(text).toContain("| FAILED | it failed | **no**: the synthesized definition has no such notice |");
});

test("GIVEN a definition with a notice no outcome describes WHEN the notices are written THEN it is listed apart", () => {
  // WHEN
  const text = noticesOf({ noticeSubjects: ["it is done", "it failed", "something else"] }, TEXT);
  // THEN
  expect(text).toContain("Other notices it can send (SNS Subject):\n\n- something else");
});

test("GIVEN no review text (a pipeline no registered type claims) WHEN the notices are written THEN the synthesized subjects are listed", () => {
  // WHEN
  const text = noticesOf({ noticeSubjects: ["a", "b"] }, undefined);
  // THEN
  expect(text).toBe("\n\nNotices it can send (SNS Subject):\n\n- a\n- b");
});

/** What every string setting refuses, whatever its format: control characters and Terraform template sequences. */
import { FORMATS } from "../../config/patterns";
import { configProblems } from "../support/config-problems";

describe("string settings", () => {
  test.each([
    ["a bell", "sec\u0007ops@example.com"],
    ["a newline", "secops@example.com\nBcc: x@example.org"],
    ["a C1 control", "sec\u0085ops@example.com"],
  ])("GIVEN an email with %s THEN it is refused as an email with a control character", (_what, email) => {
    expect(configProblems({ notifications: { emails: [email] } })).toEqual([
      {
        setting: "notifications.emails[0]",
        value: JSON.stringify(email),
        allowed: "an email address like secops@example.com: text without control characters (tab, newline, escape, ...)",
      },
    ]);
  });

  test.each(["a${b}@example.com", "a%{b}@example.com"])("GIVEN the email %j, which Terraform would read as a template, THEN it is refused", (email) => {
    expect(configProblems({ notifications: { emails: [email] } })).toEqual([
      {
        setting: "notifications.emails[0]",
        value: JSON.stringify(email),
        allowed: 'an email address like secops@example.com: text without "${" or "%{" (Terraform would read it as a template)',
      },
    ]);
  });

  test("GIVEN a string setting without a format (a finding type) with a control character THEN it is refused", () => {
    expect(configProblems({ ecs_auto_stop: { filters: { finding_types: ["Execution:Runtime/ReverseShell\t"] } } }).map((p) => p.setting)).toEqual([
      "ecs_auto_stop.filters.finding_types[0]",
    ]);
  });

  // The registry module checks its inputs with these patterns (no loader in front of it).
  test("GIVEN the email format alone THEN it refuses control characters too", () => {
    expect(FORMATS.email.pattern.test("secops@example.com")).toBe(true);
    for (const c of ["\u0000", "\u0007", "\u001b", "\u007f", "\u0085"]) expect(FORMATS.email.pattern.test(`sec${c}ops@example.com`)).toBe(false);
  });

  test.each(Object.entries(FORMATS))("GIVEN the %s format THEN no value with a control character matches it", (_name, format) => {
    const samples = ["\u0000", "\u0007", "\n", "\u001b", "\u007f", "\u0085"];
    // A control character anywhere a free-text format allows text.
    for (const c of samples) {
      for (const text of [`a${c}b`, `${c}ab`, `ab${c}`, `a${c}b@example.com`, `arn:aws:ecs:us-east-1:123456789012:cluster/a${c}b`])
        expect(format.pattern.test(text)).toBe(false);
    }
  });
});

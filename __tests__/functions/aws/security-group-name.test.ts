import { isQuarantineGroupName } from "../../../functions/aws/security-group-name";

describe("the quarantine security group name rule", () => {
  test.each(["q", "quarantine", "acme prod: quarantine/1 @x+y=z_w.v", "q".repeat(255)])("GIVEN %j THEN it is a quarantine group name", (name) => {
    expect(isQuarantineGroupName(name)).toBe(true);
  });

  test.each([
    ["empty", ""],
    ["256 characters", "q".repeat(256)],
    ["starting with sg- (EC2 refuses it)", "sg-quarantine"],
    ["starting with SG- (names are case-insensitive)", "Sg-quarantine"],
    ["a filter wildcard *", "quarantine*"],
    ["a filter wildcard ?", "quarantine?"],
    ["characters EC2 allows in a group name but not in a tag value", "q(1)#[2]&;{}!$,"],
    ["a non-ASCII letter (allowed in a tag value, not in a group name)", "quarantäne"],
    ["a control character", "q\u0007"],
  ])("GIVEN a name with %s THEN it is not", (_what, name) => {
    expect(isQuarantineGroupName(name)).toBe(false);
  });

  test("GIVEN something other than a string THEN it is not", () => {
    expect(isQuarantineGroupName(undefined)).toBe(false);
  });
});

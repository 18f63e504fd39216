import { quarantineGroupName } from "../../../config/rules/quarantine-group-name";
import { configProblems } from "../../support/config-problems";
import { parsedConfig } from "./parsed-config";

const withName = (name: string) => parsedConfig({ ec2_isolation: { enabled: true, quarantine_security_group_name: name } });

describe("rule: the quarantine security group name is one the EC2 isolation workflow accepts", () => {
  test.each(["quarantine", "acme prod quarantine", "q.uar_an-tine:1/@+=", "q".repeat(255)])("GIVEN %j THEN it is compliant", (name) => {
    expect(quarantineGroupName(withName(name))).toEqual([]);
  });

  test("GIVEN no name THEN the default <name>-<environment>-quarantine is compliant", () => {
    expect(quarantineGroupName(parsedConfig({ ec2_isolation: { enabled: true } }))).toEqual([]);
  });

  // EC2 accepts ( ) # , [ ] & ; { } ! $ * too, but the name is also the Name tag value and a filter value.
  test.each(["sg-quarantine", "SG-quarantine", "q(1)", "q#1", "q*", "q!", "q{1}", "q&a"])(
    "GIVEN %j THEN it is refused, naming the setting and what is allowed",
    (name) => {
      expect(quarantineGroupName(withName(name))).toEqual([
        {
          setting: "ec2_isolation.quarantine_security_group_name",
          value: JSON.stringify(name),
          allowed:
            "a security group name of 1-255 letters, digits, spaces and . _ - : / @ + =, not starting with sg- (the characters an EC2 group name, its Name tag and a DescribeSecurityGroups filter all accept)",
        },
      ]);
    },
  );

  test("GIVEN a name starting with sg- WHEN the loader reads the config THEN it refuses it (before the workflow builder would throw)", () => {
    expect(configProblems({ ec2_isolation: { enabled: true, quarantine_security_group_name: "sg-quarantine" } }).map((p) => p.setting)).toEqual([
      "ec2_isolation.quarantine_security_group_name",
    ]);
  });
});

import { ec2IsolationTags } from "../../../config/rules/ec2-isolation-tags";
import { parsedConfig } from "./parsed-config";

const tags = (ec2: Record<string, unknown>) => ec2IsolationTags(parsedConfig({ ec2_isolation: { enabled: true, ...ec2 } }));

describe("rule: the EC2 isolation tag is neither the exemption tag nor a tag the workflow writes", () => {
  test("GIVEN the default tags THEN it is compliant", () => {
    expect(tags({})).toEqual([]);
  });

  test("GIVEN the same key with another value THEN it is compliant", () => {
    expect(tags({ exemption_tag: { key: "security", value: "exempt" }, isolation_tag: { key: "security", value: "isolated" } })).toEqual([]);
  });

  test("GIVEN an isolation tag equal to the exemption tag THEN it is refused", () => {
    expect(tags({ exemption_tag: { key: "security", value: "hold" }, isolation_tag: { key: "security", value: "hold" } })).toEqual([
      {
        setting: "ec2_isolation.isolation_tag",
        value: '{"key":"security","value":"hold"}',
        allowed: "a tag other than the exemption tag security=hold (ec2_isolation.exemption_tag): an isolated instance would read as exempt",
      },
    ]);
  });

  test("GIVEN an isolation tag equal to the default exemption tag THEN it is refused", () => {
    expect(tags({ isolation_tag: { key: "guardduty-response", value: "exempt" } }).map((p) => p.setting)).toEqual(["ec2_isolation.isolation_tag"]);
  });

  test.each(["guardduty-finding-id", "guardduty-instance-id", "guardduty-device-name", "guardduty-quarantine"])(
    "GIVEN the isolation tag key %s, which the workflow writes itself, THEN it is refused",
    (key) => {
      expect(tags({ isolation_tag: { key, value: "x" } })).toEqual([
        {
          setting: "ec2_isolation.isolation_tag.key",
          value: JSON.stringify(key),
          allowed:
            "a key other than guardduty-finding-id, guardduty-instance-id, guardduty-device-name, guardduty-quarantine (the workflow writes those itself)",
        },
      ]);
    },
  );
});

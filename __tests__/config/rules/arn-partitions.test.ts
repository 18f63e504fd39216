import { arnPartitions } from "../../../config/rules/arn-partitions";
import { parsedConfig } from "./parsed-config";

const GOV_ROLE = "arn:aws-us-gov:iam::123456789012:role/deployer";
const ROLE = "arn:aws:iam::123456789012:role/deployer";
const KEY = "1234abcd-12ab-4cde-8f01-1234567890ab";

describe("rule: every ARN setting is in the partition of its region", () => {
  test("GIVEN a GovCloud region with aws-us-gov ARNs THEN it is compliant", () => {
    const config = parsedConfig({
      region: "us-gov-west-1",
      provider: { assume_role_arn: GOV_ROLE },
      notifications: {
        existing_topic_arn: "arn:aws-us-gov:sns:us-gov-west-1:123456789012:alerts",
        existing_kms_key_arn: `arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/${KEY}`,
      },
    });
    expect(arnPartitions(config)).toEqual([]);
  });

  test.each([
    ["provider.assume_role_arn", { provider: { assume_role_arn: ROLE } }, ROLE],
    [
      "notifications.existing_topic_arn",
      { notifications: { existing_topic_arn: "arn:aws:sns:us-gov-west-1:123456789012:alerts" } },
      "arn:aws:sns:us-gov-west-1:123456789012:alerts",
    ],
    [
      "notifications.existing_kms_key_arn",
      { notifications: { existing_kms_key_arn: `arn:aws:kms:us-gov-west-1:123456789012:key/${KEY}` } },
      `arn:aws:kms:us-gov-west-1:123456789012:key/${KEY}`,
    ],
  ])("GIVEN a GovCloud region and an arn:aws: %s THEN it is refused", (setting, section, arn) => {
    expect(arnPartitions(parsedConfig({ region: "us-gov-west-1", ...section }))).toEqual([
      { setting, value: JSON.stringify(arn), allowed: "an ARN in partition aws-us-gov (arn:aws-us-gov:...), the partition of us-gov-west-1 (region)" },
    ]);
  });

  test("GIVEN a commercial region and a GovCloud role THEN it is refused", () => {
    expect(arnPartitions(parsedConfig({ region: "us-east-1", provider: { assume_role_arn: GOV_ROLE } })).map((p) => p.setting)).toEqual([
      "provider.assume_role_arn",
    ]);
  });

  test("GIVEN a deployment in GovCloud with an arn:aws: role THEN its assume_role_arn is refused", () => {
    const config = parsedConfig({ deployments: [{ account_id: "123456789012", regions: ["us-gov-west-1", "us-gov-east-1"], assume_role_arn: ROLE }] });
    expect(arnPartitions(config)).toEqual([
      {
        setting: "deployments[0].assume_role_arn",
        value: JSON.stringify(ROLE),
        allowed: "an ARN in partition aws-us-gov (arn:aws-us-gov:...), the partition of us-gov-west-1 (deployments[0].regions)",
      },
    ]);
  });

  test("GIVEN one account with a commercial and a GovCloud region THEN the second region is refused (an account is in one partition)", () => {
    const config = parsedConfig({ deployments: [{ account_id: "123456789012", regions: ["us-east-1", "us-gov-west-1"] }] });
    expect(arnPartitions(config)).toEqual([
      {
        setting: "deployments[0].regions[1]",
        value: '"us-gov-west-1"',
        allowed: "a region in partition aws, like us-east-1: an account belongs to one partition (use one deployments entry per account)",
      },
    ]);
  });
});

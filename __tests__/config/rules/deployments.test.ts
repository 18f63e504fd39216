/** The rules over deployments[]: single-stack settings, accounts once, roles in their account, detector ids in their regions. */
import { deploymentAccounts } from "../../../config/rules/deployment-accounts";
import { deploymentDetectorRegions } from "../../../config/rules/deployment-detector-regions";
import { deploymentRoleAccounts } from "../../../config/rules/deployment-role-accounts";
import { deploymentSingleStackSettings } from "../../../config/rules/deployment-single-stack-settings";
import { parsedConfig } from "./parsed-config";

const A = "123456789012";
const B = "210987654321";
const DETECTOR = "12abc34d567e8fa901bc2d34e56789f0";
const TOPIC = "arn:aws:sns:ap-northeast-1:123456789012:alerts";

describe("rule: settings of one account or its resources are not given with deployments", () => {
  test("GIVEN deployments and no single-stack settings THEN it is compliant", () => {
    expect(deploymentSingleStackSettings(parsedConfig({ deployments: [{ account_id: A }] }))).toEqual([]);
  });

  test("GIVEN the single-stack settings without deployments THEN it is compliant", () => {
    expect(
      deploymentSingleStackSettings(
        parsedConfig({ account_id: A, detector: { existing_detector_id: DETECTOR }, notifications: { existing_topic_arn: TOPIC } }),
      ),
    ).toEqual([]);
  });

  test("GIVEN account_id, a detector id and a topic with deployments THEN each is refused, saying what to use", () => {
    expect(
      deploymentSingleStackSettings(
        parsedConfig({
          account_id: A,
          detector: { existing_detector_id: DETECTOR },
          notifications: { existing_topic_arn: TOPIC },
          deployments: [{ account_id: A }],
        }),
      ),
    ).toEqual([
      { setting: "account_id", value: JSON.stringify(A), allowed: "no value with deployments: use deployments[].account_id" },
      {
        setting: "detector.existing_detector_id",
        value: JSON.stringify(DETECTOR),
        allowed: "no value with deployments: use one config per account and region (a detector id belongs to one)",
      },
      {
        setting: "notifications.existing_topic_arn",
        value: JSON.stringify(TOPIC),
        allowed: "no value with deployments: use one config per account and region (a topic belongs to one)",
      },
    ]);
  });
});

describe("rule: each account is listed once in deployments", () => {
  test("GIVEN two accounts THEN it is compliant", () => {
    expect(deploymentAccounts(parsedConfig({ deployments: [{ account_id: A }, { account_id: B }] }))).toEqual([]);
  });

  test("GIVEN an account listed twice THEN the second entry is refused", () => {
    expect(deploymentAccounts(parsedConfig({ deployments: [{ account_id: A }, { account_id: A, regions: ["us-east-1"] }] }))).toEqual([
      { setting: "deployments[1].account_id", value: JSON.stringify(A), allowed: "an account not listed twice (list all its regions in one entry)" },
    ]);
  });
});

describe("rule: a deployment's role is in its account", () => {
  test("GIVEN a role in the deployment's account THEN it is compliant", () => {
    expect(deploymentRoleAccounts(parsedConfig({ deployments: [{ account_id: A, assume_role_arn: `arn:aws:iam::${A}:role/deployer` }] }))).toEqual([]);
  });

  test("GIVEN a role in another account THEN it is refused", () => {
    const role = `arn:aws:iam::${B}:role/deployer`;
    expect(deploymentRoleAccounts(parsedConfig({ deployments: [{ account_id: A, assume_role_arn: role }] }))).toEqual([
      { setting: "deployments[0].assume_role_arn", value: JSON.stringify(role), allowed: `a role in account ${A}` },
    ]);
  });
});

describe("rule: a deployment adopts detectors only in its own regions", () => {
  test("GIVEN a detector id for one of its regions THEN it is compliant", () => {
    expect(
      deploymentDetectorRegions(parsedConfig({ deployments: [{ account_id: A, regions: ["us-east-1"], existing_detector_ids: { "us-east-1": DETECTOR } }] })),
    ).toEqual([]);
  });

  test("GIVEN no regions, a detector id for the top-level region THEN it is compliant", () => {
    expect(deploymentDetectorRegions(parsedConfig({ deployments: [{ account_id: A, existing_detector_ids: { "ap-northeast-1": DETECTOR } }] }))).toEqual([]);
  });

  test("GIVEN a detector id for a region it does not deploy to THEN it is refused, listing its regions", () => {
    expect(
      deploymentDetectorRegions(
        parsedConfig({ deployments: [{ account_id: A, regions: ["us-east-1", "eu-west-1"], existing_detector_ids: { "ap-northeast-1": DETECTOR } }] }),
      ),
    ).toEqual([
      {
        setting: "deployments[0].existing_detector_ids.ap-northeast-1",
        value: '"ap-northeast-1"',
        allowed: "one of this deployment's regions (us-east-1, eu-west-1)",
      },
    ]);
  });
});

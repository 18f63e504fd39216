import { detectorFeaturesOffered } from "../../../config/rules/detector-features-offered";
import { configProblems } from "../../support/config-problems";
import { parsedConfig } from "./parsed-config";

const ACCOUNT = "123456789012";
const check = (document: Record<string, unknown>) => detectorFeaturesOffered(parsedConfig(document));

describe("rule: a protection plan is ENABLED only where GuardDuty offers it", () => {
  test("GIVEN RDS_LOGIN_EVENTS ENABLED in Tokyo THEN it is compliant", () => {
    expect(check({ detector: { features: { RDS_LOGIN_EVENTS: "ENABLED" } } })).toEqual([]);
  });

  test("GIVEN RDS_LOGIN_EVENTS DISABLED in ap-east-2 THEN it is compliant (it is not written there)", () => {
    expect(check({ region: "ap-east-2", detector: { features: { RDS_LOGIN_EVENTS: "DISABLED" } } })).toEqual([]);
  });

  test("GIVEN other plans ENABLED in ap-east-2 THEN it is compliant", () => {
    expect(check({ region: "ap-east-2", detector: { features: { S3_DATA_EVENTS: "ENABLED", LAMBDA_NETWORK_LOGS: "ENABLED" } } })).toEqual([]);
  });

  test("GIVEN RDS_LOGIN_EVENTS ENABLED in ap-east-2 THEN it is refused, naming the region", () => {
    expect(check({ region: "ap-east-2", detector: { features: { RDS_LOGIN_EVENTS: "ENABLED" } } })).toEqual([
      {
        setting: "detector.features.RDS_LOGIN_EVENTS",
        value: '"ENABLED"',
        allowed:
          '"DISABLED" or no value: GuardDuty does not offer RDS_LOGIN_EVENTS in ap-east-2, where this config deploys (region); deploy there with another config that leaves it out',
      },
    ]);
  });

  test("GIVEN deployments of which one region is ap-east-2 THEN RDS_LOGIN_EVENTS ENABLED is refused, naming that region and deployments[].regions", () => {
    const problems = check({
      deployments: [{ account_id: ACCOUNT, regions: ["ap-northeast-1", "ap-east-2"] }],
      detector: { features: { RDS_LOGIN_EVENTS: "ENABLED" } },
    });
    expect(problems.map((p) => p.allowed)).toEqual([
      '"DISABLED" or no value: GuardDuty does not offer RDS_LOGIN_EVENTS in ap-east-2, where this config deploys (deployments[].regions); deploy there with another config that leaves it out',
    ]);
  });

  test("GIVEN deployments outside ap-east-2 while the top-level region is ap-east-2 THEN it is compliant (no stack goes there)", () => {
    expect(
      check({ region: "ap-east-2", deployments: [{ account_id: ACCOUNT, regions: ["us-east-1"] }], detector: { features: { RDS_LOGIN_EVENTS: "ENABLED" } } }),
    ).toEqual([]);
  });

  test("GIVEN RDS_LOGIN_EVENTS ENABLED in ap-east-2 WHEN the loader reads the config THEN it refuses it (before GuardDutyDetector would throw)", () => {
    expect(configProblems({ region: "ap-east-2", detector: { features: { RDS_LOGIN_EVENTS: "ENABLED" } } }).map((p) => p.setting)).toEqual([
      "detector.features.RDS_LOGIN_EVENTS",
    ]);
  });
});

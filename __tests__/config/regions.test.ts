import { RUNTIME_MONITORING_REGIONS } from "../../functions/aws/regions";
import { configProblems } from "../support/config-problems";

describe("regions the loader accepts", () => {
  test.each(["ap-northeast-1", "us-east-1", "eu-central-2", "ap-southeast-7", "mx-central-1", "us-gov-west-1", "us-gov-east-1"])(
    "GIVEN %s, where Runtime Monitoring is offered, THEN it is accepted",
    (region) => {
      expect(configProblems({ region })).toEqual([]);
    },
  );

  test.each(["us-west-3", "eu-south-9", "ap-north-1", "cn-north-1", "cn-northwest-1"])(
    "GIVEN %s THEN region is refused, naming some allowed regions and where the list is",
    (region) => {
      expect(configProblems({ region })).toEqual([
        {
          setting: "region",
          value: JSON.stringify(region),
          allowed: `an AWS Region where GuardDuty Runtime Monitoring is offered, not in the China partition (${RUNTIME_MONITORING_REGIONS.length} Regions, such as us-east-1, eu-west-1, ap-northeast-1, us-gov-west-1; the list is in docs/config-reference.md)`,
        },
      ]);
    },
  );

  test("GIVEN a deployment to a region that does not exist THEN that entry is refused", () => {
    expect(configProblems({ deployments: [{ account_id: "123456789012", regions: ["us-east-1", "us-east-3"] }] }).map((p) => p.setting)).toEqual([
      "deployments[0].regions[1]",
    ]);
  });

  test("GIVEN an adopted detector keyed by a region that does not exist THEN the key is refused", () => {
    const problems = configProblems({
      deployments: [{ account_id: "123456789012", regions: ["us-east-1"], existing_detector_ids: { "us-east-9": "12abc34d567e8fa901bc2d34e56789f0" } }],
    });
    expect(problems.map((p) => p.setting)).toEqual(["deployments[0].existing_detector_ids.us-east-9"]);
  });

  test("GIVEN an S3 state bucket in a region that does not exist THEN backend.s3_region is refused", () => {
    expect(configProblems({ backend: { type: "s3", bucket: "acme-state", s3_region: "eu-west-9" } }).map((p) => p.setting)).toEqual(["backend.s3_region"]);
  });
});

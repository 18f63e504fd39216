import { s3BackendRegion } from "../../../config/rules/s3-backend-region";
import { parsedConfig } from "./parsed-config";

const KEY = "1234abcd-12ab-4cde-8f01-1234567890ab";
const backend = (b: Record<string, unknown>, rest: Record<string, unknown> = {}) =>
  s3BackendRegion(parsedConfig({ backend: { type: "s3", bucket: "acme-state", ...b }, ...rest }));
const TWO_REGIONS = { deployments: [{ account_id: "123456789012", regions: ["ap-northeast-1", "us-east-1"] }] };

describe("rule: the S3 state bucket is one bucket in one region of the stacks' partition, and so is its key", () => {
  test("GIVEN one region and no s3_region THEN it is compliant (the bucket is in the stack's region)", () => {
    expect(backend({ kms_key_arn: `arn:aws:kms:ap-northeast-1:123456789012:key/${KEY}` })).toEqual([]);
  });

  test("GIVEN several regions and an s3_region with the key there THEN it is compliant", () => {
    expect(backend({ s3_region: "us-east-1", kms_key_arn: `arn:aws:kms:us-east-1:123456789012:key/${KEY}` }, TWO_REGIONS)).toEqual([]);
  });

  test("GIVEN several regions and no s3_region THEN it is refused", () => {
    expect(backend({}, TWO_REGIONS)).toEqual([
      {
        setting: "backend.s3_region",
        value: "(missing)",
        allowed: "the region of the state bucket: this config deploys to 2 regions (ap-northeast-1, us-east-1) and the bucket is in one",
      },
    ]);
  });

  test("GIVEN a GovCloud bucket and a key of the aws partition THEN it is refused", () => {
    const key = `arn:aws:kms:us-gov-west-1:123456789012:key/${KEY}`;
    expect(backend({ kms_key_arn: key }, { region: "us-gov-west-1" })).toEqual([
      {
        setting: "backend.kms_key_arn",
        value: JSON.stringify(key),
        allowed: "a key in partition aws-us-gov (arn:aws-us-gov:kms:...), the partition of the bucket's region us-gov-west-1",
      },
    ]);
  });

  test("GIVEN a GovCloud stack and a bucket in a commercial region THEN s3_region is refused", () => {
    expect(backend({ s3_region: "us-east-1" }, { region: "us-gov-west-1" })).toEqual([
      {
        setting: "backend.s3_region",
        value: '"us-east-1"',
        allowed: "a region in partition aws-us-gov, the partition of us-gov-west-1: Terraform reaches the bucket with the stack's credentials",
      },
    ]);
  });
});

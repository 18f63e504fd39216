/**
 * The module's checks that read the provider's region and partition, which no variable validation can, run by
 * terraform test against the real provider (provider-checks-fixture.ts): every run in one test process.
 */
import { note, outcomeTexts, runBlock, testModule, withProvider } from "./provider-checks-fixture";
import { moduleFiles } from "./module-fixture";

// GIVEN runs in ap-east-2 and eu-west-1 with the RDS plan ENABLED or DISABLED
const rds = (status: string) => ({ detector_features: { RDS_LOGIN_EVENTS: status } });
const rdsPlans = "length(aws_guardduty_detector_feature.detector_feature_rds_login_events)";
const REGION_RUNS = [
  runBlock("rds_enabled_where_not_offered", "ap-east-2", rds("ENABLED"), true),
  runBlock("rds_disabled_where_not_offered", "ap-east-2", rds("DISABLED"), false),
  runBlock("rds_enabled_where_offered", "eu-west-1", rds("ENABLED"), false, `${rdsPlans} == 1`),
];

// GIVEN runs in us-gov-west-1 with an existing topic or key in partition aws, and a topic in aws-us-gov
const topic = "arn:aws:sns:us-gov-west-1:111111111111:alerts";
const key = "arn:aws:kms:us-gov-west-1:111111111111:key/11111111-2222-3333-4444-555555555555";
const PARTITION_RUNS = [
  runBlock("commercial_topic_in_govcloud", "us-gov-west-1", { create_topic: false, existing_topic_arn: topic }, true),
  runBlock("commercial_key_in_govcloud", "us-gov-west-1", { create_kms_key: false, kms_key_arn: key }, true),
  runBlock("govcloud_topic_in_govcloud", "us-gov-west-1", { create_topic: false, existing_topic_arn: topic.replace("arn:aws:", "arn:aws-us-gov:") }, false),
];

// WHEN terraform tests the module, once for both describes (the module is generated first: some seventy syntheses
// with a cold cache; a generous bound, not a speed requirement)
let tested: ReturnType<typeof testModule> | undefined;
const testedOnce = () =>
  (tested ??= Promise.resolve(moduleFiles()).then(() => testModule(["ap-east-2", "eu-west-1", "us-gov-west-1"], [...REGION_RUNS, ...PARTITION_RUNS])));

describe("the module in a region where GuardDuty does not offer a protection plan, run by terraform test", () => {
  withProvider(
    `an ENABLED RDS plan in ap-east-2 stops the plan; DISABLED there, or ENABLED elsewhere, it is planned${note}`,
    async () => {
      // THEN every run passes: the refused one fails on the partition's postcondition, as expected, the others plan
      const names = ["rds_enabled_where_not_offered", "rds_disabled_where_not_offered", "rds_enabled_where_offered"];
      expect(outcomeTexts((await testedOnce()).runs, names)).toEqual(Object.fromEntries(names.map((n) => [n, "pass"])));
    },
    10 * 60 * 1000,
  );
});

describe("the module with a topic or key of another partition, run by terraform test", () => {
  withProvider(
    `in GovCloud a commercial topic or key stops the plan, a GovCloud topic plans${note}`,
    async () => {
      // THEN every run passes: the refused ones fail on the partition's postconditions, as expected, the other plans
      const names = ["commercial_topic_in_govcloud", "commercial_key_in_govcloud", "govcloud_topic_in_govcloud"];
      expect(outcomeTexts((await testedOnce()).runs, names)).toEqual(Object.fromEntries(names.map((n) => [n, "pass"])));
    },
    10 * 60 * 1000,
  );
});

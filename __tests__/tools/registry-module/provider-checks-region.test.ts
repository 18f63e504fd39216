/**
 * The module's check that reads the provider's region, which no variable validation can, run by terraform test against
 * the real provider (provider-checks-fixture.ts).
 */
import { note, outcomeTexts, runBlock, testModule, withProvider } from "./provider-checks-fixture";
import { moduleFiles } from "./module-fixture";

// The module is generated once (some seventy syntheses with a cold cache): a generous bound, not a speed requirement.
beforeAll(() => void moduleFiles(), 600_000);

describe("the module in a region where GuardDuty does not offer a protection plan, run by terraform test", () => {
  withProvider(
    `an ENABLED RDS plan in ap-east-2 stops the plan; DISABLED there, or ENABLED elsewhere, it is planned${note}`,
    async () => {
      // GIVEN runs in ap-east-2 and eu-west-1 with the RDS plan ENABLED or DISABLED
      const rds = (status: string) => ({ detector_features: { RDS_LOGIN_EVENTS: status } });
      const rdsPlans = "length(aws_guardduty_detector_feature.detector_feature_rds_login_events)";
      // WHEN terraform tests the module
      const tested = await testModule(
        ["ap-east-2", "eu-west-1"],
        [
          runBlock("rds_enabled_where_not_offered", "ap-east-2", rds("ENABLED"), true),
          runBlock("rds_disabled_where_not_offered", "ap-east-2", rds("DISABLED"), false),
          runBlock("rds_enabled_where_offered", "eu-west-1", rds("ENABLED"), false, `${rdsPlans} == 1`),
        ],
      );
      // THEN every run passes: the refused one fails on the partition's postcondition, as expected, the others plan
      const names = ["rds_enabled_where_not_offered", "rds_disabled_where_not_offered", "rds_enabled_where_offered"];
      expect(outcomeTexts(tested.runs, names)).toEqual(Object.fromEntries(names.map((n) => [n, "pass"])));
    },
    10 * 60 * 1000,
  );
});

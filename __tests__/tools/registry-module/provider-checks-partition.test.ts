/**
 * The module's checks that read the provider's partition, which no variable validation can, run by terraform test
 * against the real provider (provider-checks-fixture.ts).
 */
import { note, outcomeTexts, runBlock, testModule, withProvider } from "./provider-checks-fixture";
import { moduleFiles } from "./module-fixture";

// The module is generated once (some seventy syntheses with a cold cache): a generous bound, not a speed requirement.
beforeAll(() => void moduleFiles(), 600_000);

describe("the module with a topic or key of another partition, run by terraform test", () => {
  withProvider(
    `in GovCloud a commercial topic or key stops the plan, a GovCloud topic plans${note}`,
    async () => {
      // GIVEN runs in us-gov-west-1 with an existing topic or key in partition aws, and a topic in aws-us-gov
      const topic = "arn:aws:sns:us-gov-west-1:111111111111:alerts";
      const key = "arn:aws:kms:us-gov-west-1:111111111111:key/11111111-2222-3333-4444-555555555555";
      const govcloudTopic = topic.replace("arn:aws:", "arn:aws-us-gov:");
      // WHEN terraform tests the module
      const tested = await testModule(
        ["us-gov-west-1"],
        [
          runBlock("commercial_topic_in_govcloud", "us-gov-west-1", { create_topic: false, existing_topic_arn: topic }, true),
          runBlock("commercial_key_in_govcloud", "us-gov-west-1", { create_kms_key: false, kms_key_arn: key }, true),
          runBlock("govcloud_topic_in_govcloud", "us-gov-west-1", { create_topic: false, existing_topic_arn: govcloudTopic }, false),
        ],
      );
      // THEN every run passes: the refused ones fail on the partition's postconditions, as expected, the other plans
      const names = ["commercial_topic_in_govcloud", "commercial_key_in_govcloud", "govcloud_topic_in_govcloud"];
      expect(outcomeTexts(tested.runs, names)).toEqual(Object.fromEntries(names.map((n) => [n, "pass"])));
    },
    10 * 60 * 1000,
  );
});

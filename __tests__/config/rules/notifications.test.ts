/** The rules over an existing notification topic and key. */
import { notificationsExistingKey } from "../../../config/rules/notifications-existing-key";
import { notificationsExistingTopic } from "../../../config/rules/notifications-existing-topic";
import { parsedConfig } from "./parsed-config";

const TOPIC = "arn:aws:sns:ap-northeast-1:123456789012:alerts";
const KEY = "arn:aws:kms:ap-northeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const notifications = (n: Record<string, unknown>) => parsedConfig({ notifications: n });

describe("rule: an existing topic is in the stack's region and does not receive coverage events", () => {
  test.each([
    ["no topic", {}],
    ["a topic in the region", { existing_topic_arn: TOPIC }],
    ["coverage events to the created topic", { coverage_unhealthy: true }],
  ])("GIVEN %s THEN it is compliant", (_, n) => {
    expect(notificationsExistingTopic(notifications(n))).toEqual([]);
  });

  test("GIVEN a topic in another region THEN it is refused", () => {
    const topic = TOPIC.replace("ap-northeast-1", "us-east-1");
    expect(notificationsExistingTopic(notifications({ existing_topic_arn: topic }))).toEqual([
      {
        setting: "notifications.existing_topic_arn",
        value: JSON.stringify(topic),
        allowed: "a topic in ap-northeast-1: Step Functions publishes through the regional SNS endpoint",
      },
    ]);
  });

  test("GIVEN coverage events with an existing topic THEN coverage_unhealthy is refused", () => {
    expect(notificationsExistingTopic(notifications({ existing_topic_arn: TOPIC, coverage_unhealthy: true }))).toEqual([
      {
        setting: "notifications.coverage_unhealthy",
        value: "true",
        allowed: "false with an existing topic (its policy must let EventBridge publish: route the event yourself)",
      },
    ]);
  });
});

describe("rule: an existing key is used only when encrypting, in the stack's region", () => {
  test.each([
    ["no key", {}],
    ["a key in the region", { existing_kms_key_arn: KEY }],
    ["no encryption without a key", { encrypt: false }],
  ])("GIVEN %s THEN it is compliant", (_, n) => {
    expect(notificationsExistingKey(notifications(n))).toEqual([]);
  });

  test("GIVEN a key while encrypt is false THEN it is refused", () => {
    expect(notificationsExistingKey(notifications({ encrypt: false, existing_kms_key_arn: KEY }))).toEqual([
      { setting: "notifications.existing_kms_key_arn", value: JSON.stringify(KEY), allowed: "no key while notifications.encrypt is false" },
    ]);
  });

  test("GIVEN a key in another region THEN it is refused", () => {
    const key = KEY.replace("ap-northeast-1", "eu-west-1");
    expect(notificationsExistingKey(notifications({ existing_kms_key_arn: key }))).toEqual([
      { setting: "notifications.existing_kms_key_arn", value: JSON.stringify(key), allowed: "a key in ap-northeast-1 (KMS keys are regional)" },
    ]);
  });
});

import { buildNotificationTopicPolicy } from "../../../functions/sns/notification-topic-policy";
import { assertKnownActions, isAllowed, type RequestContext } from "../../support/iam-simulation";

const ACCOUNT = "123456789012";
const OTHER_ACCOUNT = "210987654321";
const REGION = "ap-northeast-1";
const OTHER_REGION = "us-east-1";
const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:guardduty-ecs-stop-task-topic`;
const RULE = `arn:aws:events:${REGION}:${ACCOUNT}:rule/guardduty-ecs-stop-task-coverage-unhealthy`;
const OTHER_RULE = `arn:aws:events:${REGION}:${ACCOUNT}:rule/another-rule`;
const alarmArn = (name: string, account = ACCOUNT, region = REGION) => `arn:aws:cloudwatch:${region}:${account}:alarm:${name}`;

/** The confused-deputy context a service sends when it publishes on behalf of `sourceArn`. */
const source = (sourceArn: string, account = ACCOUNT): RequestContext => ({ "aws:SourceArn": sourceArn, "aws:SourceAccount": account });

describe("notification topic policy", () => {
  // GIVEN the topic policy with the coverage-unhealthy rule registered
  const policy = buildNotificationTopicPolicy({ topicArn: TOPIC, partition: "aws", region: REGION, accountId: ACCOUNT, eventRuleArns: [RULE] });
  const onTopic = (principal: string, action: string, context?: RequestContext) =>
    isAllowed({ resourcePolicy: policy, principal, action, resource: TOPIC, context });

  test("a CloudWatch alarm of this account publishes", async () => {
    expect((await onTopic("cloudwatch.amazonaws.com", "sns:Publish", source(alarmArn("guardduty-ecs-stop-task-failed")))).result).toBe("Allowed");
  });

  test("a CloudWatch alarm of another account does not publish", async () => {
    const outcome = await onTopic("cloudwatch.amazonaws.com", "sns:Publish", source(alarmArn("x", OTHER_ACCOUNT), OTHER_ACCOUNT));
    expect(outcome.result).toBe("ImplicitlyDenied");
  });

  test("a CloudWatch alarm of this account in another region does not publish", async () => {
    expect((await onTopic("cloudwatch.amazonaws.com", "sns:Publish", source(alarmArn("x", ACCOUNT, OTHER_REGION)))).result).toBe("ImplicitlyDenied");
  });

  test("CloudWatch does not publish without the confused-deputy context", async () => {
    expect((await onTopic("cloudwatch.amazonaws.com", "sns:Publish")).result).toBe("ImplicitlyDenied");
  });

  test("the registered rule publishes", async () => {
    expect((await onTopic("events.amazonaws.com", "sns:Publish", source(RULE))).result).toBe("Allowed");
  });

  test("another rule of the account does not publish", async () => {
    expect((await onTopic("events.amazonaws.com", "sns:Publish", source(OTHER_RULE))).result).toBe("ImplicitlyDenied");
  });

  test("a same-named rule of another account does not publish", async () => {
    const outcome = await onTopic("events.amazonaws.com", "sns:Publish", source(RULE.replace(ACCOUNT, OTHER_ACCOUNT), OTHER_ACCOUNT));
    expect(outcome.result).toBe("ImplicitlyDenied");
  });

  test("EventBridge does not publish on behalf of an alarm ARN (each service only for its own sources)", async () => {
    expect((await onTopic("events.amazonaws.com", "sns:Publish", source(alarmArn("x")))).result).toBe("ImplicitlyDenied");
  });

  test.each([
    ["events.amazonaws.com", "sns:Subscribe"],
    ["events.amazonaws.com", "sns:SetTopicAttributes"],
    ["cloudwatch.amazonaws.com", "sns:Subscribe"],
    ["cloudwatch.amazonaws.com", "sns:DeleteTopic"],
  ])("%s may not %s, even with a registered source", async (principal, action) => {
    const context = principal === "events.amazonaws.com" ? source(RULE) : source(alarmArn("x"));
    expect((await onTopic(principal, action, context)).result).toBe("ImplicitlyDenied");
  });

  test.each(["sns.amazonaws.com", "s3.amazonaws.com", "states.amazonaws.com"])("%s may not publish", async (principal) => {
    expect((await onTopic(principal, "sns:Publish", source(RULE))).result).toBe("ImplicitlyDenied");
  });

  test("a role of another account may not publish", async () => {
    expect((await onTopic(`arn:aws:iam::${OTHER_ACCOUNT}:role/attacker`, "sns:Publish")).result).toBe("ImplicitlyDenied");
  });

  test("every action exists in iam-data", async () => {
    await expect(assertKnownActions(policy)).resolves.toBeUndefined();
  });
});

describe("notification topic policy without rules", () => {
  // GIVEN no rule publishes to the topic
  const policy = buildNotificationTopicPolicy({ topicArn: TOPIC, partition: "aws", region: REGION, accountId: ACCOUNT, eventRuleArns: [] });

  test("EventBridge publishes for no rule", async () => {
    const outcome = await isAllowed({
      resourcePolicy: policy,
      principal: "events.amazonaws.com",
      action: "sns:Publish",
      resource: TOPIC,
      context: source(RULE),
    });
    expect(outcome.result).toBe("ImplicitlyDenied");
  });

  test("CloudWatch alarms of this account still publish", async () => {
    const outcome = await isAllowed({
      resourcePolicy: policy,
      principal: "cloudwatch.amazonaws.com",
      action: "sns:Publish",
      resource: TOPIC,
      context: source(alarmArn("x")),
    });
    expect(outcome.result).toBe("Allowed");
  });
});

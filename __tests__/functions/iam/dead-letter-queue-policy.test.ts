import { buildDeadLetterQueuePolicy } from "../../../functions/sqs/dead-letter-queue-policy";
import { assertKnownActions, isAllowed, type RequestContext } from "../../support/iam-simulation";

const ACCOUNT = "123456789012";
const OTHER_ACCOUNT = "210987654321";
const REGION = "ap-northeast-1";
const QUEUE = `arn:aws:sqs:${REGION}:${ACCOUNT}:guardduty-ecs-stop-task-dead-letters`;
const RULE = `arn:aws:events:${REGION}:${ACCOUNT}:rule/guardduty-ecs-stop-task-rule`;
const OTHER_RULE = `arn:aws:events:${REGION}:${ACCOUNT}:rule/another-rule`;

/**
 * The context EventBridge sends when it delivers an undelivered event of `ruleArn` to the queue: the EventBridge
 * user guide documents `aws:SourceArn` (the rule) for this path, nothing about `aws:SourceAccount`.
 */
const fromRule = (ruleArn: string): RequestContext => ({ "aws:SourceArn": ruleArn });

describe("dead-letter queue policy", () => {
  // GIVEN the queue policy for the stop-task rule
  const policy = buildDeadLetterQueuePolicy({ queueArn: QUEUE, ruleArns: [RULE] });
  const onQueue = (principal: string, action: string, context?: RequestContext) =>
    isAllowed({ resourcePolicy: policy, principal, action, resource: QUEUE, context });

  test("EventBridge sends the registered rule's undelivered events", async () => {
    expect((await onQueue("events.amazonaws.com", "sqs:SendMessage", fromRule(RULE))).result).toBe("Allowed");
  });

  test("EventBridge does not send on behalf of another rule of the account", async () => {
    expect((await onQueue("events.amazonaws.com", "sqs:SendMessage", fromRule(OTHER_RULE))).result).toBe("ImplicitlyDenied");
  });

  test("EventBridge does not send on behalf of a same-named rule of another account", async () => {
    const foreign = RULE.replace(ACCOUNT, OTHER_ACCOUNT);
    expect((await onQueue("events.amazonaws.com", "sqs:SendMessage", fromRule(foreign))).result).toBe("ImplicitlyDenied");
  });

  test("EventBridge sends the registered rule's events whether or not it also sends aws:SourceAccount", async () => {
    // GIVEN the documented context plus an aws:SourceAccount, which the policy must not depend on
    const outcome = await onQueue("events.amazonaws.com", "sqs:SendMessage", { ...fromRule(RULE), "aws:SourceAccount": ACCOUNT });
    expect(outcome.result).toBe("Allowed");
  });

  test("the statement is the documented one: ArnEquals aws:SourceArn on the rules, no other condition", () => {
    expect(policy.Statement).toEqual([
      {
        Sid: "OnlyTheResponseRulesSendUndeliveredEvents",
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sqs:SendMessage",
        Resource: QUEUE,
        Condition: { ArnEquals: { "aws:SourceArn": [RULE] } },
      },
    ]);
  });

  test("EventBridge does not send without the confused-deputy context", async () => {
    expect((await onQueue("events.amazonaws.com", "sqs:SendMessage")).result).toBe("ImplicitlyDenied");
  });

  test.each(["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:PurgeQueue"])("EventBridge may not %s, even for the registered rule", async (action) => {
    expect((await onQueue("events.amazonaws.com", action, fromRule(RULE))).result).toBe("ImplicitlyDenied");
  });

  test.each(["sns.amazonaws.com", "s3.amazonaws.com", "states.amazonaws.com"])("%s may not send, even with the rule's context", async (principal) => {
    expect((await onQueue(principal, "sqs:SendMessage", fromRule(RULE))).result).toBe("ImplicitlyDenied");
  });

  test("a role of another account may not send", async () => {
    expect((await onQueue(`arn:aws:iam::${OTHER_ACCOUNT}:role/attacker`, "sqs:SendMessage")).result).toBe("ImplicitlyDenied");
  });

  test("every action exists in iam-data", async () => {
    await expect(assertKnownActions(policy)).resolves.toBeUndefined();
  });
});

describe("dead-letter queue policy, several rules", () => {
  // GIVEN two registered rules
  const second = `arn:aws:events:${REGION}:${ACCOUNT}:rule/guardduty-ecs-stop-task-other-pipeline`;
  const policy = buildDeadLetterQueuePolicy({ queueArn: QUEUE, ruleArns: [RULE, second] });

  test.each([RULE, second])("each registered rule may send (%s)", async (rule) => {
    const outcome = await isAllowed({
      resourcePolicy: policy,
      principal: "events.amazonaws.com",
      action: "sqs:SendMessage",
      resource: QUEUE,
      context: fromRule(rule),
    });
    expect(outcome.result).toBe("Allowed");
  });
});

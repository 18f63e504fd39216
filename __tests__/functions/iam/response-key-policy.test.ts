import { buildResponseKeyPolicy, type ResponseKeyPolicyProps } from "../../../functions/kms/response-key-policy";
import { policyDocument, type PolicyDocument } from "../../../functions/iam/policy-document";
import { assertKnownActions, isAllowed, type RequestContext } from "../../support/iam-simulation";

/**
 * The key policy is simulated as the resource policy of the key: the request resource is the key ARN and
 * the caller is a role or the service principal, with the context AWS sends. iam-simulate applies KMS's
 * own rule for keys (its KmsServiceAuthorizer): a principal of the key's account is allowed by its
 * identity policy only when the key policy delegates to the account (the `:root` statement); a principal
 * named in the key policy is allowed by the key policy alone.
 */
const ACCOUNT = "123456789012";
const OTHER_ACCOUNT = "210987654321";
const REGION = "ap-northeast-1";
const OTHER_REGION = "us-east-1";
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const STATE_MACHINE_ROLE = `arn:aws:iam::${ACCOUNT}:role/guardduty-ecs-stop-task-sfn-role`;
const OTHER_ROLE = `arn:aws:iam::${ACCOUNT}:role/some-application`;
const DLQ_RULE = `arn:aws:events:${REGION}:${ACCOUNT}:rule/guardduty-ecs-stop-task-rule`;
const TOPIC_RULE = `arn:aws:events:${REGION}:${ACCOUNT}:rule/guardduty-ecs-stop-task-coverage-unhealthy`;
const LOG_GROUP_NAME = "/aws/vendedlogs/states/guardduty-ecs-stop-task-state-machine";
const logGroupArn = (name: string, account = ACCOUNT, region = REGION) => `arn:aws:logs:${region}:${account}:log-group:${name}`;
const alarmArn = (name: string, account = ACCOUNT, region = REGION) => `arn:aws:cloudwatch:${region}:${account}:alarm:${name}`;

const PROPS: ResponseKeyPolicyProps = {
  partition: "aws",
  region: REGION,
  accountId: ACCOUNT,
  publisherRoleArns: [STATE_MACHINE_ROLE],
  eventRuleArns: [DLQ_RULE],
  logGroupNames: [LOG_GROUP_NAME],
};

/** `action` on the key by `principal`, the key policy being the resource policy. */
const useKey = (policy: PolicyDocument, principal: string, action: string, context?: RequestContext, identityPolicies?: readonly PolicyDocument[]) =>
  isAllowed({ resourcePolicy: policy, identityPolicies, principal, action, resource: KEY, context });

/** The confused-deputy context a service sends for a resource of `account`. */
const source = (sourceArn: string, account = ACCOUNT) => ({ "aws:SourceArn": sourceArn, "aws:SourceAccount": account });

const ENVELOPE_ACTIONS = ["kms:GenerateDataKey", "kms:Decrypt"] as const;

describe("response key policy, publisher roles", () => {
  // GIVEN the key policy naming the state machine role
  const policy = buildResponseKeyPolicy(PROPS);

  test.each(ENVELOPE_ACTIONS.flatMap((action) => ["sns", "sqs"].map((service) => [action, service] as const)))(
    "the state machine role may %s through %s",
    async (action, service) => {
      // WHEN SNS (or SQS) calls KMS for the role's Publish (or SendMessage), kms:ViaService naming the service
      const outcome = await useKey(policy, STATE_MACHINE_ROLE, action, { "kms:ViaService": `${service}.${REGION}.amazonaws.com` });
      // THEN the key policy alone allows it (the role has no identity policy here)
      expect(outcome.result).toBe("Allowed");
    },
  );

  test.each(ENVELOPE_ACTIONS)("the state machine role may not %s directly (no kms:ViaService)", async (action) => {
    expect((await useKey(policy, STATE_MACHINE_ROLE, action)).result).toBe("ImplicitlyDenied");
  });

  test.each([`s3.${REGION}.amazonaws.com`, `sns.${OTHER_REGION}.amazonaws.com`, `secretsmanager.${REGION}.amazonaws.com`])(
    "the state machine role may not decrypt through another service or region (%s)",
    async (viaService) => {
      expect((await useKey(policy, STATE_MACHINE_ROLE, "kms:Decrypt", { "kms:ViaService": viaService })).result).toBe("ImplicitlyDenied");
    },
  );

  test("another role of the account is not admitted by the publisher statement", async () => {
    // WHEN another same-account role without any identity policy decrypts through SNS
    const outcome = await useKey(policy, OTHER_ROLE, "kms:Decrypt", { "kms:ViaService": `sns.${REGION}.amazonaws.com` });
    // THEN it is denied: only the root statement could admit it, and that one only delegates to IAM
    expect(outcome.result).toBe("ImplicitlyDenied");
  });

  test("another role of the account is allowed once an identity policy grants it: the root statement delegates to IAM", async () => {
    // AWS behaviour (KMS "default key policy"): Principal <account>:root with kms:* does not allow the
    // account's principals by itself; it makes the key honour their IAM policies. So the account's admins
    // keep control of the key, and any role the account grants kms:Decrypt on this key can use it.
    const grant = policyDocument({ Effect: "Allow", Action: "kms:Decrypt", Resource: KEY });
    const outcome = await useKey(policy, OTHER_ROLE, "kms:Decrypt", undefined, [grant]);
    expect(outcome.result).toBe("Allowed");
  });

  test("without the root statement an identity policy is not enough: the key policy is authoritative", async () => {
    // GIVEN the same key policy minus the account delegation
    const withoutRoot = policyDocument(...policy.Statement.filter((s) => s.Sid !== "AccountAdministersTheKey"));
    const grant = policyDocument({ Effect: "Allow", Action: "kms:Decrypt", Resource: KEY });
    // THEN the identity policy no longer counts (this is why the root statement must stay)
    expect((await useKey(withoutRoot, OTHER_ROLE, "kms:Decrypt", undefined, [grant])).result).toBe("ImplicitlyDenied");
  });

  test("a role of another account is not admitted even with an identity policy", async () => {
    const foreignRole = `arn:aws:iam::${OTHER_ACCOUNT}:role/attacker`;
    const grant = policyDocument({ Effect: "Allow", Action: "kms:Decrypt", Resource: KEY });
    const outcome = await useKey(policy, foreignRole, "kms:Decrypt", { "kms:ViaService": `sns.${REGION}.amazonaws.com` }, [grant]);
    expect(outcome.result).toBe("ImplicitlyDenied");
  });

  test("the publisher statement disappears without publisher roles", () => {
    const sids = buildResponseKeyPolicy({ ...PROPS, publisherRoleArns: [] }).Statement.map((s) => s.Sid);
    expect(sids).not.toContain("ResponseRolesUseTheKeyThroughSnsAndSqs");
  });
});

describe("response key policy, EventBridge writing to the encrypted dead-letter queue", () => {
  // The SQS developer guide ("Configure KMS permissions for AWS services") documents the grant for
  // events.amazonaws.com without a condition; no AWS page says which confused-deputy context EventBridge's
  // KMS request carries when it dead-letters. The statement must therefore admit the request whatever
  // context it carries, or nothing, and grant nothing beyond the two documented actions.
  const policy = buildResponseKeyPolicy(PROPS);
  const DEAD_LETTER_ACTIONS = ["kms:Decrypt", "kms:GenerateDataKey"] as const;

  test.each(DEAD_LETTER_ACTIONS)("EventBridge may %s without any source context (what AWS documents)", async (action) => {
    expect((await useKey(policy, "events.amazonaws.com", action)).result).toBe("Allowed");
  });

  test.each([
    ["the rule's ARN", source(DLQ_RULE)],
    ["the queue's ARN", source(`arn:aws:sqs:${REGION}:${ACCOUNT}:guardduty-ecs-stop-task-dead-letters`)],
  ])("EventBridge may kms:GenerateDataKey whichever source ARN it sends (%s)", async (_label, context) => {
    expect((await useKey(policy, "events.amazonaws.com", "kms:GenerateDataKey", context)).result).toBe("Allowed");
  });

  test("the statement is exactly the documented one: events.amazonaws.com, kms:Decrypt and kms:GenerateDataKey, no condition", () => {
    const statement = policy.Statement.find((s) => s.Sid === "EventBridgeEncryptsIntoTheDeadLetterQueue");
    expect(statement).toEqual({
      Sid: "EventBridgeEncryptsIntoTheDeadLetterQueue",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: "*",
    });
  });

  test.each(["kms:Encrypt", "kms:ReEncryptFrom", "kms:CreateGrant", "kms:ScheduleKeyDeletion", "kms:GenerateDataKeyWithoutPlaintext"])(
    "EventBridge may not %s through the dead-letter statement",
    async (action) => {
      expect((await useKey(policy, "events.amazonaws.com", action)).result).toBe("ImplicitlyDenied");
    },
  );

  test("the statement exists only when a rule dead-letters into a queue encrypted with the key", () => {
    const sids = buildResponseKeyPolicy({ ...PROPS, eventRuleArns: [] }).Statement.map((s) => s.Sid);
    expect(sids).not.toContain("EventBridgeEncryptsIntoTheDeadLetterQueue");
  });

  test("without a dead-letter rule or a topic-publishing rule EventBridge may not use the key", async () => {
    const policyWithoutRules = buildResponseKeyPolicy({ ...PROPS, eventRuleArns: [] });
    expect((await useKey(policyWithoutRules, "events.amazonaws.com", "kms:GenerateDataKey")).result).toBe("ImplicitlyDenied");
  });
});

describe("response key policy, EventBridge publishing to the encrypted topic", () => {
  // The SNS developer guide (key management, event sources): adding aws:SourceAccount, aws:SourceArn and
  // aws:SourceOrgID to a KMS policy "is not supported for EventBridge-to-encrypted topics": the KMS request
  // EventBridge makes for an encrypted topic carries none of them. It is simulated here without them.

  test.each(ENVELOPE_ACTIONS)("a rule registered as a topic publisher may %s without source context", async (action) => {
    // GIVEN the coverage-unhealthy rule registered as publishing to the topic
    const policy = buildResponseKeyPolicy({ ...PROPS, eventRuleArns: [], topicPublishingRuleArns: [TOPIC_RULE] });
    // THEN EventBridge gets the data key (which rules may publish is the topic policy's check)
    expect((await useKey(policy, "events.amazonaws.com", action)).result).toBe("Allowed");
  });

  test("the topic statement exists only when a rule publishes to the topic", () => {
    const sids = (props: ResponseKeyPolicyProps) => buildResponseKeyPolicy(props).Statement.map((s) => s.Sid);
    expect(sids(PROPS)).not.toContain("EventBridgeRulesPublishToTheEncryptedTopic");
    expect(sids({ ...PROPS, topicPublishingRuleArns: [] })).not.toContain("EventBridgeRulesPublishToTheEncryptedTopic");
    expect(sids({ ...PROPS, topicPublishingRuleArns: [TOPIC_RULE] })).toContain("EventBridgeRulesPublishToTheEncryptedTopic");
  });

  test("the topic statement grants nothing but the envelope actions", async () => {
    const policy = buildResponseKeyPolicy({ ...PROPS, eventRuleArns: [], topicPublishingRuleArns: [TOPIC_RULE] });
    expect((await useKey(policy, "events.amazonaws.com", "kms:ReEncryptFrom")).result).toBe("ImplicitlyDenied");
    expect((await useKey(policy, "events.amazonaws.com", "kms:ScheduleKeyDeletion")).result).toBe("ImplicitlyDenied");
  });
});

describe("response key policy, CloudWatch alarms", () => {
  // GIVEN the key policy with CloudWatch alarms allowed (the default)
  const policy = buildResponseKeyPolicy(PROPS);

  test.each(ENVELOPE_ACTIONS)("an alarm of this account may %s", async (action) => {
    const outcome = await useKey(policy, "cloudwatch.amazonaws.com", action, source(alarmArn("guardduty-ecs-stop-task-failed")));
    expect(outcome.result).toBe("Allowed");
  });

  test("an alarm of another account may not", async () => {
    const outcome = await useKey(policy, "cloudwatch.amazonaws.com", "kms:GenerateDataKey", source(alarmArn("x", OTHER_ACCOUNT), OTHER_ACCOUNT));
    expect(outcome.result).toBe("ImplicitlyDenied");
  });

  test("an alarm of this account in another region may not", async () => {
    const outcome = await useKey(policy, "cloudwatch.amazonaws.com", "kms:GenerateDataKey", source(alarmArn("x", ACCOUNT, OTHER_REGION)));
    expect(outcome.result).toBe("ImplicitlyDenied");
  });

  test("CloudWatch without the confused-deputy context may not", async () => {
    expect((await useKey(policy, "cloudwatch.amazonaws.com", "kms:GenerateDataKey")).result).toBe("ImplicitlyDenied");
  });

  test("with allowCloudWatchAlarms false the statement disappears and alarms are denied", async () => {
    // GIVEN the key policy without CloudWatch alarms
    const withoutAlarms = buildResponseKeyPolicy({ ...PROPS, allowCloudWatchAlarms: false });
    expect(withoutAlarms.Statement.map((s) => s.Sid)).not.toContain("CloudWatchAlarmsUseTheKey");
    const outcome = await useKey(withoutAlarms, "cloudwatch.amazonaws.com", "kms:GenerateDataKey", source(alarmArn("x")));
    expect(outcome.result).toBe("ImplicitlyDenied");
  });
});

describe("response key policy, CloudWatch Logs", () => {
  // GIVEN the key policy with the state machine's log group registered. CloudWatch Logs binds every data
  // key to the log group with the encryption context aws:logs:arn = <log group ARN>.
  const policy = buildResponseKeyPolicy(PROPS);
  const logs = `logs.${REGION}.amazonaws.com`;
  const context = (arn: string) => ({ "kms:EncryptionContext:aws:logs:arn": arn });

  test.each(["kms:Encrypt", "kms:GenerateDataKey", "kms:Decrypt"])("CloudWatch Logs may %s for the registered log group", async (action) => {
    expect((await useKey(policy, logs, action, context(logGroupArn(LOG_GROUP_NAME)))).result).toBe("Allowed");
  });

  test("CloudWatch Logs may not encrypt for another log group", async () => {
    expect((await useKey(policy, logs, "kms:Encrypt", context(logGroupArn("/aws/lambda/other")))).result).toBe("ImplicitlyDenied");
  });

  test("CloudWatch Logs may not encrypt for a same-named log group of another account", async () => {
    const outcome = await useKey(policy, logs, "kms:GenerateDataKey", context(logGroupArn(LOG_GROUP_NAME, OTHER_ACCOUNT)));
    expect(outcome.result).toBe("ImplicitlyDenied");
  });

  test("CloudWatch Logs may not encrypt without the encryption context", async () => {
    expect((await useKey(policy, logs, "kms:Encrypt")).result).toBe("ImplicitlyDenied");
  });

  test("CloudWatch Logs of another region may not encrypt, even for the registered log group", async () => {
    const outcome = await useKey(policy, `logs.${OTHER_REGION}.amazonaws.com`, "kms:Encrypt", context(logGroupArn(LOG_GROUP_NAME)));
    expect(outcome.result).toBe("ImplicitlyDenied");
  });

  test("the statement disappears without log groups", () => {
    const sids = buildResponseKeyPolicy({ ...PROPS, logGroupNames: [] }).Statement.map((s) => s.Sid);
    expect(sids).not.toContain("CloudWatchLogsEncryptsTheExecutionLogs");
  });
});

describe("response key policy, unrelated service principals", () => {
  // GIVEN the fullest key policy (every statement present)
  const policy = buildResponseKeyPolicy({ ...PROPS, topicPublishingRuleArns: [TOPIC_RULE] });

  test.each(["sns.amazonaws.com", "s3.amazonaws.com", "sqs.amazonaws.com", "states.amazonaws.com"])("%s may not use the key", async (principal) => {
    // WHEN the service calls with a confused-deputy context of this account THEN nothing admits it
    const outcome = await useKey(policy, principal, "kms:GenerateDataKey", { "aws:SourceAccount": ACCOUNT });
    expect(outcome.result).toBe("ImplicitlyDenied");
  });
});

describe("response key policy, action names", () => {
  test("every action exists in iam-data", async () => {
    const full = buildResponseKeyPolicy({ ...PROPS, topicPublishingRuleArns: [TOPIC_RULE] });
    expect(full.Statement).toHaveLength(6);
    await expect(assertKnownActions(full)).resolves.toBeUndefined();
  });
});

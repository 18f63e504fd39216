import { isWildcardOnlyAction } from "@cloud-copilot/iam-simulate";
import { buildStopTaskStateMachinePolicy, type StopTaskStateMachinePolicyProps } from "../../../functions/ecs-stop-task/state-machine-role-policy";
import { policyDocument } from "../../../functions/iam/policy-document";
import { STATE_MACHINE_TRACING_ACTIONS } from "../../../functions/iam/state-machine-logging-policy";
import { buildResponseKeyPolicy } from "../../../functions/kms/response-key-policy";
import { assertKnownActions, isAllowed, type RequestContext } from "../../support/iam-simulation";

const ACCOUNT = "123456789012";
const REGION = "ap-northeast-1";
const ROLE = `arn:aws:iam::${ACCOUNT}:role/guardduty-ecs-stop-task-sfn-role`;
const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:guardduty-ecs-stop-task-topic`;
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const OTHER_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/abcd1234-34cd-12ab-ef56-0987654321ba`;
const VIA_SNS = { "kms:ViaService": `sns.${REGION}.amazonaws.com` };

const BASE: StopTaskStateMachinePolicyProps = { partition: "aws", region: REGION, accountId: ACCOUNT, topicArn: TOPIC };

/**
 * KMS evaluates a key's policy first: an identity policy counts only when the key policy delegates to the
 * account. To test the role's own statement, every key carries the AWS default key policy (the account
 * root with kms:*, i.e. "let IAM decide"), so the identity policy alone decides.
 */
const defaultKeyPolicy = policyDocument({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" });

describe("stop-task state machine role policy, with the topic's KMS key", () => {
  // GIVEN the role policy for a topic encrypted with KEY
  const policy = buildStopTaskStateMachinePolicy({ ...BASE, kmsKeyArn: KEY });
  const useKey = (action: string, key: string, context?: RequestContext) =>
    isAllowed({ identityPolicies: [policy], resourcePolicy: defaultKeyPolicy, principal: ROLE, action, resource: key, context });

  test.each(["kms:GenerateDataKey", "kms:Decrypt"])("%s on the topic's key through SNS is allowed", async (action) => {
    expect((await useKey(action, KEY, VIA_SNS)).result).toBe("Allowed");
  });

  test("kms:GenerateDataKey on another key through SNS is denied", async () => {
    expect((await useKey("kms:GenerateDataKey", OTHER_KEY, VIA_SNS)).result).toBe("ImplicitlyDenied");
  });

  test("kms:GenerateDataKey on the topic's key without kms:ViaService (a direct call) is denied", async () => {
    expect((await useKey("kms:GenerateDataKey", KEY)).result).toBe("ImplicitlyDenied");
  });

  test("kms:Decrypt on the topic's key through SQS is denied (the role only publishes to SNS)", async () => {
    expect((await useKey("kms:Decrypt", KEY, { "kms:ViaService": `sqs.${REGION}.amazonaws.com` })).result).toBe("ImplicitlyDenied");
  });

  test.each(["kms:Encrypt", "kms:ReEncryptFrom", "kms:CreateGrant", "kms:ScheduleKeyDeletion"])("%s on the topic's key is denied", async (action) => {
    expect((await useKey(action, KEY, VIA_SNS)).result).toBe("ImplicitlyDenied");
  });

  test("with the response key policy the role encrypts notices for the topic (identity and key policy agree)", async () => {
    // GIVEN the key policy the stack writes, naming the role as a publisher
    const keyPolicy = buildResponseKeyPolicy({
      partition: "aws",
      region: REGION,
      accountId: ACCOUNT,
      publisherRoleArns: [ROLE],
      eventRuleArns: [],
      logGroupNames: [],
    });
    const outcome = await isAllowed({
      identityPolicies: [policy],
      resourcePolicy: keyPolicy,
      principal: ROLE,
      action: "kms:GenerateDataKey",
      resource: KEY,
      context: VIA_SNS,
    });
    expect(outcome.result).toBe("Allowed");
  });
});

describe("stop-task state machine role policy, without a KMS key", () => {
  // GIVEN the role policy for an unencrypted (or foreign) topic
  const policy = buildStopTaskStateMachinePolicy(BASE);

  test("has no KMS statement", () => {
    expect(policy.Statement.flatMap((s) => [s.Action].flat()).filter((a) => a.startsWith("kms:"))).toEqual([]);
  });

  test("kms:GenerateDataKey through SNS on any key is denied", async () => {
    const outcome = await isAllowed({
      identityPolicies: [policy],
      resourcePolicy: defaultKeyPolicy,
      principal: ROLE,
      action: "kms:GenerateDataKey",
      resource: KEY,
      context: VIA_SNS,
    });
    expect(outcome.result).toBe("ImplicitlyDenied");
  });
});

describe("stop-task state machine role policy, tracing", () => {
  // GIVEN the role policy with and without X-Ray tracing
  const traced = buildStopTaskStateMachinePolicy({ ...BASE, tracing: true });
  const untraced = buildStopTaskStateMachinePolicy(BASE);

  test.each([...STATE_MACHINE_TRACING_ACTIONS])("with tracing, %s is allowed on *", async (action) => {
    expect((await isAllowed({ identityPolicies: [traced], principal: ROLE, action, resource: "*" })).result).toBe("Allowed");
  });

  test.each([...STATE_MACHINE_TRACING_ACTIONS])("%s has no resource-level permissions, hence *", async (action) => {
    const [service, name] = action.split(":");
    expect(await isWildcardOnlyAction(service, name)).toBe(true);
  });

  test("without tracing, xray:PutTraceSegments is denied", async () => {
    expect((await isAllowed({ identityPolicies: [untraced], principal: ROLE, action: "xray:PutTraceSegments", resource: "*" })).result).toBe(
      "ImplicitlyDenied",
    );
  });

  test("tracing grants no other X-Ray action such as reading traces", async () => {
    expect((await isAllowed({ identityPolicies: [traced], principal: ROLE, action: "xray:GetTraceSummaries", resource: "*" })).result).toBe("ImplicitlyDenied");
  });
});

describe("stop-task state machine role policy with key and tracing, action names", () => {
  test("every action exists in iam-data", async () => {
    const full = buildStopTaskStateMachinePolicy({ ...BASE, kmsKeyArn: KEY, tracing: true, clusterArns: [`arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/prod`] });
    await expect(assertKnownActions(full)).resolves.toBeUndefined();
  });
});

import { policyDocument } from "../../../functions/iam/policy-document";
import { isAllowed } from "../../support/iam-simulation";

/**
 * iam-simulate drops request context keys whose variable part follows a colon, such as
 * kms:EncryptionContext:aws:logs:arn (iam-data declares kms:EncryptionContext:${EncryptionContextKey}),
 * so a policy conditioned on the encryption context could never be shown to allow anything. The wrapper
 * evaluates such requests with every key; these tests pin that down.
 */
describe("iam-simulation wrapper, colon-variable context keys", () => {
  const ACCOUNT = "123456789012";
  const KEY = `arn:aws:kms:ap-northeast-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
  const GROUP = `arn:aws:logs:ap-northeast-1:${ACCOUNT}:log-group:app`;
  // GIVEN a key policy letting CloudWatch Logs encrypt for one log group only
  const keyPolicy = policyDocument({
    Effect: "Allow",
    Principal: { Service: "logs.ap-northeast-1.amazonaws.com" },
    Action: "kms:Encrypt",
    Resource: "*",
    Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": GROUP } },
  });
  const encrypt = (context?: Record<string, string>, extra: object = {}) =>
    isAllowed({ resourcePolicy: keyPolicy, principal: "logs.ap-northeast-1.amazonaws.com", action: "kms:Encrypt", resource: KEY, context, ...extra });

  test("honours a matching encryption context key", async () => {
    expect((await encrypt({ "kms:EncryptionContext:aws:logs:arn": GROUP })).result).toBe("Allowed");
  });

  test("honours the key in any case, like AWS", async () => {
    expect((await encrypt({ "kms:encryptioncontext:aws:logs:arn": GROUP })).result).toBe("Allowed");
  });

  test("denies a different encryption context value", async () => {
    expect((await encrypt({ "kms:EncryptionContext:aws:logs:arn": `${GROUP}-other` })).result).toBe("ImplicitlyDenied");
  });

  test("denies without the encryption context", async () => {
    expect((await encrypt()).result).toBe("ImplicitlyDenied");
  });

  test("still honours the other context keys of the request", async () => {
    // GIVEN a statement that also requires aws:SourceAccount
    const both = policyDocument({
      ...keyPolicy.Statement[0],
      Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": GROUP }, StringEquals: { "aws:SourceAccount": ACCOUNT } },
    });
    const request = (account: string) =>
      isAllowed({
        resourcePolicy: both,
        principal: "logs.ap-northeast-1.amazonaws.com",
        action: "kms:Encrypt",
        resource: KEY,
        context: { "kms:EncryptionContext:aws:logs:arn": GROUP, "aws:SourceAccount": account },
      });
    expect((await request(ACCOUNT)).result).toBe("Allowed");
    expect((await request("210987654321")).result).toBe("ImplicitlyDenied");
  });

  test("still rejects a colon-variable key the action does not declare", async () => {
    // sns:Publish declares no kms:EncryptionContext key
    const request = isAllowed({
      identityPolicies: [policyDocument({ Effect: "Allow", Action: "sns:Publish", Resource: "*" })],
      principal: `arn:aws:iam::${ACCOUNT}:role/r`,
      action: "sns:Publish",
      resource: `arn:aws:sns:ap-northeast-1:${ACCOUNT}:t`,
      context: { "kms:EncryptionContext:aws:logs:arn": GROUP },
    });
    await expect(request).rejects.toThrow("would be ignored: kms:EncryptionContext:aws:logs:arn");
  });

  test("refuses VPC endpoint policies alongside such keys (the unchecked engine would leave them out)", async () => {
    const endpoint = policyDocument({ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" });
    await expect(encrypt({ "kms:EncryptionContext:aws:logs:arn": GROUP }, { vpcEndpointPolicies: [endpoint] })).rejects.toThrow("VPC endpoint policies");
  });
});

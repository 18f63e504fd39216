/**
 * The rails' IAM, simulated (@cloud-copilot/iam-simulate): the role policy a railed definition gets from the type's
 * grants and the rails' grants, and the kill switch operator policy.
 */
import { policyDocument } from "../../../functions/iam/policy-document";
import { counterKeyStatement, countActionStatement } from "../../../functions/safety-rails/blast-radius-cap";
import { readKillSwitchStatement } from "../../../functions/safety-rails/kill-switch";
import { isAllowed } from "../../support/iam-simulation";
import { PARAMETER_ARN, TABLE_ARN } from "./fixtures";

const ROLE = "arn:aws:iam::123456789012:role/ecs-runtime-monitoring-stop-task-dev-apne1-sfn-role";
const KEY = "arn:aws:kms:ap-northeast-1:123456789012:key/11111111-2222-3333-4444-555555555555";
const ecsRole = policyDocument(
  readKillSwitchStatement(PARAMETER_ARN),
  countActionStatement(TABLE_ARN, "ecs-stop-task"),
  counterKeyStatement(KEY, "ap-northeast-1"),
);

test("the role may update its own type's counter items", async () => {
  // GIVEN the ECS role WHEN it updates an ecs-stop-task# item THEN allowed
  const outcome = await isAllowed({
    identityPolicies: [ecsRole],
    principal: ROLE,
    action: "dynamodb:UpdateItem",
    resource: TABLE_ARN,
    context: { "dynamodb:LeadingKeys": ["ecs-stop-task#arn:aws:ecs:ap-northeast-1:123456789012:cluster/prod#2026-12-05T03"] },
  });
  expect(outcome.result).toBe("Allowed");
});

test("the role may not update another type's counter items", async () => {
  // GIVEN the ECS role WHEN it updates an ec2-isolate-instance# item THEN denied
  const outcome = await isAllowed({
    identityPolicies: [ecsRole],
    principal: ROLE,
    action: "dynamodb:UpdateItem",
    resource: TABLE_ARN,
    context: { "dynamodb:LeadingKeys": ["ec2-isolate-instance#123456789012#2026-12-05T03"] },
  });
  expect(outcome.result).toBe("ImplicitlyDenied");
});

test("the role may not delete counter items (only UpdateItem)", async () => {
  // GIVEN the ECS role WHEN it deletes its own item THEN denied
  const outcome = await isAllowed({
    identityPolicies: [ecsRole],
    principal: ROLE,
    action: "dynamodb:DeleteItem",
    resource: TABLE_ARN,
    context: { "dynamodb:LeadingKeys": ["ecs-stop-task#x#y"] },
  });
  expect(outcome.result).toBe("ImplicitlyDenied");
});

test("the role may read the kill switch", async () => {
  // GIVEN the ECS role WHEN it reads the parameter THEN allowed
  expect((await isAllowed({ identityPolicies: [ecsRole], principal: ROLE, action: "ssm:GetParameter", resource: PARAMETER_ARN })).result).toBe("Allowed");
});

test("the role may not flip the kill switch", async () => {
  // GIVEN the ECS role WHEN it writes the parameter THEN denied
  expect((await isAllowed({ identityPolicies: [ecsRole], principal: ROLE, action: "ssm:PutParameter", resource: PARAMETER_ARN })).result).toBe(
    "ImplicitlyDenied",
  );
});

// The stack's key policy delegates to the account's IAM (functions/kms/response-key-policy.ts, AccountAdministersTheKey).
const KEY_POLICY = policyDocument({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" });

test("the role may use the table's key through DynamoDB only", async () => {
  // GIVEN the ECS role and the key policy delegating to IAM WHEN it decrypts through DynamoDB, then through S3 THEN allowed, then denied
  const through = (service: string) =>
    isAllowed({
      identityPolicies: [ecsRole],
      resourcePolicy: KEY_POLICY,
      principal: ROLE,
      action: "kms:Decrypt",
      resource: KEY,
      context: { "kms:ViaService": service },
    });
  expect((await through("dynamodb.ap-northeast-1.amazonaws.com")).result).toBe("Allowed");
  expect((await through("s3.ap-northeast-1.amazonaws.com")).result).toBe("ImplicitlyDenied");
});

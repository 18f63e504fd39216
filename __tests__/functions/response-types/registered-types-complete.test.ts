/**
 * Every registered response type is complete: its definition is valid ASL, every Task integration it uses has
 * its IAM grants (or says why it needs none), its event pattern is one EventBridge accepts and matches a finding
 * on its resource, its input transformer is one PutTargets accepts, and review and simulate have what they need.
 * A fourth type registered in functions/response-types/registry.ts is checked here with no other edit.
 */
import { RESPONSE_TYPES } from "../../../functions/response-types/registry";
import { rolePolicyOf } from "../../../functions/response-types/role-policy";
import { taskIntegrationsOf } from "../../../functions/response-types/task-integrations";
import type { AnyResponseType, DefinitionContext, GrantContext } from "../../../functions/response-types/contract";
import { validateInputTransformer } from "../../../functions/eventbridge/input-transformer-renderer";
import { matchesEventPattern, validateEventPattern } from "../../../functions/eventbridge/pattern-matcher";
import { trimIntrinsicWhitespace } from "../../../tools/simulator/trim-intrinsic-whitespace";
import { validateAsl } from "../../../tools/simulator/validate-asl";

const DEFINITION_CONTEXT: DefinitionContext = {
  topicArn: "arn:aws:sns:ap-northeast-1:123456789012:acme-topic",
  partition: "aws",
  literalPartition: "aws",
  namePrefix: "acme",
};
const GRANT_CONTEXT: GrantContext = { partition: "aws", region: "ap-northeast-1", accountId: "123456789012", topicArn: DEFINITION_CONTEXT.topicArn };

const definitionOf = (type: AnyResponseType) => type.definition(type.exampleProps, DEFINITION_CONTEXT);

/** A Runtime Monitoring finding event on the type's resource, with nothing else in it. */
const findingEventOn = (type: AnyResponseType) => ({
  version: "0",
  id: "7bf73129-1428-4cd3-a780-95db273d1602",
  "detail-type": "GuardDuty Finding",
  source: "aws.guardduty",
  account: "123456789012",
  time: "2026-12-04T00:00:00Z",
  region: "ap-northeast-1",
  resources: [],
  detail: { resource: { resourceType: type.findingResource.resourceType }, service: { featureName: "RuntimeMonitoring" }, severity: 8 },
});

test("GIVEN the registry WHEN listing the types THEN ECS, EC2 and EKS are registered, in that order", () => {
  expect(RESPONSE_TYPES.map((type) => type.id)).toEqual(["ecs-stop-task", "ec2-isolate-instance", "eks-contain-pod"]);
});

test("GIVEN the registry WHEN comparing the types THEN ids, construct names and resource name suffixes are unique", () => {
  for (const key of ["id", "constructName", "resourceNameSuffix"] as const) {
    const values = RESPONSE_TYPES.map((type) => type[key] ?? "(none)");
    expect(new Set(values).size).toBe(values.length);
  }
});

describe.each(RESPONSE_TYPES.map((type) => [type.id, type] as const))("response type %s", (_id, type) => {
  test("GIVEN its example props WHEN validated THEN they are accepted", () => {
    expect(() => type.validate(type.exampleProps)).not.toThrow();
  });

  test("GIVEN its example props WHEN its definition is built THEN asl-validator accepts it", () => {
    // The seed keeps a newline after States.Format(...) that AWS ran and asl-validator refuses (see the seed tests).
    const result = validateAsl(trimIntrinsicWhitespace(definitionOf(type)));
    expect(result.errorsText).toBe("");
    expect(result.isValid).toBe(true);
  });

  test("GIVEN its definition WHEN its grants are read THEN every Task integration has statements or a reason for none", () => {
    const grants = type.grants(type.exampleProps, GRANT_CONTEXT);
    for (const integration of taskIntegrationsOf(definitionOf(type))) {
      const own = grants.filter((grant) => grant.neededBy.some((need) => "integration" in need && need.integration === integration));
      expect({ integration, granted: own.length > 0 }).toEqual({ integration, granted: true });
      expect({ integration, explained: own.some((grant) => grant.statements.length > 0 || (grant.reason ?? "") !== "") }).toEqual({
        integration,
        explained: true,
      });
    }
  });

  test("GIVEN its grants WHEN the role policy is derived THEN it publishes to the topic, delivers logs and names no action twice by Sid", () => {
    const policy = rolePolicyOf(type.grants(type.exampleProps, GRANT_CONTEXT), definitionOf(type));
    const actions = policy.Statement.flatMap((statement) => [statement.Action].flat());
    expect(actions).toContain("sns:Publish");
    expect(actions).toContain("logs:CreateLogDelivery");
    const sids = policy.Statement.map((statement) => statement.Sid);
    expect(new Set(sids).size).toBe(sids.length);
  });

  test("GIVEN its example props WHEN its event pattern is validated THEN EventBridge's rules accept it", () => {
    expect(() => validateEventPattern(type.eventPattern(type.exampleProps))).not.toThrow();
  });

  test("GIVEN a Runtime Monitoring finding on its resource type WHEN matched THEN its rule fires", () => {
    expect(matchesEventPattern(type.eventPattern(type.exampleProps), findingEventOn(type))).toBe(true);
  });

  test("GIVEN its input transformer WHEN checked as PutTargets does THEN every placeholder has a path", () => {
    const transformer = type.inputTransformer(type.exampleProps);
    expect(() => validateInputTransformer(transformer.inputPaths, transformer.inputTemplate)).not.toThrow();
    expect(Object.values(transformer.inputPaths).every((path) => path.startsWith("$."))).toBe(true);
  });

  test("GIVEN its pipeline text WHEN read THEN every description and name is present", () => {
    for (const value of Object.values(type.pipelineText)) expect(value).toMatch(/\S/);
    expect(type.title).toMatch(/\S/);
    expect(type.findingResource.description).toMatch(/\S/);
  });

  test("GIVEN its example props WHEN review describes it THEN there is a paragraph and notified outcomes with subjects", () => {
    const review = type.review(type.exampleProps);
    expect(review.description.length).toBeGreaterThan(80);
    expect(review.description).not.toMatch(/\n/);
    expect(review.outcomes.length).toBeGreaterThan(0);
    for (const outcome of review.outcomes) {
      expect(outcome.name).toMatch(/\S/);
      expect(outcome.subject).toMatch(/\S/);
    }
  });

  test("GIVEN its alarms WHEN read THEN there is at least one, with unique ids", () => {
    expect(type.alarms.length).toBeGreaterThan(0);
    expect(new Set(type.alarms.map((alarm) => alarm.id)).size).toBe(type.alarms.length);
  });

  test("GIVEN its simulated answers WHEN read THEN there is at least one, each named once in kebab case and described", () => {
    expect(type.simulatedAnswers.length).toBeGreaterThan(0);
    const names = type.simulatedAnswers.map((answer) => answer.name);
    expect(new Set(names).size).toBe(names.length);
    for (const answer of type.simulatedAnswers) {
      expect(answer.name).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(answer.description).toMatch(/\S/);
    }
  });
});

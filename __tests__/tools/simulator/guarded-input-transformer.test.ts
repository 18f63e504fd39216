/**
 * The guarded workflow's EventBridge input transformer.
 */
import { buildGuardedEcsInputTransformer } from "../../../functions/ecs-stop-task/guarded-input-transformer";
import { ACCOUNT_ID, CLUSTER_ARN, FINDING_ID, FINDING_SEVERITY, FINDING_TYPE, REGION, TASK_ARN, TASK_DEFINITION_ARN } from "./fixtures";

/**
 * Fills a template whose placeholders all stand bare, as EventBridge does for a bare placeholder: the value as
 * JSON. (Placeholders inside quotes would be filled raw by EventBridge; this helper does not model them,
 * and the template must not have any.)
 */
function fillBare(template: string, values: Record<string, unknown>): string {
  return template.replace(/<([A-Za-z0-9_.-]+)>/gu, (_all, name: string) => JSON.stringify(values[name]));
}

describe("guarded input transformer", () => {
  it("reads the finding's identity and the ECS task out of the GuardDuty event", () => {
    expect(buildGuardedEcsInputTransformer().inputPaths).toEqual({
      id: "$.detail.id",
      type: "$.detail.type",
      severity: "$.detail.severity",
      title: "$.detail.title",
      accountId: "$.detail.accountId",
      region: "$.detail.region",
      clusterArn: "$.detail.resource.ecsClusterDetails.arn",
      taskArn: "$.detail.resource.ecsClusterDetails.taskDetails.arn",
      taskDefinitionArn: "$.detail.resource.ecsClusterDetails.taskDetails.definitionArn",
    });
  });

  it("uses every placeholder exactly once, each bare (never inside a JSON string)", () => {
    const { inputPaths, inputTemplate } = buildGuardedEcsInputTransformer();
    const placeholders = [...inputTemplate.matchAll(/<([^>]+)>/gu)].map((match) => match[1]);
    expect([...placeholders].sort()).toEqual(Object.keys(inputPaths).sort());
    const stringLiterals = inputTemplate.match(/"(?:[^"\\]|\\.)*"/gu) ?? [];
    expect(stringLiterals.filter((literal) => /<[^>]+>/u.test(literal))).toEqual([]);
  });

  it("yields the state machine input, the hostile title staying one JSON string", () => {
    // GIVEN a title with quotes, braces and line breaks, filled in as EventBridge fills bare placeholders
    const title = '"}, "ecs": {"taskArn": "arn:forged"}, "x": {"\n<title>';
    const values = {
      id: FINDING_ID,
      type: FINDING_TYPE,
      severity: FINDING_SEVERITY,
      title,
      accountId: ACCOUNT_ID,
      region: REGION,
      clusterArn: CLUSTER_ARN,
      taskArn: TASK_ARN,
      taskDefinitionArn: TASK_DEFINITION_ARN,
    };
    // WHEN the template is filled
    const input: unknown = JSON.parse(fillBare(buildGuardedEcsInputTransformer().inputTemplate, values));
    // THEN the input has the documented shape and the forged task ARN is only text in the title
    expect(input).toEqual({
      finding: { id: FINDING_ID, type: FINDING_TYPE, severity: FINDING_SEVERITY, title, accountId: ACCOUNT_ID, region: REGION },
      ecs: { clusterArn: CLUSTER_ARN, taskArn: TASK_ARN, taskDefinitionArn: TASK_DEFINITION_ARN },
    });
  });
});

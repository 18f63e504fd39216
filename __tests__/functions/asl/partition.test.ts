/**
 * Task Resources carry the stack's partition: a GovCloud stack's state machines call `arn:aws-us-gov:states:::...`
 * integrations (its IAM already names aws-us-gov ARNs), and the commercial partition's stay `arn:aws:states:::...`.
 */
import { buildSeedStopTaskDefinition, SeedStopTaskPropsError } from "../../../functions/ecs-stop-task/seed-state-machine";
import { buildGuardedStopTaskDefinition, GuardedStopTaskPropsError } from "../../../functions/ecs-stop-task/guarded-state-machine";
import { buildEksContainmentDefinition, EksContainPodPropsError } from "../../../functions/eks-contain-pod/state-machine";
import { TEST_ACCOUNT } from "../../support/synthesized-stack";
import { everyState, synthesizedDefinitions } from "./synthesized-definitions";

const GOVCLOUD = { partition: "aws-us-gov", region: "us-gov-west-1", accountId: TEST_ACCOUNT.accountId };
const TOPIC_ARN = "arn:aws-us-gov:sns:us-gov-west-1:123456789012:t";

const taskResources = (definition: Record<string, unknown>): string[] =>
  everyState(definition)
    .filter(([, state]) => state.Type === "Task")
    .map(([, state]) => String(state.Resource));

describe("a GovCloud stack", () => {
  const definitions = synthesizedDefinitions(GOVCLOUD);

  test.each(definitions.map((d) => [d.stateMachine, d.definition] as const))("%s calls only arn:aws-us-gov:states::: integrations", (_name, definition) => {
    // GIVEN the stack synthesized in us-gov-west-1, its partition data source answering aws-us-gov
    const resources = taskResources(definition);
    // THEN every Task Resource is in that partition
    expect(resources.length).toBeGreaterThan(0);
    expect(resources.filter((resource) => !resource.startsWith("arn:aws-us-gov:states:::"))).toEqual([]);
  });
});

describe("a commercial stack", () => {
  test.each(synthesizedDefinitions().map((d) => [d.stateMachine, d.definition] as const))(
    "%s calls only arn:aws:states::: integrations",
    (_name, definition) => {
      expect(taskResources(definition).filter((resource) => !resource.startsWith("arn:aws:states:::"))).toEqual([]);
    },
  );
});

describe("the builders' partition", () => {
  test("defaults to aws: the seed's Resources are the seed's", () => {
    expect(taskResources(buildSeedStopTaskDefinition({ topicArn: TOPIC_ARN }))).toEqual([
      "arn:aws:states:::aws-sdk:sns:publish",
      "arn:aws:states:::aws-sdk:sns:publish",
      "arn:aws:states:::aws-sdk:ecs:stopTask",
    ]);
  });

  test("may be a Terraform reference, written into every Resource as given", () => {
    const reference = "${data.aws_partition.current.partition}";
    const resources = taskResources(buildGuardedStopTaskDefinition({ topicArn: TOPIC_ARN, partition: reference }));
    expect(resources.every((resource) => resource.startsWith(`arn:${reference}:states:::`))).toBe(true);
  });

  test.each([
    ["the seed", () => buildSeedStopTaskDefinition({ topicArn: TOPIC_ARN, partition: "aws:evil" }), SeedStopTaskPropsError],
    ["the guarded workflow", () => buildGuardedStopTaskDefinition({ topicArn: TOPIC_ARN, partition: "aws us-gov" }), GuardedStopTaskPropsError],
    ["the EKS workflow", () => buildEksContainmentDefinition({ topicArn: TOPIC_ARN, partition: "" }), EksContainPodPropsError],
  ])("is refused by %s when it could add ARN fields, a path or whitespace", (_workflow, build, errorClass) => {
    expect(build).toThrow(errorClass);
    expect(build).toThrow(/^partition ".*" is not a partition name \(aws, aws-us-gov, aws-cn, \.\.\.\) nor a reference to one$/u);
  });
});

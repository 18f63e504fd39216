/**
 * ResponsePipeline builds a pipeline from any response type: every registered type, and a type of one's own
 * that nothing else in the project knows (what a fourth type gets with its folder and one registration line).
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { RESPONSE_PIPELINE_ALARMS } from "../../functions/response-types/alarm-specs";
import type { ResponseType } from "../../functions/response-types/contract";
import { RESPONSE_TYPES } from "../../functions/response-types/registry";
import { rolePolicyOf } from "../../functions/response-types/role-policy";
import { integrationResource } from "../../functions/asl/partition";
import { PUBLISH_INTEGRATION } from "../../functions/asl/notify-state";
import { ResponsePipeline } from "../../modules/response-pipeline";
import { SynthesizedStack, TEST_ACCOUNT } from "../support/synthesized-stack";

const REGION = TEST_ACCOUNT.region;

function synth<Props>(responseType: ResponseType<Props>, props: Props): SynthesizedStack {
  const stack = new TerraformStack(Testing.app(), "s");
  new AwsProvider(stack, "aws", { region: REGION });
  new ResponsePipeline(stack, "pipeline", { responseType, props, namePrefix: "acme" });
  return new SynthesizedStack(stack);
}

describe.each(RESPONSE_TYPES.map((type) => [type.id, type] as const))("a ResponsePipeline of %s with its example props", (_id, type) => {
  const s = synth(type, type.exampleProps);
  const pipelineName = type.resourceNameSuffix === undefined ? "acme" : `acme-${type.resourceNameSuffix}`;
  const topicArn = `arn:aws:sns:${REGION}:${TEST_ACCOUNT.accountId}:${pipelineName}-topic`;

  test("GIVEN the type WHEN synthesized THEN the rule carries the type's event pattern and description", () => {
    const rule = s.resource("aws_cloudwatch_event_rule");
    expect(JSON.parse(rule.event_pattern as string)).toEqual(type.eventPattern(type.exampleProps));
    expect(rule.description).toBe(type.pipelineText.ruleDescription);
  });

  test("GIVEN the type WHEN synthesized THEN the target hands the state machine the type's input transformer", () => {
    const target = s.resource("aws_cloudwatch_event_target");
    const transformer = type.inputTransformer(type.exampleProps);
    expect(target.input_transformer).toEqual({ input_paths: transformer.inputPaths, input_template: transformer.inputTemplate });
    expect(target.target_id).toBe(type.pipelineText.targetId);
  });

  test("GIVEN the type WHEN synthesized THEN the state machine role's policy is the one derived from the type's grants and definition", () => {
    const policy = s.resources("aws_iam_role_policy").find((p) => p.values.name === type.pipelineText.rolePolicyName)!;
    const context = { partition: "aws", region: REGION, accountId: TEST_ACCOUNT.accountId, topicArn };
    const definition = type.definition(type.exampleProps, { topicArn, partition: "aws", literalPartition: "aws", namePrefix: "acme" });
    // The created topic is encrypted with a created key: the role may use it through SNS.
    const kmsKeyArn = s.resolveReference(`aws_kms_key.${s.resources("aws_kms_key")[0].name}.arn`) as string;
    const expected = rolePolicyOf(type.grants(type.exampleProps, { ...context, kmsKeyArn }), definition);
    expect(s.evaluateJson(policy.values.policy)).toEqual(expected);
  });

  test("GIVEN the type WHEN synthesized THEN there is one alarm per alarm spec of the type", () => {
    expect(
      s
        .resources("aws_cloudwatch_metric_alarm")
        .map((a) => a.values.alarm_name)
        .sort(),
    ).toEqual(type.alarms.map((alarm) => `${pipelineName}-${alarm.id}`).sort());
  });
});

/** A type nothing else knows: it only notifies the topic of every EC2 Runtime Monitoring finding. */
interface NotifyOnlyProps {
  readonly subject?: string;
}
const NOTIFY_ONLY: ResponseType<NotifyOnlyProps> = {
  id: "notify-only",
  title: "Notify only",
  constructName: "NotifyOnly",
  resourceNameSuffix: "notify",
  findingResource: { resourceType: "Instance", description: "an EC2 instance" },
  pipelineText: {
    ruleDescription: "Runtime Monitoring findings to notify",
    stateMachineRoleDescription: "Notifies the topic",
    eventsRoleDescription: "Starts the notify state machine",
    rolePolicyName: "notify",
    eventsRolePolicyName: "start-notify",
    targetId: "notify",
  },
  exampleProps: {},
  validate(props) {
    if (props.subject === "") throw new Error('subject "" is not allowed; expected a non-empty text');
  },
  eventPattern: () => ({ source: ["aws.guardduty"], detail: { resource: { resourceType: ["Instance"] } } }),
  inputTransformer: () => ({ inputPaths: { id: "$.detail.id" }, inputTemplate: '{"id": <id>}' }),
  definition: (props, { topicArn, partition }) => ({
    StartAt: "Notify",
    States: {
      Notify: {
        Type: "Task",
        Resource: integrationResource(partition, PUBLISH_INTEGRATION),
        Parameters: { TopicArn: topicArn, Subject: props.subject ?? "finding", "Message.$": "$.id" },
        End: true,
      },
    },
  }),
  grants: () => [{ neededBy: [{ integration: PUBLISH_INTEGRATION }], statements: [{ Sid: "Publish", Effect: "Allow", Action: "sns:Publish", Resource: "*" }] }],
  alarms: RESPONSE_PIPELINE_ALARMS.filter((alarm) => alarm.subject === "stateMachine"),
  review: () => ({ description: "Notifies the topic of the finding.", outcomes: [{ name: "NOTIFIED", subject: "finding" }] }),
  simulatedAnswers: [{ name: "any", description: "nothing is asked of AWS", world: { resource: { exists: true } } }],
};

test("GIVEN a type of one's own WHEN built in a ResponsePipeline THEN its resources carry its names, pattern and policy", () => {
  const s = synth(NOTIFY_ONLY, {});
  expect(s.resource("aws_sfn_state_machine").name).toBe("acme-notify-state-machine");
  expect(JSON.parse(s.resource("aws_cloudwatch_event_rule").event_pattern as string)).toEqual(NOTIFY_ONLY.eventPattern({}));
  const policy = s.resources("aws_iam_role_policy").find((p) => p.values.name === "notify")!;
  expect((s.evaluateJson(policy.values.policy) as { Statement: { Sid: string }[] }).Statement.map((statement) => statement.Sid)).toEqual(["Publish"]);
  expect(s.resources("aws_cloudwatch_metric_alarm")).toHaveLength(4);
});

test("GIVEN props its type refuses WHEN built THEN the construct name prefixes the type's message", () => {
  expect(() => synth(NOTIFY_ONLY, { subject: "" })).toThrow('NotifyOnly: subject "" is not allowed; expected a non-empty text');
});

test("GIVEN a type whose definition uses an integration it grants nothing for WHEN built THEN synthesis fails naming it", () => {
  const ungranted: ResponseType<NotifyOnlyProps> = { ...NOTIFY_ONLY, grants: () => [] };
  expect(() => synth(ungranted, {})).toThrow("no IAM grant for the Task integration aws-sdk:sns:publish");
});

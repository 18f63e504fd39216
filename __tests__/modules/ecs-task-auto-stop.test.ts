import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Testing, TerraformStack } from "cdktf";
import { EcsTaskAutoStop, EcsTaskAutoStopProps } from "../../modules/ecs-task-auto-stop";
import { SynthesizedStack, TEST_ACCOUNT } from "../support/synthesized-stack";

const PREFIX = "ecs-runtime-monitoring-stop-task-dev";
const { accountId } = TEST_ACCOUNT;

function synth(props: Partial<EcsTaskAutoStopProps> = {}): SynthesizedStack {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "ap-northeast-1" });
  new EcsTaskAutoStop(stack, "auto-stop", { namePrefix: PREFIX, ...props });
  return new SynthesizedStack(stack);
}

const roleNamed = (s: SynthesizedStack, suffix: string) => s.resources("aws_iam_role").find((r) => (r.values.name as string).endsWith(suffix))!;

describe("EcsTaskAutoStop", () => {
  const s = synth();

  test("the rule targets the state machine through the events role", () => {
    const target = s.resource("aws_cloudwatch_event_target");
    const sm = s.resources("aws_sfn_state_machine")[0];
    const eventsRole = roleNamed(s, "-events-role");
    expect(target.arn).toBe(`\${aws_sfn_state_machine.${sm.name}.arn}`);
    expect(target.role_arn).toBe(`\${aws_iam_role.${eventsRole.name}.arn}`);
    expect(target.rule).toBe(`\${aws_cloudwatch_event_rule.${s.resources("aws_cloudwatch_event_rule")[0].name}.name}`);
  });

  test("the state machine is STANDARD, runs as its own role and logs to a retained log group without execution data", () => {
    const sm = s.resource("aws_sfn_state_machine");
    const logGroup = s.resources("aws_cloudwatch_log_group")[0];
    expect(sm).toMatchObject({ name: `${PREFIX}-state-machine`, type: "STANDARD" });
    expect(sm.role_arn).toBe(`\${aws_iam_role.${roleNamed(s, "-sfn-role").name}.arn}`);
    expect(sm.logging_configuration).toEqual({
      level: "ALL",
      include_execution_data: false,
      log_destination: `\${aws_cloudwatch_log_group.${logGroup.name}.arn}:*`,
    });
    expect(logGroup.values.retention_in_days).toBe(365);
    expect(sm.depends_on).toEqual([expect.stringMatching(/^aws_iam_role_policy\./)]);
  });

  test("each role trusts only its service, on behalf of this account's resource", () => {
    const trustOf = (suffix: string) => s.evaluateJson(roleNamed(s, suffix).values.assume_role_policy) as any;
    expect(trustOf("-sfn-role").Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: "states.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
          StringEquals: { "aws:SourceAccount": accountId },
          ArnLike: { "aws:SourceArn": `arn:aws:states:ap-northeast-1:${accountId}:stateMachine:${PREFIX}-state-machine` },
        },
      }),
    ]);
    expect(trustOf("-events-role").Statement[0].Condition.ArnLike).toEqual({
      "aws:SourceArn": `arn:aws:events:ap-northeast-1:${accountId}:rule/${PREFIX}-rule`,
    });
  });

  test("the events role may only start this state machine", () => {
    const policy = s.resources("aws_iam_role_policy").find((p) => p.values.name === "start-stop-task-state-machine")!;
    expect(s.evaluateJson(policy.values.policy)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "StartTheResponseStateMachine",
          Effect: "Allow",
          Action: "states:StartExecution",
          Resource: `arn:aws:states:ap-northeast-1:${accountId}:stateMachine:${PREFIX}-state-machine`,
        },
      ],
    });
  });

  test("without clusters, the state machine role may stop this account and region's tasks, never *", () => {
    const policy = s.resources("aws_iam_role_policy").find((p) => p.values.name === "stop-tasks-and-notify")!;
    const doc = s.evaluateJson(policy.values.policy) as any;
    expect(doc.Statement[0]).toEqual({
      Sid: "StopTasksOfThisAccountAndRegion",
      Effect: "Allow",
      Action: "ecs:StopTask",
      Resource: `arn:aws:ecs:ap-northeast-1:${accountId}:task/*`,
    });
    expect(doc.Statement[1]).toEqual({
      Sid: "PublishToTheNotificationTopic",
      Effect: "Allow",
      Action: "sns:Publish",
      Resource: `arn:aws:sns:ap-northeast-1:${accountId}:${PREFIX}-topic`,
    });
  });

  test("with clusters, StopTask is limited to their tasks and to the ecs:cluster condition", () => {
    const cluster = `arn:aws:ecs:ap-northeast-1:${accountId}:cluster/prod`;
    const scoped = synth({ clusterArns: [cluster] });
    const policy = scoped.resources("aws_iam_role_policy").find((p) => p.values.name === "stop-tasks-and-notify")!;
    expect((scoped.evaluateJson(policy.values.policy) as any).Statement[0]).toEqual({
      Sid: "StopTasksOfConfiguredClusters",
      Effect: "Allow",
      Action: "ecs:StopTask",
      Resource: [`arn:aws:ecs:ap-northeast-1:${accountId}:task/prod/*`],
      Condition: { ArnEquals: { "ecs:cluster": [cluster] } },
    });
  });

  test("creates the topic and one email subscription per address", () => {
    const withEmails = synth({ notificationEmails: ["secops@example.com", "oncall@example.com"] });
    const topic = withEmails.resources("aws_sns_topic")[0];
    expect(topic.values.name).toBe(`${PREFIX}-topic`);
    const subs = withEmails.resources("aws_sns_topic_subscription").map((r) => r.values);
    expect(subs.map((x) => x.endpoint).sort()).toEqual(["oncall@example.com", "secops@example.com"]);
    for (const sub of subs) expect(sub).toMatchObject({ protocol: "email", topic_arn: `\${aws_sns_topic.${topic.name}.arn}` });
  });

  test("an existing topic is used, not created, by the definition and the role", () => {
    const topicArn = `arn:aws:sns:ap-northeast-1:${accountId}:security-alerts`;
    const byo = synth({ existingTopicArn: topicArn });
    expect(byo.resources("aws_sns_topic")).toHaveLength(0);
    const definition = byo.evaluateJson(byo.resource("aws_sfn_state_machine").definition) as any;
    expect(definition.States["Notify Success"].Parameters.TopicArn).toBe(topicArn);
    const policy = byo.resources("aws_iam_role_policy").find((p) => p.values.name === "stop-tasks-and-notify")!;
    expect((byo.evaluateJson(policy.values.policy) as any).Statement[1].Resource).toBe(topicArn);
  });

  test("filters narrow the rule pattern: severity and types", () => {
    const filtered = synth({ filters: { minSeverity: 7, findingTypes: ["Execution:Runtime/ReverseShell"] } });
    const pattern = JSON.parse(filtered.resource("aws_cloudwatch_event_rule").event_pattern as string);
    expect(pattern.detail).toMatchObject({ severity: [{ numeric: [">=", 7] }], type: ["Execution:Runtime/ReverseShell"] });
  });

  test.each([
    [{ filters: { minSeverity: 12 } }, /EcsTaskAutoStop: filters.minSeverity: 12/],
    [{ namePrefix: "1-starts-with-digit" }, /namePrefix "1-starts-with-digit" is not allowed/],
    [
      { namePrefix: "x".repeat(47) },
      'EcsTaskAutoStop: namePrefix is too long by 1 characters: the IAM role name "' +
        "x".repeat(47) +
        '-apne1-events-role" would be 65 characters, and AWS allows 64',
    ],
    [
      { clusterArns: ["arn:aws:ecs:ap-northeast-1:123456789012:service/prod/web"] },
      /clusterArns "arn:aws:ecs:ap-northeast-1:123456789012:service\/prod\/web" is not allowed; expected ECS cluster ARNs/,
    ],
    [{ logRetentionInDays: 42 }, /logRetentionInDays 42 is not allowed; expected one of 1, 3, 5/],
    [{ notificationEmails: ["not-an-email"] }, /notificationEmails "not-an-email" is not allowed/],
  ])("refuses %j", (props, message) => {
    expect(() => synth(props as Partial<EcsTaskAutoStopProps>)).toThrow(message);
  });
});

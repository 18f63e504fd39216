/** The infrastructure hardening around the seed workflow: on by default, the seed ASL untouched. */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Testing, TerraformStack } from "cdktf";
import { EcsTaskAutoStop, EcsTaskAutoStopProps } from "../../modules/ecs-task-auto-stop";
import { ResponseNotifications } from "../../modules/response-notifications";
import { SynthesizedStack, TEST_ACCOUNT } from "../support/synthesized-stack";

const PREFIX = "acme-prod";
const { accountId } = TEST_ACCOUNT;
const RULE_ARN = `arn:aws:events:ap-northeast-1:${accountId}:rule/${PREFIX}-rule`;

function synth(props: Partial<EcsTaskAutoStopProps> = {}): SynthesizedStack {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "ap-northeast-1" });
  new EcsTaskAutoStop(stack, "auto-stop", { namePrefix: PREFIX, ...props });
  return new SynthesizedStack(stack);
}

const ref = (s: SynthesizedStack, type: string, attr: string) => `\${${type}.${s.resources(type)[0].name}.${attr}}`;

describe("EcsTaskAutoStop hardening, by default", () => {
  const s = synth();

  test("the rule target retries for 24 hours, 185 times, then dead-letters to the queue", () => {
    expect(s.resource("aws_cloudwatch_event_target")).toMatchObject({
      retry_policy: { maximum_event_age_in_seconds: 86400, maximum_retry_attempts: 185 },
      dead_letter_config: { arn: ref(s, "aws_sqs_queue", "arn") },
    });
  });

  test("the dead-letter queue is encrypted with the customer managed key and only the rule may send to it", () => {
    expect(s.resource("aws_sqs_queue")).toMatchObject({
      name: `${PREFIX}-dead-letters`,
      kms_master_key_id: ref(s, "aws_kms_key", "arn"),
      message_retention_seconds: 1209600,
    });
    const policy = s.evaluateJson(s.resource("aws_sqs_queue_policy").policy) as any;
    expect(policy.Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: "events.amazonaws.com" },
        Action: "sqs:SendMessage",
        Condition: { ArnEquals: { "aws:SourceArn": [RULE_ARN] } },
      }),
    ]);
  });

  test("the topic and the log group are encrypted with the same rotated customer managed key", () => {
    const keyArn = ref(s, "aws_kms_key", "arn");
    expect(s.resource("aws_kms_key")).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
    expect(s.resource("aws_sns_topic").kms_master_key_id).toBe(keyArn);
    expect(s.resource("aws_cloudwatch_log_group").kms_key_id).toBe(keyArn);
    expect(s.resource("aws_kms_alias").name).toBe(`alias/${PREFIX}-response`);
  });

  test("the key policy admits the state machine role, the rule, CloudWatch alarms and the log group", () => {
    const policy = s.evaluateJson(s.resource("aws_kms_key").policy) as any;
    const bySid = Object.fromEntries(policy.Statement.map((st: any) => [st.Sid, st]));
    expect(Object.keys(bySid)).toEqual([
      "AccountAdministersTheKey",
      "ResponseRolesUseTheKeyThroughSnsAndSqs",
      "EventBridgeEncryptsIntoTheDeadLetterQueue",
      "CloudWatchAlarmsUseTheKey",
      "CloudWatchLogsEncryptsTheExecutionLogs",
    ]);
    const sfnRole = s.resources("aws_iam_role").find((r) => String(r.values.name).endsWith("-sfn-role"))!.values.name;
    expect(bySid.ResponseRolesUseTheKeyThroughSnsAndSqs.Principal).toEqual({ AWS: [`arn:aws:iam::${accountId}:role/${sfnRole}`] });
    // The statement AWS documents for EventBridge writing to an encrypted queue: no condition (the queue policy names the rule)
    expect(bySid.EventBridgeEncryptsIntoTheDeadLetterQueue).toEqual({
      Sid: "EventBridgeEncryptsIntoTheDeadLetterQueue",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: "*",
    });
    expect(bySid.CloudWatchLogsEncryptsTheExecutionLogs.Condition.ArnLike).toEqual({
      "kms:EncryptionContext:aws:logs:arn": [`arn:aws:logs:ap-northeast-1:${accountId}:log-group:/aws/vendedlogs/states/${PREFIX}-state-machine`],
    });
  });

  test("the state machine role may use the key through SNS only", () => {
    const policy = s.evaluateJson(s.resources("aws_iam_role_policy").find((p) => p.values.name === "stop-tasks-and-notify")!.values.policy) as any;
    expect(policy.Statement).toContainEqual({
      Sid: "EncryptNoticesForTheTopic",
      Effect: "Allow",
      Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
      Resource: s.resolveReference(`aws_kms_key.${s.resources("aws_kms_key")[0].name}.arn`),
      Condition: { StringEquals: { "kms:ViaService": "sns.ap-northeast-1.amazonaws.com" } },
    });
  });

  test("alarms to the topic: failed, timed out, throttled and aborted executions, failed invocations, failed dead-lettering, dead letters", () => {
    const alarms = s.resources("aws_cloudwatch_metric_alarm").map((a) => a.values);
    expect(alarms.map((a) => [a.namespace, a.metric_name]).sort()).toEqual([
      ["AWS/Events", "FailedInvocations"],
      ["AWS/Events", "InvocationsFailedToBeSentToDlq"],
      ["AWS/SQS", "ApproximateNumberOfMessagesVisible"],
      ["AWS/States", "ExecutionThrottled"],
      ["AWS/States", "ExecutionsAborted"],
      ["AWS/States", "ExecutionsFailed"],
      ["AWS/States", "ExecutionsTimedOut"],
    ]);
    const topic = ref(s, "aws_sns_topic", "arn");
    for (const alarm of alarms) {
      expect(alarm).toMatchObject({
        threshold: 0,
        comparison_operator: "GreaterThanThreshold",
        treat_missing_data: "notBreaching",
        alarm_actions: [topic],
        ok_actions: [topic],
      });
    }
    expect(alarms.find((a) => a.metric_name === "ExecutionsFailed")!.dimensions).toEqual({ StateMachineArn: ref(s, "aws_sfn_state_machine", "arn") });
  });

  test("a finding the rule cannot put into the dead-letter queue raises an alarm on the rule (InvocationsFailedToBeSentToDlq, RuleName)", () => {
    // GIVEN the default pipeline, with its dead-letter queue
    const alarm = s.resources("aws_cloudwatch_metric_alarm").find((a) => a.values.metric_name === "InvocationsFailedToBeSentToDlq")!.values;
    // THEN the alarm watches the rule on the default bus, any occurrence, notifying the topic
    expect(alarm).toMatchObject({
      alarm_name: `${PREFIX}-dead-lettering-failed`,
      namespace: "AWS/Events",
      statistic: "Sum",
      dimensions: { RuleName: ref(s, "aws_cloudwatch_event_rule", "name") },
      threshold: 0,
      comparison_operator: "GreaterThanThreshold",
      alarm_actions: [ref(s, "aws_sns_topic", "arn")],
    });
    expect(alarm.alarm_description).toMatch(/the finding is lost/);
  });

  test("the topic policy lets this account's CloudWatch alarms publish", () => {
    const policy = s.evaluateJson(s.resource("aws_sns_topic_policy").policy) as any;
    expect(policy.Statement[0]).toMatchObject({
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: "sns:Publish",
      Condition: { StringEquals: { "aws:SourceAccount": accountId } },
    });
  });
});

describe("EcsTaskAutoStop hardening, configured", () => {
  test("retry policy, log level, execution data and tracing follow the props", () => {
    const s = synth({ maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 10, logLevel: "ERROR", includeExecutionData: true, tracing: true });
    expect(s.resource("aws_cloudwatch_event_target").retry_policy).toEqual({ maximum_event_age_in_seconds: 3600, maximum_retry_attempts: 10 });
    expect(s.resource("aws_sfn_state_machine")).toMatchObject({
      logging_configuration: { level: "ERROR", include_execution_data: true },
      tracing_configuration: { enabled: true },
    });
    const policy = s.evaluateJson(s.resources("aws_iam_role_policy").find((p) => p.values.name === "stop-tasks-and-notify")!.values.policy) as any;
    expect(policy.Statement.map((st: any) => st.Sid)).toContain("SendTraces");
  });

  test("without encryption, no key is created and the queue uses SQS managed encryption", () => {
    const s = synth({ encrypt: false });
    expect(s.resources("aws_kms_key")).toHaveLength(0);
    expect(s.resource("aws_sqs_queue")).toMatchObject({ sqs_managed_sse_enabled: true });
    expect(s.resource("aws_sns_topic").kms_master_key_id).toBeUndefined();
  });

  test("without a dead-letter queue there is no dead-lettering alarm, the failed-invocations alarm stays", () => {
    const s = synth({ deadLetterQueue: false });
    const metrics = s.resources("aws_cloudwatch_metric_alarm").map((a) => a.values.metric_name);
    expect(metrics).toContain("FailedInvocations");
    expect(metrics).not.toContain("InvocationsFailedToBeSentToDlq");
    expect(metrics).not.toContain("ApproximateNumberOfMessagesVisible");
  });

  test("without a dead-letter queue and alarms, none is created", () => {
    const s = synth({ deadLetterQueue: false, alarms: false });
    expect(s.resources("aws_sqs_queue")).toHaveLength(0);
    expect(s.resources("aws_cloudwatch_metric_alarm")).toHaveLength(0);
    expect(s.resource("aws_cloudwatch_event_target").dead_letter_config).toBeUndefined();
  });

  test("a shared ResponseNotifications is used as given", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    new AwsProvider(stack, "aws", { region: "ap-northeast-1" });
    const notifications = new ResponseNotifications(stack, "shared", { namePrefix: "shared", notificationEmails: ["secops@example.com"] });
    new EcsTaskAutoStop(stack, "auto-stop", { namePrefix: PREFIX, notifications });
    const s = new SynthesizedStack(stack);
    expect(s.resources("aws_sns_topic").map((t) => t.values.name)).toEqual(["shared-topic"]);
    expect(s.resources("aws_kms_key")).toHaveLength(1);
  });

  test.each([
    [{ maximumEventAgeInSeconds: 30 }, /maximumEventAgeInSeconds 30 is not allowed; expected a whole number from 60 to 86400/],
    [{ maximumRetryAttempts: 186 }, /maximumRetryAttempts 186 is not allowed; expected a whole number from 0 to 185/],
    [{ logLevel: "DEBUG" }, /logLevel "DEBUG" is not allowed; expected ALL, ERROR, FATAL or OFF/],
  ])("refuses %j", (props, message) => {
    expect(() => synth(props as Partial<EcsTaskAutoStopProps>)).toThrow(message);
  });

  test("refuses its own topic settings together with shared notifications", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    new AwsProvider(stack, "aws", { region: "ap-northeast-1" });
    const notifications = new ResponseNotifications(stack, "shared", { namePrefix: "shared" });
    expect(() => new EcsTaskAutoStop(stack, "auto-stop", { namePrefix: PREFIX, notifications, notificationEmails: ["a@example.com"] })).toThrow(
      /notificationEmails \["a@example.com"\] is not allowed; expected no value when notifications is given/,
    );
  });
});

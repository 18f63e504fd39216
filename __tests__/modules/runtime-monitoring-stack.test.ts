import { Testing } from "cdktf";
import { parseConfig } from "../../config/load-config";
import { RuntimeMonitoringStack, RuntimeMonitoringStackProps } from "../../modules/runtime-monitoring-stack";
import { SynthesizedStack, TEST_ACCOUNT, stackOfConfig } from "../support/synthesized-stack";

const synthConfig = (document: unknown) => new SynthesizedStack(stackOfConfig(parseConfig(document, "test"), "s"));
const { accountId } = TEST_ACCOUNT;

describe("RuntimeMonitoringStack", () => {
  test("pins the provider to the configured region and account, with default tags", () => {
    const s = synthConfig({ account_id: accountId, default_tags: { team: "secops" } });
    expect((s.json.provider as any).aws).toEqual([
      { region: "ap-northeast-1", allowed_account_ids: [accountId], default_tags: [{ tags: { team: "secops" } }] },
    ]);
  });

  test("coverage-unhealthy events go to the topic, which lets that rule publish and use the key", () => {
    const s = synthConfig({ notifications: { coverage_unhealthy: true } });
    const rule = s.resources("aws_cloudwatch_event_rule").find((r) => (r.values.name as string).endsWith("-coverage-unhealthy"))!;
    expect(JSON.parse(rule.values.event_pattern as string)).toEqual({ source: ["aws.guardduty"], "detail-type": ["GuardDuty Runtime Protection Unhealthy"] });
    const topic = s.resources("aws_sns_topic")[0];
    const target = s.resources("aws_cloudwatch_event_target").find((t) => t.values.rule === `\${aws_cloudwatch_event_rule.${rule.name}.name}`)!;
    expect(target.values.arn).toBe(`\${aws_sns_topic.${topic.name}.arn}`);
    const ruleArn = `arn:aws:events:ap-northeast-1:${accountId}:rule/${rule.values.name}`;
    const topicPolicy = s.evaluateJson(s.resource("aws_sns_topic_policy").policy) as any;
    expect(topicPolicy.Statement[1]).toMatchObject({
      Principal: { Service: "events.amazonaws.com" },
      Action: "sns:Publish",
      Condition: { ArnEquals: { "aws:SourceArn": [ruleArn] } },
    });
    // EventBridge sends no aws:SourceArn to KMS when its target is an encrypted topic: an unconditioned statement.
    const keyPolicy = s.evaluateJson(s.resource("aws_kms_key").policy) as any;
    const topicStatement = keyPolicy.Statement.find((st: any) => st.Sid === "EventBridgeRulesPublishToTheEncryptedTopic");
    expect(topicStatement).toMatchObject({ Action: ["kms:GenerateDataKey*", "kms:Decrypt"] });
    expect(JSON.stringify(keyPolicy)).not.toContain(ruleArn);
  });

  test("with auto-stop off and no coverage notices, no topic, key or state machine is created", () => {
    const s = synthConfig({ ecs_auto_stop: { enabled: false } });
    for (const type of ["aws_sns_topic", "aws_kms_key", "aws_sfn_state_machine", "aws_cloudwatch_event_rule"])
      expect([type, s.resources(type).length]).toEqual([type, 0]);
    // RUNTIME_MONITORING and the five optional protection plans a created detector writes
    expect(s.resources("aws_guardduty_detector_feature")).toHaveLength(6);
  });

  test("one agent endpoint per configured VPC", () => {
    const s = synthConfig({
      agent_endpoints: [
        { name: "a", vpc_id: "vpc-0123456789abcdef0", subnet_ids: ["subnet-0123456789abcdef0"] },
        { name: "b", vpc_id: "vpc-0fedcba9876543210", subnet_ids: ["subnet-0fedcba9876543210"], allowed_cidrs: ["10.1.0.0/16"] },
      ],
    });
    expect(
      s
        .resources("aws_vpc_endpoint")
        .map((e) => e.values.vpc_id)
        .sort(),
    ).toEqual(["vpc-0123456789abcdef0", "vpc-0fedcba9876543210"]);
  });

  test("outputs the detector, topic, state machine and rule", () => {
    const s = synthConfig({});
    expect(Object.keys(s.json.output as object).sort()).toEqual(["detector_id", "event_rule_arn", "notification_topic_arn", "state_machine_arn"]);
  });
});

describe("RuntimeMonitoringStack used as a library: props only, no config", () => {
  const synthProps = (props: RuntimeMonitoringStackProps) => new SynthesizedStack(new RuntimeMonitoringStack(Testing.app(), "library", props));

  test("GIVEN only a region and a name prefix WHEN synthesized THEN a detector with Runtime Monitoring, local state and no topic or pipeline", () => {
    const s = synthProps({ region: "eu-west-1", namePrefix: "acme-prod" });
    expect((s.json.provider as any).aws).toEqual([{ region: "eu-west-1" }]);
    expect(s.resources("aws_guardduty_detector")).toHaveLength(1);
    expect(s.resources("aws_guardduty_detector_feature").find((f) => f.values.name === "RUNTIME_MONITORING")?.values.status).toBe("ENABLED");
    expect((s.json.terraform as any).backend).toEqual({ local: { path: "../../../terraform.library.tfstate" } });
    for (const type of ["aws_sns_topic", "aws_sfn_state_machine", "aws_cloudwatch_event_rule"]) expect([type, s.resources(type).length]).toEqual([type, 0]);
  });

  test("GIVEN an EKS pipeline's props WHEN synthesized THEN the stack creates the shared topic and the pipeline reports to it", () => {
    const s = synthProps({ region: "eu-west-1", namePrefix: "acme-prod", eksContainment: { clusterNames: ["prod"], namespaces: ["web"] } });
    const topic = s.resources("aws_sns_topic");
    expect(topic.map((t) => t.values.name)).toEqual(["acme-prod-topic"]);
    expect(s.resources("aws_sfn_state_machine")).toHaveLength(1);
    expect(JSON.stringify(s.resource("aws_sfn_state_machine").definition)).toContain(`aws_sns_topic.${topic[0].name}.arn`);
  });

  test("GIVEN lookUpExistingDetector together with a detector id WHEN constructed THEN it is refused, naming both props", () => {
    expect(() =>
      synthProps({
        region: "eu-west-1",
        namePrefix: "acme-prod",
        lookUpExistingDetector: true,
        detector: { existingDetectorId: "12abc34d567e8fa901bc2d34e56789f0" },
      }),
    ).toThrow("RuntimeMonitoringStack: lookUpExistingDetector looks the detector up; do not also give detector.existingDetectorId");
  });

  test("GIVEN lookUpExistingDetector WHEN synthesized THEN the detector is read (and must be ENABLED), never created", () => {
    const s = synthProps({ region: "eu-west-1", namePrefix: "acme-prod", lookUpExistingDetector: true });
    expect(s.resources("aws_guardduty_detector")).toHaveLength(0);
    const [lookup] = s.dataSources("aws_guardduty_detector");
    expect((lookup.values.lifecycle as any).postcondition[0].condition).toBe('${self.status == "ENABLED"}');
    expect(s.resources("aws_guardduty_detector_feature")[0].values.detector_id).toBe(`\${data.aws_guardduty_detector.${lookup.name}.id}`);
  });
});

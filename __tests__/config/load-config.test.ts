import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "../../config/config-error";
import { loadConfig, parseConfig } from "../../config/load-config";

const DETECTOR_ID = "12abc34d567e8fa901bc2d34e56789f0";
const CLUSTER = "arn:aws:ecs:ap-northeast-1:123456789012:cluster/prod";
const ENDPOINT = { name: "main", vpc_id: "vpc-0123456789abcdef0", subnet_ids: ["subnet-0123456789abcdef0"] };

function problemsOf(document: unknown): { setting: string; value: string; allowed: string }[] {
  try {
    parseConfig(document, "test.json");
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as Error).name).toBe("ConfigError");
    return [...(e as ConfigError).problems];
  }
  throw new Error("config was accepted");
}

describe("the config loader", () => {
  test("the built-in default is the seed scenario: Tokyo, a detector with Runtime Monitoring, ECS auto-stop", () => {
    const { config } = loadConfig();
    expect(config).toMatchObject({
      name: "ecs-runtime-monitoring-stop-task",
      environment: "dev",
      region: "ap-northeast-1",
      detector: { import_existing: false, runtime_monitoring: { enabled: true }, features: {} },
      agent_endpoints: [],
      notifications: { emails: [], encrypt: true, coverage_unhealthy: false },
      ecs_auto_stop: {
        enabled: true,
        cluster_arns: [],
        dead_letter_queue: true,
        alarms: true,
        log_retention_in_days: 365,
        log_level: "ALL",
        include_execution_data: false,
      },
    });
    expect(config.detector.existing_detector_id).toBeUndefined();
  });

  test("an empty document takes every default", () => {
    expect(parseConfig({}, "empty")).toEqual(loadConfig().config);
  });

  test("a full config is accepted as written", () => {
    const config = parseConfig(
      {
        name: "acme",
        environment: "prod",
        region: "us-east-1",
        account_id: "123456789012",
        default_tags: { team: "secops" },
        detector: {
          existing_detector_id: DETECTOR_ID,
          import_existing: true,
          finding_publishing_frequency: "FIFTEEN_MINUTES",
          runtime_monitoring: { eks_addon_management: false },
          features: { S3_DATA_EVENTS: "ENABLED" },
        },
        agent_endpoints: [{ ...ENDPOINT, organization_id: "o-a1b2c3d4e5", eks_addon: { cluster_names: ["prod"] } }],
        notifications: { emails: ["secops@example.com"], coverage_unhealthy: true },
        ecs_auto_stop: {
          cluster_arns: ["arn:aws:ecs:us-east-1:123456789012:cluster/prod"],
          log_retention_in_days: 90,
          maximum_retry_attempts: 10,
          tracing: true,
        },
      },
      "full",
    );
    expect(config.detector.runtime_monitoring).toEqual({
      enabled: true,
      eks_addon_management: false,
      ec2_agent_management: true,
      ecs_fargate_agent_management: true,
    });
    expect(config.agent_endpoints[0]).toMatchObject({ private_dns_enabled: true, eks_addon: { cluster_names: ["prod"] } });
  });

  // Each row: a bad config, the setting named in the error, the bad value as shown, words of what is allowed.
  test.each([
    [{ regoin: "ap-northeast-1" }, "regoin", '"ap-northeast-1"', "one of the known settings: name, environment, region"],
    [{ region: "tokyo" }, "region", '"tokyo"', "an AWS Region where GuardDuty Runtime Monitoring is offered"],
    [{ region: 1 }, "region", "1", "an AWS Region where GuardDuty Runtime Monitoring is offered"],
    [{ region: "cn-north-1" }, "region", '"cn-north-1"', "not in the China partition"],
    [{ account_id: "12345" }, "account_id", '"12345"', "a 12-digit AWS account id"],
    [{ name: "ACME corp" }, "name", '"ACME corp"', "a name prefix of 1-38 letters"],
    [{ environment: "Production" }, "environment", '"Production"', "1-10 lowercase letters and digits"],
    [{ default_tags: { "aws:owner": "x" } }, "default_tags.aws:owner", '"aws:owner"', "not starting with aws:"],
    [{ default_tags: { "AWS:owner": "x" } }, "default_tags.AWS:owner", '"AWS:owner"', "not starting with aws:"],
    [{ detector: { create: true, existing_detector_id: DETECTOR_ID } }, "detector.create", "true", "a detector is either created or adopted, not both"],
    [
      { detector: { create: false, finding_publishing_frequency: "ONE_HOUR" } },
      "detector.finding_publishing_frequency",
      '"ONE_HOUR"',
      "no value for an adopted detector",
    ],
    [{ detector: { existing_detector_id: "not-a-detector" } }, "detector.existing_detector_id", '"not-a-detector"', "a GuardDuty detector id"],
    [{ detector: { import_existing: true } }, "detector.import_existing", "true", "only an existing detector can be imported"],
    [
      { detector: { existing_detector_id: DETECTOR_ID, finding_publishing_frequency: "ONE_HOUR" } },
      "detector.finding_publishing_frequency",
      '"ONE_HOUR"',
      "unless detector.import_existing is true",
    ],
    [
      { detector: { finding_publishing_frequency: "DAILY" } },
      "detector.finding_publishing_frequency",
      '"DAILY"',
      'one of "FIFTEEN_MINUTES", "ONE_HOUR", "SIX_HOURS"',
    ],
    [{ detector: { features: { MALWARE_SCANS: "ENABLED" } } }, "detector.features.MALWARE_SCANS", '"MALWARE_SCANS"', "a key among S3_DATA_EVENTS"],
    [{ detector: { features: { S3_DATA_EVENTS: "ON" } } }, "detector.features.S3_DATA_EVENTS", '"ON"', 'one of "ENABLED", "DISABLED"'],
    [
      { detector: { features: { EKS_RUNTIME_MONITORING: "ENABLED" } } },
      "detector.features.EKS_RUNTIME_MONITORING",
      '"ENABLED"',
      "GuardDuty refuses both on one detector",
    ],
    [{ detector: { runtime_monitoring: { enabled: "yes" } } }, "detector.runtime_monitoring.enabled", '"yes"', "true or false"],
    [{ agent_endpoints: [{ ...ENDPOINT, vpc_id: "vpc-xyz" }] }, "agent_endpoints[0].vpc_id", '"vpc-xyz"', "a VPC id like vpc-0123456789abcdef0"],
    [{ agent_endpoints: [{ ...ENDPOINT, subnet_ids: ["subnet-1"] }] }, "agent_endpoints[0].subnet_ids[0]", '"subnet-1"', "a subnet id"],
    [{ agent_endpoints: [{ ...ENDPOINT, subnet_ids: [] }] }, "agent_endpoints[0].subnet_ids", "[]", "a list of at least 1"],
    [{ agent_endpoints: [{ ...ENDPOINT, allowed_cidrs: ["10.0.0.0/33"] }] }, "agent_endpoints[0].allowed_cidrs[0]", '"10.0.0.0/33"', "an IPv4 CIDR block"],
    [
      { agent_endpoints: [{ ...ENDPOINT, organization_id: "o-a1b2c3d4e5", allowed_account_ids: ["123456789012"] }] },
      "agent_endpoints[0].organization_id",
      '"o-a1b2c3d4e5"',
      "either listed accounts or one organization",
    ],
    [
      { agent_endpoints: [ENDPOINT, { ...ENDPOINT, name: "other" }] },
      "agent_endpoints[1].vpc_id",
      '"vpc-0123456789abcdef0"',
      "one guardduty-data endpoint per VPC",
    ],
    [
      { agent_endpoints: [ENDPOINT, { ...ENDPOINT, vpc_id: "vpc-0fedcba9876543210" }] },
      "agent_endpoints[1].name",
      '"main"',
      "a name not used by another agent endpoint",
    ],
    [
      { agent_endpoints: [{ ...ENDPOINT, eks_addon: { cluster_names: ["prod"] } }] },
      "agent_endpoints[0].eks_addon",
      '{"cluster_names":["prod"]}',
      "GuardDuty already manages the add-on",
    ],
    [{ agent_endpoints: [{ name: "main" }] }, "agent_endpoints[0].vpc_id", "(missing)", "this setting is required"],
    [{ notifications: { emails: ["secops@"] } }, "notifications.emails[0]", '"secops@"', "an email address"],
    [{ notifications: { emails: ["a@example.com", "a@example.com"] } }, "notifications.emails[1]", '"a@example.com"', "each value only once"],
    [
      { notifications: { existing_kms_key_arn: "arn:aws:kms:ap-northeast-1:123456789012:alias/x" } },
      "notifications.existing_kms_key_arn",
      '"arn:aws:kms:ap-northeast-1:123456789012:alias/x"',
      "a KMS key ARN",
    ],
    [
      { notifications: { encrypt: false, existing_kms_key_arn: "arn:aws:kms:ap-northeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" } },
      "notifications.existing_kms_key_arn",
      '"arn:aws:kms:ap-northeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"',
      "no key while notifications.encrypt is false",
    ],
    [
      { notifications: { existing_kms_key_arn: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" } },
      "notifications.existing_kms_key_arn",
      '"arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"',
      "KMS keys are regional",
    ],
    [
      { notifications: { existing_topic_arn: "arn:aws:sns:ap-northeast-1:123456789012:alerts", coverage_unhealthy: true } },
      "notifications.coverage_unhealthy",
      "true",
      "false with an existing topic",
    ],
    [{ ecs_auto_stop: { maximum_retry_attempts: 200 } }, "ecs_auto_stop.maximum_retry_attempts", "200", "a whole number from 0 to 185"],
    [{ ecs_auto_stop: { maximum_event_age_in_seconds: 59 } }, "ecs_auto_stop.maximum_event_age_in_seconds", "59", "a whole number from 60 to 86400"],
    [{ ecs_auto_stop: { log_level: "DEBUG" } }, "ecs_auto_stop.log_level", '"DEBUG"', 'one of "ALL", "ERROR", "FATAL", "OFF"'],
    [
      { ecs_auto_stop: { cluster_arns: ["arn:aws:ecs:ap-northeast-1:123:cluster/prod"] } },
      "ecs_auto_stop.cluster_arns[0]",
      '"arn:aws:ecs:ap-northeast-1:123:cluster/prod"',
      "an ECS cluster ARN",
    ],
    [
      { ecs_auto_stop: { cluster_arns: ["arn:aws:ecs:us-east-1:123456789012:cluster/prod"] } },
      "ecs_auto_stop.cluster_arns[0]",
      '"arn:aws:ecs:us-east-1:123456789012:cluster/prod"',
      "a cluster in ap-northeast-1",
    ],
    [
      { account_id: "111111111111", ecs_auto_stop: { cluster_arns: [CLUSTER] } },
      "ecs_auto_stop.cluster_arns[0]",
      JSON.stringify(CLUSTER),
      "a cluster of account 111111111111",
    ],
    [
      { notifications: { existing_topic_arn: "arn:aws:sns:us-east-1:123456789012:alerts" } },
      "notifications.existing_topic_arn",
      '"arn:aws:sns:us-east-1:123456789012:alerts"',
      "a topic in ap-northeast-1",
    ],
    [{ ecs_auto_stop: { log_retention_in_days: 10 } }, "ecs_auto_stop.log_retention_in_days", "10", "one of 1, 3, 5, 7, 14"],
    [{ ecs_auto_stop: { dry_run: true } }, "ecs_auto_stop.dry_run", "true", 'no value with workflow "seed"'],
    [{ ecs_auto_stop: { min_healthy_tasks: 1 } }, "ecs_auto_stop.min_healthy_tasks", "1", 'no value with workflow "seed"'],
    [{ ecs_auto_stop: { workflow: "strict" } }, "ecs_auto_stop.workflow", '"strict"', 'one of "seed", "guarded"'],
    [
      { ecs_auto_stop: { workflow: "guarded", exemption_tag: { key: "aws:x", value: "y" } } },
      "ecs_auto_stop.exemption_tag.key",
      '"aws:x"',
      "not starting with aws:",
    ],
    [{ ecs_auto_stop: { workflow: "guarded", min_healthy_tasks: -1 } }, "ecs_auto_stop.min_healthy_tasks", "-1", "a whole number from 0 to 10000"],
    [{ ecs_auto_stop: { enabled: true, stop_everything: true } }, "ecs_auto_stop.stop_everything", "true", "no such setting"],
    [{ ecs_auto_stop: { filters: { min_severity: 11 } } }, "ecs_auto_stop.filters.min_severity", "11", "a number from 0 to 10"],
    [
      { ecs_auto_stop: { filters: { finding_types: ["Execution:Runtime/ReverseShel"] } } },
      "ecs_auto_stop.filters.finding_types[0]",
      '"Execution:Runtime/ReverseShel"',
      'did you mean "Execution:Runtime/ReverseShell"?',
    ],
    [
      { ecs_auto_stop: { filters: { finding_types: ["Execution:Runtime/ReverseShell"], exclude_finding_types: ["Execution:Runtime/ReverseShell"] } } },
      "ecs_auto_stop.filters.exclude_finding_types[0]",
      '"Execution:Runtime/ReverseShell"',
      "not both",
    ],
    [{ ecs_auto_stop: { filters: { cluster_arns: [] } } }, "ecs_auto_stop.filters.cluster_arns", "[]", "a list of at least 1"],
    [{ ecs_auto_stop: { filters: { severity: 7 } } }, "ecs_auto_stop.filters.severity", "7", "one of the known settings: min_severity"],
    [[], "(top level)", "[]", "an object"],
  ])("%j is refused, naming %s", (document, setting, value, allowed) => {
    const problems = problemsOf(document);
    expect(problems).toContainEqual({ setting, value, allowed: expect.stringContaining(allowed) });
  });

  test("every problem is reported at once, not only the first", () => {
    const problems = problemsOf({ region: "tokyo", environment: "PROD", notifications: { emails: ["x"] } });
    expect(problems.map((p) => p.setting)).toEqual(["environment", "region", "notifications.emails[0]"]);
  });

  test("the error message names the file, the setting, the value and what is allowed", () => {
    expect(() => parseConfig({ region: "tokyo" }, "acme.json")).toThrow(
      'Invalid config acme.json:\n  - region: "tokyo" is not allowed; expected an AWS Region where GuardDuty Runtime Monitoring is offered, not in the China partition (36 Regions, such as us-east-1, eu-west-1, ap-northeast-1, us-gov-west-1; the list is in docs/config-reference.md)',
    );
  });

  test("a file that is not JSON is refused with the parser's reason", () => {
    const dir = mkdtempSync(join(tmpdir(), "config-"));
    writeFileSync(join(dir, "bad.json"), "{ region: ");
    expect(() => loadConfig(join(dir, "bad.json"))).toThrow(/\(file\): its text is not allowed; expected valid JSON/);
  });

  test("a missing file is refused with its path", () => {
    expect(() => loadConfig("/nonexistent/config.json")).toThrow(/\(file\): "\/nonexistent\/config.json" is not allowed; expected a readable file \(ENOENT\)/);
  });
});

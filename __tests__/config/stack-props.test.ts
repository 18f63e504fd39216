/**
 * stackPropsOf: the one place a stack plan's config becomes RuntimeMonitoringStack props. These tests
 * pin the props shape for the seed config and the translations that used to live in the stack
 * (console domain and partition from the region, backend settings, delivery settings, organization roles).
 */
import { join } from "node:path";
import type { Config } from "../../config/config-schema";
import { loadConfig, parseConfig } from "../../config/load-config";
import { planStacks, StackPlan } from "../../config/stack-plans";
import { consoleDomainOf, stackPropsOf } from "../../config/stack-props";
import type { RuntimeMonitoringStackProps } from "../../modules/runtime-monitoring-stack";

const EXAMPLES = join(__dirname, "..", "..", "examples");
const example = (file: string): Config => loadConfig(join(EXAMPLES, file)).config;
const onlyPlan = (config: Config): StackPlan => {
  const plans = planStacks(config);
  expect(plans).toHaveLength(1);
  return plans[0];
};
const propsOf = (document: Record<string, unknown>): RuntimeMonitoringStackProps => stackPropsOf(onlyPlan(parseConfig(document, "test.json")));

/** Every key of a value, at any depth, with its path; the values of `skip` paths (user-named maps) are not entered. */
function keysOf(value: unknown, skip: readonly string[], at = ""): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => keysOf(v, skip, `${at}[${i}]`));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, v]) => {
    const path = at === "" ? key : `${at}.${key}`;
    return [path, ...(skip.includes(path) ? [] : keysOf(v, skip, path))];
  });
}

describe("stackPropsOf", () => {
  test("GIVEN the built-in default config WHEN translated THEN the props are the seed's stack: a created detector, the local backend and the seed ECS pipeline only", () => {
    expect(stackPropsOf(onlyPlan(loadConfig().config))).toEqual({
      region: "ap-northeast-1",
      namePrefix: "ecs-runtime-monitoring-stop-task-dev",
      stateBackend: { type: "local" },
      lookUpExistingDetector: false,
      detector: {
        importExistingDetector: false,
        runtimeMonitoring: true,
        eksAddonManagement: true,
        ec2AgentManagement: true,
        ecsFargateAgentManagement: true,
        features: {},
        region: "ap-northeast-1",
      },
      agentEndpoints: [],
      notifications: { encrypt: true, notificationEmails: [] },
      ecsAutoStop: {
        workflow: "seed",
        clusterArns: [],
        filters: {},
        maximumEventAgeInSeconds: 86400,
        maximumRetryAttempts: 185,
        alarms: true,
        logRetentionInDays: 365,
        logLevel: "ALL",
        includeExecutionData: false,
        tracing: false,
      } satisfies RuntimeMonitoringStackProps["ecsAutoStop"],
    } satisfies RuntimeMonitoringStackProps);
  });

  test("GIVEN every section set WHEN translated THEN no key of the props is the config's snake_case (the config's names stop at config/)", () => {
    const props = propsOf({
      account_id: "111111111111",
      provider: { assume_role_arn: "arn:aws:iam::111111111111:role/deployer", assume_role_session_name: "ci" },
      default_tags: { cost_center: "secops" },
      backend: { type: "s3", bucket: "acme-state", dynamodb_table: "locks" },
      detector: {
        features: { S3_DATA_EVENTS: "ENABLED" },
        finding_publishing_frequency: "FIFTEEN_MINUTES",
        runtime_monitoring: { eks_addon_management: false },
      },
      agent_endpoints: [{ name: "prod", vpc_id: "vpc-0123456789abcdef0", subnet_ids: ["subnet-0123456789abcdef0"], eks_addon: { cluster_names: ["prod"] } }],
      notifications: { emails: ["secops@example.com"], coverage_unhealthy: true },
      ecs_auto_stop: {
        workflow: "guarded",
        min_healthy_tasks: 1,
        filters: { min_severity: 7, exclude_finding_types: ["Execution:Runtime/NewBinaryExecuted"] },
      },
      ec2_isolation: { enabled: true, container_host_tag_keys: ["team:k8s"] },
      eks_containment: { enabled: true, cluster_names: ["prod"], namespaces: ["web"] },
    });
    const keys = keysOf(props, ["defaultTags", "detector.features"]);
    expect(keys).toEqual(
      expect.arrayContaining(["ecsAutoStop.guarded.minHealthyTasks", "agentEndpoints[0].eksAddonClusterNames", "stateBackend.dynamodbTable"]),
    );
    expect(keys.filter((path) => /(^|\.|\])[a-z0-9]+_[a-z0-9_]+$/.test(path))).toEqual([]);
  });

  test("GIVEN the GovCloud example WHEN translated THEN every pipeline links to the GovCloud console and EC2 isolation names the aws-us-gov partition", () => {
    const props = stackPropsOf(onlyPlan(example("govcloud.json")));
    expect(props.ecsAutoStop?.guarded?.consoleDomain).toBe("console.amazonaws-us-gov.com");
    expect(props.ec2Isolation).toMatchObject({ consoleDomain: "console.amazonaws-us-gov.com", partition: "aws-us-gov", dryRun: true });
    expect(props.allowedAccountIds).toEqual(["111111111111"]);
  });

  test.each([
    ["us-gov-west-1", "console.amazonaws-us-gov.com"],
    ["us-gov-east-1", "console.amazonaws-us-gov.com"],
    ["us-east-1", "console.aws.amazon.com"],
    ["ap-northeast-1", "console.aws.amazon.com"],
  ])("GIVEN the region %s WHEN its console domain is asked THEN it is %s", (region, domain) => {
    expect(consoleDomainOf(region)).toBe(domain);
  });

  test("GIVEN the EKS example WHEN translated THEN the EKS pipeline carries its clusters, namespaces and the commercial console; no other pipeline is deployed", () => {
    const props = stackPropsOf(onlyPlan(example("eks-containment.json")));
    expect(props.eksContainment).toMatchObject({
      clusterNames: ["prod"],
      namespaces: ["payments", "web"],
      action: "isolate",
      consoleDomain: "console.aws.amazon.com",
    });
    expect(props.ecsAutoStop).toBeUndefined();
    expect(props.ec2Isolation).toBeUndefined();
    expect(props.coverageHealthNotification).toBeUndefined();
  });

  test("GIVEN a pipeline without a dead-letter queue WHEN translated THEN deadLetterQueue is false; with one THEN it is left to the construct (its own queue)", () => {
    expect(propsOf({ ecs_auto_stop: { dead_letter_queue: false } }).ecsAutoStop?.deadLetterQueue).toBe(false);
    expect(propsOf({ ecs_auto_stop: { dead_letter_queue: true } }).ecsAutoStop?.deadLetterQueue).toBeUndefined();
  });

  test("GIVEN coverage notifications on and every pipeline off WHEN translated THEN only the coverage notification is deployed (the stack creates the topic for it)", () => {
    const props = propsOf({ notifications: { coverage_unhealthy: true }, ecs_auto_stop: { enabled: false } });
    expect(props.coverageHealthNotification).toEqual({});
    expect([props.ecsAutoStop, props.ec2Isolation, props.eksContainment]).toEqual([undefined, undefined, undefined]);
  });

  test("GIVEN the agent endpoints example WHEN translated THEN each endpoint is named, its add-on clusters flat, and its region left to the stack", () => {
    const props = stackPropsOf(onlyPlan(example("agent-endpoints.json")));
    expect(props.agentEndpoints).toEqual([
      {
        name: "prod",
        vpcId: "vpc-0123456789abcdef0",
        subnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
        allowedCidrs: ["10.0.0.0/16"],
        privateDnsEnabled: true,
        eksAddonClusterNames: ["prod"],
      },
      { name: "shared", vpcId: "vpc-0fedcba9876543210", subnetIds: ["subnet-0fedcba9876543210"], organizationId: "o-a1b2c3d4e5", privateDnsEnabled: true },
    ]);
    expect(props.detector).toMatchObject({ eksAddonManagement: false, ec2AgentManagement: false, ecsFargateAgentManagement: true });
  });

  test("GIVEN an S3 backend without s3_region WHEN translated THEN the state bucket's region is the stack's; with s3_region THEN that region", () => {
    expect(propsOf({ region: "eu-west-1", backend: { type: "s3", bucket: "acme-state" } }).stateBackend).toEqual({
      type: "s3",
      bucket: "acme-state",
      keyPrefix: "guardduty-runtime-response",
      region: "eu-west-1",
      useLockfile: true,
    });
    expect(stackPropsOf(onlyPlan(example("backend-s3.json"))).stateBackend).toMatchObject({
      type: "s3",
      region: "us-east-1",
      kmsKeyArn: expect.stringMatching(/^arn:aws:kms:us-east-1:/),
    });
  });

  test("GIVEN a session name without a role WHEN translated THEN no session name is passed (it belongs to the assumed role)", () => {
    const props = propsOf({ provider: { assume_role_session_name: "ci" } });
    expect(props.assumeRoleArn).toBeUndefined();
    expect(props.assumeRoleSessionName).toBeUndefined();
  });

  test("GIVEN detector.create false without an id WHEN translated THEN the stack looks its detector up and sets none of its settings", () => {
    const props = propsOf({ detector: { create: false } });
    expect(props.lookUpExistingDetector).toBe(true);
    expect([props.detector?.existingDetectorId, props.detector?.findingPublishingFrequency]).toEqual([undefined, undefined]);
  });

  test("GIVEN a single stack in the management account only WHEN translated THEN it designates the administrator and carries no organization configuration", () => {
    const props = propsOf({ account_id: "111111111111", organization: { delegated_admin_account_id: "222222222222", management_account_id: "111111111111" } });
    expect([props.delegatedAdministratorAccountId, props.organization, props.lookUpExistingDetector]).toEqual(["222222222222", undefined, false]);
  });

  describe("GIVEN the organization example (management 111111111111, delegated administrator 222222222222, member 333333333333)", () => {
    const byStack = Object.fromEntries(planStacks(example("organization.json")).map((plan) => [plan.stackName, stackPropsOf(plan)]));

    test("WHEN the management account's stacks are translated THEN they designate the administrator, write no organization configuration and create their detector", () => {
      for (const region of ["ap-northeast-1", "us-east-1"]) {
        const props = byStack[`acme-prod-111111111111-${region}`];
        expect(props).toMatchObject({ region, delegatedAdministratorAccountId: "222222222222", lookUpExistingDetector: false });
        expect(props.organization).toBeUndefined();
        expect(props.detector?.existingDetectorId).toBeUndefined();
        expect(props.assumeRoleArn).toBe("arn:aws:iam::111111111111:role/guardduty-response-deployer");
      }
    });

    test("WHEN the administrator's stacks are translated THEN they look up the detector the designation enabled and carry the organization configuration", () => {
      const props = byStack["acme-prod-222222222222-us-east-1"];
      expect(props.lookUpExistingDetector).toBe(true);
      expect(props.detector?.existingDetectorId).toBeUndefined();
      expect(props.delegatedAdministratorAccountId).toBeUndefined();
      expect(props.organization).toEqual({
        autoEnableMembers: "ALL",
        runtimeMonitoring: "ALL",
        eksAddonManagement: "ALL",
        ec2AgentManagement: "NEW",
        ecsFargateAgentManagement: "ALL",
      });
    });

    test("WHEN the member's stacks are translated THEN each adopts its region's detector by id, and only they get the ECS pipeline (its clusters live there)", () => {
      expect(byStack["acme-prod-333333333333-us-east-1"]).toMatchObject({
        lookUpExistingDetector: false,
        detector: { existingDetectorId: "34cde56f789a0bc123de4f56a78901b2" },
        ecsAutoStop: { workflow: "guarded", clusterArns: ["arn:aws:ecs:us-east-1:333333333333:cluster/prod"], guarded: { dryRun: true } },
      });
      expect(byStack["acme-prod-111111111111-us-east-1"].ecsAutoStop).toBeUndefined();
      expect(byStack["acme-prod-222222222222-us-east-1"].ecsAutoStop).toBeUndefined();
    });
  });
});

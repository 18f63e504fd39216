/**
 * The module creates what the CDKTF constructs create for the same settings: the same resource types, the same
 * attributes and blocks on each, the same literal values (names, descriptions, retention, alarm settings), and tags
 * on the same resources. No Terraform binary needed: the module is read with hcl2json, the constructs synthesized.
 */
import { STATE_MACHINE_ALARMS as CDKTF_STATE_MACHINE_ALARMS } from "../../../modules/response-alarms";
import { moduleResourceNames, STATE_MACHINE_ALARMS } from "../../../tools/registry-module/documents";
import { SynthesizedStack, TEST_ACCOUNT } from "../../support/synthesized-stack";
import { DEFAULTS, ModuleArguments, synthesizeTwin } from "./cdktf-twin";
import { expressionText, Json, parsedModule } from "./module-fixture";

const PREFIX = "acme-runtime-prod";

/**
 * Every resource the module can create, on: tracing, emails, dead letters, alarms, another detector feature, tags,
 * the coverage-unhealthy rule, and agent endpoints (one with given CIDRs and accounts, one reading its VPC's).
 */
const EVERYTHING: ModuleArguments & { name_prefix: string } = {
  name_prefix: PREFIX,
  tracing_enabled: true,
  notification_emails: ["secops@example.com"],
  detector_features: { S3_DATA_EVENTS: "ENABLED" },
  tags: { Project: "guardduty-runtime-response" },
  notify_coverage_unhealthy: true,
  agent_endpoints: {
    given: {
      vpc_id: "vpc-0123456789abcdef0",
      subnet_ids: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
      allowed_cidrs: ["10.0.0.0/16", "10.1.0.0/16"],
      allowed_account_ids: ["123456789012", "210987654321"],
      private_dns_enabled: false,
    },
    "looked-up": { vpc_id: "vpc-0fedcba9876543210", subnet_ids: ["subnet-0fedcba9876543210"], organization_id: "o-a1b2c3d4e5" },
  },
};
/** The same without encryption: the queue then uses SQS managed encryption. */
const UNENCRYPTED = { ...EVERYTHING, create_kms_key: false };

/** Module resource address -> how to find its counterpart among the twin's resources of the same type. */
const COUNTERPARTS: Record<string, (r: { name: string; values: Json }) => boolean> = {
  "aws_guardduty_detector.this": () => true,
  "aws_guardduty_detector_feature.runtime_monitoring": (r) => r.values.name === "RUNTIME_MONITORING",
  // One instance per optional plan (a created detector writes all five); compared on the one EVERYTHING sets.
  "aws_guardduty_detector_feature.other": (r) => r.values.name === "S3_DATA_EVENTS",
  "aws_kms_key.this": () => true,
  "aws_kms_alias.this": () => true,
  "aws_sns_topic.this": () => true,
  "aws_sns_topic_policy.this": () => true,
  "aws_sns_topic_subscription.email": () => true,
  "aws_cloudwatch_log_group.this": () => true,
  "aws_iam_role.state_machine": (r) => String(r.values.name).endsWith("-sfn-role"),
  "aws_iam_role_policy.state_machine": (r) => r.values.name === "stop-tasks-and-notify",
  "aws_sfn_state_machine.this": () => true,
  "aws_cloudwatch_event_rule.this": (r) => String(r.values.name).endsWith("-rule"),
  "aws_cloudwatch_event_rule.coverage_unhealthy": (r) => String(r.values.name).endsWith("-coverage-unhealthy"),
  "aws_iam_role.events": (r) => String(r.values.name).endsWith("-events-role"),
  "aws_iam_role_policy.events": (r) => r.values.name === "start-stop-task-state-machine",
  "aws_sqs_queue.dead_letters": () => true,
  "aws_sqs_queue_policy.dead_letters": () => true,
  "aws_cloudwatch_event_target.this": (r) => r.values.target_id === "stop-task-state-machine",
  "aws_cloudwatch_event_target.coverage_unhealthy": (r) => r.values.target_id === "notification-topic",
  // Each endpoint's resources: compared with the twin's for the endpoint with given CIDRs (the attributes with both).
  "aws_security_group.agent_endpoint": (r) => r.name.includes("agent-endpoint-given"),
  "aws_vpc_security_group_ingress_rule.agent_endpoint_https": (r) => r.name.includes("agent-endpoint-given"),
  "aws_vpc_endpoint.agent": (r) => r.name.includes("agent-endpoint-given"),
  "aws_cloudwatch_metric_alarm.state_machine": (r) => String(r.values.alarm_name).endsWith("-executions-failed"),
  "aws_cloudwatch_metric_alarm.rule_failed_invocations": (r) =>
    String(r.values.alarm_name).endsWith("-rule-failed-invocations") && !String(r.values.alarm_name).includes("-coverage-unhealthy-"),
  "aws_cloudwatch_metric_alarm.coverage_rule_failed_invocations": (r) => String(r.values.alarm_name).endsWith("-coverage-unhealthy-rule-failed-invocations"),
  "aws_cloudwatch_metric_alarm.dead_lettering_failed": (r) => String(r.values.alarm_name).endsWith("-dead-lettering-failed"),
  "aws_cloudwatch_metric_alarm.dead_letters": (r) => String(r.values.alarm_name).endsWith("-dead-letters"),
};

const META = ["count", "for_each", "lifecycle", "depends_on", "provider", "//", "dynamic"];

/** The module's resources by address, each with its dynamic blocks as plain block names. */
async function moduleResources(): Promise<Map<string, Json>> {
  const { resource } = await parsedModule();
  const out = new Map<string, Json>();
  for (const [type, byName] of Object.entries(resource as Record<string, Record<string, Json[]>>)) {
    for (const [name, [r]] of Object.entries(byName)) {
      const dynamic = Object.fromEntries(Object.entries((r.dynamic ?? {}) as Record<string, Json[]>).map(([block, [d]]) => [block, d.content]));
      out.set(`${type}.${name}`, { ...r, ...dynamic });
    }
  }
  return out;
}

const attributeNames = (values: Json) =>
  Object.keys(values)
    .filter((k) => !META.includes(k))
    .sort();

/** A module value as a plain value where that is possible without Terraform: literals, names, the name prefix. */
function plainValue(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(plainValue);
    return items.some((i) => i === undefined) ? undefined : items;
  }
  if (typeof value !== "string") return value;
  const variable = /^\$\{var\.([a-z_0-9]+)\}$/.exec(value);
  if (variable) return { ...DEFAULTS, ...EVERYTHING }[variable[1]];
  const names: Record<string, string> = moduleResourceNames(PREFIX, TEST_ACCOUNT.region);
  const whole = /^\$\{local\.names\.([a-z_]+)\}$/.exec(value);
  if (whole) return names[whole[1]];
  const text = value.replace(/\$\{var\.name_prefix\}/g, PREFIX);
  return text.includes("${") ? undefined : text;
}

describe("the module and the CDKTF constructs create the same things", () => {
  const everything = synthesizeTwin(EVERYTHING);
  const unencrypted = synthesizeTwin(UNENCRYPTED);
  const twinTypes = (s: SynthesizedStack) => Object.keys((s.json.resource ?? {}) as Json).sort();

  test("the same resource types, and a counterpart for every module resource", async () => {
    const resources = await moduleResources();
    const types = [...new Set([...resources.keys()].map((a) => a.split(".")[0]))].sort();
    expect(types).toEqual(twinTypes(everything));
    expect([...resources.keys()].sort()).toEqual(Object.keys(COUNTERPARTS).sort());
    for (const [address, find] of Object.entries(COUNTERPARTS)) {
      const found = everything.resources(address.split(".")[0]).filter(find);
      expect([address, found.length]).toEqual([address, 1]);
    }
  });

  test("each resource has the attributes and blocks its counterpart has (tags included where the constructs tag)", async () => {
    const resources = await moduleResources();
    for (const [address, find] of Object.entries(COUNTERPARTS)) {
      const type = address.split(".")[0];
      const theirs = new Set(
        [everything, unencrypted].flatMap((s) =>
          s
            .resources(type)
            .filter(find)
            .flatMap((r) => attributeNames(r.values)),
        ),
      );
      expect([address, attributeNames(resources.get(address)!)]).toEqual([address, [...theirs].sort()]);
    }
  });

  test("literal values agree: names, descriptions, settings, blocks", async () => {
    const resources = await moduleResources();
    let compared = 0;
    const compare = (where: string, ours: unknown, theirs: unknown) => {
      if (Array.isArray(ours) && ours.length > 0 && typeof ours[0] === "object") {
        // A block: hcl2json lists blocks; the synthesized JSON has an object, or a list for repeated blocks.
        const theirList = Array.isArray(theirs) ? theirs : [theirs];
        expect([where, ours.length]).toEqual([where, theirList.length]);
        ours.forEach((block, i) => {
          for (const [k, v] of Object.entries(block as Json)) compare(`${where}[${i}].${k}`, v, (theirList[i] as Json)?.[k]);
        });
        return;
      }
      const plain = plainValue(ours);
      if (plain === undefined || JSON.stringify(theirs ?? null).includes("${")) return;
      compared++;
      expect([where, plain]).toEqual([where, theirs]);
    };
    for (const [address, find] of Object.entries(COUNTERPARTS)) {
      const [theirs] = everything.resources(address.split(".")[0]).filter(find);
      const ours = resources.get(address)!;
      for (const name of attributeNames(ours)) compare(`${address}.${name}`, ours[name], theirs.values[name]);
    }
    expect(compared).toBeGreaterThanOrEqual(40);
  });

  test("the state machine alarms are ResponseAlarms' (ids, metrics, descriptions), named <name_prefix>-<id>", () => {
    expect(STATE_MACHINE_ALARMS).toEqual(CDKTF_STATE_MACHINE_ALARMS);
    const theirs = everything.resources("aws_cloudwatch_metric_alarm").filter((r) => r.values.namespace === "AWS/States");
    expect(theirs.map((r) => [r.values.alarm_name, r.values.metric_name, r.values.alarm_description]).sort()).toEqual(
      STATE_MACHINE_ALARMS.map((a) => [`${PREFIX}-${a.id}`, a.metricName, a.description]).sort(),
    );
  });

  test("the module reads the data sources the twin reads (the VPC of an endpoint without allowed_cidrs)", async () => {
    const { data } = await parsedModule();
    const twinData = Object.keys((everything.json.data ?? {}) as Json);
    expect(twinData).toContain("aws_vpc");
    for (const type of twinData) expect([type, type in data]).toEqual([type, true]);
    // One lookup in each: only for the endpoint without allowed_cidrs.
    expect(everything.dataSources("aws_vpc").map((d) => d.name)).toEqual([expect.stringContaining("agent-endpoint-looked-up")]);
    expect(expressionText(data.aws_vpc.agent_endpoint[0].for_each)).toContain("if e.allowed_cidrs == null");
  });

  test("the agent endpoints' resources: the twin's settings, with each endpoint's values from var.agent_endpoints", async () => {
    const resources = await moduleResources();
    const endpoint = resources.get("aws_vpc_endpoint.agent")!;
    const [theirs] = everything.resources("aws_vpc_endpoint").filter((r) => r.name.includes("agent-endpoint-given"));
    expect(theirs.values.service_name).toBe(`com.amazonaws.${TEST_ACCOUNT.region}.guardduty-data`);
    expect(theirs.values.private_dns_enabled).toBe(false);
    expect(endpoint.private_dns_enabled).toBe("${each.value.private_dns_enabled}");
    expect(endpoint.service_name).toBe("${local.agent_endpoint_service_name}");
    const group = resources.get("aws_security_group.agent_endpoint")!;
    expect(group.lifecycle[0].create_before_destroy).toBe(true);
    const [theirGroup] = everything.resources("aws_security_group").filter((r) => r.name.includes("agent-endpoint-given"));
    expect(theirGroup.values.lifecycle).toEqual({ create_before_destroy: true });
  });

  test("the twin's defaults are the module's variable defaults", async () => {
    const { variable } = await parsedModule();
    const declared = Object.fromEntries(
      Object.entries(variable as Record<string, Json[]>)
        .filter(([, [v]]) => "default" in v)
        .map(([n, [v]]) => [n, v.default]),
    );
    expect(DEFAULTS).toEqual(declared);
  });

  test("the agent-management blocks of RUNTIME_MONITORING come in the order GuardDuty returns them", async () => {
    const ours = (await moduleResources()).get("aws_guardduty_detector_feature.runtime_monitoring")!.additional_configuration as Json[];
    const [theirs] = everything.resources("aws_guardduty_detector_feature").filter((r) => r.values.name === "RUNTIME_MONITORING");
    expect(ours.map((b) => b.name)).toEqual((theirs.values.additional_configuration as Json[]).map((b) => b.name));
  });
});

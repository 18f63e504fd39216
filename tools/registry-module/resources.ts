/**
 * The module's resources, data sources and outputs, mirroring what the CDKTF constructs create:
 * GuardDutyDetector (detector, RUNTIME_MONITORING feature, other features), ResponseNotifications (key, alias,
 * topic, topic policy, email subscriptions), EcsTaskAutoStop (log group, roles and policies, state machine, rule,
 * target), ResponseDeadLetterQueue, ResponseAlarms, CoverageHealthNotification and GuardDutyAgentEndpoint (without its
 * EKS add-on). Names and attributes follow those constructs; every JSON
 * document is a local of locals.tf (see documents.ts).
 */
import {
  AGENT_MANAGEMENT_CONFIGURATIONS,
  AgentManagementConfiguration,
  DEFAULT_PROTECTION_PLAN_STATUS,
  OPTIONAL_PROTECTION_PLANS,
  PROTECTION_PLAN_NOT_OFFERED_IN,
  RUNTIME_MONITORING,
} from "../../functions/guardduty/runtime-monitoring-features";
import { NAME_LIMITS } from "../../functions/naming/resource-names";
import { attr, blank, block, Block, BodyItem, bool, call, Expr, interp, list, num, obj, raw, ref, str } from "./hcl";
import { COVERAGE_RULE_ALARM, DEAD_LETTER_ALARM, DEAD_LETTERING_ALARM, moduleNameText, RULE_ALARM } from "./documents";

/** A rule across variables, checked before the resource it guards is planned. */
export interface Precondition {
  /** Resource address whose lifecycle holds the check. */
  readonly resource: string;
  readonly condition: string;
  readonly errorMessage: string;
}

/** PROTECTION_PLAN_NOT_OFFERED_IN as an HCL map: plan name -> Regions where GuardDuty does not offer it. */
const PLANS_NOT_OFFERED_HCL = `{ ${Object.entries(PROTECTION_PLAN_NOT_OFFERED_IN)
  .map(([plan, regions]) => `${plan} = [${regions!.map((r) => `"${r}"`).join(", ")}]`)
  .join(", ")} }`;
const NOT_OFFERED_TEXT = Object.entries(PROTECTION_PLAN_NOT_OFFERED_IN)
  .map(([plan, regions]) => `${plan} in ${regions!.join(", ")}`)
  .join("; ");

export const PRECONDITIONS: readonly Precondition[] = [
  {
    resource: "aws_guardduty_detector_feature.runtime_monitoring",
    condition: 'local.partition != "aws-cn"',
    errorMessage: "GuardDuty Runtime Monitoring is not offered in the China partition.",
  },
  {
    resource: "aws_guardduty_detector_feature.runtime_monitoring",
    condition: "var.create_detector == (var.detector_id == null)",
    errorMessage:
      "Either create a detector (create_detector = true, no detector_id) or adopt one (create_detector = false with detector_id): an account and region has only one.",
  },
  {
    resource: "aws_guardduty_detector_feature.runtime_monitoring",
    condition: "var.create_detector || var.finding_publishing_frequency == null",
    errorMessage: "The finding_publishing_frequency applies to a created detector only; an adopted detector keeps its own.",
  },
  {
    resource: "aws_guardduty_detector_feature.runtime_monitoring",
    condition: `alltrue([for name, status in var.detector_features : !(status == "ENABLED" && contains(lookup(${PLANS_NOT_OFFERED_HCL}, name, []), local.region))])`,
    errorMessage: `A detector_features plan is ENABLED in a Region where GuardDuty does not offer it (${NOT_OFFERED_TEXT}).`,
  },
  {
    resource: "aws_cloudwatch_event_rule.this",
    condition: 'var.workflow == "guarded" || (!var.dry_run && var.exemption_tag == null && var.min_healthy_tasks == null)',
    errorMessage: 'The dry_run, exemption_tag and min_healthy_tasks apply to workflow "guarded" only.',
  },
  {
    resource: "aws_cloudwatch_event_rule.this",
    condition: "length(setintersection(var.finding_types, var.exclude_finding_types)) == 0",
    errorMessage: "A finding type may be in finding_types or in exclude_finding_types, not both.",
  },
  {
    resource: "aws_cloudwatch_event_rule.this",
    condition: "length(var.filter_cluster_arns) == 0 || length(setsubtract(var.filter_cluster_arns, var.exclude_cluster_arns)) > 0",
    errorMessage: "The exclude_cluster_arns exclude every cluster of filter_cluster_arns, so the rule could never match.",
  },
  {
    resource: "aws_cloudwatch_event_rule.this",
    condition: 'length(var.account_ids) == 0 || alltrue([for arn in var.filter_cluster_arns : contains(var.account_ids, split(":", arn)[4])])',
    errorMessage: "Each cluster of filter_cluster_arns must belong to an account of account_ids, or its findings could never match.",
  },
  {
    resource: "aws_sfn_state_machine.this",
    condition: "var.create_topic == (var.existing_topic_arn == null)",
    errorMessage: "Either create the topic (create_topic = true, no existing_topic_arn) or give one (create_topic = false with existing_topic_arn).",
  },
  {
    resource: "aws_sfn_state_machine.this",
    condition: "!var.create_kms_key || var.kms_key_arn == null",
    errorMessage: "The kms_key_arn needs create_kms_key = false: a key is either created or given.",
  },
  {
    resource: "aws_sfn_state_machine.this",
    condition: 'alltrue([for arn in var.cluster_arns : split(":", arn)[1] == local.partition && split(":", arn)[3] == local.region])',
    errorMessage: "Each cluster of cluster_arns must be in the region the state machine runs in.",
  },
  {
    resource: "aws_sfn_state_machine.this",
    condition: 'var.existing_topic_arn == null ? true : split(":", var.existing_topic_arn)[3] == local.region',
    errorMessage:
      "The existing_topic_arn must be a topic in the region the state machine runs in (Step Functions publishes through the regional SNS endpoint).",
  },
  {
    resource: "aws_sfn_state_machine.this",
    condition: 'var.kms_key_arn == null ? true : split(":", var.kms_key_arn)[3] == local.region',
    errorMessage: "The kms_key_arn must be a key in the region the resources are in (KMS keys are regional).",
  },
  // Names checked against AWS's limits where the region (in IAM role names) is known: at plan time.
  {
    resource: "aws_iam_role.state_machine",
    condition: `!var.create_ecs_auto_stop || length(${moduleNameText("state_machine_role")}) <= ${NAME_LIMITS.iamRole.maxLength}`,
    errorMessage: `The state machine role name (<name_prefix>-<region code>-sfn-role) must be at most ${NAME_LIMITS.iamRole.maxLength} characters, IAM's limit: shorten name_prefix.`,
  },
  {
    resource: "aws_iam_role.events",
    condition: `!var.create_ecs_auto_stop || length(${moduleNameText("events_role")}) <= ${NAME_LIMITS.iamRole.maxLength}`,
    errorMessage: `The EventBridge role name (<name_prefix>-<region code>-events-role) must be at most ${NAME_LIMITS.iamRole.maxLength} characters, IAM's limit: shorten name_prefix.`,
  },
  {
    resource: "aws_cloudwatch_event_rule.coverage_unhealthy",
    condition: `!var.notify_coverage_unhealthy || length(${moduleNameText("coverage_rule")}) <= ${NAME_LIMITS.eventRule.maxLength}`,
    errorMessage: `The coverage rule name (<name_prefix>-coverage-unhealthy) must be at most ${NAME_LIMITS.eventRule.maxLength} characters, EventBridge's limit: shorten name_prefix.`,
  },
  {
    resource: "aws_cloudwatch_event_rule.coverage_unhealthy",
    condition: "!var.notify_coverage_unhealthy || (var.create_ecs_auto_stop && var.create_topic)",
    errorMessage:
      "The notify_coverage_unhealthy needs the topic this module creates (create_ecs_auto_stop and create_topic true): its policy and key must let EventBridge publish. With an existing topic, route the event yourself.",
  },
];

const tags = attr("tags", raw("var.tags"));
const counted = (condition: string) => [attr("count", raw(`${condition} ? 1 : 0`)), blank];
const resource = (type: string, name: string, body: (BodyItem | undefined | false)[], lifecycleSettings: BodyItem[] = []): Block => {
  const address = `${type}.${name}`;
  const checks = PRECONDITIONS.filter((p) => p.resource === address);
  const lifecycle =
    checks.length > 0 || lifecycleSettings.length > 0
      ? block(
          "lifecycle",
          [],
          [
            ...lifecycleSettings,
            ...checks.map((p) => block("precondition", [], [attr("condition", raw(p.condition)), attr("error_message", str(p.errorMessage))])),
          ],
        )
      : undefined;
  return block("resource", [type, name], [...body, lifecycle]);
};
const dynamicBlock = (name: string, forEach: string, content: BodyItem[]): Block =>
  block("dynamic", [name], [attr("for_each", raw(forEach)), block("content", [], content)]);

/** The variable holding each agent-management setting of RUNTIME_MONITORING. */
const AGENT_MANAGEMENT_VARIABLES: Readonly<Record<AgentManagementConfiguration, string>> = {
  EKS_ADDON_MANAGEMENT: "eks_addon_management",
  EC2_AGENT_MANAGEMENT: "ec2_agent_management",
  ECS_FARGATE_AGENT_MANAGEMENT: "ecs_fargate_agent_management",
};
const status = (variable: string) => raw(`var.${variable} ? "ENABLED" : "DISABLED"`);

/** main.tf: data sources, context locals, the detector and its features. */
export function detectorBlocks(): Block[] {
  return [
    resource("aws_guardduty_detector", "this", [
      ...counted("var.create_detector"),
      attr("enable", bool(true)),
      attr("finding_publishing_frequency", raw('coalesce(var.finding_publishing_frequency, "SIX_HOURS")')),
      tags,
    ]),
    resource("aws_guardduty_detector_feature", "runtime_monitoring", [
      attr("detector_id", raw("local.detector_id")),
      attr("name", str(RUNTIME_MONITORING)),
      // Written DISABLED rather than removed: destroying a feature resource does not disable the feature.
      attr("status", status("enable_runtime_monitoring")),
      // All three, in the order GetDetector returns them (AGENT_MANAGEMENT_CONFIGURATIONS): another order is replaced on every plan with a 5.x provider.
      ...AGENT_MANAGEMENT_CONFIGURATIONS.map((name) =>
        block("additional_configuration", [], [attr("name", str(name)), attr("status", status(AGENT_MANAGEMENT_VARIABLES[name]))]),
      ),
    ]),
    resource("aws_guardduty_detector_feature", "other", [
      // A created detector writes every optional plan (CreateDetector would enable them all): the given status,
      // else DEFAULT_PROTECTION_PLAN_STATUS. An adopted one writes only the given plans.
      // A plan GuardDuty does not offer in this Region (PROTECTION_PLAN_NOT_OFFERED_IN) is not written DISABLED:
      // there is nothing to turn off; ENABLED there is refused by the precondition.
      attr(
        "for_each",
        raw(
          `{ for name, status in merge(var.create_detector ? { ${OPTIONAL_PROTECTION_PLANS.map((n) => `${n} = "${DEFAULT_PROTECTION_PLAN_STATUS}"`).join(", ")} } : {}, var.detector_features) : name => status if !(status == "DISABLED" && contains(lookup(${PLANS_NOT_OFFERED_HCL}, name, []), local.region)) }`,
        ),
      ),
      blank,
      attr("detector_id", raw("local.detector_id")),
      attr("name", raw("each.key")),
      attr("status", raw("each.value")),
    ]),
  ];
}

export function dataBlocks(): Block[] {
  return [block("data", ["aws_partition", "current"], []), block("data", ["aws_region", "current"], []), block("data", ["aws_caller_identity", "current"], [])];
}

/** notifications.tf: ResponseNotifications. */
export function notificationBlocks(): Block[] {
  return [
    resource("aws_kms_key", "this", [
      ...counted("local.create_kms_key"),
      attr("description", interp("Encrypts the GuardDuty response notices, dead letters and logs of ", ref("var.name_prefix"))),
      attr("enable_key_rotation", bool(true)),
      attr("deletion_window_in_days", num(30)),
      attr("policy", raw("local.key_policy")),
      tags,
    ]),
    resource("aws_kms_alias", "this", [
      ...counted("local.create_kms_key"),
      attr("name", raw("local.names.kms_alias")),
      attr("target_key_id", raw("aws_kms_key.this[0].key_id")),
    ]),
    resource("aws_sns_topic", "this", [
      ...counted("local.create_topic"),
      attr("name", raw("local.names.topic")),
      attr("kms_master_key_id", raw("local.kms_key_arn")),
      tags,
    ]),
    resource("aws_sns_topic_policy", "this", [
      ...counted("local.create_topic"),
      attr("arn", raw("aws_sns_topic.this[0].arn")),
      attr("policy", raw("local.topic_policy")),
    ]),
    resource("aws_sns_topic_subscription", "email", [
      attr("for_each", raw("var.create_ecs_auto_stop ? toset(var.notification_emails) : toset([])")),
      blank,
      attr("topic_arn", raw("local.topic_arn")),
      attr("protocol", str("email")),
      attr("endpoint", raw("each.value")),
    ]),
  ];
}

/** coverage_health.tf: CoverageHealthNotification, GuardDuty's coverage events to the topic. */
export function coverageBlocks(): Block[] {
  return [
    resource("aws_cloudwatch_event_rule", "coverage_unhealthy", [
      ...counted("local.create_coverage_unhealthy_rule"),
      attr("name", raw("local.names.coverage_rule")),
      attr("description", str("GuardDuty Runtime Monitoring coverage became unhealthy")),
      attr("event_pattern", raw("local.coverage_unhealthy_pattern")),
      tags,
    ]),
    resource("aws_cloudwatch_event_target", "coverage_unhealthy", [
      ...counted("local.create_coverage_unhealthy_rule"),
      attr("rule", raw("aws_cloudwatch_event_rule.coverage_unhealthy[0].name")),
      attr("target_id", str("notification-topic")),
      attr("arn", raw("local.topic_arn")),
    ]),
    // A coverage event EventBridge could not publish: the alarm reaches the topic through CloudWatch's own grant.
    resource("aws_cloudwatch_metric_alarm", "coverage_rule_failed_invocations", [
      ...counted("local.create_coverage_unhealthy_rule"),
      attr("alarm_name", interp("", ref("local.names.coverage_rule"), `-${COVERAGE_RULE_ALARM.id}`)),
      ...zeroAlarm(
        str(COVERAGE_RULE_ALARM.description),
        "AWS/Events",
        str("FailedInvocations"),
        "Sum",
        obj([["RuleName", raw("aws_cloudwatch_event_rule.coverage_unhealthy[0].name")]]),
      ),
    ]),
  ];
}

/** agent_endpoints.tf: GuardDutyAgentEndpoint for each entry of var.agent_endpoints (without the EKS add-on). */
export function agentEndpointBlocks(): Block[] {
  return [
    block(
      "data",
      ["aws_vpc", "agent_endpoint"],
      [
        // Only for endpoints without allowed_cidrs: their ingress comes from the VPC's IPv4 CIDR blocks.
        attr("for_each", raw("{ for name, e in var.agent_endpoints : name => e if e.allowed_cidrs == null }")),
        blank,
        attr("id", raw("each.value.vpc_id")),
      ],
    ),
    block(
      "locals",
      [],
      [
        // The sources each endpoint admits on 443: the given CIDRs, or the VPC's IPv4 CIDR blocks.
        attr(
          "agent_endpoint_cidrs",
          raw(
            "{ for name, e in var.agent_endpoints : name => e.allowed_cidrs != null ? e.allowed_cidrs : data.aws_vpc.agent_endpoint[name].cidr_block_associations[*].cidr_block }",
          ),
        ),
        // One ingress rule per endpoint and source CIDR, keyed "<endpoint> <cidr>".
        attr(
          "agent_endpoint_ingress",
          raw('merge([for name, cidrs in local.agent_endpoint_cidrs : { for cidr in cidrs : "${name} ${cidr}" => { endpoint = name, cidr = cidr } }]...)'),
        ),
      ],
    ),
    resource(
      "aws_security_group",
      "agent_endpoint",
      [
        attr("for_each", raw("var.agent_endpoints")),
        blank,
        attr("name_prefix", str("guardduty-agent-endpoint-")),
        attr("description", str("GuardDuty Runtime Monitoring agent endpoint: HTTPS from the VPC")),
        attr("vpc_id", raw("each.value.vpc_id")),
        tags,
      ],
      [attr("create_before_destroy", bool(true))],
    ),
    resource("aws_vpc_security_group_ingress_rule", "agent_endpoint_https", [
      attr("for_each", raw("local.agent_endpoint_ingress")),
      blank,
      attr("security_group_id", raw("aws_security_group.agent_endpoint[each.value.endpoint].id")),
      attr("description", str("HTTPS from workloads running the GuardDuty agent")),
      attr("ip_protocol", str("tcp")),
      attr("from_port", num(443)),
      attr("to_port", num(443)),
      attr("cidr_ipv4", raw("each.value.cidr")),
    ]),
    resource("aws_vpc_endpoint", "agent", [
      attr("for_each", raw("var.agent_endpoints")),
      blank,
      attr("vpc_id", raw("each.value.vpc_id")),
      attr("vpc_endpoint_type", str("Interface")),
      attr("service_name", raw("local.agent_endpoint_service_name")),
      // The agent resolves the regional guardduty-data name: without private DNS it cannot connect.
      attr("private_dns_enabled", raw("each.value.private_dns_enabled")),
      attr("subnet_ids", raw("each.value.subnet_ids")),
      attr("security_group_ids", list([raw("aws_security_group.agent_endpoint[each.key].id")])),
      attr("policy", raw("local.agent_endpoint_policies[each.key]")),
      tags,
    ]),
  ];
}

/** ecs_auto_stop.tf: EcsTaskAutoStop and ResponseDeadLetterQueue. */
export function autoStopBlocks(): Block[] {
  const enabled = "var.create_ecs_auto_stop";
  return [
    resource("aws_cloudwatch_log_group", "this", [
      ...counted(enabled),
      attr("name", raw("local.names.log_group")),
      attr("retention_in_days", raw("var.log_retention_in_days")),
      attr("kms_key_id", raw("local.kms_key_arn")),
      tags,
    ]),
    resource("aws_iam_role", "state_machine", [
      ...counted(enabled),
      attr("name", raw("local.names.state_machine_role")),
      attr("description", str("Stops ECS tasks reported by GuardDuty Runtime Monitoring and notifies the topic")),
      attr("assume_role_policy", raw("local.state_machine_trust_policy")),
      tags,
    ]),
    resource("aws_iam_role_policy", "state_machine", [
      ...counted(enabled),
      attr("name", str("stop-tasks-and-notify")),
      attr("role", raw("aws_iam_role.state_machine[0].id")),
      attr("policy", raw("local.state_machine_policy")),
    ]),
    resource("aws_sfn_state_machine", "this", [
      ...counted(enabled),
      attr("name", raw("local.names.state_machine")),
      attr("type", str("STANDARD")),
      attr("role_arn", raw("aws_iam_role.state_machine[0].arn")),
      attr("definition", raw("local.definition")),
      tags,
      block(
        "logging_configuration",
        [],
        [
          attr("log_destination", interp("", ref("aws_cloudwatch_log_group.this[0].arn"), ":*")),
          attr("level", raw("var.log_level")),
          // Findings carry attacker-controlled command lines: keep them out of the logs by default.
          attr("include_execution_data", raw("var.include_execution_data")),
        ],
      ),
      dynamicBlock("tracing_configuration", "var.tracing_enabled ? [true] : []", [attr("enabled", bool(true))]),
      blank,
      // CreateStateMachine checks the role may deliver logs: the policy must exist first.
      attr("depends_on", list([raw("aws_iam_role_policy.state_machine")])),
    ]),
    resource("aws_cloudwatch_event_rule", "this", [
      ...counted(enabled),
      attr("name", raw("local.names.rule")),
      attr("description", str("GuardDuty Runtime Monitoring findings on ECS tasks")),
      attr("event_pattern", raw("local.event_pattern")),
      tags,
    ]),
    resource("aws_iam_role", "events", [
      ...counted(enabled),
      attr("name", raw("local.names.events_role")),
      attr("description", str("Lets the EventBridge rule start the stop-task state machine")),
      attr("assume_role_policy", raw("local.events_trust_policy")),
      tags,
    ]),
    resource("aws_iam_role_policy", "events", [
      ...counted(enabled),
      attr("name", str("start-stop-task-state-machine")),
      attr("role", raw("aws_iam_role.events[0].id")),
      attr("policy", raw("local.events_role_policy")),
    ]),
    resource("aws_sqs_queue", "dead_letters", [
      ...counted("local.create_dead_letter_queue"),
      attr("name", raw("local.names.dead_letter_queue")),
      attr("message_retention_seconds", num(1209600)),
      attr("kms_master_key_id", raw("local.kms_key_arn")),
      attr("sqs_managed_sse_enabled", raw("local.encrypted ? null : true")),
      tags,
    ]),
    resource("aws_sqs_queue_policy", "dead_letters", [
      ...counted("local.create_dead_letter_queue"),
      attr("queue_url", raw("aws_sqs_queue.dead_letters[0].url")),
      attr("policy", raw("local.dead_letter_queue_policy")),
    ]),
    resource("aws_cloudwatch_event_target", "this", [
      ...counted(enabled),
      attr("rule", raw("aws_cloudwatch_event_rule.this[0].name")),
      attr("target_id", str("stop-task-state-machine")),
      attr("arn", raw("aws_sfn_state_machine.this[0].arn")),
      attr("role_arn", raw("aws_iam_role.events[0].arn")),
      block(
        "input_transformer",
        [],
        [attr("input_paths", raw("local.input_transformer.input_paths")), attr("input_template", raw("local.input_transformer.input_template"))],
      ),
      block(
        "retry_policy",
        [],
        [attr("maximum_event_age_in_seconds", raw("var.maximum_event_age_in_seconds")), attr("maximum_retry_attempts", raw("var.maximum_retry_attempts"))],
      ),
      dynamicBlock("dead_letter_config", "aws_sqs_queue.dead_letters[*].arn", [attr("arn", raw("dead_letter_config.value"))]),
    ]),
  ];
}

/** The settings every alarm shares: a metric that must stay at zero, notifying the topic both ways. */
const zeroAlarm = (description: Expr, namespace: string, metric: Expr, statistic: string, dimensions: Expr): BodyItem[] => [
  attr("alarm_description", description),
  attr("namespace", str(namespace)),
  attr("metric_name", metric),
  attr("statistic", str(statistic)),
  attr("dimensions", dimensions),
  attr("period", num(300)),
  attr("evaluation_periods", num(1)),
  attr("threshold", num(0)),
  attr("comparison_operator", str("GreaterThanThreshold")),
  // Missing data counts as healthy: no findings, no executions.
  attr("treat_missing_data", str("notBreaching")),
  attr("alarm_actions", list([raw("local.topic_arn")])),
  attr("ok_actions", list([raw("local.topic_arn")])),
  tags,
];

/** alarms.tf: ResponseAlarms, each metric that must stay at zero. */
export function alarmBlocks(): Block[] {
  const common = zeroAlarm;
  return [
    resource("aws_cloudwatch_metric_alarm", "state_machine", [
      attr("for_each", raw("local.create_alarms ? local.state_machine_alarms : {}")),
      blank,
      attr("alarm_name", interp("", ref("var.name_prefix"), "-", ref("each.key"))),
      ...common(
        raw("each.value.description"),
        "AWS/States",
        raw("each.value.metric_name"),
        "Sum",
        obj([["StateMachineArn", raw("aws_sfn_state_machine.this[0].arn")]]),
      ),
    ]),
    resource("aws_cloudwatch_metric_alarm", "rule_failed_invocations", [
      ...counted("local.create_alarms"),
      attr("alarm_name", interp("", ref("var.name_prefix"), `-${RULE_ALARM.id}`)),
      ...common(str(RULE_ALARM.description), "AWS/Events", str("FailedInvocations"), "Sum", obj([["RuleName", raw("aws_cloudwatch_event_rule.this[0].name")]])),
    ]),
    resource("aws_cloudwatch_metric_alarm", "dead_lettering_failed", [
      ...counted("local.create_alarms && local.create_dead_letter_queue"),
      attr("alarm_name", interp("", ref("var.name_prefix"), `-${DEAD_LETTERING_ALARM.id}`)),
      // Casing "Dlq" as in the EventBridge user guide (Monitoring Amazon EventBridge); dimension RuleName (default bus).
      ...common(
        str(DEAD_LETTERING_ALARM.description),
        "AWS/Events",
        str("InvocationsFailedToBeSentToDlq"),
        "Sum",
        obj([["RuleName", raw("aws_cloudwatch_event_rule.this[0].name")]]),
      ),
    ]),
    resource("aws_cloudwatch_metric_alarm", "dead_letters", [
      ...counted("local.create_alarms && local.create_dead_letter_queue"),
      attr("alarm_name", interp("", ref("var.name_prefix"), `-${DEAD_LETTER_ALARM.id}`)),
      ...common(
        str(DEAD_LETTER_ALARM.description),
        "AWS/SQS",
        str("ApproximateNumberOfMessagesVisible"),
        "Maximum",
        obj([["QueueName", raw("aws_sqs_queue.dead_letters[0].name")]]),
      ),
    ]),
  ];
}

export interface ModuleOutput {
  readonly name: string;
  readonly description: string;
  readonly value: Expr;
}

export function moduleOutputs(): ModuleOutput[] {
  const o = (name: string, description: string, value: string | Expr): ModuleOutput => ({
    name,
    description,
    value: typeof value === "string" ? raw(value) : value,
  });
  return [
    o("detector_id", "Id of the GuardDuty detector (created or adopted).", "local.detector_id"),
    o(
      "runtime_monitoring_status",
      "Status written for the RUNTIME_MONITORING feature (ENABLED or DISABLED).",
      "aws_guardduty_detector_feature.runtime_monitoring.status",
    ),
    o(
      "notification_topic_arn",
      "SNS topic that receives containment notices and alarms (created or given); null without ECS auto-stop and topic.",
      "local.topic_arn",
    ),
    o("kms_key_arn", "Customer managed key of the topic, dead-letter queue and logs (created or given); null without encryption.", "local.kms_key_arn"),
    o("kms_alias_name", "Alias of the created key; null when no key is created.", "one(aws_kms_alias.this[*].name)"),
    o("state_machine_arn", "The stop-task state machine; null without ECS auto-stop.", "local.state_machine_arn"),
    o("state_machine_role_arn", "Role the state machine runs as; null without ECS auto-stop.", "local.state_machine_role_arn"),
    o("event_rule_arn", "EventBridge rule on ECS runtime findings; null without ECS auto-stop.", "one(aws_cloudwatch_event_rule.this[*].arn)"),
    o("event_rule_name", "Name of the EventBridge rule; null without ECS auto-stop.", "one(aws_cloudwatch_event_rule.this[*].name)"),
    o("events_role_arn", "Role EventBridge assumes to start the state machine; null without ECS auto-stop.", "one(aws_iam_role.events[*].arn)"),
    o("event_pattern", "The rule's event pattern (JSON), as built from the filter variables.", "local.event_pattern"),
    o("log_group_name", "Log group of the state machine's executions; null without ECS auto-stop.", "one(aws_cloudwatch_log_group.this[*].name)"),
    o("dead_letter_queue_arn", "Queue of findings EventBridge could not deliver; null without it.", "local.dead_letter_queue_arn"),
    o("dead_letter_queue_url", "URL of the dead-letter queue; null without it.", "one(aws_sqs_queue.dead_letters[*].url)"),
    o(
      "alarm_arns",
      "CloudWatch alarms by name suffix (executions-failed, rule-failed-invocations, dead-letters, ...); empty without alarms.",
      call(
        "merge",
        raw("{ for id, alarm in aws_cloudwatch_metric_alarm.state_machine : id => alarm.arn }"),
        raw(`{ for alarm in aws_cloudwatch_metric_alarm.rule_failed_invocations : "${RULE_ALARM.id}" => alarm.arn }`),
        raw(`{ for alarm in aws_cloudwatch_metric_alarm.dead_lettering_failed : "${DEAD_LETTERING_ALARM.id}" => alarm.arn }`),
        raw(`{ for alarm in aws_cloudwatch_metric_alarm.dead_letters : "${DEAD_LETTER_ALARM.id}" => alarm.arn }`),
      ),
    ),
    o(
      "coverage_unhealthy_rule_arn",
      "EventBridge rule sending coverage-unhealthy events to the topic; null without notify_coverage_unhealthy.",
      "one(aws_cloudwatch_event_rule.coverage_unhealthy[*].arn)",
    ),
    o(
      "agent_endpoint_ids",
      "The guardduty-data interface endpoints, by agent_endpoints key.",
      "{ for name, endpoint in aws_vpc_endpoint.agent : name => endpoint.id }",
    ),
    o(
      "agent_endpoint_security_group_ids",
      "Security groups of the agent endpoints (HTTPS from the allowed CIDRs), by agent_endpoints key.",
      "{ for name, group in aws_security_group.agent_endpoint : name => group.id }",
    ),
    o(
      "email_subscription_arns",
      "Email subscriptions by address (pending until confirmed).",
      "{ for email, subscription in aws_sns_topic_subscription.email : email => subscription.arn }",
    ),
  ];
}

export function outputBlocks(): Block[] {
  return moduleOutputs().map((o) => block("output", [o.name], [attr("description", str(o.description)), attr("value", o.value)]));
}

/**
 * The module's `locals`: names, switches and every JSON document (state machine definitions, event pattern,
 * policies), each built by the same pure builder the CDKTF constructs call, with Terraform references where the
 * constructs pass tokens.
 *
 * Two groups:
 * - {@link CONTEXT_LOCALS} (main.tf) read data sources and resources: partition, region, account, and the ARNs
 *   of counted resources (`one(...)`, null when not created).
 * - {@link documentLocals} (locals.tf) depend on variables and on the context locals only, so a test can evaluate
 *   locals.tf with Terraform offline, the context locals given as literals.
 */
import { buildEcsRuntimeFindingPattern, FindingFilters } from "../../functions/ecs-stop-task/finding-filters";
import { buildGuardedEcsInputTransformer } from "../../functions/ecs-stop-task/guarded-input-transformer";
import {
  buildGuardedStopTaskDefinition,
  GUARDED_DEFAULT_CONSOLE_DOMAIN,
  GUARDED_DEFAULT_EXEMPTION_TAG,
} from "../../functions/ecs-stop-task/guarded-state-machine";
import { buildSeedEcsRuntimeFindingPattern } from "../../functions/ecs-stop-task/seed-event-pattern";
import { buildSeedEcsInputTransformer, InputTransformer } from "../../functions/ecs-stop-task/seed-input-transformer";
import { buildSeedStopTaskDefinition } from "../../functions/ecs-stop-task/seed-state-machine";
import { buildStopTaskStateMachinePolicy } from "../../functions/ecs-stop-task/state-machine-role-policy";
import { buildAgentEndpointPolicy } from "../../functions/guardduty/agent-endpoint-policy";
import { agentEndpointServiceName } from "../../functions/guardduty/agent-endpoint-service";
import { buildCoverageUnhealthyPattern } from "../../functions/guardduty/coverage-unhealthy-pattern";
import { buildServiceTrustPolicy } from "../../functions/iam/service-trust-policy";
import { buildStartExecutionPolicy } from "../../functions/iam/start-execution-policy";
import { buildResponseKeyPolicy } from "../../functions/kms/response-key-policy";
import { buildNotificationTopicPolicy } from "../../functions/sns/notification-topic-policy";
import { buildDeadLetterQueuePolicy } from "../../functions/sqs/dead-letter-queue-policy";
import {
  coverageRuleName,
  notificationResourceNames,
  pipelineBaseName,
  pipelineResourceNames,
  regionCode,
  REGION_WORD_CODES,
} from "../../functions/naming/resource-names";
import { call, Expr, interp, literal, obj, raw, ref, str, tmpl } from "./hcl";
import { bindParameters, compileVariants, conditionalList, deepEqual, jsonencode, References, Substitution, toHcl, VariantOption } from "./references";

/** Locals of main.tf: what only the provider and the created resources know. */
export const CONTEXT_LOCALS: readonly (readonly [name: string, expression: string])[] = [
  ["partition", "data.aws_partition.current.partition"],
  ["region", "data.aws_region.current.region"],
  ["account_id", "data.aws_caller_identity.current.account_id"],
  ["detector_id", "var.create_detector ? one(aws_guardduty_detector.this[*].id) : var.detector_id"],
  ["kms_key_arn", "local.create_kms_key ? one(aws_kms_key.this[*].arn) : var.kms_key_arn"],
  ["topic_arn", "local.create_topic ? one(aws_sns_topic.this[*].arn) : var.existing_topic_arn"],
  ["state_machine_role_arn", "one(aws_iam_role.state_machine[*].arn)"],
  ["state_machine_arn", "one(aws_sfn_state_machine.this[*].arn)"],
  ["dead_letter_queue_arn", "one(aws_sqs_queue.dead_letters[*].arn)"],
];

/** The module's resource names, by local.names key: the CDKTF constructs' names (functions/naming/resource-names.ts). */
export function moduleResourceNames(namePrefix: string, region: string): Readonly<Record<ModuleNameKey, string>> {
  const pipeline = pipelineResourceNames(pipelineBaseName(namePrefix, "ecs"), region);
  const notifications = notificationResourceNames(namePrefix);
  return {
    state_machine: pipeline.stateMachine,
    // Account-global IAM role names carry the region code: stacks of one account in two regions must not collide.
    state_machine_role: pipeline.stateMachineRole,
    rule: pipeline.rule,
    events_role: pipeline.eventsRole,
    topic: notifications.topic,
    dead_letter_queue: pipeline.deadLetterQueue,
    log_group: pipeline.logGroup,
    kms_alias: notifications.kmsAlias,
    coverage_rule: coverageRuleName(namePrefix),
  };
}
export type ModuleNameKey =
  "state_machine" | "state_machine_role" | "rule" | "events_role" | "topic" | "dead_letter_queue" | "log_group" | "kms_alias" | "coverage_rule";

/** Stand-ins for var.name_prefix and local.region_code while the names are built by the naming functions. */
const NAME_PREFIX_STAND_IN = "NAMEPREFIXSTANDIN";
const REGION_STAND_IN = "zz-regionstandin-0";

/** local.names: each name with var.name_prefix and local.region_code where the naming functions put them. */
function moduleNamesLocal(): Expr {
  const code = regionCode(REGION_STAND_IN);
  const toParts = (name: string) =>
    name
      .split(new RegExp(`(${NAME_PREFIX_STAND_IN}|${code})`))
      .filter((part) => part !== "")
      .map((part) => (part === NAME_PREFIX_STAND_IN ? ref("var.name_prefix") : part === code ? ref("local.region_code") : part));
  return obj(
    Object.entries(moduleResourceNames(NAME_PREFIX_STAND_IN, REGION_STAND_IN)).map(([key, name]) => [key, interp(...toParts(name))] as const),
    { multiline: true },
  );
}

/**
 * A module name as one self-contained HCL string (var.name_prefix and the region code expression inline,
 * no other local), for preconditions checked where locals.tf is not evaluated.
 */
export function moduleNameText(key: ModuleNameKey): string {
  const code = regionCode(REGION_STAND_IN);
  const text = moduleResourceNames(NAME_PREFIX_STAND_IN, REGION_STAND_IN)[key];
  return `"${text.replace(NAME_PREFIX_STAND_IN, "${var.name_prefix}").replace(code, `\${${REGION_CODE_EXPRESSION}}`)}"`;
}

/** local.region_code: regionCode() in Terraform, from the same word codes. */
export const REGION_CODE_EXPRESSION = `join("", [for word in split("-", local.region) : lookup({ ${Object.entries(REGION_WORD_CODES)
  .map(([word, code]) => `${word} = "${code}"`)
  .join(", ")} }, word, word)])`;

/** Alarms on the state machine's metrics, as ResponseAlarms raises them (`<namePrefix>-<id>`). */
export const STATE_MACHINE_ALARMS = [
  {
    id: "executions-failed",
    metricName: "ExecutionsFailed",
    description: "A containment execution failed: a task may still be running. Read the failure notice and the execution history.",
  },
  { id: "executions-timed-out", metricName: "ExecutionsTimedOut", description: "A containment execution timed out before it finished." },
  { id: "executions-throttled", metricName: "ExecutionThrottled", description: "Step Functions throttled containment executions." },
  { id: "executions-aborted", metricName: "ExecutionsAborted", description: "Someone stopped a containment execution by hand." },
] as const;
export const RULE_ALARM = {
  id: "rule-failed-invocations",
  description: "EventBridge could not start the containment state machine for a finding; after its retries the event goes to the dead-letter queue.",
};
/** InvocationsFailedToBeSentToDlq (EventBridge user guide, Monitoring): the rule could not dead-letter a finding. */
export const DEAD_LETTERING_ALARM = {
  id: "dead-lettering-failed",
  description:
    "EventBridge could not put an undeliverable finding into the dead-letter queue (queue policy, KMS key, queue deleted, size limit): the finding is lost. Find it in GuardDuty and contain by hand; fix the queue.",
};
/** FailedInvocations of the coverage-unhealthy rule (`<coverage rule name>-<id>`). */
export const COVERAGE_RULE_ALARM = {
  id: "rule-failed-invocations",
  description:
    "EventBridge could not publish a GuardDuty coverage event to the topic (topic policy, KMS key): a workload whose agent stopped reporting went unreported. Check coverage in the GuardDuty console.",
};
export const DEAD_LETTER_ALARM = {
  id: "dead-letters",
  description: "Findings EventBridge could not deliver wait in the dead-letter queue: replay or handle them by hand.",
};

/** A cluster ARN standing for `var.cluster_arns` while the IAM builder runs (it needs literal ARNs). */
const SAMPLE_CLUSTER = "arn:aws:ecs:us-east-1:123456789012:cluster/module-sample-cluster";
const SAMPLE_CLUSTER_NAME = "module-sample-cluster";

/** Every local of locals.tf, in order. */
export function documentLocals(): (readonly [string, Expr])[] {
  const refs = new References();
  const partition = refs.of("local.partition");
  const region = refs.of("local.region");
  const accountId = refs.of("local.account_id");
  const topicArn = refs.of("local.topic_arn");
  const name = (key: ModuleNameKey) => refs.of(`local.names.${key}`);

  const locals: (readonly [string, Expr])[] = [
    ["region_code", raw(REGION_CODE_EXPRESSION)],
    ["names", moduleNamesLocal()],
    ["rule_arn", refs.stringToHcl(`arn:${partition}:events:${region}:${accountId}:rule/${name("rule")}`)],
    ["create_kms_key", raw("var.create_ecs_auto_stop && var.create_kms_key")],
    ["create_topic", raw("var.create_ecs_auto_stop && var.create_topic")],
    ["create_dead_letter_queue", raw("var.create_ecs_auto_stop && var.create_dead_letter_queue")],
    ["create_alarms", raw("var.create_ecs_auto_stop && var.create_alarms")],
    // Not tied to the topic's switches: the rule's precondition refuses the setting without a created topic.
    ["create_coverage_unhealthy_rule", raw("var.notify_coverage_unhealthy")],
    ["coverage_rule_arn", refs.stringToHcl(`arn:${partition}:events:${region}:${accountId}:rule/${name("coverage_rule")}`)],
    // Known at plan time (unlike the key's ARN): whether notices, dead letters and logs are encrypted.
    ["encrypted", raw("var.create_kms_key || var.kms_key_arn != null")],
    // A topic of ours is encrypted with the key; a given topic's key is its owner's to grant.
    ["encrypt_notices", raw("local.create_topic && local.encrypted")],
    ["console_domain", tmpl('local.partition == "aws-us-gov" ? "console.amazonaws-us-gov.com" : ', str(GUARDED_DEFAULT_CONSOLE_DOMAIN))],
    ["exemption_tag", tmpl("var.exemption_tag == null ? ", literal(GUARDED_DEFAULT_EXEMPTION_TAG), " : var.exemption_tag")],
    // tasksOfClusterArnPattern and its service twin: arn:...:cluster/<name> -> arn:...:task/<name>/*
    ["cluster_task_arns", raw('distinct([for arn in var.cluster_arns : "${replace(arn, ":cluster/", ":task/")}/*"])')],
    ["cluster_service_arns", raw('distinct([for arn in var.cluster_arns : "${replace(arn, ":cluster/", ":service/")}/*"])')],
    ["only_finding_types", raw("[for t in var.finding_types : t if !contains(var.exclude_finding_types, t)]")],
    ["only_filter_cluster_arns", raw("[for arn in var.filter_cluster_arns : arn if !contains(var.exclude_cluster_arns, arn)]")],
    ["event_pattern", eventPattern(refs)],
    ["input_transformers", inputTransformers()],
    ["input_transformer", raw("local.input_transformers[var.workflow]")],
    ["seed_definition", jsonencode(buildSeedStopTaskDefinition({ topicArn, partition }), refs)],
    ["guarded_definition", guardedDefinition(refs, topicArn, partition)],
    ["definition", raw('var.workflow == "seed" ? local.seed_definition : local.guarded_definition')],
    [
      "state_machine_trust_policy",
      jsonencode(
        buildServiceTrustPolicy({
          servicePrincipal: "states.amazonaws.com",
          sourceAccount: accountId,
          sourceArn: `arn:${partition}:states:${region}:${accountId}:stateMachine:${name("state_machine")}`,
        }),
        refs,
      ),
    ],
    ["state_machine_policy", stateMachinePolicy(refs, { partition, region, accountId, topicArn })],
    [
      "events_trust_policy",
      jsonencode(buildServiceTrustPolicy({ servicePrincipal: "events.amazonaws.com", sourceAccount: accountId, sourceArn: refs.of("local.rule_arn") }), refs),
    ],
    ["events_role_policy", jsonencode(buildStartExecutionPolicy({ stateMachineArn: refs.of("local.state_machine_arn") }), refs)],
    ["key_policy", keyPolicy(refs, { partition, region, accountId, logGroupName: name("log_group") })],
    ["topic_policy", topicPolicy(refs, { partition, region, accountId, topicArn })],
    ["coverage_unhealthy_pattern", jsonencode(buildCoverageUnhealthyPattern(), refs)],
    [
      "dead_letter_queue_policy",
      jsonencode(buildDeadLetterQueuePolicy({ queueArn: refs.of("local.dead_letter_queue_arn"), ruleArns: [refs.of("local.rule_arn")] }), refs),
    ],
    ...agentEndpointLocals(refs),
    [
      "state_machine_alarms",
      obj(
        STATE_MACHINE_ALARMS.map(
          (a) =>
            [
              a.id,
              obj(
                [
                  ["metric_name", str(a.metricName)],
                  ["description", str(a.description)],
                ],
                { multiline: true },
              ),
            ] as const,
        ),
        { multiline: true },
      ),
    ],
  ];
  return locals;
}

/**
 * The rule's pattern: the seed's, plus one key per filter given, each in a `merge(...)` at the place where
 * {@link buildEcsRuntimeFindingPattern} adds it. With every filter empty it is the seed's pattern exactly.
 */
function eventPattern(refs: References): Expr {
  const type = "Execution:Runtime/ReverseShell";
  const cluster = SAMPLE_CLUSTER.replace("us-east-1", "ap-northeast-1");
  const account = "123456789012";
  const fragments: { filters: FindingFilters; condition: string; substitutions: Substitution[] }[] = [
    { filters: { minSeverity: 7.5 }, condition: "var.min_severity != null", substitutions: [{ value: 7.5, expression: raw("var.min_severity") }] },
    {
      filters: { findingTypes: [type] },
      condition: "length(var.finding_types) > 0",
      substitutions: [{ value: [type], expression: raw("local.only_finding_types") }],
    },
    {
      filters: { excludeFindingTypes: [type] },
      condition: "length(var.finding_types) == 0 && length(var.exclude_finding_types) > 0",
      substitutions: [{ value: [type], expression: raw("var.exclude_finding_types") }],
    },
    {
      filters: { clusterArns: [cluster] },
      condition: "length(var.filter_cluster_arns) > 0",
      substitutions: [{ value: [cluster], expression: raw("local.only_filter_cluster_arns") }],
    },
    {
      filters: { excludeClusterArns: [cluster] },
      condition: "length(var.filter_cluster_arns) == 0 && length(var.exclude_cluster_arns) > 0",
      substitutions: [{ value: [cluster], expression: raw("var.exclude_cluster_arns") }],
    },
    { filters: { accountIds: [account] }, condition: "length(var.account_ids) > 0", substitutions: [{ value: [account], expression: raw("var.account_ids") }] },
  ];
  const seed = buildSeedEcsRuntimeFindingPattern() as unknown as Record<string, unknown>;
  if (!deepEqual(buildEcsRuntimeFindingPattern(), seed)) throw new Error("event pattern: without filters the pattern is not the seed's");

  // Where each filter adds keys: path of the object -> [condition, added key, value].
  const additions = new Map<string, { condition: string; key: string; value: Expr }[]>();
  for (const f of fragments) {
    for (const added of addedKeys(seed, buildEcsRuntimeFindingPattern(f.filters), [])) {
      const at = JSON.stringify(added.path);
      const value = toHcl(added.value, refs, f.substitutions);
      const text = JSON.stringify(value);
      if ([type, cluster, account, '"value":7.5'].some((sample) => text.includes(sample))) {
        throw new Error(`event pattern: a sample filter value at ${[...added.path, added.key].join(".")} was not replaced by a variable`);
      }
      additions.set(at, [...(additions.get(at) ?? []), { condition: f.condition, key: added.key, value }]);
    }
  }
  const render = (node: unknown, path: string[]): Expr => {
    if (typeof node !== "object" || node === null || Array.isArray(node)) return toHcl(node, refs);
    const base = obj(
      Object.entries(node).map(([k, v]) => [k, render(v, [...path, k])] as const),
      { multiline: true },
    );
    const extra = additions.get(JSON.stringify(path));
    if (extra === undefined) return base;
    additions.delete(JSON.stringify(path));
    return call("merge", base, ...extra.map((e) => tmpl(`${e.condition} ? `, obj([[e.key, e.value]]), " : null")));
  };
  const pattern = render(seed, []);
  if (additions.size > 0) throw new Error(`event pattern: filters add keys under objects the seed pattern lacks: ${[...additions.keys()].join(", ")}`);
  return call("jsonencode", pattern);
}

/** Keys `changed` has beyond `seed` (which it must otherwise equal), with the path of their object. */
function addedKeys(seed: unknown, changed: unknown, path: string[]): { path: string[]; key: string; value: unknown }[] {
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  if (!isObj(seed) || !isObj(changed)) {
    if (!deepEqual(seed, changed)) throw new Error(`event pattern: a filter changes ${path.join(".")} instead of adding a key`);
    return [];
  }
  for (const key of Object.keys(seed)) if (!(key in changed)) throw new Error(`event pattern: a filter removes ${[...path, key].join(".")}`);
  return Object.keys(changed).flatMap((key) => (key in seed ? addedKeys(seed[key], changed[key], [...path, key]) : [{ path, key, value: changed[key] }]));
}

function inputTransformers(): Expr {
  const one = (t: InputTransformer) =>
    obj(
      [
        [
          "input_paths",
          obj(
            Object.entries(t.inputPaths).map(([k, v]) => [k, str(v)] as const),
            { multiline: true },
          ),
        ],
        ["input_template", str(t.inputTemplate)],
      ],
      { multiline: true },
    );
  return obj(
    [
      ["seed", one(buildSeedEcsInputTransformer())],
      ["guarded", one(buildGuardedEcsInputTransformer())],
    ],
    { multiline: true },
  );
}

/** The guarded ASL with its Settings taken from variables: dry run, exemption tag, minimum of healthy tasks. */
function guardedDefinition(refs: References, topicArn: string, partition: string): Expr {
  interface Values {
    readonly dryRun: boolean;
    readonly tagKey: string;
    readonly tagValue: string;
    readonly minHealthyTasks: number;
    readonly consoleDomain: string;
  }
  const document = bindParameters<Values>(
    (v) =>
      buildGuardedStopTaskDefinition({
        topicArn,
        partition,
        dryRun: v.dryRun,
        exemptionTag: { key: v.tagKey, value: v.tagValue },
        minHealthyTasks: v.minHealthyTasks,
        consoleDomain: v.consoleDomain,
      }),
    { dryRun: false, tagKey: "module-tag-key-a", tagValue: "module-tag-value-a", minHealthyTasks: 3, consoleDomain: "a.example.com" },
    [
      { key: "dryRun", other: true, expression: "var.dry_run" },
      { key: "tagKey", other: "module-tag-key-b", expression: "local.exemption_tag.key" },
      { key: "tagValue", other: "module-tag-value-b", expression: "local.exemption_tag.value" },
      { key: "minHealthyTasks", other: 4, expression: "var.min_healthy_tasks" },
      { key: "consoleDomain", other: "b.example.com", expression: "local.console_domain" },
    ],
    refs,
  );
  return jsonencode(document, refs);
}

const CLUSTER_SUBSTITUTIONS: readonly Substitution[] = [
  { value: [SAMPLE_CLUSTER], expression: raw("var.cluster_arns") },
  { value: [SAMPLE_CLUSTER.replace(":cluster/", ":task/") + "/*"], expression: raw("local.cluster_task_arns") },
  { value: [SAMPLE_CLUSTER.replace(":cluster/", ":service/") + "/*"], expression: raw("local.cluster_service_arns") },
];

/** The stop-task role's policy: statements included by cluster scope, key, tracing and workflow. */
function stateMachinePolicy(refs: References, context: { partition: string; region: string; accountId: string; topicArn: string }): Expr {
  const options: VariantOption[] = [
    { name: "clusters", on: "length(var.cluster_arns) > 0", off: "length(var.cluster_arns) == 0" },
    { name: "key", on: "local.encrypt_notices", off: "!local.encrypt_notices" },
    { name: "tracing", on: "var.tracing_enabled", off: "!var.tracing_enabled" },
    { name: "guarded", on: 'var.workflow == "guarded"', off: 'var.workflow == "seed"' },
  ];
  const build = (flags: Readonly<Record<string, boolean>>) =>
    buildStopTaskStateMachinePolicy({
      ...context,
      clusterArns: flags.clusters ? [SAMPLE_CLUSTER] : undefined,
      kmsKeyArn: flags.key ? refs.of("local.kms_key_arn") : undefined,
      tracing: flags.tracing,
      readsBeforeStopping: flags.guarded,
    });
  return policyWithVariants(refs, options, build, CLUSTER_SUBSTITUTIONS, [SAMPLE_CLUSTER_NAME]);
}

/** The key's policy: the EventBridge statement only with the dead-letter queue (which the key encrypts). */
function keyPolicy(refs: References, context: { partition: string; region: string; accountId: string; logGroupName: string }): Expr {
  const options: VariantOption[] = [
    { name: "deadLetters", on: "local.create_dead_letter_queue", off: "!local.create_dead_letter_queue" },
    { name: "coverage", on: "var.notify_coverage_unhealthy", off: "!var.notify_coverage_unhealthy" },
  ];
  const build = (flags: Readonly<Record<string, boolean>>) =>
    buildResponseKeyPolicy({
      partition: context.partition,
      region: context.region,
      accountId: context.accountId,
      publisherRoleArns: [refs.of("local.state_machine_role_arn")],
      eventRuleArns: flags.deadLetters ? [refs.of("local.rule_arn")] : [],
      topicPublishingRuleArns: flags.coverage ? [refs.of("local.coverage_rule_arn")] : [],
      logGroupNames: [context.logGroupName],
    });
  return policyWithVariants(refs, options, build, [], []);
}

/** The topic's policy: EventBridge may publish only with the coverage-unhealthy rule (the stop-task rule starts the state machine). */
function topicPolicy(refs: References, context: { partition: string; region: string; accountId: string; topicArn: string }): Expr {
  const options: VariantOption[] = [{ name: "coverage", on: "var.notify_coverage_unhealthy", off: "!var.notify_coverage_unhealthy" }];
  const build = (flags: Readonly<Record<string, boolean>>) =>
    buildNotificationTopicPolicy({ ...context, eventRuleArns: flags.coverage ? [refs.of("local.coverage_rule_arn")] : [] });
  return policyWithVariants(refs, options, build, [], []);
}

/** Sample account ids standing for an endpoint's several allowed accounts while the policy builder runs. */
const SAMPLE_ACCOUNTS = ["111111111111", "222222222222"];

/**
 * The manual-agent endpoints' service name and policies (GuardDutyAgentEndpoint): the service name from
 * agentEndpointServiceName (FIPS in GovCloud), and per endpoint the policy of buildAgentEndpointPolicy for its
 * organization, its one account or its several accounts (the builder writes one account as a string).
 */
function agentEndpointLocals(refs: References): (readonly [string, Expr])[] {
  const region = refs.of("local.region");
  const serviceName = tmpl(
    'local.partition == "aws-us-gov" ? ',
    refs.stringToHcl(agentEndpointServiceName(region, "aws-us-gov")),
    " : ",
    refs.stringToHcl(agentEndpointServiceName(region, "aws")),
  );
  const accounts = "local.agent_endpoint_account_ids[name]";
  const variants = obj(
    [
      ["organization", jsonencode(buildAgentEndpointPolicy({ organizationId: refs.of("e.organization_id") }), refs)],
      ["account", jsonencode(buildAgentEndpointPolicy({ accountIds: [refs.of(`${accounts}[0]`)] }), refs)],
      ["accounts", jsonencode(buildAgentEndpointPolicy({ accountIds: SAMPLE_ACCOUNTS }), refs, [{ value: SAMPLE_ACCOUNTS, expression: raw(accounts) }])],
    ],
    { multiline: true },
  );
  if (JSON.stringify(variants).includes(SAMPLE_ACCOUNTS[0])) throw new Error("agent endpoint policy: the sample accounts were not replaced by a reference");
  return [
    ["agent_endpoint_service_name", serviceName],
    // The accounts each endpoint admits: the given ones, or the account deployed to.
    [
      "agent_endpoint_account_ids",
      raw("{ for name, e in var.agent_endpoints : name => e.allowed_account_ids == null ? [local.account_id] : e.allowed_account_ids }"),
    ],
    ["agent_endpoint_policy_variants", tmpl("{ for name, e in var.agent_endpoints : name => ", variants, " }")],
    [
      "agent_endpoint_policies",
      raw(
        '{ for name, e in var.agent_endpoints : name => local.agent_endpoint_policy_variants[name][e.organization_id != null ? "organization" : length(local.agent_endpoint_account_ids[name]) == 1 ? "account" : "accounts"] }',
      ),
    ],
  ];
}

function policyWithVariants(
  refs: References,
  options: readonly VariantOption[],
  build: (flags: Readonly<Record<string, boolean>>) => { readonly Version: string; readonly Statement: readonly unknown[] },
  substitutions: readonly Substitution[],
  samples: readonly string[],
): Expr {
  const allOff = build(Object.fromEntries(options.map((o) => [o.name, false])));
  const statements = compileVariants(options, (flags) => {
    const document = build(flags);
    if (document.Version !== allOff.Version || Object.keys(document).join() !== "Version,Statement")
      throw new Error("policy: options change more than the statements");
    return document.Statement;
  });
  const expression = call(
    "jsonencode",
    obj(
      [
        ["Version", str(allOff.Version)],
        ["Statement", conditionalList(statements, refs, substitutions)],
      ],
      { multiline: true },
    ),
  );
  const text = JSON.stringify(expression);
  for (const sample of samples) if (text.includes(sample)) throw new Error(`policy: sample value ${sample} was not replaced by a reference`);
  return expression;
}

/**
 * Terraform itself evaluates the generated module, offline: variables.tf and locals.tf verbatim form a local
 * module whose context locals (partition, region, account, ARNs of created resources; main.tf reads them from data
 * sources and resources) are given as literals. Many calls of it apply at once, without providers. Their documents
 * must be what the builders and the CDKTF constructs produce for the same settings; the preconditions and
 * validations must accept good values and refuse bad ones. Skipped, and named so, without a terraform binary.
 */
import { buildEcsRuntimeFindingPattern } from "../../../functions/ecs-stop-task/finding-filters";
import { buildGuardedStopTaskDefinition } from "../../../functions/ecs-stop-task/guarded-state-machine";
import { buildSeedEcsRuntimeFindingPattern } from "../../../functions/ecs-stop-task/seed-event-pattern";
import { buildSeedStopTaskDefinition } from "../../../functions/ecs-stop-task/seed-state-machine";
import { buildStopTaskStateMachinePolicy } from "../../../functions/ecs-stop-task/state-machine-role-policy";
import { buildAgentEndpointPolicy } from "../../../functions/guardduty/agent-endpoint-policy";
import { agentEndpointServiceName } from "../../../functions/guardduty/agent-endpoint-service";
import { buildCoverageUnhealthyPattern } from "../../../functions/guardduty/coverage-unhealthy-pattern";
import { buildResponseKeyPolicy } from "../../../functions/kms/response-key-policy";
import { buildNotificationTopicPolicy } from "../../../functions/sns/notification-topic-policy";
import { CONTEXT_LOCALS } from "../../../tools/registry-module/documents";
import { EXAMPLES } from "../../../tools/registry-module/registry-module";
import { SynthesizedStack } from "../../support/synthesized-stack";
import { findTerraform } from "../../support/terraform-binary";
import { contextOf, filtersOf, ModuleArguments, synthesizeTwin } from "./cdktf-twin";
import {
  expressionText,
  fileContent,
  Json,
  parsedModule,
  planOutputs,
  terraformAsync,
  removeTemporaryFolders,
  writeModuleToTemp,
  writeTree,
} from "./module-fixture";

afterAll(removeTemporaryFolders);

const terraform = findTerraform();
const whenTerraform = terraform ? test : test.skip;
const named = (name: string) => `${name}${terraform ? "" : " (skipped: no terraform binary on PATH)"}`;

const PREFIX = "ecs-runtime-monitoring-stop-task-dev";
const ACCOUNT = "640028535582";
const REGION = "ap-northeast-1";
const CONTEXT: Record<string, string | null> = {
  partition: "aws",
  region: REGION,
  account_id: ACCOUNT,
  detector_id: "0123456789abcdef0123456789abcdef",
  kms_key_arn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
  topic_arn: `arn:aws:sns:${REGION}:${ACCOUNT}:${PREFIX}-topic`,
  state_machine_role_arn: `arn:aws:iam::${ACCOUNT}:role/${PREFIX}-apne1-sfn-role`,
  state_machine_arn: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${PREFIX}-state-machine`,
  dead_letter_queue_arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:${PREFIX}-dead-letters`,
};
const CLUSTER = (name: string, account = ACCOUNT, region = REGION) => `arn:aws:ecs:${region}:${account}:cluster/${name}`;
const DOCUMENTS = [
  "event_pattern",
  "definition",
  "seed_definition",
  "guarded_definition",
  "state_machine_trust_policy",
  "state_machine_policy",
  "events_trust_policy",
  "events_role_policy",
  "key_policy",
  "topic_policy",
  "dead_letter_queue_policy",
  "coverage_unhealthy_pattern",
  "agent_endpoint_service_name",
  "agent_endpoint_policies",
];

interface Case {
  readonly args: ModuleArguments;
  readonly context?: Partial<typeof CONTEXT>;
}
/** What a case read from the harness: documents (JSON text), input_transformer, preconditions. */
type Result = Record<string, any>;

/** The module's preconditions as hcl2json reads them from the .tf files: resource, condition, message. */
async function preconditions(): Promise<{ resource: string; condition: string; message: string }[]> {
  const { resource } = await parsedModule();
  return Object.entries(resource as Record<string, Record<string, Json[]>>).flatMap(([type, byName]) =>
    Object.entries(byName).flatMap(([name, [r]]) =>
      ((r.lifecycle?.[0]?.precondition ?? []) as Json[]).map((p) => ({
        resource: `${type}.${name}`,
        condition: expressionText(p.condition),
        message: p.error_message as string,
      })),
    ),
  );
}

/**
 * How many instances of each resource the module creates, as Terraform expressions over variables and locals; not
 * for those whose count reads what the harness lacks (the ingress rules: the VPC lookup of agent_endpoints.tf).
 */
async function instanceCounts(): Promise<Record<string, string>> {
  const { resource } = await parsedModule();
  const known = new Set([...CONTEXT_LOCALS.map(([n]) => n), ...[...fileContent("locals.tf").matchAll(/^ {2}([a-z_]+)\s+=/gm)].map((m) => m[1])]);
  return Object.fromEntries(
    Object.entries(resource as Record<string, Record<string, Json[]>>).flatMap(([type, byName]) =>
      Object.entries(byName)
        .map(([name, [r]]) => [
          `${type}.${name}`,
          r.count !== undefined ? expressionText(r.count) : r.for_each !== undefined ? `length(${expressionText(r.for_each)})` : "1",
        ])
        .filter(([, expression]) => [...expression.matchAll(/\blocal\.([a-z_]+)/g)].every((m) => known.has(m[1]))),
    ),
  );
}

const contextType = `object({ ${CONTEXT_LOCALS.map(([n]) => `${n} = string`).join(", ")} })`;
const contextStub = [
  `variable "test_context" {\n  type = ${contextType}\n}`,
  `locals {\n${CONTEXT_LOCALS.map(([n]) => `  ${n} = var.test_context.${n}`).join("\n")}\n}`,
].join("\n\n");

/**
 * Applies one root configuration that calls a harness module once per case and returns what each case read.
 * `documents`: variables.tf and locals.tf verbatim, the context stub, every document, the input transformer and the
 * preconditions as outputs. `preconditions`: variables.tf without validation blocks (each value is valid on its own;
 * validations are tested below), the stub and the preconditions only. Terraform evaluates every local of every
 * module instance, so the light harness keeps the many precondition cases quick.
 */
async function evaluate(kind: "documents" | "preconditions", cases: Record<string, Case>): Promise<Record<string, Result>> {
  const checks = await preconditions();
  const counts = await instanceCounts();
  const outputs = [
    ...(kind === "documents" ? [...DOCUMENTS, "input_transformer"].map((d) => `output "${d}" {\n  value = local.${d}\n}`) : []),
    ...(kind === "documents"
      ? [
          `output "instances" {\n  value = {\n${Object.entries(counts)
            .map(([address, expression]) => `    "${address}" = ${expression}`)
            .join("\n")}\n  }\n}`,
        ]
      : []),
    `output "preconditions" {\n  value = [\n${checks.map((c) => `    ${c.condition},`).join("\n")}\n  ]\n}`,
  ];
  const root = {
    module: Object.fromEntries(
      Object.entries(cases).map(([name, c]) => [name, { source: "./harness", test_context: { ...CONTEXT, ...c.context }, name_prefix: PREFIX, ...c.args }]),
    ),
    output: Object.fromEntries(Object.keys(cases).map((name) => [name, { value: `\${module.${name}}` }])),
  };
  const variables = fileContent("variables.tf");
  return planOutputs(terraform!, {
    "main.tf.json": JSON.stringify(root),
    "harness/variables.tf": kind === "documents" ? variables : variables.replace(/\n {2}validation \{\n[\s\S]*?\n {2}\}\n/g, "\n"),
    ...(kind === "documents" ? { "harness/locals.tf": fileContent("locals.tf") } : {}),
    "harness/harness.tf": `${[contextStub, ...outputs].join("\n\n")}\n`,
  }) as Promise<Record<string, Result>>;
}

// -----------------------------------------------------------------------------------------------------------------
// The cases, all evaluated in one `terraform apply`.

const A = "Execution:Runtime/ReverseShell";
const B = "Impact:Runtime/CryptoMinerExecuted";
const complete = Object.fromEntries(EXAMPLES.complete.arguments.filter((a): a is readonly [string, unknown] => typeof a !== "string"));

/**
 * Filter variables, each case with a different mix; every case also sets some of the options the stop-task policy
 * depends on (cluster scope, key, tracing, workflow) so that, with the other cases, every two of them are seen in
 * all four on/off pairs.
 */
const FILTER_CASES: Record<string, ModuleArguments> = {
  filter_types: { finding_types: [A, B], cluster_arns: [CLUSTER("a"), CLUSTER("b")], create_kms_key: false, create_dead_letter_queue: false },
  filter_clusters_severity_accounts: {
    filter_cluster_arns: [CLUSTER("a"), CLUSTER("b")],
    exclude_cluster_arns: [CLUSTER("b")],
    min_severity: 8.9,
    account_ids: [ACCOUNT, "123456789012"],
    tracing_enabled: true,
  },
  filter_exclusions: { exclude_finding_types: [A], exclude_cluster_arns: [CLUSTER("a")], create_kms_key: false, tracing_enabled: true, workflow: "guarded" },
};

/** Module arguments the CDKTF constructs are synthesized with too. */
const TWIN_CASES: Record<string, ModuleArguments> = {
  twin_seed: {},
  twin_guarded: {
    workflow: "guarded",
    dry_run: true,
    exemption_tag: { key: "keep", value: "yes" },
    min_healthy_tasks: 2,
    cluster_arns: [CLUSTER("prod")],
    tracing_enabled: true,
    create_dead_letter_queue: false,
    min_severity: 7,
    exclude_finding_types: [A],
    filter_cluster_arns: [CLUSTER("prod")],
    account_ids: [ACCOUNT],
    notification_emails: ["secops@example.com"],
    notify_coverage_unhealthy: true,
    agent_endpoints: {
      org: { vpc_id: "vpc-0123456789abcdef0", subnet_ids: ["subnet-0123456789abcdef0"], organization_id: "o-a1b2c3d4e5" },
      accounts: {
        vpc_id: "vpc-0123456789abcdef1",
        subnet_ids: ["subnet-0123456789abcdef1"],
        allowed_cidrs: ["10.0.0.0/16"],
        allowed_account_ids: [ACCOUNT, "123456789012"],
      },
    },
  },
  twin_existing_topic_unencrypted: {
    create_topic: false,
    existing_topic_arn: `arn:aws:sns:${REGION}:${ACCOUNT}:alerts`,
    create_kms_key: false,
    detector_features: { EKS_AUDIT_LOGS: "ENABLED", S3_DATA_EVENTS: "DISABLED" },
    finding_types: [A, B],
    exclude_cluster_arns: [CLUSTER("sandbox")],
  },
  twin_given_key_guarded_defaults: {
    create_kms_key: false,
    kms_key_arn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    workflow: "guarded",
    create_alarms: false,
    notify_coverage_unhealthy: true,
    agent_endpoints: { "default-account": { vpc_id: "vpc-0123abcd", subnet_ids: ["subnet-0123abcd"], private_dns_enabled: false } },
  },
};

/** Arguments each breaking exactly the preconditions whose messages are listed. */
const PRECONDITION_CASES: Record<string, { args: ModuleArguments; context?: Partial<typeof CONTEXT>; broken: RegExp[] }> = {
  pre_adopt_while_creating: { args: { detector_id: "0123456789abcdef0123456789abcdef" }, broken: [/^Either create a detector/] },
  pre_neither_create_nor_adopt: { args: { create_detector: false }, broken: [/^Either create a detector/] },
  pre_frequency_of_adopted: {
    args: { create_detector: false, detector_id: "0123456789abcdef0123456789abcdef", finding_publishing_frequency: "ONE_HOUR" },
    broken: [/^The finding_publishing_frequency applies/],
  },
  pre_china: { args: {}, context: { partition: "aws-cn", region: "cn-north-1" }, broken: [/China partition/] },
  // GuardDuty does not offer RDS Protection in ap-east-2 (PROTECTION_PLAN_NOT_OFFERED_IN).
  pre_plan_not_offered: {
    args: { detector_features: { RDS_LOGIN_EVENTS: "ENABLED" } },
    context: { region: "ap-east-2" },
    broken: [/^A detector_features plan is ENABLED in a Region where GuardDuty does not offer it/],
  },
  pre_seed_with_guarded_options: { args: { dry_run: true, min_healthy_tasks: 1 }, broken: [/apply to workflow "guarded" only/] },
  pre_type_in_and_out: { args: { finding_types: [A], exclude_finding_types: [A] }, broken: [/^A finding type may be/] },
  pre_every_cluster_excluded: { args: { filter_cluster_arns: [CLUSTER("a")], exclude_cluster_arns: [CLUSTER("a")] }, broken: [/exclude every cluster/] },
  pre_cluster_of_other_account: {
    args: { filter_cluster_arns: [CLUSTER("a", "111111111111")], account_ids: [ACCOUNT] },
    broken: [/must belong to an account of account_ids/],
  },
  pre_topic_both: { args: { existing_topic_arn: `arn:aws:sns:${REGION}:${ACCOUNT}:alerts` }, broken: [/^Either create the topic/] },
  pre_topic_neither: { args: { create_topic: false }, broken: [/^Either create the topic/] },
  pre_key_both: { args: { kms_key_arn: CONTEXT.kms_key_arn }, broken: [/^The kms_key_arn needs create_kms_key = false/] },
  pre_cluster_elsewhere: { args: { cluster_arns: [CLUSTER("a", ACCOUNT, "us-east-1")] }, broken: [/^Each cluster of cluster_arns must be in the region/] },
  pre_topic_elsewhere: {
    args: { create_topic: false, existing_topic_arn: `arn:aws:sns:us-east-1:${ACCOUNT}:alerts` },
    broken: [/^The existing_topic_arn must be a topic in the region/],
  },
  pre_coverage_without_topic: {
    args: { notify_coverage_unhealthy: true, create_ecs_auto_stop: false },
    broken: [/^The notify_coverage_unhealthy needs the topic/],
  },
  pre_coverage_existing_topic: {
    args: { notify_coverage_unhealthy: true, create_topic: false, existing_topic_arn: `arn:aws:sns:${REGION}:${ACCOUNT}:alerts` },
    broken: [/^The notify_coverage_unhealthy needs the topic/],
  },
  pre_key_elsewhere: {
    args: { create_kms_key: false, kms_key_arn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab` },
    broken: [/^The kms_key_arn must be a key in the region/],
  },
  // ap-northeast-1 -> apne1: "<47>-apne1-events-role" is 65 characters, "<47>-apne1-sfn-role" 62.
  pre_events_role_too_long: { args: { name_prefix: "a".repeat(47) }, broken: [/^The EventBridge role name/] },
  // "<46>-coverage-unhealthy" is 65 characters, the roles 64 and 61.
  pre_coverage_rule_too_long: { args: { name_prefix: "a".repeat(46), notify_coverage_unhealthy: true }, broken: [/^The coverage rule name/] },
  // A region with a longer code (eu-isoe-west-1 -> euisoew1): "<49>-euisoew1-sfn-role" is 67 characters.
  pre_roles_too_long: {
    args: { name_prefix: "a".repeat(49) },
    context: { region: "eu-isoe-west-1" },
    broken: [/^The EventBridge role name/, /^The state machine role name/],
  },
};

let results: Record<string, Result> = {};
let validation: ValidationRun;
let formatted: { status: number; output: string };
let refused: { status: number; output: string };
let twins: Record<string, SynthesizedStack> = {};
const HOLDING = ["guarded_govcloud", "complete_example", ...Object.keys(TWIN_CASES)];
/** Cases besides the CDKTF twins (twin_seed is the module with its defaults). */
const DOCUMENT_CASES: Record<string, Case> = {
  guarded_govcloud: { args: { workflow: "guarded" }, context: { partition: "aws-us-gov", region: "us-gov-west-1" } },
  complete_example: { args: { ...complete, name_prefix: PREFIX }, context: { account_id: "123456789012" } },
  ...Object.fromEntries(Object.entries(FILTER_CASES).map(([n, args]) => [n, { args }])),
};

beforeAll(async () => {
  if (!terraform) return;
  twins = Object.fromEntries(Object.entries(TWIN_CASES).map(([name, args]) => [name, synthesizeTwin({ name_prefix: PREFIX, ...args })]));
  const { run, files } = await validationRun();
  validation = run;
  const badDir = writeTree({
    "main.tf": 'module "bad" {\n  source      = "./m"\n  name_prefix = "1-starts-with-a-digit"\n}\n',
    "m/variables.tf": fileContent("variables.tf"),
  });
  // Every Terraform run at once: they are independent.
  const [docs, pre, evaluated, fmt, bad] = await Promise.all([
    evaluate("documents", {
      ...DOCUMENT_CASES,
      ...Object.fromEntries(Object.entries(TWIN_CASES).map(([n, args]) => [n, { args, context: contextOf(twins[n], args) }])),
    }),
    evaluate("preconditions", Object.fromEntries(Object.entries(PRECONDITION_CASES).map(([n, c]) => [n, { args: c.args, context: c.context }]))),
    planOutputs(terraform, files),
    terraformAsync(terraform, writeModuleToTemp(), "fmt", "-check", "-recursive", "-diff", "-no-color"),
    terraformAsync(terraform, badDir, "init", "-input=false", "-no-color").then(() => terraformAsync(terraform!, badDir, "plan", "-input=false", "-no-color")),
  ]);
  results = { ...docs, ...pre };
  validation.evaluated = evaluated as Record<string, boolean>;
  formatted = fmt;
  refused = bad;
}, 120_000);

whenTerraform(named("terraform fmt -check -recursive passes on the emitted module folder"), () => {
  // GIVEN the module written by the build script WHEN terraform fmt checked it (beforeAll) THEN nothing would change
  expect(formatted).toEqual({ status: 0, output: "" });
});

whenTerraform(named("with workflow seed the state machine definition is buildSeedStopTaskDefinition's, byte for byte"), () => {
  // twin_seed: every variable at its default
  expect(TWIN_CASES.twin_seed).toEqual({});
  const { definition, seed_definition } = results.twin_seed;
  const expected = buildSeedStopTaskDefinition({ topicArn: contextOf(twins.twin_seed, {}).topic_arn! });
  expect(definition).toBe(seed_definition);
  expect(JSON.parse(definition)).toEqual(expected);
  // jsonencode sorts keys; the seed's keys are already in that order, so even the text is the same.
  expect(definition).toBe(JSON.stringify(expected));
});

whenTerraform(named("with no filter the event pattern is buildSeedEcsRuntimeFindingPattern's, byte for byte"), () => {
  const { event_pattern } = results.twin_seed;
  expect(JSON.parse(event_pattern)).toEqual(buildSeedEcsRuntimeFindingPattern());
  expect(event_pattern).toBe(JSON.stringify(buildSeedEcsRuntimeFindingPattern()));
});

whenTerraform(named("the filter variables give the pattern buildEcsRuntimeFindingPattern builds for the same filters"), () => {
  for (const [name, args] of Object.entries(FILTER_CASES)) {
    expect([name, JSON.parse(results[name].event_pattern)]).toEqual([name, buildEcsRuntimeFindingPattern(filtersOf(args))]);
  }
});

whenTerraform(named("with workflow guarded the definition is buildGuardedStopTaskDefinition's with the variables' settings"), () => {
  const topicArn = CONTEXT.topic_arn!;
  const twinTopicArn = contextOf(twins.twin_given_key_guarded_defaults, TWIN_CASES.twin_given_key_guarded_defaults).topic_arn!;
  expect(JSON.parse(results.twin_given_key_guarded_defaults.definition)).toEqual(buildGuardedStopTaskDefinition({ topicArn: twinTopicArn }));
  // GovCloud: every Task Resource in the aws-us-gov partition (arn:aws-us-gov:states:::...).
  expect(JSON.parse(results.guarded_govcloud.definition)).toEqual(
    buildGuardedStopTaskDefinition({ topicArn, consoleDomain: "console.amazonaws-us-gov.com", partition: "aws-us-gov" }),
  );
  expect(JSON.parse(results.complete_example.definition)).toEqual(
    buildGuardedStopTaskDefinition({ topicArn, dryRun: true, exemptionTag: { key: "guardduty-response", value: "exempt" }, minHealthyTasks: 1 }),
  );
});

whenTerraform(
  named("the stop-task and key policies are the builders' for the options of every case (all pairs of cluster scope, key, tracing, workflow)"),
  () => {
    const seen = new Set<string>();
    for (const [name, c] of Object.entries({ ...DOCUMENT_CASES, ...Object.fromEntries(Object.entries(TWIN_CASES).map(([n, args]) => [n, { args }])) })) {
      const a = {
        create_kms_key: true,
        kms_key_arn: null,
        create_topic: true,
        tracing_enabled: false,
        workflow: "seed",
        cluster_arns: [],
        create_dead_letter_queue: true,
        notify_coverage_unhealthy: false,
        ...c.args,
      } as Record<string, any>;
      const context = { ...CONTEXT, ...(name in TWIN_CASES ? contextOf(twins[name], c.args) : {}), ...(c as Case).context } as Record<string, string>;
      const key = (a.create_kms_key || a.kms_key_arn !== null) && a.create_topic;
      const options = [a.cluster_arns.length > 0, key, a.tracing_enabled, a.workflow === "guarded"];
      options.forEach((x, i) => options.forEach((y, j) => j > i && seen.add(`${i}${j}:${Number(x)}${Number(y)}`)));
      const expected = buildStopTaskStateMachinePolicy({
        partition: context.partition,
        region: context.region,
        accountId: context.account_id,
        topicArn: context.topic_arn,
        clusterArns: a.cluster_arns.length > 0 ? a.cluster_arns : undefined,
        kmsKeyArn: key ? context.kms_key_arn : undefined,
        tracing: a.tracing_enabled,
        readsBeforeStopping: a.workflow === "guarded",
      });
      expect([name, JSON.parse(results[name].state_machine_policy)]).toEqual([name, expected]);
      const keyPolicy = buildResponseKeyPolicy({
        partition: context.partition,
        region: context.region,
        accountId: context.account_id,
        publisherRoleArns: [context.state_machine_role_arn],
        eventRuleArns: a.create_dead_letter_queue ? [`arn:${context.partition}:events:${context.region}:${context.account_id}:rule/${PREFIX}-rule`] : [],
        topicPublishingRuleArns: a.notify_coverage_unhealthy ? [coverageRuleArn(context)] : [],
        logGroupNames: [`/aws/vendedlogs/states/${PREFIX}-state-machine`],
      });
      expect([name, JSON.parse(results[name].key_policy)]).toEqual([name, keyPolicy]);
      const topicPolicy = buildNotificationTopicPolicy({
        topicArn: context.topic_arn,
        partition: context.partition,
        region: context.region,
        accountId: context.account_id,
        eventRuleArns: a.notify_coverage_unhealthy ? [coverageRuleArn(context)] : [],
      });
      expect([name, JSON.parse(results[name].topic_policy)]).toEqual([name, topicPolicy]);
    }
    // Every two options were seen in all four on/off combinations.
    expect(seen.size).toBe(6 * 4);
  },
);

const coverageRuleArn = (context: Record<string, string>) =>
  `arn:${context.partition}:events:${context.region}:${context.account_id}:rule/${PREFIX}-coverage-unhealthy`;

whenTerraform(named("the coverage-unhealthy pattern, the agent endpoint service name and policies are the builders'"), () => {
  expect(JSON.parse(results.twin_seed.coverage_unhealthy_pattern)).toEqual(buildCoverageUnhealthyPattern());
  expect(results.twin_seed.agent_endpoint_service_name).toBe(agentEndpointServiceName(REGION, "aws"));
  expect(results.guarded_govcloud.agent_endpoint_service_name).toBe(agentEndpointServiceName("us-gov-west-1", "aws-us-gov"));
  expect(results.twin_seed.agent_endpoint_policies).toEqual({});
  // The complete example: endpoints of an organization, of given accounts, of the account deployed to.
  const endpoints = complete.agent_endpoints as Record<string, { allowed_account_ids?: string[]; organization_id?: string }>;
  expect(Object.keys(endpoints).length).toBeGreaterThanOrEqual(2);
  for (const [name, e] of Object.entries(endpoints)) {
    const scope = e.organization_id !== undefined ? { organizationId: e.organization_id } : { accountIds: e.allowed_account_ids ?? ["123456789012"] };
    expect([name, JSON.parse(results.complete_example.agent_endpoint_policies[name])]).toEqual([name, buildAgentEndpointPolicy(scope)]);
  }
  // Several accounts are a list, one account a string (as the builder writes them).
  const { org, accounts } = results.twin_guarded.agent_endpoint_policies;
  expect(JSON.parse(org)).toEqual(buildAgentEndpointPolicy({ organizationId: "o-a1b2c3d4e5" }));
  expect(JSON.parse(accounts)).toEqual(buildAgentEndpointPolicy({ accountIds: [ACCOUNT, "123456789012"] }));
});

/** Module resource address -> which of the twin's resources of the same type are its instances. */
const INSTANCES_OF: Record<string, (values: Json) => boolean> = {
  "aws_guardduty_detector.this": () => true,
  "aws_guardduty_detector_feature.runtime_monitoring": (v) => v.name === "RUNTIME_MONITORING",
  "aws_guardduty_detector_feature.other": (v) => v.name !== "RUNTIME_MONITORING",
  "aws_kms_key.this": () => true,
  "aws_kms_alias.this": () => true,
  "aws_sns_topic.this": () => true,
  "aws_sns_topic_policy.this": () => true,
  "aws_sns_topic_subscription.email": () => true,
  "aws_cloudwatch_log_group.this": () => true,
  "aws_iam_role.state_machine": (v) => String(v.name).endsWith("-sfn-role"),
  "aws_iam_role_policy.state_machine": (v) => v.name === "stop-tasks-and-notify",
  "aws_sfn_state_machine.this": () => true,
  "aws_cloudwatch_event_rule.this": (v) => String(v.name).endsWith("-rule"),
  "aws_cloudwatch_event_rule.coverage_unhealthy": (v) => String(v.name).endsWith("-coverage-unhealthy"),
  "aws_iam_role.events": (v) => String(v.name).endsWith("-events-role"),
  "aws_iam_role_policy.events": (v) => v.name === "start-stop-task-state-machine",
  "aws_sqs_queue.dead_letters": () => true,
  "aws_sqs_queue_policy.dead_letters": () => true,
  "aws_cloudwatch_event_target.this": (v) => v.target_id === "stop-task-state-machine",
  "aws_cloudwatch_event_target.coverage_unhealthy": (v) => v.target_id === "notification-topic",
  "aws_security_group.agent_endpoint": () => true,
  "aws_vpc_endpoint.agent": () => true,
  "aws_cloudwatch_metric_alarm.state_machine": (v) => v.namespace === "AWS/States",
  "aws_cloudwatch_metric_alarm.rule_failed_invocations": (v) => v.metric_name === "FailedInvocations" && !String(v.alarm_name).includes("-coverage-unhealthy-"),
  "aws_cloudwatch_metric_alarm.coverage_rule_failed_invocations": (v) =>
    v.metric_name === "FailedInvocations" && String(v.alarm_name).includes("-coverage-unhealthy-"),
  "aws_cloudwatch_metric_alarm.dead_lettering_failed": (v) => v.metric_name === "InvocationsFailedToBeSentToDlq",
  "aws_cloudwatch_metric_alarm.dead_letters": (v) => v.namespace === "AWS/SQS",
};

describe("the module's documents are the CDKTF constructs' for the same settings", () => {
  const evaluated = (twin: SynthesizedStack, type: string, attribute: string, suffix = "") => {
    const r = twin.resources(type).find((x) => String(x.values.name ?? "").endsWith(suffix));
    return r === undefined ? undefined : twin.evaluateJson(r.values[attribute]);
  };
  const policyNamed = (twin: SynthesizedStack, name: string) =>
    twin.evaluateJson(twin.resources("aws_iam_role_policy").find((r) => r.values.name === name)!.values.policy);

  for (const name of Object.keys(TWIN_CASES)) {
    whenTerraform(named(`${name}: definition, pattern, input transformer, roles, policies, and how many of each resource`), () => {
      const twin = twins[name];
      const doc = (key: string) => JSON.parse(results[name][key]);
      expect(doc("definition")).toEqual(evaluated(twin, "aws_sfn_state_machine", "definition"));
      const rules = twin.resources("aws_cloudwatch_event_rule");
      expect(doc("event_pattern")).toEqual(
        JSON.parse(rules.find((r) => INSTANCES_OF["aws_cloudwatch_event_rule.this"](r.values))!.values.event_pattern as string),
      );
      const coverage = rules.find((r) => INSTANCES_OF["aws_cloudwatch_event_rule.coverage_unhealthy"](r.values));
      if (coverage !== undefined) expect(doc("coverage_unhealthy_pattern")).toEqual(JSON.parse(coverage.values.event_pattern as string));
      expect(doc("state_machine_trust_policy")).toEqual(evaluated(twin, "aws_iam_role", "assume_role_policy", "-sfn-role"));
      expect(doc("events_trust_policy")).toEqual(evaluated(twin, "aws_iam_role", "assume_role_policy", "-events-role"));
      expect(doc("state_machine_policy")).toEqual(policyNamed(twin, "stop-tasks-and-notify"));
      expect(doc("events_role_policy")).toEqual(policyNamed(twin, "start-stop-task-state-machine"));
      const target = twin.resources("aws_cloudwatch_event_target").find((r) => INSTANCES_OF["aws_cloudwatch_event_target.this"](r.values))!.values
        .input_transformer as Json;
      expect(results[name].input_transformer).toEqual({ input_paths: target.input_paths, input_template: target.input_template });
      // As many instances of each resource as the constructs create.
      for (const [address, count] of Object.entries(results[name].instances as Record<string, number>)) {
        const [type] = address.split(".");
        expect([address, count]).toEqual([address, twin.resources(type).filter((r) => INSTANCES_OF[address](r.values)).length]);
      }
      // Documents of resources the twin has, and only those.
      if (twin.resources("aws_kms_key").length > 0) expect(doc("key_policy")).toEqual(twin.evaluateJson(twin.resource("aws_kms_key").policy));
      if (twin.resources("aws_sns_topic_policy").length > 0)
        expect(doc("topic_policy")).toEqual(twin.evaluateJson(twin.resource("aws_sns_topic_policy").policy));
      // Each agent endpoint: the twin's service name and policy (the twin names its constructs agent-endpoint-<key>).
      const endpoints = Object.keys((TWIN_CASES[name].agent_endpoints ?? {}) as Json);
      expect(Object.keys(results[name].agent_endpoint_policies).sort()).toEqual([...endpoints].sort());
      for (const key of endpoints) {
        const [theirs] = twin.resources("aws_vpc_endpoint").filter((r) => r.name.includes(`agent-endpoint-${key}`));
        expect([key, results[name].agent_endpoint_service_name]).toEqual([key, theirs.values.service_name]);
        expect([key, JSON.parse(results[name].agent_endpoint_policies[key])]).toEqual([key, twin.evaluateJson(theirs.values.policy)]);
      }
      if (twin.resources("aws_sqs_queue_policy").length > 0)
        expect(doc("dead_letter_queue_policy")).toEqual(twin.evaluateJson(twin.resource("aws_sqs_queue_policy").policy));
    });
  }
});

whenTerraform(named("every precondition holds for the defaults, the complete example and the CDKTF-twin settings"), () => {
  for (const name of HOLDING) expect([name, (results[name].preconditions as boolean[]).every(Boolean)]).toEqual([name, true]);
});

whenTerraform(named("each precondition refuses the combination it is about, and only that one fails"), async () => {
  const checks = await preconditions();
  expect(checks.length).toBeGreaterThanOrEqual(10);
  const failedBy = new Set<string>();
  for (const [name, c] of Object.entries(PRECONDITION_CASES)) {
    const failed = checks.filter((_, i) => !results[name].preconditions[i]).map((check) => check.message);
    expect([name, failed.length]).toEqual([name, c.broken.length]);
    c.broken.forEach((pattern, i) => expect([name, failed[i]]).toEqual([name, expect.stringMatching(pattern)]));
    failed.forEach((m) => failedBy.add(m));
  }
  // Every precondition is shown to fail by some case.
  expect([...failedBy].sort()).toEqual(checks.map((c) => c.message).sort());
});

// -----------------------------------------------------------------------------------------------------------------
// Validations: a copy of variables.tf without its validation blocks, with every condition as an output, so values
// that must be refused can be evaluated too; and the real variables.tf refusing one value.

/** Values each variable must accept (beyond its default) and refuse. */
const VALIDATION_CASES: Record<string, { accept: unknown[]; refuse: unknown[] }> = {
  name_prefix: { accept: ["a", "Acme-prod-1", "a".repeat(49)], refuse: ["1abc", "has_underscore", "a".repeat(50), ""] },
  tags: { accept: [{ Team: "sec ops", "cost:center": "a/b=c+d@e", ü: "" }], refuse: [{ "aws:owner": "x" }, { "AWS:owner": "x" }, { ok: "bad#" }, { "": "x" }] },
  detector_id: { accept: ["0123456789abcdef0123456789abcdef"], refuse: ["0123456789ABCDEF0123456789ABCDEF", "0123"] },
  finding_publishing_frequency: { accept: ["FIFTEEN_MINUTES", "SIX_HOURS"], refuse: ["DAILY"] },
  detector_features: {
    accept: [{ S3_DATA_EVENTS: "DISABLED", LAMBDA_NETWORK_LOGS: "ENABLED" }],
    refuse: [{ RUNTIME_MONITORING: "ENABLED" }, { EKS_RUNTIME_MONITORING: "ENABLED" }, { S3_DATA_EVENTS: "ON" }],
  },
  workflow: { accept: ["guarded"], refuse: ["strict", "Seed"] },
  exemption_tag: {
    accept: [{ key: "keep me", value: "" }],
    refuse: [
      { key: "aws:x", value: "v" },
      { key: "Aws:x", value: "v" },
      { key: "", value: "v" },
      { key: "k", value: "bad#" },
      { key: "k".repeat(129), value: "v" },
    ],
  },
  min_healthy_tasks: { accept: [0, 10000], refuse: [-1, 1.5, 10001] },
  cluster_arns: {
    accept: [[CLUSTER("prod"), `arn:aws-us-gov:ecs:us-gov-west-1:${ACCOUNT}:cluster/x_y-z`]],
    refuse: [[`arn:aws:ecs:${REGION}:${ACCOUNT}:service/x`], [`arn:aws-cn:ecs:cn-north-1:${ACCOUNT}:cluster/x`], [CLUSTER("a"), CLUSTER("a")]],
  },
  min_severity: { accept: [0, 8.9, 10], refuse: [-0.1, 10.5] },
  finding_types: { accept: [[A, B]], refuse: [["Execution:EKS/NewBinaryExecuted"], [A, A]] },
  exclude_finding_types: { accept: [[A]], refuse: [["nope"]] },
  filter_cluster_arns: { accept: [[CLUSTER("a")]], refuse: [["not-an-arn"]] },
  exclude_cluster_arns: { accept: [[CLUSTER("a")]], refuse: [[`arn:aws:ecs:${REGION}:1234:cluster/x`]] },
  account_ids: { accept: [[ACCOUNT]], refuse: [["12345"], ["12345678901a"], [ACCOUNT, ACCOUNT]] },
  notification_emails: {
    accept: [["secops@example.com", "a.b+c@sub.example.co.jp"]],
    refuse: [["not-an-email"], ["a@b"], ["a b@example.com"], ["x@example.com", "x@example.com"]],
  },
  existing_topic_arn: {
    accept: [`arn:aws:sns:${REGION}:${ACCOUNT}:alerts`],
    refuse: [`arn:aws:sns:${REGION}:${ACCOUNT}:alerts.fifo`, `arn:aws:sqs:${REGION}:${ACCOUNT}:q`],
  },
  kms_key_arn: { accept: [CONTEXT.kms_key_arn], refuse: [`arn:aws:kms:${REGION}:${ACCOUNT}:alias/x`] },
  maximum_event_age_in_seconds: { accept: [60, 86400], refuse: [59, 86401, 100.5] },
  maximum_retry_attempts: { accept: [0, 185], refuse: [-1, 186] },
  log_retention_in_days: { accept: [1, 3653], refuse: [2, 0] },
  log_level: { accept: ["OFF"], refuse: ["DEBUG"] },
  agent_endpoints: {
    accept: [
      {
        a: {
          vpc_id: "vpc-0123abcd",
          subnet_ids: ["subnet-0123abcd", "subnet-0123456789abcdef0"],
          allowed_cidrs: ["10.0.0.0/8", "192.168.1.0/24"],
          allowed_account_ids: [ACCOUNT],
        },
        "b-2": { vpc_id: "vpc-0123456789abcdef0", subnet_ids: ["subnet-0123abcd"], organization_id: "o-a1b2c3d4e5", private_dns_enabled: false },
      },
    ],
    refuse: [
      { A: { vpc_id: "vpc-0123abcd", subnet_ids: ["subnet-0123abcd"] } },
      { a: { vpc_id: "vpc-xyz", subnet_ids: ["subnet-0123abcd"] } },
      { a: { vpc_id: "vpc-0123abcd", subnet_ids: ["subnet-0123abcd"] }, b: { vpc_id: "vpc-0123abcd", subnet_ids: ["subnet-0123abce"] } },
      { a: { vpc_id: "vpc-0123abcd", subnet_ids: [] } },
      { a: { vpc_id: "vpc-0123abcd", subnet_ids: ["subnet-0123abcd", "subnet-0123abcd"] } },
      { a: { vpc_id: "vpc-0123abcd", subnet_ids: ["sg-0123abcd"] } },
      { a: { vpc_id: "vpc-0123abcd", subnet_ids: ["subnet-0123abcd"], allowed_cidrs: [] } },
      { a: { vpc_id: "vpc-0123abcd", subnet_ids: ["subnet-0123abcd"], allowed_cidrs: ["10.0.0.0/33"] } },
      { a: { vpc_id: "vpc-0123abcd", subnet_ids: ["subnet-0123abcd"], allowed_cidrs: ["2001:db8::/32"] } },
      { a: { vpc_id: "vpc-0123abcd", subnet_ids: ["subnet-0123abcd"], allowed_account_ids: ["1234"] } },
      { a: { vpc_id: "vpc-0123abcd", subnet_ids: ["subnet-0123abcd"], allowed_account_ids: [] } },
      { a: { vpc_id: "vpc-0123abcd", subnet_ids: ["subnet-0123abcd"], organization_id: "o-short" } },
      { a: { vpc_id: "vpc-0123abcd", subnet_ids: ["subnet-0123abcd"], organization_id: "o-a1b2c3d4e5", allowed_account_ids: [ACCOUNT] } },
    ],
  },
};

interface ValidationRun {
  readonly outputs: { label: string; names: string[]; expect: boolean }[];
  readonly conditionCount: number;
  readonly variableCount: number;
  evaluated?: Record<string, boolean>;
}

/**
 * A root configuration with one variable per case (typed like the module's variable, the case's value as default)
 * and, as outputs, the conditions of that variable's validation blocks (as hcl2json reads them) with the case's
 * variable in place of the module's: values that must be refused are evaluated too.
 */
async function validationRun(): Promise<{ run: ValidationRun; files: Record<string, string> }> {
  const { variable } = await parsedModule();
  const declared = variable as Record<string, Json[]>;
  const conditions = Object.entries(declared).flatMap(([name, [v]]) =>
    ((v.validation ?? []) as Json[]).map((val) => ({ variable: name, condition: expressionText(val.condition) })),
  );
  // One value per case: the defaults, the examples' arguments, and good and bad values of each variable.
  const values: { label: string; variable: string; value: unknown; expect: boolean }[] = [];
  for (const [name, [v]] of Object.entries(declared))
    values.push({ label: `default of ${name}`, variable: name, value: "default" in v ? v.default : PREFIX, expect: true });
  for (const example of ["minimal", "complete"] as const) {
    for (const a of EXAMPLES[example].arguments)
      if (typeof a !== "string") values.push({ label: `${example} example's ${a[0]}`, variable: a[0], value: a[1], expect: true });
  }
  for (const [name, c] of Object.entries(VALIDATION_CASES)) {
    c.accept.forEach((value) => values.push({ label: `${name} = ${JSON.stringify(value)}`, variable: name, value, expect: true }));
    c.refuse.forEach((value) => values.push({ label: `${name} = ${JSON.stringify(value)}`, variable: name, value, expect: false }));
  }
  const tf: string[] = [];
  const outputs: ValidationRun["outputs"] = [];
  values.forEach((c, i) => {
    const type = expressionText(declared[c.variable][0].type);
    tf.push(`variable "case_${i}" {\n  type    = ${type}\n  default = ${JSON.stringify(c.value)}\n}`);
    const names = conditions
      .filter((cond) => cond.variable === c.variable)
      .map((cond, j) => {
        tf.push(`output "case_${i}__${j}" {\n  value = ${cond.condition.replace(new RegExp(`\\bvar\\.${c.variable}\\b`, "g"), `var.case_${i}`)}\n}`);
        return `case_${i}__${j}`;
      });
    outputs.push({ label: c.label, names, expect: c.expect });
  });
  return {
    run: { outputs, conditionCount: conditions.length, variableCount: new Set(conditions.map((c) => c.variable)).size },
    files: { "main.tf": `${tf.join("\n\n")}\n` },
  };
}

whenTerraform(named("the validation blocks accept the defaults, the examples and good values, and refuse bad ones"), () => {
  // GIVEN every validated variable has cases
  expect(validation.variableCount).toBe(Object.keys(VALIDATION_CASES).length);
  // WHEN Terraform evaluated each case's conditions (beforeAll) THEN good values pass every condition of their
  // variable, and each bad value fails one
  for (const o of validation.outputs) {
    const verdict = o.names.every((n) => validation.evaluated![n] === true);
    expect([o.label, verdict]).toEqual([o.label, o.expect]);
  }
});

whenTerraform(named("Terraform refuses a bad value with the validation's message, and plans the complete example's values"), () => {
  expect(refused.status).not.toBe(0);
  // Terraform wraps the message at 80 columns.
  expect(refused.output.replace(/\s+/g, " ")).toContain("The name_prefix must be 1-49 letters, digits and hyphens, starting with a letter.");
  // The complete example's values went through the real validation blocks in the documents harness.
  expect(results.complete_example.definition).toContain('"DryRun":true');
});

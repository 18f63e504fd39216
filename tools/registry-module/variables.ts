/**
 * The registry module's input variables: types, defaults and descriptions taken from the config schema where the
 * config has the same setting, and `validation` blocks that mirror the config's checks. from-constructs/module.ts
 * picks the ones the generated module uses and adds the config loader's rules across variables as validations that
 * read the other variables (Terraform >= 1.9).
 *
 * Regular expressions come from `config/patterns.ts` and the builders, converted to RE2 (Terraform's `regex`):
 * lookaheads have no RE2 equivalent, so the one pattern with a lookahead (the reserved `aws:` prefix of tag keys,
 * in any letter case) becomes a regex without it plus `!startswith(lower(...), "aws:")`.
 */
import { CONFIG_SCHEMA, EKS_ADDON_VERSION, LOG_RETENTION_DAYS } from "../../config/config-schema";
import type { FieldDoc } from "../../config/fields";
import { FORMATS } from "../../config/patterns";
import {
  DETECTOR_FEATURE_NAMES,
  FINDING_PUBLISHING_FREQUENCIES,
  LEGACY_EKS_RUNTIME_MONITORING,
  RUNTIME_MONITORING,
} from "../../functions/guardduty/runtime-monitoring-features";
import { RUNTIME_FINDING_TYPES } from "../../functions/guardduty/runtime-finding-types";
import { GUARDED_DEFAULT_EXEMPTION_TAG } from "../../functions/ecs-stop-task/guarded-state-machine";
import { Expr, list, literal, str, tmpl } from "./hcl";

export interface Validation {
  readonly condition: Expr;
  readonly errorMessage: string;
}

export interface ModuleVariable {
  readonly name: string;
  /** HCL type expression. */
  readonly type: string;
  readonly description: string;
  /** Absent: the variable is required. */
  readonly default?: unknown;
  readonly validations: readonly Validation[];
}

/** A description of the config schema, by dotted path (`ecs_auto_stop.workflow`). */
export function schemaDescription(path: string): string {
  return schemaDoc(path).description;
}

/** The default of a config setting, when the schema states one as JSON. */
export function schemaDefault(path: string): unknown {
  const text = schemaDoc(path).defaultText;
  if (text === undefined) throw new Error(`config schema: ${path} has no default`);
  return JSON.parse(text);
}

function schemaDoc(path: string): FieldDoc {
  let doc: FieldDoc = CONFIG_SCHEMA.doc;
  for (const key of path.split(".")) {
    const child = doc.children?.[key];
    if (child === undefined) throw new Error(`config schema: no setting ${path}`);
    doc = child;
  }
  return doc;
}

/**
 * A JavaScript regular expression as an RE2 pattern for Terraform's `regex()`. Throws for what RE2 lacks
 * (lookaround, backreferences), so each such pattern is rewritten by hand where it is used.
 */
export function toRe2(pattern: RegExp): string {
  if (/\(\?<?[=!]/.test(pattern.source)) throw new Error(`RE2 has no lookaround: ${pattern.source}`);
  if (/\\[1-9]|\\k</.test(pattern.source)) throw new Error(`RE2 has no backreferences: ${pattern.source}`);
  if (/[gmsy]/.test(pattern.flags)) throw new Error(`unsupported flags ${pattern.flags}: ${pattern.source}`);
  const source = pattern.source.replace(/\\\//g, "/");
  return pattern.flags.includes("i") ? `(?i)${source}` : source;
}

/** `FORMATS.tagKey` without its reserved-prefix lookahead; the `aws:` prefix is refused with `startswith(lower(...))`. */
export const TAG_KEY_RE2 = toRe2(new RegExp(FORMATS.tagKey.pattern.source.replace("(?![aA][wW][sS]:)", ""), "u"));
/** Tag values as the config checks them. */
export const TAG_VALUE_RE2 = "^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{0,256}$";
/** Name prefix: resource names stay within AWS limits (64-character IAM role names), as EcsTaskAutoStop checks. */
export const NAME_PREFIX_RE2 = "^[A-Za-z][A-Za-z0-9-]{0,48}$";

const matches = (re2: string, value: string): Expr => tmpl("can(regex(", str(re2), `, ${value}))`);
const each = (variable: string, item: (v: string) => Expr): Expr => tmpl(`alltrue([for v in var.${variable} : `, item("v"), "])");
const unique = (variable: string): Validation => ({
  condition: tmpl(`length(distinct(var.${variable})) == length(var.${variable})`),
  errorMessage: `Each value of ${variable} may appear only once.`,
});
const nullOr = (variable: string, check: Expr): Expr => tmpl(`var.${variable} == null ? true : `, check);
const oneOf = (variable: string, values: readonly (string | number)[]): Expr => tmpl("contains(", literal([...values]), `, var.${variable})`);
const wholeNumber = (variable: string, min: number, max: number): Expr =>
  tmpl(`floor(var.${variable}) == var.${variable} && var.${variable} >= ${min} && var.${variable} <= ${max}`);
const sentence = (text: string) => `${text[0].toUpperCase()}${text.slice(1)}${/[.?]$/.test(text) ? "" : "."}`;

function arnList(variable: string, what: string): Validation[] {
  return [
    {
      condition: each(variable, (v) => matches(toRe2(FORMATS.ecsClusterArn.pattern), v)),
      errorMessage: sentence(`each ${what} must be ${FORMATS.ecsClusterArn.expected}`),
    },
    unique(variable),
  ];
}

function findingTypeList(variable: string): Validation[] {
  return [
    {
      condition: tmpl(
        `length(setsubtract(var.${variable}, `,
        list(
          RUNTIME_FINDING_TYPES.map((t) => str(t)),
          { multiline: true },
        ),
        ")) == 0",
      ),
      errorMessage: `Each value of ${variable} must be a GuardDuty Runtime Monitoring finding type, e.g. "Execution:Runtime/ReverseShell".`,
    },
    unique(variable),
  ];
}

const ENABLED_DISABLED = ["ENABLED", "DISABLED"];
const OTHER_FEATURES = DETECTOR_FEATURE_NAMES.filter((n) => n !== RUNTIME_MONITORING && n !== LEGACY_EKS_RUNTIME_MONITORING);

/** agent_endpoints[].name of the config schema: the map's keys. */
export const AGENT_ENDPOINT_NAME_RE2 = "^[a-z][a-z0-9-]{0,19}$";

/** Type of agent_endpoints: the config's agent_endpoints[] entries by name. */
export const AGENT_ENDPOINTS_TYPE =
  "map(object({ vpc_id = string, subnet_ids = list(string), allowed_cidrs = optional(list(string)), allowed_account_ids = optional(list(string)), organization_id = optional(string), private_dns_enabled = optional(bool, true), eks_addon = optional(object({ cluster_names = list(string), addon_version = optional(string) })) }))";

/** The config's checks of agent_endpoints[] (patterns.ts formats, cross-checks.ts rules), one condition each. */
function agentEndpointValidations(): Validation[] {
  const every = (check: (e: string) => Expr): Expr => tmpl("alltrue([for e in values(var.agent_endpoints) : ", check("e"), "])");
  const listOf = (e: string, key: string, re2: string, optionalList: boolean): Expr => {
    const items = tmpl(
      `length(${e}.${key}) > 0 && length(distinct(${e}.${key})) == length(${e}.${key}) && alltrue([for v in ${e}.${key} : `,
      matches(re2, "v"),
      "])",
    );
    return optionalList ? tmpl(`${e}.${key} == null ? true : (`, items, ")") : items;
  };
  return [
    {
      condition: tmpl("alltrue([for k in keys(var.agent_endpoints) : ", matches(AGENT_ENDPOINT_NAME_RE2, "k"), "])"),
      errorMessage: "Each agent_endpoints key must be 1-20 lowercase letters, digits and hyphens, starting with a letter.",
    },
    {
      condition: every((e) => matches(toRe2(FORMATS.vpcId.pattern), `${e}.vpc_id`)),
      errorMessage: sentence(`each agent_endpoints vpc_id must be ${FORMATS.vpcId.expected}`),
    },
    {
      condition: tmpl("length(distinct([for e in values(var.agent_endpoints) : e.vpc_id])) == length(var.agent_endpoints)"),
      errorMessage: "Each VPC may have only one agent endpoint (one guardduty-data endpoint per VPC).",
    },
    {
      condition: every((e) => listOf(e, "subnet_ids", toRe2(FORMATS.subnetId.pattern), false)),
      errorMessage: sentence(`the subnet_ids of each agent endpoint must be one or more distinct values, each ${FORMATS.subnetId.expected}`),
    },
    {
      condition: every((e) => listOf(e, "allowed_cidrs", toRe2(FORMATS.ipv4Cidr.pattern), true)),
      errorMessage: sentence(`the allowed_cidrs of an agent endpoint must be null or one or more distinct values, each ${FORMATS.ipv4Cidr.expected}`),
    },
    {
      condition: every((e) => listOf(e, "allowed_account_ids", toRe2(FORMATS.accountId.pattern), true)),
      errorMessage: sentence(`the allowed_account_ids of an agent endpoint must be null or one or more distinct values, each ${FORMATS.accountId.expected}`),
    },
    {
      condition: every((e) => tmpl(`${e}.organization_id == null ? true : `, matches(toRe2(FORMATS.organizationId.pattern), `${e}.organization_id`))),
      errorMessage: sentence(`the organization_id of an agent endpoint must be ${FORMATS.organizationId.expected}`),
    },
    {
      condition: every((e) => tmpl(`${e}.allowed_account_ids == null || ${e}.organization_id == null`)),
      errorMessage: "An agent endpoint takes allowed_account_ids or organization_id, not both: its policy admits either listed accounts or one organization.",
    },
    {
      condition: every((e) =>
        tmpl(
          `${e}.eks_addon == null ? true : (`,
          listOf(`${e}.eks_addon`, "cluster_names", toRe2(FORMATS.eksClusterName.pattern), false),
          ` && (${e}.eks_addon.addon_version == null ? true : `,
          matches(toRe2(EKS_ADDON_VERSION.pattern), `${e}.eks_addon.addon_version`),
          "))",
        ),
      ),
      errorMessage: sentence(
        `the eks_addon of an agent endpoint must have one or more distinct cluster_names, each ${FORMATS.eksClusterName.expected}, and an addon_version, if any, ${EKS_ADDON_VERSION.expected}`,
      ),
    },
    {
      // config/rules/eks-addon-clusters.ts: an add-on is named within its cluster (EKS CreateAddon), so a cluster has one.
      condition: tmpl(
        "length(distinct(flatten([for e in values(var.agent_endpoints) : try(e.eks_addon.cluster_names, [])]))) == length(flatten([for e in values(var.agent_endpoints) : try(e.eks_addon.cluster_names, [])]))",
      ),
      errorMessage: "An EKS cluster gets the aws-guardduty-agent add-on from one agent endpoint only: a cluster has one such add-on.",
    },
    {
      // config/rules/agent-endpoint-eks-addon-management.ts (Terraform >= 1.9 lets a validation read another variable).
      condition: tmpl("!var.eks_addon_management || alltrue([for e in values(var.agent_endpoints) : e.eks_addon == null])"),
      errorMessage: "An agent endpoint's eks_addon needs eks_addon_management = false: GuardDuty already manages the add-on.",
    },
  ];
}

/** Every variable, in the order of variables.tf. */
export function moduleVariables(): ModuleVariable[] {
  // The config's descriptions, without pointers into the CDKTF app's docs/ (not part of the module).
  const d = (path: string) =>
    schemaDescription(path)
      .replace(/ \(see docs\/[a-z-]+\.md\)/g, "")
      .replace(/ See docs\/[a-z-]+\.md\./g, "");
  const stop = (key: string) => `ecs_auto_stop.${key}`;
  const filter = (key: string) => `ecs_auto_stop.filters.${key}`;
  return [
    {
      name: "name_prefix",
      type: "string",
      description:
        "First part of every resource name, e.g. `ecs-runtime-monitoring-stop-task-dev` (the CDKTF app uses `<name>-<environment>`): the state machine is `<name_prefix>-state-machine`, the topic `<name_prefix>-topic`.",
      validations: [
        {
          condition: matches(NAME_PREFIX_RE2, "var.name_prefix"),
          errorMessage: "The name_prefix must be 1-49 letters, digits and hyphens, starting with a letter.",
        },
      ],
    },
    {
      name: "tags",
      type: "map(string)",
      description: "Tags of every resource that takes tags (besides the provider's default_tags).",
      default: {},
      validations: [
        {
          condition: tmpl("alltrue([for k in keys(var.tags) : ", matches(TAG_KEY_RE2, "k"), ' && !startswith(lower(k), "aws:")])'),
          errorMessage: "Each tag key must be 1-128 letters, digits, spaces and _.:/=+-@, not starting with aws:.",
        },
        {
          condition: tmpl("alltrue([for v in values(var.tags) : ", matches(TAG_VALUE_RE2, "v"), "])"),
          errorMessage: "Each tag value must be at most 256 letters, digits, spaces and _.:/=+-@.",
        },
      ],
    },
    {
      name: "create_detector",
      type: "bool",
      description: `${d("detector.create")} Set false and give detector_id to adopt the detector that already exists by its id (an account and region has only one), or leave detector_id null to look it up.`,
      default: true,
      validations: [],
    },
    {
      name: "detector_id",
      type: "string",
      description: `${d("detector.existing_detector_id")} Only its features are then managed; to manage the detector itself, import it into aws_guardduty_detector.detector_detector[0] from the root module and keep create_detector true. null with create_detector = false: the account's detector in the provider's region is looked up, and must be ENABLED.`,
      default: null,
      validations: [
        {
          condition: nullOr("detector_id", matches(toRe2(FORMATS.detectorId.pattern), "var.detector_id")),
          errorMessage: sentence(`the detector_id must be ${FORMATS.detectorId.expected}`),
        },
      ],
    },
    {
      name: "finding_publishing_frequency",
      type: "string",
      description: `${d("detector.finding_publishing_frequency")} One of ${FINDING_PUBLISHING_FREQUENCIES.join(", ")}; null: SIX_HOURS for a created detector. Only for a created detector.`,
      default: null,
      validations: [
        {
          condition: nullOr("finding_publishing_frequency", oneOf("finding_publishing_frequency", FINDING_PUBLISHING_FREQUENCIES)),
          errorMessage: `The finding_publishing_frequency must be one of ${FINDING_PUBLISHING_FREQUENCIES.join(", ")}.`,
        },
      ],
    },
    {
      name: "enable_runtime_monitoring",
      type: "bool",
      description: d("detector.runtime_monitoring.enabled"),
      default: schemaDefault("detector.runtime_monitoring.enabled"),
      validations: [],
    },
    {
      name: "eks_addon_management",
      type: "bool",
      description: d("detector.runtime_monitoring.eks_addon_management").replace(" (see agent_endpoints[].eks_addon)", ""),
      default: schemaDefault("detector.runtime_monitoring.eks_addon_management"),
      validations: [],
    },
    {
      name: "ec2_agent_management",
      type: "bool",
      description: d("detector.runtime_monitoring.ec2_agent_management"),
      default: schemaDefault("detector.runtime_monitoring.ec2_agent_management"),
      validations: [],
    },
    {
      name: "ecs_fargate_agent_management",
      type: "bool",
      description: d("detector.runtime_monitoring.ecs_fargate_agent_management"),
      default: schemaDefault("detector.runtime_monitoring.ecs_fargate_agent_management"),
      validations: [],
    },
    {
      name: "detector_features",
      type: "map(string)",
      description: `The optional protection plans (${OTHER_FEATURES.join(", ")}), by name, with their status (ENABLED or DISABLED). A created detector writes every plan: those not set here are written DISABLED (GuardDuty would otherwise enable them all, and bill for them). An adopted detector (create_detector = false) changes only the plans set here. RUNTIME_MONITORING is set by enable_runtime_monitoring; the legacy ${LEGACY_EKS_RUNTIME_MONITORING} cannot be combined with it.`,
      default: schemaDefault("detector.features"),
      // The config schema's keys and statuses (detector.features), and config/rules/legacy-eks-runtime-monitoring.ts.
      validations: [
        {
          condition: tmpl("length(setsubtract(keys(var.detector_features), ", literal([...OTHER_FEATURES, LEGACY_EKS_RUNTIME_MONITORING]), ")) == 0"),
          errorMessage: `The detector_features keys must be among ${OTHER_FEATURES.join(", ")}.`,
        },
        {
          condition: tmpl(`!contains(keys(var.detector_features), "${LEGACY_EKS_RUNTIME_MONITORING}")`),
          errorMessage: `The detector_features key ${LEGACY_EKS_RUNTIME_MONITORING} is refused: RUNTIME_MONITORING (enable_runtime_monitoring) replaces it and GuardDuty refuses both on one detector.`,
        },
        {
          condition: tmpl("alltrue([for v in values(var.detector_features) : v == null ? false : contains(", literal(ENABLED_DISABLED), ", v)])"),
          errorMessage: "Each detector_features status must be ENABLED or DISABLED.",
        },
      ],
    },
    {
      name: "agent_endpoints",
      type: AGENT_ENDPOINTS_TYPE,
      description: `${d("agent_endpoints")} By name (1-20 lowercase letters, digits and hyphens): vpc_id, subnet_ids (one per Availability Zone), allowed_cidrs (null: the VPC's IPv4 CIDR blocks), allowed_account_ids (null: the account deployed to) or organization_id, private_dns_enabled (default true), eks_addon (the aws-guardduty-agent add-on for cluster_names, at addon_version or null: EKS's default for the cluster; only with eks_addon_management = false).`,
      default: {},
      validations: agentEndpointValidations(),
    },
    {
      name: "create_ecs_auto_stop",
      type: "bool",
      description: `${d(stop("enabled"))} Its notification topic, key, dead-letter queue and alarms come with it.`,
      default: schemaDefault(stop("enabled")),
      validations: [],
    },
    {
      name: "workflow",
      type: "string",
      description: d(stop("workflow")),
      default: schemaDefault(stop("workflow")),
      validations: [{ condition: oneOf("workflow", ["seed", "guarded"]), errorMessage: 'The workflow must be "seed" or "guarded".' }],
    },
    { name: "dry_run", type: "bool", description: d(stop("dry_run")), default: false, validations: [] },
    {
      name: "exemption_tag",
      type: "object({ key = string, value = string })",
      description: `${d(stop("exemption_tag"))} null: key "${GUARDED_DEFAULT_EXEMPTION_TAG.key}", value "${GUARDED_DEFAULT_EXEMPTION_TAG.value}" with workflow guarded.`,
      default: null,
      validations: [
        {
          condition: nullOr(
            "exemption_tag",
            tmpl(
              "(",
              matches(TAG_KEY_RE2, "var.exemption_tag.key"),
              ' && !startswith(lower(var.exemption_tag.key), "aws:") && ',
              matches(TAG_VALUE_RE2, "var.exemption_tag.value"),
              ")",
            ),
          ),
          errorMessage: "The exemption_tag key must be 1-128 letters, digits, spaces and _.:/=+-@, not starting with aws:, and its value at most 256 of them.",
        },
      ],
    },
    {
      name: "min_healthy_tasks",
      type: "number",
      description: `${d(stop("min_healthy_tasks"))} null: no guard.`,
      default: null,
      validations: [
        {
          condition: nullOr("min_healthy_tasks", tmpl("(", wholeNumber("min_healthy_tasks", 0, 10000), ")")),
          errorMessage: "The min_healthy_tasks must be a whole number from 0 to 10000.",
        },
      ],
    },
    {
      name: "cluster_arns",
      type: "list(string)",
      description: d(stop("cluster_arns")),
      default: schemaDefault(stop("cluster_arns")),
      validations: arnList("cluster_arns", "cluster_arns entry"),
    },
    {
      name: "min_severity",
      type: "number",
      description: `${d(filter("min_severity"))} null: any severity.`,
      default: null,
      validations: [
        {
          condition: nullOr("min_severity", tmpl("(var.min_severity >= 0 && var.min_severity <= 10)")),
          errorMessage: "The min_severity must be a number from 0 to 10.",
        },
      ],
    },
    {
      name: "finding_types",
      type: "list(string)",
      description: `${d(filter("finding_types"))} Empty: every Runtime Monitoring finding type.`,
      default: [],
      validations: findingTypeList("finding_types"),
    },
    {
      name: "exclude_finding_types",
      type: "list(string)",
      description: `${d(filter("exclude_finding_types"))} Empty: none excluded.`,
      default: [],
      validations: findingTypeList("exclude_finding_types"),
    },
    {
      name: "filter_cluster_arns",
      type: "list(string)",
      description: `${d(filter("cluster_arns"))} Empty: every cluster. (cluster_arns scopes IAM; this scopes the rule.)`,
      default: [],
      validations: arnList("filter_cluster_arns", "filter_cluster_arns entry"),
    },
    {
      name: "exclude_cluster_arns",
      type: "list(string)",
      description: `${d(filter("exclude_cluster_arns"))} Empty: none excluded.`,
      default: [],
      validations: arnList("exclude_cluster_arns", "exclude_cluster_arns entry"),
    },
    {
      name: "account_ids",
      type: "list(string)",
      description: `${d(filter("account_ids"))} Empty: every account.`,
      default: [],
      validations: [
        {
          condition: each("account_ids", (v) => matches(toRe2(FORMATS.accountId.pattern), v)),
          errorMessage: sentence(`each account_ids entry must be ${FORMATS.accountId.expected}`),
        },
        unique("account_ids"),
      ],
    },
    {
      name: "notification_emails",
      type: "list(string)",
      description: d("notifications.emails"),
      default: schemaDefault("notifications.emails"),
      validations: [
        {
          condition: each("notification_emails", (v) => matches(toRe2(FORMATS.email.pattern), v)),
          errorMessage: sentence(`each notification_emails entry must be ${FORMATS.email.expected}`),
        },
        unique("notification_emails"),
      ],
    },
    {
      name: "notify_coverage_unhealthy",
      type: "bool",
      description: `${d("notifications.coverage_unhealthy")} The rule \`<name_prefix>-coverage-unhealthy\` publishes to the created topic: needs create_ecs_auto_stop and create_topic.`,
      default: schemaDefault("notifications.coverage_unhealthy"),
      validations: [],
    },
    {
      name: "create_topic",
      type: "bool",
      description: "Create the notification topic `<name_prefix>-topic`. Set false and give existing_topic_arn to publish to a topic of yours.",
      default: true,
      validations: [],
    },
    {
      name: "existing_topic_arn",
      type: "string",
      description: `${d("notifications.existing_topic_arn")} Needs create_topic = false.`,
      default: null,
      validations: [
        {
          condition: nullOr("existing_topic_arn", matches(toRe2(FORMATS.snsTopicArn.pattern), "var.existing_topic_arn")),
          errorMessage: sentence(`the existing_topic_arn must be ${FORMATS.snsTopicArn.expected}`),
        },
      ],
    },
    {
      name: "create_kms_key",
      type: "bool",
      description: `${d("notifications.encrypt")} Set false to use kms_key_arn instead, or to go without encryption.`,
      default: schemaDefault("notifications.encrypt"),
      validations: [],
    },
    {
      name: "kms_key_arn",
      type: "string",
      description: `${d("notifications.existing_kms_key_arn")} Needs create_kms_key = false; null with create_kms_key = false: no customer managed key.`,
      default: null,
      validations: [
        {
          condition: nullOr("kms_key_arn", matches(toRe2(FORMATS.kmsKeyArn.pattern), "var.kms_key_arn")),
          errorMessage: sentence(`the kms_key_arn must be ${FORMATS.kmsKeyArn.expected}`),
        },
      ],
    },
    {
      name: "create_dead_letter_queue",
      type: "bool",
      description: d(stop("dead_letter_queue")),
      default: schemaDefault(stop("dead_letter_queue")),
      validations: [],
    },
    {
      name: "maximum_event_age_in_seconds",
      type: "number",
      description: d(stop("maximum_event_age_in_seconds")),
      default: schemaDefault(stop("maximum_event_age_in_seconds")),
      validations: [
        {
          condition: wholeNumber("maximum_event_age_in_seconds", 60, 86400),
          errorMessage: "The maximum_event_age_in_seconds must be a whole number from 60 to 86400.",
        },
      ],
    },
    {
      name: "maximum_retry_attempts",
      type: "number",
      description: d(stop("maximum_retry_attempts")),
      default: schemaDefault(stop("maximum_retry_attempts")),
      validations: [
        { condition: wholeNumber("maximum_retry_attempts", 0, 185), errorMessage: "The maximum_retry_attempts must be a whole number from 0 to 185." },
      ],
    },
    { name: "create_alarms", type: "bool", description: d(stop("alarms")), default: schemaDefault(stop("alarms")), validations: [] },
    {
      name: "log_retention_in_days",
      type: "number",
      description: d(stop("log_retention_in_days")),
      default: schemaDefault(stop("log_retention_in_days")),
      validations: [
        {
          condition: oneOf("log_retention_in_days", LOG_RETENTION_DAYS),
          errorMessage: `The log_retention_in_days must be one of ${LOG_RETENTION_DAYS.join(", ")}.`,
        },
      ],
    },
    {
      name: "log_level",
      type: "string",
      description: `${d(stop("log_level"))} One of ALL, ERROR, FATAL, OFF.`,
      default: schemaDefault(stop("log_level")),
      validations: [{ condition: oneOf("log_level", ["ALL", "ERROR", "FATAL", "OFF"]), errorMessage: "The log_level must be ALL, ERROR, FATAL or OFF." }],
    },
    {
      name: "include_execution_data",
      type: "bool",
      description: d(stop("include_execution_data")),
      default: schemaDefault(stop("include_execution_data")),
      validations: [],
    },
    { name: "tracing_enabled", type: "bool", description: d(stop("tracing")), default: schemaDefault(stop("tracing")), validations: [] },
  ];
}

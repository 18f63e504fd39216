/**
 * The only hand-written part of the registry module: which config settings become module variables, and how.
 * Everything the module creates comes from synthesizing the constructs (modules/) through the app's own path
 * config -> stack plan -> RuntimeMonitoringStack props (config/stack-props.ts), once per option set; merge.ts turns
 * the differences into `count`, `for_each` and conditionals.
 *
 * - A SWITCH is one boolean (or one value of an enum) of the config. Its entry says how to set it in a config
 *   document; the base synthesis has every switch on, and one more synthesis per switch turned off shows what it
 *   changes. A new construct or prop behind a setting is one entry here.
 * - A PARAMETER is a value that flows through unchanged (the name prefix, a retention). It is synthesized with two
 *   different stand-ins; each stand-in is replaced by its expression, and the two results must be identical, else
 *   a value did not flow through as a value and the generator names where.
 * - A COLLECTION is a list whose items each create resources (`for_each`): synthesized with one sample item and
 *   with none.
 */
import { parseConfig } from "../../../config/load-config";
import { planStacks } from "../../../config/stack-plans";
import { consoleDomainOf, stackPropsOf } from "../../../config/stack-props";
import { EKS_ALWAYS_PROTECTED_NAMESPACES } from "../../../functions/eks-contain-pod/state-machine";
import { agentEndpointServiceName } from "../../../functions/guardduty/agent-endpoint-service";
import {
  AgentManagementConfiguration,
  OPTIONAL_PROTECTION_PLANS,
  ProtectionPlan,
  RUNTIME_MONITORING,
} from "../../../functions/guardduty/runtime-monitoring-features";
import type { RuntimeMonitoringStackProps } from "../../../modules/runtime-monitoring-stack";

/** A config document under construction (JSON, as a user writes it). */
export type ConfigDocument = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- a JSON document

export interface Switch {
  /** Module variable. */
  readonly variable: string;
  /** HCL that is true when the switch is on (`var.create_x`, `var.workflow == "guarded"`). */
  readonly on: string;
  /** Sets the switch in the document; `on` false turns it off. */
  readonly apply: (doc: ConfigDocument, on: boolean, standIn: StandIns) => void;
  /**
   * Switches this one needs on (a cross-setting rule of the config loader): with one of them off it is off too,
   * and the module's variable validation says so.
   */
  readonly requires?: readonly string[];
  /** The loader's reason, for the validation's error message. */
  readonly requiresBecause?: string;
  /** The validation's whole error message, where a required switch is on when its variable is null. */
  readonly requiresMessage?: string;
  /**
   * A switch whose setting changes nothing while this other switch is off (the ECS workflow without the ECS
   * pipeline): it counts as on then, so it holds back none of the switches that require it, and its `on` says so
   * too. The config document still gets the setting as given.
   */
  readonly onWhileOff?: string;
  /**
   * Switches of one family each change only their own elements, those whose address holds `owns` (a detector
   * feature's resource): one synthesis turns the whole family off, and each member takes its own elements from it
   * (generate.ts checks that the family changes nothing else).
   */
  readonly family?: { readonly name: string; readonly owns: string };
  /**
   * Switches that turn this one on when they are off, as the HCL of both says (an organization given is principals
   * given): option sets follow, so no synthesis or evaluation has a combination the module cannot have.
   */
  readonly onWhenOff?: readonly string[];
  /** Other cross-setting rules of the loader about this switch, as the variable's validations. */
  readonly validations?: readonly { readonly condition: string; readonly errorMessage: string }[];
}

export interface Parameter {
  readonly variable: string;
  /** What replaces the stand-in: an HCL expression. */
  readonly expression: string;
  /** Two stand-ins: text (found inside strings) or numbers (found as whole numbers). */
  readonly standIns: readonly [string | number, string | number];
  /**
   * What replaces a text stand-in, as template text whose `${...}` are expressions (`arn:${partition}:`), instead of
   * the expression alone.
   */
  readonly template?: string;
  /** A number that text quotes too (`at most 5 per hour`): its stand-in is also replaced inside strings. */
  readonly inText?: boolean;
  /**
   * A number the constructs also add to another (the execution timeout raised by the approval gate's wait): a whole
   * number above the stand-in by less than this is written as the expression plus the rest. The stand-ins are kept
   * this far apart from every other parameter's, and the twin synthesis shows whether the sum was one.
   */
  readonly sums?: number;
  /**
   * A value found only at one place, not as text (an organization setting: ALL, NEW or NONE are words of other texts
   * too): the value of the object entry `key`, in an object whose `name` is `name` when given.
   */
  readonly field?: { readonly key: string; readonly name?: string };
}

export interface Collection {
  readonly variable: string;
  /** The sample item: its text becomes `each.value`. */
  readonly sample: string;
  /**
   * The list the module's list items iterate, where the constructs drop some of the variable's items (kube-system,
   * protected always; a filtered cluster also excluded): HCL over `var.<variable>`.
   * @default `var.<variable>`
   */
  readonly items?: string;
  /**
   * A list the loader wants non-empty: synthesized with this second item instead of with none, and the module's
   * variable validation asks for one item at least.
   */
  readonly secondSample?: string;
  readonly apply: (doc: ConfigDocument, items: readonly string[], standIn: 0 | 1) => void;
  /**
   * The text the config gets for an item, when it must hold a stand-in (a cluster ARN holds the synthesis's
   * region: the loader refuses a cluster elsewhere). synth.ts turns that text, and its `derived` forms, back into
   * the item's before substituting the stand-ins, so the sample is one text in every synthesis.
   */
  readonly synthesizedAs?: (item: string, p: StandIns) => string;
  /**
   * Texts the constructs derive from an item (`arn:...:task/<cluster>/*` from a cluster ARN): `of` as the
   * constructs do it, `template` the same in Terraform, as template text of `item`.
   */
  readonly derived?: readonly { readonly of: (item: string) => string; readonly template: string }[];
  /**
   * A map of objects keyed by name (agent_endpoints): the sample is the sample item's key, and each element whose
   * construct path holds it is one per item, `for_each` over the map. The item's settings are parameters and
   * switches whose expressions read ITEM (the item's object), written `each.value` in the module.
   */
  readonly map?: {
    /** A list inside the item whose entries each create a resource (the EKS add-on's clusters): its sample and HCL. */
    readonly nested?: { readonly sample: string; readonly expression: string };
  };
}

/** In the expressions of a map collection's item: the item's object (render.ts writes `each.value` or `v`). */
export const ITEM = "__item__";

/**
 * A list that flows through unchanged as a whole (an item's subnets): synthesized with two lists of two items (two,
 * so that a list of one is not written as its item), and a list equal to the stand-in becomes the expression.
 */
export interface ListParameter {
  readonly variable: string;
  readonly expression: string;
  readonly standIns: readonly [readonly string[], readonly string[]];
}

/** The stand-ins of one synthesis (0 or 1): the value of each parameter. */
export type StandIns = (variable: string) => string | number;

/** The partition the module is deployed in: its provider's. */
export const PARTITION = "data.aws_partition.awscontext_partition.partition";
/** The AWS console's domain by partition, as config/stack-props.ts gives it to the state machines' notices. */
export const CONSOLE_DOMAINS = { aws: consoleDomainOf("af-south-1"), "aws-us-gov": consoleDomainOf("us-gov-east-1") } as const;

/** The pipelines' sections of the config: they share the module's delivery variables. */
const PIPELINES = ["ecs_auto_stop", "ec2_isolation", "eks_containment"] as const;
/** How far above the gate's timeout stand-in a number is the timeout plus another (the execution's own timeout). */
const GATE_TIMEOUT_SUMS = 100000;
const eachPipeline = (doc: ConfigDocument, f: (section: ConfigDocument) => void) => PIPELINES.forEach((p) => f((doc[p] ??= {})));
const eachEndpoint = (doc: ConfigDocument, f: (endpoint: ConfigDocument) => void) => ((doc.agent_endpoints ?? []) as ConfigDocument[]).forEach(f);
/** The sample agent endpoint's name, and the sample cluster of its EKS add-on. */
const AGENT_ENDPOINT_SAMPLE = "sampleendpoint";
const AGENT_ADDON_CLUSTER = "sampleaddoncluster";

/** The organization configuration's settings (organization_configuration) and where the constructs write each. */
export const ORGANIZATION_SETTINGS: readonly (readonly [string, NonNullable<Parameter["field"]>])[] = [
  ["auto_enable_members", { key: "auto_enable_organization_members" }],
  ["runtime_monitoring", { key: "auto_enable", name: RUNTIME_MONITORING }],
  ...(
    [
      ["eks_addon_management", "EKS_ADDON_MANAGEMENT"],
      ["ec2_agent_management", "EC2_AGENT_MANAGEMENT"],
      ["ecs_fargate_agent_management", "ECS_FARGATE_AGENT_MANAGEMENT"],
    ] as const satisfies readonly (readonly [string, AgentManagementConfiguration])[]
  ).map(([setting, name]) => [setting, { key: "auto_enable", name }] as const),
];

export const PARAMETERS: readonly Parameter[] = [
  { variable: "name_prefix", expression: "var.name_prefix", standIns: ["NamePrefixStandIn", "OtherPrefixStandIn"] },
  // The twin synthesis is in GovCloud: whatever the constructs write for the partition (ARNs, the Step Functions
  // Task resources, the console's domain) must follow the partition, or the twin differs.
  { variable: "region", expression: "local.region", standIns: ["af-south-1", "us-gov-east-1"] },
  { variable: "region_code", expression: "local.region_code", standIns: ["afs1", "usge1"] },
  { variable: "arn_partition", expression: PARTITION, template: `arn:\${${PARTITION}}:`, standIns: ["arn:aws:", "arn:aws-us-gov:"] },
  { variable: "console_domain", expression: "local.console_domain", standIns: [CONSOLE_DOMAINS.aws, CONSOLE_DOMAINS["aws-us-gov"]] },
  // The agent's endpoint service follows the partition too (GovCloud's is the FIPS one).
  {
    variable: "agent_endpoint_service",
    expression: "local.agent_endpoint_service",
    standIns: [agentEndpointServiceName("af-south-1", "aws"), agentEndpointServiceName("us-gov-east-1", "aws-us-gov")],
  },
  { variable: "detector_id", expression: "var.detector_id", standIns: ["0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210"] },
  {
    variable: "existing_topic_arn",
    expression: "var.existing_topic_arn",
    standIns: ["arn:aws:sns:af-south-1:111111111111:TopicStandIn", "arn:aws-us-gov:sns:us-gov-east-1:111111111111:OtherTopicStandIn"],
  },
  {
    variable: "kms_key_arn",
    expression: "var.kms_key_arn",
    standIns: [
      "arn:aws:kms:af-south-1:111111111111:key/11111111-2222-3333-4444-555555555555",
      "arn:aws-us-gov:kms:us-gov-east-1:111111111111:key/66666666-7777-8888-9999-000000000000",
    ],
  },
  { variable: "finding_publishing_frequency", expression: "var.finding_publishing_frequency", standIns: ["SIX_HOURS", "ONE_HOUR"] },
  { variable: "exemption_tag_key", expression: 'try(var.exemption_tag.key, "guardduty-response")', standIns: ["ExemptKeyStandIn", "OtherExemptKeyStandIn"] },
  { variable: "exemption_tag_value", expression: 'try(var.exemption_tag.value, "exempt")', standIns: ["ExemptValueStandIn", "OtherExemptValueStandIn"] },
  { variable: "min_healthy_tasks", expression: "var.min_healthy_tasks", standIns: [17, 18] },
  { variable: "log_level", expression: "var.log_level", standIns: ["ERROR", "FATAL"] },
  { variable: "min_severity", expression: "var.min_severity", standIns: [7.5, 6.5] },
  ...PIPELINES.map((pipeline, i): Parameter => ({
    variable: `${pipeline}_cap_max_actions`,
    // 0, not null, when no cap is set: Terraform evaluates every state of the definition before the `if` that
    // leaves the cap's states out, and a null cannot be interpolated into their text.
    expression: `try(var.${pipeline}_blast_radius_cap.max_actions, 0)`,
    standIns: [4441 + 2 * i, 4442 + 2 * i],
    inText: true,
  })),
  ...PIPELINES.flatMap((pipeline, i): Parameter[] => [
    {
      variable: `${pipeline}_gate_timeout_seconds`,
      // 0, not null, without a gate: as the cap's count, Terraform evaluates the gate's states before the `if`.
      expression: `try(var.${pipeline}_approval_gate.timeout_seconds, 0)`,
      // Within the loader's 60-604800, digits found in no other text (the cap's window bounds are epoch seconds);
      // ranges of GATE_TIMEOUT_SUMS above each stand-in do not overlap.
      standIns: [173913 + 150000 * i, 173917 + 150000 * i],
      inText: true,
      sums: GATE_TIMEOUT_SUMS,
    },
    {
      variable: `${pipeline}_gate_min_severity`,
      expression: `try(var.${pipeline}_approval_gate.min_severity, 0)`,
      standIns: [2.25 + i, 2.75 + i],
    },
  ]),
  // The EC2 and EKS pipelines' own settings (docs/containment-ec2.md, containment-eks.md); null: the config's default.
  {
    variable: "ec2_quarantine_security_group_name",
    expression: 'coalesce(var.ec2_quarantine_security_group_name, "${var.name_prefix}-quarantine")',
    standIns: ["QuarantineGroupStandIn", "OtherQuarantineGroupStandIn"],
  },
  // Tag and label keys are also object keys (`aws:RequestTag/<key>` in the EC2 role's conditions, the EKS
  // definition's label maps): the substitution writes those keys as expressions. Stand-ins of distinct keys, so
  // the syntheses keep every key (with the config's defaults the exemption and isolation keys are one).
  ...(
    [
      ["ec2_exemption_tag", "EcTwoExemption"],
      ["ec2_isolation_tag", "EcTwoIsolation"],
      ["eks_exemption_label", "EksExemption"],
      ["eks_isolation_label", "EksIsolation"],
    ] as const
  ).flatMap(([variable, word]): Parameter[] =>
    (["key", "value"] as const).map((part) => ({
      variable: `${variable}_${part}`,
      expression: `var.${variable}.${part}`,
      standIns: [`${word}${part === "key" ? "Key" : "Value"}Sample`, `${word}${part === "key" ? "Key" : "Value"}Other`],
    })),
  ),
  { variable: "log_retention_in_days", expression: "var.log_retention_in_days", standIns: [3288, 2922] },
  { variable: "maximum_retry_attempts", expression: "var.maximum_retry_attempts", standIns: [177, 178] },
  { variable: "maximum_event_age_in_seconds", expression: "var.maximum_event_age_in_seconds", standIns: [77777, 77778] },
  // In the management account: the account it designates as GuardDuty delegated administrator.
  { variable: "organization_admin_account_id", expression: "var.organization_admin_account_id", standIns: ["333333333331", "333333333332"] },
  // In the delegated administrator's account: the organization configuration's settings, each ALL, NEW or NONE.
  ...ORGANIZATION_SETTINGS.map(([setting, field]): Parameter => ({
    variable: `organization_${setting}`,
    expression: `var.organization_configuration.${setting}`,
    standIns: ["ALL", "NEW"],
    field,
  })),
  // An agent endpoint's own settings (agent_endpoints, a map collection): they read the item.
  { variable: "agent_endpoint_vpc_id", expression: `${ITEM}.vpc_id`, standIns: ["vpc-0a0a0a0a0a0a0a0a1", "vpc-0b0b0b0b0b0b0b0b2"] },
  { variable: "agent_endpoint_organization_id", expression: `${ITEM}.organization_id`, standIns: ["o-sampleorg0a1", "o-otherorg0b2"] },
  // null without a version: EKS picks the default version for the cluster (the config's default).
  {
    variable: "agent_endpoint_addon_version",
    expression: `try(${ITEM}.eks_addon.addon_version, null)`,
    standIns: ["v1.91.0-eksbuild.1", "v1.92.0-eksbuild.2"],
  },
];

export const LIST_PARAMETERS: readonly ListParameter[] = [
  {
    variable: "agent_endpoint_subnet_ids",
    expression: `${ITEM}.subnet_ids`,
    standIns: [
      ["subnet-0a0a0a0a0a0a0a0a3", "subnet-0a0a0a0a0a0a0a0a4"],
      ["subnet-0b0b0b0b0b0b0b0b5", "subnet-0b0b0b0b0b0b0b0b6"],
    ],
  },
  {
    variable: "agent_endpoint_allowed_cidrs",
    expression: `${ITEM}.allowed_cidrs`,
    standIns: [
      ["10.91.0.0/16", "10.92.0.0/16"],
      ["10.93.0.0/16", "10.94.0.0/16"],
    ],
  },
  // The module writes the accounts as a list also for one (the app writes one as a string): a negated condition
  // operator with several values is their NOR, so a list of one is that value (IAM User Guide, "Conditions with
  // multiple context keys or values", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html).
  {
    variable: "agent_endpoint_allowed_account_ids",
    expression: `${ITEM}.allowed_account_ids`,
    standIns: [
      ["210987654321", "210987654322"],
      ["210987654323", "210987654324"],
    ],
  },
];

const PIPELINE_SWITCHES = { ecs_auto_stop: "create_ecs_auto_stop", ec2_isolation: "create_ec2_isolation", eks_containment: "create_eks_containment" } as const;

/** A pipeline's blast-radius cap (safety rails, docs/safety-rails.md): a switch (the variable is set) with two parameters. */
const blastRadiusCap = (pipeline: (typeof PIPELINES)[number]): Switch => ({
  variable: `${pipeline}_blast_radius_cap`,
  on: `var.${pipeline}_blast_radius_cap != null`,
  // The loader's rules (config/rules/safety-rails-caps-deployed.ts, safety-rails-ecs-workflow.ts): the seed ECS
  // workflow has no place for a rail, so the ECS cap needs the guarded one; the other pipelines' caps do not.
  requires: pipeline === "ecs_auto_stop" ? [PIPELINE_SWITCHES[pipeline], "workflow"] : [PIPELINE_SWITCHES[pipeline]],
  requiresBecause:
    pipeline === "ecs_auto_stop"
      ? 'a cap of a pipeline that is not deployed would be ignored, and the seed workflow has no place for safety rails (workflow = "guarded")'
      : "a cap of a pipeline that is not deployed would be ignored",
  apply: (doc, on, p) => {
    if (!on) return;
    const caps = ((doc.safety_rails ??= {}).blast_radius_cap ??= {});
    caps[pipeline] = { max_actions: p(`${pipeline}_cap_max_actions`), window: "minute" };
  },
});

/**
 * A pipeline's approval gate (docs/approval-gate.md): a switch (the variable is set) with its timeout and severity
 * threshold as parameters, and two switches of its own: on_timeout hold (else act), and a threshold set.
 */
const approvalGate = (pipeline: (typeof PIPELINES)[number]): Switch[] => {
  const variable = `${pipeline}_approval_gate`;
  const set = (doc: ConfigDocument, f: (gate: ConfigDocument) => void) => {
    const gate = doc.safety_rails?.approval_gate?.[pipeline];
    if (gate !== undefined) f(gate);
  };
  return [
    {
      variable,
      on: `var.${variable} != null`,
      // The loader's rules (config/rules/approval-gate-deployed.ts, approval-gate-ecs-workflow.ts).
      requires: pipeline === "ecs_auto_stop" ? [PIPELINE_SWITCHES[pipeline], "workflow"] : [PIPELINE_SWITCHES[pipeline]],
      requiresBecause:
        pipeline === "ecs_auto_stop"
          ? 'a gate of a pipeline that is not deployed would be ignored, and the seed workflow has no place for an approval gate (workflow = "guarded")'
          : "a gate of a pipeline that is not deployed would be ignored",
      apply: (doc, on, p) => {
        if (!on) return;
        const gates = ((doc.safety_rails ??= {}).approval_gate ??= {});
        gates[pipeline] = { timeout_seconds: p(`${pipeline}_gate_timeout_seconds`), on_timeout: "hold", min_severity: p(`${pipeline}_gate_min_severity`) };
      },
    },
    {
      variable: `${variable}_hold`,
      on: `try(var.${variable}.on_timeout, "hold") == "hold"`,
      requires: [variable],
      apply: (doc, on) => (on ? undefined : set(doc, (gate) => void (gate.on_timeout = "act"))),
    },
    {
      variable: `${variable}_min_severity`,
      on: `try(var.${variable}.min_severity, null) != null`,
      requires: [variable],
      apply: (doc, on) => (on ? undefined : set(doc, (gate) => void delete gate.min_severity)),
    },
  ];
};

/**
 * The cap's window picks an expression of the definition, not a value: three values as two switches, "minute" and
 * "not day". Both on: minute (the base); "minute" off: hour; "not day" off: day.
 */
const capWindow = (pipeline: (typeof PIPELINES)[number]): Switch[] => {
  const window = `try(var.${pipeline}_blast_radius_cap.window, "hour")`;
  const set = (doc: ConfigDocument, value: string) => {
    const cap = doc.safety_rails?.blast_radius_cap?.[pipeline];
    if (cap !== undefined) cap.window = value;
  };
  return [
    { variable: `${pipeline}_cap_window_minute`, on: `${window} == "minute"`, apply: (doc, on) => (on ? undefined : set(doc, "hour")) },
    { variable: `${pipeline}_cap_window_not_day`, on: `${window} != "day"`, apply: (doc, on) => (on ? undefined : set(doc, "day")) },
  ];
};

/**
 * An optional protection plan (detector_features): ENABLED, DISABLED or not set. A created detector writes every plan
 * (not set: DISABLED), an adopted one only the plans set (protectionPlanStatuses in
 * functions/guardduty/runtime-monitoring-features.ts). Two switches, "set" and "ENABLED"; each family is one
 * synthesis for every plan, and the group with create_detector says when an adopted detector has the plan.
 */
const detectorFeature = (plan: ProtectionPlan): Switch[] => {
  const owns = `feature_${plan.toLowerCase()}`;
  const set = `detector_features_${plan.toLowerCase()}_set`;
  const features = (doc: ConfigDocument): ConfigDocument => (doc.detector.features ??= {});
  return [
    {
      variable: set,
      on: `contains(keys(var.detector_features), "${plan}")`,
      family: { name: "detector_features_set", owns },
      apply: (doc, on) => {
        if (on) features(doc)[plan] ??= "ENABLED";
        else delete features(doc)[plan];
      },
    },
    {
      variable: `detector_features_${plan.toLowerCase()}_enabled`,
      on: `lookup(var.detector_features, "${plan}", "DISABLED") == "ENABLED"`,
      requires: [set],
      family: { name: "detector_features_enabled", owns },
      apply: (doc, on) => {
        if (plan in features(doc)) features(doc)[plan] = on ? "ENABLED" : "DISABLED";
      },
    },
  ];
};

export const SWITCHES: readonly Switch[] = [
  {
    variable: "create_detector",
    on: "var.create_detector",
    // Off while the detector is looked up (that switch's HCL reads create_detector itself: no validation needed).
    requires: ["detector_not_looked_up"],
    apply: (doc, on, p) => {
      // An adopted detector's settings are not Terraform's: the loader refuses a frequency with it.
      if (!on) doc.detector = { ...doc.detector, create: false, existing_detector_id: p("detector_id"), finding_publishing_frequency: undefined };
    },
  },
  // The detector is created (the base), adopted by id (create_detector off), or looked up: create_detector false
  // without detector_id, where GuardDuty enabled it (an organization member, the delegated administrator). The
  // lookup overrides create_detector's setting (applied after it); the delegated administrator's is looked up.
  {
    variable: "detector_not_looked_up",
    on: "var.create_detector || var.detector_id != null",
    requires: ["organization_configuration"],
    apply: (doc, on) => {
      if (!on) doc.detector = { ...doc.detector, create: false, existing_detector_id: undefined, finding_publishing_frequency: undefined };
    },
  },
  // AWS Organizations (docs/organization-rollout.md): the management account designates the delegated
  // administrator, whose calls then carry the organization configuration. One account each (the loader refuses
  // the management account as administrator), so one module call does one or the other.
  {
    variable: "organization_admin_account_id",
    on: "var.organization_admin_account_id != null",
    requires: ["organization_configuration"],
    requiresMessage:
      "organization_admin_account_id (in the management account) and organization_configuration (in the delegated administrator's) belong to two module calls: AWS recommends not delegating GuardDuty to the management account.",
    apply: (doc, on, p) => {
      if (!on) return;
      doc.account_id = ORGANIZATION_ACCOUNT;
      doc.organization = { delegated_admin_account_id: p("organization_admin_account_id"), management_account_id: ORGANIZATION_ACCOUNT };
    },
  },
  {
    // On: no organization configuration (the switch's variable is an object or null).
    variable: "organization_configuration",
    on: "var.organization_configuration == null",
    validations: [
      {
        condition: "var.organization_configuration == null || (!var.create_detector && var.detector_id == null)",
        errorMessage:
          "organization_configuration needs create_detector = false and detector_id = null: the delegated administrator's detector exists (designating the account enabled GuardDuty there), and the module looks it up.",
      },
    ],
    apply: (doc, on, p) => {
      if (on) return;
      doc.account_id = ORGANIZATION_ACCOUNT;
      doc.organization = {
        delegated_admin_account_id: ORGANIZATION_ACCOUNT,
        ...Object.fromEntries(ORGANIZATION_SETTINGS.map(([setting]) => [setting, p(`organization_${setting}`)])),
      };
    },
  },
  {
    variable: "enable_runtime_monitoring",
    on: "var.enable_runtime_monitoring",
    apply: (doc, on) => void (doc.detector.runtime_monitoring.enabled = on),
  },
  ...OPTIONAL_PROTECTION_PLANS.flatMap(detectorFeature),
  ...(["eks_addon_management", "ec2_agent_management", "ecs_fargate_agent_management"] as const).map((setting): Switch => ({
    variable: setting,
    on: `var.${setting}`,
    apply: (doc, on, p) => {
      doc.detector.runtime_monitoring[setting] = on;
      // An agent endpoint installs the EKS add-on only while GuardDuty does not manage it (the loader's rule).
      if (setting === "eks_addon_management" && !on) {
        for (const e of doc.agent_endpoints ?? []) e.eks_addon = { cluster_names: [AGENT_ADDON_CLUSTER], addon_version: p("agent_endpoint_addon_version") };
      }
    },
  })),
  { variable: "create_ecs_auto_stop", on: "var.create_ecs_auto_stop", apply: (doc, on) => void (doc.ecs_auto_stop.enabled = on) },
  {
    variable: "workflow",
    // With the ECS pipeline off the workflow changes nothing: the loader refuses the rails only with the seed
    // workflow deployed (config/rules/safety-rails-ecs-workflow.ts), so the switch counts as on then.
    on: '(var.workflow == "guarded" || !var.create_ecs_auto_stop)',
    onWhileOff: "create_ecs_auto_stop",
    apply: (doc, on) => {
      doc.ecs_auto_stop.workflow = on ? "guarded" : "seed";
      // The guarded workflow's settings: the loader refuses them with the seed's.
      if (!on) for (const setting of ["exemption_tag", "min_healthy_tasks"]) delete doc.ecs_auto_stop[setting];
    },
  },
  {
    variable: "min_severity",
    on: "var.min_severity != null",
    apply: (doc, on, p) => void ((doc.ecs_auto_stop.filters ??= {}).min_severity = on ? p("min_severity") : undefined),
  },
  {
    variable: "dry_run",
    on: "var.dry_run",
    // The seed workflow has no dry run (the loader refuses the setting with it).
    apply: (doc, on) => void (doc.ecs_auto_stop.dry_run = doc.ecs_auto_stop.workflow === "guarded" ? on : undefined),
  },
  { variable: "include_execution_data", on: "var.include_execution_data", apply: (doc, on) => eachPipeline(doc, (s) => void (s.include_execution_data = on)) },
  { variable: "tracing_enabled", on: "var.tracing_enabled", apply: (doc, on) => eachPipeline(doc, (s) => void (s.tracing = on)) },
  { variable: "create_ec2_isolation", on: "var.create_ec2_isolation", apply: (doc, on) => void (doc.ec2_isolation.enabled = on) },
  { variable: "create_eks_containment", on: "var.create_eks_containment", apply: (doc, on) => void (doc.eks_containment.enabled = on) },
  { variable: "ec2_dry_run", on: "var.ec2_dry_run", apply: (doc, on) => void (doc.ec2_isolation.dry_run = on) },
  {
    variable: "ec2_include_self_managed_containers",
    on: "var.ec2_include_self_managed_containers",
    apply: (doc, on) => void (doc.ec2_isolation.include_self_managed_containers = on),
  },
  { variable: "ec2_isolate_container_hosts", on: "var.ec2_isolate_container_hosts", apply: (doc, on) => void (doc.ec2_isolation.isolate_container_hosts = on) },
  { variable: "eks_dry_run", on: "var.eks_dry_run", apply: (doc, on) => void (doc.eks_containment.dry_run = on) },
  { variable: "eks_action", on: 'var.eks_action == "isolate"', apply: (doc, on) => void (doc.eks_containment.action = on ? "isolate" : "delete") },
  {
    variable: "create_topic",
    on: "var.create_topic",
    apply: (doc, on, p) => {
      if (!on) doc.notifications.existing_topic_arn = p("existing_topic_arn");
    },
  },
  {
    variable: "create_kms_key",
    on: "var.create_kms_key",
    apply: (doc, on, p) => {
      if (!on) doc.notifications.existing_kms_key_arn = p("kms_key_arn");
    },
  },
  {
    variable: "kill_switch",
    on: "var.kill_switch",
    apply: (doc, on) => void ((doc.safety_rails ??= {}).kill_switch = on),
    // The seed ECS workflow has no place for the rails: the loader refuses the switch with it deployed (the
    // workflow switch is on without the ECS pipeline).
    requires: ["workflow"],
    requiresBecause: 'the seed ECS workflow, when deployed, has no place for safety rails (workflow = "guarded", or create_ecs_auto_stop = false)',
  },
  ...PIPELINES.flatMap((pipeline) => [blastRadiusCap(pipeline), ...capWindow(pipeline)]),
  ...PIPELINES.flatMap(approvalGate),
  {
    variable: "approver_require_mfa",
    on: "var.approver_require_mfa",
    apply: (doc, on) => void (((doc.safety_rails ??= {}).approval_gate ??= {}).require_mfa = on),
  },
  { variable: "create_dead_letter_queue", on: "var.create_dead_letter_queue", apply: (doc, on) => eachPipeline(doc, (s) => void (s.dead_letter_queue = on)) },
  { variable: "create_alarms", on: "var.create_alarms", apply: (doc, on) => eachPipeline(doc, (s) => void (s.alarms = on)) },
  {
    variable: "notify_coverage_unhealthy",
    on: "var.notify_coverage_unhealthy",
    apply: (doc, on) => void (doc.notifications.coverage_unhealthy = on),
    requires: ["create_topic"],
    requiresBecause: "an existing topic's policy must let EventBridge publish: route the event yourself",
  },
  // An agent endpoint's switches (`agent_endpoints:`): they read the item, so they filter its for_each. The endpoint
  // policy admits listed accounts (the base), an organization, or the deploying account: three values as two
  // switches, "not organization" and "principals given"; an organization is given, so "not organization" off
  // turns "principals given" on.
  {
    variable: "agent_endpoints:allowed_cidrs",
    on: `${ITEM}.allowed_cidrs != null`,
    apply: (doc, on) => eachEndpoint(doc, (e) => void (on ? undefined : delete e.allowed_cidrs)),
  },
  {
    variable: "agent_endpoints:not_organization",
    on: `${ITEM}.organization_id == null`,
    apply: (doc, on, p) =>
      eachEndpoint(doc, (e) => {
        if (on) return;
        delete e.allowed_account_ids;
        e.organization_id = p("agent_endpoint_organization_id");
      }),
  },
  {
    variable: "agent_endpoints:principals",
    on: `${ITEM}.allowed_account_ids != null || ${ITEM}.organization_id != null`,
    onWhenOff: ["agent_endpoints:not_organization"],
    apply: (doc, on) => eachEndpoint(doc, (e) => void (on ? undefined : delete e.allowed_account_ids)),
  },
  {
    variable: "agent_endpoints:private_dns",
    on: `${ITEM}.private_dns_enabled`,
    apply: (doc, on) => eachEndpoint(doc, (e) => void (e.private_dns_enabled = on)),
  },
];

/** An ECS finding filter list: no items is no filter (the loader wants at least one item or none). */
const ecsFilter = (variable: string, setting: string, sample: string, more: Partial<Collection> = {}): Collection => ({
  variable,
  sample,
  apply: (doc, items) => void ((doc.ecs_auto_stop.filters ??= {})[setting] = items.length > 0 ? [...items] : undefined),
  ...more,
});

/**
 * A cluster ARN sample: its region is the synthesis's region stand-in (the loader refuses a cluster in another
 * region), its account the account_ids sample (the filters refuse a cluster of an account they leave out). The
 * collections' sample texts hold a region no synthesis has, so that no stand-in is found in them.
 */
// Partition and region are placeholders: a literal `arn:aws:` in the tree would become the partition's expression.
const clusterSample = (name: string) => `arn:xx-sample-partition:ecs:xx-sample-1:${ACCOUNT_SAMPLE}:cluster/${name}`;
const ACCOUNT_SAMPLE = "123456789012";
/**
 * The account of an option set with organization settings (the loader wants the management or administrator
 * account deployed to): the clusters' account, so that none is scoped elsewhere. Only the provider reads it.
 */
const ORGANIZATION_ACCOUNT = ACCOUNT_SAMPLE;
/** A sample cluster ARN in the synthesis's partition and region (the loader refuses a cluster elsewhere). */
const inRegion = (item: string, p: StandIns) =>
  item.replace(/^arn:xx-sample-partition:/, String(p("arn_partition"))).replace(":xx-sample-1:", `:${p("region")}:`);
/** Tasks and services live under their cluster: `arn:...:task/<cluster>/*` (functions/ecs-stop-task/state-machine-role-policy.ts). */
const childrenOfCluster = (kind: string) => ({
  of: (arn: string) => `${arn.replace(":cluster/", `:${kind}/`)}/*`,
  template: `\${replace(item, ":cluster/", ":${kind}/")}/*`,
});

export const COLLECTIONS: readonly Collection[] = [
  { variable: "notification_emails", sample: "module-sample-email@example.com", apply: (doc, items) => void (doc.notifications.emails = [...items]) },
  ecsFilter("finding_types", "finding_types", "Execution:Runtime/NewBinaryExecuted"),
  ecsFilter("exclude_finding_types", "exclude_finding_types", "Execution:Runtime/NewLibraryLoaded"),
  // Before account_ids: their items hold its sample, and a collection's items are spread in this order.
  {
    variable: "cluster_arns",
    sample: clusterSample("scopesample"),
    apply: (doc, items) => void (doc.ecs_auto_stop.cluster_arns = [...items]),
    synthesizedAs: inRegion,
    derived: [childrenOfCluster("task"), childrenOfCluster("service")],
  },
  // Excluded clusters are no part of the filter (functions/ecs-stop-task/finding-filters.ts selectionOf).
  ecsFilter("filter_cluster_arns", "cluster_arns", clusterSample("filtersample"), {
    synthesizedAs: inRegion,
    items: "[for a in var.filter_cluster_arns : a if !contains(var.exclude_cluster_arns, a)]",
  }),
  ecsFilter("exclude_cluster_arns", "exclude_cluster_arns", clusterSample("excludesample"), { synthesizedAs: inRegion }),
  ecsFilter("account_ids", "account_ids", ACCOUNT_SAMPLE),
  {
    variable: "eks_cluster_names",
    sample: "samplecluster",
    secondSample: "othercluster",
    apply: (doc, items) => void (doc.eks_containment.cluster_names = [...items]),
  },
  {
    variable: "eks_namespaces",
    sample: "samplenamespace",
    secondSample: "othernamespace",
    apply: (doc, items) => void (doc.eks_containment.namespaces = [...items]),
  },
  {
    // kube-system is protected always, first: listed again it is dropped (resolveProtectedNamespaces).
    variable: "eks_protected_namespaces",
    sample: "protectedsample",
    items: `[for n in var.eks_protected_namespaces : n if !contains(${JSON.stringify(EKS_ALWAYS_PROTECTED_NAMESPACES)}, n)]`,
    apply: (doc, items) => void (doc.eks_containment.protected_namespaces = [...items]),
  },
  {
    variable: "ec2_container_host_tag_keys",
    sample: "SampleContainerHostKey",
    apply: (doc, items) => void (doc.ec2_isolation.container_host_tag_keys = [...items]),
  },
  {
    variable: "approver_role_names",
    sample: "sample-approver-role",
    apply: (doc, items) => void (((doc.safety_rails ??= {}).approval_gate ??= {}).approver_role_names = [...items]),
  },
  {
    variable: "approver_group_names",
    sample: "sample-approver-group",
    apply: (doc, items) => void (((doc.safety_rails ??= {}).approval_gate ??= {}).approver_group_names = [...items]),
  },
  {
    // guardduty-data endpoints for manually managed agents (modules/guardduty-agent-endpoint), by name. The sample
    // has every setting (its switches turn them off); the EKS add-on comes with eks_addon_management off.
    variable: "agent_endpoints",
    sample: AGENT_ENDPOINT_SAMPLE,
    map: { nested: { sample: AGENT_ADDON_CLUSTER, expression: `try(${ITEM}.eks_addon.cluster_names, [])` } },
    apply: (doc, items, standIn) => {
      const p = standInsOf(standIn);
      const list = (v: string) => [...listStandIn(v, standIn)];
      doc.agent_endpoints = items.map((name) => ({
        name,
        vpc_id: p("agent_endpoint_vpc_id"),
        subnet_ids: list("agent_endpoint_subnet_ids"),
        allowed_cidrs: list("agent_endpoint_allowed_cidrs"),
        allowed_account_ids: list("agent_endpoint_allowed_account_ids"),
      }));
    },
  },
];

/**
 * Switches (and `#collection`s: "has items") that only together remove something: each pipeline needs the topic,
 * so the topic goes only when all are off. One more synthesis each, with the whole group off; what it lacks
 * exists when any of them is on.
 */
export const GROUPS: readonly (readonly string[])[] = [
  // An adopted detector has a protection plan only when the plan is set.
  ...OPTIONAL_PROTECTION_PLANS.map((plan) => ["create_detector", `detector_features_${plan.toLowerCase()}_set`]),
  // The key's statement for the pipelines' roles goes with the last pipeline (the coverage rule may stay).
  ["create_ecs_auto_stop", "create_ec2_isolation", "create_eks_containment"],
  ["create_ecs_auto_stop", "create_ec2_isolation", "create_eks_containment", "notify_coverage_unhealthy"],
  ["#finding_types", "#exclude_finding_types"],
  ["#filter_cluster_arns", "#exclude_cluster_arns"],
  // The rails are a chain in front of the action (kill switch, approval gate, cap): the state before each rail
  // points at the first rail after it that exists. merge.ts nests a group's alternative around the ones before it,
  // so a group comes after every group that turns off less.
  ...PIPELINES.flatMap((pipeline) => {
    const [kill, gate, cap] = ["kill_switch", `${pipeline}_approval_gate`, `${pipeline}_blast_radius_cap`];
    return [
      // The gate starts at its severity check only with a threshold: the state before it points at either. First:
      // a gate turned off turns its threshold off too, so the groups with the gate go around this one.
      [kill, `${gate}_min_severity`],
      // Acting on no answer goes on to the cap, or to the action without one.
      [`${gate}_hold`, cap],
      [kill, cap],
      [kill, gate],
      [gate, cap],
      [kill, gate, cap],
    ];
  }),
  // One counter table for every cap.
  PIPELINES.map((pipeline) => `${pipeline}_blast_radius_cap`),
  // One approvers' policy for every gate.
  PIPELINES.map((pipeline) => `${pipeline}_approval_gate`),
];

/** The literal name of a group: `any:a,b`. */
export const groupSwitch = (group: readonly string[]) => `any:${group.join(",")}`;

/** One option set: every switch, every collection's items, which stand-ins. */
export interface Options {
  readonly switches: Readonly<Record<string, boolean>>;
  readonly collections: Readonly<Record<string, readonly string[]>>;
  readonly standIn: 0 | 1;
  /** Values of one's choosing for some parameters instead of their stand-ins (tests: see bindParameters). */
  readonly values?: Readonly<Record<string, string | number>>;
}

/** Every switch on, every collection with its sample: the base synthesis. */
export function baseOptions(standIn: 0 | 1 = 0): Options {
  return {
    switches: Object.fromEntries(SWITCHES.map((s) => [s.variable, true])),
    collections: Object.fromEntries(COLLECTIONS.map((c) => [c.variable, [c.sample]])),
    standIn,
  };
}

// By variable: the syntheses ask for them thousands of times.
const PARAMETER_BY_VARIABLE = new Map(PARAMETERS.map((p) => [p.variable, p]));
const SWITCH_BY_VARIABLE = new Map(SWITCHES.map((s) => [s.variable, s]));

export function standInsOf(standIn: 0 | 1): StandIns {
  return (variable) => {
    const p = PARAMETER_BY_VARIABLE.get(variable);
    if (p === undefined) throw new Error(`definition: no parameter ${variable}`);
    return p.standIns[standIn];
  };
}

/** Each parameter's value in an option set: its own value, else the stand-in. */
export function parameterValues(options: Options): StandIns {
  const p = standInsOf(options.standIn);
  return (variable) => options.values?.[variable] ?? p(variable);
}

export function listStandIn(variable: string, standIn: 0 | 1): readonly string[] {
  const p = LIST_PARAMETERS.find((x) => x.variable === variable);
  if (p === undefined) throw new Error(`definition: no list parameter ${variable}`);
  return p.standIns[standIn];
}

/**
 * A switch's value in an option set: off also when a switch it requires is off; on while its `onWhileOff` switch is
 * off (its setting changes nothing then).
 */
export function switchOn(options: Options, variable: string): boolean {
  const s = SWITCH_BY_VARIABLE.get(variable);
  return settingOn(options, variable) || (s?.onWhileOff !== undefined && !switchOn(options, s.onWhileOff));
}

/**
 * A switch's setting in the config document: as given, on when one of its `onWhenOff` switches is off, off also
 * when a switch it requires is off.
 */
function settingOn(options: Options, variable: string): boolean {
  const s = SWITCH_BY_VARIABLE.get(variable);
  if ((s?.onWhenOff ?? []).some((o) => !switchOn(options, o))) return true;
  return (options.switches[variable] ?? true) && (s?.requires ?? []).every((r) => switchOn(options, r));
}

/** The config document of one option set. */
export function configDocument(options: Options): ConfigDocument {
  const p = parameterValues(options);
  const doc: ConfigDocument = {
    name: "module",
    environment: "x",
    region: p("region"),
    notifications: { emails: [] },
    detector: { finding_publishing_frequency: p("finding_publishing_frequency"), runtime_monitoring: { enabled: true } },
    ecs_auto_stop: {
      enabled: true,
      exemption_tag: { key: p("exemption_tag_key"), value: p("exemption_tag_value") },
      min_healthy_tasks: p("min_healthy_tasks"),
    },
    ec2_isolation: {
      quarantine_security_group_name: p("ec2_quarantine_security_group_name"),
      exemption_tag: { key: p("ec2_exemption_tag_key"), value: p("ec2_exemption_tag_value") },
      isolation_tag: { key: p("ec2_isolation_tag_key"), value: p("ec2_isolation_tag_value") },
    },
    eks_containment: {
      exemption_label: { key: p("eks_exemption_label_key"), value: p("eks_exemption_label_value") },
      isolation_label: { key: p("eks_isolation_label_key"), value: p("eks_isolation_label_value") },
    },
  };
  eachPipeline(doc, (s) => {
    s.log_retention_in_days = p("log_retention_in_days");
    s.log_level = p("log_level");
    s.maximum_retry_attempts = p("maximum_retry_attempts");
    s.maximum_event_age_in_seconds = p("maximum_event_age_in_seconds");
  });
  // Collections first: an agent endpoint's switches change its item.
  for (const c of COLLECTIONS)
    c.apply(
      doc,
      (options.collections[c.variable] ?? [c.sample]).map((item) => c.synthesizedAs?.(item, p) ?? item),
      options.standIn,
    );
  for (const s of SWITCHES) s.apply(doc, settingOn(options, s.variable), p);
  return doc;
}

/** The stack props of one option set, through the app's own config path (so the loader's rules hold). */
export function stackPropsOfOptions(options: Options): RuntimeMonitoringStackProps {
  const config = parseConfig(configDocument(options), "registry module option set");
  const plans = planStacks(config);
  if (plans.length !== 1) throw new Error(`definition: an option set must plan one stack, not ${plans.length}`);
  return { ...stackPropsOf(plans[0]), namePrefix: String(parameterValues(options)("name_prefix")), stateBackend: { type: "local" } };
}

/**
 * The registry module's Terraform files from the constructs: one file per top-level construct (`ecs_auto_stop.tf`),
 * main.tf with the context data sources and locals, outputs.tf and variables.tf. Pure and deterministic.
 */
import { APPROVAL_TIMEOUT_MAX_SECONDS } from "../../../config/approval-gate-settings";
import { FORMATS } from "../../../config/patterns";
import {
  EKS_ALWAYS_PROTECTED_NAMESPACES,
  EKS_DEFAULT_EXEMPTION_LABEL,
  EKS_DEFAULT_ISOLATION_LABEL,
  EKS_DEFAULT_PROTECTED_NAMESPACES,
} from "../../../functions/eks-contain-pod/state-machine";
import {
  EC2_EVIDENCE_TAG_KEYS,
  EC2_ISOLATION_DEFAULT_EXEMPTION_TAG,
  EC2_ISOLATION_DEFAULT_ISOLATION_TAG,
  EC2_QUARANTINE_GROUP_TAG,
} from "../../../functions/ec2-isolate-instance/state-machine";
import { Block, block, attr, raw, renderFile, str, literal, BodyItem, tmpl, renderValue } from "../hcl";
import { QUARANTINE_GROUP_NAME_ALLOWED } from "../../../functions/aws/security-group-name";
import { moduleVariables, ModuleVariable, schemaDefault, schemaDescription, TAG_KEY_RE2, TAG_VALUE_RE2, toRe2 } from "../variables";
import { baseOptions, configDocument, SWITCHES, PARAMETERS, COLLECTIONS, ORGANIZATION_SETTINGS, standInsOf, Switch } from "./definition";
import { generateModuleTree, ModuleTree } from "./generate";
import { elementBlock, localsBlock, resolveReferences } from "./render";
import { StackClass, addressOf } from "./synth";
import { MergedElement } from "./merge";
import { moduleTestFiles } from "./module-tests";
import { Node, parseTemplateText } from "./tree";
import { ORGANIZATION_AUTO_ENABLE, PROTECTION_PLAN_NOT_OFFERED_IN } from "../../../functions/guardduty/runtime-monitoring-features";

export interface TerraformFile {
  readonly path: string;
  readonly blocks: readonly Block[];
}

/** The default protected namespaces besides the ones protected always (the variable lists only those). */
const DEFAULT_PROTECTED_NAMESPACES = EKS_DEFAULT_PROTECTED_NAMESPACES.filter((n) => !EKS_ALWAYS_PROTECTED_NAMESPACES.includes(n));
/** Every namespace protected with the module's setting: the ones protected always, then the variable's. */
const PROTECTED_NAMESPACES_EXPRESSION = `concat(${renderValue(literal([...EKS_ALWAYS_PROTECTED_NAMESPACES]), 0, 0)}, var.eks_protected_namespaces)`;

/** Kubernetes names as config/config-schema.ts (namespaceName, kubernetesLabel) and the EKS workflow (isLabelKey) check them. */
const NAMESPACE_RE2 = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$";
const LABEL_KEY_RE2 = "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$";
/** Non-empty: the workflow selects pods by the value (config/rules/eks-containment-labels.ts). */
const LABEL_VALUE_RE2 = "^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$";

/** A tag of the EC2 pipeline (config/config-schema.ts tagOption; the workflow's assertResourceTag). */
const ec2TagVariable = (name: string, path: string, defaultTag: { key: string; value: string }, more: ModuleVariable["validations"]): ModuleVariable => ({
  name,
  type: "object({ key = string, value = string })",
  description: `EC2 pipeline: ${schemaDescription(path)}`,
  default: { ...defaultTag },
  validations: [
    {
      condition: tmpl(
        "can(regex(",
        str(TAG_KEY_RE2),
        `, var.${name}.key)) && !startswith(lower(var.${name}.key), "aws:") && can(regex(`,
        str(TAG_VALUE_RE2),
        `, var.${name}.value))`,
      ),
      errorMessage: `The ${name} key must be 1-128 letters, digits, spaces and _.:/=+-@, not starting with aws:, and its value at most 256 of them.`,
    },
    ...more,
  ],
});

/** A label of the EKS pipeline (config/config-schema.ts kubernetesLabel; config/rules/eks-containment-labels.ts). */
const eksLabelVariable = (name: string, path: string, defaultLabel: { key: string; value: string }, more: ModuleVariable["validations"]): ModuleVariable => ({
  name,
  type: "object({ key = string, value = string })",
  description: `EKS pipeline: ${schemaDescription(path)}`,
  default: { ...defaultLabel },
  validations: [
    {
      // The key's prefix is a DNS subdomain of at most 253 characters (isLabelKey).
      condition: tmpl("can(regex(", str(LABEL_KEY_RE2), `, var.${name}.key)) && length(split("/", var.${name}.key)[0]) <= 253`),
      errorMessage: `The ${name} key must be a Kubernetes label key: [prefix/]name, the prefix a DNS subdomain of at most 253 characters, the name at most 63.`,
    },
    {
      condition: tmpl("can(regex(", str(LABEL_VALUE_RE2), `, var.${name}.value))`),
      errorMessage: `The ${name} value must be a non-empty Kubernetes label value of at most 63 characters (the workflow selects pods by it).`,
    },
    ...more,
  ],
});

/** The tag keys the EC2 workflow writes itself: not the isolation tag's (config/rules/ec2-isolation-tags.ts). */
const EC2_WRITTEN_TAG_KEYS = [...Object.values(EC2_EVIDENCE_TAG_KEYS), EC2_QUARANTINE_GROUP_TAG.key];

const CAP_WINDOWS = ["minute", "hour", "day"];

/** A pipeline's blast-radius cap variable (docs/safety-rails.md). */
const capVariable = (pipeline: string, label: string): ModuleVariable => ({
  name: `${pipeline}_blast_radius_cap`,
  type: `object({ max_actions = number, window = optional(string, "hour") })`,
  description: `Blast-radius cap of the ${label} pipeline: at most max_actions containment actions per window (${CAP_WINDOWS.join(", ")}), counted in a DynamoDB table; past it findings are only notified. null: not capped.`,
  default: null,
  validations: [
    {
      condition: raw(
        `var.${pipeline}_blast_radius_cap == null || (try(var.${pipeline}_blast_radius_cap.max_actions, 0) >= 1 && try(var.${pipeline}_blast_radius_cap.max_actions, 0) <= 10000)`,
      ),
      errorMessage: `${pipeline}_blast_radius_cap.max_actions must be 1-10000.`,
    },
    {
      condition: tmpl(`var.${pipeline}_blast_radius_cap == null || contains(`, literal(CAP_WINDOWS), `, try(var.${pipeline}_blast_radius_cap.window, ""))`),
      errorMessage: `${pipeline}_blast_radius_cap.window must be one of ${CAP_WINDOWS.join(", ")}.`,
    },
  ],
});

/** A pipeline's approval gate variable (docs/approval-gate.md; config/approval-gate-settings.ts). */
const gateVariable = (pipeline: string, label: string): ModuleVariable => {
  const gate = `var.${pipeline}_approval_gate`;
  return {
    name: `${pipeline}_approval_gate`,
    type: `object({ timeout_seconds = number, on_timeout = optional(string, "hold"), min_severity = optional(number) })`,
    description: `Approval gate of the ${label} pipeline: before acting, it sends an approval request to the topic and waits timeout_seconds (60-${APPROVAL_TIMEOUT_MAX_SECONDS}) for an approver's answer; on_timeout hold (default: do not act) or act; only findings of at least min_severity (0-10) wait, null: every finding. null: acts without approval.`,
    default: null,
    // `||` and `&&` evaluate both sides in Terraform (a null min_severity in a comparison fails the plan); `? :`
    // evaluates the chosen one only, and try() turns a null compared into false.
    validations: [
      {
        condition: raw(
          `${gate} == null ? true : try(floor(${gate}.timeout_seconds) == ${gate}.timeout_seconds && ${gate}.timeout_seconds >= 60 && ${gate}.timeout_seconds <= ${APPROVAL_TIMEOUT_MAX_SECONDS}, false)`,
        ),
        errorMessage: `${pipeline}_approval_gate.timeout_seconds must be a whole number from 60 to ${APPROVAL_TIMEOUT_MAX_SECONDS}.`,
      },
      {
        condition: tmpl(`${gate} == null ? true : try(contains(`, literal(GATE_ON_TIMEOUT), `, ${gate}.on_timeout), false)`),
        errorMessage: `${pipeline}_approval_gate.on_timeout must be one of ${GATE_ON_TIMEOUT.join(", ")}.`,
      },
      {
        condition: raw(`${gate} == null ? true : ${gate}.min_severity == null ? true : ${gate}.min_severity >= 0 && ${gate}.min_severity <= 10`),
        errorMessage: `${pipeline}_approval_gate.min_severity must be a number from 0 to 10.`,
      },
    ],
  };
};

const GATE_ON_TIMEOUT = ["hold", "act"];

/** IAM names as config/approval-gate-settings.ts checks them (IAM API reference, CreateRole and CreateGroup). */
const approverNames = (variable: string, what: string, max: number): ModuleVariable => ({
  name: variable,
  type: "list(string)",
  description: `Existing IAM ${what}s of the people who may approve or deny: the approvers' policy (states:SendTaskSuccess and SendTaskFailure in this region) is attached to them. Its ARN is the output approver_policy_arn. Only with an approval gate.`,
  default: [],
  validations: [
    {
      condition: tmpl(`alltrue([for n in var.${variable} : can(regex(`, str(`^[\\w+=,.@-]{1,${max}}$`), ", n))])"),
      errorMessage: `Each ${variable} item must be an IAM ${what} name (1-${max} of A-Z a-z 0-9 _+=,.@-).`,
    },
    {
      condition: raw(`length(distinct(var.${variable})) == length(var.${variable})`),
      errorMessage: `Each value of ${variable} may appear only once.`,
    },
  ],
});

/** organization_configuration's settings, as the config's organization section has them (ALL, NEW or NONE; default ALL). */
const ORGANIZATION_VARIABLE_SETTINGS = ORGANIZATION_SETTINGS.map(([setting]) => setting);

/** Variables the hand-written module did not have: the pipelines and settings it did not cover. */
const NEW_VARIABLES: readonly ModuleVariable[] = [
  {
    name: "organization_admin_account_id",
    type: "string",
    description:
      "In the organization's management account: designate this account as the GuardDuty delegated administrator (aws_guardduty_organization_admin_account; designating it enables GuardDuty there). Region by region: one module call per region. null: no designation.",
    default: null,
    validations: [
      {
        condition: tmpl(
          "var.organization_admin_account_id == null ? true : can(regex(",
          str(toRe2(FORMATS.accountId.pattern)),
          ", var.organization_admin_account_id))",
        ),
        errorMessage: `The organization_admin_account_id must be ${FORMATS.accountId.expected}.`,
      },
    ],
  },
  {
    name: "organization_configuration",
    type: `object({ ${ORGANIZATION_VARIABLE_SETTINGS.map((s) => `${s} = optional(string, ${JSON.stringify(schemaDefault(`organization.${s}`))})`).join(", ")} })`,
    description: `In the delegated administrator's account, after its designation: the organization configuration of this region, each setting ${ORGANIZATION_AUTO_ENABLE.join(", ")}. ${ORGANIZATION_VARIABLE_SETTINGS.map((s) => `${s}: ${schemaDescription(`organization.${s}`)}`).join(" ")} The detector is looked up (create_detector = false, detector_id = null). null: no organization configuration.`,
    default: null,
    validations: ORGANIZATION_VARIABLE_SETTINGS.map((setting) => ({
      condition: tmpl(
        `var.organization_configuration == null ? true : contains(`,
        literal([...ORGANIZATION_AUTO_ENABLE]),
        `, var.organization_configuration.${setting})`,
      ),
      errorMessage: `organization_configuration.${setting} must be one of ${ORGANIZATION_AUTO_ENABLE.join(", ")}.`,
    })),
  },
  {
    name: "kill_switch",
    type: "bool",
    description:
      "Deploy one kill switch (SSM parameter, act or notify-only) that every pipeline reads before acting: notify-only turns them all into notify-only without a deploy (docs/safety-rails.md).",
    default: false,
    validations: [],
  },
  capVariable("ecs_auto_stop", "ECS"),
  capVariable("ec2_isolation", "EC2"),
  capVariable("eks_containment", "EKS"),
  gateVariable("ecs_auto_stop", "ECS"),
  gateVariable("ec2_isolation", "EC2"),
  gateVariable("eks_containment", "EKS"),
  approverNames("approver_role_names", "role", 64),
  approverNames("approver_group_names", "group", 128),
  {
    name: "approver_require_mfa",
    type: "bool",
    description: "Approvers must use credentials obtained with MFA (aws:MultiFactorAuthPresent) to answer approval requests.",
    default: false,
    validations: [],
  },
  {
    name: "create_ec2_isolation",
    type: "bool",
    description: "Deploy the pipeline that isolates EC2 instances Runtime Monitoring reports (see docs/containment-ec2.md).",
    default: false,
    validations: [],
  },
  {
    name: "create_eks_containment",
    type: "bool",
    description: "Deploy the pipeline that contains EKS pods Runtime Monitoring reports (see docs/containment-eks.md).",
    default: false,
    validations: [],
  },
  {
    name: "ec2_dry_run",
    type: "bool",
    description: `EC2 pipeline: ${schemaDescription("ec2_isolation.dry_run")}`,
    default: schemaDefault("ec2_isolation.dry_run"),
    validations: [],
  },
  {
    name: "ec2_quarantine_security_group_name",
    type: "string",
    description: `EC2 pipeline: ${schemaDescription("ec2_isolation.quarantine_security_group_name")} null: \`<name_prefix>-quarantine\`.`,
    default: null,
    validations: [
      {
        // functions/aws/security-group-name.ts, the loader's and the workflow's rule.
        condition: tmpl(
          "var.ec2_quarantine_security_group_name == null ? true : can(regex(",
          str("^[A-Za-z0-9 ._\\-:/@+=]{1,255}$"),
          ', var.ec2_quarantine_security_group_name)) && !startswith(lower(var.ec2_quarantine_security_group_name), "sg-")',
        ),
        errorMessage: `The ec2_quarantine_security_group_name must be ${QUARANTINE_GROUP_NAME_ALLOWED}.`,
      },
    ],
  },
  {
    name: "ec2_include_self_managed_containers",
    type: "bool",
    description: `EC2 pipeline: ${schemaDescription("ec2_isolation.include_self_managed_containers")}`,
    default: schemaDefault("ec2_isolation.include_self_managed_containers"),
    validations: [],
  },
  {
    name: "ec2_isolate_container_hosts",
    type: "bool",
    description: `EC2 pipeline: ${schemaDescription("ec2_isolation.isolate_container_hosts").replace(" See docs/containment-ec2.md.", "")}`,
    default: schemaDefault("ec2_isolation.isolate_container_hosts"),
    validations: [],
  },
  {
    name: "ec2_container_host_tag_keys",
    type: "list(string)",
    description: `EC2 pipeline: ${schemaDescription("ec2_isolation.container_host_tag_keys")}`,
    default: [],
    validations: [
      {
        condition: tmpl("alltrue([for k in var.ec2_container_host_tag_keys : can(regex(", str(TAG_KEY_RE2), ', k)) && !startswith(lower(k), "aws:")])'),
        errorMessage: "Each ec2_container_host_tag_keys item must be 1-128 letters, digits, spaces and _.:/=+-@, not starting with aws:.",
      },
      {
        condition: raw("length(distinct(var.ec2_container_host_tag_keys)) == length(var.ec2_container_host_tag_keys)"),
        errorMessage: "Each value of ec2_container_host_tag_keys may appear only once.",
      },
    ],
  },
  ec2TagVariable("ec2_exemption_tag", "ec2_isolation.exemption_tag", EC2_ISOLATION_DEFAULT_EXEMPTION_TAG, []),
  ec2TagVariable("ec2_isolation_tag", "ec2_isolation.isolation_tag", EC2_ISOLATION_DEFAULT_ISOLATION_TAG, [
    {
      condition: raw("var.ec2_isolation_tag.key != var.ec2_exemption_tag.key || var.ec2_isolation_tag.value != var.ec2_exemption_tag.value"),
      errorMessage: "The ec2_isolation_tag must differ from the ec2_exemption_tag: an isolated instance would read as exempt.",
    },
    {
      condition: tmpl("!contains(", literal(EC2_WRITTEN_TAG_KEYS), ", var.ec2_isolation_tag.key)"),
      errorMessage: `The ec2_isolation_tag key must be other than ${EC2_WRITTEN_TAG_KEYS.join(", ")} (the workflow writes those itself).`,
    },
  ]),
  eksLabelVariable("eks_exemption_label", "eks_containment.exemption_label", EKS_DEFAULT_EXEMPTION_LABEL, []),
  eksLabelVariable("eks_isolation_label", "eks_containment.isolation_label", EKS_DEFAULT_ISOLATION_LABEL, [
    {
      condition: raw("var.eks_isolation_label.key != var.eks_exemption_label.key || var.eks_isolation_label.value != var.eks_exemption_label.value"),
      errorMessage: "The eks_isolation_label must differ from the eks_exemption_label: an isolated pod would count as exempt.",
    },
  ]),
  {
    name: "eks_protected_namespaces",
    type: "list(string)",
    description: `EKS pipeline: namespaces never acted on, besides ${EKS_ALWAYS_PROTECTED_NAMESPACES.join(", ")} (protected always, listed or not). eks_namespaces may not name any.`,
    default: DEFAULT_PROTECTED_NAMESPACES,
    validations: [
      {
        condition: tmpl("alltrue([for n in var.eks_protected_namespaces : can(regex(", str(NAMESPACE_RE2), ", n))])"),
        errorMessage: "Each eks_protected_namespaces item must be a Kubernetes namespace name (1-63 of a-z 0-9 -, starting and ending with a letter or digit).",
      },
      {
        condition: raw("length(distinct(var.eks_protected_namespaces)) == length(var.eks_protected_namespaces)"),
        errorMessage: "Each value of eks_protected_namespaces may appear only once.",
      },
    ],
  },
  {
    name: "eks_dry_run",
    type: "bool",
    description: `EKS pipeline: ${schemaDescription("eks_containment.dry_run")}`,
    default: schemaDefault("eks_containment.dry_run"),
    validations: [],
  },
  {
    name: "eks_action",
    type: "string",
    description: `EKS pipeline: ${schemaDescription("eks_containment.action")}`,
    default: schemaDefault("eks_containment.action"),
    validations: [
      { condition: tmpl("contains(", literal(["isolate", "delete"]), ", var.eks_action)"), errorMessage: 'The eks_action must be "isolate" or "delete".' },
    ],
  },
  {
    name: "eks_cluster_names",
    type: "list(string)",
    description: `${schemaDescription("eks_containment.cluster_names")} At least one with create_eks_containment.`,
    default: [],
    validations: [
      {
        condition: tmpl("alltrue([for c in var.eks_cluster_names : can(regex(", str(toRe2(FORMATS.eksClusterName.pattern)), ", c))])"),
        errorMessage: `Each eks_cluster_names item must be ${FORMATS.eksClusterName.expected}.`,
      },
      {
        condition: raw("!var.create_eks_containment || length(var.eks_cluster_names) > 0"),
        errorMessage: "eks_cluster_names needs at least one EKS cluster name while create_eks_containment is true.",
      },
    ],
  },
  {
    name: "eks_namespaces",
    type: "list(string)",
    description: `${schemaDescription("eks_containment.namespaces")} At least one with create_eks_containment.`,
    default: [],
    validations: [
      {
        condition: raw(`alltrue([for n in var.eks_namespaces : !contains(${PROTECTED_NAMESPACES_EXPRESSION}, n)])`),
        errorMessage: `Protected namespaces are refused: ${EKS_ALWAYS_PROTECTED_NAMESPACES.join(", ")} and eks_protected_namespaces.`,
      },
      {
        condition: raw("!var.create_eks_containment || length(var.eks_namespaces) > 0"),
        errorMessage: "eks_namespaces needs at least one namespace while create_eks_containment is true (the access scope).",
      },
    ],
  },
];

/** A cluster in the provider's region: the loader refuses one elsewhere (config/rules/ecs-clusters-deployed.ts). */
const clusterInRegion = (variable: string): ModuleVariable["validations"][number] => ({
  condition: raw(`alltrue([for a in var.${variable} : try(split(":", a)[3] == local.region, false)])`),
  errorMessage: `Each ${variable} entry must be a cluster in the provider's region: a state machine acts, and a rule sees findings, in its own region only.`,
});

/** The loader's rules on the ECS cluster ARNs that read the region or other settings. */
const CLUSTER_RULES: Readonly<Record<string, ModuleVariable["validations"]>> = {
  cluster_arns: [clusterInRegion("cluster_arns")],
  filter_cluster_arns: [
    clusterInRegion("filter_cluster_arns"),
    {
      // functions/ecs-stop-task/finding-filters.ts: a cluster of an account the filter leaves out never matches.
      condition: raw('length(var.account_ids) == 0 || alltrue([for a in var.filter_cluster_arns : contains(var.account_ids, try(split(":", a)[4], ""))])'),
      errorMessage: "Each filter_cluster_arns entry must be a cluster of an account in account_ids: its findings could never match otherwise.",
    },
    {
      // functions/ecs-stop-task/finding-filters.ts: an excluded cluster is dropped from the filter, but not every one.
      condition: raw("length(var.filter_cluster_arns) == 0 || length(setsubtract(var.filter_cluster_arns, var.exclude_cluster_arns)) > 0"),
      errorMessage:
        "exclude_cluster_arns excludes every cluster of filter_cluster_arns, so the rule could never match: keep one cluster of filter_cluster_arns out of exclude_cluster_arns.",
    },
  ],
  exclude_cluster_arns: [clusterInRegion("exclude_cluster_arns")],
};

/** The module's variables: the ones its files use, described from the config schema (variables.ts). */
export function generatedVariables(used: ReadonlySet<string>): ModuleVariable[] {
  const known = [...moduleVariables(), ...NEW_VARIABLES];
  const out: ModuleVariable[] = [];
  for (const name of [...used].sort()) {
    const v = known.find((k) => k.name === name);
    if (v === undefined) throw new Error(`registry module: variable ${name} has no definition (tools/registry-module/variables.ts or NEW_VARIABLES)`);
    out.push({ ...v, validations: [...v.validations, ...(CLUSTER_RULES[name] ?? []), ...crossValidations(name)] });
  }
  return out;
}

/** The config loader's cross-setting rules as validations (Terraform >= 1.9 lets a validation read other variables). */
function crossValidations(variable: string): ModuleVariable["validations"] {
  const s = SWITCHES.find((x) => x.variable === variable);
  const rules: ModuleVariable["validations"][number][] = [];
  for (const v of s?.validations ?? []) rules.push({ condition: raw(v.condition), errorMessage: v.errorMessage });
  if (s?.requires !== undefined) {
    for (const r of s.requires) {
      const other = SWITCHES.find((x) => x.variable === r)!;
      // A switch of several variables (the detector's lookup) reads this one in its own HCL: nothing to validate.
      if (other.on.includes(`var.${variable} `)) continue;
      rules.push({
        condition: raw(`!(${s.on}) || ${other.on}`),
        errorMessage: s.requiresMessage ?? `${variable} needs ${r} on: ${s.requiresBecause ?? "the config loader refuses it otherwise"}.`,
      });
    }
  }
  // A parameter a switch reads only when off must be set then (create_topic = false needs existing_topic_arn),
  // unless another switch makes its null a choice (create_detector = false without detector_id: look it up).
  const nullIsAChoice = SWITCHES.some((o) => o.on.includes(`var.${variable} != null`));
  for (const sw of SWITCHES) {
    for (const p of parametersReadWhenOff(sw)) {
      if (p !== variable || nullIsAChoice) continue;
      rules.push({
        condition: raw(`${sw.on} || var.${p} != null`),
        errorMessage: `${p} is required when ${sw.variable} is off.`,
      });
    }
  }
  return rules;
}

let readWhenOff: Map<Switch, string[]> | undefined;

/** The parameters each switch reads when off: asked once for all switches (a config document each). */
function parametersReadWhenOff(s: Switch): string[] {
  readWhenOff ??= new Map(
    SWITCHES.map((sw) => {
      const read: string[] = [];
      const doc = configDocument(baseOptions(0));
      const p = standInsOf(0);
      sw.apply(doc, false, (v) => {
        read.push(v);
        return p(v);
      });
      return [sw, read.filter((v) => PARAMETERS.some((x) => x.variable === v && x.expression === `var.${v}`))];
    }),
  );
  return readWhenOff.get(s) ?? [];
}

function variableBlock(v: ModuleVariable): Block {
  const body: BodyItem[] = [attr("description", str(v.description)), attr("type", raw(v.type))];
  if (v.default !== undefined) body.push(attr("default", literal(v.default)));
  if (v.default !== undefined && v.default !== null) body.push(attr("nullable", raw("false")));
  for (const validation of v.validations) {
    body.push(block("validation", [], [attr("condition", validation.condition), attr("error_message", str(validation.errorMessage))]));
  }
  return block("variable", [v.name], body);
}

/**
 * The config loader's rules that read the provider's partition or region, which a variable validation cannot
 * (config/rules/arn-partitions.ts, detector-features-offered.ts): postconditions of the partition's data source. The
 * plan stops on them; under a caller's depends_on the data source is read, and checked, during apply.
 */
const PROVIDER_CHECKS: readonly { readonly condition: string; readonly errorMessage: string }[] = [
  ...(
    [
      ["existing_topic_arn", "var.existing_topic_arn"],
      ["kms_key_arn", "var.kms_key_arn"],
    ] as const
  ).map(([variable, value]) => ({
    condition: `\${${value} == null ? true : element(split(":", ${value}), 1) == self.partition}`,
    errorMessage: `${variable} must be an ARN in the provider's partition (arn:\${self.partition}:...): a topic or key of another partition cannot be used here.`,
  })),
  ...Object.entries(PROTECTION_PLAN_NOT_OFFERED_IN).map(([plan, regions]) => ({
    condition: `\${!contains(${JSON.stringify(regions)}, local.region) || lookup(var.detector_features, "${plan}", "DISABLED") != "ENABLED"}`,
    errorMessage: `detector_features.${plan} must be "DISABLED" or not set in \${local.region}: GuardDuty does not offer ${plan} there.`,
  })),
];

/** An element with these postconditions added to its lifecycle. */
function withPostconditions(e: MergedElement, checks: typeof PROVIDER_CHECKS): MergedElement {
  if (e.body.t !== "obj") throw new Error(`registry module: ${addressOf(e)} is not an object`);
  const postcondition: Node = {
    t: "tuple",
    items: checks.map((c) => ({
      node: {
        t: "obj",
        entries: [
          { key: "condition", node: parseTemplateText(c.condition) },
          { key: "error_message", node: parseTemplateText(c.errorMessage) },
        ],
      },
    })),
  };
  const lifecycle: Node = { t: "obj", entries: [{ key: "postcondition", node: postcondition }] };
  return { ...e, body: { t: "obj", entries: [...e.body.entries, { key: "lifecycle", node: lifecycle }] } };
}

export interface GeneratedModule {
  readonly files: readonly { readonly path: string; readonly content: string }[];
  readonly variables: readonly ModuleVariable[];
  readonly resources: readonly string[];
  readonly dataSources: readonly string[];
  readonly outputs: readonly { readonly name: string; readonly description: string }[];
}

/** Every .tf file of the module (not versions.tf, README, examples: registry-module.ts adds those). */
export function generateModuleFiles(header: readonly string[], stackClass?: StackClass, tree: ModuleTree = generateModuleTree(stackClass)): GeneratedModule {
  const elements = resolveReferences(tree);
  const region = elements.find((e) => e.kind === "data" && e.type === "aws_region");
  if (region === undefined) throw new Error("registry module: the constructs read no aws_region data source");
  const groups = new Map<string, Block[]>();
  const add = (file: string, b: Block) => groups.set(file, [...(groups.get(file) ?? []), b]);
  const checked = elements.map((e) => (e.kind === "data" && e.type === "aws_partition" ? withPostconditions(e, PROVIDER_CHECKS) : e));
  add("main.tf", localsBlock(tree, `${addressOf(region)}.region`));
  for (const e of checked) {
    const file = e.kind === "output" ? "outputs.tf" : e.group === "" || e.group === "AwsContext" ? "main.tf" : `${e.group.replace(/-/g, "_")}.tf`;
    add(file, elementBlock(e, tree.blocks));
  }
  const rendered = new Map([...groups].map(([path, blocks]) => [path, renderFile(blocks, header)]));
  const used = new Set<string>();
  for (const content of rendered.values()) for (const m of content.matchAll(/\bvar\.([a-z0-9_]+)/g)) used.add(m[1]);
  const variables = generatedVariables(used);
  rendered.set("variables.tf", renderFile(variables.map(variableBlock), header));
  const context = (type: string) => {
    const e = elements.find((x) => x.kind === "data" && x.type === type);
    if (e === undefined) throw new Error(`registry module: the constructs read no ${type} data source`);
    return addressOf(e);
  };
  const tests = moduleTestFiles(header, { partition: context("aws_partition"), region: addressOf(region), callerIdentity: context("aws_caller_identity") });
  for (const t of tests) rendered.set(t.path, t.content);
  const named = (kind: string) => elements.filter((e) => e.kind === kind).map((e) => addressOf(e).replace(/^data\./, ""));
  return {
    files: [...rendered].map(([path, content]) => ({ path, content })),
    variables,
    resources: named("resource"),
    dataSources: named("data"),
    outputs: elements
      .filter((e) => e.kind === "output")
      .map((e) => {
        const d = e.body.t === "obj" ? e.body.entries.find((x) => x.key === "description")?.node : undefined;
        return { name: e.name, description: d?.t === "lit" ? String(d.v) : "" };
      }),
  };
}

export { COLLECTIONS };

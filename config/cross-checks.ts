/** Rules that involve more than one setting; run after every setting parsed on its own. */
import { LEGACY_EKS_RUNTIME_MONITORING } from "../functions/guardduty/runtime-monitoring-features";
import { FindingFilterError, validateFindingFilters } from "../functions/ecs-stop-task/finding-filters";
import type { Config } from "./config-schema";
import { ConfigProblem, describeValue } from "./config-error";
import { CONFIG_RULES } from "./rules";

export function crossCheck(config: Config): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add = (setting: string, value: unknown, allowed: string) => problems.push({ setting, value: describeValue(value), allowed });
  const d = config.detector;

  if (d.create === true && d.existing_detector_id !== undefined) {
    add("detector.create", true, "false, or no existing_detector_id: a detector is either created or adopted, not both (an account and region has only one)");
  }
  if (d.create === false && d.existing_detector_id === undefined) {
    add("detector.existing_detector_id", undefined, "the id of the detector to adopt, since detector.create is false");
  }
  if (d.import_existing && d.existing_detector_id === undefined) {
    add("detector.import_existing", true, "false, or set detector.existing_detector_id: only an existing detector can be imported");
  }
  if (d.finding_publishing_frequency !== undefined && d.existing_detector_id !== undefined && !d.import_existing) {
    add("detector.finding_publishing_frequency", d.finding_publishing_frequency, "no value for an adopted detector unless detector.import_existing is true (Terraform does not manage its settings otherwise)");
  }
  if (LEGACY_EKS_RUNTIME_MONITORING in d.features) {
    add(`detector.features.${LEGACY_EKS_RUNTIME_MONITORING}`, d.features[LEGACY_EKS_RUNTIME_MONITORING], "no value: RUNTIME_MONITORING (detector.runtime_monitoring) replaces it and GuardDuty refuses both on one detector");
  }

  const names = new Set<string>();
  const vpcs = new Set<string>();
  config.agent_endpoints.forEach((e, i) => {
    const at = `agent_endpoints[${i}]`;
    if (names.has(e.name)) add(`${at}.name`, e.name, "a name not used by another agent endpoint");
    names.add(e.name);
    if (vpcs.has(e.vpc_id)) add(`${at}.vpc_id`, e.vpc_id, "a VPC without another agent endpoint (one guardduty-data endpoint per VPC)");
    vpcs.add(e.vpc_id);
    if (e.allowed_account_ids !== undefined && e.organization_id !== undefined) {
      add(`${at}.organization_id`, e.organization_id, "no value when allowed_account_ids is set: the endpoint policy admits either listed accounts or one organization");
    }
    if (e.eks_addon !== undefined && config.detector.runtime_monitoring.eks_addon_management) {
      add(`${at}.eks_addon`, e.eks_addon, "no value while detector.runtime_monitoring.eks_addon_management is true: GuardDuty already manages the add-on");
    }
  });

  const stop = config.ecs_auto_stop;
  if (stop.workflow === "seed") {
    for (const key of ["dry_run", "exemption_tag", "min_healthy_tasks"] as const) {
      if (stop[key] !== undefined) add(`ecs_auto_stop.${key}`, stop[key], 'no value with workflow "seed" (set ecs_auto_stop.workflow to "guarded")');
    }
  }
  const f = stop.filters;
  const filters = {
    minSeverity: f.min_severity,
    findingTypes: f.finding_types,
    excludeFindingTypes: f.exclude_finding_types,
    clusterArns: f.cluster_arns,
    excludeClusterArns: f.exclude_cluster_arns,
    accountIds: f.account_ids,
  };
  try {
    validateFindingFilters(filters);
  } catch (e) {
    if (!(e instanceof FindingFilterError)) throw e;
    const value = valueAt(filters, e.setting);
    // "<setting>: <value> <problem>; allowed: <what>" -> "<what> (<problem>)", in the config's snake_case names.
    const [head, allowed = ""] = e.message.split("; allowed: ");
    const problem = head.slice(head.indexOf(": ") + 2).replace(JSON.stringify(value), "").trim();
    add(`ecs_auto_stop.filters.${toSnakeCase(e.setting)}`, value, snakeCaseNames(`${allowed} (${problem})`));
  }

  const b = config.backend;
  if (b.token !== undefined) add("backend.token", "(hidden)", "no token in config: set TF_TOKEN_<hostname> (Terraform Cloud) or AWS credentials in the environment");
  const only = (type: string, keys: readonly (keyof typeof b)[]) => {
    if (b.type !== type) for (const k of keys) if (b[k] !== undefined) add(`backend.${k}`, b[k], `no value unless backend.type is "${type}"`);
  };
  only("cloud", ["hostname", "organization", "project", "workspace", "workspace_tags"]);
  only("s3", ["bucket", "s3_region", "dynamodb_table", "kms_key_arn"]);
  if (b.type === "s3" && b.bucket === undefined) add("backend.bucket", undefined, "a bucket name when backend.type is \"s3\"");
  if (b.workspace !== undefined && b.workspace_tags !== undefined) add("backend.workspace_tags", b.workspace_tags, "no value when backend.workspace is set (a cloud block selects one named workspace or workspaces by tags)");
  if (config.provider.assume_role_arn !== undefined && config.account_id !== undefined && config.provider.assume_role_arn.split(":")[4] !== config.account_id) {
    add("provider.assume_role_arn", config.provider.assume_role_arn, `a role in account ${config.account_id} (account_id)`);
  }

  if (config.deployments.length > 0) {
    const single = [
      ["account_id", config.account_id, "deployments[].account_id"],
      ["provider.assume_role_arn", config.provider.assume_role_arn, "deployments[].assume_role_arn"],
      ["detector.existing_detector_id", config.detector.existing_detector_id, "one config per account and region (a detector id belongs to one)"],
      ["notifications.existing_topic_arn", config.notifications.existing_topic_arn, "one config per account and region (a topic belongs to one)"],
      ["notifications.existing_kms_key_arn", config.notifications.existing_kms_key_arn, "one config per account and region (a key belongs to one)"],
    ] as const;
    for (const [setting, value, instead] of single) {
      if (value !== undefined) add(setting, value, `no value with deployments: use ${instead}`);
    }
    const accounts = new Set<string>();
    config.deployments.forEach((d, i) => {
      if (accounts.has(d.account_id)) add(`deployments[${i}].account_id`, d.account_id, "an account not listed twice (list all its regions in one entry)");
      accounts.add(d.account_id);
      if (d.assume_role_arn !== undefined && d.assume_role_arn.split(":")[4] !== d.account_id) {
        add(`deployments[${i}].assume_role_arn`, d.assume_role_arn, `a role in account ${d.account_id}`);
      }
      for (const region of Object.keys(d.existing_detector_ids ?? {})) {
        if (!(d.regions ?? [config.region]).includes(region)) add(`deployments[${i}].existing_detector_ids.${region}`, region, `one of this deployment's regions (${(d.regions ?? [config.region]).join(", ")})`);
      }
    });
  }
  const org = config.organization;
  if (org !== undefined) {
    const accounts = config.deployments.length > 0 ? config.deployments.map((d) => d.account_id) : config.account_id !== undefined ? [config.account_id] : [];
    if (org.management_account_id !== undefined && org.management_account_id === org.delegated_admin_account_id) {
      add("organization.management_account_id", org.management_account_id, "an account other than the delegated administrator (AWS recommends not delegating GuardDuty to the management account)");
    }
    if (!accounts.includes(org.delegated_admin_account_id)) {
      add("organization.delegated_admin_account_id", org.delegated_admin_account_id, `an account this config deploys to (${config.deployments.length > 0 ? "deployments[].account_id" : "account_id"}): the organization settings live in its stacks`);
    }
  }

  const eks = config.eks_containment;
  if (eks.enabled) {
    if (eks.cluster_names.length === 0) add("eks_containment.cluster_names", [], "at least one EKS cluster name while eks_containment.enabled is true");
    if (eks.namespaces.length === 0) add("eks_containment.namespaces", [], "at least one namespace while eks_containment.enabled is true (the access scope)");
    const protectedNamespaces = new Set(["kube-system", ...(eks.protected_namespaces ?? ["kube-public", "kube-node-lease", "amazon-guardduty"])]);
    eks.namespaces.forEach((ns, i) => {
      if (protectedNamespaces.has(ns)) add(`eks_containment.namespaces[${i}]`, ns, "a namespace that is not protected (kube-system and eks_containment.protected_namespaces are never acted on)");
    });
  }
  if (config.deployments.length > 0 && eks.enabled) {
    add("eks_containment.enabled", true, "false with deployments: EKS clusters belong to one account and region, use one config per account for EKS containment");
  }

  const n = config.notifications;
  if (n.existing_topic_arn !== undefined && n.existing_topic_arn.split(":")[3] !== config.region) {
    add("notifications.existing_topic_arn", n.existing_topic_arn, `a topic in ${config.region}: Step Functions publishes through the regional SNS endpoint`);
  }
  if (n.existing_kms_key_arn !== undefined && !n.encrypt) {
    add("notifications.existing_kms_key_arn", n.existing_kms_key_arn, "no key while notifications.encrypt is false");
  }
  if (n.existing_kms_key_arn !== undefined && n.existing_kms_key_arn.split(":")[3] !== config.region) {
    add("notifications.existing_kms_key_arn", n.existing_kms_key_arn, `a key in ${config.region} (KMS keys are regional)`);
  }
  if (n.coverage_unhealthy && n.existing_topic_arn !== undefined) {
    add("notifications.coverage_unhealthy", true, "false with an existing topic (its policy must let EventBridge publish: route the event yourself)");
  }
  for (const rule of CONFIG_RULES) problems.push(...rule(config));
  return problems;
}

function toSnakeCase(setting: string): string {
  return setting.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** Filter setting names as the config spells them. */
function snakeCaseNames(text: string): string {
  return text.replace(/\b(minSeverity|findingTypes|excludeFindingTypes|clusterArns|excludeClusterArns|accountIds)\b/g, toSnakeCase);
}

/** The value a FindingFilterError names, e.g. `findingTypes[1]`. */
function valueAt(filters: Record<string, unknown>, setting: string): unknown {
  const m = /^(\w+)(?:\[(\d+)\])?$/.exec(setting);
  if (!m) return undefined;
  const v = filters[m[1]];
  return m[2] !== undefined && Array.isArray(v) ? v[Number(m[2])] : v;
}

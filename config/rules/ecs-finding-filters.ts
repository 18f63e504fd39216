/**
 * ecs_auto_stop.filters pass the filter validation of the ECS rule builder (functions/ecs-stop-task/finding-filters.ts,
 * the same function the construct calls), reported in the config's snake_case names: as written, and as each
 * stack of a multi-stack config sees them (config/stack-plans.ts keeps only the filter's clusters of that account
 * and region, so `exclude_cluster_arns` can exclude every one of them there although not everywhere).
 */
import { FindingFilterError, FindingFilters, validateFindingFilters } from "../../functions/ecs-stop-task/finding-filters";
import type { Config } from "../config-schema";
import type { ConfigProblem } from "../config-error";
import { planStacks } from "../stack-plans";
import { refuse } from "./config-rule";

export function ecsFindingFilters(config: Config): ConfigProblem[] {
  const asWritten = filterProblem(config.ecs_auto_stop.filters, "");
  if (asWritten !== undefined) return [asWritten];
  if (config.deployments.length === 0) return [];
  for (const plan of planStacks(config)) {
    const stop = plan.config.ecs_auto_stop;
    if (!stop.enabled) continue;
    const inStack = filterProblem(
      stop.filters,
      ` in the stack of account ${plan.config.account_id} in ${plan.config.region}, which keeps only the filter's clusters there`,
    );
    if (inStack !== undefined) return [inStack];
  }
  return [];
}

/** The first problem of `f`, as a config problem; `where` is added to what is allowed. */
function filterProblem(f: Config["ecs_auto_stop"]["filters"], where: string): ConfigProblem | undefined {
  const filters: FindingFilters = {
    minSeverity: f.min_severity,
    findingTypes: f.finding_types,
    excludeFindingTypes: f.exclude_finding_types,
    clusterArns: f.cluster_arns,
    excludeClusterArns: f.exclude_cluster_arns,
    accountIds: f.account_ids,
  };
  try {
    validateFindingFilters(filters);
    return undefined;
  } catch (e) {
    if (!(e instanceof FindingFilterError)) throw e;
    const value = valueAt(filters as Record<string, unknown>, e.setting);
    // "<setting>: <value> <problem>; allowed: <what>" -> "<what> (<problem>)", in the config's snake_case names.
    const [head, allowed = ""] = e.message.split("; allowed: ");
    const problem = head
      .slice(head.indexOf(": ") + 2)
      .replace(JSON.stringify(value), "")
      .trim();
    return refuse(`ecs_auto_stop.filters.${toSnakeCase(e.setting)}`, value, snakeCaseNames(`${allowed} (${problem})${where}`));
  }
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

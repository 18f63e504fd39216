/**
 * Optional filters that narrow the ECS auto-stop rule: which Runtime Monitoring findings stop a task. Pure (no
 * CDKTF): validation, the EventBridge pattern, and a description in words for plan reviews.
 *
 * With no filter the pattern is the seed's, unchanged (key order included). Filters only add keys under
 * `detail`, so a filtered rule still requires everything the seed requires (an ECS cluster finding from
 * Runtime Monitoring) and then some: a filter can narrow the rule, never widen it.
 */
import { toComparable } from "../eventbridge/comparable-number";
import { validateEventPattern } from "../eventbridge/pattern-matcher";
import { partitionOfRegion, REGION_PATTERN } from "../aws/partition";
import { isRuntimeFindingType, RUNTIME_FINDING_TYPES } from "../guardduty/runtime-finding-types";
import { buildSeedEcsRuntimeFindingPattern } from "./seed-event-pattern";

export interface FindingFilters {
  /** Only findings of at least this severity (GuardDuty severity is a number from 0 to 10, e.g. 5.0 or 8.9). */
  readonly minSeverity?: number;
  /** Only findings of these Runtime Monitoring finding types. */
  readonly findingTypes?: readonly string[];
  /** Never findings of these Runtime Monitoring finding types. */
  readonly excludeFindingTypes?: readonly string[];
  /** Only findings on these ECS clusters (`detail.resource.ecsClusterDetails.arn`). */
  readonly clusterArns?: readonly string[];
  /** Never findings on these ECS clusters. */
  readonly excludeClusterArns?: readonly string[];
  /** Only findings of these AWS accounts (`detail.accountId`). */
  readonly accountIds?: readonly string[];
}

/** The settings of {@link FindingFilters}, in the order they are validated and described. */
export const FINDING_FILTER_SETTINGS = [
  "minSeverity",
  "findingTypes",
  "excludeFindingTypes",
  "clusterArns",
  "excludeClusterArns",
  "accountIds",
] as const satisfies readonly (keyof FindingFilters)[];

/**
 * A finding filter EventBridge could not express or that cannot be what was meant. `setting` names the offending
 * setting (with the list index, e.g. `findingTypes[1]`); `message` starts with it, then gives the bad value and
 * what is allowed.
 */
export class FindingFilterError extends Error {
  readonly setting: string;

  constructor(setting: string, message: string) {
    super(message);
    this.name = "FindingFilterError";
    this.setting = setting;
  }
}

const SEVERITY_ALLOWED = "a number from 0 to 10 with at most 6 decimals, e.g. 7 or 8.9 (GuardDuty severity)";
const FINDING_TYPE_ALLOWED = `one of the ${RUNTIME_FINDING_TYPES.length} GuardDuty Runtime Monitoring finding types (RUNTIME_FINDING_TYPES), e.g. "Execution:Runtime/ReverseShell"`;
const CLUSTER_ARN_ALLOWED =
  "an ECS cluster ARN arn:<partition>:ecs:<region>:<12-digit account>:cluster/<name>, e.g. arn:aws:ecs:ap-northeast-1:123456789012:cluster/prod";
const ACCOUNT_ID_ALLOWED = "a 12-digit AWS account id, e.g. 123456789012";

/** `arn:<partition>:ecs:<region>:<account>:cluster/<name>`; names are 1-255 letters, digits, hyphens, underscores. */
const CLUSTER_ARN = /^arn:(aws|aws-cn|aws-us-gov):ecs:([a-z0-9-]+):(\d{12}):cluster\/([A-Za-z0-9_-]{1,255})$/;
const ACCOUNT_ID = /^\d{12}$/;

/**
 * Throws {@link FindingFilterError} for the first problem found: an unknown setting; a severity that is not a
 * number from 0 to 10 (or has more decimals than EventBridge compares); a list that is not a list, is empty or
 * repeats a value; a type that is not a Runtime Monitoring finding type (with the closest valid one when there is
 * an obvious one); a type both included and excluded; a malformed cluster ARN or account id; included clusters
 * that are all excluded; an included cluster of an account that `accountIds` leaves out.
 */
export function validateFindingFilters(filters: FindingFilters): void {
  if (typeof filters !== "object" || filters === null || Array.isArray(filters)) {
    throw new FindingFilterError("filters", `filters: ${show(filters)} is not an object; allowed: an object with any of ${FINDING_FILTER_SETTINGS.join(", ")}`);
  }
  for (const key of Object.keys(filters)) {
    if (!(FINDING_FILTER_SETTINGS as readonly string[]).includes(key)) {
      const closest = closestOf(key, FINDING_FILTER_SETTINGS);
      throw new FindingFilterError(
        key,
        `${key}: unknown setting${closest === undefined ? "" : ` (did you mean "${closest}"?)`}; allowed: ${FINDING_FILTER_SETTINGS.join(", ")}`,
      );
    }
  }

  if (filters.minSeverity !== undefined) validateSeverity(filters.minSeverity);

  const findingTypes = validateList("findingTypes", filters.findingTypes, validateFindingType);
  const excludeFindingTypes = validateList("excludeFindingTypes", filters.excludeFindingTypes, validateFindingType);
  excludeFindingTypes?.forEach((type, index) => {
    if (findingTypes?.includes(type)) {
      throw new FindingFilterError(
        `excludeFindingTypes[${index}]`,
        `excludeFindingTypes[${index}]: ${show(type)} is also in findingTypes; allowed: a type in findingTypes or in excludeFindingTypes, not both`,
      );
    }
  });

  const clusterArns = validateList("clusterArns", filters.clusterArns, validateClusterArn);
  const excludeClusterArns = validateList("excludeClusterArns", filters.excludeClusterArns, validateClusterArn);
  if (clusterArns !== undefined && excludeClusterArns !== undefined && clusterArns.every((arn) => excludeClusterArns.includes(arn))) {
    throw new FindingFilterError(
      "excludeClusterArns",
      `excludeClusterArns: ${show(excludeClusterArns)} excludes every cluster of clusterArns ${show(clusterArns)}, so the rule could never match; allowed: at least one cluster of clusterArns that is not excluded`,
    );
  }

  const accountIds = validateList("accountIds", filters.accountIds, validateAccountId);
  if (accountIds !== undefined && clusterArns !== undefined) {
    clusterArns.forEach((arn, index) => {
      const account = CLUSTER_ARN.exec(arn)![3];
      if (!accountIds.includes(account)) {
        throw new FindingFilterError(
          `clusterArns[${index}]`,
          `clusterArns[${index}]: ${show(arn)} is a cluster of account ${account}, which accountIds ${show(accountIds)} leaves out, so its findings could never match; allowed: clusters of the accounts in accountIds`,
        );
      }
    });
  }
}

/**
 * The ECS auto-stop rule's event pattern. Without filters (undefined, or no setting given) it is exactly
 * {@link buildSeedEcsRuntimeFindingPattern}; each filter adds one key under `detail`:
 * `severity` `[{"numeric": [">=", n]}]`, `type` (a list, or `[{"anything-but": [...]}]`),
 * `resource.ecsClusterDetails.arn` (a list or anything-but) and `accountId` (a list). An include list together
 * with an exclude list for the same field becomes the include list minus the excluded values.
 *
 * @throws FindingFilterError when the filters are invalid (see {@link validateFindingFilters}).
 */
export function buildEcsRuntimeFindingPattern(filters?: FindingFilters): Record<string, unknown> {
  const seed = buildSeedEcsRuntimeFindingPattern();
  const effective = effectiveFilters(filters);
  if (effective === undefined) return seed as unknown as Record<string, unknown>;

  const resource: Record<string, unknown> = { resourceType: [...seed.detail.resource.resourceType] };
  if (effective.clusters !== undefined) resource.ecsClusterDetails = { arn: matcherOf(effective.clusters) };
  const detail: Record<string, unknown> = { resource, service: { featureName: [...seed.detail.service.featureName] } };
  if (effective.minSeverity !== undefined) detail.severity = [{ numeric: [">=", effective.minSeverity] }];
  if (effective.types !== undefined) detail.type = matcherOf(effective.types);
  if (effective.accounts !== undefined) detail.accountId = [...effective.accounts];

  const pattern = { detail, "detail-type": [...seed["detail-type"]], source: [...seed.source] };
  validateEventPattern(pattern); // a failure here is a bug in this file, not a user error
  return pattern;
}

/**
 * What the rule matches, in words, one line per restriction (for plan reviews). The first line is the seed's
 * scope; then e.g. "severity 7 or higher", "only finding types: ...", "every ECS cluster except: ...".
 *
 * @throws FindingFilterError when the filters are invalid.
 */
export function describeFindingFilters(filters?: FindingFilters): string[] {
  const lines = ["GuardDuty Runtime Monitoring findings on ECS clusters"];
  const effective = effectiveFilters(filters);
  if (effective === undefined) return [...lines, "no filters: every severity, finding type, cluster and account"];
  if (effective.minSeverity !== undefined) lines.push(`severity ${effective.minSeverity} or higher`);
  if (effective.types !== undefined) lines.push(describeSelection("finding type", "finding types", effective.types));
  if (effective.clusters !== undefined) lines.push(describeSelection("ECS cluster", "ECS clusters", effective.clusters));
  if (effective.accounts !== undefined) lines.push(`only account${effective.accounts.length === 1 ? "" : "s"}: ${effective.accounts.join(", ")}`);
  return lines;
}

/** Values a field must have (`only`) or must not have (`except`). */
type Selection = { readonly only: readonly string[] } | { readonly except: readonly string[] };

interface EffectiveFilters {
  readonly minSeverity?: number;
  readonly types?: Selection;
  readonly clusters?: Selection;
  readonly accounts?: readonly string[];
}

/** Validates, then resolves include/exclude pairs; undefined when nothing is filtered. */
function effectiveFilters(filters: FindingFilters | undefined): EffectiveFilters | undefined {
  if (filters === undefined) return undefined;
  validateFindingFilters(filters);
  const effective: EffectiveFilters = {
    minSeverity: filters.minSeverity,
    types: selectionOf(filters.findingTypes, filters.excludeFindingTypes),
    clusters: selectionOf(filters.clusterArns, filters.excludeClusterArns),
    accounts: filters.accountIds,
  };
  return Object.values(effective).every((value) => value === undefined) ? undefined : effective;
}

function selectionOf(include: readonly string[] | undefined, exclude: readonly string[] | undefined): Selection | undefined {
  if (include !== undefined) return { only: include.filter((value) => !exclude?.includes(value)) };
  if (exclude !== undefined) return { except: exclude };
  return undefined;
}

function matcherOf(selection: Selection): unknown[] {
  return "only" in selection ? [...selection.only] : [{ "anything-but": [...selection.except] }];
}

function describeSelection(singular: string, plural: string, selection: Selection): string {
  return "only" in selection
    ? `only ${selection.only.length === 1 ? singular : plural}: ${selection.only.join(", ")}`
    : `every ${singular} except: ${selection.except.join(", ")}`;
}

function validateSeverity(value: unknown): void {
  const fail = (problem: string): never => {
    throw new FindingFilterError("minSeverity", `minSeverity: ${show(value)} ${problem}; allowed: ${SEVERITY_ALLOWED}`);
  };
  if (typeof value !== "number" || !Number.isFinite(value)) fail("is not a number");
  const severity = value as number;
  if (severity < 0 || severity > 10) fail("is outside 0-10");
  if (!toComparable(String(severity)).ok) fail("has more decimals than EventBridge's numeric matching compares (6)");
}

/** Checks a list setting and each item; returns the list, or undefined when the setting is not given. */
function validateList(setting: string, value: unknown, validateItem: (item: string, setting: string) => void): readonly string[] | undefined {
  if (value === undefined) return undefined;
  const what = `a non-empty list without repeats (leave ${setting} out for no restriction)`;
  if (!Array.isArray(value)) throw new FindingFilterError(setting, `${setting}: ${show(value)} is not a list; allowed: ${what}`);
  if (value.length === 0) throw new FindingFilterError(setting, `${setting}: [] is empty; allowed: ${what}`);
  value.forEach((item: unknown, index) => {
    const itemSetting = `${setting}[${index}]`;
    if (typeof item !== "string") throw new FindingFilterError(itemSetting, `${itemSetting}: ${show(item)} is not a string; allowed: ${what} of strings`);
    validateItem(item, itemSetting);
    const first = value.indexOf(item);
    if (first !== index) {
      throw new FindingFilterError(itemSetting, `${itemSetting}: ${show(item)} repeats ${setting}[${first}]; allowed: ${what}`);
    }
  });
  return value as string[];
}

function validateFindingType(type: string, setting: string): void {
  if (isRuntimeFindingType(type)) return;
  const suggestion = suggestFindingType(type);
  throw new FindingFilterError(
    setting,
    `${setting}: ${show(type)} is not a GuardDuty Runtime Monitoring finding type${suggestion === undefined ? "" : ` (did you mean "${suggestion}"?)`}; allowed: ${FINDING_TYPE_ALLOWED}`,
  );
}

function validateClusterArn(arn: string, setting: string): void {
  const match = CLUSTER_ARN.exec(arn);
  if (match === null) throw new FindingFilterError(setting, `${setting}: ${show(arn)} is not an ECS cluster ARN; allowed: ${CLUSTER_ARN_ALLOWED}`);
  const [, partition, region] = match;
  if (!REGION_PATTERN.test(region)) {
    throw new FindingFilterError(setting, `${setting}: ${show(arn)} has no valid region (${show(region)}); allowed: ${CLUSTER_ARN_ALLOWED}`);
  }
  if (partitionOfRegion(region) !== partition) {
    throw new FindingFilterError(
      setting,
      `${setting}: ${show(arn)} puts region ${region} in partition ${partition}, but ${region} is in ${partitionOfRegion(region)}; allowed: ${CLUSTER_ARN_ALLOWED}`,
    );
  }
}

function validateAccountId(accountId: string, setting: string): void {
  if (!ACCOUNT_ID.test(accountId)) {
    throw new FindingFilterError(setting, `${setting}: ${show(accountId)} is not an AWS account id; allowed: ${ACCOUNT_ID_ALLOWED}`);
  }
}

/** The valid type a misspelt one most likely meant: same text in another case, the same name, or a near spelling. */
function suggestFindingType(type: string): string | undefined {
  const lower = type.toLowerCase();
  const sameCase = RUNTIME_FINDING_TYPES.find((valid) => valid.toLowerCase() === lower);
  if (sameCase !== undefined) return sameCase;
  // "NewBinaryExecuted", "Execution:EKS/NewBinaryExecuted": the part after the slash names one runtime type.
  const name = lower.slice(lower.lastIndexOf("/") + 1);
  const sameName = RUNTIME_FINDING_TYPES.filter((valid) => valid.toLowerCase().endsWith(`/${name}`));
  if (sameName.length === 1) return sameName[0];
  return closestOf(type, RUNTIME_FINDING_TYPES);
}

/** The candidate within a small edit distance (a quarter of the length, at least 2), if exactly one is closest. */
function closestOf(text: string, candidates: readonly string[]): string | undefined {
  const limit = Math.max(2, Math.floor(text.length / 4));
  let best: string | undefined;
  let bestDistance = Infinity;
  let tie = false;
  for (const candidate of candidates) {
    const distance = editDistance(text.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance, tie] = [candidate, distance, false];
    else if (distance === bestDistance) tie = true;
  }
  return bestDistance <= limit && !tie ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** A value as it would be written in the config: JSON, except for numbers JSON cannot write. */
function show(value: unknown): string {
  if (value === undefined || (typeof value === "number" && !Number.isFinite(value))) return String(value);
  return JSON.stringify(value);
}

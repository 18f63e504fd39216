/**
 * What the plan test needs to know about a checked root: its provider configurations and the data
 * sources it (and its local modules) read. From a synthesized stack (cdk.tf.json) or from the
 * registry module's HCL, which our own generator writes in one regular shape.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { DEFAULT_ACCOUNT_ID } from "./data-overrides";
import type { PlanTestInput, TestDataSource, TestProvider } from "./plan-test";

interface StackProviderJson {
  readonly alias?: string;
  readonly region?: string;
  readonly allowed_account_ids?: readonly string[];
  readonly default_tags?: readonly { readonly tags?: Record<string, string> }[];
}

export interface StackJson {
  readonly provider?: { readonly aws?: readonly StackProviderJson[] };
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly import?: readonly { readonly to: string; readonly id: string }[];
  readonly terraform?: { readonly backend?: Record<string, unknown>; readonly cloud?: Record<string, unknown> };
}

/** Region used when a provider configuration names none (Terraform would read AWS_REGION). */
const FALLBACK_REGION = "us-east-1";

export function planTestInputOfStack(stack: StackJson, providerMajor: number): PlanTestInput {
  const configs = stack.provider?.aws ?? [{}];
  const providers: TestProvider[] = configs.map((p) => ({
    alias: p.alias,
    region: p.region ?? FALLBACK_REGION,
    defaultTags: p.default_tags?.[0]?.tags,
  }));
  const accountOf = (p: StackProviderJson | undefined) => p?.allowed_account_ids?.[0] ?? DEFAULT_ACCOUNT_ID;
  const byAlias = new Map(configs.map((p) => [p.alias === undefined ? "aws" : `aws.${p.alias}`, p]));
  const dataSources: TestDataSource[] = [];
  for (const [type, instances] of Object.entries(stack.data ?? {})) {
    for (const [name, config] of Object.entries(instances)) {
      const provider = byAlias.get(typeof config.provider === "string" ? config.provider : "aws") ?? configs[0];
      dataSources.push({ address: `data.${type}.${name}`, type, config, region: provider?.region ?? FALLBACK_REGION, accountId: accountOf(provider) });
    }
  }
  const imports = (stack.import ?? []).map((i) => ({ address: i.to, type: i.to.split(".")[0], id: i.id }));
  return { providers, dataSources, imports, providerMajor };
}

/** Text of every `.tf` file of a folder (not its subfolders). */
function tfFilesOf(dir: string): string {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".tf"))
    .sort()
    .map((f) => readFileSync(join(dir, f), "utf8"))
    .join("\n");
}

/** The body of each top-level block opening with `header` (e.g. `provider "aws" {`), braces balanced. */
function blockBodies(text: string, header: RegExp): { readonly labels: RegExpExecArray; readonly body: string }[] {
  const found: { labels: RegExpExecArray; body: string }[] = [];
  const re = new RegExp(header.source, "gm");
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    let depth = 1;
    let i = m.index + m[0].length;
    for (; i < text.length && depth > 0; i++) {
      if (text[i] === "{") depth++;
      else if (text[i] === "}") depth--;
    }
    found.push({ labels: m, body: text.slice(m.index + m[0].length, i - 1) });
  }
  return found;
}

const stringAttribute = (body: string, name: string) => new RegExp(`^\\s*${name}\\s*=\\s*"([^"]*)"`, "m").exec(body)?.[1];

/**
 * Data sources of an HCL folder and, with their module prefix, of the local modules it calls. A module call with
 * `providers = { aws = aws.<alias> }` reads in that provider's region (`regions`: by `aws` or `aws.<alias>`).
 */
function hclDataSources(
  dir: string,
  prefix: string,
  region: string,
  accountId: string,
  seen: Set<string>,
  regions: ReadonlyMap<string, string> = new Map(),
): TestDataSource[] {
  const key = resolve(dir);
  if (seen.has(`${prefix}|${key}`)) return [];
  seen.add(`${prefix}|${key}`);
  const text = tfFilesOf(dir);
  const own = blockBodies(text, /^data\s+"([a-z0-9_]+)"\s+"([A-Za-z0-9_-]+)"\s*\{/).map(({ labels }) => ({
    address: `${prefix}data.${labels[1]}.${labels[2]}`,
    type: labels[1],
    region,
    accountId,
  }));
  const nested = blockBodies(text, /^module\s+"([A-Za-z0-9_-]+)"\s*\{/).flatMap(({ labels, body }) => {
    const source = stringAttribute(body, "source");
    const local = source !== undefined && (source.startsWith("./") || source.startsWith("../"));
    const provider = /providers\s*=\s*\{\s*aws\s*=\s*(aws(?:\.[A-Za-z0-9_-]+)?)\b/.exec(body)?.[1];
    const moduleRegion = (provider !== undefined ? regions.get(provider) : undefined) ?? region;
    return local && existsSync(join(dir, source)) ? hclDataSources(join(dir, source), `${prefix}module.${labels[1]}.`, moduleRegion, accountId, seen) : [];
  });
  return [...own, ...nested];
}

/** A root written in HCL: its aws provider blocks (or one in `defaultRegion` when it has none) and data sources. */
export function planTestInputOfHclRoot(
  dir: string,
  providerMajor: number,
  options: { readonly defaultRegion: string; readonly variables?: Record<string, unknown> },
): PlanTestInput {
  const text = tfFilesOf(dir);
  const blocks = blockBodies(text, /^provider\s+"aws"\s*\{/);
  const providers: TestProvider[] =
    blocks.length > 0
      ? blocks.map(({ body }) => ({ alias: stringAttribute(body, "alias"), region: stringAttribute(body, "region") ?? options.defaultRegion }))
      : [{ region: options.defaultRegion }];
  const firstBody = blocks[0]?.body ?? "";
  const accountId = /allowed_account_ids\s*=\s*\[\s*"(\d{12})"/.exec(firstBody)?.[1] ?? DEFAULT_ACCOUNT_ID;
  const region = providers[0].region;
  const regions = new Map(providers.map((p) => [p.alias === undefined ? "aws" : `aws.${p.alias}`, p.region]));
  return { providers, dataSources: hclDataSources(dir, "", region, accountId, new Set(), regions), variables: options.variables, providerMajor };
}

/**
 * Adapting a checked copy to the provider version that plans it.
 *
 * The app pins hashicorp/aws 6.25.0 (the version the CDKTF bindings were generated from) and the
 * registry module requires >= 6.0. Where the check runs against an older provider (the offline
 * development image's mirror holds only 5.100.0), the copy is adapted, never the emitted files:
 *
 * - the aws version constraint is set to the installed version, so `terraform init` accepts it;
 * - `data.aws_region.<name>.region` (6.x) is read as `.name` (5.x; 6.x deprecates `name`).
 *
 * We keep emitting `.region`: it is what 6.25.0 documents, and with `.name` every plan on the pinned
 * version would warn "Deprecated attribute". No value in our output depends on which of the two is
 * read: both hold the provider's region. Every rewrite is counted and shown in the report, so a
 * 6.x-only attribute we do not know yet fails loudly ("Unsupported attribute") instead of passing.
 * With the pinned version installed (normal download) nothing is rewritten.
 */
import { majorOf } from "./provider-installation";

export interface Rewrite {
  readonly description: string;
  readonly count: number;
}

/** The aws provider's required version in a required_providers object block (HCL). */
const HCL_AWS_VERSION = /(\baws\s*=\s*\{[^}]*?\bversion\s*=\s*)"([^"]*)"/g;
/** A read of data.aws_region's 6.x `region` attribute, with an optional instance key. */
const REGION_ATTRIBUTE = /(\bdata\.aws_region\.[A-Za-z_][A-Za-z0-9_-]*(?:\[[^\]]*\])?)\.region\b/g;

function countOf(text: string, pattern: RegExp): number {
  return [...text.matchAll(pattern)].length;
}

function adaptRegionReads(text: string, installedVersion: string, rewrites: Rewrite[]): string {
  if (majorOf(installedVersion) >= 6) return text;
  const count = countOf(text, REGION_ATTRIBUTE);
  if (count > 0) rewrites.push({ description: "data.aws_region.*.region read as .name (5.x)", count });
  return text.replace(REGION_ATTRIBUTE, "$1.name");
}

/** A synthesized stack (cdk.tf.json text) adapted to the installed provider version. */
export function adaptStackJson(text: string, installedVersion: string): { readonly text: string; readonly rewrites: readonly Rewrite[] } {
  const rewrites: Rewrite[] = [];
  const stack = JSON.parse(text) as { terraform?: { required_providers?: Record<string, { version?: string }> } };
  const aws = stack.terraform?.required_providers?.aws;
  if (aws !== undefined && aws.version !== installedVersion) {
    rewrites.push({ description: `required aws version ${aws.version ?? "(any)"} -> ${installedVersion}`, count: 1 });
    aws.version = installedVersion;
  }
  return { text: adaptRegionReads(JSON.stringify(stack, null, 2), installedVersion, rewrites), rewrites };
}

/** A Terraform (HCL) file of the registry module or its examples adapted to the installed provider version. */
export function adaptHclFile(text: string, installedVersion: string): { readonly text: string; readonly rewrites: readonly Rewrite[] } {
  const rewrites: Rewrite[] = [];
  let adapted = text.replace(HCL_AWS_VERSION, (whole, head: string, version: string) => {
    if (version === installedVersion) return whole;
    rewrites.push({ description: `required aws version ${version} -> ${installedVersion}`, count: 1 });
    return `${head}${JSON.stringify(installedVersion)}`;
  });
  adapted = adaptRegionReads(adapted, installedVersion, rewrites);
  return { text: adapted, rewrites };
}

/** Rewrites of several files, same descriptions summed. */
export function sumRewrites(lists: readonly (readonly Rewrite[])[]): Rewrite[] {
  const totals = new Map<string, number>();
  for (const r of lists.flat()) totals.set(r.description, (totals.get(r.description) ?? 0) + r.count);
  return [...totals].map(([description, count]) => ({ description, count }));
}

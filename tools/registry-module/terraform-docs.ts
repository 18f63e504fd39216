/**
 * The README section terraform-docs would write (`terraform-docs markdown table`, inject mode): Requirements,
 * Providers, Modules, Resources, Inputs, Outputs, between `<!-- BEGIN_TF_DOCS -->` and `<!-- END_TF_DOCS -->`.
 * Rendered from the same definitions the .tf files are rendered from, so it cannot go stale; running
 * terraform-docs on the module gives the same tables (modulo its version's escaping details).
 */
import type { ModuleVariable } from "./variables";

export const BEGIN_TF_DOCS = "<!-- BEGIN_TF_DOCS -->";
export const END_TF_DOCS = "<!-- END_TF_DOCS -->";

export interface TerraformDocsInput {
  readonly requiredVersion: string;
  readonly providers: readonly { readonly name: string; readonly source: string; readonly version: string }[];
  /** `type.name` of managed resources and data sources. */
  readonly resources: readonly string[];
  readonly dataSources: readonly string[];
  readonly variables: readonly ModuleVariable[];
  readonly outputs: readonly { readonly name: string; readonly description: string }[];
}

export function renderTerraformDocs(input: TerraformDocsInput): string {
  const anchor = (kind: string, name: string) => `<a name="${kind}_${name}"></a> [${escapeName(name)}](#${kind}\\_${escapeName(name)})`;
  const docsUrl = (kind: "resources" | "data-sources", address: string) => {
    const type = address.split(".")[0];
    const provider = type.split("_")[0];
    const source = input.providers.find((p) => p.name === provider)?.source ?? `hashicorp/${provider}`;
    return `https://registry.terraform.io/providers/${source}/latest/docs/${kind}/${type.slice(provider.length + 1)}`;
  };
  const byName = <T extends { name: string }>(items: readonly T[]) => [...items].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const sorted = (items: readonly string[]) => [...items].sort();

  const lines = [
    BEGIN_TF_DOCS,
    "## Requirements",
    "",
    "| Name | Version |",
    "|------|---------|",
    `| ${anchor("requirement", "terraform")} | ${input.requiredVersion} |`,
    ...input.providers.map((p) => `| ${anchor("requirement", p.name)} | ${p.version} |`),
    "",
    "## Providers",
    "",
    "| Name | Version |",
    "|------|---------|",
    ...input.providers.map((p) => `| ${anchor("provider", p.name)} | ${p.version} |`),
    "",
    "## Modules",
    "",
    "No modules.",
    "",
    "## Resources",
    "",
    "| Name | Type |",
    "|------|------|",
    ...sorted(input.resources).map((r) => `| [${r}](${docsUrl("resources", r)}) | resource |`),
    ...sorted(input.dataSources).map((r) => `| [${r}](${docsUrl("data-sources", r)}) | data source |`),
    "",
    "## Inputs",
    "",
    "| Name | Description | Type | Default | Required |",
    "|------|-------------|------|---------|:--------:|",
    ...byName(input.variables).map((v) => {
      const required = !("default" in v) || v.default === undefined;
      return `| ${anchor("input", v.name)} | ${cell(v.description)} | ${code(v.type)} | ${required ? "n/a" : code(defaultText(v.default))} | ${required ? "yes" : "no"} |`;
    }),
    "",
    "## Outputs",
    "",
    "| Name | Description |",
    "|------|-------------|",
    ...byName(input.outputs).map((o) => `| ${anchor("output", o.name)} | ${cell(o.description)} |`),
    END_TF_DOCS,
  ];
  return lines.join("\n");
}

/** The generated block of a README (markers included), or undefined. */
export function extractTerraformDocs(readme: string): string | undefined {
  const start = readme.indexOf(BEGIN_TF_DOCS);
  const end = readme.indexOf(END_TF_DOCS);
  return start < 0 || end < start ? undefined : readme.slice(start, end + END_TF_DOCS.length);
}

function escapeName(name: string): string {
  return name.replace(/_/g, "\\_");
}

/** Defaults as terraform-docs shows them: JSON, multi-line values in a <pre> block. */
function defaultText(value: unknown): string {
  const compact = JSON.stringify(value);
  if (compact.length <= 40) return compact;
  return JSON.stringify(value, null, 2);
}

function code(text: string): string {
  return text.includes("\n") ? `<pre>${text.split("\n").map(htmlEscape).join("<br/>")}</pre>` : `\`${text.replace(/\|/g, "\\|")}\``;
}

function htmlEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\|/g, "&#124;");
}

/** Table cell text: code spans kept, elsewhere `|`, `_`, `*`, `<`, `>` escaped; line breaks as <br/>. */
function cell(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part, i) =>
      i % 2 === 1
        ? part.replace(/\|/g, "\\|")
        : part.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/_/g, "\\_").replace(/\*/g, "\\*").replace(/</g, "&lt;").replace(/>/g, "&gt;"),
    )
    .join("")
    .replace(/\n/g, "<br/>");
}

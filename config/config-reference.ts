/** Renders the config reference (docs/config-reference.md) from the schema, so it cannot drift. */
import { CONFIG_SCHEMA } from "./config-schema";
import type { FieldDoc } from "./fields";

export function renderConfigReference(): string {
  const rows: string[] = [];
  const walk = (doc: FieldDoc, path: string) => {
    if (path) {
      const dflt = doc.required ? "**required**" : isJson(doc.defaultText) ? `\`${doc.defaultText}\`` : (doc.defaultText ?? "");
      rows.push(`| \`${path}\` | ${cell(doc.type)} | ${cell(dflt)} | ${cell(doc.description)} |`);
    }
    for (const [k, child] of Object.entries(doc.children ?? {})) walk(child, path ? `${path}.${k}` : k);
    if (doc.item?.children) for (const [k, child] of Object.entries(doc.item.children)) walk(child, `${path}[].${k}`);
  };
  walk(CONFIG_SCHEMA.doc, "");
  return [
    "# Config reference",
    "",
    "<!-- Generated from config/config-schema.ts by `npm run docs:config`; a test fails when it is stale. -->",
    "",
    "One JSON file, given with `npm run synth -- --config <file>` or `GUARDDUTY_RESPONSE_CONFIG=<file>` (for `cdktf synth`/`deploy`).",
    "Without one, the built-in default `config/default-config.json` (the seed scenario) is used.",
    'Every setting is checked before anything is synthesized: an unknown key, a wrong type or a malformed id stops the run with exit code 2, naming the setting, the bad value and what is allowed, and nothing is written. `null` means "not set". A key `"//"` may hold a comment.',
    "",
    "| setting | type | default | description |",
    "|---|---|---|---|",
    ...rows,
    "",
  ].join("\n");
}

function isJson(text: string | undefined): boolean {
  if (text === undefined) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Markdown table cells cannot hold a bare pipe. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

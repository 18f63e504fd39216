/** Resources per construct: what the synthesized stack will create, grouped by the construct that writes it. */
import { dataSourcesOf, resourcesOf, SynthesizedTerraform, TerraformBlock } from "./synthesized-terraform";

export interface InventoryRow {
  /** Construct path without the stack name and the resource's own id, e.g. `ecs-auto-stop/alarms`; `(stack)` at the root. */
  readonly construct: string;
  /** Resource type, or `data.<type>` for a data source. */
  readonly type: string;
  readonly count: number;
  /** The construct ids of the blocks (last path segment), e.g. `executions-failed`. */
  readonly ids: readonly string[];
  /** Blocks with `for_each` or `count`: Terraform creates as many as the expression yields. */
  readonly repeated: boolean;
}

function constructOf(block: TerraformBlock): { construct: string; id: string } {
  const parts = block.path.split("/");
  const id = parts.pop() ?? block.name;
  return { construct: parts.length === 0 ? "(stack)" : parts.join("/"), id };
}

/** One row per (construct, type), sorted by construct then type; resources first, then data sources. */
export function resourceInventory(json: SynthesizedTerraform): InventoryRow[] {
  const rows = new Map<string, { construct: string; type: string; ids: string[]; repeated: boolean }>();
  const add = (block: TerraformBlock, type: string) => {
    const { construct, id } = constructOf(block);
    const key = `${construct}\u0000${type}`;
    const row = rows.get(key) ?? { construct, type, ids: [], repeated: false };
    row.ids.push(id);
    row.repeated ||= block.values.for_each !== undefined || block.values.count !== undefined;
    rows.set(key, row);
  };
  resourcesOf(json).forEach((b) => add(b, b.type));
  dataSourcesOf(json).forEach((b) => add(b, `data.${b.type}`));
  const isData = (t: string) => (t.startsWith("data.") ? 1 : 0);
  return [...rows.values()]
    .map((r) => ({ construct: r.construct, type: r.type, count: r.ids.length, ids: r.ids.sort(), repeated: r.repeated }))
    .sort((a, b) => isData(a.type) - isData(b.type) || a.construct.localeCompare(b.construct) || a.type.localeCompare(b.type));
}

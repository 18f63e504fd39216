/** A cloud block selects one named workspace or workspaces by tags (its `workspaces` block takes either, not both). */
import type { Config } from "../config-schema";
import type { ConfigProblem } from "../config-error";
import { refuse } from "./config-rule";

export function cloudWorkspaceSelection(config: Config): ConfigProblem[] {
  const b = config.backend;
  if (b.workspace === undefined || b.workspace_tags === undefined) return [];
  return [
    refuse(
      "backend.workspace_tags",
      b.workspace_tags,
      "no value when backend.workspace is set (a cloud block selects one named workspace or workspaces by tags)",
    ),
  ];
}

/**
 * Reads the contract out of the seed blog post in ../shared/seeds/: the rule pattern, the input
 * transformer and the state machine definition, exactly as printed.
 */
import { readFileSync } from "node:fs";
import { sharedPath } from "./shared-dir";

export const SEED_TOPIC_ARN = "arn:aws:sns:ap-northeast-1:640028535582:ecs-runtime-monitoring-stop-task-dev-topic";

/** The brace-balanced block that starts at the first line beginning with `{` after `marker`. */
export function blockAfter(text: string, marker: string): string {
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`marker not found in seed: ${marker}`);
  const start = text.indexOf("\n{", at) + 1;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return text.slice(start, i + 1);
  }
  throw new Error(`unbalanced block after ${marker}`);
}

export interface EcsSeed {
  readonly eventPattern: unknown;
  readonly inputPaths: Record<string, string>;
  readonly inputTemplate: string;
  readonly definition: Record<string, unknown>;
}

export function readEcsSeed(): EcsSeed {
  const text = readFileSync(sharedPath("seeds", "ecs-runtime-monitoring-auto-stop.ja.txt"), "utf8");
  return {
    eventPattern: JSON.parse(blockAfter(text, "次のようなイベントパターン")),
    inputPaths: JSON.parse(blockAfter(text, "Input path")),
    inputTemplate: blockAfter(text, "Input template"),
    definition: JSON.parse(blockAfter(text, "AWS Step Functionsコード")),
  };
}

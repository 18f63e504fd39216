/**
 * The seed blog post's contract: the rule pattern, the input transformer and the state machine definition,
 * exactly as printed. `ECS_SEED_CONTRACT` is our transcription of them, kept in the repository so the
 * seed-exactness of the builders is checked from a bare clone; `readEcsSeed` reads them out of the post in
 * ../shared/seeds/ (where present, a test asserts the transcription equals it).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SHARED, sharedPath } from "./shared-dir";

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

/** Our transcription of the seed post's contract (fixtures/ecs-seed-contract.json). */
export const ECS_SEED_CONTRACT: EcsSeed = JSON.parse(readFileSync(join(__dirname, "fixtures", "ecs-seed-contract.json"), "utf8"));

/** The contract read out of the seed post itself; needs ../shared (call inside `describeWithShared`). */
export function readEcsSeed(): EcsSeed {
  const text = readFileSync(sharedPath(SHARED.ecsSeed), "utf8");
  return {
    eventPattern: JSON.parse(blockAfter(text, "次のようなイベントパターン")),
    inputPaths: JSON.parse(blockAfter(text, "Input path")),
    inputTemplate: blockAfter(text, "Input template"),
    definition: JSON.parse(blockAfter(text, "AWS Step Functionsコード")),
  };
}

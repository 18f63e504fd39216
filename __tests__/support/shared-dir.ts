/**
 * The `shared/` folder that sits beside the repository (seed documents, AWS-recorded test vectors).
 * CI clones the repository with shared/ beside it; GUARDDUTY_SHARED_DIR points elsewhere if needed.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";

export function sharedPath(...parts: string[]): string {
  const root = process.env.GUARDDUTY_SHARED_DIR ?? resolve(__dirname, "../../../shared");
  const path = resolve(root, ...parts);
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: these tests read shared/ beside the repository (or set GUARDDUTY_SHARED_DIR)`);
  }
  return path;
}

/** Each backend setting belongs to one backend type, and the S3 backend needs its bucket. */
import type { Config } from "../config-schema";
import type { ConfigProblem } from "../config-error";
import { refuse } from "./config-rule";

type Backend = Config["backend"];

const SETTINGS_OF: readonly (readonly [Backend["type"], readonly (keyof Backend)[]])[] = [
  ["cloud", ["hostname", "organization", "project", "workspace", "workspace_tags"]],
  ["s3", ["bucket", "s3_region", "dynamodb_table", "kms_key_arn"]],
];

export function backendTypeSettings(config: Config): ConfigProblem[] {
  const b = config.backend;
  const problems: ConfigProblem[] = [];
  for (const [type, keys] of SETTINGS_OF) {
    if (b.type === type) continue;
    for (const k of keys) if (b[k] !== undefined) problems.push(refuse(`backend.${k}`, b[k], `no value unless backend.type is "${type}"`));
  }
  if (b.type === "s3" && b.bucket === undefined) problems.push(refuse("backend.bucket", undefined, 'a bucket name when backend.type is "s3"'));
  return problems;
}

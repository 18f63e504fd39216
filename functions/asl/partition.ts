/**
 * The `Resource` of a Task state names a Step Functions integration by ARN, and an ARN carries the partition:
 * `arn:aws:states:::aws-sdk:ecs:stopTask` in the commercial partition, `arn:aws-us-gov:states:::...` in GovCloud,
 * `arn:aws-cn:states:::...` in China. The workflows therefore take the partition (a literal, or a Terraform
 * reference such as `data.aws_partition`'s) and build every Resource from it.
 */
import type { PropsErrorClass } from "./props-error";

/** The commercial partition. */
export const DEFAULT_PARTITION = "aws";

/** A Task Resource of any partition: `arn:aws:states:::`, `arn:aws-us-gov:states:::`, `arn:aws-cn:states:::`. */
export const STEP_FUNCTIONS_RESOURCE_PREFIX = /^arn:aws(?:-[a-z]+)*:states:::/u;

/**
 * `partition`, or {@link DEFAULT_PARTITION}; throws `errorClass` unless it is a partition name (`aws`, `aws-us-gov`,
 * ...) or an opaque reference (a Terraform token): never a text that could add ARN fields (`:`), a path (`/`) or
 * whitespace.
 */
export function resolvePartition(partition: string | undefined, errorClass: PropsErrorClass): string {
  const resolved = partition ?? DEFAULT_PARTITION;
  if (typeof resolved !== "string" || resolved === "" || /[\s:/"'\\]/u.test(resolved)) {
    throw new errorClass(`partition ${JSON.stringify(resolved)} is not a partition name (aws, aws-us-gov, aws-cn, ...) nor a reference to one`);
  }
  return resolved;
}

/** `arn:<partition>:states:::<integration>`, e.g. `integrationResource("aws-us-gov", "aws-sdk:ecs:stopTask")`. */
export function integrationResource(partition: string, integration: string): string {
  return `arn:${partition}:states:::${integration}`;
}

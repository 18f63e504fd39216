/**
 * The S3 state bucket is one bucket in one region, in the partition of every stack (Terraform reaches it
 * with the stack's credentials, and credentials do not cross partitions), and so is its KMS key. Without
 * s3_region each stack looks for the bucket in its own region, which can hold for one region only (bucket
 * names are global).
 */
import { partitionOfRegion } from "../../functions/aws/partition";
import type { Config } from "../config-schema";
import type { ConfigProblem } from "../config-error";
import { refuse } from "./config-rule";
import { arnParts, deploymentTargets } from "./deployment-targets";

export function s3BackendRegion(config: Config): ConfigProblem[] {
  const b = config.backend;
  if (b.type !== "s3") return [];
  const regions = [...new Set(deploymentTargets(config).map((t) => t.region))];
  const problems: ConfigProblem[] = [];
  if (b.s3_region === undefined && regions.length > 1) {
    problems.push(
      refuse(
        "backend.s3_region",
        undefined,
        `the region of the state bucket: this config deploys to ${regions.length} regions (${regions.join(", ")}) and the bucket is in one`,
      ),
    );
  }
  const bucketRegion = b.s3_region ?? regions[0];
  const otherPartition = regions.find((r) => partitionOfRegion(r) !== partitionOfRegion(bucketRegion));
  if (b.s3_region !== undefined && otherPartition !== undefined) {
    problems.push(
      refuse(
        "backend.s3_region",
        b.s3_region,
        `a region in partition ${partitionOfRegion(otherPartition)}, the partition of ${otherPartition}: Terraform reaches the bucket with the stack's credentials`,
      ),
    );
  }
  if (b.kms_key_arn !== undefined) {
    const partition = partitionOfRegion(bucketRegion);
    if (arnParts(b.kms_key_arn).partition !== partition) {
      problems.push(
        refuse(
          "backend.kms_key_arn",
          b.kms_key_arn,
          `a key in partition ${partition} (arn:${partition}:kms:...), the partition of the bucket's region ${bucketRegion}`,
        ),
      );
    }
  }
  return problems;
}

/** Every config rule, in the order their problems are reported. */
import { arnPartitions } from "./arn-partitions";
import type { ConfigRule } from "./config-rule";
import { ec2IsolationTags } from "./ec2-isolation-tags";
import { ecsClustersDeployed } from "./ecs-clusters-deployed";
import { eksContainmentLabels } from "./eks-containment-labels";
import { quarantineGroupName } from "./quarantine-group-name";
import { resourceNameLengths } from "./resource-name-lengths";
import { s3BackendRegion } from "./s3-backend-region";

export const CONFIG_RULES: readonly ConfigRule[] = [
  arnPartitions,
  ecsClustersDeployed,
  s3BackendRegion,
  quarantineGroupName,
  ec2IsolationTags,
  eksContainmentLabels,
  resourceNameLengths,
];

/**
 * Every ECS cluster the config names (ecs_auto_stop.cluster_arns, and the filters' cluster_arns and
 * exclude_cluster_arns) is in an account, region and partition the config deploys to. A state machine acts
 * in its own account and region, and a rule only sees findings of its region: a cluster elsewhere can
 * never match, so a scope or filter naming only such clusters would never act (or, emptied per stack,
 * act on every cluster).
 */
import type { Config } from "../config-schema";
import type { ConfigProblem } from "../config-error";
import { refuse } from "./config-rule";
import { arnParts, deploymentTargets } from "./deployment-targets";

export function ecsClustersDeployed(config: Config): ConfigProblem[] {
  const targets = deploymentTargets(config);
  const stop = config.ecs_auto_stop;
  const lists: [string, readonly string[] | undefined][] = [
    ["ecs_auto_stop.cluster_arns", stop.cluster_arns],
    ["ecs_auto_stop.filters.cluster_arns", stop.filters.cluster_arns],
    ["ecs_auto_stop.filters.exclude_cluster_arns", stop.filters.exclude_cluster_arns],
  ];
  const problems: ConfigProblem[] = [];
  for (const [setting, arns] of lists) {
    (arns ?? []).forEach((arn, i) => {
      const { partition, region, account } = arnParts(arn);
      const deployedThere = targets.some((t) => t.region === region && t.partition === partition && (t.account === undefined || t.account === account));
      if (deployedThere) return;
      const allowed =
        config.deployments.length > 0
          ? "a cluster in an account and region this config deploys to (deployments)"
          : config.account_id !== undefined && region === config.region && partition === targets[0].partition
            ? `a cluster of account ${config.account_id} (account_id)`
            : `a cluster in ${config.region} (arn:${targets[0].partition}:ecs:${config.region}:...), the region the state machine runs in`;
      problems.push(refuse(`${setting}[${i}]`, arn, allowed));
    });
  }
  return problems;
}

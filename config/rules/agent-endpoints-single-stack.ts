/**
 * Agent endpoints name a VPC and its subnets (and EKS clusters for the add-on), which belong to one account
 * and region: every stack writes config.agent_endpoints, so with deployments planning several stacks each
 * would create an endpoint in a VPC that is not there and fail at apply.
 */
import type { Config } from "../config-schema";
import type { ConfigProblem } from "../config-error";
import { refuse } from "./config-rule";
import { deploymentTargets } from "./deployment-targets";

export function agentEndpointsSingleStack(config: Config): ConfigProblem[] {
  const stacks = deploymentTargets(config).length;
  if (config.agent_endpoints.length === 0 || stacks <= 1) return [];
  return [
    refuse(
      "agent_endpoints",
      config.agent_endpoints.map((e) => e.name),
      `no agent endpoints while deployments plan ${stacks} stacks: a VPC and its clusters belong to one account and region, use one config per account and region for agent endpoints`,
    ),
  ];
}

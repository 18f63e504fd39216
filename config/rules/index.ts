/** Every config rule, in the order their problems are reported. */
import { agentEndpointEksAddonManagement } from "./agent-endpoint-eks-addon-management";
import { agentEndpointNames } from "./agent-endpoint-names";
import { agentEndpointPrincipals } from "./agent-endpoint-principals";
import { agentEndpointVpcs } from "./agent-endpoint-vpcs";
import { agentEndpointsSingleStack } from "./agent-endpoints-single-stack";
import { arnPartitions } from "./arn-partitions";
import { backendToken } from "./backend-token";
import { backendTypeSettings } from "./backend-type-settings";
import { cloudWorkspaceSelection } from "./cloud-workspace-selection";
import type { ConfigRule } from "./config-rule";
import { deploymentAccounts } from "./deployment-accounts";
import { deploymentDetectorRegions } from "./deployment-detector-regions";
import { deploymentRoleAccounts } from "./deployment-role-accounts";
import { deploymentSingleStackSettings } from "./deployment-single-stack-settings";
import { detectorAdoption } from "./detector-adoption";
import { detectorFeaturesOffered } from "./detector-features-offered";
import { ec2IsolationTags } from "./ec2-isolation-tags";
import { ecsClustersDeployed } from "./ecs-clusters-deployed";
import { ecsFindingFilters } from "./ecs-finding-filters";
import { ecsSeedWorkflowOptions } from "./ecs-seed-workflow-options";
import { eksAddonClusters } from "./eks-addon-clusters";
import { eksContainmentLabels } from "./eks-containment-labels";
import { eksContainmentScope } from "./eks-containment-scope";
import { eksContainmentSingleAccount } from "./eks-containment-single-account";
import { legacyEksRuntimeMonitoring } from "./legacy-eks-runtime-monitoring";
import { notificationsExistingKey } from "./notifications-existing-key";
import { notificationsExistingTopic } from "./notifications-existing-topic";
import { organizationAccounts } from "./organization-accounts";
import { providerRoleAccount } from "./provider-role-account";
import { quarantineGroupName } from "./quarantine-group-name";
import { resourceNameLengths } from "./resource-name-lengths";
import { s3BackendRegion } from "./s3-backend-region";
import { safetyRailsCapsDeployed } from "./safety-rails-caps-deployed";
import { approvalGateEcsWorkflow } from "./approval-gate-ecs-workflow";
import { approvalGateDeployed } from "./approval-gate-deployed";
import { safetyRailsEcsWorkflow } from "./safety-rails-ecs-workflow";

export const CONFIG_RULES: readonly ConfigRule[] = [
  detectorAdoption,
  legacyEksRuntimeMonitoring,
  detectorFeaturesOffered,
  agentEndpointNames,
  agentEndpointVpcs,
  agentEndpointPrincipals,
  agentEndpointEksAddonManagement,
  eksAddonClusters,
  agentEndpointsSingleStack,
  ecsSeedWorkflowOptions,
  ecsFindingFilters,
  backendToken,
  backendTypeSettings,
  cloudWorkspaceSelection,
  providerRoleAccount,
  deploymentSingleStackSettings,
  deploymentAccounts,
  deploymentRoleAccounts,
  deploymentDetectorRegions,
  organizationAccounts,
  eksContainmentScope,
  eksContainmentSingleAccount,
  notificationsExistingTopic,
  notificationsExistingKey,
  arnPartitions,
  ecsClustersDeployed,
  s3BackendRegion,
  quarantineGroupName,
  ec2IsolationTags,
  eksContainmentLabels,
  safetyRailsEcsWorkflow,
  safetyRailsCapsDeployed,
  approvalGateEcsWorkflow,
  approvalGateDeployed,
  resourceNameLengths,
];

/**
 * From one config to the stacks it describes: one per account and region. Each plan holds a
 * single-stack view of the config (its region, account, role, and only the clusters that live there),
 * so stacks never reference each other.
 */
import type { Config } from "./config-schema";

export interface StackPlan {
  readonly stackName: string;
  /** The config as this one stack sees it. */
  readonly config: Config;
  /** This stack is the delegated administrator's in its region: it carries the organization settings. */
  readonly organizationAdmin: boolean;
  /** This stack is the management account's in its region: it designates the delegated administrator. */
  readonly organizationManagement: boolean;
}

const inRegionAndAccount = (region: string, account: string | undefined) => (arn: string) => {
  const [, , , arnRegion, arnAccount] = arn.split(":");
  return arnRegion === region && (account === undefined || arnAccount === account);
};

export function planStacks(config: Config): StackPlan[] {
  const isAdmin = (account: string | undefined) => config.organization !== undefined && account === config.organization.delegated_admin_account_id;
  const isManagement = (account: string | undefined) => config.organization?.management_account_id !== undefined && account === config.organization.management_account_id;
  if (config.deployments.length === 0) {
    return [
      {
        stackName: `${config.name}-${config.environment}-${config.region}`,
        config,
        organizationAdmin: isAdmin(config.account_id),
        organizationManagement: isManagement(config.account_id),
      },
    ];
  }
  return config.deployments.flatMap((d) =>
    (d.regions ?? [config.region]).map((region) => {
      const here = inRegionAndAccount(region, d.account_id);
      const stop = config.ecs_auto_stop;
      const clusters = stop.cluster_arns.filter(here);
      const filterClusters = stop.filters.cluster_arns?.filter(here);
      // A cluster list that names no cluster here must not turn into "any cluster": no pipeline here.
      const scopedElsewhere = stop.cluster_arns.length > 0 && clusters.length === 0;
      const adopted = d.existing_detector_ids?.[region];
      const view: Config = {
        ...config,
        detector: adopted !== undefined ? { ...config.detector, create: false, existing_detector_id: adopted, finding_publishing_frequency: undefined } : config.detector,
        region,
        account_id: d.account_id,
        provider: { ...config.provider, assume_role_arn: d.assume_role_arn },
        deployments: [],
        ecs_auto_stop: {
          ...stop,
          enabled: stop.enabled && !scopedElsewhere,
          cluster_arns: clusters,
          filters: { ...stop.filters, cluster_arns: filterClusters !== undefined && filterClusters.length > 0 ? filterClusters : undefined },
        },
      };
      return {
        stackName: `${config.name}-${config.environment}-${d.account_id}-${region}`,
        config: view,
        organizationAdmin: isAdmin(d.account_id),
        organizationManagement: isManagement(d.account_id),
      };
    }),
  );
}

/**
 * From one config to the stacks it describes: one per account and region. Each plan holds a
 * single-stack view of the config (its region, account, role, and only the clusters that live there),
 * so stacks never reference each other.
 *
 * Whose detector already exists in an organization, and is therefore adopted rather than created
 * (GuardDuty allows one detector per account and region; creating a second fails):
 * - the delegated administrator's: designating it "enables GuardDuty for the delegated GuardDuty
 *   administrator account" (GuardDuty user guide, organizations_permissions.html), and its organization
 *   settings only work once it is designated;
 * - with `auto_enable_members: "ALL"`, every member's: GuardDuty enables each member itself.
 * The view then says `detector.create: false` without an id: the stack looks the detector up
 * (`data "aws_guardduty_detector"`). An id in `deployments[].existing_detector_ids` still wins. The
 * management account's detector is created as configured: its stacks come first, before any of this.
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
  const isManagement = (account: string | undefined) =>
    config.organization?.management_account_id !== undefined && account === config.organization.management_account_id;
  if (config.deployments.length === 0) {
    return [
      {
        stackName: stackNameOf(config),
        config: { ...config, detector: config.detector.existing_detector_id === undefined ? detectorOf(config, config.account_id) : config.detector },
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
      // A cluster list (the IAM scope or the rule's cluster filter) that names no cluster here must not
      // turn into "any cluster": no pipeline here.
      const scopedElsewhere = (stop.cluster_arns.length > 0 && clusters.length === 0) || (filterClusters !== undefined && filterClusters.length === 0);
      const adopted = d.existing_detector_ids?.[region];
      const view: Config = {
        ...config,
        detector:
          adopted !== undefined
            ? { ...config.detector, create: false, existing_detector_id: adopted, finding_publishing_frequency: undefined }
            : detectorOf(config, d.account_id),
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

/** Stack name of a single-stack config (one without deployments). */
export function stackNameOf(config: Config): string {
  return `${config.name}-${config.environment}-${config.region}`;
}

/**
 * The detector settings of a stack of `account` without a given detector id: looked up (create false,
 * no id) where GuardDuty itself enabled the account, else as configured.
 */
function detectorOf(config: Config, account: string | undefined): Config["detector"] {
  const org = config.organization;
  if (org === undefined || account === undefined || account === org.management_account_id) return config.detector;
  const enabledByGuardDuty = account === org.delegated_admin_account_id || org.auto_enable_members === "ALL";
  if (!enabledByGuardDuty) return config.detector;
  return { ...config.detector, create: false, existing_detector_id: undefined, import_existing: false, finding_publishing_frequency: undefined };
}

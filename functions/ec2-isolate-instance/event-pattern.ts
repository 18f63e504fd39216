/**
 * The EventBridge event pattern of the EC2 isolation workflow: GuardDuty findings raised by Runtime Monitoring
 * on an EC2 instance (`detail.resource.resourceType` `Instance`, the instance in `detail.resource.instanceDetails`).
 *
 * Runtime Monitoring names the resource of a finding after what the agent saw: `Instance` for a process on
 * the host, `Container` for a self-managed container (Docker) on an instance (that finding also carries
 * `instanceDetails` and `containerDetails`), `ECSCluster` and `EKSCluster` for ECS tasks and EKS workloads.
 * By default only `Instance` findings isolate an instance; `includeSelfManagedContainers` adds container
 * findings that name their host instance (the whole host is isolated, with every other container on it).
 *
 * Key order follows the ECS seed pattern (`detail`, `detail-type`, `source`).
 */
import { validateEventPattern } from "../eventbridge/pattern-matcher";

export interface Ec2RuntimeFindingPatternOptions {
  /**
   * Also match Runtime Monitoring findings on self-managed containers (`resourceType` `Container`) that name
   * their host instance (`detail.resource.instanceDetails.instanceId` present).
   * @default false
   */
  readonly includeSelfManagedContainers?: boolean;
}

export interface Ec2RuntimeFindingPattern {
  readonly detail: {
    readonly resource: {
      readonly resourceType: readonly string[];
      readonly instanceDetails?: { readonly instanceId: readonly [{ readonly exists: true }] };
    };
    readonly service: { readonly featureName: readonly string[] };
  };
  readonly "detail-type": readonly string[];
  readonly source: readonly string[];
}

/** `detail.resource.resourceType` of a Runtime Monitoring finding on a process of an EC2 instance. */
export const EC2_INSTANCE_RESOURCE_TYPE = "Instance";
/** `detail.resource.resourceType` of a Runtime Monitoring finding on a self-managed container of an instance. */
export const EC2_CONTAINER_RESOURCE_TYPE = "Container";

export function buildEc2RuntimeFindingPattern(options: Ec2RuntimeFindingPatternOptions = {}): Ec2RuntimeFindingPattern {
  const pattern: Ec2RuntimeFindingPattern = {
    detail: {
      resource: options.includeSelfManagedContainers
        ? { resourceType: [EC2_INSTANCE_RESOURCE_TYPE, EC2_CONTAINER_RESOURCE_TYPE], instanceDetails: { instanceId: [{ exists: true }] } }
        : { resourceType: [EC2_INSTANCE_RESOURCE_TYPE] },
      service: { featureName: ["RuntimeMonitoring"] },
    },
    "detail-type": ["GuardDuty Finding"],
    source: ["aws.guardduty"],
  };
  validateEventPattern(pattern);
  return pattern;
}

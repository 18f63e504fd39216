/**
 * The EventBridge event pattern of the ECS auto-stop seed: every GuardDuty finding raised by
 * Runtime Monitoring on an ECS cluster. Key order follows the seed text.
 */
export interface EcsRuntimeFindingPattern {
  readonly detail: {
    readonly resource: { readonly resourceType: readonly string[] };
    readonly service: { readonly featureName: readonly string[] };
  };
  readonly "detail-type": readonly string[];
  readonly source: readonly string[];
}

export function buildSeedEcsRuntimeFindingPattern(): EcsRuntimeFindingPattern {
  return {
    detail: {
      resource: { resourceType: ["ECSCluster"] },
      service: { featureName: ["RuntimeMonitoring"] },
    },
    "detail-type": ["GuardDuty Finding"],
    source: ["aws.guardduty"],
  };
}

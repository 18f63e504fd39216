/**
 * The EventBridge event pattern of the EKS pod containment workflow: every GuardDuty finding raised by Runtime
 * Monitoring on an EKS cluster.
 *
 * `resource.resourceType` is `EKSCluster` for every EKS finding, including EKS Protection (audit log)
 * findings such as `Persistence:Kubernetes/SuccessfulAnonymousAccess`; those have no `service.featureName`
 * (or another one), so `featureName: ["RuntimeMonitoring"]` keeps only the runtime findings, which are about
 * a running container. EC2 and ECS runtime findings carry `Instance`/`Container`/`ECSCluster`.
 */
export interface EksRuntimeFindingPattern {
  readonly detail: {
    readonly resource: { readonly resourceType: readonly string[] };
    readonly service: { readonly featureName: readonly string[] };
  };
  readonly "detail-type": readonly string[];
  readonly source: readonly string[];
}

export const EKS_RUNTIME_RESOURCE_TYPE = "EKSCluster";
export const RUNTIME_MONITORING_FEATURE_NAME = "RuntimeMonitoring";

export function buildEksRuntimeFindingPattern(): EksRuntimeFindingPattern {
  return {
    detail: {
      resource: { resourceType: [EKS_RUNTIME_RESOURCE_TYPE] },
      service: { featureName: [RUNTIME_MONITORING_FEATURE_NAME] },
    },
    "detail-type": ["GuardDuty Finding"],
    source: ["aws.guardduty"],
  };
}

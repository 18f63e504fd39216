import { Construct } from "constructs";
import { EKS_CONTAIN_POD, type EksContainPodResponseProps } from "../../functions/eks-contain-pod/response-type";
import { ResponsePipeline, ResponsePipelineOptions } from "../response-pipeline";

export interface EksPodContainmentProps extends ResponsePipelineOptions, EksContainPodResponseProps {
  /** Resource names start with `<namePrefix>-eks` (functions/naming/resource-names.ts); each must fit its AWS limit. */
  readonly namePrefix: string;
}

/**
 * Containment of Kubernetes pods reported by Runtime Monitoring on EKS, through the Step Functions EKS
 * integration, with the Kubernetes permission managed here too: an access entry and a namespace-scoped
 * access policy association per cluster (`accessEntries`, `accessPolicyAssociations`). The EKS response type
 * (functions/eks-contain-pod/response-type.ts) in a ResponsePipeline. See docs/containment-eks.md.
 */
export class EksPodContainment extends ResponsePipeline<EksContainPodResponseProps> {
  constructor(scope: Construct, id: string, props: EksPodContainmentProps) {
    super(scope, id, { ...props, responseType: EKS_CONTAIN_POD, props });
  }
}

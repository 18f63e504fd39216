import { Construct } from "constructs";
import { EC2_ISOLATE_INSTANCE, type Ec2IsolateInstanceProps } from "../../functions/ec2-isolate-instance/response-type";
import { ResponsePipeline, ResponsePipelineOptions } from "../response-pipeline";

export interface Ec2InstanceIsolationProps extends ResponsePipelineOptions, Ec2IsolateInstanceProps {
  /** Resource names start with `<namePrefix>-ec2` (functions/naming/resource-names.ts); each must fit its AWS limit. */
  readonly namePrefix: string;
}

/**
 * Containment of EC2 instances reported by Runtime Monitoring: snapshot the volumes (evidence first),
 * tag the instance, detach it from its Auto Scaling group, and swap every network interface's security
 * groups for a quarantine group without rules; notify. The EC2 response type
 * (functions/ec2-isolate-instance/response-type.ts) in a ResponsePipeline. See docs/containment-ec2.md.
 */
export class Ec2InstanceIsolation extends ResponsePipeline<Ec2IsolateInstanceProps> {
  constructor(scope: Construct, id: string, props: Ec2InstanceIsolationProps) {
    super(scope, id, { ...props, responseType: EC2_ISOLATE_INSTANCE, props });
  }
}

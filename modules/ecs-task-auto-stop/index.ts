import { Construct } from "constructs";
import { ECS_STOP_TASK, type EcsStopTaskProps, type GuardedWorkflowOptions } from "../../functions/ecs-stop-task/response-type";
import { ResponsePipeline, ResponsePipelineOptions } from "../response-pipeline";

export type { GuardedWorkflowOptions };

export interface EcsTaskAutoStopProps extends ResponsePipelineOptions, EcsStopTaskProps {
  /**
   * First part of every resource name, e.g. `ecs-runtime-monitoring-stop-task-dev` (the seed's topic
   * is `<namePrefix>-topic`); see functions/naming/resource-names.ts. Each name must fit its AWS limit
   * (64-character IAM role names, which also carry the region code).
   */
  readonly namePrefix: string;
}

/**
 * The seed's automatic containment for ECS: an EventBridge rule on ECS Runtime Monitoring findings
 * starts a state machine that stops the task and reports success or failure to an SNS topic; or the
 * guarded workflow in its place. The ECS response type (functions/ecs-stop-task/response-type.ts) in a
 * ResponsePipeline; every created resource is a public field.
 */
export class EcsTaskAutoStop extends ResponsePipeline<EcsStopTaskProps> {
  constructor(scope: Construct, id: string, props: EcsTaskAutoStopProps) {
    super(scope, id, { ...props, responseType: ECS_STOP_TASK, props });
  }
}

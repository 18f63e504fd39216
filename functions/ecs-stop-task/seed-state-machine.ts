/**
 * The state machine of the ECS auto-stop seed document, as AWS ran it.
 *
 * Every `Message.$` ends with a newline after `States.Format(...)`: the blog's Terraform heredoc put it
 * there, AWS accepted and ran it, and we keep it so the definition is the seed's byte for byte.
 * (`asl-validator` and `aws-local-stepfunctions` reject that trailing newline: tests validate and run
 * a copy with it trimmed; see `trimIntrinsicWhitespace`.)
 *
 * The seed's Resources are `arn:aws:states:::...`; in another partition they are that partition's
 * (`arn:aws-us-gov:states:::...`), the only change to the seed's text.
 */
import { integrationResource, resolvePartition } from "../asl/partition";
import { WorkflowPropsError } from "../asl/props-error";

/** Inputs of the seed state machine definition. */
export interface SeedStopTaskDefinitionProps {
  /** ARN of the SNS topic that receives the success and failure notices (may be a Terraform reference). */
  readonly topicArn: string;
  /**
   * Partition of the Task Resource ARNs (a literal or a Terraform reference such as `data.aws_partition`'s).
   * @default "aws"
   */
  readonly partition?: string;
}

/** Invalid props of {@link buildSeedStopTaskDefinition}. */
export class SeedStopTaskPropsError extends WorkflowPropsError {}

export const SEED_STOP_TASK_COMMENT = "Stop Task with runtime security threats detected by Amazon GuardDuty";
export const SEED_TIMEOUT_SECONDS = 3600;

/** Builds the seed's ASL with the given topic ARN. Key order follows the seed text. */
export function buildSeedStopTaskDefinition(props: SeedStopTaskDefinitionProps): Record<string, unknown> {
  const partition = resolvePartition(props.partition, SeedStopTaskPropsError);
  return {
    Comment: SEED_STOP_TASK_COMMENT,
    StartAt: "StopTask",
    States: {
      "Notify Failure": {
        End: true,
        Parameters: {
          "Message.$":
            "States.Format('Step Functions failed to stop ECS Task with runtime security threats detected by GuardDuty.\nDetail:\n  Error: {}\n  Cause: {}',$.Error,$.Cause)\n",
          Subject: "Step Functions failed to stop ECS Task with runtime security threats detected by GuardDuty",
          TopicArn: props.topicArn,
        },
        Resource: integrationResource(partition, "aws-sdk:sns:publish"),
        Type: "Task",
      },
      "Notify Success": {
        End: true,
        Parameters: {
          "Message.$":
            "States.Format('Step Functions succeeded in stopping ECS Task with runtime security threats detected by GuardDuty.\nDetail:\n  Cluster: {}\n  TaskDefinition: {}\n  Group: {}\n  Task: {}\n  StoppedReason: {}',$.Task.ClusterArn, $.Task.TaskDefinitionArn, $.Task.Group, $.Task.TaskArn, $.Task.StoppedReason)\n",
          Subject: "Step Functions succeeded in stopping ECS Task with runtime security threats detected by GuardDuty",
          TopicArn: props.topicArn,
        },
        Resource: integrationResource(partition, "aws-sdk:sns:publish"),
        Type: "Task",
      },
      StopTask: {
        Catch: [
          {
            ErrorEquals: ["States.ALL"],
            Next: "Notify Failure",
          },
        ],
        Next: "Notify Success",
        Parameters: {
          "Cluster.$": "$.EcsClusterArn",
          "Reason.$": "$.GuardDutyFindingTitle",
          "Task.$": "$.TaskArn",
        },
        Resource: integrationResource(partition, "aws-sdk:ecs:stopTask"),
        Type: "Task",
      },
    },
    TimeoutSeconds: SEED_TIMEOUT_SECONDS,
  };
}

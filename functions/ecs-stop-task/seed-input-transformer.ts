/**
 * The seed's input transformer: picks the ECS cluster, task, task definition and finding title out of
 * the GuardDuty finding event and hands them to the state machine.
 */
import type { InputTransformer } from "../response-types/contract";

export type { InputTransformer };

export function buildSeedEcsInputTransformer(): InputTransformer {
  return {
    inputPaths: {
      EcsClusterArn: "$.detail.resource.ecsClusterDetails.arn",
      GuardDutyFindingTitle: "$.detail.title",
      TaskArn: "$.detail.resource.ecsClusterDetails.taskDetails.arn",
      TaskDefinitionArn: "$.detail.resource.ecsClusterDetails.taskDetails.definitionArn",
    },
    // Whitespace exactly as in the seed (two spaces after two of the colons).
    inputTemplate: [
      "{",
      '  "EcsClusterArn": <EcsClusterArn>,',
      '  "TaskDefinitionArn":  <TaskDefinitionArn>,',
      '  "TaskArn":  <TaskArn>,',
      '  "GuardDutyFindingTitle": <GuardDutyFindingTitle>',
      "}",
    ].join("\n"),
  };
}

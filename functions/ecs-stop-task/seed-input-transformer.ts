/**
 * The seed's input transformer: picks the ECS cluster, task, task definition and finding title out of
 * the GuardDuty finding event and hands them to the state machine.
 */
export interface InputTransformer {
  /** EventBridge `InputPathsMap`: placeholder name -> JSONPath into the event. */
  readonly inputPaths: Readonly<Record<string, string>>;
  /** EventBridge `InputTemplate`, exact text (it is not JSON until the placeholders are filled). */
  readonly inputTemplate: string;
}

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

import type { PolicyDocument, PolicyStatement } from "../iam/policy-document";
import type { ResponseRolePolicyProps } from "../iam/response-role-statements";
import type { RoleGrant } from "../response-types/contract";
import { integrationNeed, notifyLogAndTraceGrants, rolePolicyOf } from "../response-types/role-policy";
import { buildGuardedStopTaskDefinition } from "./guarded-state-machine";
import { buildSeedStopTaskDefinition } from "./seed-state-machine";

/** Partition, region and account are those whose ECS tasks may be stopped. */
export interface StopTaskStateMachinePolicyProps extends ResponseRolePolicyProps {
  /**
   * Clusters whose tasks may be stopped. Literal cluster ARNs narrow the resource to those clusters'
   * tasks; every entry is also enforced with the `ecs:cluster` condition key.
   * @default - the tasks of any cluster in this account and region
   */
  readonly clusterArns?: readonly string[];
  /**
   * The guarded workflow reads the task, its cluster and its service before acting.
   * @default false - the seed workflow only stops and notifies
   */
  readonly readsBeforeStopping?: boolean;
}

/** `arn:<p>:ecs:<r>:<a>:cluster/<name>`: literal ARNs only (references cannot be split at synth time). */
const LITERAL_CLUSTER_ARN = /^arn:(aws|aws-cn|aws-us-gov):ecs:([a-z0-9-]+):(\d{12}):cluster\/([A-Za-z0-9_-]{1,255})$/;

/** The ARN pattern of every task of a cluster, for a literal cluster ARN. */
export function tasksOfClusterArnPattern(clusterArn: string): string | undefined {
  return childrenOfCluster(clusterArn, "task");
}

/** `arn:...:<kind>/<cluster>/*` for a literal cluster ARN (tasks and services live under their cluster). */
function childrenOfCluster(clusterArn: string, kind: "task" | "service"): string | undefined {
  const m = LITERAL_CLUSTER_ARN.exec(clusterArn);
  return m ? `arn:${m[1]}:ecs:${m[2]}:${m[3]}:${kind}/${m[4]}/*` : undefined;
}

/**
 * What the stop-task workflows need from their role, per Task integration: stop tasks (never `*`), and, for the
 * guarded workflow's reads, read the task, its cluster and its service; publish to one topic; deliver logs.
 * In the order the role policy lists them.
 */
export function stopTaskRoleGrants(props: Omit<StopTaskStateMachinePolicyProps, "readsBeforeStopping">): RoleGrant[] {
  const anyTaskHere = `arn:${props.partition}:ecs:${props.region}:${props.accountId}:task/*`;
  const clusters = props.clusterArns ?? [];
  const stopTask: PolicyStatement =
    clusters.length === 0
      ? { Sid: "StopTasksOfThisAccountAndRegion", Effect: "Allow", Action: "ecs:StopTask", Resource: anyTaskHere }
      : {
          Sid: "StopTasksOfConfiguredClusters",
          Effect: "Allow",
          Action: "ecs:StopTask",
          Resource: unique(clusters.map((arn) => tasksOfClusterArnPattern(arn) ?? anyTaskHere)),
          Condition: { ArnEquals: { "ecs:cluster": [...clusters] } },
        };
  const here = `arn:${props.partition}:ecs:${props.region}:${props.accountId}`;
  const scoped = clusters.length > 0;
  const common = notifyLogAndTraceGrants(props);
  return [
    { neededBy: [integrationNeed("aws-sdk:ecs:stopTask")], statements: [stopTask] },
    common.publish,
    common.logging,
    common.topicKey,
    {
      neededBy: [integrationNeed("aws-sdk:ecs:describeTasks")],
      statements: [
        {
          Sid: "ReadTheTaskBeforeActing",
          Effect: "Allow",
          Action: "ecs:DescribeTasks",
          Resource: scoped ? unique(clusters.map((arn) => childrenOfCluster(arn, "task") ?? `${here}:task/*`)) : `${here}:task/*`,
          ...(scoped ? { Condition: { ArnEquals: { "ecs:cluster": [...clusters] } } } : {}),
        },
      ],
    },
    {
      neededBy: [integrationNeed("aws-sdk:ecs:describeClusters")],
      statements: [{ Sid: "ReadTheClusterTags", Effect: "Allow", Action: "ecs:DescribeClusters", Resource: scoped ? [...clusters] : `${here}:cluster/*` }],
    },
    {
      neededBy: [integrationNeed("aws-sdk:ecs:describeServices")],
      statements: [
        {
          Sid: "ReadTheServiceHealth",
          Effect: "Allow",
          Action: "ecs:DescribeServices",
          Resource: scoped ? unique(clusters.map((arn) => childrenOfCluster(arn, "service") ?? `${here}:service/*`)) : `${here}:service/*`,
          ...(scoped ? { Condition: { ArnEquals: { "ecs:cluster": [...clusters] } } } : {}),
        },
      ],
    },
    common.tracing,
  ];
}

/**
 * Identity policy of the stop-task state machine role: {@link stopTaskRoleGrants} for what the seed workflow
 * (or, with `readsBeforeStopping`, the guarded workflow) calls.
 */
export function buildStopTaskStateMachinePolicy(props: StopTaskStateMachinePolicyProps): PolicyDocument {
  const definition = props.readsBeforeStopping
    ? buildGuardedStopTaskDefinition({ topicArn: props.topicArn, partition: props.partition })
    : buildSeedStopTaskDefinition({ topicArn: props.topicArn, partition: props.partition });
  return rolePolicyOf(stopTaskRoleGrants(props), definition, props);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

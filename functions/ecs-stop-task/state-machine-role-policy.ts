import { PolicyDocument, PolicyStatement, policyDocument } from "../iam/policy-document";
import { buildLogDeliveryStatement, buildTracingStatement } from "../iam/state-machine-logging-policy";

export interface StopTaskStateMachinePolicyProps {
  /** Partition, region and account whose ECS tasks may be stopped (values or Terraform references). */
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  /** The notification topic: the only topic the role may publish to. */
  readonly topicArn: string;
  /**
   * Clusters whose tasks may be stopped. Literal cluster ARNs narrow the resource to those clusters'
   * tasks; every entry is also enforced with the `ecs:cluster` condition key.
   * @default - the tasks of any cluster in this account and region
   */
  readonly clusterArns?: readonly string[];
  /**
   * The key that encrypts the topic: the role may use it through SNS only.
   * @default - the topic is not encrypted with a customer managed key
   */
  readonly kmsKeyArn?: string;
  /** X-Ray tracing is on: the role may send trace segments. @default false */
  readonly tracing?: boolean;
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
 * Identity policy of the stop-task state machine role: stop tasks (never `*`), publish to one topic,
 * deliver its own logs.
 */
export function buildStopTaskStateMachinePolicy(props: StopTaskStateMachinePolicyProps): PolicyDocument {
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
  const statements: PolicyStatement[] = [
    stopTask,
    { Sid: "PublishToTheNotificationTopic", Effect: "Allow", Action: "sns:Publish", Resource: props.topicArn },
    buildLogDeliveryStatement(),
  ];
  if (props.kmsKeyArn !== undefined) {
    statements.push({
      Sid: "EncryptNoticesForTheTopic",
      Effect: "Allow",
      Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
      Resource: props.kmsKeyArn,
      Condition: { StringEquals: { "kms:ViaService": `sns.${props.region}.amazonaws.com` } },
    });
  }
  if (props.readsBeforeStopping) {
    const here = `arn:${props.partition}:ecs:${props.region}:${props.accountId}`;
    const scoped = clusters.length > 0;
    statements.push(
      {
        Sid: "ReadTheTaskBeforeActing",
        Effect: "Allow",
        Action: "ecs:DescribeTasks",
        Resource: scoped ? unique(clusters.map((arn) => childrenOfCluster(arn, "task") ?? `${here}:task/*`)) : `${here}:task/*`,
        ...(scoped ? { Condition: { ArnEquals: { "ecs:cluster": [...clusters] } } } : {}),
      },
      {
        Sid: "ReadTheClusterTags",
        Effect: "Allow",
        Action: "ecs:DescribeClusters",
        Resource: scoped ? [...clusters] : `${here}:cluster/*`,
      },
      {
        Sid: "ReadTheServiceHealth",
        Effect: "Allow",
        Action: "ecs:DescribeServices",
        Resource: scoped ? unique(clusters.map((arn) => childrenOfCluster(arn, "service") ?? `${here}:service/*`)) : `${here}:service/*`,
        ...(scoped ? { Condition: { ArnEquals: { "ecs:cluster": [...clusters] } } } : {}),
      },
    );
  }
  if (props.tracing) statements.push(buildTracingStatement());
  return policyDocument(...statements);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

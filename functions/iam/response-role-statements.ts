/**
 * What every containment state machine role is granted besides its workflow's own calls: publishing to the
 * notification topic (and using its key, through SNS only), delivering its execution logs, and tracing.
 */
import type { PolicyStatement } from "./policy-document";
import { buildLogDeliveryStatement, buildTracingStatement } from "./state-machine-logging-policy";

/** Props every containment state machine role policy takes. */
export interface ResponseRolePolicyProps {
  /** Partition, region and account of the resources the workflow acts on (values or Terraform references). */
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  /** The notification topic: the only topic the role may publish to. */
  readonly topicArn: string;
  /**
   * The key that encrypts the topic: the role may use it through SNS only.
   * @default - the topic is not encrypted with a customer managed key
   */
  readonly kmsKeyArn?: string;
  /** X-Ray tracing is on: the role may send trace segments. @default false */
  readonly tracing?: boolean;
}

/**
 * Publish to the one topic, deliver the execution logs, and, for an encrypted topic, use its key. The key is
 * granted only via SNS in the role's region (`kms:ViaService`): the role cannot use it directly.
 */
export function buildPublishAndLogStatements(props: Pick<ResponseRolePolicyProps, "region" | "topicArn" | "kmsKeyArn">): PolicyStatement[] {
  const statements: PolicyStatement[] = [
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
  return statements;
}

/** The X-Ray statement when tracing is on, else none (spread into the statement list, last). */
export function buildTracingStatements(props: Pick<ResponseRolePolicyProps, "tracing">): PolicyStatement[] {
  return props.tracing ? [buildTracingStatement()] : [];
}

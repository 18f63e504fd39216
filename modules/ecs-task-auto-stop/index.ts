import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SfnStateMachine } from "@cdktf/provider-aws/lib/sfn-state-machine";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Fn, Token } from "cdktf";
import { Construct } from "constructs";
import { buildSeedEcsRuntimeFindingPattern } from "../../functions/ecs-stop-task/seed-event-pattern";
import { buildSeedEcsInputTransformer } from "../../functions/ecs-stop-task/seed-input-transformer";
import { buildSeedStopTaskDefinition } from "../../functions/ecs-stop-task/seed-state-machine";
import { buildStopTaskStateMachinePolicy, tasksOfClusterArnPattern } from "../../functions/ecs-stop-task/state-machine-role-policy";
import { buildServiceTrustPolicy } from "../../functions/iam/service-trust-policy";
import { buildStartExecutionPolicy } from "../../functions/iam/start-execution-policy";
import { AwsContext } from "../aws-context";
import { assertTerraformSafeStrings } from "../support/terraform-safe-strings";

/** Retention periods CloudWatch Logs accepts. */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

export interface EcsTaskAutoStopProps {
  /**
   * First part of every resource name, e.g. `ecs-runtime-monitoring-stop-task-dev` (the seed's topic
   * is `<namePrefix>-topic`). At most 49 characters so IAM role names stay within 64.
   */
  readonly namePrefix: string;
  /**
   * Clusters whose tasks the state machine may stop.
   * @default - the tasks of any cluster in this account and region (never `*`)
   */
  readonly clusterArns?: readonly string[];
  /**
   * Publish notices to this topic instead of creating one.
   * @default - a topic named `<namePrefix>-topic` is created
   */
  readonly existingTopicArn?: string;
  /**
   * Email addresses subscribed to the topic; each must confirm the subscription.
   * @default - no subscription
   */
  readonly notificationEmails?: readonly string[];
  /** Retention of the execution log group. @default 365 */
  readonly logRetentionInDays?: number;
  /** @default - no tags besides the provider's default tags */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * The seed's automatic containment for ECS: an EventBridge rule on ECS Runtime Monitoring findings
 * starts a state machine that stops the task and reports success or failure to an SNS topic.
 */
export class EcsTaskAutoStop extends Construct {
  readonly rule: CloudwatchEventRule;
  readonly target: CloudwatchEventTarget;
  readonly eventsRole: IamRole;
  readonly eventsRolePolicy: IamRolePolicy;
  readonly stateMachine: SfnStateMachine;
  readonly stateMachineRole: IamRole;
  readonly stateMachineRolePolicy: IamRolePolicy;
  readonly logGroup: CloudwatchLogGroup;
  /** The created topic; undefined when `existingTopicArn` is given. */
  readonly topic?: SnsTopic;
  /** ARN of the topic notices go to, created or given. */
  readonly topicArn: string;
  readonly subscriptions: readonly SnsTopicSubscription[];

  constructor(scope: Construct, id: string, props: EcsTaskAutoStopProps) {
    super(scope, id);
    validate(props);
    const aws = AwsContext.of(this);
    const tags = props.tags ? { ...props.tags } : undefined;
    const names = {
      topic: `${props.namePrefix}-topic`,
      stateMachine: `${props.namePrefix}-state-machine`,
      rule: `${props.namePrefix}-rule`,
      stateMachineRole: `${props.namePrefix}-sfn-role`,
      eventsRole: `${props.namePrefix}-events-role`,
    };
    const arnPrefix = (service: string) => `arn:${aws.partition}:${service}:${aws.region}:${aws.accountId}`;

    if (props.existingTopicArn === undefined) {
      this.topic = new SnsTopic(this, "topic", { name: names.topic, tags });
      this.topicArn = this.topic.arn;
    } else {
      this.topicArn = props.existingTopicArn;
    }
    this.subscriptions = (props.notificationEmails ?? []).map(
      (email, i) => new SnsTopicSubscription(this, `email-${i}`, { topicArn: this.topicArn, protocol: "email", endpoint: email }),
    );

    this.logGroup = new CloudwatchLogGroup(this, "log-group", {
      // Step Functions recommends the /aws/vendedlogs/ prefix: it keeps the logs resource policy small.
      name: `/aws/vendedlogs/states/${names.stateMachine}`,
      retentionInDays: props.logRetentionInDays ?? 365,
      tags,
    });

    this.stateMachineRole = new IamRole(this, "state-machine-role", {
      name: names.stateMachineRole,
      description: "Stops ECS tasks reported by GuardDuty Runtime Monitoring and notifies the topic",
      assumeRolePolicy: Fn.jsonencode(
        buildServiceTrustPolicy({
          servicePrincipal: "states.amazonaws.com",
          sourceAccount: aws.accountId,
          sourceArn: `${arnPrefix("states")}:stateMachine:${names.stateMachine}`,
        }),
      ),
      tags,
    });
    this.stateMachineRolePolicy = new IamRolePolicy(this, "state-machine-role-policy", {
      name: "stop-tasks-and-notify",
      role: this.stateMachineRole.id,
      policy: Fn.jsonencode(
        buildStopTaskStateMachinePolicy({
          partition: aws.partition,
          region: aws.region,
          accountId: aws.accountId,
          topicArn: this.topicArn,
          clusterArns: props.clusterArns,
        }),
      ),
    });

    const definition = buildSeedStopTaskDefinition({ topicArn: this.topicArn });
    assertTerraformSafeStrings(definition, "state machine definition");
    this.stateMachine = new SfnStateMachine(this, "state-machine", {
      name: names.stateMachine,
      type: "STANDARD",
      roleArn: this.stateMachineRole.arn,
      definition: Fn.jsonencode(definition),
      loggingConfiguration: {
        logDestination: `${this.logGroup.arn}:*`,
        level: "ALL",
        // Findings carry attacker-controlled command lines: keep them out of the logs.
        includeExecutionData: false,
      },
      tags,
      // CreateStateMachine checks the role may deliver logs: the policy must exist first.
      dependsOn: [this.stateMachineRolePolicy],
    });

    this.rule = new CloudwatchEventRule(this, "rule", {
      name: names.rule,
      description: "GuardDuty Runtime Monitoring findings on ECS tasks",
      eventPattern: JSON.stringify(buildSeedEcsRuntimeFindingPattern()),
      tags,
    });
    this.eventsRole = new IamRole(this, "events-role", {
      name: names.eventsRole,
      description: "Lets the EventBridge rule start the stop-task state machine",
      assumeRolePolicy: Fn.jsonencode(
        buildServiceTrustPolicy({
          servicePrincipal: "events.amazonaws.com",
          sourceAccount: aws.accountId,
          sourceArn: `${arnPrefix("events")}:rule/${names.rule}`,
        }),
      ),
      tags,
    });
    this.eventsRolePolicy = new IamRolePolicy(this, "events-role-policy", {
      name: "start-stop-task-state-machine",
      role: this.eventsRole.id,
      policy: Fn.jsonencode(buildStartExecutionPolicy({ stateMachineArn: this.stateMachine.arn })),
    });

    const transformer = buildSeedEcsInputTransformer();
    this.target = new CloudwatchEventTarget(this, "target", {
      rule: this.rule.name,
      targetId: "stop-task-state-machine",
      arn: this.stateMachine.arn,
      roleArn: this.eventsRole.arn,
      inputTransformer: { inputPaths: { ...transformer.inputPaths }, inputTemplate: transformer.inputTemplate },
    });
  }
}

function validate(props: EcsTaskAutoStopProps): void {
  const fail = (setting: string, value: unknown, allowed: string): never => {
    throw new Error(`EcsTaskAutoStop: ${setting} ${JSON.stringify(value)} is not allowed; expected ${allowed}`);
  };
  if (!/^[A-Za-z][A-Za-z0-9-]{0,48}$/.test(props.namePrefix)) {
    fail("namePrefix", props.namePrefix, "1-49 letters, digits and hyphens, starting with a letter");
  }
  for (const arn of props.clusterArns ?? []) {
    if (!Token.isUnresolved(arn) && tasksOfClusterArnPattern(arn) === undefined) fail("clusterArns", arn, "ECS cluster ARNs");
  }
  const retention = props.logRetentionInDays;
  if (retention !== undefined && !LOG_RETENTION_DAYS.includes(retention)) fail("logRetentionInDays", retention, `one of ${LOG_RETENTION_DAYS.join(", ")}`);
  for (const email of props.notificationEmails ?? []) {
    if (!Token.isUnresolved(email) && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) fail("notificationEmails", email, "email addresses");
  }
}

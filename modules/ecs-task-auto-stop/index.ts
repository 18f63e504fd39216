import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SfnStateMachine } from "@cdktf/provider-aws/lib/sfn-state-machine";
import { Fn, Token } from "cdktf";
import { Construct } from "constructs";
import { buildEcsRuntimeFindingPattern, FindingFilters, validateFindingFilters } from "../../functions/ecs-stop-task/finding-filters";
import { buildGuardedEcsInputTransformer } from "../../functions/ecs-stop-task/guarded-input-transformer";
import { buildGuardedStopTaskDefinition, GuardedExemptionTag } from "../../functions/ecs-stop-task/guarded-state-machine";
import { buildSeedEcsInputTransformer } from "../../functions/ecs-stop-task/seed-input-transformer";
import { buildSeedStopTaskDefinition } from "../../functions/ecs-stop-task/seed-state-machine";
import { buildStopTaskStateMachinePolicy, tasksOfClusterArnPattern } from "../../functions/ecs-stop-task/state-machine-role-policy";
import { buildServiceTrustPolicy } from "../../functions/iam/service-trust-policy";
import { buildStartExecutionPolicy } from "../../functions/iam/start-execution-policy";
import { AwsContext } from "../aws-context";
import { ResponseAlarms } from "../response-alarms";
import { ResponseDeadLetterQueue } from "../response-dead-letter-queue";
import { ResponseNotifications } from "../response-notifications";
import { assertTerraformSafeStrings } from "../support/terraform-safe-strings";

/** Retention periods CloudWatch Logs accepts. */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** Options of the guarded workflow; see docs/containment-choices.md. */
export interface GuardedWorkflowOptions {
  /** Notify what would be stopped, stop nothing. @default false */
  readonly dryRun?: boolean;
  /** A task or cluster with this tag is not stopped. @default { key: "guardduty-response", value: "exempt" } */
  readonly exemptionTag?: GuardedExemptionTag;
  /** Keep at least this many running tasks in the task's service. @default - no guard */
  readonly minHealthyTasks?: number;
  /** Console domain for links. @default "console.aws.amazon.com" */
  readonly consoleDomain?: string;
}

export interface EcsTaskAutoStopProps {
  /**
   * First part of every resource name, e.g. `ecs-runtime-monitoring-stop-task-dev` (the seed's topic
   * is `<namePrefix>-topic`). At most 49 characters so IAM role names stay within 64.
   */
  readonly namePrefix: string;
  /**
   * `seed`: the seed's state machine, byte for byte (stops every matched task, ends Succeeded even when
   * the stop failed). `guarded`: reads the task first, honours exemption tags, dry-run and a minimum of
   * healthy service tasks, never acts twice, retries throttling, and fails the execution when the stop
   * failed.
   * @default "seed"
   */
  readonly workflow?: "seed" | "guarded";
  /** Only with `workflow: "guarded"`. @default - the guarded workflow's defaults */
  readonly guarded?: GuardedWorkflowOptions;
  /**
   * Clusters whose tasks the state machine may stop.
   * @default - the tasks of any cluster in this account and region (never `*`)
   */
  readonly clusterArns?: readonly string[];
  /**
   * Which findings start the state machine, added to the seed's pattern: minimum severity, finding
   * types, clusters, accounts.
   * @default - every ECS Runtime Monitoring finding (the seed's pattern exactly)
   */
  readonly filters?: FindingFilters;
  /**
   * Where notices go: a shared topic (and its key). Not together with `existingTopicArn`,
   * `notificationEmails` or `encrypt`, which configure the one created otherwise.
   * @default - a ResponseNotifications of its own: topic `<namePrefix>-topic`, encrypted with a new key
   */
  readonly notifications?: ResponseNotifications;
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
  /** Encrypt the created topic, queue and logs with a new customer managed key. @default true */
  readonly encrypt?: boolean;
  /**
   * Where EventBridge puts findings it could not hand to the state machine. Pass `false` to go
   * without (undelivered findings are then lost).
   * @default - a dead-letter queue of its own, encrypted with the notifications key
   */
  readonly deadLetterQueue?: ResponseDeadLetterQueue | false;
  /** How long EventBridge keeps retrying delivery of a finding. @default 86400 (24 hours, the maximum) */
  readonly maximumEventAgeInSeconds?: number;
  /** How many times EventBridge retries delivery. @default 185 (the maximum) */
  readonly maximumRetryAttempts?: number;
  /** CloudWatch alarms to the topic when a finding is not handled. @default true */
  readonly alarms?: boolean;
  /** Retention of the execution log group. @default 365 */
  readonly logRetentionInDays?: number;
  /** Execution log level. @default "ALL" */
  readonly logLevel?: "ALL" | "ERROR" | "FATAL" | "OFF";
  /**
   * Log execution input and output. Off: findings carry attacker-controlled command lines.
   * @default false
   */
  readonly includeExecutionData?: boolean;
  /** X-Ray tracing of executions. @default false */
  readonly tracing?: boolean;
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
  /** Topic, key and subscriptions: given or created. */
  readonly notifications: ResponseNotifications;
  /** ARN of the topic notices go to, created or given. */
  readonly topicArn: string;
  /** Undefined when turned off. */
  readonly deadLetterQueue?: ResponseDeadLetterQueue;
  /** Undefined when turned off. */
  readonly alarms?: ResponseAlarms;

  constructor(scope: Construct, id: string, props: EcsTaskAutoStopProps) {
    super(scope, id);
    validate(props);
    const aws = AwsContext.of(this);
    const tags = props.tags ? { ...props.tags } : undefined;
    const guarded = props.workflow === "guarded";
    const names = {
      stateMachine: `${props.namePrefix}-state-machine`,
      rule: `${props.namePrefix}-rule`,
      stateMachineRole: `${props.namePrefix}-sfn-role`,
      eventsRole: `${props.namePrefix}-events-role`,
    };
    const arnPrefix = (service: string) => `arn:${aws.partition}:${service}:${aws.region}:${aws.accountId}`;

    this.notifications =
      props.notifications ??
      new ResponseNotifications(this, "notifications", {
        namePrefix: props.namePrefix,
        existingTopicArn: props.existingTopicArn,
        notificationEmails: props.notificationEmails,
        encrypt: props.encrypt,
        tags: props.tags,
      });
    this.topicArn = this.notifications.topicArn;
    const ruleArn = `${arnPrefix("events")}:rule/${names.rule}`;
    const logGroupName = `/aws/vendedlogs/states/${names.stateMachine}`;

    this.logGroup = new CloudwatchLogGroup(this, "log-group", {
      // Step Functions recommends the /aws/vendedlogs/ prefix: it keeps the logs resource policy small.
      name: logGroupName,
      retentionInDays: props.logRetentionInDays ?? 365,
      kmsKeyId: this.notifications.kmsKeyArn,
      tags,
    });
    this.notifications.allowLogGroup(logGroupName);

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
          // A topic of ours is encrypted with the notifications key; a given topic's key is its owner's to grant.
          kmsKeyArn: this.notifications.topic ? this.notifications.kmsKeyArn : undefined,
          tracing: props.tracing,
          readsBeforeStopping: guarded,
        }),
      ),
    });
    this.notifications.allowPublisherRole(this.stateMachineRole.arn);

    const definition = guarded
      ? buildGuardedStopTaskDefinition({ topicArn: this.topicArn, ...props.guarded })
      : buildSeedStopTaskDefinition({ topicArn: this.topicArn });
    assertTerraformSafeStrings(definition, "state machine definition");
    this.stateMachine = new SfnStateMachine(this, "state-machine", {
      name: names.stateMachine,
      type: "STANDARD",
      roleArn: this.stateMachineRole.arn,
      definition: Fn.jsonencode(definition),
      loggingConfiguration: {
        logDestination: `${this.logGroup.arn}:*`,
        level: props.logLevel ?? "ALL",
        // Findings carry attacker-controlled command lines: keep them out of the logs by default.
        includeExecutionData: props.includeExecutionData ?? false,
      },
      tracingConfiguration: props.tracing ? { enabled: true } : undefined,
      tags,
      // CreateStateMachine checks the role may deliver logs: the policy must exist first.
      dependsOn: [this.stateMachineRolePolicy],
    });

    this.rule = new CloudwatchEventRule(this, "rule", {
      name: names.rule,
      description: "GuardDuty Runtime Monitoring findings on ECS tasks",
      eventPattern: JSON.stringify(buildEcsRuntimeFindingPattern(props.filters)),
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

    if (props.deadLetterQueue !== false) {
      this.deadLetterQueue =
        props.deadLetterQueue ??
        new ResponseDeadLetterQueue(this, "dead-letter-queue", { namePrefix: props.namePrefix, kmsKeyArn: this.notifications.kmsKeyArn, tags: props.tags });
      this.deadLetterQueue.allowRule(ruleArn);
      // EventBridge encrypts what it puts into the queue with the queue's key.
      this.notifications.allowEventRule(ruleArn);
    }

    const transformer = guarded ? buildGuardedEcsInputTransformer() : buildSeedEcsInputTransformer();
    this.target = new CloudwatchEventTarget(this, "target", {
      rule: this.rule.name,
      targetId: "stop-task-state-machine",
      arn: this.stateMachine.arn,
      roleArn: this.eventsRole.arn,
      inputTransformer: { inputPaths: { ...transformer.inputPaths }, inputTemplate: transformer.inputTemplate },
      retryPolicy: {
        maximumEventAgeInSeconds: props.maximumEventAgeInSeconds ?? 86400,
        maximumRetryAttempts: props.maximumRetryAttempts ?? 185,
      },
      deadLetterConfig: this.deadLetterQueue ? { arn: this.deadLetterQueue.queue.arn } : undefined,
    });

    if (props.alarms ?? true) {
      this.alarms = new ResponseAlarms(this, "alarms", {
        namePrefix: props.namePrefix,
        topicArn: this.topicArn,
        stateMachineArn: this.stateMachine.arn,
        ruleName: this.rule.name,
        deadLetterQueueName: this.deadLetterQueue?.queue.name,
        tags: props.tags,
      });
    }
  }
}

function validate(props: EcsTaskAutoStopProps): void {
  const fail = (setting: string, value: unknown, allowed: string): never => {
    throw new Error(`EcsTaskAutoStop: ${setting} ${JSON.stringify(value)} is not allowed; expected ${allowed}`);
  };
  if (props.workflow !== undefined && props.workflow !== "seed" && props.workflow !== "guarded") fail("workflow", props.workflow, '"seed" or "guarded"');
  if (props.guarded !== undefined && props.workflow !== "guarded") fail("guarded", props.guarded, 'no value unless workflow is "guarded" (the seed workflow has no options)');
  if (props.filters !== undefined) {
    try {
      validateFindingFilters(props.filters);
    } catch (e) {
      throw new Error(`EcsTaskAutoStop: filters.${(e as Error).message}`);
    }
  }
  if (props.notifications !== undefined) {
    for (const own of ["existingTopicArn", "notificationEmails", "encrypt"] as const) {
      if (props[own] !== undefined) fail(own, props[own], "no value when notifications is given (configure that ResponseNotifications instead)");
    }
  }
  const age = props.maximumEventAgeInSeconds;
  if (age !== undefined && (!Number.isInteger(age) || age < 60 || age > 86400)) fail("maximumEventAgeInSeconds", age, "a whole number from 60 to 86400");
  const attempts = props.maximumRetryAttempts;
  if (attempts !== undefined && (!Number.isInteger(attempts) || attempts < 0 || attempts > 185)) fail("maximumRetryAttempts", attempts, "a whole number from 0 to 185");
  if (props.logLevel !== undefined && !["ALL", "ERROR", "FATAL", "OFF"].includes(props.logLevel)) fail("logLevel", props.logLevel, "ALL, ERROR, FATAL or OFF");
  if (!/^[A-Za-z][A-Za-z0-9-]{0,48}$/.test(props.namePrefix)) {
    fail("namePrefix", props.namePrefix, "1-49 letters, digits and hyphens, starting with a letter");
  }
  for (const arn of props.clusterArns ?? []) {
    if (!Token.isUnresolved(arn) && tasksOfClusterArnPattern(arn) === undefined) fail("clusterArns", arn, "ECS cluster ARNs");
  }
  const retention = props.logRetentionInDays;
  if (retention !== undefined && !LOG_RETENTION_DAYS.includes(retention)) fail("logRetentionInDays", retention, `one of ${LOG_RETENTION_DAYS.join(", ")}`);
}

import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SfnStateMachine } from "@cdktf/provider-aws/lib/sfn-state-machine";
import { Fn, TerraformStack, Token } from "cdktf";
import { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { EksAccessPolicyAssociation } from "@cdktf/provider-aws/lib/eks-access-policy-association";
import { Construct } from "constructs";
import { partitionOfRegion, type Partition } from "../../functions/aws/partition";
import type { ResponseRolePolicyProps } from "../../functions/iam/response-role-statements";
import { buildServiceTrustPolicy } from "../../functions/iam/service-trust-policy";
import type { ResponseType } from "../../functions/response-types/contract";
import { rolePolicyOf } from "../../functions/response-types/role-policy";
import { buildStartExecutionPolicy } from "../../functions/iam/start-execution-policy";
import { namesOverLimit, pipelineNamesToCheck, pipelineResourceNames } from "../../functions/naming/resource-names";
import { composeSafetyRails, type SafetyRailsOptions } from "../../functions/safety-rails/compose";
import { withApprovalWait } from "../../functions/safety-rails/approval-gate";
import { AwsContext } from "../aws-context";
import { ResponseAlarms } from "../response-alarms";
import { ResponseDeadLetterQueue } from "../response-dead-letter-queue";
import { ResponseNotifications } from "../response-notifications";
import { assertTerraformSafeStrings } from "../support/terraform-safe-strings";
import { valueKeyedId } from "../support/value-keyed-id";

/** Retention periods CloudWatch Logs accepts. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** What every response pipeline lets its user set: where notices go, delivery, alarms, logging. */
export interface ResponsePipelineOptions {
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
  /**
   * The region the stack deploys to, as a literal: the IAM role names (unique per account across
   * regions) carry its short code, so stacks of one account in several regions do not collide.
   * @default - the region of the stack's AWS provider
   */
  readonly region?: string;
  /**
   * Safety rails in front of the workflow's action (docs/safety-rails.md): the kill switch, the approval gate, the
   * blast-radius cap; `SafetyRails.railsFor` (modules/safety-rails) gives them. Needs a workflow with a dry-run
   * switch (every type but the seed ECS workflow).
   * @default - no rail: the type's definition as is
   */
  readonly safetyRails?: SafetyRailsOptions;
}

/** What the state machine role's policy is built from: what every containment role policy takes. */
export interface RolePolicyContext extends ResponseRolePolicyProps {
  /** The key of a topic created here; a given topic's key is its owner's to grant. */
  readonly kmsKeyArn?: string;
}

/** A pipeline of one response type: the type, its props, and how it delivers, alarms and logs. */
export interface ResponsePipelineProps<Props> extends ResponsePipelineOptions {
  /** What the pipeline does: one of RESPONSE_TYPES (functions/response-types/registry.ts), or your own. */
  readonly responseType: ResponseType<Props>;
  /** The type's own settings. */
  readonly props: Props;
  /**
   * First part of every resource name: `<namePrefix>[-<type's suffix>]-rule`, ... (functions/naming/resource-names.ts);
   * each name must fit its AWS limit (64-character IAM role names, which also carry the region code).
   */
  readonly namePrefix: string;
}

/**
 * An EventBridge rule on GuardDuty findings that starts a Step Functions state machine, with
 * everything that makes it trustworthy: least-privilege roles with confused-deputy conditions,
 * retries and a dead-letter queue, an encrypted topic, alarms, encrypted logs without execution data.
 * Everything that differs from one pipeline to another comes from its response type.
 */
export class ResponsePipeline<Props = unknown> extends Construct {
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
  /** The type's EKS access entries (one per cluster), keyed by cluster name; empty for a type without. */
  readonly accessEntries: readonly EksAccessEntry[];
  /** The access policy association of each access entry, in the same order. */
  readonly accessPolicyAssociations: readonly EksAccessPolicyAssociation[];

  constructor(scope: Construct, id: string, pipelineProps: ResponsePipelineProps<Props>) {
    super(scope, id);
    const { responseType: type, props: typeProps, ...options } = pipelineProps;
    const spec = { kind: type.constructName, name: pipelineNameOf(pipelineProps) };
    try {
      type.validate(typeProps);
    } catch (e) {
      throw new Error(`${spec.kind}: ${(e as Error).message}`);
    }
    validateOptions(spec, options);
    const names = pipelineResourceNames(spec.name, literalRegionOf(this, spec, options));
    validateNames(spec, names);
    const aws = AwsContext.of(this);
    const tags = options.tags ? { ...options.tags } : undefined;
    const arnPrefix = (service: string) => `arn:${aws.partition}:${service}:${aws.region}:${aws.accountId}`;

    this.notifications =
      options.notifications ??
      new ResponseNotifications(this, "notifications", {
        namePrefix: spec.name,
        existingTopicArn: options.existingTopicArn,
        notificationEmails: options.notificationEmails,
        encrypt: options.encrypt,
        tags: options.tags,
      });
    this.topicArn = this.notifications.topicArn;
    const ruleArn = `${arnPrefix("events")}:rule/${names.rule}`;
    const logGroupName = names.logGroup;

    this.logGroup = new CloudwatchLogGroup(this, "log-group", {
      // Regional name. Step Functions recommends the /aws/vendedlogs/ prefix: it keeps the logs resource policy small.
      name: logGroupName,
      retentionInDays: options.logRetentionInDays ?? 365,
      kmsKeyId: this.notifications.kmsKeyArn,
      tags,
    });
    this.notifications.allowLogGroup(logGroupName);

    this.stateMachineRole = new IamRole(this, "state-machine-role", {
      // Account-global name (unique across regions): it carries the region code.
      name: names.stateMachineRole,
      description: type.pipelineText.stateMachineRoleDescription,
      assumeRolePolicy: Fn.jsonencode(
        buildServiceTrustPolicy({
          servicePrincipal: "states.amazonaws.com",
          sourceAccount: aws.accountId,
          sourceArn: `${arnPrefix("states")}:stateMachine:${names.stateMachine}`,
        }),
      ),
      tags,
    });
    const typeDefinition = type.definition(typeProps, {
      topicArn: this.topicArn,
      partition: aws.partition,
      literalPartition: literalPartitionOf(this),
      namePrefix: pipelineProps.namePrefix,
    });
    const railed = options.safetyRails === undefined ? undefined : composeRails(spec.kind, typeDefinition, type.id, aws.partition, options.safetyRails);
    // With the approval gate, the execution may also run for as long as the gate waits (docs/approval-gate.md).
    const definition = railed === undefined ? typeDefinition : withApprovalWait(railed.definition);
    const grantContext: RolePolicyContext = {
      partition: aws.partition,
      region: aws.region,
      accountId: aws.accountId,
      topicArn: this.topicArn,
      kmsKeyArn: this.notifications.topic ? this.notifications.kmsKeyArn : undefined,
      tracing: options.tracing,
    };
    this.stateMachineRolePolicy = new IamRolePolicy(this, "state-machine-role-policy", {
      // Inline policy names are unique per role only.
      name: type.pipelineText.rolePolicyName,
      role: this.stateMachineRole.id,
      // What each Task integration of the definition needs (functions/response-types/role-policy.ts).
      policy: Fn.jsonencode(rolePolicyOf([...type.grants(typeProps, grantContext), ...(railed?.grants ?? [])], definition, { tracing: options.tracing })),
    });
    this.notifications.allowPublisherRole(this.stateMachineRole.arn);

    assertTerraformSafeStrings(definition, `${spec.kind} state machine definition`);
    this.stateMachine = new SfnStateMachine(this, "state-machine", {
      // Regional name (unique per account and region).
      name: names.stateMachine,
      type: "STANDARD",
      roleArn: this.stateMachineRole.arn,
      definition: Fn.jsonencode(definition),
      loggingConfiguration: {
        logDestination: `${this.logGroup.arn}:*`,
        level: options.logLevel ?? "ALL",
        // Findings carry attacker-controlled command lines: keep them out of the logs by default.
        includeExecutionData: options.includeExecutionData ?? false,
      },
      tracingConfiguration: options.tracing ? { enabled: true } : undefined,
      tags,
      // CreateStateMachine checks the role may deliver logs: the policy must exist first.
      dependsOn: [this.stateMachineRolePolicy],
    });

    this.rule = new CloudwatchEventRule(this, "rule", {
      // Regional name (unique per event bus).
      name: names.rule,
      description: type.pipelineText.ruleDescription,
      eventPattern: JSON.stringify(type.eventPattern(typeProps)),
      tags,
    });
    this.eventsRole = new IamRole(this, "events-role", {
      // Account-global name (unique across regions): it carries the region code.
      name: names.eventsRole,
      description: type.pipelineText.eventsRoleDescription,
      assumeRolePolicy: Fn.jsonencode(
        buildServiceTrustPolicy({
          servicePrincipal: "events.amazonaws.com",
          sourceAccount: aws.accountId,
          sourceArn: ruleArn,
        }),
      ),
      tags,
    });
    this.eventsRolePolicy = new IamRolePolicy(this, "events-role-policy", {
      name: type.pipelineText.eventsRolePolicyName,
      role: this.eventsRole.id,
      policy: Fn.jsonencode(buildStartExecutionPolicy({ stateMachineArn: this.stateMachine.arn })),
    });

    if (options.deadLetterQueue !== false) {
      this.deadLetterQueue =
        options.deadLetterQueue ??
        new ResponseDeadLetterQueue(this, "dead-letter-queue", { namePrefix: spec.name, kmsKeyArn: this.notifications.kmsKeyArn, tags: options.tags });
      this.deadLetterQueue.allowRule(ruleArn);
      // EventBridge encrypts what it puts into the queue with the queue's key.
      this.notifications.allowEventRule(ruleArn);
    }

    const inputTransformer = type.inputTransformer(typeProps);
    this.target = new CloudwatchEventTarget(this, "target", {
      rule: this.rule.name,
      targetId: type.pipelineText.targetId,
      arn: this.stateMachine.arn,
      roleArn: this.eventsRole.arn,
      inputTransformer: { inputPaths: { ...inputTransformer.inputPaths }, inputTemplate: inputTransformer.inputTemplate },
      retryPolicy: {
        maximumEventAgeInSeconds: options.maximumEventAgeInSeconds ?? 86400,
        maximumRetryAttempts: options.maximumRetryAttempts ?? 185,
      },
      deadLetterConfig: this.deadLetterQueue ? { arn: this.deadLetterQueue.queue.arn } : undefined,
    });

    if (options.alarms ?? true) {
      this.alarms = new ResponseAlarms(this, "alarms", {
        namePrefix: spec.name,
        topicArn: this.topicArn,
        stateMachineArn: this.stateMachine.arn,
        ruleName: this.rule.name,
        deadLetterQueueName: this.deadLetterQueue?.queue.name,
        specs: type.alarms,
        tags: options.tags,
      });
    }

    const accesses = type.eksAccess?.(typeProps, { principalArn: this.stateMachineRole.arn, partition: aws.partition }) ?? [];
    // Keyed by cluster name, not list position: removing a cluster leaves the others' entries in place.
    this.accessEntries = accesses.map(
      (a) =>
        new EksAccessEntry(this, valueKeyedId("access-entry", a.accessEntry.clusterName), {
          ...a.accessEntry,
          tags: options.tags ? { ...options.tags } : undefined,
        }),
    );
    this.accessPolicyAssociations = accesses.map(
      (a, i) =>
        new EksAccessPolicyAssociation(this, valueKeyedId("access-policy", a.policyAssociation.clusterName), {
          clusterName: a.policyAssociation.clusterName,
          principalArn: a.policyAssociation.principalArn,
          policyArn: a.policyAssociation.policyArn,
          accessScope: { type: a.policyAssociation.accessScope.type, namespaces: a.policyAssociation.accessScope.namespaces },
          dependsOn: [this.accessEntries[i]],
        }),
    );
  }
}

/** What resource names start with: the prefix, and the type's suffix if it has one. */
function pipelineNameOf(props: ResponsePipelineProps<unknown>): string {
  const suffix = props.responseType.resourceNameSuffix;
  return suffix === undefined ? props.namePrefix : `${props.namePrefix}-${suffix}`;
}

/** The partition of the literal region of the stack's default AWS provider, or "aws" when it has none. */
function literalPartitionOf(scope: Construct): Partition {
  const region = defaultProviderOf(scope)?.region;
  return region === undefined || Token.isUnresolved(region) ? "aws" : partitionOfRegion(region);
}

function defaultProviderOf(scope: Construct): AwsProvider | undefined {
  return TerraformStack.of(scope)
    .node.findAll()
    .find((c): c is AwsProvider => c instanceof AwsProvider && c.alias === undefined);
}

/** The construct's name (for messages) and the first part of its resource names. */
interface PipelineIdentity {
  readonly kind: string;
  readonly name: string;
}

/**
 * The stack's region as a literal (role names carry its code): the given one, or the region of the
 * stack's default AWS provider. Without a literal region the names could collide across regions: refused.
 */
function literalRegionOf(scope: Construct, spec: PipelineIdentity, options: ResponsePipelineOptions): string {
  const region = options.region ?? defaultProviderOf(scope)?.region;
  if (region === undefined || Token.isUnresolved(region)) {
    throw new Error(
      `${spec.kind}: region ${JSON.stringify(region ?? null)} is not allowed; expected a literal region name, given as the region prop or set on the stack's AWS provider (IAM role names carry it: they are unique per account across regions)`,
    );
  }
  return region;
}

/** Every name within its AWS limit, checked with the same functions the config loader uses. */
function validateNames(spec: PipelineIdentity, names: ReturnType<typeof pipelineResourceNames>): void {
  const [tooLong] = namesOverLimit(pipelineNamesToCheck(names));
  if (tooLong !== undefined) {
    throw new Error(
      `${spec.kind}: namePrefix is too long by ${tooLong.name.length - tooLong.limit.maxLength} characters: the ${tooLong.limit.label} "${tooLong.name}" would be ${tooLong.name.length} characters, and AWS allows ${tooLong.limit.maxLength}`,
    );
  }
}

function validateOptions(spec: PipelineIdentity, options: ResponsePipelineOptions): void {
  const fail = (setting: string, value: unknown, allowed: string): never => {
    throw new Error(`${spec.kind}: ${setting} ${JSON.stringify(value)} is not allowed; expected ${allowed}`);
  };
  // Letters, digits and hyphens fit every name we derive (IAM roles, rules, queues, state machines, alarms).
  if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(spec.name)) fail("namePrefix", spec.name, "letters, digits and hyphens, starting with a letter");
  if (options.notifications !== undefined) {
    for (const own of ["existingTopicArn", "notificationEmails", "encrypt"] as const) {
      if (options[own] !== undefined) fail(own, options[own], "no value when notifications is given (configure that ResponseNotifications instead)");
    }
  }
  const age = options.maximumEventAgeInSeconds;
  if (age !== undefined && (!Number.isInteger(age) || age < 60 || age > 86400)) fail("maximumEventAgeInSeconds", age, "a whole number from 60 to 86400");
  const attempts = options.maximumRetryAttempts;
  if (attempts !== undefined && (!Number.isInteger(attempts) || attempts < 0 || attempts > 185))
    fail("maximumRetryAttempts", attempts, "a whole number from 0 to 185");
  if (options.logLevel !== undefined && !["ALL", "ERROR", "FATAL", "OFF"].includes(options.logLevel))
    fail("logLevel", options.logLevel, "ALL, ERROR, FATAL or OFF");
  const retention = options.logRetentionInDays;
  if (retention !== undefined && !LOG_RETENTION_DAYS.includes(retention)) fail("logRetentionInDays", retention, `one of ${LOG_RETENTION_DAYS.join(", ")}`);
}

/** The rails composed into `definition`, errors prefixed with the construct's name. */
function composeRails(kind: string, definition: Record<string, unknown>, typeId: string, partition: string, rails: SafetyRailsOptions) {
  try {
    return composeSafetyRails(definition, typeId, partition, rails);
  } catch (e) {
    throw new Error(`${kind}: ${(e as Error).message}`);
  }
}

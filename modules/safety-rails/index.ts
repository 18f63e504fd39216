import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { regionCode } from "../../functions/naming/resource-names";
import { policyDocument } from "../../functions/iam/policy-document";
import { CAP_TABLE, type CapWindow } from "../../functions/safety-rails/blast-radius-cap";
import type { SafetyRailsOptions } from "../../functions/safety-rails/compose";
import { KILL_SWITCH_ACT, KILL_SWITCH_NOTIFY_ONLY } from "../../functions/safety-rails/kill-switch";
import { AwsContext } from "../aws-context";

/** The blast-radius cap of one pipeline. */
export interface BlastRadiusCapSettings {
  /** Containment actions allowed per window and cluster (ECS, EKS) or account (EC2), at least 1. */
  readonly maxActions: number;
  /** `minute`, `hour` or `day` (fixed, UTC). */
  readonly window: CapWindow;
}

export interface SafetyRailsProps {
  /**
   * First part of the resource names: `<namePrefix>-blast-radius` (table), `/<namePrefix>/kill-switch` (parameter),
   * `<namePrefix>-<region code>-kill-switch-operator` (the operator policy: IAM names are account-wide).
   */
  readonly namePrefix: string;
  /** The stack's Region, a literal (e.g. `eu-west-1`): its code keeps the account-wide policy name unique per Region. */
  readonly region: string;
  /** Create the kill switch parameter and its operator policy. @default true */
  readonly killSwitch?: boolean;
  /** Create the counter table and its alarm. @default true */
  readonly blastRadiusCap?: boolean;
  /**
   * Encrypt the counter table with this customer managed key (the stack's key), and grant the pipelines its use
   * through DynamoDB.
   * @default - DynamoDB's AWS owned key (the table holds counts and cluster ARNs only)
   */
  readonly kmsKeyArn?: string;
  /** Where the cap-reached alarm goes (the stack's topic). @default - no alarm action */
  readonly alarmTopicArn?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * The stack's safety rails (docs/safety-rails.md): the kill switch (an SSM String parameter, `act` or
 * `notify-only`, flipped out of band: Terraform ignores later changes of its value), the policy to attach to who may
 * flip it, the blast-radius counter table (TTL on `expiresAt`) and the alarm on the cap being reached (the table's
 * `ConditionalCheckFailedRequests`: every denial is one failed conditional update). `railsFor` gives a pipeline
 * the rail options its state machine is composed with.
 */
export class SafetyRails extends Construct {
  readonly killSwitchParameter?: SsmParameter;
  /** Attach to the roles or groups that may flip the switch (incident responders, break-glass). */
  readonly killSwitchOperatorPolicy?: IamPolicy;
  readonly counterTable?: DynamodbTable;
  readonly capReachedAlarm?: CloudwatchMetricAlarm;
  private readonly kmsKeyArn?: string;
  private readonly region: string;

  constructor(scope: Construct, id: string, props: SafetyRailsProps) {
    super(scope, id);
    const aws = AwsContext.of(this);
    this.region = aws.region;
    this.kmsKeyArn = props.kmsKeyArn;
    const tags = props.tags ? { ...props.tags } : undefined;
    if (props.killSwitch ?? true) {
      this.killSwitchParameter = new SsmParameter(this, "kill-switch", {
        name: `/${props.namePrefix}/kill-switch`,
        description: `${KILL_SWITCH_ACT}: the containment pipelines act; ${KILL_SWITCH_NOTIFY_ONLY} (or anything else): they only notify. See docs/safety-rails.md.`,
        // String, not SecureString: reading it needs no kms:Decrypt, and it holds no secret.
        type: "String",
        // Standard tier: no additional charge (Parameter Store user guide, "Managing parameter tiers").
        tier: "Standard",
        value: KILL_SWITCH_ACT,
        tags,
        // Flipped out of band (console, CLI) without a deploy: a later apply must not flip it back.
        lifecycle: { ignoreChanges: ["value"] },
      });
      this.killSwitchOperatorPolicy = new IamPolicy(this, "kill-switch-operator", {
        // IAM policy names are unique per account, across Regions (IAM User Guide, "IAM identifiers"): the
        // Region's code keeps a second Region's stack from failing with EntityAlreadyExists.
        name: `${props.namePrefix}-${regionCode(props.region)}-kill-switch-operator`,
        description: "Flip the GuardDuty response kill switch (SSM parameter) and read its history",
        // Service Authorization Reference, AWS Systems Manager: PutParameter, GetParameter and GetParameterHistory
        // are authorized on the parameter resource.
        policy: Fn.jsonencode(
          policyDocument({
            Sid: "FlipKillSwitch",
            Effect: "Allow",
            Action: ["ssm:PutParameter", "ssm:GetParameter", "ssm:GetParameterHistory"],
            Resource: this.killSwitchParameter.arn,
          }),
        ),
        tags,
      });
    }
    if (props.blastRadiusCap ?? true) {
      this.counterTable = new DynamodbTable(this, "counter-table", {
        name: `${props.namePrefix}-blast-radius`,
        billingMode: "PAY_PER_REQUEST",
        hashKey: CAP_TABLE.partitionKey,
        attribute: [{ name: CAP_TABLE.partitionKey, type: "S" }],
        ttl: { attributeName: CAP_TABLE.ttlAttribute, enabled: true },
        serverSideEncryption: props.kmsKeyArn === undefined ? undefined : { enabled: true, kmsKeyArn: props.kmsKeyArn },
        // No point-in-time recovery: restoring an old count would only lower or raise the cap of a past window.
        tags,
      });
      this.capReachedAlarm = new CloudwatchMetricAlarm(this, "cap-reached", {
        alarmName: `${props.namePrefix}-blast-radius-cap-reached`,
        alarmDescription: "A containment pipeline reached its blast-radius cap: findings are only notified (HELD). See docs/safety-rails.md.",
        namespace: "AWS/DynamoDB",
        metricName: "ConditionalCheckFailedRequests",
        statistic: "Sum",
        dimensions: { TableName: this.counterTable.name },
        period: 60,
        evaluationPeriods: 1,
        threshold: 0,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
        alarmActions: props.alarmTopicArn === undefined ? undefined : [props.alarmTopicArn],
        okActions: props.alarmTopicArn === undefined ? undefined : [props.alarmTopicArn],
        tags,
      });
    }
  }

  /** The rail options of one pipeline: the kill switch (when created) and its cap (when given and the table created). */
  railsFor(cap?: BlastRadiusCapSettings): SafetyRailsOptions {
    return {
      killSwitch:
        this.killSwitchParameter === undefined ? undefined : { parameterName: this.killSwitchParameter.name, parameterArn: this.killSwitchParameter.arn },
      blastRadiusCap:
        cap === undefined || this.counterTable === undefined
          ? undefined
          : {
              tableName: this.counterTable.name,
              tableArn: this.counterTable.arn,
              maxActions: cap.maxActions,
              window: cap.window,
              tableKey: this.kmsKeyArn === undefined ? undefined : { arn: this.kmsKeyArn, region: this.region },
            },
    };
  }
}

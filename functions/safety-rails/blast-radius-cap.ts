/**
 * The blast-radius cap rail (issue 10.1): at most `maxActions` containment actions per time window, per cluster
 * (ECS, EKS) or per account (EC2). Past the cap the workflow notifies instead of acting.
 *
 * The count is one DynamoDB item per (response type, scope, window), incremented by one conditional UpdateItem
 * called directly from Step Functions (the optimized integration `arn:<partition>:states:::dynamodb:updateItem`):
 * `ADD actions :one` under `attribute_not_exists(actions) OR actions < :cap`. DynamoDB applies a conditional update
 * atomically per item (DynamoDB developer guide, "Condition expressions" / "Atomic counters"), so however many
 * executions race, exactly `maxActions` updates succeed in a window; the others fail with
 * `ConditionalCheckFailedException` (Step Functions: `DynamoDB.ConditionalCheckFailedException`) and hold. Any
 * other error (after retries) holds too: fail closed. A retried update that had succeeded counts twice: the cap
 * can only err towards fewer actions.
 *
 * Windows are fixed, UTC, calendar-aligned (`minute`, `hour`, `day`), read from `$$.State.EnteredTime` with
 * `States.StringSplit` (JSONPath ASL has no date arithmetic): a storm straddling a boundary can get up to
 * `2 * maxActions` actions across the two windows. Old windows' items carry `expiresAt` (epoch seconds, the
 * table's TTL attribute): the start of the window's month plus 40 days, looked up in a table of month starts
 * ({@link CAP_TTL_FIRST_YEAR} to {@link CAP_TTL_LAST_YEAR}): DynamoDB deletes them some time after (TTL deletion
 * is not immediate, and expired items are not counted against anything). Outside those years the rail holds.
 *
 * The alarm: every denial is a failed conditional check, which DynamoDB counts in the table's
 * `ConditionalCheckFailedRequests` metric (AWS/DynamoDB); modules/safety-rails alarms on it.
 */
import type { PolicyStatement } from "../iam/policy-document";
import { integrationResource } from "../asl/partition";
import { awsCallRetry, DEFAULT_RETRY } from "../asl/retry";
import { holdState, railStateName, type Rail } from "./rail";

/** The integration the rail calls, after `arn:<partition>:states:::` (an optimized integration, not `aws-sdk:`). */
export const UPDATE_ITEM_INTEGRATION = "dynamodb:updateItem";

/** The error of a denied update, as the DynamoDB optimized integration names it. */
export const CONDITIONAL_CHECK_FAILED = "DynamoDB.ConditionalCheckFailedException";

/** The errors never retried: the denial, and errors another attempt cannot cure. */
export const UPDATE_ITEM_PERMANENT_ERRORS: readonly string[] = [
  CONDITIONAL_CHECK_FAILED,
  "DynamoDB.ResourceNotFoundException",
  "DynamoDB.AmazonDynamoDBException",
];

/** The table's key and attributes. */
export const CAP_TABLE = { partitionKey: "pk", countAttribute: "actions", ttlAttribute: "expiresAt" } as const;

/** The window sizes. */
export const CAP_WINDOWS = ["minute", "hour", "day"] as const;
export type CapWindow = (typeof CAP_WINDOWS)[number];

/** Years of the TTL table (`expiresAt`); outside them the rail holds. */
export const CAP_TTL_FIRST_YEAR = 2024;
export const CAP_TTL_LAST_YEAR = 2074;
/** Days after the start of a window's month when its item expires. */
export const CAP_TTL_DAYS_AFTER_MONTH_START = 40;

/** Where the rail keeps what it computed and counted. */
export const CAP_RESULT_PATH = "$.blastRadiusCap";

/** The rail's state names. */
export const CAP_STATES = {
  window: railStateName("Cap", "Read Window"),
  clockInRange: railStateName("Cap", "Is Clock In Range"),
  key: railStateName("Cap", "Counter Key"),
  count: railStateName("Cap", "Count Action"),
  holdReached: railStateName("Cap", "Hold Cap Reached"),
  holdUnavailable: railStateName("Cap", "Hold Counter Unavailable"),
  holdClock: railStateName("Cap", "Hold Clock Out Of Range"),
} as const;

/** Options of the cap rail. */
export interface BlastRadiusCapOptions {
  /** Name of the counter table (a value or a Terraform reference). */
  readonly tableName: string;
  /** ARN of the counter table, for the grant (a value or a Terraform reference). */
  readonly tableArn: string;
  /** Containment actions allowed per window and scope, at least 1. */
  readonly maxActions: number;
  /** The window. */
  readonly window: CapWindow;
  /**
   * The customer managed key the table is encrypted with, and the region (a literal or a reference) the role uses
   * it through DynamoDB in.
   * @default - the table is encrypted with an AWS owned key: no KMS permission needed
   */
  readonly tableKey?: { readonly arn: string; readonly region: string };
}

/** The reasons the rail writes under `$.safetyRail.reason`. */
export function capReasons(options: Pick<BlastRadiusCapOptions, "maxActions" | "window">, scopeKind: string) {
  return {
    reached: `The blast-radius cap is reached: ${options.maxActions} containment action${options.maxActions === 1 ? "" : "s"} per ${options.window} and ${scopeKind} already taken. Not acting.`,
    unavailable: "The blast-radius counter could not be updated: not acting (fail closed).",
    clock: `The execution time is outside ${CAP_TTL_FIRST_YEAR}-${CAP_TTL_LAST_YEAR}, the cap's clock table: not acting (fail closed).`,
  } as const;
}

/** Epoch seconds (as DynamoDB `N` strings) of each month start plus the margin, per year of the table. */
export function capExpiryTable(): string[][] {
  const table: string[][] = [];
  for (let year = CAP_TTL_FIRST_YEAR; year <= CAP_TTL_LAST_YEAR; year++) {
    table.push(Array.from({ length: 12 }, (_, month) => String(Date.UTC(year, month, 1) / 1000 + CAP_TTL_DAYS_AFTER_MONTH_START * 86400)));
  }
  return table;
}

/** Throws unless the options are usable (the config and the constructs check them first, with setting names). */
export function validateCapOptions(options: Pick<BlastRadiusCapOptions, "maxActions" | "window">): void {
  if (!Number.isSafeInteger(options.maxActions) || options.maxActions < 1) {
    throw new Error(`maxActions ${JSON.stringify(options.maxActions)} is not allowed; expected an integer of at least 1`);
  }
  if (!(CAP_WINDOWS as readonly string[]).includes(options.window)) {
    throw new Error(`window ${JSON.stringify(options.window)} is not allowed; expected one of ${CAP_WINDOWS.join(", ")}`);
  }
}

/** The statement counting: UpdateItem on the table, only on the keys of this response type. */
export function countActionStatement(tableArn: string, responseTypeId: string): PolicyStatement {
  // Service Authorization Reference, Amazon DynamoDB: UpdateItem is authorized by dynamodb:UpdateItem on the table
  // resource; dynamodb:LeadingKeys (multivalued: ForAllValues) holds the partition key values of the request.
  return {
    Sid: "CountContainmentAction",
    Effect: "Allow",
    Action: "dynamodb:UpdateItem",
    Resource: tableArn,
    Condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": [`${responseTypeId}#*`] } },
  };
}

/**
 * The key of a table encrypted with a customer managed key, used through DynamoDB only. DynamoDB developer guide,
 * "Key policy for a customer managed key": the principals using the table need kms:Encrypt, kms:Decrypt,
 * kms:ReEncrypt*, kms:GenerateDataKey*, kms:DescribeKey and kms:CreateGrant with kms:ViaService
 * dynamodb.<region>.amazonaws.com (the stack's key policy delegates to IAM; functions/kms/response-key-policy.ts).
 * A missing permission fails the update: the rail holds (fail closed).
 */
export function counterKeyStatement(keyArn: string, region: string): PolicyStatement {
  return {
    Sid: "UseCounterTableKeyThroughDynamoDb",
    Effect: "Allow",
    Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey", "kms:CreateGrant"],
    Resource: keyArn,
    Condition: { StringEquals: { "kms:ViaService": `dynamodb.${region}.amazonaws.com` } },
  };
}

const WINDOW_KEY: Readonly<Record<CapWindow, string>> = {
  // $$.State.EnteredTime is ISO 8601 UTC, e.g. 2026-12-05T03:07:37.123Z (Step Functions developer guide, "Accessing
  // execution data from the Context object": `State.EnteredTime`, "Format: ISO 8601"). Were it ever written otherwise,
  // an intrinsic fails in a Pass state (no Catch there): the execution FAILS before acting (the ExecutionsFailed
  // alarm fires): still no action.
  day: "States.ArrayGetItem(States.StringSplit($$.State.EnteredTime, 'T'), 0)",
  hour: "States.ArrayGetItem(States.StringSplit($$.State.EnteredTime, ':'), 0)",
  minute:
    "States.Format('{}:{}', States.ArrayGetItem(States.StringSplit($$.State.EnteredTime, ':'), 0), States.ArrayGetItem(States.StringSplit($$.State.EnteredTime, ':'), 1))",
};

/** The cap rail. */
export const blastRadiusCapRail: Rail<BlastRadiusCapOptions> = (options) => {
  validateCapOptions(options);
  const S = CAP_STATES;
  const reasons = capReasons(options, options.context.scope.kind);
  const date = "States.StringSplit(States.ArrayGetItem(States.StringSplit($$.State.EnteredTime, 'T'), 0), '-')";
  const lastIndex = CAP_TTL_LAST_YEAR - CAP_TTL_FIRST_YEAR;
  return {
    startAt: S.window,
    states: {
      [S.window]: {
        Type: "Pass",
        Comment: `The ${options.window} window of this action and the ${options.context.scope.kind} it is counted against.`,
        Parameters: {
          "scope.$": options.context.scope.path,
          "window.$": WINDOW_KEY[options.window],
          "yearIndex.$": `States.MathAdd(States.StringToJson(States.ArrayGetItem(${date}, 0)), -${CAP_TTL_FIRST_YEAR})`,
          // "1" + two-digit month is valid JSON ("07" is not): 101..112, minus 101.
          "monthIndex.$": `States.MathAdd(States.StringToJson(States.Format('1{}', States.ArrayGetItem(${date}, 1))), -101)`,
          expiryTable: capExpiryTable(),
        },
        ResultPath: CAP_RESULT_PATH,
        Next: S.clockInRange,
      },
      [S.clockInRange]: {
        Type: "Choice",
        Choices: [
          {
            And: [
              { Variable: `${CAP_RESULT_PATH}.yearIndex`, NumericGreaterThanEquals: 0 },
              { Variable: `${CAP_RESULT_PATH}.yearIndex`, NumericLessThanEquals: lastIndex },
            ],
            Next: S.key,
          },
        ],
        Default: S.holdClock,
      },
      [S.key]: {
        Type: "Pass",
        Parameters: {
          "key.$": `States.Format('${options.context.responseTypeId}#{}#{}', ${CAP_RESULT_PATH}.scope, ${CAP_RESULT_PATH}.window)`,
          "window.$": `${CAP_RESULT_PATH}.window`,
          "scope.$": `${CAP_RESULT_PATH}.scope`,
          "expiresAt.$": `States.ArrayGetItem(States.ArrayGetItem(${CAP_RESULT_PATH}.expiryTable, ${CAP_RESULT_PATH}.yearIndex), ${CAP_RESULT_PATH}.monthIndex)`,
        },
        ResultPath: CAP_RESULT_PATH,
        Next: S.count,
      },
      [S.count]: {
        Type: "Task",
        Comment: `Count this action: at most ${options.maxActions} per ${options.window} and ${options.context.scope.kind}, atomically.`,
        Resource: integrationResource(options.context.partition, UPDATE_ITEM_INTEGRATION),
        Parameters: {
          TableName: options.tableName,
          Key: { [CAP_TABLE.partitionKey]: { "S.$": `${CAP_RESULT_PATH}.key` } },
          UpdateExpression: "SET #expiresAt = :expiresAt ADD #actions :one",
          ConditionExpression: "attribute_not_exists(#actions) OR #actions < :cap",
          ExpressionAttributeNames: { "#actions": CAP_TABLE.countAttribute, "#expiresAt": CAP_TABLE.ttlAttribute },
          ExpressionAttributeValues: {
            ":one": { N: "1" },
            ":cap": { N: String(options.maxActions) },
            ":expiresAt": { "N.$": `${CAP_RESULT_PATH}.expiresAt` },
          },
          ReturnValues: "UPDATED_NEW",
        },
        ResultSelector: { "actions.$": `$.Attributes.${CAP_TABLE.countAttribute}.N` },
        ResultPath: `${CAP_RESULT_PATH}.counted`,
        Retry: awsCallRetry(UPDATE_ITEM_PERMANENT_ERRORS, DEFAULT_RETRY),
        Catch: [
          { ErrorEquals: [CONDITIONAL_CHECK_FAILED], ResultPath: "$.blastRadiusCapError", Next: S.holdReached },
          { ErrorEquals: ["States.ALL"], ResultPath: "$.blastRadiusCapError", Next: S.holdUnavailable },
        ],
        Next: options.exits.proceed,
      },
      [S.holdReached]: holdState("blast-radius-cap", reasons.reached, options.exits.hold),
      [S.holdUnavailable]: holdState("blast-radius-cap", reasons.unavailable, options.exits.hold),
      [S.holdClock]: holdState("blast-radius-cap", reasons.clock, options.exits.hold),
    },
    grants: [
      {
        neededBy: [{ integration: UPDATE_ITEM_INTEGRATION }],
        statements: [
          countActionStatement(options.tableArn, options.context.responseTypeId),
          ...(options.tableKey === undefined ? [] : [counterKeyStatement(options.tableKey.arn, options.tableKey.region)]),
        ],
      },
    ],
  };
};

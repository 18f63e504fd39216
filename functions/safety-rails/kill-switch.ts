/**
 * The kill switch rail (issue 10.2): one SSM parameter per stack turns every pipeline into notify-only without a
 * deploy. The rail reads it (`arn:<partition>:states:::aws-sdk:ssm:getParameter`) and acts only on the exact value
 * {@link KILL_SWITCH_ACT}; {@link KILL_SWITCH_NOTIFY_ONLY} holds, and so does anything else: another value, a
 * missing parameter, a read that fails after retries (fail closed).
 *
 * What it keeps: `$.killSwitch = { value }`, `value` being the parameter's value, or `unreadable` when it could not
 * be read (the hold notice shows it). The parameter is a plain `String` (SSM GetParameter API reference: a
 * `SecureString` would need `kms:Decrypt` and `WithDecryption`), so reading it needs `ssm:GetParameter` on its
 * ARN only.
 */
import type { PolicyStatement } from "../iam/policy-document";
import { integrationResource } from "../asl/partition";
import { awsCallRetry, DEFAULT_RETRY } from "../asl/retry";
import { holdState, railStateName, type Rail } from "./rail";

/** The value that lets the pipelines act. */
export const KILL_SWITCH_ACT = "act";
/** The value that turns every pipeline of the stack into notify-only. */
export const KILL_SWITCH_NOTIFY_ONLY = "notify-only";
/** What `$.killSwitch.value` says when the parameter could not be read. */
export const KILL_SWITCH_UNREADABLE = "unreadable";

/** The integration the rail calls, after `arn:<partition>:states:::`. */
export const GET_PARAMETER_INTEGRATION = "aws-sdk:ssm:getParameter";

/**
 * SSM GetParameter's modeled errors another attempt cannot cure (SSM API reference, GetParameter "Errors":
 * InternalServerError, InvalidKeyId, ParameterNotFound, ParameterVersionNotFound), named as Step Functions names AWS
 * SDK integration errors (`Ssm.` + the code + `Exception`). Every other error (throttling, unnamed by the model) is
 * retried; after the retries every error holds.
 */
export const GET_PARAMETER_PERMANENT_ERRORS: readonly string[] = [
  "Ssm.InvalidKeyIdException",
  "Ssm.ParameterNotFoundException",
  "Ssm.ParameterVersionNotFoundException",
];

/** Where the rail keeps what it read. */
export const KILL_SWITCH_RESULT_PATH = "$.killSwitch";

/** The rail's state names. */
export const KILL_SWITCH_STATES = {
  read: railStateName("Kill Switch", "Read Parameter"),
  unreadable: railStateName("Kill Switch", "Unreadable"),
  check: railStateName("Kill Switch", "Is Acting Allowed"),
  holdOn: railStateName("Kill Switch", "Notify Only"),
  holdUnreadable: railStateName("Kill Switch", "Hold Unreadable"),
  holdUnexpected: railStateName("Kill Switch", "Hold Unexpected Value"),
} as const;

/** Options of the kill switch rail. */
export interface KillSwitchOptions {
  /** Name of the SSM parameter (a value or a Terraform reference; never parsed). */
  readonly parameterName: string;
  /** ARN of the parameter, for the grant (a value or a Terraform reference). */
  readonly parameterArn: string;
}

/** The reasons the rail writes under `$.safetyRail.reason`. */
export const KILL_SWITCH_REASONS = {
  on: `The kill switch is on (parameter value ${KILL_SWITCH_NOTIFY_ONLY}): every pipeline of the stack only notifies.`,
  unreadable: "The kill switch parameter could not be read: not acting (fail closed).",
  unexpected: `The kill switch parameter holds neither ${KILL_SWITCH_ACT} nor ${KILL_SWITCH_NOTIFY_ONLY}: not acting (fail closed).`,
} as const;

/** The statement reading the switch: `ssm:GetParameter` on the parameter only. */
export function readKillSwitchStatement(parameterArn: string): PolicyStatement {
  // Service Authorization Reference, AWS Systems Manager: GetParameter is authorized by ssm:GetParameter on the
  // parameter resource (arn:${Partition}:ssm:${Region}:${Account}:parameter/${ParameterNameWithoutLeadingSlash}).
  return { Sid: "ReadKillSwitch", Effect: "Allow", Action: "ssm:GetParameter", Resource: parameterArn };
}

/** The kill switch rail. */
export const killSwitchRail: Rail<KillSwitchOptions> = (options) => {
  const S = KILL_SWITCH_STATES;
  return {
    startAt: S.read,
    states: {
      [S.read]: {
        Type: "Task",
        Comment: `Read the stack's kill switch: ${KILL_SWITCH_ACT} acts, anything else only notifies.`,
        Resource: integrationResource(options.context.partition, GET_PARAMETER_INTEGRATION),
        Parameters: { Name: options.parameterName },
        ResultSelector: { "value.$": "$.Parameter.Value" },
        ResultPath: KILL_SWITCH_RESULT_PATH,
        Retry: awsCallRetry(GET_PARAMETER_PERMANENT_ERRORS, DEFAULT_RETRY),
        Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.killSwitchError", Next: S.unreadable }],
        Next: S.check,
      },
      [S.unreadable]: { Type: "Pass", Result: { value: KILL_SWITCH_UNREADABLE }, ResultPath: KILL_SWITCH_RESULT_PATH, Next: S.holdUnreadable },
      [S.check]: {
        Type: "Choice",
        Choices: [
          { Variable: `${KILL_SWITCH_RESULT_PATH}.value`, StringEquals: KILL_SWITCH_ACT, Next: options.exits.proceed },
          { Variable: `${KILL_SWITCH_RESULT_PATH}.value`, StringEquals: KILL_SWITCH_NOTIFY_ONLY, Next: S.holdOn },
        ],
        Default: S.holdUnexpected,
      },
      [S.holdOn]: holdState("kill-switch", KILL_SWITCH_REASONS.on, options.exits.hold),
      [S.holdUnreadable]: holdState("kill-switch", KILL_SWITCH_REASONS.unreadable, options.exits.hold),
      [S.holdUnexpected]: holdState("kill-switch", KILL_SWITCH_REASONS.unexpected, options.exits.hold),
    },
    grants: [{ neededBy: [{ integration: GET_PARAMETER_INTEGRATION }], statements: [readKillSwitchStatement(options.parameterArn)] }],
  };
};

/**
 * The approval gate rail (issue 10.3): before a containment workflow acts, it asks a human and waits. Opt-in per
 * response type, and optionally only from a finding severity up.
 *
 * How it works (all AWS facts checked, see the comments at each place):
 * - The request is an SNS Publish with the Wait for Callback pattern (`arn:<partition>:states:::sns:publish.waitForTaskToken`;
 *   Step Functions developer guide, "Optimized integrations": Amazon SNS supports Request Response and Wait for
 *   Callback, in Standard workflows). The message carries `$$.Task.Token` and the exact CLI commands to approve
 *   (`aws stepfunctions send-task-success ... --task-output '{"approved":true}'`) or deny
 *   (`aws stepfunctions send-task-failure ... --error Denied`). Nothing else is needed to answer: no Lambda, no API.
 * - Approved = the task succeeds with an output whose `approved` is the boolean `true`. Any other output
 *   (`{}`, `{"approved":"yes"}`) holds: only an explicit yes acts.
 * - Denied = the task fails with the error `Denied` (SendTaskFailure's `error`, Step Functions API reference:
 *   the failed task's error name, up to 256 characters). Any other error of the task (another error name, the
 *   Publish failing, an error without a name) holds too (fail closed). The Publish is not retried: a second
 *   attempt would send a second request with a new token, and the gate holds anyway.
 * - No answer within `timeoutSeconds`: the Task fails with `States.Timeout` (Amazon States Language, "Task
 *   state": TimeoutSeconds, the maximum a task may run; "Errors": States.Timeout; `States.TaskFailed` and
 *   `States.ALL`... only `States.ALL` matches a timeout, so it is caught first). `onTimeout` decides:
 *   `hold` (the default: fail closed) holds with a reason that says so; `act` first publishes a notice saying that
 *   no one answered and that the workflow acts anyway, then proceeds. The request itself says which it will be.
 * - Severity: with `minSeverity`, a finding whose `$.finding.severity` is a number below it proceeds without asking
 *   (recording why under `$.approvalGate.decision`); a finding without a numeric severity is asked about (fail
 *   closed).
 *
 * Who can answer (see docs/approval-gate.md): the token alone does nothing. SendTaskSuccess and SendTaskFailure
 * are AWS API calls, signed with the caller's credentials, and the caller needs `states:SendTaskSuccess` /
 * `states:SendTaskFailure` (Service Authorization Reference, AWS Step Functions: both Write actions with no
 * resource type and no service condition key, so they cannot be scoped to a state machine; the approver policy
 * (`functions/iam/approver-policy.ts`) scopes them with global condition keys). Someone who only sees the e-mail
 * cannot approve or deny.
 *
 * What it keeps: `$.approvalGate = { decision?, answer?, error?, notice? }`. It writes `$.safetyRail` only when it holds.
 */
import type { PolicyStatement } from "../iam/policy-document";
import { buildPublishAndLogStatements } from "../iam/response-role-statements";
import { assertPlainLiteral, FINDING_NOTICE_LINES, noticeMessage, type NoticeLine } from "../asl/notice";
import { OUTCOME_ATTRIBUTE, PUBLISH_INTEGRATION, SNS_PUBLISH_PERMANENT_ERRORS } from "../asl/notify-state";
import { integrationResource } from "../asl/partition";
import { awsCallRetry, DEFAULT_RETRY } from "../asl/retry";
import type { RoleGrant } from "../response-types/contract";
import { holdState, railStateName, type Rail, type RailFragment, type RailWiring } from "./rail";

/** The rail's id (`$.safetyRail.rail` when it holds). */
export const APPROVAL_GATE_RAIL_ID = "approval-gate";

/** The request's integration, after `arn:<partition>:states:::`: SNS Publish, Wait for Callback. */
export const APPROVAL_REQUEST_INTEGRATION = "sns:publish.waitForTaskToken";

/** The error an approver's `send-task-failure` must name to deny. */
export const APPROVAL_DENIED_ERROR = "Denied";

/** What the request's Task fails with when no one answered in time (Amazon States Language, "Errors"). */
export const STATES_TIMEOUT = "States.Timeout";

/** Where the rail keeps what it learned. */
export const APPROVAL_GATE_RESULT_PATH = "$.approvalGate";

/** What happens when no approver answered within the timeout. */
export type ApprovalTimeoutAction = "act" | "hold";

/** The values `$.approvalGate.decision` takes on the ways to `proceed`. */
export const APPROVAL_DECISIONS = {
  approved: "approved",
  notRequired: "not required: severity below the gate's threshold",
  timedOutActing: "no answer before the timeout; on timeout: act",
} as const;

/** The approval outcomes, as the `outcome` message attribute of the notices (for subscription filter policies). */
export const APPROVAL_OUTCOMES = { requested: "APPROVAL_REQUESTED", timedOutActing: "APPROVAL_TIMED_OUT_ACTING" } as const;

/** SNS Subjects (ASCII, at most 100 characters; SNS Publish API reference). */
export const APPROVAL_SUBJECTS = {
  requested: "GuardDuty runtime response: APPROVAL NEEDED",
  timedOutActing: "GuardDuty runtime response: NO APPROVAL ANSWER - ACTING",
} as const;

/** The rail's state names. */
export const APPROVAL_GATE_STATES = {
  applies: railStateName("Approval Gate", "Is Approval Required"),
  notRequired: railStateName("Approval Gate", "Not Required"),
  answer: railStateName("Approval Gate", "Prepare Answer"),
  prepare: railStateName("Approval Gate", "Prepare Request"),
  request: railStateName("Approval Gate", "Request Approval"),
  check: railStateName("Approval Gate", "Is Approved"),
  approved: railStateName("Approval Gate", "Approved"),
  timedOut: railStateName("Approval Gate", "No Answer"),
  notifyActing: railStateName("Approval Gate", "Notify Acting Without Answer"),
  holdDenied: railStateName("Approval Gate", "Hold Denied"),
  holdNotApproved: railStateName("Approval Gate", "Hold Not Approved"),
  holdTimedOut: railStateName("Approval Gate", "Hold No Answer"),
  holdFailed: railStateName("Approval Gate", "Hold Request Failed"),
} as const;

/** Options of the approval gate. */
export interface ApprovalGateOptions {
  /** Where the request goes: the pipeline's notification topic (a value or a Terraform reference; never parsed). */
  readonly topicArn: string;
  /**
   * The key encrypting the topic, for the grant (used through SNS in `region` only), and its region.
   * @default - the topic is not encrypted with a key of this stack
   */
  readonly kmsKeyArn?: string;
  /** Region of the stack (required with `kmsKeyArn`, for `kms:ViaService`). */
  readonly region?: string;
  /** How long to wait for an answer, in seconds (a whole number, at least 1). */
  readonly timeoutSeconds: number;
  /** No answer in time: `hold` (do not act; the default) or `act`. Either way the topic is told. */
  readonly onTimeout?: ApprovalTimeoutAction;
  /**
   * Ask only for findings of at least this severity (GuardDuty: 1-10); lower ones proceed without asking.
   * @default - every finding is asked about
   */
  readonly minSeverity?: number;
  /** In words, what the workflow will do when approved, e.g. `stop the ECS task`. @default - the type's id */
  readonly actionWords?: string;
  /** Lines about the resource (label, JSONPath or intrinsic of JSON-safe text) after the finding's. @default - none */
  readonly resourceLines?: readonly NoticeLine[];
}

/** The reasons the rail writes under `$.safetyRail.reason`. */
export function approvalGateReasons(timeoutSeconds: number): {
  readonly denied: string;
  readonly notApproved: string;
  readonly timedOut: string;
  readonly failed: string;
} {
  return {
    denied: `An approver denied the action (send-task-failure with error ${APPROVAL_DENIED_ERROR}): not acting.`,
    notApproved: "The approval answer did not say approved: true: not acting (fail closed).",
    timedOut: `No approver answered within ${timeoutSeconds} seconds and on timeout the gate holds: not acting.`,
    failed: "The approval request failed, or was answered with an error other than Denied: not acting (fail closed).",
  };
}

/**
 * The literal command parts (arguments of the request's `States.Format`, whose template cannot hold quotes or
 * braces). No definition string may hold `"` or `\`: CDKTF writes the definition as a Terraform `jsonencode({...})`
 * expression and escapes neither (cdktf lib/tfExpression.js, escapeString: newlines and `${` only), so Terraform
 * would not parse it. The approve output `{"approved":true}` is therefore made at run time by `States.JsonToString`
 * of {@link APPROVAL_ANSWER}.
 */
export const APPROVAL_COMMAND_PARTS = {
  /** The token and the output are quoted for the shell: Step Functions does not document the token's alphabet. */
  quote: "'",
  denyCause: "'denied by <your name>'",
} as const;

/** The success output that approves: `--task-output '{"approved":true}'`. */
export const APPROVAL_ANSWER = { approved: true } as const;

/** Checks the options; throws `approval gate: <setting> <value> is not allowed; expected <what>`. */
export function validateApprovalGateOptions(options: Pick<ApprovalGateOptions, "timeoutSeconds" | "onTimeout" | "minSeverity">): void {
  const fail = (setting: string, value: unknown, expected: string): never => {
    throw new Error(`approval gate: ${setting} ${JSON.stringify(value)} is not allowed; expected ${expected}`);
  };
  if (!Number.isInteger(options.timeoutSeconds) || options.timeoutSeconds < 1) {
    fail("timeoutSeconds", options.timeoutSeconds, "a whole number of seconds, at least 1");
  }
  if (options.onTimeout !== undefined && options.onTimeout !== "act" && options.onTimeout !== "hold") {
    fail("onTimeout", options.onTimeout, "act or hold");
  }
  if (options.minSeverity !== undefined && (typeof options.minSeverity !== "number" || !(options.minSeverity >= 0 && options.minSeverity <= 10))) {
    fail("minSeverity", options.minSeverity, "a number from 0 to 10");
  }
}

/** The SNS Publish statements (and, for an encrypted topic, its key through SNS) the gate's notices need. */
function publishStatements(options: ApprovalGateOptions): PolicyStatement[] {
  const [publish, , ...key] = buildPublishAndLogStatements({ region: options.region ?? "", topicArn: options.topicArn, kmsKeyArn: options.kmsKeyArn });
  return [publish, ...key];
}

/** The approval gate rail. */
export const approvalGateRail: Rail<ApprovalGateOptions> = (options) => {
  validateApprovalGateOptions(options);
  if (options.kmsKeyArn !== undefined && (options.region === undefined || options.region === "")) {
    throw new Error("approval gate: region is required with kmsKeyArn (the key is used through SNS in that region only)");
  }
  const S = APPROVAL_GATE_STATES;
  const { proceed, hold } = options.exits;
  const onTimeout = options.onTimeout ?? "hold";
  const reasons = approvalGateReasons(options.timeoutSeconds);
  const actionWords = options.actionWords ?? `the ${options.context.responseTypeId} action`;
  const publishResource = integrationResource(options.context.partition, PUBLISH_INTEGRATION);

  const timeoutWords =
    onTimeout === "act"
      ? `If no one answers within ${options.timeoutSeconds} seconds, the workflow ACTS anyway.`
      : `If no one answers within ${options.timeoutSeconds} seconds, the workflow does NOT act.`;
  // Literal text of the States.Format template: no quotes, braces or parentheses (`assertPlainLiteral`); the
  // command parts that need them, and the JSON-quoted title, come from the Prepare state. `$$.Task.Token` exists
  // only inside the Task state (context object, "Task"), so the commands are formatted there.
  const requestMessage = formatMessage(
    "GuardDuty runtime response: APPROVAL NEEDED",
    `The workflow wants to ${actionWords}. Nothing is done until an approver answers. ${timeoutWords}`,
    [
      ...FINDING_NOTICE_LINES.map(([label, argument]): MessageLine => [`${label}: {}`, [argument]]),
      ...(options.resourceLines ?? []).map(([label, argument]): MessageLine => [`${label}: {}`, [argument]]),
      ["Finding title: {}", ["$.approvalGate.request.title"]],
      ["Execution: {}", ["$$.Execution.Id"]],
      ["", []],
      ["To approve, with AWS credentials allowed states:SendTaskSuccess, run:", []],
      [
        "aws stepfunctions send-task-success --region {} --task-token {}{}{} --task-output {}{}{}",
        [
          "$.finding.region",
          "$.approvalGate.request.quote",
          "$$.Task.Token",
          "$.approvalGate.request.quote",
          "$.approvalGate.request.quote",
          "$.approvalGate.request.approveOutput",
          "$.approvalGate.request.quote",
        ],
      ],
      ["", []],
      ["To deny, with AWS credentials allowed states:SendTaskFailure, run:", []],
      [
        `aws stepfunctions send-task-failure --region {} --task-token {}{}{} --error ${APPROVAL_DENIED_ERROR} --cause {}`,
        ["$.finding.region", "$.approvalGate.request.quote", "$$.Task.Token", "$.approvalGate.request.quote", "$.approvalGate.request.denyCause"],
      ],
      ["", []],
      ["How approvers are authorized: docs/approval-gate.md", []],
    ],
  );
  const actingMessage = noticeMessage(
    "GuardDuty runtime response: NO APPROVAL ANSWER - ACTING",
    `No approver answered within ${options.timeoutSeconds} seconds and on timeout the gate acts: the workflow goes on to ${actionWords}.`,
    [...FINDING_NOTICE_LINES, ["Execution", "$$.Execution.Id"]],
  );

  const states: Record<string, unknown> = {};
  if (options.minSeverity !== undefined) {
    // Choice: IsPresent/IsNumeric guard the comparison (a missing path in a comparison is a States.Runtime error;
    // Amazon States Language, Choice Rules); anything but a number below the threshold is asked about.
    states[S.applies] = {
      Type: "Choice",
      Choices: [
        {
          And: [
            { Variable: "$.finding.severity", IsPresent: true },
            { Variable: "$.finding.severity", IsNumeric: true },
            { Variable: "$.finding.severity", NumericLessThan: options.minSeverity },
          ],
          Next: S.notRequired,
        },
      ],
      Default: S.answer,
    };
    states[S.notRequired] = { Type: "Pass", Result: APPROVAL_DECISIONS.notRequired, ResultPath: "$.approvalGate.decision", Next: proceed };
  }
  states[S.answer] = { Type: "Pass", Result: APPROVAL_ANSWER, ResultPath: "$.approvalGate.answerTemplate", Next: S.prepare };
  states[S.prepare] = {
    Type: "Pass",
    Parameters: {
      ...APPROVAL_COMMAND_PARTS,
      "approveOutput.$": "States.JsonToString($.approvalGate.answerTemplate)",
      "title.$": "States.JsonToString($.finding.title)",
    },
    ResultPath: "$.approvalGate.request",
    Next: S.request,
  };
  states[S.request] = {
    Type: "Task",
    Resource: integrationResource(options.context.partition, APPROVAL_REQUEST_INTEGRATION),
    Parameters: {
      TopicArn: options.topicArn,
      Subject: APPROVAL_SUBJECTS.requested,
      "Message.$": requestMessage,
      MessageAttributes: { [OUTCOME_ATTRIBUTE]: { DataType: "String", StringValue: APPROVAL_OUTCOMES.requested } },
    },
    TimeoutSeconds: options.timeoutSeconds,
    ResultPath: "$.approvalGate.answer",
    Catch: [
      { ErrorEquals: [STATES_TIMEOUT], ResultPath: "$.approvalGate.error", Next: onTimeout === "act" ? S.timedOut : S.holdTimedOut },
      { ErrorEquals: [APPROVAL_DENIED_ERROR], ResultPath: "$.approvalGate.error", Next: S.holdDenied },
      { ErrorEquals: ["States.ALL"], ResultPath: "$.approvalGate.error", Next: S.holdFailed },
    ],
    Next: S.check,
  };
  states[S.check] = {
    Type: "Choice",
    Choices: [
      {
        And: [
          { Variable: "$.approvalGate.answer.approved", IsPresent: true },
          { Variable: "$.approvalGate.answer.approved", IsBoolean: true },
          { Variable: "$.approvalGate.answer.approved", BooleanEquals: true },
        ],
        Next: S.approved,
      },
    ],
    Default: S.holdNotApproved,
  };
  states[S.approved] = { Type: "Pass", Result: APPROVAL_DECISIONS.approved, ResultPath: "$.approvalGate.decision", Next: proceed };
  states[S.holdDenied] = holdState(APPROVAL_GATE_RAIL_ID, reasons.denied, hold);
  states[S.holdNotApproved] = holdState(APPROVAL_GATE_RAIL_ID, reasons.notApproved, hold);
  states[S.holdFailed] = holdState(APPROVAL_GATE_RAIL_ID, reasons.failed, hold);
  if (onTimeout === "act") {
    states[S.timedOut] = { Type: "Pass", Result: APPROVAL_DECISIONS.timedOutActing, ResultPath: "$.approvalGate.decision", Next: S.notifyActing };
    states[S.notifyActing] = {
      Type: "Task",
      Resource: publishResource,
      Parameters: {
        TopicArn: options.topicArn,
        Subject: APPROVAL_SUBJECTS.timedOutActing,
        "Message.$": actingMessage,
        MessageAttributes: { [OUTCOME_ATTRIBUTE]: { DataType: "String", StringValue: APPROVAL_OUTCOMES.timedOutActing } },
      },
      ResultPath: "$.approvalGate.notice",
      Retry: awsCallRetry(SNS_PUBLISH_PERMANENT_ERRORS, DEFAULT_RETRY),
      // Acting without an answer is only allowed once the topic has been told: a notice that cannot be sent holds.
      Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.approvalGate.error", Next: S.holdFailed }],
      Next: proceed,
    };
  } else {
    states[S.holdTimedOut] = holdState(APPROVAL_GATE_RAIL_ID, reasons.timedOut, hold);
  }

  const statements = publishStatements(options);
  const grants: RoleGrant[] = [
    {
      // Step Functions developer guide, "IAM policies for Amazon SNS": the SNS integration (any pattern) needs
      // sns:Publish on the topic; SendTaskSuccess/Failure are called by the approver, not by the role.
      neededBy: [{ integration: APPROVAL_REQUEST_INTEGRATION }, { integration: PUBLISH_INTEGRATION }],
      statements,
    },
  ];
  return { startAt: options.minSeverity !== undefined ? S.applies : S.answer, states, grants };
};

/** One line of a message: its template (literal text and `{}`s) and the arguments filling them. */
type MessageLine = readonly [template: string, args: readonly string[]];

/** The `States.Format(...)` of a message: headline, explanation, a blank line, then the lines. */
function formatMessage(headline: string, explanation: string, lines: readonly MessageLine[]): string {
  const template = [headline, explanation, "", ...lines.map(([text]) => text)].join("\n");
  assertPlainLiteral(template);
  const args = lines.flatMap(([, lineArgs]) => lineArgs);
  return `States.Format('${template}', ${args.join(", ")})`;
}

/** What the request says about one response type: what it will do, and the lines about its resource. */
export interface ApprovalRequestText {
  readonly actionWords: string;
  /** Paths that exist at the type's action entry (its input parts and Prepare's `derived`). */
  readonly resourceLines: readonly NoticeLine[];
}

/**
 * The request's words per registered response type (the resource lines are those of the type's own notices). A
 * type not listed gets its id as the action and no resource lines.
 */
export const APPROVAL_REQUEST_TEXTS: Readonly<Record<string, ApprovalRequestText>> = {
  "ecs-stop-task": {
    actionWords: "stop the ECS task",
    resourceLines: [
      ["Cluster", "$.ecs.clusterArn"],
      ["Task", "$.ecs.taskArn"],
      ["Task definition", "$.ecs.taskDefinitionArn"],
      ["Console", "$.derived.ConsoleUrl"],
    ],
  },
  "ec2-isolate-instance": {
    actionWords: "isolate the EC2 instance: snapshot its volumes, tag it, detach it from its Auto Scaling group and move it to the quarantine security group",
    resourceLines: [
      ["Instance", "$.ec2.instanceId"],
      ["Console", "$.derived.ConsoleUrl"],
    ],
  },
  "eks-contain-pod": {
    actionWords: "contain the Kubernetes pod, isolating or deleting it as configured",
    resourceLines: [
      ["Cluster", "$.derived.Cluster"],
      ["Namespace", "$.derived.Namespace"],
      ["Pod", "$.derived.Pod"],
      ["Console", "$.derived.ConsoleUrl"],
    ],
  },
};

/** The gate's settings of one pipeline (what the config sets): when to ask, how long to wait, what then. */
export type ApprovalGateSettings = Pick<ApprovalGateOptions, "timeoutSeconds" | "onTimeout" | "minSeverity">;

/** Where the pipeline's notices go (what the pipeline knows, not the config). */
export type ApprovalGateTopic = Pick<ApprovalGateOptions, "topicArn" | "kmsKeyArn" | "region">;

/**
 * The gate for the composer's `approvalGate` slot (`composeSafetyRails` in compose.ts): `settings` and the
 * pipeline's topic, with the words of the guarded type. Compose, then {@link withApprovalWait} the definition.
 */
export function approvalGateSlot(settings: ApprovalGateSettings, topic: ApprovalGateTopic): (wiring: RailWiring) => RailFragment {
  validateApprovalGateOptions(settings);
  return (wiring) => {
    const text = APPROVAL_REQUEST_TEXTS[wiring.context.responseTypeId];
    return approvalGateRail({ ...settings, ...topic, actionWords: text?.actionWords, resourceLines: text?.resourceLines, ...wiring });
  };
}

/**
 * `definition` with its `TimeoutSeconds` raised by the approval gate's wait (the request's `TimeoutSeconds`) when the
 * gate is in it, so that the execution cannot time out (TIMED_OUT, no notice) while the gate waits: the gate's own
 * timeout decides. Without the gate, or without an execution `TimeoutSeconds` (no limit but Step Functions' own),
 * an unchanged copy (Amazon States Language, top-level fields: TimeoutSeconds, the maximum an execution may run).
 */
export function withApprovalWait(definition: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(definition)) as Record<string, unknown>;
  const request = (copy.States as Record<string, Record<string, unknown>> | undefined)?.[APPROVAL_GATE_STATES.request];
  if (request !== undefined && typeof copy.TimeoutSeconds === "number" && typeof request.TimeoutSeconds === "number") {
    copy.TimeoutSeconds += request.TimeoutSeconds;
  }
  return copy;
}

/**
 * The guarded workflow's ASL: asl-validator accepts it for every option, the options change only the
 * Settings values and the Retry numbers, and the texts respect SNS, ECS and Terraform limits.
 */
import { SNS_PUBLISH_PERMANENT_ERRORS } from "../../../functions/asl/notify-state";
import {
  GUARDED_ECS_PERMANENT_ERRORS,
  GUARDED_NOTIFY_STATES,
  GUARDED_OUTCOMES,
  GUARDED_STATES,
  GUARDED_SUBJECTS,
  GuardedStopTaskPropsError,
  buildGuardedStopTaskDefinition,
  type GuardedStopTaskProps,
} from "../../../functions/ecs-stop-task/guarded-state-machine";
import { validateAsl } from "../../../tools/simulator/validate-asl";
import { allStrings, everyOptionCombination as combinationsOf, optionFreeShape, type AslMachine as Definition } from "../../support/asl-definition";
import { TOPIC_ARN, guardedDefinition } from "./fixtures";

const ALL_OPTIONS: Omit<GuardedStopTaskProps, "topicArn"> = {
  dryRun: true,
  exemptionTag: { key: "security/response", value: "manual-only" },
  minHealthyTasks: 0,
  consoleDomain: "console.amazonaws-us-gov.com",
  retry: { maxAttempts: 0, intervalSeconds: 1, backoffRate: 1.5 },
};

/** Every subset of ALL_OPTIONS. */
const everyOptionCombination = (): Omit<GuardedStopTaskProps, "topicArn">[] => combinationsOf(ALL_OPTIONS);

/** The definition without what options may change: Settings' Result and the Retry numbers. */
const shape = (definition: Record<string, unknown>): unknown => optionFreeShape(definition, GUARDED_STATES.settings);

describe("guarded state machine ASL", () => {
  it.each([
    ["defaults", {}],
    ["every option set", ALL_OPTIONS],
  ])("passes asl-validator with %s", (_name, options) => {
    // GIVEN the definition built with these options
    const definition = guardedDefinition(options);
    // WHEN asl-validator checks it
    const result = validateAsl(definition);
    // THEN it is valid
    expect(result.errorsText).toBe("");
    expect(result.isValid).toBe(true);
  });

  it("differs from the default only in Settings' values and the Retry numbers, for every option combination", () => {
    // GIVEN the default definition's shape
    const expected = shape(guardedDefinition());
    // THEN every combination of options has that shape, so the validation of the defaults and of every option
    // set (values at their bounds: minHealthyTasks 0, maxAttempts 0, intervalSeconds 1) carries over
    for (const options of everyOptionCombination()) {
      expect(shape(guardedDefinition(options))).toEqual(expected);
    }
  });

  it("bakes the options into the Settings state", () => {
    const settings = (guardedDefinition(ALL_OPTIONS) as Definition).States[GUARDED_STATES.settings];
    expect(settings.Result).toMatchObject({
      DryRun: true,
      ExemptionTag: { Key: "security/response", Value: "manual-only" },
      MinHealthyTasks: 0,
      ConsoleDomain: "console.amazonaws-us-gov.com",
    });
  });

  it("defaults to no dry run, the guardduty-response=exempt tag, no service guard and the commercial console", () => {
    const settings = (guardedDefinition() as Definition).States[GUARDED_STATES.settings];
    expect(settings.Result).toMatchObject({
      DryRun: false,
      ExemptionTag: { Key: "guardduty-response", Value: "exempt" },
      MinHealthyTasks: null,
      ConsoleDomain: "console.aws.amazon.com",
    });
  });

  it("retries every AWS call but its service's permanent errors, with exponential backoff and full jitter (defaults 5 retries, 2 s, x2)", () => {
    // GIVEN the default definition's Task states
    const tasks = Object.entries((guardedDefinition() as Definition).States).filter(([, state]) => state.Type === "Task");
    // THEN each never retries its service's permanent errors, and retries every other error (throttling whatever its name)
    expect(tasks.map(([name, state]) => [name, state.Retry])).toEqual(
      tasks.map(([name, state]) => [
        name,
        [
          {
            ErrorEquals: [...(String(state.Resource).includes(":sns:") ? SNS_PUBLISH_PERMANENT_ERRORS : GUARDED_ECS_PERMANENT_ERRORS), "States.Permissions"],
            MaxAttempts: 0,
          },
          { ErrorEquals: ["States.TaskFailed"], IntervalSeconds: 2, MaxAttempts: 5, BackoffRate: 2, JitterStrategy: "FULL" },
        ],
      ]),
    );
    expect(GUARDED_ECS_PERMANENT_ERRORS).toEqual(["Ecs.AccessDeniedException", "Ecs.ClusterNotFoundException", "Ecs.InvalidParameterException"]);
  });

  it("passes a Terraform reference topic ARN through untouched", () => {
    const reference = "${aws_sns_topic.findings.arn}";
    const definition = buildGuardedStopTaskDefinition({ topicArn: reference }) as Definition;
    for (const outcome of GUARDED_OUTCOMES) {
      expect(definition.States[GUARDED_NOTIFY_STATES[outcome]].Parameters?.TopicArn).toBe(reference);
    }
  });

  it("contains no '%{' (Terraform template directive) in any key or value", () => {
    expect(allStrings(guardedDefinition(ALL_OPTIONS)).filter((text) => text.includes("%{"))).toEqual([]);
  });
});

describe("guarded notices", () => {
  it("have fixed subjects of at most 100 characters without line breaks, one per outcome", () => {
    for (const outcome of GUARDED_OUTCOMES) {
      expect(GUARDED_SUBJECTS[outcome].length).toBeLessThanOrEqual(100);
      expect(GUARDED_SUBJECTS[outcome]).not.toMatch(/[\u0000-\u001f\u007f]/u);
    }
    expect(new Set(Object.values(GUARDED_SUBJECTS)).size).toBe(GUARDED_OUTCOMES.length);
  });

  it("publish the subject as a static parameter, never a path or an intrinsic", () => {
    const states = (guardedDefinition() as Definition).States;
    for (const outcome of GUARDED_OUTCOMES) {
      const parameters = states[GUARDED_NOTIFY_STATES[outcome]].Parameters ?? {};
      expect([parameters.Subject, "Subject.$" in parameters]).toEqual([GUARDED_SUBJECTS[outcome], false]);
    }
  });
});

describe("guarded props", () => {
  it.each([
    ["an exemption tag key starting with aws:", { exemptionTag: { key: "aws:reserved", value: "x" } }],
    ["an exemption tag key with a quote", { exemptionTag: { key: "a'b", value: "x" } }],
    ["an exemption tag value with a Terraform directive", { exemptionTag: { key: "k", value: "%{if}" } }],
    ["a negative minHealthyTasks", { minHealthyTasks: -1 }],
    ["a fractional minHealthyTasks", { minHealthyTasks: 1.5 }],
    ["a console domain with a path", { consoleDomain: "console.aws.amazon.com/x" }],
    ["a zero retry interval", { retry: { intervalSeconds: 0 } }],
    ["a backoff rate below 1", { retry: { backoffRate: 0.5 } }],
  ])("reject %s with GuardedStopTaskPropsError", (_name, options) => {
    expect(() => guardedDefinition(options)).toThrow(GuardedStopTaskPropsError);
  });

  it("reject an empty topic ARN with GuardedStopTaskPropsError", () => {
    expect(() => buildGuardedStopTaskDefinition({ topicArn: "" })).toThrow(GuardedStopTaskPropsError);
  });

  it("accept a partial retry, the rest defaulting", () => {
    const stopTask = (guardedDefinition({ retry: { maxAttempts: 8 } }) as Definition).States[GUARDED_STATES.stopTask];
    expect(stopTask.Retry?.[1]).toMatchObject({ MaxAttempts: 8, IntervalSeconds: 2, BackoffRate: 2 });
  });

  it("name the topic in every notice state and nowhere else needs it", () => {
    expect(JSON.stringify(guardedDefinition()).split(TOPIC_ARN)).toHaveLength(GUARDED_OUTCOMES.length + 1);
  });
});

describe("the guarded workflow's exemption tag", () => {
  it("refuses the reserved aws: prefix in any letter case", () => {
    expect(() =>
      buildGuardedStopTaskDefinition({ topicArn: "arn:aws:sns:ap-northeast-1:123456789012:t", exemptionTag: { key: "AWS:exempt", value: "true" } }),
    ).toThrow(
      expect.objectContaining({
        name: "GuardedStopTaskPropsError",
        message: expect.stringContaining('exemptionTag.key "AWS:exempt" is not a valid ECS tag key'),
      }),
    );
  });
});

/**
 * The EC2 isolation workflow's ASL: asl-validator accepts it for every option combination, the options change
 * only the Settings values and the Retry numbers, and the texts respect SNS and Terraform limits.
 */
import {
  AUTO_SCALING_PERMANENT_ERRORS,
  EC2_ISOLATION_ECS_PERMANENT_ERRORS,
  EC2_ISOLATION_NOTIFY_STATES,
  EC2_ISOLATION_OUTCOMES,
  EC2_ISOLATION_STATES,
  EC2_ISOLATION_SUBJECTS,
  EC2_PERMANENT_ERRORS,
  Ec2IsolationPropsError,
  buildEc2IsolationDefinition,
  type Ec2IsolationProps,
} from "../../../functions/ec2-isolate-instance/state-machine";
import { validateAsl } from "../../../tools/simulator/validate-asl";
import { allStates, allStrings, everyOptionCombination as combinationsOf, optionFreeShape, type AslMachine as Machine } from "../../support/asl-definition";
import { QUARANTINE_GROUP_NAME, TOPIC_ARN, ec2IsolationDefinition } from "./fixtures";

const ALL_OPTIONS: Omit<Ec2IsolationProps, "topicArn" | "quarantineSecurityGroupName"> = {
  dryRun: true,
  exemptionTag: { key: "security/response", value: "manual-only" },
  isolationTag: { key: "security/state", value: "" },
  consoleDomain: "console.amazonaws-us-gov.com",
  retry: { maxAttempts: 0, intervalSeconds: 1, backoffRate: 1.5 },
};

/** Every subset of ALL_OPTIONS. */
const everyOptionCombination = (): Partial<Ec2IsolationProps>[] => combinationsOf(ALL_OPTIONS);

/** The definition without what options may change: Settings' Result and the Retry numbers. */
const shape = (definition: Record<string, unknown>): unknown => optionFreeShape(definition, EC2_ISOLATION_STATES.settings);

describe("EC2 isolation state machine ASL", () => {
  it.each([
    ["defaults", {}],
    ["every option set", ALL_OPTIONS],
  ])("passes asl-validator with %s", (_name, options) => {
    const result = validateAsl(ec2IsolationDefinition(options));
    expect(result.errorsText).toBe("");
    expect(result.isValid).toBe(true);
  });

  it("differs from the default only in Settings' values and the Retry numbers, for every option combination", () => {
    // So the asl-validator verdict on the defaults and on every option set carries over to every combination.
    const expected = shape(ec2IsolationDefinition());
    for (const options of everyOptionCombination()) {
      expect(shape(ec2IsolationDefinition(options))).toEqual(expected);
    }
  });

  it("bakes the options into the Settings state", () => {
    const settings = (ec2IsolationDefinition(ALL_OPTIONS) as Machine).States[EC2_ISOLATION_STATES.settings];
    expect(settings.Result).toMatchObject({
      DryRun: true,
      ExemptionTag: { Key: "security/response", Value: "manual-only" },
      IsolationTag: { Key: "security/state", Value: "" },
      QuarantineGroup: { GroupName: QUARANTINE_GROUP_NAME },
      ConsoleDomain: "console.amazonaws-us-gov.com",
    });
  });

  it("retries every EC2, Auto Scaling and ECS call, Map processors included, with the shared scheme: its permanent errors and States.Permissions never, anything else (States.TaskFailed) with backoff and full jitter", () => {
    // The notices' Publish retries are the shared notify state's (functions/asl/notify-state.ts).
    const tasks = allStates(ec2IsolationDefinition() as Machine).filter(([, state]) => state.Type === "Task" && !String(state.Resource).includes(":sns:"));
    expect(tasks).toHaveLength(17);
    for (const [name, state] of tasks) {
      const service = String(state.Resource).split(":")[6];
      const permanent = { ec2: EC2_PERMANENT_ERRORS, autoscaling: AUTO_SCALING_PERMANENT_ERRORS, ecs: EC2_ISOLATION_ECS_PERMANENT_ERRORS }[service];
      expect([name, state.Retry]).toEqual([
        name,
        [
          { ErrorEquals: [...(permanent ?? []), "States.Permissions"], MaxAttempts: 0 },
          { ErrorEquals: ["States.TaskFailed"], IntervalSeconds: 2, MaxAttempts: 5, BackoffRate: 2, JitterStrategy: "FULL" },
        ],
      ]);
    }
  });

  it("catches every error of every top-level AWS call except the notices: to Notify Failure, or (creating the group) to a recheck", () => {
    const states = (ec2IsolationDefinition() as Machine).States;
    const notices = new Set(Object.values(EC2_ISOLATION_NOTIFY_STATES));
    for (const [name, state] of Object.entries(states)) {
      const callsAws = state.Type === "Task" || (state.Type === "Map" && allStates(state.ItemProcessor as Machine).some(([, inner]) => inner.Type === "Task"));
      if (!callsAws || notices.has(name)) continue;
      const next = name === EC2_ISOLATION_STATES.createQuarantineGroup ? EC2_ISOLATION_STATES.recheckQuarantineGroup : EC2_ISOLATION_STATES.notifyFailure;
      expect([name, (state.Catch as { ErrorEquals: string[]; Next: string }[]).map((c) => [c.ErrorEquals, c.Next])]).toEqual([name, [[["States.ALL"], next]]]);
    }
  });

  it("contains no '%{' (Terraform template directive) in any key or value", () => {
    expect(allStrings(ec2IsolationDefinition(ALL_OPTIONS)).filter((text) => text.includes("%{"))).toEqual([]);
  });

  it("passes a Terraform reference topic ARN through untouched, in every notice and nowhere else", () => {
    const reference = "${aws_sns_topic.findings.arn}";
    const definition = buildEc2IsolationDefinition({ topicArn: reference, quarantineSecurityGroupName: QUARANTINE_GROUP_NAME });
    for (const outcome of EC2_ISOLATION_OUTCOMES) {
      expect((definition as Machine).States[EC2_ISOLATION_NOTIFY_STATES[outcome]].Parameters?.TopicArn).toBe(reference);
    }
    expect(JSON.stringify(definition).split(reference)).toHaveLength(EC2_ISOLATION_OUTCOMES.length + 1);
  });
});

describe("EC2 isolation notices", () => {
  it("have fixed, distinct subjects of at most 100 characters without line breaks, one per outcome", () => {
    for (const outcome of EC2_ISOLATION_OUTCOMES) {
      expect(EC2_ISOLATION_SUBJECTS[outcome].length).toBeLessThanOrEqual(100);
      expect(EC2_ISOLATION_SUBJECTS[outcome]).not.toMatch(/[\u0000-\u001f\u007f]/u);
    }
    expect(new Set(Object.values(EC2_ISOLATION_SUBJECTS)).size).toBe(EC2_ISOLATION_OUTCOMES.length);
  });

  it("publish the subject as a static parameter, never a path or an intrinsic", () => {
    const states = (ec2IsolationDefinition() as Machine).States;
    for (const outcome of EC2_ISOLATION_OUTCOMES) {
      const parameters = states[EC2_ISOLATION_NOTIFY_STATES[outcome]].Parameters ?? {};
      expect([parameters.Subject, "Subject.$" in parameters]).toEqual([EC2_ISOLATION_SUBJECTS[outcome], false]);
    }
  });
});

describe("EC2 isolation props", () => {
  it.each([
    ["an empty quarantine group name", { quarantineSecurityGroupName: "" }],
    ["a quarantine group name starting with sg-", { quarantineSecurityGroupName: "sg-quarantine" }],
    ["a quarantine group name with an EC2 filter wildcard", { quarantineSecurityGroupName: "quarantine*" }],
    ["a quarantine group name with a Terraform interpolation", { quarantineSecurityGroupName: "${var.name}" }],
    ["a quarantine group name of 256 characters", { quarantineSecurityGroupName: "q".repeat(256) }],
    ["an exemption tag key starting with aws:", { exemptionTag: { key: "aws:reserved", value: "x" } }],
    ["an isolation tag value with a quote", { isolationTag: { key: "k", value: "a'b" } }],
    ["an isolation tag equal to the exemption tag", { isolationTag: { key: "guardduty-response", value: "exempt" } }],
    ["an isolation tag key the workflow writes itself", { isolationTag: { key: "guardduty-finding-id", value: "x" } }],
    ["a console domain with a path", { consoleDomain: "console.aws.amazon.com/x" }],
    ["a zero retry interval", { retry: { intervalSeconds: 0 } }],
    ["a backoff rate below 1", { retry: { backoffRate: 0.5 } }],
  ])("reject %s with Ec2IsolationPropsError", (_name, options) => {
    expect(() => ec2IsolationDefinition(options as Partial<Ec2IsolationProps>)).toThrow(Ec2IsolationPropsError);
  });

  it("reject an empty topic ARN with Ec2IsolationPropsError", () => {
    expect(() => buildEc2IsolationDefinition({ topicArn: "", quarantineSecurityGroupName: QUARANTINE_GROUP_NAME })).toThrow(Ec2IsolationPropsError);
  });

  it("accept a partial retry, the rest defaulting", () => {
    const describe = (ec2IsolationDefinition({ retry: { maxAttempts: 8 } }) as Machine).States[EC2_ISOLATION_STATES.describeInstance];
    expect(describe.Retry?.[1]).toMatchObject({ ErrorEquals: ["States.TaskFailed"], MaxAttempts: 8, IntervalSeconds: 2, BackoffRate: 2 });
  });

  it("accept a 255-character name of every allowed character class", () => {
    const name = `Quarantine 1._-:/@+=${"q".repeat(235)}`;
    expect(name).toHaveLength(255);
    expect(() => buildEc2IsolationDefinition({ topicArn: TOPIC_ARN, quarantineSecurityGroupName: name })).not.toThrow();
  });
});

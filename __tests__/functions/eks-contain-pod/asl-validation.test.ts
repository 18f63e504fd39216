/**
 * The EKS containment ASL: asl-validator accepts it for every option combination (defaults and every option
 * validated; every other combination has the same shape), the options only change Settings, Retry numbers and
 * the label keys in three paths, and the texts respect SNS and Terraform limits.
 */
import {
  EKS_API_PERMANENT_ERRORS,
  EKS_CONTAIN_POD_NOTIFY_STATES,
  EKS_CONTAIN_POD_OUTCOMES,
  EKS_CONTAIN_POD_STATES as S,
  EKS_CONTAIN_POD_SUBJECTS,
  EKS_SNS_PERMANENT_ERRORS,
  EksContainPodPropsError,
  KUBERNETES_RETRY_ERRORS,
  buildEksContainmentDefinition,
  type EksContainPodProps,
} from "../../../functions/eks-contain-pod/state-machine";
import { EKS_CALL_PARAMETERS } from "../../../tools/simulator/eks-call-handler";
import { validateAsl } from "../../../tools/simulator/validate-asl";
import {
  allStrings,
  everyOptionCombination as combinationsOf,
  optionFreeShape,
  type AslMachine as Definition,
  type AslState as State,
} from "../../support/asl-definition";
import { TOPIC_ARN } from "./fixtures";

const ALL_OPTIONS: Omit<EksContainPodProps, "topicArn"> = {
  action: "delete",
  protectedNamespaces: ["payments", "kube-public"],
  dryRun: true,
  exemptionLabel: { key: "security.example.com/response", value: "manual-only" },
  isolationLabel: { key: "security.example.com/quarantine", value: "true" },
  consoleDomain: "console.amazonaws-us-gov.com",
  retry: { maxAttempts: 0, intervalSeconds: 1, backoffRate: 1.5 },
};

function definitionWith(options: Omit<EksContainPodProps, "topicArn"> = {}): Definition {
  return buildEksContainmentDefinition({ topicArn: TOPIC_ARN, ...options }) as unknown as Definition;
}

const everyOptionCombination = (): Omit<EksContainPodProps, "topicArn">[] => combinationsOf(ALL_OPTIONS);

/** The definition without what options may change: Settings' Result, Retry numbers, label keys in paths. */
const shape = (definition: Definition): unknown => optionFreeShape(definition, S.settings, (json) => json.replace(/Checked\['[^']*'\]/gu, "Checked[LABEL]"));

const tasks = (definition: Definition): [string, State][] => Object.entries(definition.States).filter(([, state]) => state.Type === "Task");

describe("EKS containment ASL", () => {
  it.each([
    ["defaults", {}],
    ["every option set", ALL_OPTIONS],
  ])("passes asl-validator with %s", (_name, options) => {
    const result = validateAsl(definitionWith(options));
    expect(result.errorsText).toBe("");
    expect(result.isValid).toBe(true);
  });

  it("differs from the default only in Settings, Retry numbers and label keys, for every option combination", () => {
    const expected = JSON.stringify(shape(definitionWith()));
    const differing = everyOptionCombination().filter((options) => JSON.stringify(shape(definitionWith(options))) !== expected);
    expect(differing).toEqual([]);
  });

  it("bakes the options into the Settings state", () => {
    expect(definitionWith(ALL_OPTIONS).States[S.settings].Result).toEqual({
      Action: "delete",
      DryRun: true,
      ProtectedNamespaces: ["kube-system", "payments", "kube-public"],
      ExemptionLabel: { Key: "security.example.com/response", Value: "manual-only" },
      IsolationLabel: { Key: "security.example.com/quarantine", Value: "true" },
      IsolationLabels: { "security.example.com/quarantine": "true" },
      LabelDefaults: { "security.example.com/response": "", "security.example.com/quarantine": "" },
      MetadataDefaults: { labels: {}, annotations: {}, ownerReferences: [] },
      ConsoleDomain: "console.amazonaws-us-gov.com",
      MaxUpdateConflicts: 3,
    });
  });

  it("defaults to isolate, no dry run, guardduty-response=exempt/isolated and the four system namespaces", () => {
    expect(definitionWith().States[S.settings].Result).toMatchObject({
      Action: "isolate",
      DryRun: false,
      ProtectedNamespaces: ["kube-system", "kube-public", "kube-node-lease", "amazon-guardduty"],
      ExemptionLabel: { Key: "guardduty-response", Value: "exempt" },
      IsolationLabel: { Key: "guardduty-response", Value: "isolated" },
    });
  });

  it.each([[[]], [["payments"]], [["kube-system", "payments", "kube-system"]]])("always protects kube-system, once (configured %j)", (protectedNamespaces) => {
    const result = definitionWith({ protectedNamespaces }).States[S.settings].Result as { ProtectedNamespaces: string[] };
    expect(result.ProtectedNamespaces.filter((namespace) => namespace === "kube-system")).toEqual(["kube-system"]);
    expect(result.ProtectedNamespaces[0]).toBe("kube-system");
  });

  it("checks the protected namespace before any Task", () => {
    const definition = definitionWith();
    expect(definition.States[S.prepare].Next).toBe(S.protectedNamespace);
    expect(definition.States[S.protectedNamespace]).toMatchObject({ Choices: [{ Next: S.notifyProtectedNamespace }], Default: S.podWorkload });
  });

  it("calls eks:call with the documented parameters only", () => {
    const calls = tasks(definitionWith()).filter(([, state]) => state.Resource === "arn:aws:states:::eks:call");
    expect(calls.map(([name]) => name)).toEqual([S.getPod, S.getNamespace, S.deletePod, S.isolatePod]);
    for (const [, state] of calls) {
      const fields = Object.keys(state.Parameters ?? {}).map((key) => key.replace(/\.\$$/u, ""));
      expect(fields.filter((field) => !(EKS_CALL_PARAMETERS as readonly string[]).includes(field))).toEqual([]);
    }
  });

  it("retries every call on throttling and server errors with exponential backoff and full jitter", () => {
    const policy = { IntervalSeconds: 2, MaxAttempts: 5, BackoffRate: 2, JitterStrategy: "FULL" };
    const allButPermanent = (permanent: readonly string[]): unknown[] => [
      { ErrorEquals: [...permanent, "States.Permissions"], MaxAttempts: 0 },
      { ErrorEquals: ["States.TaskFailed"], ...policy },
    ];
    const expected = (resource: string): unknown[] =>
      resource.includes(":sns:")
        ? allButPermanent(EKS_SNS_PERMANENT_ERRORS)
        : resource.includes("eks:call")
          ? [{ ErrorEquals: [...KUBERNETES_RETRY_ERRORS], ...policy }]
          : allButPermanent(EKS_API_PERMANENT_ERRORS);
    for (const [name, state] of tasks(definitionWith())) {
      expect([name, state.Retry]).toEqual([name, expected(String(state.Resource))]);
    }
    expect(KUBERNETES_RETRY_ERRORS).toEqual(["EKS.429", "EKS.500", "EKS.502", "EKS.503", "EKS.504"]);
  });

  it("has a notification state per outcome, publishing the outcome as a message attribute", () => {
    const definition = definitionWith();
    for (const outcome of EKS_CONTAIN_POD_OUTCOMES) {
      expect(definition.States[EKS_CONTAIN_POD_NOTIFY_STATES[outcome]].Parameters).toMatchObject({
        TopicArn: TOPIC_ARN,
        Subject: EKS_CONTAIN_POD_SUBJECTS[outcome],
        MessageAttributes: { outcome: { DataType: "String", StringValue: outcome } },
      });
    }
  });

  it("uses fixed subjects of at most 100 characters without line breaks", () => {
    for (const subject of Object.values(EKS_CONTAIN_POD_SUBJECTS)) {
      expect(subject.length).toBeLessThanOrEqual(100);
      expect(subject).not.toMatch(/[\r\n]/u);
    }
  });

  it("ends in a Fail state carrying the original error after the failure notice", () => {
    const definition = definitionWith();
    expect(definition.States[S.notifyFailure].Next).toBe(S.containmentFailed);
    expect(definition.States[S.containmentFailed]).toMatchObject({ Type: "Fail", ErrorPath: "$.error.Error" });
  });

  it("uses JSONPath only: no JSONata, no JSONPath filter expressions, no Terraform template directive", () => {
    const strings = allStrings(definitionWith(ALL_OPTIONS));
    expect(strings.filter((text) => /JSONata|\[\?\(|%\{/u.test(text))).toEqual([]);
  });
});

describe("EKS containment props", () => {
  it.each<[string, Partial<EksContainPodProps>]>([
    ["an empty topic", { topicArn: "" }],
    ["an unknown action", { action: "kill" as never }],
    ["a label key with a space", { exemptionLabel: { key: "guardduty response", value: "exempt" } }],
    ["a label key with a quote", { isolationLabel: { key: "a'b", value: "x" } }],
    ["an empty label value", { isolationLabel: { key: "guardduty-response", value: "" } }],
    ["a label value of 64 characters", { exemptionLabel: { key: "k", value: "v".repeat(64) } }],
    ["the same exemption and isolation label", { exemptionLabel: { key: "k", value: "v" }, isolationLabel: { key: "k", value: "v" } }],
    ["an upper-case protected namespace", { protectedNamespaces: ["Payments"] }],
    ["a console domain with a path", { consoleDomain: "console.aws.amazon.com/x" }],
    ["a retry interval of 0", { retry: { intervalSeconds: 0 } }],
    ["a backoff rate below 1", { retry: { backoffRate: 0.5 } }],
  ])("refuses %s", (_case, props) => {
    expect(() => buildEksContainmentDefinition({ topicArn: TOPIC_ARN, ...props })).toThrow(EksContainPodPropsError);
  });
});

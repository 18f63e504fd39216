/** The approval gate from config: each gated pipeline's state machine waits for approval; the approvers' policy. */
import { parseConfig } from "../../../config/load-config";
import { buildApproverPolicy } from "../../../functions/iam/approver-policy";
import { APPROVAL_GATE_STATES } from "../../../functions/safety-rails/approval-gate";
import { KILL_SWITCH_STATES } from "../../../functions/safety-rails/kill-switch";
import { validateAsl } from "../../../tools/simulator/validate-asl";
import { SynthesizedStack, stackOfConfig } from "../../support/synthesized-stack";

const GATED_CONFIG = {
  region: "eu-west-1",
  ecs_auto_stop: { enabled: true, workflow: "guarded" },
  ec2_isolation: { enabled: true },
  eks_containment: { enabled: true, cluster_names: ["prod"], namespaces: ["web"] },
  safety_rails: {
    approval_gate: {
      ecs_auto_stop: { timeout_seconds: 1800 },
      ec2_isolation: { timeout_seconds: 3600, on_timeout: "act", min_severity: 7 },
      eks_containment: { timeout_seconds: 600 },
      approver_role_names: ["on-call"],
      require_mfa: true,
    },
  },
};

function synth(config: Record<string, unknown>): SynthesizedStack {
  return new SynthesizedStack(stackOfConfig(parseConfig(config, "test"), "s"));
}
const definitionsOf = (s: SynthesizedStack) =>
  Object.fromEntries(s.resources("aws_sfn_state_machine").map((r) => [String(r.values.name), s.evaluateJson(r.values.definition) as Record<string, any>]));

describe("approval gate from config", () => {
  const s = synth(GATED_CONFIG);
  const definitions = definitionsOf(s);

  test("every gated pipeline's state machine asks for approval with its timeout, and passes asl-validator", () => {
    // GIVEN gates on the three pipelines WHEN synthesized THEN each definition has the request with its timeout
    const waits = Object.values(definitions).map((definition) => definition.States[APPROVAL_GATE_STATES.request]?.TimeoutSeconds);
    expect(waits.sort()).toEqual([1800, 3600, 600].sort());
    for (const definition of Object.values(definitions)) expect(validateAsl(definition).errors).toEqual([]);
  });

  test("each execution may run for its workflow's time plus the gate's wait", () => {
    // GIVEN the gated definitions WHEN their TimeoutSeconds are read THEN each is 900 + the gate's wait
    for (const definition of Object.values(definitions)) {
      expect(definition.TimeoutSeconds).toBe(900 + definition.States[APPROVAL_GATE_STATES.request].TimeoutSeconds);
    }
  });

  test("the severity threshold and the timeout decision reach the EC2 workflow", () => {
    // GIVEN the EC2 gate (min_severity 7, on_timeout act) WHEN synthesized THEN the gate starts with the severity check and acts on timeout
    const ec2 = Object.values(definitions).find((definition) => definition.States[APPROVAL_GATE_STATES.request].TimeoutSeconds === 3600)!;
    expect(ec2.States[APPROVAL_GATE_STATES.applies].Choices[0].And[2]).toEqual({ Variable: "$.finding.severity", NumericLessThan: 7 });
    expect(ec2.States[APPROVAL_GATE_STATES.notifyActing]).toBeDefined();
  });

  test("no kill switch and no cap come with the gate alone", () => {
    // GIVEN only approval gates WHEN synthesized THEN no parameter, no table, and no kill switch state
    expect(s.resources("aws_ssm_parameter")).toEqual([]);
    expect(s.resources("aws_dynamodb_table")).toEqual([]);
    for (const definition of Object.values(definitions)) expect(definition.States[KILL_SWITCH_STATES.read]).toBeUndefined();
  });

  test("the approvers' policy, with MFA, attached to the on-call role, and its ARN output", () => {
    // GIVEN approver_role_names and require_mfa WHEN synthesized THEN the managed policy, its attachment and the output
    const policy = s.resource("aws_iam_policy");
    expect(policy.name).toBe("ecs-runtime-monitoring-stop-task-dev-euw1-approvers");
    expect(s.evaluateJson(policy.policy)).toEqual(buildApproverPolicy({ region: "eu-west-1", requireMfa: true }));
    expect(s.resources("aws_iam_role_policy_attachment").map((r) => r.values.role)).toEqual(["on-call"]);
    expect(Object.keys(s.json.output as object)).toContain("approver_policy_arn");
  });
});

describe("without an approval gate", () => {
  test("no approvers' policy and no gate state", () => {
    // GIVEN the EC2 pipeline without a gate WHEN synthesized THEN nothing of the gate
    const s = synth({ region: "eu-west-1", ec2_isolation: { enabled: true } });
    expect(s.resources("aws_iam_policy")).toEqual([]);
    for (const definition of Object.values(definitionsOf(s))) expect(definition.States[APPROVAL_GATE_STATES.request]).toBeUndefined();
  });
});

describe("an EC2 gate next to the seed ECS workflow", () => {
  test("the seed ECS pipeline keeps its definition, the EC2 one asks", () => {
    // GIVEN the default (seed) ECS pipeline and a gate on EC2 only
    const s = synth({ region: "eu-west-1", ec2_isolation: { enabled: true }, safety_rails: { approval_gate: { ec2_isolation: { timeout_seconds: 600 } } } });
    const seedOnly = synth({ region: "eu-west-1", ec2_isolation: { enabled: true } });
    // WHEN synthesized THEN the ECS definition is the one without any rail, and only the EC2 one has the gate
    const gated = definitionsOf(s);
    const plain = definitionsOf(seedOnly);
    const ecsName = Object.keys(plain).find((name) => !name.includes("-ec2-"))!;
    expect(gated[ecsName]).toEqual(plain[ecsName]);
    expect(
      Object.entries(gated)
        .filter(([, definition]) => definition.States[APPROVAL_GATE_STATES.request] !== undefined)
        .map(([name]) => name),
    ).toEqual(Object.keys(plain).filter((name) => name !== ecsName));
  });
});

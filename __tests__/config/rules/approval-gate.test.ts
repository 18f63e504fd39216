import { approvalGateDeployed } from "../../../config/rules/approval-gate-deployed";
import { approvalGateEcsWorkflow } from "../../../config/rules/approval-gate-ecs-workflow";
import { configProblems } from "../../support/config-problems";
import { parsedConfig } from "./parsed-config";

describe("rule: the ECS approval gate needs the guarded workflow", () => {
  test("GIVEN the guarded workflow with an ECS gate THEN it is compliant", () => {
    const config = parsedConfig({ ecs_auto_stop: { workflow: "guarded" }, safety_rails: { approval_gate: { ecs_auto_stop: { timeout_seconds: 600 } } } });
    expect(approvalGateEcsWorkflow(config)).toEqual([]);
  });

  test("GIVEN the seed workflow with an ECS gate THEN the gate is refused", () => {
    const config = parsedConfig({ safety_rails: { approval_gate: { ecs_auto_stop: { timeout_seconds: 600 } } } });
    expect(approvalGateEcsWorkflow(config)).toEqual([
      {
        setting: "safety_rails.approval_gate.ecs_auto_stop",
        value: '{"timeout_seconds":600,"on_timeout":"hold"}',
        allowed:
          'no value while ecs_auto_stop.workflow is "seed" (the seed workflow has no place for an approval gate: set ecs_auto_stop.workflow to "guarded")',
      },
    ]);
  });
});

describe("rule: an approval gate is set only for a deployed pipeline", () => {
  test("GIVEN a gate for the enabled EC2 pipeline THEN it is compliant", () => {
    expect(
      approvalGateDeployed(parsedConfig({ ec2_isolation: { enabled: true }, safety_rails: { approval_gate: { ec2_isolation: { timeout_seconds: 600 } } } })),
    ).toEqual([]);
  });

  test("GIVEN a gate for the EKS pipeline, not enabled THEN it is refused", () => {
    expect(
      approvalGateDeployed(
        parsedConfig({ safety_rails: { approval_gate: { eks_containment: { timeout_seconds: 3600, on_timeout: "act", min_severity: 7 } } } }),
      ),
    ).toEqual([
      {
        setting: "safety_rails.approval_gate.eks_containment",
        value: '{"timeout_seconds":3600,"on_timeout":"act","min_severity":7}',
        allowed: "no value unless eks_containment.enabled is true (the gate would be ignored)",
      },
    ]);
  });
});

describe("approval gate settings", () => {
  const withGate = (gate: Record<string, unknown>, more: Record<string, unknown> = {}) => ({
    ec2_isolation: { enabled: true },
    safety_rails: { approval_gate: { ec2_isolation: { timeout_seconds: 600, ...gate }, ...more } },
  });

  test("GIVEN a timeout and defaults THEN the config is accepted", () => {
    expect(configProblems(withGate({}))).toEqual([]);
  });

  test("GIVEN a gate without a timeout THEN it is refused: the timeout decision must be stated", () => {
    expect(configProblems({ ec2_isolation: { enabled: true }, safety_rails: { approval_gate: { ec2_isolation: { on_timeout: "act" } } } })).toEqual([
      { setting: "safety_rails.approval_gate.ec2_isolation.timeout_seconds", value: "(missing)", allowed: "a value (number): this setting is required" },
    ]);
  });

  test("GIVEN a timeout under a minute THEN it is refused naming the setting and the range", () => {
    expect(configProblems(withGate({ timeout_seconds: 30 }))).toEqual([
      { setting: "safety_rails.approval_gate.ec2_isolation.timeout_seconds", value: "30", allowed: "a whole number from 60 to 604800" },
    ]);
  });

  test("GIVEN an unknown on_timeout THEN it is refused naming the choices", () => {
    expect(configProblems(withGate({ on_timeout: "maybe" }))).toEqual([
      { setting: "safety_rails.approval_gate.ec2_isolation.on_timeout", value: '"maybe"', allowed: 'one of "hold", "act"' },
    ]);
  });

  test("GIVEN a severity above 10 THEN it is refused", () => {
    expect(configProblems(withGate({ min_severity: 11 }))).toEqual([
      { setting: "safety_rails.approval_gate.ec2_isolation.min_severity", value: "11", allowed: "a number from 0 to 10" },
    ]);
  });

  test("GIVEN an approver role name with a slash THEN it is refused", () => {
    expect(configProblems(withGate({}, { approver_role_names: ["team/on-call"] }))).toEqual([
      { setting: "safety_rails.approval_gate.approver_role_names[0]", value: '"team/on-call"', allowed: "an IAM role name (1-64 of A-Z a-z 0-9 _+=,.@-)" },
    ]);
  });
});

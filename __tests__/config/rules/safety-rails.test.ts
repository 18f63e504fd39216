import { safetyRailsCapsDeployed } from "../../../config/rules/safety-rails-caps-deployed";
import { safetyRailsEcsWorkflow } from "../../../config/rules/safety-rails-ecs-workflow";
import { parsedConfig } from "./parsed-config";

const SEED_ALLOWED =
  'no value while ecs_auto_stop.workflow is "seed" (the seed workflow has no place for safety rails: set ecs_auto_stop.workflow to "guarded")';

describe("rule: the safety rails need the guarded ECS workflow", () => {
  test("GIVEN the guarded workflow with both rails THEN it is compliant", () => {
    const config = parsedConfig({
      ecs_auto_stop: { workflow: "guarded" },
      safety_rails: { kill_switch: true, blast_radius_cap: { ecs_auto_stop: { max_actions: 3 } } },
    });
    expect(safetyRailsEcsWorkflow(config)).toEqual([]);
  });

  test("GIVEN the ECS pipeline off THEN the kill switch is compliant with the seed workflow setting", () => {
    expect(safetyRailsEcsWorkflow(parsedConfig({ ecs_auto_stop: { enabled: false }, safety_rails: { kill_switch: true } }))).toEqual([]);
  });

  test("GIVEN the seed workflow with the kill switch and an ECS cap THEN both are refused", () => {
    const config = parsedConfig({ safety_rails: { kill_switch: true, blast_radius_cap: { ecs_auto_stop: { max_actions: 3 } } } });
    expect(safetyRailsEcsWorkflow(config)).toEqual([
      { setting: "safety_rails.kill_switch", value: "true", allowed: `false ${SEED_ALLOWED.slice("no value ".length)}` },
      { setting: "safety_rails.blast_radius_cap.ecs_auto_stop", value: '{"max_actions":3,"window":"hour"}', allowed: SEED_ALLOWED },
    ]);
  });
});

describe("rule: a blast-radius cap is set only for a deployed pipeline", () => {
  test("GIVEN a cap for the enabled EC2 pipeline THEN it is compliant", () => {
    expect(
      safetyRailsCapsDeployed(parsedConfig({ ec2_isolation: { enabled: true }, safety_rails: { blast_radius_cap: { ec2_isolation: { max_actions: 1 } } } })),
    ).toEqual([]);
  });

  test("GIVEN a cap for the EKS pipeline, not enabled THEN it is refused", () => {
    expect(safetyRailsCapsDeployed(parsedConfig({ safety_rails: { blast_radius_cap: { eks_containment: { max_actions: 2, window: "day" } } } }))).toEqual([
      {
        setting: "safety_rails.blast_radius_cap.eks_containment",
        value: '{"max_actions":2,"window":"day"}',
        allowed: "no value unless eks_containment.enabled is true (the cap would be ignored)",
      },
    ]);
  });
});

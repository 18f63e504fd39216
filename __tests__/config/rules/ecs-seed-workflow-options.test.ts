import { ecsSeedWorkflowOptions } from "../../../config/rules/ecs-seed-workflow-options";
import { parsedConfig } from "./parsed-config";

const check = (stop: Record<string, unknown>) => ecsSeedWorkflowOptions(parsedConfig({ ecs_auto_stop: stop }));

describe("rule: the guarded workflow's options are not set with the seed workflow", () => {
  test("GIVEN the seed workflow without options THEN it is compliant", () => {
    expect(check({})).toEqual([]);
  });

  test("GIVEN the guarded workflow with every option THEN it is compliant", () => {
    expect(check({ workflow: "guarded", dry_run: true, exemption_tag: { key: "k", value: "v" }, min_healthy_tasks: 1 })).toEqual([]);
  });

  test("GIVEN the seed workflow with every guarded option THEN each is refused", () => {
    const allowed = 'no value with workflow "seed" (set ecs_auto_stop.workflow to "guarded")';
    expect(check({ dry_run: false, exemption_tag: { key: "k", value: "v" }, min_healthy_tasks: 2 })).toEqual([
      { setting: "ecs_auto_stop.dry_run", value: "false", allowed },
      { setting: "ecs_auto_stop.exemption_tag", value: '{"key":"k","value":"v"}', allowed },
      { setting: "ecs_auto_stop.min_healthy_tasks", value: "2", allowed },
    ]);
  });
});

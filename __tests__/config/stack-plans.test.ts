import { parseConfig } from "../../config/load-config";
import { planStacks } from "../../config/stack-plans";

const ACCOUNT = "123456789012";
const TOKYO = `arn:aws:ecs:ap-northeast-1:${ACCOUNT}:cluster/prod`;
const twoRegions = (ecs_auto_stop: Record<string, unknown>) =>
  planStacks(parseConfig({ deployments: [{ account_id: ACCOUNT, regions: ["ap-northeast-1", "us-east-1"] }], ecs_auto_stop }, "test.json"));
const ecsIn = (plans: ReturnType<typeof planStacks>) => Object.fromEntries(plans.map((p) => [p.config.region, p.config.ecs_auto_stop]));

describe("stack plans: the ECS pipeline of each stack", () => {
  test("GIVEN a cluster filter naming only a Tokyo cluster WHEN planned THEN Tokyo filters on it and the other region gets no pipeline (not one for every cluster)", () => {
    const ecs = ecsIn(twoRegions({ filters: { cluster_arns: [TOKYO] } }));
    expect(ecs["ap-northeast-1"]).toMatchObject({ enabled: true, filters: { cluster_arns: [TOKYO] } });
    expect(ecs["us-east-1"].enabled).toBe(false);
  });

  test("GIVEN no cluster filter WHEN planned THEN every region gets the pipeline, unfiltered", () => {
    const ecs = ecsIn(twoRegions({}));
    expect(ecs["ap-northeast-1"]).toMatchObject({ enabled: true });
    expect(ecs["us-east-1"]).toMatchObject({ enabled: true });
    expect(ecs["us-east-1"].filters.cluster_arns).toBeUndefined();
  });

  test("GIVEN an IAM scope naming only a Tokyo cluster WHEN planned THEN the other region gets no pipeline", () => {
    expect(ecsIn(twoRegions({ cluster_arns: [TOKYO] }))["us-east-1"].enabled).toBe(false);
  });
});

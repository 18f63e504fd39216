/** A config with many stacks: the simulation runs the stack of the finding's account and region. */
import { parseConfig } from "../../../../config/load-config";
import { simulateFinding } from "../../../../tools/simulator/finding-simulation/simulate-finding";
import { ACCOUNT, CLUSTER, ecsRuntimeFinding, REGION, responseOf } from "./sample-findings";

test("the finding's own account and region pick the stack that is simulated", async () => {
  // GIVEN a config deploying to two accounts, the finding's among them
  const config = parseConfig(
    {
      deployments: [
        { account_id: "111111111111", regions: ["us-east-1"] },
        { account_id: ACCOUNT, regions: ["us-east-1", REGION] },
      ],
    },
    "org.json",
  );
  // WHEN
  const report = await simulateFinding({ config, findingDocument: ecsRuntimeFinding() });
  // THEN
  expect(report.stack.name).toBe(`ecs-runtime-monitoring-stop-task-dev-${ACCOUNT}-${REGION}`);
  expect(report.stack.region).toBe(REGION);
  expect(responseOf(report).rule.fires).toBe(true);
});

test("a finding whose cluster is outside ecs_auto_stop.cluster_arns is simulated with a note that AWS would deny the calls", async () => {
  // GIVEN a config whose role may act only on another cluster
  const other = CLUSTER.replace("cluster/prod", "cluster/batch");
  const config = parseConfig({ region: REGION, ecs_auto_stop: { cluster_arns: [other] } }, "scoped.json");
  // WHEN
  const report = await simulateFinding({ config, findingDocument: ecsRuntimeFinding() });
  // THEN
  expect(responseOf(report).notes).toContainEqual(
    expect.stringContaining(`may only act on the tasks of the clusters of clusterArns / ecs_auto_stop.cluster_arns (${other})`),
  );
});

test("a finding whose cluster is inside ecs_auto_stop.cluster_arns gets no scope note", async () => {
  // GIVEN
  const config = parseConfig({ region: REGION, ecs_auto_stop: { cluster_arns: [CLUSTER] } }, "scoped.json");
  // WHEN
  const report = await simulateFinding({ config, findingDocument: ecsRuntimeFinding() });
  // THEN
  expect(responseOf(report).notes.join("\n")).not.toContain("may only act on the tasks");
});

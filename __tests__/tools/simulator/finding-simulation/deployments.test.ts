/** A config with many stacks: the simulation runs the stack of the finding's account and region. */
import { parseConfig } from "../../../../config/load-config";
import { simulateFinding } from "../../../../tools/simulator/finding-simulation/simulate-finding";
import { ACCOUNT, ecsRuntimeFinding, REGION, responseOf } from "./sample-findings";

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

import { buildStopTaskStateMachinePolicy } from "../../../functions/ecs-stop-task/state-machine-role-policy";
import { buildAgentEndpointPolicy } from "../../../functions/guardduty/agent-endpoint-policy";
import { PolicyDocument, policyDocument } from "../../../functions/iam/policy-document";
import { buildServiceTrustPolicy } from "../../../functions/iam/service-trust-policy";
import { buildStartExecutionPolicy } from "../../../functions/iam/start-execution-policy";
import { buildLogDeliveryStatement } from "../../../functions/iam/state-machine-logging-policy";
import { assertKnownActions, findUnknownActions } from "../../support/iam-simulation";

const ACCOUNT = "123456789012";
const REGION = "ap-northeast-1";
const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:guardduty-ecs-stop-task`;

const DOCUMENTS: ReadonlyArray<readonly [string, PolicyDocument]> = [
  ["stop-task role policy, all clusters", buildStopTaskStateMachinePolicy({ partition: "aws", region: REGION, accountId: ACCOUNT, topicArn: TOPIC })],
  [
    "stop-task role policy, configured clusters",
    buildStopTaskStateMachinePolicy({
      partition: "aws",
      region: REGION,
      accountId: ACCOUNT,
      topicArn: TOPIC,
      clusterArns: [`arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/prod`],
    }),
  ],
  ["log delivery statement", policyDocument(buildLogDeliveryStatement())],
  ["events role policy", buildStartExecutionPolicy({ stateMachineArn: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:x` })],
  [
    "service trust policy",
    buildServiceTrustPolicy({
      servicePrincipal: "states.amazonaws.com",
      sourceAccount: ACCOUNT,
      sourceArn: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:x`,
    }),
  ],
  ["agent endpoint policy, accounts", buildAgentEndpointPolicy({ accountIds: [ACCOUNT] })],
  ["agent endpoint policy, organization", buildAgentEndpointPolicy({ organizationId: "o-a1b2c3d4e5" })],
];

describe("IAM action names", () => {
  test.each(DOCUMENTS)("every action of the %s exists in iam-data", async (_name, document) => {
    await expect(assertKnownActions(document)).resolves.toBeUndefined();
  });

  test("a misspelled action is reported as unknown", async () => {
    // GIVEN a policy with ecs:StopTasks (the real action is ecs:StopTask)
    const misspelled = policyDocument({ Effect: "Allow", Action: ["ecs:StopTask", "ecs:StopTasks"], Resource: "*" });
    // WHEN checked THEN only the misspelling is reported, and the assertion rejects
    expect(await findUnknownActions(misspelled)).toEqual(["ecs:StopTasks: Invalid action: ecs:StopTasks"]);
    await expect(assertKnownActions(misspelled)).rejects.toThrow("ecs:StopTasks");
  });

  test("an unknown service is reported as unknown", async () => {
    const unknownService = policyDocument({ Effect: "Allow", Action: "ecss:StopTask", Resource: "*" });
    expect(await findUnknownActions(unknownService)).toEqual(["ecss:StopTask: Service not found: ecss"]);
  });

  test("a pattern matching no action is reported as unknown", async () => {
    const noMatch = policyDocument({ Effect: "Allow", Action: "ecs:Stop*Tasks", Resource: "*" });
    expect(await findUnknownActions(noMatch)).toEqual(["ecs:Stop*Tasks: matches no action"]);
  });
});

/**
 * The rails in the EC2 isolation and EKS pod containment workflows, run in the local runner through the real SDK
 * clients (the ECS workflow's branches: rails-run.test.ts): the switch holds, an action is counted against the
 * account (EC2) or the cluster (EKS), and a full counter holds.
 */
import { buildEc2IsolationDefinition } from "../../../functions/ec2-isolate-instance/state-machine";
import { buildEksContainmentDefinition } from "../../../functions/eks-contain-pod/state-machine";
import { composeSafetyRails } from "../../../functions/safety-rails/compose";
import { createFakeAwsWorld, type FakeAwsWorld } from "../../../tools/simulator/fake-aws-world";
import { createEksCallHandler } from "../../../tools/simulator/eks-call-handler";
import { createFakeEks, eksSimulationBindings } from "../../../tools/simulator/fake-eks";
import { addFakeTable, safetyRailsStateOf } from "../../../tools/simulator/fake-safety-rails-services";
import { runStateMachine, type RunStateMachineResult } from "../../../tools/simulator/run-state-machine";
import { dynamoDbTaskHandlers, SAFETY_RAILS_BINDINGS, SSM_SERVICE_BINDING } from "../../../tools/simulator/safety-rails-integrations";
import { outcomeOf } from "../../support/workflow-notices";
import * as ec2 from "../ec2-isolate-instance/fixtures";
import * as eks from "../eks-contain-pod/fixtures";
import { BOTH_RAILS, ENTERED_TIME, PARAMETER_NAME, TABLE_NAME } from "./fixtures";

const prepare = (world: FakeAwsWorld, switchValue: string, fullKey?: string): void => {
  const table = addFakeTable(world, TABLE_NAME, "pk", "expiresAt");
  safetyRailsStateOf(world).parameters.set(PARAMETER_NAME, switchValue);
  if (fullKey !== undefined) table.items.set(fullKey, { pk: { S: fullKey }, actions: { N: "3" } });
};
const items = (world: FakeAwsWorld) => [...safetyRailsStateOf(world).tables.get(TABLE_NAME)!.items.entries()].map(([key, item]) => [key, item.actions]);

describe("EC2 isolation with the rails (cap per account)", () => {
  const definition = composeSafetyRails(
    buildEc2IsolationDefinition({ topicArn: ec2.TOPIC_ARN, quarantineSecurityGroupName: ec2.QUARANTINE_GROUP_NAME }),
    "ec2-isolate-instance",
    "aws",
    BOTH_RAILS,
  ).definition;
  const run = async (switchValue: string, fullKey?: string): Promise<{ world: FakeAwsWorld; result: RunStateMachineResult }> => {
    const world = createFakeAwsWorld({ topics: [ec2.TOPIC_ARN], ec2: { instances: [ec2.WEB_INSTANCE], securityGroups: ec2.WEB_GROUPS } });
    prepare(world, switchValue, fullKey);
    const result = await runStateMachine({
      definition,
      input: ec2.ec2FindingInput(),
      world,
      bindings: SAFETY_RAILS_BINDINGS,
      taskHandlers: dynamoDbTaskHandlers(definition, world),
      context: { State: { EnteredTime: ENTERED_TIME } },
    });
    return { world, result };
  };
  const modified = (result: RunStateMachineResult) => result.calls.filter((call) => call.action === "modifyNetworkInterfaceAttribute").length;

  test("switch at act: the instance is isolated and counted against its account's hour", async () => {
    // GIVEN the switch at act WHEN the finding arrives THEN ISOLATED and one action counted for the account
    const { world, result } = await run("act");
    expect(result.published.map(outcomeOf)).toEqual(["ISOLATED"]);
    expect(items(world)).toEqual([[`ec2-isolate-instance#${ec2.ACCOUNT_ID}#2026-12-05T03`, { N: "1" }]]);
  });

  test("switch at notify-only: HELD, no snapshot, no security group change", async () => {
    // GIVEN the switch at notify-only WHEN the finding arrives THEN HELD and nothing changed
    const { result } = await run("notify-only");
    expect(result.published.map(outcomeOf)).toEqual(["HELD"]);
    expect(result.calls.map((call) => call.action)).not.toContain("createSnapshot");
    expect(modified(result)).toBe(0);
  });

  test("the account's hour at its cap (3): HELD", async () => {
    // GIVEN the account's counter at 3 WHEN the finding arrives THEN HELD and not isolated
    const { result } = await run("act", `ec2-isolate-instance#${ec2.ACCOUNT_ID}#2026-12-05T03`);
    expect(result.published.map(outcomeOf)).toEqual(["HELD"]);
    expect(modified(result)).toBe(0);
  });
});

describe("EKS pod containment with the rails (cap per cluster)", () => {
  const definition = composeSafetyRails(buildEksContainmentDefinition({ topicArn: eks.TOPIC_ARN }), "eks-contain-pod", "aws", BOTH_RAILS).definition;
  const run = async (switchValue: string, fullKey?: string) => {
    const fakeEks = createFakeEks({ region: eks.REGION, accountId: eks.ACCOUNT_ID, clusters: [{ name: eks.CLUSTER_NAME, pods: [eks.RUNNING_POD] }] });
    const world = createFakeAwsWorld({ region: eks.REGION, accountId: eks.ACCOUNT_ID, topics: [eks.TOPIC_ARN] });
    prepare(world, switchValue, fullKey);
    const result = await runStateMachine({
      definition,
      input: eks.eksFindingInput(),
      world,
      bindings: { ...eksSimulationBindings(fakeEks), ssm: SSM_SERVICE_BINDING },
      eksCall: createEksCallHandler(fakeEks),
      taskHandlers: dynamoDbTaskHandlers(definition, world),
      context: { State: { EnteredTime: ENTERED_TIME } },
    });
    return { world, result, kubernetes: fakeEks.clusters[0].kubernetes };
  };
  const writes = (kubernetes: Parameters<typeof eks.kubernetesRequests>[0]) =>
    eks.kubernetesRequests(kubernetes).filter((request) => !request.startsWith("GET"));

  test("switch at act: the pod is isolated and counted against its cluster's hour", async () => {
    // GIVEN the switch at act WHEN the finding arrives THEN ISOLATED and one action counted for the cluster
    const { world, result } = await run("act");
    expect(result.published.map(outcomeOf)).toEqual(["ISOLATED"]);
    expect(items(world)).toEqual([[`eks-contain-pod#${eks.CLUSTER_ARN}#2026-12-05T03`, { N: "1" }]]);
  });

  test("switch at notify-only: HELD, no Kubernetes write", async () => {
    // GIVEN the switch at notify-only WHEN the finding arrives THEN HELD and the pod untouched
    const { result, kubernetes } = await run("notify-only");
    expect(result.published.map(outcomeOf)).toEqual(["HELD"]);
    expect(writes(kubernetes)).toEqual([]);
  });

  test("the cluster's hour at its cap (3): HELD", async () => {
    // GIVEN the cluster's counter at 3 WHEN the finding arrives THEN HELD and the pod untouched
    const { result, kubernetes } = await run("act", `eks-contain-pod#${eks.CLUSTER_ARN}#2026-12-05T03`);
    expect(result.published.map(outcomeOf)).toEqual(["HELD"]);
    expect(writes(kubernetes)).toEqual([]);
  });
});

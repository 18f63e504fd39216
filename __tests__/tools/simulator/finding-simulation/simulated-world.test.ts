/** A response type's simulated answer (plain data) and a finding, turned into the fake AWS the state machine acts on. */
import { createSimulatedAws, UnsupportedSimulatedCallError } from "../../../../tools/simulator/finding-simulation/simulated-world";
import { SIMULATED_RESPONSE_TYPES } from "../../../../tools/simulator/finding-simulation/response-types";
import { answerFor, parseAnswerChoice, UnknownAnswerError } from "../../../../tools/simulator/finding-simulation/simulated-answers";
import { FIXTURE_FINDINGS, readFixtureFinding } from "../../../support/finding-events";

const base = { region: "ap-northeast-1", accountId: "123456789012", topicArns: [], now: new Date("2026-11-22T00:00:00Z") };

test("every answer of every registered response type can be simulated for each hand-written finding", () => {
  // GIVEN each type's answers and each fixture finding WHEN a world is built THEN none is refused
  for (const type of SIMULATED_RESPONSE_TYPES) {
    expect(type.simulatedAnswers.length).toBeGreaterThan(0);
    for (const answer of type.simulatedAnswers) {
      for (const file of Object.values(FIXTURE_FINDINGS)) {
        expect(() => createSimulatedAws({ ...base, spec: answer.world, finding: readFixtureFinding(file) })).not.toThrow();
      }
    }
  }
});

test("an EC2 instance finding becomes the instance with its interfaces, security groups and Auto Scaling group", () => {
  // GIVEN the instance finding WHEN the default world is built
  const { world } = createSimulatedAws({ ...base, spec: { resource: { exists: true } }, finding: readFixtureFinding(FIXTURE_FINDINGS.ec2Instance) });
  // THEN
  const instance = world.ec2.instances[0];
  expect(instance).toMatchObject({ instanceId: "i-0abc1234def567890", state: "running", vpcId: "vpc-0f1e2d3c4b5a69788", instanceType: "t3.large" });
  expect(instance.networkInterfaces.map((eni) => [eni.networkInterfaceId, eni.groupIds])).toEqual([
    ["eni-0aaaaaaaaaaaaaaa1", ["sg-0aaaaaaaaaaaaaaa1"]],
    ["eni-0aaaaaaaaaaaaaaa2", ["sg-0aaaaaaaaaaaaaaa1", "sg-0aaaaaaaaaaaaaaa2"]],
  ]);
  expect(world.ec2.securityGroups.map((g) => [g.groupId, g.groupName])).toEqual([
    ["sg-0aaaaaaaaaaaaaaa1", "web"],
    ["sg-0aaaaaaaaaaaaaaa2", "admin"],
  ]);
  expect(world.autoScaling.groups.map((g) => [g.autoScalingGroupName, g.instances.map((i) => i.instanceId)])).toEqual([["web-asg", ["i-0abc1234def567890"]]]);
});

test("the answer's resource applies to the finding's own resource: an absent instance for an Instance finding", () => {
  const { world } = createSimulatedAws({ ...base, spec: { resource: { exists: false } }, finding: readFixtureFinding(FIXTURE_FINDINGS.ec2Instance) });
  expect(world.ec2.instances).toEqual([]);
});

test("an EKS finding becomes the cluster with the pod in its namespace, and the stack's access scope", () => {
  // GIVEN the EKS finding and an access policy scoped to namespace web
  const { eks } = createSimulatedAws({
    ...base,
    spec: { resource: { exists: true } },
    finding: readFixtureFinding(FIXTURE_FINDINGS.eks),
    kubernetesAccess: () => ({ namespaces: ["web"] }),
  });
  // THEN
  const [cluster] = eks.clusters;
  expect(cluster.name).toBe("prod");
  expect(cluster.kubernetes.pods.map((p) => `${p.metadata.namespace}/${p.metadata.name}`)).toEqual(["shop/web-7d4b9c6f5-x2k8q"]);
  expect(cluster.kubernetes.access.namespaces).toEqual(["web"]);
});

test("a cluster the stack grants no access to refuses every verb", () => {
  const { eks } = createSimulatedAws({
    ...base,
    spec: { resource: { exists: true } },
    finding: readFixtureFinding(FIXTURE_FINDINGS.eks),
    kubernetesAccess: () => undefined,
  });
  expect(eks.clusters[0].kubernetes.access.verbs).toEqual([]);
});

test("a failing call the fakes cannot play is refused, naming the call and what they can", () => {
  const attempt = () =>
    createSimulatedAws({
      ...base,
      spec: { resource: { exists: true }, failingCalls: [{ service: "ecs", action: "StopTask", error: "ServerException" }] },
      finding: readFixtureFinding(FIXTURE_FINDINGS.ecs),
    });
  expect(attempt).toThrow(UnsupportedSimulatedCallError);
  expect(attempt).toThrow(
    "simulation: cannot make ecs StopTask fail with ServerException: the fake ecs answers ThrottlingException (throttled) or AccessDeniedException (denied)",
  );
});

describe("answer choices", () => {
  const ec2 = SIMULATED_RESPONSE_TYPES.find((t) => t.id === "ec2-isolate-instance")!;
  const ecs = SIMULATED_RESPONSE_TYPES.find((t) => t.id === "ecs-stop-task")!;

  test("a type given no answer plays its first", () => {
    expect(answerFor(ec2, parseAnswerChoice([])).name).toBe("running");
  });

  test("a qualified answer applies to its type only; the unqualified one to the others", () => {
    const choice = parseAnswerChoice(["not-found,ec2-isolate-instance:throttled"]);
    expect(answerFor(ec2, choice).name).toBe("throttled");
    expect(answerFor(ecs, choice).name).toBe("not-found");
  });

  test("two different answers for every type are refused", () => {
    expect(() => parseAnswerChoice(["running,not-found"])).toThrow(
      new UnknownAnswerError("not-found", "'running' is already given for every type; qualify answers with their type to give several"),
    );
  });

  test("an answer of another type is refused once that pipeline fires", () => {
    expect(() => answerFor(ec2, parseAnswerChoice(["stopped"]))).toThrow(
      "Unknown answer 'stopped': the EC2 instance isolation pipeline fires, and it answers running, terminated, not-found, throttled, access-denied.",
    );
  });
});

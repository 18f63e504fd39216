/**
 * Which instances the EC2 isolation workflow refuses to isolate, run in aws-local-stepfunctions against the fake
 * EC2, Auto Scaling and SNS through the real SDK clients: EKS worker nodes and ECS container instances (by every
 * sign the workflow recognises), instances whose tags cannot be read, and the exemption and isolation tags decided
 * by the exact key and value.
 */
import { EC2_ISOLATION_STATES as S } from "../../../functions/ec2-isolate-instance/state-machine";
import type { FakeAwsWorldOptions } from "../../../tools/simulator/fake-aws-world";
import type { RunStateMachineResult } from "../../../tools/simulator/run-state-machine";
import { AUTO_SCALING_GROUP, INSTANCE_ID, WEB_INSTANCE, noticeFields, runIsolation, singleNotice, trail } from "./fixtures";

/** The calls that change anything: none may happen when the workflow declines to act. */
const CHANGING_ACTIONS = ["createSnapshot", "createTags", "detachInstances", "createSecurityGroup", "modifyNetworkInterfaceAttribute"];

function changingCalls(result: RunStateMachineResult): string[] {
  return result.calls.map((call) => call.action).filter((action) => CHANGING_ACTIONS.includes(action));
}

function inGroup(tags: Record<string, string> = {}, name = AUTO_SCALING_GROUP): FakeAwsWorldOptions["autoScalingGroups"] {
  return [{ autoScalingGroupName: name, instanceIds: [INSTANCE_ID], desiredCapacity: 2, tags }];
}

function instanceTagged(tags: Record<string, string>): FakeAwsWorldOptions["ec2"] {
  return { instances: [{ ...WEB_INSTANCE, tags: { Name: "node-1", ...tags } }] };
}

describe("container hosts are reported, not isolated (default)", () => {
  it.each([
    ["an EKS managed node group instance (eks:cluster-name)", instanceTagged({ "eks:cluster-name": "prod", "eks:nodegroup-name": "general" }), undefined],
    ["an EKS Auto Mode instance (eks:eks-cluster-name)", instanceTagged({ "eks:eks-cluster-name": "prod" }), undefined],
    ["a self-managed EKS node (kubernetes.io/cluster/<name>)", instanceTagged({ "kubernetes.io/cluster/prod": "owned" }), undefined],
    ["a Karpenter node (karpenter.sh/nodepool)", instanceTagged({ "karpenter.sh/nodepool": "default" }), undefined],
    ["an eksctl node (alpha.eksctl.io/cluster-name)", instanceTagged({ "alpha.eksctl.io/cluster-name": "prod" }), undefined],
    ["a node of a cluster-autoscaler group (k8s.io/cluster-autoscaler/enabled)", instanceTagged({ "k8s.io/cluster-autoscaler/enabled": "true" }), undefined],
    ["an instance EKS tagged aws:eks:*", instanceTagged({ "aws:eks:cluster-name": "prod" }), undefined],
    ["an ECS Managed Instance (aws:ecs:*)", instanceTagged({ "aws:ecs:clusterName": "prod" }), undefined],
    ["an ECS capacity provider instance (AmazonECSManaged on the instance)", instanceTagged({ AmazonECSManaged: "" }), undefined],
    ["an instance of an ECS capacity provider group (AmazonECSManaged on the group only)", instanceTagged({}), inGroup({ AmazonECSManaged: "" })],
    ["an instance of an EKS node group (eks:nodegroup-name on the group only)", instanceTagged({}), inGroup({ "eks:nodegroup-name": "general" })],
    [
      "an instance of a group named like an EKS node group (eks-<name>-<uuid>)",
      instanceTagged({}),
      inGroup({}, "eks-general-20c4b1a2-1b2c-3d4e-5f60-718293a4b5c6"),
    ],
  ])("%s: CONTAINER_HOST notice, nothing changed, SUCCEEDED", async (_name, ec2, autoScalingGroups) => {
    // GIVEN an instance carrying one sign of a container host
    const { world, result } = await runIsolation({ ec2, autoScalingGroups });
    // THEN it is only described, and the topic is told why and what to do
    expect(changingCalls(result)).toEqual([]);
    expect(world.ec2.instances[0].networkInterfaces.map((eni) => eni.groupIds)).toEqual(
      (WEB_INSTANCE.networkInterfaces ?? []).map((eni) => eni.securityGroupIds ?? WEB_INSTANCE.securityGroupIds),
    );
    expect(world.autoScaling.detachments).toEqual([]);
    singleNotice(result, "CONTAINER_HOST");
    expect(result.status).toBe("SUCCEEDED");
  });

  it("is recognised by a tag key the configuration adds (containerHostTagKeys)", async () => {
    // GIVEN a hand-launched ECS container instance tagged with the team's own key, listed in the configuration
    const { result } = await runIsolation({ ec2: instanceTagged({ "ecs-cluster": "batch" }) }, { props: { containerHostTagKeys: ["ecs-cluster"] } });
    // THEN it is not isolated
    expect(changingCalls(result)).toEqual([]);
    singleNotice(result, "CONTAINER_HOST");
  });

  it("says why and what to do instead: pod or task containment, cordon and drain, and the setting", async () => {
    const { result } = await runIsolation({ ec2: instanceTagged({ "eks:cluster-name": "prod" }) });
    const notice = singleNotice(result, "CONTAINER_HOST");
    expect(notice.message).toContain("EKS worker node or an ECS container instance");
    expect(notice.message).toContain("cordon and drain the node");
    expect(notice.message).toContain("stop the task, set the container instance to DRAINING");
    expect(notice.message).toContain("ec2_isolation.isolate_container_hosts");
    expect(noticeFields(notice)["Instance tags"]).toBe(
      JSON.stringify([
        { Key: "Name", Value: "node-1" },
        { Key: "eks:cluster-name", Value: "prod" },
      ]),
    );
  });

  it("is checked before the dry run: a dry run of a container host reports CONTAINER_HOST, not what it would do", async () => {
    const { result } = await runIsolation({ ec2: instanceTagged({ "kubernetes.io/cluster/prod": "owned" }) }, { props: { dryRun: true } });
    singleNotice(result, "CONTAINER_HOST");
  });

  it("reads the tags with string comparisons only: a key that merely contains a sign (my-eks:cluster-name) is not one", async () => {
    const { result } = await runIsolation({ ec2: instanceTagged({ "my-eks:cluster-name": "x", "team/kubernetes.io/cluster/x": "y" }) });
    singleNotice(result, "ISOLATED");
  });
});

describe("container hosts isolated when the configuration allows it (isolateContainerHosts)", () => {
  it("isolates an EKS node of a node group: snapshots, tags, detaches, quarantines", async () => {
    // GIVEN isolateContainerHosts and a managed node group instance
    const { world, result } = await runIsolation(
      { ec2: instanceTagged({ "eks:cluster-name": "prod" }), autoScalingGroups: inGroup({ "eks:nodegroup-name": "general" }) },
      { props: { isolateContainerHosts: true } },
    );
    // THEN it is isolated like any instance
    expect(changingCalls(result)).toEqual([
      "createSnapshot",
      "createSnapshot",
      "createTags",
      "detachInstances",
      "createSecurityGroup",
      "modifyNetworkInterfaceAttribute",
      "modifyNetworkInterfaceAttribute",
    ]);
    expect(world.autoScaling.detachments.map((detachment) => detachment.instanceId)).toEqual([INSTANCE_ID]);
    singleNotice(result, "ISOLATED");
  });
});

describe("tags that cannot be read: nothing done, the topic told", () => {
  it("a tag without a key: TAGS_UNREADABLE, only described", async () => {
    // GIVEN EC2 answers a tag with an empty key (which EC2 does not allow: the answer is not understood)
    const { result } = await runIsolation({ ec2: instanceTagged({ "": "x" }) });
    expect(trail(result)).toEqual([`${S.describeInstance}:describeInstances`, `${S.notifyTagsUnreadable}:publish`]);
    singleNotice(result, "TAGS_UNREADABLE");
  });

  it("an Auto Scaling group that cannot be described (gone meanwhile): TAGS_UNREADABLE, not detached nor quarantined", async () => {
    // GIVEN the group disappears between DescribeAutoScalingInstances and DescribeAutoScalingGroups
    const { result } = await runIsolation(
      { ec2: instanceTagged({}), autoScalingGroups: inGroup() },
      {
        prepare: (world) => {
          world.autoScaling.onRequest = (action) => {
            if (action === "DescribeAutoScalingGroups") world.autoScaling.groups = [];
          };
        },
      },
    );
    expect(changingCalls(result)).toEqual([]);
    singleNotice(result, "TAGS_UNREADABLE");
  });

  it("DescribeInstances denied: the tags are never read, FAILED notice and execution, nothing changed", async () => {
    const { result } = await runIsolation({ ec2: instanceTagged({}), deniedActions: ["ec2:DescribeInstances"] }, { props: { retry: { maxAttempts: 0 } } });
    expect(changingCalls(result)).toEqual([]);
    expect(noticeFields(singleNotice(result, "FAILED")).Error).toBe("Ec2.Ec2Exception");
    expect(result.status).toBe("FAILED");
  });

  it("DescribeAutoScalingGroups denied: FAILED before any change", async () => {
    const { result } = await runIsolation(
      { ec2: instanceTagged({}), autoScalingGroups: inGroup(), deniedActions: ["autoscaling:DescribeAutoScalingGroups"] },
      { props: { retry: { maxAttempts: 0 } } },
    );
    expect(changingCalls(result)).toEqual([]);
    expect(noticeFields(singleNotice(result, "FAILED")).Error).toBe("AutoScaling.AutoScalingException");
  });
});

describe("exemption and isolation tags decided by the exact key and value", () => {
  it("exempt by the exact key and value: not isolated", async () => {
    const { result } = await runIsolation({ ec2: instanceTagged({ "guardduty-response": "exempt" }) });
    expect(changingCalls(result)).toEqual([]);
    singleNotice(result, "EXEMPT_BY_TAG");
  });

  it.each([
    ["the exemption key with another value", { "guardduty-response": "exempt-later" }],
    ["the exemption value under another key", { "guardduty-responses": "exempt" }],
    ["the exemption key in another letter case", { "GuardDuty-Response": "exempt" }],
    ["the isolation key with another value", { "guardduty-response": "isolated-once" }],
  ])("%s: isolated", async (_name, tags) => {
    const { result } = await runIsolation({ ec2: instanceTagged(tags) });
    singleNotice(result, "ISOLATED");
  });

  it("an exemption tag with an empty value matches only an empty value", async () => {
    const props = { exemptionTag: { key: "keep", value: "" } };
    expect(singleNotice((await runIsolation({ ec2: instanceTagged({ keep: "" }) }, { props })).result, "EXEMPT_BY_TAG")).toBeDefined();
    expect(singleNotice((await runIsolation({ ec2: instanceTagged({ keep: "no" }) }, { props })).result, "ISOLATED")).toBeDefined();
  });

  it("the exemption wins over a container host sign (neither acts)", async () => {
    const { result } = await runIsolation({ ec2: instanceTagged({ "guardduty-response": "exempt", "eks:cluster-name": "prod" }) });
    singleNotice(result, "EXEMPT_BY_TAG");
  });
});

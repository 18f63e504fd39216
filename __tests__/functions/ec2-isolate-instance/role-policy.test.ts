/**
 * The EC2 isolation state machine role policy, simulated with @cloud-copilot/iam-simulate: each call of the
 * workflow is allowed on the resources it acts on, with the request it makes, and denied elsewhere.
 */
import { isWildcardOnlyAction } from "@cloud-copilot/iam-simulate";
import {
  EC2_ISOLATION_ECS_ACTIONS,
  EC2_ISOLATION_ROLE_ACTIONS,
  buildEc2IsolationStateMachinePolicy,
} from "../../../functions/ec2-isolate-instance/role-policy";
import { EC2_ISOLATION_SDK_ACTIONS } from "../../../functions/ec2-isolate-instance/state-machine";
import type { PolicyDocument } from "../../../functions/iam/policy-document";
import { STATE_MACHINE_LOG_DELIVERY_ACTIONS } from "../../../functions/iam/state-machine-logging-policy";
import { assertKnownActions, isAllowed, type RequestContext } from "../../support/iam-simulation";

const ACCOUNT = "123456789012";
const OTHER_ACCOUNT = "210987654321";
const REGION = "ap-northeast-1";
const OTHER_REGION = "us-east-1";
const ROLE = `arn:aws:iam::${ACCOUNT}:role/guardduty-ec2-isolation-sfn`;
const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:guardduty-runtime-response`;
const FINDING_ID = "9cc8d8e2f1b04c2e8a3f5b7d9e1f2a3b";

const ec2Arn = (kind: string, id: string, account = ACCOUNT, region = REGION) => `arn:aws:ec2:${region}:${account}:${kind}/${id}`;
const INSTANCE = ec2Arn("instance", "i-0abc1234def567890");
const VOLUME = ec2Arn("volume", "vol-0aaaaaaaaaaaaaaa1");
const SNAPSHOT = `arn:aws:ec2:${REGION}::snapshot/snap-0aaaaaaaaaaaaaaa1`;
const GROUP = ec2Arn("security-group", "sg-0aaaaaaaaaaaaaaa1");
const ENI = ec2Arn("network-interface", "eni-0aaaaaaaaaaaaaaa1");
const ECS_CLUSTER = `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/batch`;
const ASG = `arn:aws:autoscaling:${REGION}:${ACCOUNT}:autoScalingGroup:0a1b2c3d-4e5f-4061-8a9b-0c1d2e3f4a5b:autoScalingGroupName/web-asg`;

const EVIDENCE_TAGS: RequestContext = {
  "aws:RequestTag/guardduty-finding-id": FINDING_ID,
  "aws:RequestTag/guardduty-instance-id": "i-0abc1234def567890",
  "aws:RequestTag/guardduty-device-name": "/dev/xvda",
  "aws:TagKeys": ["guardduty-finding-id", "guardduty-instance-id", "guardduty-device-name"],
};
const QUARANTINE_REQUEST_TAGS: RequestContext = {
  "aws:RequestTag/Name": "guardduty-quarantine",
  "aws:RequestTag/guardduty-quarantine": "true",
  "aws:TagKeys": ["Name", "guardduty-quarantine"],
};
const ISOLATION_TAGS: RequestContext = {
  "aws:RequestTag/guardduty-response": "isolated",
  "aws:RequestTag/guardduty-finding-id": FINDING_ID,
  "aws:TagKeys": ["guardduty-response", "guardduty-finding-id"],
};

const policy = buildEc2IsolationStateMachinePolicy({ partition: "aws", region: REGION, accountId: ACCOUNT, topicArn: TOPIC });

async function verdict(action: string, resource: string, context?: RequestContext, document: PolicyDocument = policy): Promise<string> {
  return (await isAllowed({ identityPolicies: [document], principal: ROLE, action, resource, context })).result;
}

describe("EC2 isolation role policy: what the workflow does is allowed", () => {
  it.each([
    ["ec2:DescribeInstances in the region", "ec2:DescribeInstances", "*", { "ec2:Region": REGION }],
    ["ec2:DescribeSecurityGroups in the region", "ec2:DescribeSecurityGroups", "*", { "ec2:Region": REGION }],
    ["autoscaling:DescribeAutoScalingInstances", "autoscaling:DescribeAutoScalingInstances", "*", {}],
    ["ec2:CreateSnapshot of a volume", "ec2:CreateSnapshot", VOLUME, {}],
    ["ec2:CreateSnapshot of an evidence snapshot tagged on create", "ec2:CreateSnapshot", SNAPSHOT, EVIDENCE_TAGS],
    ["ec2:CreateTags on the snapshot being created", "ec2:CreateTags", SNAPSHOT, { "ec2:CreateAction": "CreateSnapshot", ...EVIDENCE_TAGS }],
    ["ec2:CreateTags of the isolation tag and finding id on an instance", "ec2:CreateTags", INSTANCE, ISOLATION_TAGS],
    ["autoscaling:DetachInstances from a group", "autoscaling:DetachInstances", ASG, {}],
    ["ec2:CreateSecurityGroup of a quarantine group", "ec2:CreateSecurityGroup", GROUP, QUARANTINE_REQUEST_TAGS],
    ["ec2:CreateSecurityGroup in a VPC", "ec2:CreateSecurityGroup", ec2Arn("vpc", "vpc-0f1e2d3c4b5a69788"), {}],
    ["ec2:CreateTags on the group being created", "ec2:CreateTags", GROUP, { "ec2:CreateAction": "CreateSecurityGroup", ...QUARANTINE_REQUEST_TAGS }],
    ["ec2:RevokeSecurityGroupEgress of a quarantine group", "ec2:RevokeSecurityGroupEgress", GROUP, { "aws:ResourceTag/guardduty-quarantine": "true" }],
    ["ec2:RevokeSecurityGroupIngress of a quarantine group", "ec2:RevokeSecurityGroupIngress", GROUP, { "aws:ResourceTag/guardduty-quarantine": "true" }],
    ["ec2:ModifyNetworkInterfaceAttribute of a network interface", "ec2:ModifyNetworkInterfaceAttribute", ENI, {}],
    [
      "ec2:ModifyNetworkInterfaceAttribute naming a quarantine group",
      "ec2:ModifyNetworkInterfaceAttribute",
      GROUP,
      { "aws:ResourceTag/guardduty-quarantine": "true" },
    ],
    [
      "ec2:ModifyNetworkInterfaceAttribute naming the isolated instance",
      "ec2:ModifyNetworkInterfaceAttribute",
      INSTANCE,
      { "aws:ResourceTag/guardduty-response": "isolated" },
    ],
    ["sns:Publish to the topic", "sns:Publish", TOPIC, {}],
    ["ecs:ListClusters (no resource type: *)", "ecs:ListClusters", "*", {}],
    ["ecs:ListContainerInstances of a cluster of the account and region", "ecs:ListContainerInstances", ECS_CLUSTER, {}],
    ["ecs:ListContainerInstances of a cluster whatever its tags", "ecs:ListContainerInstances", ECS_CLUSTER, { "aws:ResourceTag/team": "batch" }],
  ])("allows %s", async (_name, action, resource, context) => {
    expect(await verdict(action, resource, context as RequestContext)).toBe("Allowed");
  });

  it.each([...STATE_MACHINE_LOG_DELIVERY_ACTIONS])("allows execution log delivery: %s on *", async (action) => {
    expect(await verdict(action, "*")).toBe("Allowed");
  });
});

describe("EC2 isolation role policy: anything else is denied", () => {
  it.each([
    ["describing instances of another region", "ec2:DescribeInstances", "*", { "ec2:Region": OTHER_REGION }],
    ["snapshotting a volume of another account", "ec2:CreateSnapshot", ec2Arn("volume", "vol-0aaaaaaaaaaaaaaa1", OTHER_ACCOUNT), {}],
    ["snapshotting a volume of another region", "ec2:CreateSnapshot", ec2Arn("volume", "vol-0aaaaaaaaaaaaaaa1", ACCOUNT, OTHER_REGION), {}],
    [
      "creating a snapshot without the finding id tag",
      "ec2:CreateSnapshot",
      SNAPSHOT,
      { "aws:TagKeys": ["guardduty-instance-id"], "aws:RequestTag/guardduty-instance-id": "i-1" },
    ],
    ["creating a snapshot with another tag key", "ec2:CreateSnapshot", SNAPSHOT, { ...EVIDENCE_TAGS, "aws:TagKeys": ["guardduty-finding-id", "Owner"] }],
    ["tagging an existing snapshot", "ec2:CreateTags", SNAPSHOT, EVIDENCE_TAGS],
    ["tagging an instance exempt", "ec2:CreateTags", INSTANCE, { "aws:RequestTag/guardduty-response": "exempt", "aws:TagKeys": ["guardduty-response"] }],
    ["tagging an instance with another key too", "ec2:CreateTags", INSTANCE, { ...ISOLATION_TAGS, "aws:TagKeys": ["guardduty-response", "Name"] }],
    ["tagging a volume", "ec2:CreateTags", VOLUME, ISOLATION_TAGS],
    ["creating a security group not tagged as quarantine", "ec2:CreateSecurityGroup", GROUP, { "aws:RequestTag/Name": "web", "aws:TagKeys": ["Name"] }],
    ["tagging an existing security group", "ec2:CreateTags", GROUP, QUARANTINE_REQUEST_TAGS],
    ["revoking rules of another security group", "ec2:RevokeSecurityGroupIngress", GROUP, { "aws:ResourceTag/guardduty-quarantine": "false" }],
    ["adding rules to a quarantine group", "ec2:AuthorizeSecurityGroupIngress", GROUP, { "aws:ResourceTag/guardduty-quarantine": "true" }],
    ["attaching another security group to an interface", "ec2:ModifyNetworkInterfaceAttribute", GROUP, { "aws:ResourceTag/guardduty-quarantine": "false" }],
    [
      "changing an interface of another account",
      "ec2:ModifyNetworkInterfaceAttribute",
      ec2Arn("network-interface", "eni-0aaaaaaaaaaaaaaa1", OTHER_ACCOUNT),
      {},
    ],
    [
      "changing interfaces of an instance not tagged isolated",
      "ec2:ModifyNetworkInterfaceAttribute",
      INSTANCE,
      { "aws:ResourceTag/guardduty-response": "exempt" },
    ],
    ["detaching from a group of another region", "autoscaling:DetachInstances", ASG.replace(REGION, OTHER_REGION), {}],
    ["deleting the group", "autoscaling:DeleteAutoScalingGroup", ASG, {}],
    ["terminating the instance", "ec2:TerminateInstances", INSTANCE, {}],
    ["deleting a snapshot", "ec2:DeleteSnapshot", SNAPSHOT, {}],
    ["publishing to another topic", "sns:Publish", `arn:aws:sns:${REGION}:${ACCOUNT}:another-topic`, {}],
    ["listing container instances of a cluster of another account", "ecs:ListContainerInstances", ECS_CLUSTER.replace(ACCOUNT, OTHER_ACCOUNT), {}],
    ["listing container instances of a cluster of another region", "ecs:ListContainerInstances", ECS_CLUSTER.replace(REGION, OTHER_REGION), {}],
    [
      "describing container instances",
      "ecs:DescribeContainerInstances",
      ECS_CLUSTER.replace("cluster/batch", "container-instance/batch/0123456789abcdef0123456789abcdef"),
      {},
    ],
    [
      "draining a container instance",
      "ecs:UpdateContainerInstancesState",
      ECS_CLUSTER.replace("cluster/batch", "container-instance/batch/0123456789abcdef0123456789abcdef"),
      {},
    ],
    ["listing tasks", "ecs:ListTasks", ECS_CLUSTER.replace("cluster/batch", "container-instance/batch/0123456789abcdef0123456789abcdef"), {}],
  ])("denies %s", async (_name, action, resource, context) => {
    expect(await verdict(action, resource, context as RequestContext)).toBe("ImplicitlyDenied");
  });

  it("grants no ECS action when the state machine isolates container hosts (it does not ask ECS)", async () => {
    const isolating = buildEc2IsolationStateMachinePolicy({
      partition: "aws",
      region: REGION,
      accountId: ACCOUNT,
      topicArn: TOPIC,
      isolateContainerHosts: true,
    });
    expect([await verdict("ecs:ListClusters", "*", {}, isolating), await verdict("ecs:ListContainerInstances", ECS_CLUSTER, {}, isolating)]).toEqual([
      "ImplicitlyDenied",
      "ImplicitlyDenied",
    ]);
    expect(isolating.Statement.flatMap((s) => [s.Action].flat()).filter((action) => action.startsWith("ecs:"))).toEqual([]);
  });

  it("names ECS clusters in the stack's partition", async () => {
    const gov = buildEc2IsolationStateMachinePolicy({ partition: "aws-us-gov", region: "us-gov-west-1", accountId: ACCOUNT, topicArn: TOPIC });
    expect(gov.Statement.filter((s) => [s.Action].flat().includes("ecs:ListContainerInstances")).map((s) => s.Resource)).toEqual([
      `arn:aws-us-gov:ecs:us-gov-west-1:${ACCOUNT}:cluster/*`,
    ]);
  });

  it("follows a configured isolation tag", async () => {
    const custom = buildEc2IsolationStateMachinePolicy({
      partition: "aws",
      region: REGION,
      accountId: ACCOUNT,
      topicArn: TOPIC,
      isolationTag: { key: "quarantine", value: "done" },
    });
    const tags = { "aws:RequestTag/quarantine": "done", "aws:TagKeys": ["quarantine"] };
    expect([await verdict("ec2:CreateTags", INSTANCE, tags, custom), await verdict("ec2:CreateTags", INSTANCE, ISOLATION_TAGS, custom)]).toEqual([
      "Allowed",
      "ImplicitlyDenied",
    ]);
  });
});

describe("EC2 isolation role policy: shape", () => {
  it("names only known IAM actions", async () => {
    await expect(
      assertKnownActions(
        buildEc2IsolationStateMachinePolicy({
          partition: "aws",
          region: REGION,
          accountId: ACCOUNT,
          topicArn: TOPIC,
          kmsKeyArn: "arn:aws:kms:ap-northeast-1:123456789012:key/1",
          tracing: true,
        }),
      ),
    ).resolves.toBeUndefined();
  });

  it("uses * only for actions without resource-level permissions", async () => {
    for (const statement of policy.Statement.filter((s) => [s.Resource].flat().includes("*"))) {
      for (const action of [statement.Action].flat()) {
        const [service, name] = action.split(":");
        expect([action, await isWildcardOnlyAction(service, name)]).toEqual([action, true]);
      }
    }
  });

  it("grants every action the state machine calls, and no other", () => {
    const called = EC2_ISOLATION_SDK_ACTIONS.map((action) => {
      const [service, operation] = action.split(":");
      return `${service}:${operation[0].toUpperCase()}${operation.slice(1)}`;
    });
    const granted = policy.Statement.flatMap((s) => [s.Action].flat()).filter((action) => !action.startsWith("logs:"));
    expect([...new Set(granted)].sort()).toEqual([...new Set(called)].sort());
    expect([...EC2_ISOLATION_ROLE_ACTIONS].sort()).toEqual([...new Set(called)].sort());
    expect(EC2_ISOLATION_ECS_ACTIONS.every((action) => called.includes(action))).toBe(true);
  });
});

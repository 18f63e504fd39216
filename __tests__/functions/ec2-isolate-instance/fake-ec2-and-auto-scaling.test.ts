/**
 * The fake EC2 (ec2Query) and Auto Scaling (awsQuery) endpoints through the real SDK clients, and the error
 * names Step Functions gives their errors (the workflow runs show them reaching Retry and Catch).
 */
import { DescribeAutoScalingInstancesCommand, DetachInstancesCommand, ResourceContentionFault } from "@aws-sdk/client-auto-scaling";
import {
  CreateSecurityGroupCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  EC2ServiceException,
  ModifyNetworkInterfaceAttributeCommand,
  RevokeSecurityGroupEgressCommand,
} from "@aws-sdk/client-ec2";
import { stepFunctionsErrorName } from "../../../tools/simulator/aws-sdk-task-handler";
import { createFakeAwsWorld } from "../../../tools/simulator/fake-aws-world";
import { EC2_THROTTLED_MESSAGE } from "../../../tools/simulator/fake-ec2";
import { INSTANCE_ID, PRIMARY_ENI, VPC_ID, WEB_GROUPS, WEB_GROUP_ID, WEB_INSTANCE, rejectionOf, sdkClients } from "./fixtures";

const world = () =>
  createFakeAwsWorld({
    ec2: { instances: [WEB_INSTANCE], securityGroups: WEB_GROUPS },
    autoScalingGroups: [{ autoScalingGroupName: "web-asg", instanceIds: [INSTANCE_ID] }],
  });

describe("fake EC2 through the SDK", () => {
  it("answers DescribeInstances by filter with the instance, its interfaces, groups, volumes and tags", async () => {
    const { ec2 } = sdkClients(world());
    const answer = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: "instance-id", Values: [INSTANCE_ID] }] }));
    const instance = answer.Reservations?.[0].Instances?.[0];
    expect(instance).toMatchObject({
      InstanceId: INSTANCE_ID,
      State: { Code: 16, Name: "running" },
      VpcId: VPC_ID,
      Tags: [{ Key: "Name", Value: "web-1" }],
      BlockDeviceMappings: [{ DeviceName: "/dev/xvda" }, { DeviceName: "/dev/sdf" }],
    });
    expect(instance?.NetworkInterfaces?.map((eni) => eni.NetworkInterfaceId)).toEqual([PRIMARY_ENI, "eni-0aaaaaaaaaaaaaaa2"]);
  });

  it("answers an unknown instance id with EC2's InvalidInstanceID.NotFound (the SDK's base exception, named by the code)", async () => {
    const { ec2 } = sdkClients(world());
    const error = await rejectionOf(ec2.send(new DescribeInstancesCommand({ InstanceIds: ["i-0fffffffffffffff0"] })));
    expect([error.name, error.message, error instanceof EC2ServiceException]).toEqual([
      "InvalidInstanceID.NotFound",
      "The instance ID 'i-0fffffffffffffff0' does not exist",
      true,
    ]);
  });

  it("throttles with RequestLimitExceeded, HTTP 503", async () => {
    const { ec2 } = sdkClients(createFakeAwsWorld({ throttle: { ec2: 1 } }));
    const error = await rejectionOf(ec2.send(new DescribeSecurityGroupsCommand({})));
    expect([error.name, error.message, (error.$metadata as { httpStatusCode: number }).httpStatusCode]).toEqual([
      "RequestLimitExceeded",
      EC2_THROTTLED_MESSAGE,
      503,
    ]);
  });

  it("denies with UnauthorizedOperation, HTTP 403, naming the action and the network interface", async () => {
    const fake = createFakeAwsWorld({ ec2: { instances: [WEB_INSTANCE] }, deniedActions: ["ec2:ModifyNetworkInterfaceAttribute"] });
    const error = await rejectionOf(
      sdkClients(fake).ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: PRIMARY_ENI, Groups: [WEB_GROUP_ID] })),
    );
    expect([error.name, (error.$metadata as { httpStatusCode: number }).httpStatusCode]).toEqual(["UnauthorizedOperation", 403]);
    expect(error.message).toContain(
      `ec2:ModifyNetworkInterfaceAttribute on resource: arn:aws:ec2:ap-northeast-1:123456789012:network-interface/${PRIMARY_ENI}`,
    );
  });

  it("refuses a second group of the same name in a VPC with InvalidGroup.Duplicate", async () => {
    const { ec2 } = sdkClients(world());
    const error = await rejectionOf(ec2.send(new CreateSecurityGroupCommand({ GroupName: "web", Description: "again", VpcId: VPC_ID })));
    expect([error.name, error.message]).toEqual(["InvalidGroup.Duplicate", `The security group 'web' already exists for VPC '${VPC_ID}'`]);
  });

  it("revokes the rules it has and returns the others as UnknownIpPermissions", async () => {
    const { ec2 } = sdkClients(world());
    const answer = await ec2.send(
      new RevokeSecurityGroupEgressCommand({
        GroupId: WEB_GROUP_ID,
        IpPermissions: [{ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }], Ipv6Ranges: [{ CidrIpv6: "::/0" }] }],
      }),
    );
    expect([answer.Return, answer.RevokedSecurityGroupRules?.map((rule) => rule.CidrIpv4), answer.UnknownIpPermissions?.[0].Ipv6Ranges]).toEqual([
      true,
      ["0.0.0.0/0"],
      [{ CidrIpv6: "::/0" }],
    ]);
  });

  it("refuses a security group of another VPC on a network interface", async () => {
    const fake = world();
    fake.ec2.securityGroups.push({
      groupId: "sg-0eeeeeeeeeeeeeee1",
      groupName: "elsewhere",
      description: "x",
      vpcId: "vpc-0eeeeeeeeeeeeeee1",
      ownerId: "123456789012",
      tags: [],
      ingress: [],
      egress: [],
    });
    const error = await rejectionOf(
      sdkClients(fake).ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: PRIMARY_ENI, Groups: ["sg-0eeeeeeeeeeeeeee1"] })),
    );
    expect(error.name).toBe("InvalidParameter");
  });
});

describe("fake Auto Scaling through the SDK", () => {
  it("finds the group of an instance, and nothing for an instance outside any group", async () => {
    const { autoScaling } = sdkClients(world());
    const answer = await autoScaling.send(new DescribeAutoScalingInstancesCommand({ InstanceIds: [INSTANCE_ID, "i-0fffffffffffffff0"] }));
    expect(answer.AutoScalingInstances?.map((member) => [member.InstanceId, member.AutoScalingGroupName, member.LifecycleState])).toEqual([
      [INSTANCE_ID, "web-asg", "InService"],
    ]);
  });

  it("answers ResourceContention with the modeled ResourceContentionFault", async () => {
    const fake = world();
    fake.autoScaling.contention.remaining = 1;
    const error = await rejectionOf(
      sdkClients(fake).autoScaling.send(
        new DetachInstancesCommand({ AutoScalingGroupName: "web-asg", InstanceIds: [INSTANCE_ID], ShouldDecrementDesiredCapacity: false }),
      ),
    );
    expect([error.name, error instanceof ResourceContentionFault]).toEqual(["ResourceContentionFault", true]);
  });

  it("refuses to detach an instance that is not a member with ValidationError", async () => {
    const error = await rejectionOf(
      sdkClients(world()).autoScaling.send(
        new DetachInstancesCommand({ AutoScalingGroupName: "web-asg", InstanceIds: ["i-0fffffffffffffff0"], ShouldDecrementDesiredCapacity: false }),
      ),
    );
    expect([error.name, error.message]).toEqual(["ValidationError", "The instance i-0fffffffffffffff0 is not part of Auto Scaling group web-asg."]);
  });
});

describe("Step Functions error names of EC2 and Auto Scaling errors", () => {
  it.each([
    ["every EC2 error is the Java SDK base exception", "Ec2", "InvalidInstanceID.NotFound", false, "Ec2.Ec2Exception"],
    ["a modeled Auto Scaling fault takes the Java class name", "AutoScaling", "ResourceContentionFault", true, "AutoScaling.ResourceContentionException"],
    ["unmodeled Auto Scaling throttling is the base exception", "AutoScaling", "Throttling", false, "AutoScaling.AutoScalingException"],
  ])("%s", (_behaviour, prefix, sdkName, modeled, expected) => {
    expect(stepFunctionsErrorName(prefix, sdkName, modeled)).toBe(expected);
  });
});

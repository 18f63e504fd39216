/**
 * The EC2 isolation workflow executed in-process (aws-local-stepfunctions, patched intrinsic escaping) against
 * the fake EC2, Auto Scaling and SNS, through the real AWS SDK clients: one describe block per branch.
 */
import {
  EC2_EVIDENCE_TAG_KEYS,
  EC2_ISOLATION_FAILURE_CAUSE,
  EC2_ISOLATION_STATES as S,
  EC2_QUARANTINE_GROUP_DESCRIPTION,
} from "../../../functions/ec2-isolate-instance/state-machine";
import type { FakeAwsWorld } from "../../../tools/simulator/fake-aws-world";
import type { FakeSecurityGroup } from "../../../tools/simulator/fake-ec2";
import type { RunStateMachineResult } from "../../../tools/simulator/run-state-machine";
import {
  ACCOUNT_ID,
  ADMIN_GROUP_ID,
  AUTO_SCALING_GROUP,
  DATA_VOLUME,
  FINDING_ID,
  FINDING_SEVERITY,
  FINDING_TITLE,
  FINDING_TYPE,
  INSTANCE_ID,
  PRIMARY_ENI,
  QUARANTINE_GROUP_NAME,
  REGION,
  ROOT_VOLUME,
  SECONDARY_ENI,
  VPC_ID,
  WEB_GROUP_ID,
  WEB_INSTANCE,
  noticeFields,
  runIsolation,
  singleNotice,
  trail,
} from "./fixtures";

const CONSOLE_URL = `https://${REGION}.console.aws.amazon.com/guardduty/home?region=${REGION}#/findings?fId=${FINDING_ID}`;
const IN_AUTO_SCALING_GROUP = [{ autoScalingGroupName: AUTO_SCALING_GROUP, instanceIds: [INSTANCE_ID], minSize: 1, desiredCapacity: 2 }];
const EXISTING_QUARANTINE_ID = "sg-0bbbbbbbbbbbbbbb1";
const QUARANTINE_TAGS = { Name: QUARANTINE_GROUP_NAME, "guardduty-quarantine": "true" };

function quarantineGroups(world: FakeAwsWorld): FakeSecurityGroup[] {
  return world.ec2.securityGroups.filter((group) => group.groupName === QUARANTINE_GROUP_NAME);
}

function interfaceGroups(world: FakeAwsWorld): Record<string, string[]> {
  return Object.fromEntries(world.ec2.instances[0].networkInterfaces.map((eni) => [eni.networkInterfaceId, eni.groupIds]));
}

function actions(result: RunStateMachineResult): string[] {
  return result.calls.map((call) => call.action);
}

describe("isolation of a running instance of an Auto Scaling group, no quarantine group yet", () => {
  let world: FakeAwsWorld;
  let result: RunStateMachineResult;

  beforeAll(async () => {
    // GIVEN a running instance with two network interfaces and two volumes, in an Auto Scaling group
    ({ world, result } = await runIsolation({ ec2: { instances: [WEB_INSTANCE] }, autoScalingGroups: IN_AUTO_SCALING_GROUP }));
  });

  it("reads (instance, Auto Scaling group, ECS clusters), snapshots, tags, detaches, creates and empties the quarantine group, moves every interface, notifies, in this order", () => {
    expect(trail(result)).toEqual([
      `${S.describeInstance}:describeInstances`,
      `${S.findAutoScalingGroup}:describeAutoScalingInstances`,
      `${S.describeAutoScalingGroup}:describeAutoScalingGroups`,
      `${S.listEcsClusters}:listClusters`,
      `${S.createSnapshot}:createSnapshot`,
      `${S.createSnapshot}:createSnapshot`,
      `${S.tagInstance}:createTags`,
      `${S.detach}:detachInstances`,
      `${S.findQuarantineGroup}:describeSecurityGroups`,
      `${S.createQuarantineGroup}:createSecurityGroup`,
      `${S.describeNewQuarantineGroup}:describeSecurityGroups`,
      `${S.revokeEgress}:revokeSecurityGroupEgress`,
      `${S.replaceSecurityGroups}:modifyNetworkInterfaceAttribute`,
      `${S.replaceSecurityGroups}:modifyNetworkInterfaceAttribute`,
      `${S.notifyIsolated}:publish`,
    ]);
  });

  it("takes every snapshot before changing any security group (evidence first)", () => {
    const lastSnapshot = actions(result).lastIndexOf("createSnapshot");
    const firstChange = actions(result).indexOf("modifyNetworkInterfaceAttribute");
    expect(lastSnapshot).toBeGreaterThanOrEqual(0);
    expect(lastSnapshot).toBeLessThan(firstChange);
  });

  it("snapshots each attached volume, tagged with the finding, the instance and the device", () => {
    expect(world.ec2.snapshots.map((snapshot) => [snapshot.volumeId, snapshot.tags])).toEqual([
      [
        ROOT_VOLUME,
        [
          { key: EC2_EVIDENCE_TAG_KEYS.findingId, value: FINDING_ID },
          { key: EC2_EVIDENCE_TAG_KEYS.instanceId, value: INSTANCE_ID },
          { key: EC2_EVIDENCE_TAG_KEYS.deviceName, value: "/dev/xvda" },
        ],
      ],
      [
        DATA_VOLUME,
        [
          { key: EC2_EVIDENCE_TAG_KEYS.findingId, value: FINDING_ID },
          { key: EC2_EVIDENCE_TAG_KEYS.instanceId, value: INSTANCE_ID },
          { key: EC2_EVIDENCE_TAG_KEYS.deviceName, value: "/dev/sdf" },
        ],
      ],
    ]);
    expect(world.ec2.snapshots.map((snapshot) => snapshot.description)).toEqual([
      `Evidence of GuardDuty finding ${FINDING_ID} on instance ${INSTANCE_ID}`,
      `Evidence of GuardDuty finding ${FINDING_ID} on instance ${INSTANCE_ID}`,
    ]);
  });

  it("tags the instance with the isolation tag and the finding id", () => {
    expect(world.ec2.instances[0].tags).toEqual([
      { key: "Name", value: "web-1" },
      { key: "guardduty-response", value: "isolated" },
      { key: EC2_EVIDENCE_TAG_KEYS.findingId, value: FINDING_ID },
    ]);
  });

  it("detaches the instance from its group without decrementing the desired capacity, so the group replaces it", () => {
    const detach = result.calls.find((call) => call.action === "detachInstances");
    expect(detach?.parameters).toEqual({ AutoScalingGroupName: AUTO_SCALING_GROUP, InstanceIds: [INSTANCE_ID], ShouldDecrementDesiredCapacity: false });
    const group = world.autoScaling.groups[0];
    expect([group.desiredCapacity, group.instances.map((instance) => instance.lifecycleState)]).toEqual([2, ["Pending"]]);
    expect(group.instances.map((instance) => instance.instanceId)).not.toContain(INSTANCE_ID);
  });

  it("creates the quarantine group in the instance's VPC, tagged, with no inbound and no outbound rule", () => {
    const groups = quarantineGroups(world);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({
      vpcId: VPC_ID,
      description: EC2_QUARANTINE_GROUP_DESCRIPTION,
      tags: [
        { key: "Name", value: QUARANTINE_GROUP_NAME },
        { key: "guardduty-quarantine", value: "true" },
      ],
      ingress: [],
      egress: [],
    });
  });

  it("replaces the security groups of every network interface with the quarantine group alone", () => {
    const quarantineId = quarantineGroups(world)[0].groupId;
    expect(interfaceGroups(world)).toEqual({ [PRIMARY_ENI]: [quarantineId], [SECONDARY_ENI]: [quarantineId] });
  });

  it("publishes one ISOLATED notice with the instance, its previous groups, the snapshots and the quarantine group", () => {
    const fields = noticeFields(singleNotice(result, "ISOLATED"));
    const [rootSnapshot, dataSnapshot] = world.ec2.snapshots.map((snapshot) => snapshot.snapshotId);
    expect(fields).toEqual({
      "Finding id": FINDING_ID,
      "Finding type": FINDING_TYPE,
      Severity: String(FINDING_SEVERITY),
      Account: ACCOUNT_ID,
      Region: REGION,
      Instance: INSTANCE_ID,
      "Instance state": "running",
      VPC: VPC_ID,
      "Auto Scaling group": JSON.stringify(AUTO_SCALING_GROUP),
      "Security groups at start": JSON.stringify([
        { GroupId: WEB_GROUP_ID, GroupName: "web" },
        { GroupId: ADMIN_GROUP_ID, GroupName: "admin" },
      ]),
      "Evidence snapshots": JSON.stringify([
        { DeviceName: "/dev/xvda", VolumeId: ROOT_VOLUME, SnapshotId: rootSnapshot },
        { DeviceName: "/dev/sdf", VolumeId: DATA_VOLUME, SnapshotId: dataSnapshot },
      ]),
      "Quarantine security group": quarantineGroups(world)[0].groupId,
      "Network interfaces and their security groups before isolation": JSON.stringify([
        { NetworkInterfaceId: PRIMARY_ENI, SecurityGroups: [{ GroupId: WEB_GROUP_ID, GroupName: "web" }] },
        {
          NetworkInterfaceId: SECONDARY_ENI,
          SecurityGroups: [
            { GroupId: WEB_GROUP_ID, GroupName: "web" },
            { GroupId: ADMIN_GROUP_ID, GroupName: "admin" },
          ],
        },
      ]),
      "Isolation tag": '{"Key":"guardduty-response","Value":"isolated"}',
      Console: CONSOLE_URL,
      "Finding title": JSON.stringify(FINDING_TITLE),
    });
  });

  it("succeeds", () => {
    expect(result.status).toBe("SUCCEEDED");
  });
});

describe("isolation, quarantine group already present", () => {
  it("reuses an empty quarantine group of the instance's VPC: no creation, no revocation", async () => {
    // GIVEN the quarantine group exists in the VPC without rules
    const { world, result } = await runIsolation({
      ec2: {
        instances: [WEB_INSTANCE],
        securityGroups: [{ groupId: EXISTING_QUARANTINE_ID, groupName: QUARANTINE_GROUP_NAME, vpcId: VPC_ID, tags: QUARANTINE_TAGS, egress: [] }],
      },
    });
    // THEN it is used as it is
    expect(actions(result)).not.toContain("createSecurityGroup");
    expect(actions(result).filter((action) => action.startsWith("revoke"))).toEqual([]);
    expect(interfaceGroups(world)).toEqual({ [PRIMARY_ENI]: [EXISTING_QUARANTINE_ID], [SECONDARY_ENI]: [EXISTING_QUARANTINE_ID] });
    expect(quarantineGroups(world)).toHaveLength(1);
    singleNotice(result, "ISOLATED");
  });

  it("empties a quarantine group that has inbound and outbound rules before using it", async () => {
    // GIVEN the quarantine group exists with an SSH rule in and the default rule out
    const { world, result } = await runIsolation({
      ec2: {
        instances: [WEB_INSTANCE],
        securityGroups: [
          {
            groupId: EXISTING_QUARANTINE_ID,
            groupName: QUARANTINE_GROUP_NAME,
            vpcId: VPC_ID,
            tags: QUARANTINE_TAGS,
            ingress: [{ ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "203.0.113.0/24" }],
            egress: [
              { ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" },
              { ipProtocol: "-1", cidrIpv6: "::/0" },
            ],
          },
        ],
      },
    });
    // THEN both directions are revoked before any interface moves, and the group ends with no rule
    expect(trail(result).slice(7, 10)).toEqual([
      `${S.revokeIngress}:revokeSecurityGroupIngress`,
      `${S.revokeEgress}:revokeSecurityGroupEgress`,
      `${S.replaceSecurityGroups}:modifyNetworkInterfaceAttribute`,
    ]);
    expect(quarantineGroups(world)[0]).toMatchObject({ ingress: [], egress: [] });
    expect(result.status).toBe("SUCCEEDED");
  });

  it("does not use a group of the same name in another VPC: creates one in the instance's VPC", async () => {
    const { world, result } = await runIsolation({
      ec2: {
        instances: [WEB_INSTANCE],
        securityGroups: [
          { groupId: EXISTING_QUARANTINE_ID, groupName: QUARANTINE_GROUP_NAME, vpcId: "vpc-0ccccccccccccccc1", tags: QUARANTINE_TAGS, egress: [] },
        ],
      },
    });
    const created = quarantineGroups(world).find((group) => group.vpcId === VPC_ID);
    expect(created?.groupId).not.toBe(EXISTING_QUARANTINE_ID);
    expect(interfaceGroups(world)[PRIMARY_ENI]).toEqual([created?.groupId]);
    expect(result.status).toBe("SUCCEEDED");
  });

  it("uses the group a concurrent execution created when its own creation fails (InvalidGroup.Duplicate)", async () => {
    // GIVEN another execution creates the quarantine group just before this one does
    const { world, result } = await runIsolation(
      { ec2: { instances: [WEB_INSTANCE] } },
      {
        prepare: (w) => {
          w.ec2.onRequest = (action) => {
            if (action === "CreateSecurityGroup" && quarantineGroups(w).length === 0) {
              w.ec2.securityGroups.push({
                groupId: EXISTING_QUARANTINE_ID,
                groupName: QUARANTINE_GROUP_NAME,
                description: EC2_QUARANTINE_GROUP_DESCRIPTION,
                vpcId: VPC_ID,
                ownerId: ACCOUNT_ID,
                tags: [{ key: "guardduty-quarantine", value: "true" }],
                ingress: [],
                egress: [{ securityGroupRuleId: "sgr-0ddddddddddddddd1", ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" }],
              });
            }
          };
        },
      },
    );
    // THEN the create fails (and its retries), the group is found again, emptied and used
    expect(world.ec2.requests.filter((request) => request.action === "CreateSecurityGroup").map((request) => request.errorCode)).toEqual(
      Array(6).fill("InvalidGroup.Duplicate"),
    );
    expect(trail(result)).toContain(`${S.recheckQuarantineGroup}:describeSecurityGroups`);
    expect(quarantineGroups(world)).toMatchObject([{ groupId: EXISTING_QUARANTINE_ID, egress: [] }]);
    expect(interfaceGroups(world)[SECONDARY_ENI]).toEqual([EXISTING_QUARANTINE_ID]);
    singleNotice(result, "ISOLATED");
  });
});

describe("isolation of an instance outside any Auto Scaling group", () => {
  it("does not call DetachInstances and reports no group", async () => {
    const { result } = await runIsolation({ ec2: { instances: [WEB_INSTANCE] } });
    expect(actions(result)).not.toContain("detachInstances");
    expect(noticeFields(singleNotice(result, "ISOLATED"))["Auto Scaling group"]).toBe("null");
  });
});

/**
 * Configured tags, in a dry run: one definition (each distinct definition costs a validation) for the
 * configured-tag tests, which end before the dry-run switch, and the dry-run test.
 */
const CONFIGURED_DRY_RUN = { dryRun: true, exemptionTag: { key: "security/response", value: "manual" }, isolationTag: { key: "quarantine", value: "done" } };

describe("exempt instance", () => {
  it("is not touched: only described, EXEMPT_BY_TAG notice, SUCCEEDED", async () => {
    // GIVEN the instance carries guardduty-response=exempt
    const { world, result } = await runIsolation({ ec2: { instances: [{ ...WEB_INSTANCE, tags: { "guardduty-response": "exempt" } }] } });
    // THEN nothing but the description and the notice
    expect(trail(result)).toEqual([`${S.describeInstance}:describeInstances`, `${S.notifyExempt}:publish`]);
    expect(noticeFields(singleNotice(result, "EXEMPT_BY_TAG"))["Exemption tag"]).toBe('{"Key":"guardduty-response","Value":"exempt"}');
    expect([world.ec2.snapshots, interfaceGroups(world)[PRIMARY_ENI]]).toEqual([[], [WEB_GROUP_ID]]);
    expect(result.status).toBe("SUCCEEDED");
  });

  it("honours a configured exemption tag", async () => {
    const { result } = await runIsolation(
      { ec2: { instances: [{ ...WEB_INSTANCE, tags: { "security/response": "manual" } }] } },
      { props: CONFIGURED_DRY_RUN },
    );
    singleNotice(result, "EXEMPT_BY_TAG");
  });
});

describe("instance already isolated", () => {
  it("is not acted on twice: ALREADY_ISOLATED notice, no snapshot, SUCCEEDED", async () => {
    // GIVEN an earlier execution tagged the instance guardduty-response=isolated
    const { world, result } = await runIsolation({
      ec2: { instances: [{ ...WEB_INSTANCE, tags: { "guardduty-response": "isolated" } }] },
      autoScalingGroups: IN_AUTO_SCALING_GROUP,
    });
    expect(trail(result)).toEqual([`${S.describeInstance}:describeInstances`, `${S.notifyAlreadyIsolated}:publish`]);
    singleNotice(result, "ALREADY_ISOLATED");
    expect([world.ec2.snapshots, world.autoScaling.detachments]).toEqual([[], []]);
    expect(result.status).toBe("SUCCEEDED");
  });

  it("reads a configured isolation tag", async () => {
    const { result } = await runIsolation({ ec2: { instances: [{ ...WEB_INSTANCE, tags: { quarantine: "done" } }] } }, { props: CONFIGURED_DRY_RUN });
    singleNotice(result, "ALREADY_ISOLATED");
  });
});

describe("instance not found", () => {
  it("notifies INSTANCE_NOT_FOUND and succeeds when EC2 does not know the instance", async () => {
    const { result } = await runIsolation({ ec2: { instances: [] } });
    expect(trail(result)).toEqual([`${S.describeInstance}:describeInstances`, `${S.notifyInstanceNotFound}:publish`]);
    const fields = noticeFields(singleNotice(result, "INSTANCE_NOT_FOUND"));
    expect([fields.Instance, fields["Instance state"], fields.VPC]).toEqual([INSTANCE_ID, "unknown", "unknown"]);
    expect(result.status).toBe("SUCCEEDED");
  });

  it("treats a terminated instance as gone", async () => {
    const { result } = await runIsolation({ ec2: { instances: [{ ...WEB_INSTANCE, state: "terminated" }] } });
    expect(noticeFields(singleNotice(result, "INSTANCE_NOT_FOUND"))["Instance state"]).toBe("terminated");
    expect(actions(result)).toEqual(["describeInstances", "publish"]);
  });
});

describe("dry run", () => {
  it("reports the volumes, interfaces, Auto Scaling group and quarantine group name, changes nothing, SUCCEEDED", async () => {
    // GIVEN dryRun
    const { world, result } = await runIsolation(
      { ec2: { instances: [WEB_INSTANCE] }, autoScalingGroups: IN_AUTO_SCALING_GROUP },
      { props: CONFIGURED_DRY_RUN },
    );
    // THEN only reads, and a DRY_RUN notice saying what would be done
    expect(actions(result)).toEqual(["describeInstances", "describeAutoScalingInstances", "describeAutoScalingGroups", "listClusters", "publish"]);
    const fields = noticeFields(singleNotice(result, "DRY_RUN"));
    expect(fields["Attached EBS volumes"]).toBe(
      JSON.stringify([
        { DeviceName: "/dev/xvda", VolumeId: ROOT_VOLUME },
        { DeviceName: "/dev/sdf", VolumeId: DATA_VOLUME },
      ]),
    );
    expect(fields["Auto Scaling group"]).toBe(JSON.stringify(AUTO_SCALING_GROUP));
    expect(fields["Quarantine security group name"]).toBe(JSON.stringify(QUARANTINE_GROUP_NAME));
    expect([world.ec2.snapshots, quarantineGroups(world), world.autoScaling.detachments, world.ec2.instances[0].tags]).toEqual([
      [],
      [],
      [],
      [{ key: "Name", value: "web-1" }],
    ]);
    expect(result.status).toBe("SUCCEEDED");
  });
});

describe("throttling", () => {
  it("retries throttled EC2 and Auto Scaling calls (RequestLimitExceeded, Throttling, ResourceContention) and then isolates", async () => {
    // GIVEN EC2 throttling the first two CreateSnapshot calls, Auto Scaling throttling DetachInstances once and
    // then answering ResourceContention once
    const { world, result } = await runIsolation(
      {
        ec2: { instances: [WEB_INSTANCE] },
        autoScalingGroups: IN_AUTO_SCALING_GROUP,
        throttle: { ec2: { calls: 2, operations: ["CreateSnapshot"] }, autoScaling: { calls: 1, operations: ["DetachInstances"] } },
      },
      { prepare: (w) => (w.autoScaling.contention.remaining = 1) },
    );
    // THEN every call eventually succeeds
    expect(world.ec2.requests.filter((request) => request.action === "CreateSnapshot").map((request) => request.errorCode)).toEqual([
      "RequestLimitExceeded",
      "RequestLimitExceeded",
      undefined,
      undefined,
    ]);
    expect(world.autoScaling.requests.filter((request) => request.action === "DetachInstances").map((request) => request.errorCode)).toEqual([
      "Throttling",
      "ResourceContention",
      undefined,
    ]);
    expect(world.ec2.snapshots).toHaveLength(2);
    singleNotice(result, "ISOLATED");
    expect(result.status).toBe("SUCCEEDED");
  });
});

describe("failures", () => {
  const SINGLE_INTERFACE = { ...WEB_INSTANCE, networkInterfaces: [{ networkInterfaceId: PRIMARY_ENI }] };

  it("access denied on ModifyNetworkInterfaceAttribute: retried, then a FAILED notice and a FAILED execution", async () => {
    // GIVEN the role may not change network interfaces
    const { world, result } = await runIsolation({ ec2: { instances: [SINGLE_INTERFACE] }, deniedActions: ["ec2:ModifyNetworkInterfaceAttribute"] });
    // THEN the call is retried (every EC2 error is Ec2.Ec2Exception), the failure published, the execution FAILED
    expect(world.ec2.requests.filter((request) => request.action === "ModifyNetworkInterfaceAttribute").map((request) => request.errorCode)).toEqual(
      Array(6).fill("UnauthorizedOperation"),
    );
    expect([result.status, result.error, result.cause]).toEqual(["FAILED", "Ec2.Ec2Exception", EC2_ISOLATION_FAILURE_CAUSE]);
    expect(trail(result).slice(-1)).toEqual([`${S.notifyFailure}:publish`]);
    const fields = noticeFields(singleNotice(result, "FAILED"));
    expect(fields.Error).toBe("Ec2.Ec2Exception");
    expect(JSON.parse(fields["Evidence snapshots taken"])).toHaveLength(2);
    expect([fields["Isolation tag set"], fields["Detached from Auto Scaling group"]]).toEqual(["true", "false"]);
    expect(fields["Quarantine security group"]).toBe(quarantineGroups(world)[0].groupId);
    const details = JSON.parse(fields["Error details"]) as { Error: string; Cause: string };
    expect(details.Error).toBe("Ec2.Ec2Exception");
    expect(details.Cause).toContain("not authorized to perform: ec2:ModifyNetworkInterfaceAttribute");
    expect(interfaceGroups(world)[PRIMARY_ENI]).toEqual([WEB_GROUP_ID]);
  });

  it("a quarantine group that cannot be created (and does not exist) fails with the creation error", async () => {
    const { result } = await runIsolation({ ec2: { instances: [SINGLE_INTERFACE] }, deniedActions: ["ec2:CreateSecurityGroup"] });
    expect(trail(result).slice(-3)).toEqual([
      `${S.createQuarantineGroup}:createSecurityGroup`,
      `${S.recheckQuarantineGroup}:describeSecurityGroups`,
      `${S.notifyFailure}:publish`,
    ]);
    expect(noticeFields(singleNotice(result, "FAILED"))["Error details"]).toContain("ec2:CreateSecurityGroup");
    expect([result.status, result.error]).toEqual(["FAILED", "Ec2.Ec2Exception"]);
  });

  it("a DetachInstances the role may not call fails as AutoScaling.AutoScalingException, after the snapshots", async () => {
    const { world, result } = await runIsolation({
      ec2: { instances: [SINGLE_INTERFACE] },
      autoScalingGroups: IN_AUTO_SCALING_GROUP,
      deniedActions: ["autoscaling:DetachInstances"],
    });
    expect([result.status, result.error]).toEqual(["FAILED", "AutoScaling.AutoScalingException"]);
    expect(world.ec2.snapshots).toHaveLength(2);
    expect(noticeFields(singleNotice(result, "FAILED"))["Quarantine security group"]).toBe("null");
  });
});

/**
 * A fake Amazon EC2 endpoint, reached through the real `@aws-sdk/client-ec2` client as its `requestHandler`.
 *
 * Protocol: ec2Query. `POST /` with a form-encoded body (`Action=DescribeInstances&Version=2016-11-15&
 * Filter.1.Name=instance-id&Filter.1.Value.1=i-...`); XML responses
 * `<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>…</requestId>
 * <reservationSet><item>…`; errors as `<Response><Errors><Error><Code>InvalidInstanceID.NotFound</Code>
 * <Message>…</Message></Error></Errors><RequestID>…</RequestID></Response>`. Requests are read and responses
 * written with the SDK's own schemas (`query-protocol.ts`), so member names and list encodings are the model's.
 *
 * EC2 models no error shapes: the SDK throws its base `EC2ServiceException` with `name` = the error code
 * (`InvalidInstanceID.NotFound`, `RequestLimitExceeded`, `UnauthorizedOperation`), and Step Functions reports
 * every EC2 error as `Ec2.Ec2Exception` (the AWS SDK for Java 2.x base exception; see `aws-sdk-task-handler.ts`).
 *
 * Supported actions: DescribeInstances, DescribeSecurityGroups, CreateSecurityGroup, RevokeSecurityGroupEgress,
 * RevokeSecurityGroupIngress, CreateSnapshot, CreateSnapshots, CreateTags, ModifyNetworkInterfaceAttribute.
 * Throttling (`world.ec2.throttle`) answers `RequestLimitExceeded` (HTTP 503); a denied IAM action
 * (`world.iam.deniedActions`, e.g. `ec2:ModifyNetworkInterfaceAttribute`) answers `UnauthorizedOperation`
 * (HTTP 403). A create call with `TagSpecifications` also needs `ec2:CreateTags`, as in AWS.
 *
 * Messages marked UNCONFIRMED below are our best knowledge of AWS's wording, not captured from AWS.
 */
import * as ec2Sdk from "@aws-sdk/client-ec2";
import { FakeHttpHandler, type FakeHttpRequest, type FakeHttpResponse, type FakeThrottle } from "./fake-http";
import { escapeXml, writeQueryXml } from "./query-protocol";
import { QueryServiceError, serveQueryRequest, takeThrottle } from "./query-service";
import {
  defaultEgressRule,
  fakeEc2Id,
  type Ec2InstanceStateName,
  type Ec2Tag,
  type FakeSecurityGroupRule,
  type FakeSecurityGroup,
  type FakeEc2Instance,
  type FakeEbsVolume,
  type FakeEbsSnapshot,
  type FakeAwsWorld,
} from "./fake-aws-state";
// The shape of this service's state lives in fake-aws-state.ts, with the world's (no import circle); importers
// may keep reading it here.
export type {
  Ec2InstanceStateName,
  Ec2Tag,
  FakeSecurityGroupRule,
  FakeSecurityGroup,
  FakeNetworkInterface,
  FakeBlockDevice,
  FakeEc2Instance,
  FakeEbsVolume,
  FakeEbsSnapshot,
  FakeEc2Request,
  FakeEc2State,
} from "./fake-aws-state";
export { defaultEgressRule, fakeEc2Id } from "./fake-aws-state";

export const EC2_API_VERSION = "2016-11-15";
export const EC2_XML_NAMESPACE = `http://ec2.amazonaws.com/doc/${EC2_API_VERSION}/`;
/** RequestLimitExceeded message (as Step Functions users report it, without the account detail). */
export const EC2_THROTTLED_MESSAGE = "Request limit exceeded.";
/** Status of a throttled EC2 call (reported by Step Functions users as `Status Code: 503`). */
export const EC2_THROTTLED_STATUS = 503;

const INSTANCE_STATE_CODES: Readonly<Record<Ec2InstanceStateName, number>> = {
  pending: 0,
  running: 16,
  "shutting-down": 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

/** The SDK `requestHandler` that serves EC2 from `world.ec2`. */
export function createFakeEc2RequestHandler(world: FakeAwsWorld): FakeHttpHandler {
  return new FakeHttpHandler((request) => handleEc2Request(world, request));
}

class Ec2Error extends QueryServiceError {}

type Ec2Input = Record<string, unknown>;
interface Ec2Operation {
  /** The resource named in an UnauthorizedOperation message (undefined: the action has no resource). */
  readonly resource: (world: FakeAwsWorld, input: Ec2Input) => string | undefined;
  readonly run: (world: FakeAwsWorld, input: Ec2Input) => Record<string, unknown>;
}

const OPERATIONS: Readonly<Record<string, Ec2Operation>> = {
  DescribeInstances: { resource: () => undefined, run: describeInstances },
  DescribeSecurityGroups: { resource: () => undefined, run: describeSecurityGroups },
  CreateSecurityGroup: { resource: (world) => `${ec2Arn(world)}:security-group/*`, run: createSecurityGroup },
  RevokeSecurityGroupEgress: {
    resource: (world, input) => `${ec2Arn(world)}:security-group/${String(input.GroupId)}`,
    run: (world, input) => revoke(world, input, "egress"),
  },
  RevokeSecurityGroupIngress: {
    resource: (world, input) => `${ec2Arn(world)}:security-group/${String(input.GroupId)}`,
    run: (world, input) => revoke(world, input, "ingress"),
  },
  CreateSnapshot: { resource: (world, input) => `${ec2Arn(world)}:volume/${String(input.VolumeId)}`, run: createSnapshot },
  CreateSnapshots: {
    resource: (world, input) => `${ec2Arn(world)}:instance/${String((input.InstanceSpecification as Ec2Input | undefined)?.InstanceId)}`,
    run: createSnapshots,
  },
  CreateTags: { resource: (world, input) => resourceArnOfId(world, String((input.Resources as unknown[] | undefined)?.[0])), run: createTags },
  ModifyNetworkInterfaceAttribute: {
    resource: (world, input) => `${ec2Arn(world)}:network-interface/${String(input.NetworkInterfaceId)}`,
    run: modifyNetworkInterfaceAttribute,
  },
};

function handleEc2Request(world: FakeAwsWorld, request: FakeHttpRequest): FakeHttpResponse {
  return serveQueryRequest(
    {
      sdk: ec2Sdk as unknown as Record<string, unknown>,
      dialect: "ec2Query",
      contentType: "text/xml;charset=UTF-8",
      log: world.ec2.requests,
      onRequest: world.ec2.onRequest,
      isKnown: (action) => Object.hasOwn(OPERATIONS, action),
      handle: (action, input, outputSchema, requestId) => {
        const operation = OPERATIONS[action];
        consumeThrottle(world.ec2.throttle, action);
        authorize(world, `ec2:${action}`, operation.resource(world, input));
        if (Array.isArray(input.TagSpecifications) && input.TagSpecifications.length > 0) {
          authorize(world, "ec2:CreateTags", operation.resource(world, input));
        }
        if (input.DryRun === true) {
          throw new Ec2Error("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412);
        }
        const output = operation.run(world, input);
        const body = action === "CreateTags" || action === "ModifyNetworkInterfaceAttribute" ? "<return>true</return>" : writeQueryXml(outputSchema, output);
        return `<${action}Response xmlns="${EC2_XML_NAMESPACE}"><requestId>${requestId}</requestId>${body}</${action}Response>`;
      },
      errorXml: (error, requestId) =>
        `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message>` +
        `</Error></Errors><RequestID>${requestId}</RequestID></Response>`,
    },
    request,
    world.requestIds.take(),
  );
}

function consumeThrottle(throttle: FakeThrottle, action: string): void {
  if (takeThrottle(throttle, action)) throw new Ec2Error("RequestLimitExceeded", EC2_THROTTLED_MESSAGE, EC2_THROTTLED_STATUS);
}

/** UNCONFIRMED wording: EC2's text, then the IAM explanation, then an encoded authorization message. */
function authorize(world: FakeAwsWorld, action: string, resource: string | undefined): void {
  if (!world.iam.deniedActions.includes(action)) {
    return;
  }
  const on = resource === undefined ? "" : ` on resource: ${resource}`;
  throw new Ec2Error(
    "UnauthorizedOperation",
    `You are not authorized to perform this operation. User: ${world.iam.principalArn} is not authorized to perform: ${action}${on} ` +
      `because no identity-based policy allows the ${action} action. Encoded authorization failure message: SIMULATED-ENCODED-MESSAGE`,
    403,
  );
}

// ---------------------------------------------------------------------------------------------------------
// Operations

function describeInstances(world: FakeAwsWorld, input: Ec2Input): Record<string, unknown> {
  const ids = stringList(input.InstanceIds);
  for (const id of ids) {
    if (!/^i-[0-9a-f]{8}([0-9a-f]{9})?$/u.test(id)) {
      throw new Ec2Error("InvalidInstanceID.Malformed", `Invalid id: "${id}"`);
    }
  }
  const missing = ids.filter((id) => !world.ec2.instances.some((instance) => instance.instanceId === id));
  if (missing.length > 0) {
    const quoted = missing.map((id) => `'${id}'`).join(", ");
    throw new Ec2Error(
      "InvalidInstanceID.NotFound",
      missing.length === 1 ? `The instance ID ${quoted} does not exist` : `The instance IDs ${quoted} do not exist`,
    );
  }
  const filters = readFilters(input.Filters, ["instance-id", "vpc-id", "subnet-id", "instance-state-name", "tag-key"]);
  const instances = world.ec2.instances.filter(
    (instance) =>
      (ids.length === 0 || ids.includes(instance.instanceId)) && filters.every((filter) => matchesFilter(filter, instanceFilterValues(instance, filter.name))),
  );
  return {
    Reservations: instances.map((instance, index) => ({
      ReservationId: fakeEc2Id("r", index + 1),
      OwnerId: world.accountId,
      Groups: [],
      Instances: [wireInstance(world, instance)],
    })),
  };
}

function instanceFilterValues(instance: FakeEc2Instance, name: string): string[] {
  switch (name) {
    case "instance-id":
      return [instance.instanceId];
    case "vpc-id":
      return [instance.vpcId];
    case "subnet-id":
      return [instance.subnetId];
    case "instance-state-name":
      return [instance.state];
    case "tag-key":
      return instance.tags.map((tag) => tag.key);
    default:
      return tagFilterValues(instance.tags, name);
  }
}

function wireInstance(world: FakeAwsWorld, instance: FakeEc2Instance): Record<string, unknown> {
  const groupIds = [...new Set(instance.networkInterfaces.flatMap((eni) => eni.groupIds))];
  const gone = instance.state === "terminated";
  return {
    InstanceId: instance.instanceId,
    ImageId: instance.imageId,
    State: { Code: INSTANCE_STATE_CODES[instance.state], Name: instance.state },
    InstanceType: instance.instanceType,
    LaunchTime: instance.launchTime,
    Placement: { AvailabilityZone: instance.availabilityZone, Tenancy: "default" },
    SubnetId: gone ? undefined : instance.subnetId,
    VpcId: gone ? undefined : instance.vpcId,
    PrivateIpAddress: instance.networkInterfaces[0]?.privateIpAddress,
    RootDeviceName: instance.rootDeviceName,
    RootDeviceType: "ebs",
    BlockDeviceMappings: gone
      ? []
      : instance.blockDevices.map((device) => ({
          DeviceName: device.deviceName,
          Ebs: {
            VolumeId: device.volumeId,
            Status: "attached",
            AttachTime: instance.launchTime,
            DeleteOnTermination: device.deviceName === instance.rootDeviceName,
          },
        })),
    NetworkInterfaces: gone
      ? []
      : instance.networkInterfaces.map((eni) => ({
          NetworkInterfaceId: eni.networkInterfaceId,
          SubnetId: eni.subnetId,
          VpcId: eni.vpcId,
          OwnerId: world.accountId,
          Status: "in-use",
          PrivateIpAddress: eni.privateIpAddress,
          SourceDestCheck: true,
          InterfaceType: "interface",
          Groups: eni.groupIds.map((groupId) => groupReference(world, groupId)),
          Attachment: {
            AttachmentId: eni.attachmentId,
            DeviceIndex: eni.deviceIndex,
            NetworkCardIndex: 0,
            Status: "attached",
            AttachTime: instance.launchTime,
            DeleteOnTermination: eni.deviceIndex === 0,
          },
        })),
    SecurityGroups: gone ? [] : groupIds.map((groupId) => groupReference(world, groupId)),
    Tags: instance.tags.length === 0 ? undefined : wireTags(instance.tags),
  };
}

function groupReference(world: FakeAwsWorld, groupId: string): Record<string, unknown> {
  return { GroupId: groupId, GroupName: world.ec2.securityGroups.find((group) => group.groupId === groupId)?.groupName };
}

function describeSecurityGroups(world: FakeAwsWorld, input: Ec2Input): Record<string, unknown> {
  const ids = stringList(input.GroupIds);
  const names = stringList(input.GroupNames);
  for (const id of ids) {
    if (!world.ec2.securityGroups.some((group) => group.groupId === id)) {
      throw new Ec2Error("InvalidGroup.NotFound", `The security group '${id}' does not exist`);
    }
  }
  for (const name of names) {
    if (!world.ec2.securityGroups.some((group) => group.groupName === name)) {
      // UNCONFIRMED wording (by name EC2 looks in the default VPC).
      throw new Ec2Error("InvalidGroup.NotFound", `The security group '${name}' does not exist in default VPC`);
    }
  }
  const filters = readFilters(input.Filters, ["group-id", "group-name", "vpc-id", "tag-key"]);
  const groups = world.ec2.securityGroups.filter(
    (group) =>
      (ids.length === 0 || ids.includes(group.groupId)) &&
      (names.length === 0 || names.includes(group.groupName)) &&
      filters.every((filter) => matchesFilter(filter, groupFilterValues(group, filter.name))),
  );
  return { SecurityGroups: groups.map((group) => wireSecurityGroup(world, group)) };
}

function groupFilterValues(group: FakeSecurityGroup, name: string): string[] {
  switch (name) {
    case "group-id":
      return [group.groupId];
    case "group-name":
      return [group.groupName];
    case "vpc-id":
      return [group.vpcId];
    case "tag-key":
      return group.tags.map((tag) => tag.key);
    default:
      return tagFilterValues(group.tags, name);
  }
}

function wireSecurityGroup(world: FakeAwsWorld, group: FakeSecurityGroup): Record<string, unknown> {
  return {
    GroupId: group.groupId,
    GroupName: group.groupName,
    Description: group.description,
    VpcId: group.vpcId,
    OwnerId: group.ownerId,
    SecurityGroupArn: `${ec2ArnIn(world, group.ownerId)}:security-group/${group.groupId}`,
    IpPermissions: toIpPermissions(group.ingress),
    IpPermissionsEgress: toIpPermissions(group.egress),
    Tags: group.tags.length === 0 ? undefined : wireTags(group.tags),
  };
}

/** Rules grouped by protocol and ports, as DescribeSecurityGroups shows them. */
function toIpPermissions(rules: readonly FakeSecurityGroupRule[]): Record<string, unknown>[] {
  const permissions = new Map<
    string,
    {
      IpProtocol: string;
      FromPort?: number;
      ToPort?: number;
      IpRanges: unknown[];
      Ipv6Ranges: unknown[];
      PrefixListIds: unknown[];
      UserIdGroupPairs: unknown[];
    }
  >();
  for (const rule of rules) {
    const key = `${rule.ipProtocol}|${rule.fromPort}|${rule.toPort}`;
    let permission = permissions.get(key);
    if (permission === undefined) {
      permission = {
        IpProtocol: rule.ipProtocol,
        FromPort: rule.fromPort,
        ToPort: rule.toPort,
        IpRanges: [],
        Ipv6Ranges: [],
        PrefixListIds: [],
        UserIdGroupPairs: [],
      };
      permissions.set(key, permission);
    }
    if (rule.cidrIpv4 !== undefined) permission.IpRanges.push({ CidrIp: rule.cidrIpv4, Description: rule.description });
    if (rule.cidrIpv6 !== undefined) permission.Ipv6Ranges.push({ CidrIpv6: rule.cidrIpv6, Description: rule.description });
    if (rule.prefixListId !== undefined) permission.PrefixListIds.push({ PrefixListId: rule.prefixListId, Description: rule.description });
    if (rule.referencedGroupId !== undefined) permission.UserIdGroupPairs.push({ GroupId: rule.referencedGroupId, Description: rule.description });
  }
  return [...permissions.values()];
}

/** Security group names and descriptions (VPC): letters, digits, spaces and `._-:/()#,@[]+=&;{}!$*`. */
const GROUP_TEXT = /^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]*$/u;

function createSecurityGroup(world: FakeAwsWorld, input: Ec2Input): Record<string, unknown> {
  const groupName = requiredString(input, "GroupName", "GroupName");
  const description = requiredString(input, "Description", "GroupDescription");
  if (groupName.length > 255 || !GROUP_TEXT.test(groupName)) {
    // UNCONFIRMED wording.
    throw new Ec2Error("InvalidParameterValue", `Value (${groupName}) for parameter GroupName is invalid. Character sets beyond ASCII are not supported.`);
  }
  if (groupName.toLowerCase().startsWith("sg-")) {
    throw new Ec2Error("InvalidParameterValue", "Group names may not be in the format sg-*.");
  }
  if (description.length > 255 || !GROUP_TEXT.test(description)) {
    throw new Ec2Error(
      "InvalidParameterValue",
      `Value (${description}) for parameter GroupDescription is invalid. Character sets beyond ASCII are not supported.`,
    );
  }
  const vpcId = typeof input.VpcId === "string" ? input.VpcId : undefined;
  if (vpcId === undefined) {
    throw new Ec2Error("VPCIdNotSpecified", "No default VPC for this user");
  }
  if (!world.ec2.vpcs.includes(vpcId)) {
    throw new Ec2Error("InvalidVpcID.NotFound", `The vpc ID '${vpcId}' does not exist`);
  }
  if (world.ec2.securityGroups.some((group) => group.vpcId === vpcId && group.groupName === groupName)) {
    throw new Ec2Error("InvalidGroup.Duplicate", `The security group '${groupName}' already exists for VPC '${vpcId}'`);
  }
  const tags = tagsFor(input.TagSpecifications, "security-group");
  const group: FakeSecurityGroup = {
    groupId: nextId(world, "sg"),
    groupName,
    description,
    vpcId,
    ownerId: world.accountId,
    tags,
    ingress: [],
    egress: [defaultEgressRule(nextId(world, "sgr"))],
  };
  world.ec2.securityGroups.push(group);
  return {
    GroupId: group.groupId,
    Tags: tags.length === 0 ? undefined : wireTags(tags),
    SecurityGroupArn: `${ec2Arn(world)}:security-group/${group.groupId}`,
  };
}

/**
 * Revokes the rules matching `IpPermissions` (each source a rule); permissions matching no rule are returned
 * as UnknownIpPermissions (EC2's answer in a VPC, without an error).
 */
function revoke(world: FakeAwsWorld, input: Ec2Input, direction: "ingress" | "egress"): Record<string, unknown> {
  const groupId = typeof input.GroupId === "string" ? input.GroupId : undefined;
  if (groupId === undefined) {
    throw new Ec2Error("MissingParameter", "The request must contain the parameter groupId");
  }
  const group = world.ec2.securityGroups.find((candidate) => candidate.groupId === groupId);
  if (group === undefined) {
    throw new Ec2Error("InvalidGroup.NotFound", `The security group '${groupId}' does not exist`);
  }
  if (input.SecurityGroupRuleIds !== undefined) {
    throw new Ec2Error("InvalidParameterCombination", "SecurityGroupRuleIds are not supported by this simulation");
  }
  const requested = atomize((input.IpPermissions as Ec2Input[] | undefined) ?? []);
  if (requested.length === 0) {
    // UNCONFIRMED wording.
    throw new Ec2Error("MissingParameter", "No permissions were specified");
  }
  const rules = group[direction];
  const revoked: FakeSecurityGroupRule[] = [];
  const unknown: FakeSecurityGroupRule[] = [];
  for (const wanted of requested) {
    const index = rules.findIndex((rule) => sameRule(rule, wanted));
    if (index < 0) {
      unknown.push(wanted);
    } else {
      revoked.push(...rules.splice(index, 1));
    }
  }
  return {
    Return: true,
    UnknownIpPermissions: unknown.length === 0 ? undefined : toIpPermissions(unknown),
    RevokedSecurityGroupRules: revoked.map((rule) => ({
      SecurityGroupRuleId: rule.securityGroupRuleId,
      GroupId: group.groupId,
      IsEgress: direction === "egress",
      IpProtocol: rule.ipProtocol,
      FromPort: rule.fromPort,
      ToPort: rule.toPort,
      CidrIpv4: rule.cidrIpv4,
      CidrIpv6: rule.cidrIpv6,
      PrefixListId: rule.prefixListId,
      ReferencedGroupId: rule.referencedGroupId,
      Description: rule.description,
    })),
  };
}

function atomize(permissions: readonly Ec2Input[]): FakeSecurityGroupRule[] {
  const rules: FakeSecurityGroupRule[] = [];
  for (const permission of permissions) {
    const base = {
      securityGroupRuleId: "",
      ipProtocol: normalizeProtocol(String(permission.IpProtocol ?? "")),
      fromPort: permission.FromPort as number | undefined,
      toPort: permission.ToPort as number | undefined,
    };
    for (const range of (permission.IpRanges as Ec2Input[] | undefined) ?? []) rules.push({ ...base, cidrIpv4: String(range.CidrIp) });
    for (const range of (permission.Ipv6Ranges as Ec2Input[] | undefined) ?? []) rules.push({ ...base, cidrIpv6: String(range.CidrIpv6) });
    for (const list of (permission.PrefixListIds as Ec2Input[] | undefined) ?? []) rules.push({ ...base, prefixListId: String(list.PrefixListId) });
    for (const pair of (permission.UserIdGroupPairs as Ec2Input[] | undefined) ?? []) rules.push({ ...base, referencedGroupId: String(pair.GroupId) });
  }
  return rules;
}

function normalizeProtocol(protocol: string): string {
  return protocol === "all" ? "-1" : protocol.toLowerCase();
}

function sameRule(rule: FakeSecurityGroupRule, wanted: FakeSecurityGroupRule): boolean {
  const ports = rule.ipProtocol === "-1" || (rule.fromPort === wanted.fromPort && rule.toPort === wanted.toPort);
  return (
    normalizeProtocol(rule.ipProtocol) === wanted.ipProtocol &&
    ports &&
    rule.cidrIpv4 === wanted.cidrIpv4 &&
    rule.cidrIpv6 === wanted.cidrIpv6 &&
    rule.prefixListId === wanted.prefixListId &&
    rule.referencedGroupId === wanted.referencedGroupId
  );
}

function createSnapshot(world: FakeAwsWorld, input: Ec2Input): Record<string, unknown> {
  const volumeId = requiredString(input, "VolumeId", "volume");
  const description = typeof input.Description === "string" ? input.Description : undefined;
  if (description !== undefined && description.length > 255) {
    // UNCONFIRMED wording.
    throw new Ec2Error("InvalidParameterValue", "Value for parameter Description is invalid. Length exceeds maximum of 255 characters.");
  }
  const snapshot = takeSnapshot(world, findVolume(world, volumeId), description, tagsFor(input.TagSpecifications, "snapshot"));
  return wireSnapshot(snapshot);
}

function createSnapshots(world: FakeAwsWorld, input: Ec2Input): Record<string, unknown> {
  const specification = (input.InstanceSpecification ?? {}) as Ec2Input;
  const instanceId = requiredString(specification, "InstanceId", "InstanceSpecification.InstanceId");
  const instance = findInstance(world, instanceId);
  const excluded = stringList(specification.ExcludeDataVolumeIds);
  const devices = instance.blockDevices.filter(
    (device) => !(specification.ExcludeBootVolume === true && device.deviceName === instance.rootDeviceName) && !excluded.includes(device.volumeId),
  );
  const description = typeof input.Description === "string" ? input.Description : undefined;
  const tags = tagsFor(input.TagSpecifications, "snapshot");
  const snapshots = devices.map((device) => {
    const volume = findVolume(world, device.volumeId);
    const copied = input.CopyTagsFromSource === "volume" ? volume.tags : [];
    return takeSnapshot(world, volume, description, mergeTags(copied, tags));
  });
  return { Snapshots: snapshots.map((snapshot) => ({ ...wireSnapshot(snapshot), AvailabilityZone: findVolume(world, snapshot.volumeId).availabilityZone })) };
}

function takeSnapshot(world: FakeAwsWorld, volume: FakeEbsVolume, description: string | undefined, tags: Ec2Tag[]): FakeEbsSnapshot {
  const snapshot: FakeEbsSnapshot = {
    snapshotId: nextId(world, "snap"),
    volumeId: volume.volumeId,
    volumeSize: volume.sizeGiB,
    description,
    state: "pending",
    startTime: world.now(),
    ownerId: world.accountId,
    encrypted: volume.encrypted,
    tags,
  };
  world.ec2.snapshots.push(snapshot);
  return snapshot;
}

function wireSnapshot(snapshot: FakeEbsSnapshot): Record<string, unknown> {
  return {
    SnapshotId: snapshot.snapshotId,
    VolumeId: snapshot.volumeId,
    State: snapshot.state,
    StartTime: snapshot.startTime,
    Progress: "",
    OwnerId: snapshot.ownerId,
    Description: snapshot.description,
    VolumeSize: snapshot.volumeSize,
    Encrypted: snapshot.encrypted,
    Tags: snapshot.tags.length === 0 ? undefined : wireTags(snapshot.tags),
  };
}

function createTags(world: FakeAwsWorld, input: Ec2Input): Record<string, unknown> {
  const resources = stringList(input.Resources);
  if (resources.length === 0) {
    throw new Ec2Error("MissingParameter", "The request must contain the parameter resourceIdSet");
  }
  const tags = readTags(input.Tags);
  if (tags.length === 0) {
    throw new Ec2Error("MissingParameter", "The request must contain the parameter tagSet");
  }
  const targets = resources.map((id) => taggable(world, id));
  for (const target of targets) {
    const merged = mergeTags(target.tags, tags);
    if (merged.length > 50) {
      // UNCONFIRMED wording.
      throw new Ec2Error("TagLimitExceeded", "The maximum number of Tags for a resource has been reached.");
    }
  }
  for (const target of targets) {
    target.tags = mergeTags(target.tags, tags);
  }
  return {};
}

function taggable(world: FakeAwsWorld, id: string): { tags: Ec2Tag[] } {
  const found =
    world.ec2.instances.find((instance) => instance.instanceId === id) ??
    world.ec2.snapshots.find((snapshot) => snapshot.snapshotId === id) ??
    world.ec2.securityGroups.find((group) => group.groupId === id) ??
    world.ec2.volumes.find((volume) => volume.volumeId === id);
  if (found !== undefined) {
    return found;
  }
  if (id.startsWith("i-")) throw new Ec2Error("InvalidInstanceID.NotFound", `The instance ID '${id}' does not exist`);
  if (id.startsWith("snap-")) throw new Ec2Error("InvalidSnapshot.NotFound", `The snapshot '${id}' does not exist.`);
  if (id.startsWith("sg-")) throw new Ec2Error("InvalidGroup.NotFound", `The security group '${id}' does not exist`);
  if (id.startsWith("vol-")) throw new Ec2Error("InvalidVolume.NotFound", `The volume '${id}' does not exist.`);
  throw new Ec2Error("InvalidID", `The ID '${id}' is not valid`);
}

function modifyNetworkInterfaceAttribute(world: FakeAwsWorld, input: Ec2Input): Record<string, unknown> {
  const eniId = requiredString(input, "NetworkInterfaceId", "networkInterfaceId");
  const eni = world.ec2.instances.flatMap((instance) => instance.networkInterfaces).find((candidate) => candidate.networkInterfaceId === eniId);
  if (eni === undefined) {
    throw new Ec2Error("InvalidNetworkInterfaceID.NotFound", `The networkInterface ID '${eniId}' does not exist`);
  }
  const groups = input.Groups === undefined ? undefined : stringList(input.Groups);
  if (groups === undefined) {
    // UNCONFIRMED: the simulation supports the security group attribute only.
    throw new Ec2Error("InvalidParameterCombination", "This simulation supports ModifyNetworkInterfaceAttribute with Groups (SecurityGroupId.N) only");
  }
  if (groups.length > 5) {
    // UNCONFIRMED wording (default quota: 5 security groups per network interface).
    throw new Ec2Error("SecurityGroupsPerInterfaceLimitExceeded", "The maximum number of security groups per interface has been reached.");
  }
  for (const groupId of groups) {
    const group = world.ec2.securityGroups.find((candidate) => candidate.groupId === groupId);
    if (group === undefined) {
      throw new Ec2Error("InvalidGroup.NotFound", `The security group '${groupId}' does not exist`);
    }
    if (group.vpcId !== eni.vpcId) {
      // UNCONFIRMED wording.
      throw new Ec2Error("InvalidParameter", "You have specified two resources that belong to different networks.");
    }
  }
  eni.groupIds = [...new Set(groups)];
  return {};
}

// ---------------------------------------------------------------------------------------------------------
// Helpers

interface Ec2Filter {
  readonly name: string;
  readonly values: readonly string[];
}

function readFilters(value: unknown, supported: readonly string[]): Ec2Filter[] {
  const filters = (Array.isArray(value) ? value : []) as Ec2Input[];
  return filters.map((filter) => {
    const name = String(filter.Name ?? "");
    if (!supported.includes(name) && !name.startsWith("tag:")) {
      throw new Ec2Error("InvalidParameterValue", `The filter '${name}' is invalid`);
    }
    return { name, values: stringList(filter.Values) };
  });
}

/** A filter matches when any value matches any of its values (`*` and `?` wildcards, as EC2). */
function matchesFilter(filter: Ec2Filter, actual: readonly string[]): boolean {
  return filter.values.some((wanted) => {
    const pattern = new RegExp(
      `^${wanted
        .replace(/[.+^${}()|[\]\\]/gu, "\\$&")
        .replace(/\*/gu, ".*")
        .replace(/\?/gu, ".")}$`,
      "u",
    );
    return actual.some((value) => pattern.test(value));
  });
}

function tagFilterValues(tags: readonly Ec2Tag[], filterName: string): string[] {
  const key = filterName.slice("tag:".length);
  return tags.filter((tag) => tag.key === key).map((tag) => tag.value);
}

function tagsFor(tagSpecifications: unknown, resourceType: string): Ec2Tag[] {
  const tags: Ec2Tag[] = [];
  for (const specification of (Array.isArray(tagSpecifications) ? tagSpecifications : []) as Ec2Input[]) {
    if (specification.ResourceType !== resourceType) {
      // UNCONFIRMED wording.
      throw new Ec2Error("InvalidParameterValue", `'${String(specification.ResourceType)}' is not a valid taggable resource type for this operation.`);
    }
    tags.push(...readTags(specification.Tags));
  }
  return mergeTags([], tags);
}

function readTags(value: unknown): Ec2Tag[] {
  return ((Array.isArray(value) ? value : []) as Ec2Input[]).map((tag) => {
    const key = String(tag.Key ?? "");
    if (key.toLowerCase().startsWith("aws:")) {
      throw new Ec2Error("InvalidParameterValue", "Tag keys starting with 'aws:' are reserved for internal use");
    }
    if (key.length === 0 || key.length > 128 || String(tag.Value ?? "").length > 256) {
      // UNCONFIRMED wording.
      throw new Ec2Error("InvalidParameterValue", `Tag '${key}' is not valid: keys have 1 to 128 characters, values at most 256`);
    }
    return { key, value: String(tag.Value ?? "") };
  });
}

/** `base` with `updates` applied (same key: the update's value). */
function mergeTags(base: readonly Ec2Tag[], updates: readonly Ec2Tag[]): Ec2Tag[] {
  const merged = new Map(base.map((tag) => [tag.key, tag.value]));
  for (const tag of updates) merged.set(tag.key, tag.value);
  return [...merged].map(([key, value]) => ({ key, value }));
}

function wireTags(tags: readonly Ec2Tag[]): Record<string, string>[] {
  return tags.map((tag) => ({ Key: tag.key, Value: tag.value }));
}

function findInstance(world: FakeAwsWorld, instanceId: string): FakeEc2Instance {
  const instance = world.ec2.instances.find((candidate) => candidate.instanceId === instanceId);
  if (instance === undefined) {
    throw new Ec2Error("InvalidInstanceID.NotFound", `The instance ID '${instanceId}' does not exist`);
  }
  return instance;
}

function findVolume(world: FakeAwsWorld, volumeId: string): FakeEbsVolume {
  const volume = world.ec2.volumes.find((candidate) => candidate.volumeId === volumeId);
  if (volume === undefined) {
    throw new Ec2Error("InvalidVolume.NotFound", `The volume '${volumeId}' does not exist.`);
  }
  return volume;
}

function nextId(world: FakeAwsWorld, prefix: string): string {
  world.ec2.nextId += 1;
  return fakeEc2Id(prefix, world.ec2.nextId);
}

function requiredString(input: Ec2Input, member: string, wireName: string): string {
  const value = input[member];
  if (typeof value !== "string" || value === "") {
    throw new Ec2Error("MissingParameter", `The request must contain the parameter ${wireName}`);
  }
  return value;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

function ec2Arn(world: FakeAwsWorld): string {
  return ec2ArnIn(world, world.accountId);
}

function ec2ArnIn(world: FakeAwsWorld, accountId: string): string {
  return `arn:aws:ec2:${world.region}:${accountId}`;
}

/** The ARN of a resource id (snapshots have no account in their ARN). */
function resourceArnOfId(world: FakeAwsWorld, id: string): string {
  const kinds: readonly [string, string][] = [
    ["i-", "instance"],
    ["sg-", "security-group"],
    ["vol-", "volume"],
    ["eni-", "network-interface"],
  ];
  if (id.startsWith("snap-")) {
    return `arn:aws:ec2:${world.region}::snapshot/${id}`;
  }
  const kind = kinds.find(([prefix]) => id.startsWith(prefix))?.[1] ?? "resource";
  return `${ec2Arn(world)}:${kind}/${id}`;
}

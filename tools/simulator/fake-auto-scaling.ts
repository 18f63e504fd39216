/**
 * A fake Amazon EC2 Auto Scaling endpoint, reached through the real `@aws-sdk/client-auto-scaling` client as its
 * `requestHandler`.
 *
 * Protocol: awsQuery (like SNS). `POST /`, form body `Action=DetachInstances&Version=2011-01-01&
 * AutoScalingGroupName=web&InstanceIds.member.1=i-...&ShouldDecrementDesiredCapacity=false`; responses
 * `<DetachInstancesResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/"><DetachInstancesResult>…
 * </DetachInstancesResult><ResponseMetadata><RequestId>…`; errors `<ErrorResponse><Error><Type>Sender</Type>
 * <Code>ValidationError</Code><Message>…</Message></Error><RequestId>…</RequestId></ErrorResponse>`.
 *
 * Error names: the model declares a few faults through `awsQueryError` (query code `ResourceContention` ->
 * SDK class `ResourceContentionFault`, which Step Functions names `AutoScaling.ResourceContentionException`,
 * the Java SDK's class); `Throttling`, `ValidationError` and `AccessDenied` are not modeled (SDK base
 * exception; Step Functions `AutoScaling.AutoScalingException`).
 *
 * Supported actions: DescribeAutoScalingInstances, DescribeAutoScalingGroups (by name; the group's tags as AWS
 * lists them, `ResourceId`, `ResourceType` `auto-scaling-group`, `Key`, `Value`, `PropagateAtLaunch`), DetachInstances. DetachInstances with
 * `ShouldDecrementDesiredCapacity=false` keeps the desired capacity and starts a replacement instance (a
 * Pending member of the group with a generated id); with `true` it lowers the desired capacity.
 *
 * Messages marked UNCONFIRMED below are our best knowledge of AWS's wording, not captured from AWS.
 */
import * as autoScalingSdk from "@aws-sdk/client-auto-scaling";
import { FakeHttpHandler, type FakeHttpRequest, type FakeHttpResponse, type FakeThrottle } from "./fake-http";
import { escapeXml, writeQueryXml } from "./query-protocol";
import { QueryServiceError, serveQueryRequest, takeThrottle } from "./query-service";
import { fakeEc2Id, type FakeAutoScalingInstance, type FakeAwsWorld } from "./fake-aws-state";
// The shape of this service's state lives in fake-aws-state.ts, with the world's (no import circle); importers
// may keep reading it here.
export type {
  AutoScalingLifecycleState,
  FakeAutoScalingInstance,
  FakeAutoScalingGroup,
  FakeAutoScalingTag,
  FakeDetachment,
  FakeAutoScalingRequest,
  FakeAutoScalingState,
} from "./fake-aws-state";

export const AUTO_SCALING_XML_NAMESPACE = "http://autoscaling.amazonaws.com/doc/2011-01-01/";
/** Throttling message (AWS's generic throttling text). UNCONFIRMED for Auto Scaling. */
export const AUTO_SCALING_THROTTLED_MESSAGE = "Rate exceeded";
/** ResourceContention message. UNCONFIRMED wording. */
export const AUTO_SCALING_CONTENTION_MESSAGE =
  "You already have a pending update to an Auto Scaling resource (for example, a group, instance, or load balancer).";

/** The SDK `requestHandler` that serves Auto Scaling from `world.autoScaling`. */
export function createFakeAutoScalingRequestHandler(world: FakeAwsWorld): FakeHttpHandler {
  return new FakeHttpHandler((request) => handleAutoScalingRequest(world, request));
}

class AutoScalingError extends QueryServiceError {}

type Input = Record<string, unknown>;

const OPERATIONS: Readonly<Record<string, (world: FakeAwsWorld, input: Input) => Record<string, unknown>>> = {
  DescribeAutoScalingInstances: describeAutoScalingInstances,
  DescribeAutoScalingGroups: describeAutoScalingGroups,
  DetachInstances: detachInstances,
};

function handleAutoScalingRequest(world: FakeAwsWorld, request: FakeHttpRequest): FakeHttpResponse {
  return serveQueryRequest(
    {
      sdk: autoScalingSdk as unknown as Record<string, unknown>,
      dialect: "awsQuery",
      contentType: "text/xml",
      log: world.autoScaling.requests,
      onRequest: world.autoScaling.onRequest,
      isKnown: (action) => Object.hasOwn(OPERATIONS, action),
      handle: (action, input, outputSchema, requestId) => {
        consumeThrottle(world.autoScaling.throttle, action);
        authorize(world, action, input);
        const output = OPERATIONS[action](world, input);
        return (
          `<${action}Response xmlns="${AUTO_SCALING_XML_NAMESPACE}"><${action}Result>${writeQueryXml(outputSchema, output)}</${action}Result>` +
          `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
        );
      },
      errorXml: (error, requestId) =>
        `<ErrorResponse xmlns="${AUTO_SCALING_XML_NAMESPACE}"><Error><Type>${error.type}</Type><Code>${error.code}</Code>` +
        `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
    },
    request,
    world.requestIds.take(),
  );
}

function consumeThrottle(throttle: FakeThrottle, action: string): void {
  if (takeThrottle(throttle, action)) throw new AutoScalingError("Throttling", AUTO_SCALING_THROTTLED_MESSAGE);
}

function authorize(world: FakeAwsWorld, action: string, input: Input): void {
  const iamAction = `autoscaling:${action}`;
  if (!world.iam.deniedActions.includes(iamAction)) {
    return;
  }
  const groupName = typeof input.AutoScalingGroupName === "string" ? input.AutoScalingGroupName : undefined;
  const group = world.autoScaling.groups.find((candidate) => candidate.autoScalingGroupName === groupName);
  const on = group === undefined ? "" : ` on resource: ${group.autoScalingGroupArn}`;
  // UNCONFIRMED wording.
  throw new AutoScalingError(
    "AccessDenied",
    `User: ${world.iam.principalArn} is not authorized to perform: ${iamAction}${on} because no identity-based policy allows the ${iamAction} action`,
    403,
  );
}

function describeAutoScalingInstances(world: FakeAwsWorld, input: Input): Record<string, unknown> {
  const ids = Array.isArray(input.InstanceIds) ? input.InstanceIds.map(String) : undefined;
  if (ids !== undefined && ids.length > 50) {
    // UNCONFIRMED wording.
    throw new AutoScalingError("ValidationError", "The number of instance IDs must not exceed 50.");
  }
  const members = world.autoScaling.groups.flatMap((group) => group.instances.map((instance) => ({ group, instance })));
  return {
    AutoScalingInstances: members
      .filter(({ instance }) => ids === undefined || ids.includes(instance.instanceId))
      .map(({ group, instance }) => ({
        InstanceId: instance.instanceId,
        InstanceType: instance.instanceType,
        AutoScalingGroupName: group.autoScalingGroupName,
        AvailabilityZone: instance.availabilityZone,
        LifecycleState: instance.lifecycleState,
        HealthStatus: instance.healthStatus,
        ProtectedFromScaleIn: instance.protectedFromScaleIn,
      })),
  };
}

/** By name only (no filters, no paging: the workflow asks for one group). An unknown name is left out, as AWS does. */
function describeAutoScalingGroups(world: FakeAwsWorld, input: Input): Record<string, unknown> {
  const names = Array.isArray(input.AutoScalingGroupNames) ? input.AutoScalingGroupNames.map(String) : undefined;
  if (input.Filters !== undefined || input.NextToken !== undefined) {
    throw new AutoScalingError("ValidationError", "This simulation describes groups by name only");
  }
  return {
    AutoScalingGroups: world.autoScaling.groups
      .filter((group) => names === undefined || names.includes(group.autoScalingGroupName))
      .map((group) => ({
        AutoScalingGroupName: group.autoScalingGroupName,
        AutoScalingGroupARN: group.autoScalingGroupArn,
        MinSize: group.minSize,
        MaxSize: group.maxSize,
        DesiredCapacity: group.desiredCapacity,
        DefaultCooldown: 300,
        AvailabilityZones: [...new Set(group.instances.map((instance) => instance.availabilityZone))],
        HealthCheckType: "EC2",
        CreatedTime: new Date(0),
        Instances: group.instances.map((instance) => ({
          InstanceId: instance.instanceId,
          InstanceType: instance.instanceType,
          AvailabilityZone: instance.availabilityZone,
          LifecycleState: instance.lifecycleState,
          HealthStatus: instance.healthStatus,
          ProtectedFromScaleIn: instance.protectedFromScaleIn,
        })),
        Tags: group.tags.map((tag) => ({
          ResourceId: group.autoScalingGroupName,
          ResourceType: "auto-scaling-group",
          Key: tag.key,
          Value: tag.value,
          PropagateAtLaunch: tag.propagateAtLaunch,
        })),
      })),
  };
}

function detachInstances(world: FakeAwsWorld, input: Input): Record<string, unknown> {
  const groupName = typeof input.AutoScalingGroupName === "string" ? input.AutoScalingGroupName : "";
  if (typeof input.ShouldDecrementDesiredCapacity !== "boolean") {
    throw new AutoScalingError(
      "ValidationError",
      "1 validation error detected: Value null at 'shouldDecrementDesiredCapacity' failed to satisfy constraint: Member must not be null",
    );
  }
  const decrement = input.ShouldDecrementDesiredCapacity;
  const group = world.autoScaling.groups.find((candidate) => candidate.autoScalingGroupName === groupName);
  if (group === undefined) {
    // UNCONFIRMED wording.
    throw new AutoScalingError("ValidationError", `AutoScalingGroup name not found - AutoScalingGroup '${groupName}' not found`);
  }
  const contention = world.autoScaling.contention;
  if (contention.remaining > 0) {
    contention.remaining -= 1;
    throw new AutoScalingError("ResourceContention", AUTO_SCALING_CONTENTION_MESSAGE, 500, "Receiver");
  }
  const ids = Array.isArray(input.InstanceIds) ? input.InstanceIds.map(String) : [];
  for (const id of ids) {
    const member = group.instances.find((instance) => instance.instanceId === id);
    if (member === undefined) {
      // UNCONFIRMED wording.
      throw new AutoScalingError("ValidationError", `The instance ${id} is not part of Auto Scaling group ${groupName}.`);
    }
    if (member.lifecycleState !== "InService" && member.lifecycleState !== "Standby") {
      // UNCONFIRMED wording.
      throw new AutoScalingError("ValidationError", `The instance ${id} is not in InService or Standby.`);
    }
  }
  if (decrement && group.desiredCapacity - ids.length < group.minSize) {
    // UNCONFIRMED wording.
    throw new AutoScalingError(
      "ValidationError",
      `Currently, desiredSize equals minSize (${group.minSize}). Detaching instance(s) would decrease desired capacity below minSize.`,
    );
  }
  const now = world.now();
  const activities = ids.map((id) => {
    const member = group.instances.find((instance) => instance.instanceId === id) as FakeAutoScalingInstance;
    group.instances = group.instances.filter((instance) => instance !== member);
    const activityId = world.requestIds.take();
    world.autoScaling.detachments.push({ instanceId: id, autoScalingGroupName: groupName, shouldDecrementDesiredCapacity: decrement, activityId });
    if (decrement) {
      group.desiredCapacity -= 1;
    } else {
      // The group launches a replacement to keep its desired capacity.
      world.autoScaling.nextId += 1;
      group.instances.push({ ...member, instanceId: fakeEc2Id("i", 0xa5000 + world.autoScaling.nextId), lifecycleState: "Pending" });
    }
    return {
      ActivityId: activityId,
      AutoScalingGroupName: groupName,
      AutoScalingGroupARN: group.autoScalingGroupArn,
      Description: `Detaching EC2 instance: ${id}`,
      Cause: `At ${now.toISOString()} instance ${id} was detached in response to a user request.`,
      StartTime: now,
      StatusCode: "InProgress",
      Progress: 50,
      Details: JSON.stringify({ "Availability Zone": member.availabilityZone }),
    };
  });
  return { Activities: activities };
}

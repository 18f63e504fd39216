/**
 * What `npm run simulate` can make EC2 and Auto Scaling answer about the instance an EC2 runtime finding names
 * (plain data; the simulator builds the instance, its network interfaces, security groups, tags and Auto
 * Scaling group from the finding's `instanceDetails`). The first answer is the default.
 *
 * Error codes as the EC2 API reference lists them ("Error codes for the Amazon EC2 API"): `RequestLimitExceeded`
 * for throttling, `UnauthorizedOperation` for an action IAM denies.
 */
import type { SimulatedAnswerSpec } from "../response-types/simulated-answers";

export const EC2_ISOLATE_INSTANCE_SIMULATED_ANSWERS: readonly SimulatedAnswerSpec[] = [
  {
    name: "running",
    description: "the instance is running, with the network interfaces, security groups, tags and Auto Scaling group the finding reports",
    world: { resource: { exists: true, state: "running" } },
  },
  { name: "terminated", description: "the instance is already terminated", world: { resource: { exists: true, state: "terminated" } } },
  { name: "not-found", description: "EC2 does not know the instance (InvalidInstanceID.NotFound)", world: { resource: { exists: false } } },
  {
    name: "throttled",
    description: "the instance is running, but EC2 throttles the first 2 calls (RequestLimitExceeded), then answers normally",
    world: { resource: { exists: true }, failingCalls: [{ service: "ec2", action: "*", error: "RequestLimitExceeded", times: 2 }] },
  },
  {
    name: "access-denied",
    description: "the instance is running, but the state machine's role is denied ec2:ModifyNetworkInterfaceAttribute (UnauthorizedOperation)",
    world: { resource: { exists: true }, failingCalls: [{ service: "ec2", action: "ModifyNetworkInterfaceAttribute", error: "UnauthorizedOperation" }] },
  },
];

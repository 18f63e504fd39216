/**
 * What `npm run simulate` can make ECS answer about the task an ECS runtime finding names (plain data; the
 * simulator builds the task, its cluster, task definition, group and tags from the finding). The first answer
 * is the default.
 */
import type { SimulatedAnswerSpec } from "../response-types/simulated-answers";

export const ECS_STOP_TASK_SIMULATED_ANSWERS: readonly SimulatedAnswerSpec[] = [
  { name: "running", description: "the task exists in its cluster and is RUNNING", world: { resource: { exists: true, state: "RUNNING" } } },
  { name: "stopped", description: "the task exists but is already STOPPED (desired and last status)", world: { resource: { exists: true, state: "STOPPED" } } },
  {
    name: "not-found",
    description: "the cluster exists but ECS does not know the task (gone, or never in this account and region)",
    world: { resource: { exists: false } },
  },
  {
    name: "throttled",
    description: "the task is RUNNING, but ECS throttles the first 2 calls (ThrottlingException), then answers normally",
    world: { resource: { exists: true }, failingCalls: [{ service: "ecs", action: "*", error: "ThrottlingException", times: 2 }] },
  },
  {
    name: "access-denied",
    description: "the task is RUNNING, but the state machine's role is denied ecs:StopTask (AccessDeniedException)",
    world: { resource: { exists: true }, failingCalls: [{ service: "ecs", action: "StopTask", error: "AccessDeniedException" }] },
  },
];

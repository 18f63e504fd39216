import { PolicyStatement } from "./policy-document";

/**
 * CloudWatch Logs delivery actions a state machine role needs for logging, as the Step Functions
 * developer guide lists them. They do not support resource-level permissions, hence `*`.
 */
export const STATE_MACHINE_LOG_DELIVERY_ACTIONS = [
  "logs:CreateLogDelivery",
  "logs:GetLogDelivery",
  "logs:UpdateLogDelivery",
  "logs:DeleteLogDelivery",
  "logs:ListLogDeliveries",
  "logs:PutResourcePolicy",
  "logs:DescribeResourcePolicies",
  "logs:DescribeLogGroups",
] as const;

export function buildLogDeliveryStatement(): PolicyStatement {
  return {
    Sid: "DeliverExecutionLogs",
    Effect: "Allow",
    Action: [...STATE_MACHINE_LOG_DELIVERY_ACTIONS],
    Resource: "*",
  };
}

/** X-Ray actions a traced state machine's role needs (they take no resource ARN). */
export const STATE_MACHINE_TRACING_ACTIONS = ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"] as const;

export function buildTracingStatement(): PolicyStatement {
  return { Sid: "SendTraces", Effect: "Allow", Action: [...STATE_MACHINE_TRACING_ACTIONS], Resource: "*" };
}

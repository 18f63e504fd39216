/**
 * Our tests read synthesized `${jsonencode(...)}` expressions with a small evaluator of our own
 * (tools/simulator/finding-simulation/terraform-expression.ts). Where a terraform binary is on PATH, Terraform itself
 * evaluates the same expressions, and both must agree. Without one, the test is skipped: say so.
 */
import { parseConfig } from "../../../../config/load-config";
import { SynthesizedStack, stackOfConfig } from "../../../support/synthesized-stack";
import { evaluateWithTerraform, findTerraform, inlineReferences } from "../../../support/terraform-binary";

const terraform = findTerraform();
const whenTerraform = terraform ? test : test.skip;

const config = parseConfig(
  {
    ecs_auto_stop: { cluster_arns: ["arn:aws:ecs:ap-northeast-1:640028535582:cluster/prod"], tracing: true },
    notifications: { emails: ["secops@example.com"], coverage_unhealthy: true },
    agent_endpoints: [{ name: "main", vpc_id: "vpc-0123456789abcdef0", subnet_ids: ["subnet-0123456789abcdef0"] }],
    detector: { runtime_monitoring: { eks_addon_management: false } },
  },
  "test",
);
const synth = new SynthesizedStack(stackOfConfig(config, "s"));

whenTerraform(`Terraform evaluates every jsonencode attribute as our evaluator does${terraform ? "" : " (skipped: no terraform binary on PATH)"}`, () => {
  // GIVEN every JSON document attribute of the stack
  const attributes: Record<string, string> = {};
  for (const [type, attr] of [
    ["aws_sfn_state_machine", "definition"],
    ["aws_iam_role", "assume_role_policy"],
    ["aws_iam_role_policy", "policy"],
    ["aws_vpc_endpoint", "policy"],
    ["aws_kms_key", "policy"],
    ["aws_sqs_queue_policy", "policy"],
    ["aws_sns_topic_policy", "policy"],
  ]) {
    for (const r of synth.resources(type)) attributes[`${type}__${r.name}__${attr}`.replace(/[^A-Za-z0-9_]/g, "_")] = r.values[attr] as string;
  }
  expect(Object.keys(attributes).length).toBeGreaterThanOrEqual(9);
  // WHEN Terraform evaluates them with the same reference values
  const inlined = Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, inlineReferences(v, (ref) => synth.resolveReference(ref))]));
  const byTerraform = evaluateWithTerraform(terraform!, inlined);
  // THEN each document is the same JSON
  for (const [key, expression] of Object.entries(attributes)) {
    expect([key, JSON.parse(byTerraform[key])]).toEqual([key, synth.evaluateJson(expression)]);
  }
});

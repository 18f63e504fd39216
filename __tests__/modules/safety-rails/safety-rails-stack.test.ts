/** The safety rails from config: the parameter, the table, the alarm, the operator policy, and each pipeline composed with them. */
import { parseConfig } from "../../../config/load-config";
import { HELD_OUTCOME, HOLD_NOTICE_STATE } from "../../../functions/safety-rails/compose";
import { CAP_STATES } from "../../../functions/safety-rails/blast-radius-cap";
import { KILL_SWITCH_STATES } from "../../../functions/safety-rails/kill-switch";
import { validateAsl } from "../../../tools/simulator/validate-asl";
import { SynthesizedStack, stackOfConfig } from "../../support/synthesized-stack";

const RAILS_CONFIG = {
  ecs_auto_stop: { enabled: true, workflow: "guarded" },
  ec2_isolation: { enabled: true },
  eks_containment: { enabled: true, cluster_names: ["prod"], namespaces: ["web"] },
  safety_rails: {
    kill_switch: true,
    blast_radius_cap: {
      ecs_auto_stop: { max_actions: 5 },
      ec2_isolation: { max_actions: 2, window: "day" },
      eks_containment: { max_actions: 3, window: "minute" },
    },
  },
};
const stack = stackOfConfig(parseConfig(RAILS_CONFIG, "test"), "s");
const s = new SynthesizedStack(stack);
const definitions = s.resources("aws_sfn_state_machine").map((r) => s.evaluateJson(r.values.definition) as Record<string, any>);
const policies = s.resources("aws_iam_role_policy").map((r) => s.evaluateJson(r.values.policy) as any);

test("one kill switch parameter, String, at act, its later value changes ignored by Terraform", () => {
  // GIVEN the rails config WHEN synthesized THEN one parameter
  expect(s.resources("aws_ssm_parameter")).toHaveLength(1);
  expect(s.resource("aws_ssm_parameter")).toMatchObject({
    name: "/ecs-runtime-monitoring-stop-task-dev/kill-switch",
    type: "String",
    value: "act",
    lifecycle: { ignore_changes: ["value"] },
  });
});

test("one counter table with TTL on expiresAt, encrypted with the stack's key", () => {
  // GIVEN the rails config WHEN synthesized THEN one on-demand table keyed by pk
  const table = s.resource("aws_dynamodb_table") as any;
  expect(table).toMatchObject({ name: "ecs-runtime-monitoring-stop-task-dev-blast-radius", billing_mode: "PAY_PER_REQUEST", hash_key: "pk" });
  expect(table.ttl).toEqual({ attribute_name: "expiresAt", enabled: true });
  expect(table.server_side_encryption.enabled).toBe(true);
  expect(table.server_side_encryption.kms_key_arn).toContain("aws_kms_key");
});

test("the cap-reached alarm watches the table's failed conditional checks and tells the topic", () => {
  // GIVEN the rails config WHEN synthesized THEN the alarm on ConditionalCheckFailedRequests
  const alarm = s.resources("aws_cloudwatch_metric_alarm").find((a) => a.values.metric_name === "ConditionalCheckFailedRequests")!.values as any;
  expect(alarm).toMatchObject({ namespace: "AWS/DynamoDB", statistic: "Sum", threshold: 0, comparison_operator: "GreaterThanThreshold" });
  expect(alarm.alarm_actions).toHaveLength(1);
});

test("the operator policy allows flipping the switch, on the parameter only", () => {
  // GIVEN the rails config WHEN synthesized THEN the managed policy's one statement
  const policy = s.resources("aws_iam_policy").find((p) => p.values.name === "ecs-runtime-monitoring-stop-task-dev-apne1-kill-switch-operator")!;
  const document = s.evaluateJson(policy.values.policy) as any;
  expect(document.Statement).toHaveLength(1);
  expect(document.Statement[0].Action).toEqual(["ssm:PutParameter", "ssm:GetParameter", "ssm:GetParameterHistory"]);
  expect(document.Statement[0].Resource).toBe("arn:aws:ssm:ap-northeast-1:640028535582:parameter/ecs-runtime-monitoring-stop-task-dev/kill-switch");
});

test("every pipeline reads the switch and counts before acting, and is valid ASL", () => {
  // GIVEN the three synthesized definitions WHEN inspected THEN each has both rails and the HELD notice
  expect(definitions).toHaveLength(3);
  for (const definition of definitions) {
    expect(Object.keys(definition.States)).toEqual(expect.arrayContaining([KILL_SWITCH_STATES.read, CAP_STATES.count, HOLD_NOTICE_STATE]));
    expect(definition.States[HOLD_NOTICE_STATE].Parameters.MessageAttributes.outcome.StringValue).toBe(HELD_OUTCOME);
    expect(validateAsl(definition).isValid).toBe(true);
  }
});

test("each role may update only its own type's counter keys and read the switch", () => {
  // GIVEN the three state machine role policies WHEN inspected THEN each has the two rail statements
  const statements = (sid: string) => policies.flatMap((policy) => policy.Statement).filter((st: any) => st.Sid === sid);
  expect(statements("ReadKillSwitch")).toHaveLength(3);
  expect(
    statements("CountContainmentAction")
      .map((st: any) => st.Condition["ForAllValues:StringLike"]["dynamodb:LeadingKeys"][0])
      .sort(),
  ).toEqual(["ec2-isolate-instance#*", "ecs-stop-task#*", "eks-contain-pod#*"]);
  expect(statements("UseCounterTableKeyThroughDynamoDb")).toHaveLength(3);
});

test("every resource is a public field of the stack's SafetyRails", () => {
  // GIVEN the stack WHEN reading its rails THEN each resource is there
  expect(stack.safetyRails?.killSwitchParameter).toBeDefined();
  expect(stack.safetyRails?.killSwitchOperatorPolicy).toBeDefined();
  expect(stack.safetyRails?.counterTable).toBeDefined();
  expect(stack.safetyRails?.capReachedAlarm).toBeDefined();
});

test("without safety_rails nothing is added (the default config synthesizes no rail resource)", () => {
  // GIVEN the guarded ECS pipeline without rails WHEN synthesized THEN no table, parameter or rail state
  const plain = new SynthesizedStack(stackOfConfig(parseConfig({ ecs_auto_stop: { enabled: true, workflow: "guarded" } }, "test"), "p"));
  expect(plain.resources("aws_dynamodb_table")).toEqual([]);
  expect(plain.resources("aws_ssm_parameter")).toEqual([]);
  expect(JSON.stringify(plain.resources("aws_sfn_state_machine"))).not.toContain("Safety Rail");
});

test("kill switch only: no table, no alarm, every pipeline reads the switch", () => {
  // GIVEN the kill switch without caps WHEN synthesized THEN only the parameter and its policy
  const only = new SynthesizedStack(
    stackOfConfig(parseConfig({ ecs_auto_stop: { enabled: false }, ec2_isolation: { enabled: true }, safety_rails: { kill_switch: true } }, "test"), "k"),
  );
  expect(only.resources("aws_dynamodb_table")).toEqual([]);
  expect(only.resources("aws_ssm_parameter")).toHaveLength(1);
  const definition = only.evaluateJson(only.resource("aws_sfn_state_machine").definition) as any;
  expect(Object.keys(definition.States)).toContain(KILL_SWITCH_STATES.read);
  expect(Object.keys(definition.States)).not.toContain(CAP_STATES.count);
});

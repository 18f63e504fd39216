/** Synthesized stacks: names unique in their AWS scope across every stack of a config, and all from the naming function. */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, TerraformStack, Testing } from "cdktf";
import { parseConfig } from "../../../config/load-config";
import { planStacks } from "../../../config/stack-plans";
import { stackPropsOf } from "../../../config/stack-props";
import { PIPELINE_ALARM_IDS, stackResourceNames } from "../../../functions/naming/resource-names";
import { EcsTaskAutoStop } from "../../../modules/ecs-task-auto-stop";
import { RuntimeMonitoringStack } from "../../../modules/runtime-monitoring-stack";

type Json = Record<string, any>;
const ACCOUNT = "111111111111";
const OTHER = "222222222222";

function synthAll(document: Json): { name: string; account: string; region: string; tf: Json }[] {
  const app = new App({ outdir: "/tmp/unused-stack-names" });
  return planStacks(parseConfig(document, "t.json")).map((plan) => {
    const stack = new RuntimeMonitoringStack(app, plan.stackName, stackPropsOf(plan));
    return { name: plan.stackName, account: plan.config.account_id!, region: plan.config.region, tf: JSON.parse(JSON.stringify(stack.toTerraform())) };
  });
}

/** Every name attribute a stack writes, by resource type. */
function namesOf(tf: Json): { type: string; name: string }[] {
  const attribute: Record<string, string> = {
    aws_iam_role: "name",
    aws_sfn_state_machine: "name",
    aws_cloudwatch_event_rule: "name",
    aws_sqs_queue: "name",
    aws_sns_topic: "name",
    aws_kms_alias: "name",
    aws_cloudwatch_log_group: "name",
    aws_cloudwatch_metric_alarm: "alarm_name",
    aws_iam_policy: "name",
    aws_ssm_parameter: "name",
    aws_dynamodb_table: "name",
  };
  return Object.entries(attribute).flatMap(([type, key]) =>
    Object.values((tf.resource?.[type] ?? {}) as Record<string, Json>).map((r) => ({ type, name: r[key] as string })),
  );
}

const stacks = synthAll({
  name: "acme",
  environment: "prod",
  notifications: { coverage_unhealthy: true },
  deployments: [
    { account_id: ACCOUNT, regions: ["ap-northeast-1", "us-east-1"] },
    { account_id: OTHER, regions: ["ap-northeast-1"] },
  ],
});

test("GIVEN deployments of one account in two regions WHEN synthesized THEN its IAM role names differ between the stacks", () => {
  const roles = stacks
    .filter((s) => s.account === ACCOUNT)
    .flatMap((s) =>
      namesOf(s.tf)
        .filter((n) => n.type === "aws_iam_role")
        .map((n) => n.name),
    );
  expect(roles.sort()).toEqual(["acme-prod-apne1-events-role", "acme-prod-apne1-sfn-role", "acme-prod-use1-events-role", "acme-prod-use1-sfn-role"]);
});

/** ECS and EC2 pipelines (EKS needs one config per account and region), the rails and the gate, in two regions of one account. */
const railStacks = synthAll({
  name: "acme",
  environment: "prod",
  notifications: { emails: ["secops@example.com"] },
  ecs_auto_stop: { workflow: "guarded" },
  ec2_isolation: { enabled: true },
  safety_rails: {
    kill_switch: true,
    blast_radius_cap: { ecs_auto_stop: { max_actions: 5, window: "hour" } },
    approval_gate: { ec2_isolation: { timeout_seconds: 3600, on_timeout: "hold" }, approver_role_names: ["incident-approver"] },
  },
  deployments: [{ account_id: ACCOUNT, regions: ["ap-northeast-1", "us-east-1"] }],
});

test.each([
  ["the default pipelines", stacks],
  ["every pipeline with the safety rails and the approval gate", railStacks],
])(
  "GIVEN every stack of a config with %s WHEN synthesized THEN no name repeats within its scope (IAM: the account; the rest: account and region)",
  (_, all) => {
    const seen = new Map<string, string>();
    const accountWide = new Set(["aws_iam_role", "aws_iam_policy"]);
    for (const s of all) {
      for (const { type, name } of namesOf(s.tf)) {
        const key = accountWide.has(type) ? `${s.account} ${type} ${name}` : `${s.account} ${s.region} ${type} ${name}`;
        expect([key, seen.get(key)]).toEqual([key, undefined]);
        seen.set(key, s.name);
      }
    }
    expect(seen.size).toBeGreaterThan(20);
  },
);

test("GIVEN a stack WHEN synthesized THEN every name it writes is one the naming function gives (the loader checks the same names)", () => {
  for (const s of stacks) {
    const names = stackResourceNames({ name: "acme", environment: "prod", region: s.region });
    const ecs = names.pipelines.ecs;
    const coverageAlarms = PIPELINE_ALARM_IDS.map((id) => `${names.coverageRule}-${id}`);
    const expected = new Set([
      ecs.stateMachine,
      ecs.logGroup,
      ecs.rule,
      ecs.stateMachineRole,
      ecs.eventsRole,
      ecs.deadLetterQueue,
      ...PIPELINE_ALARM_IDS.map(ecs.alarm),
      names.topic,
      names.kmsAlias,
      names.coverageRule,
      ...coverageAlarms,
    ]);
    for (const { type, name } of namesOf(s.tf)) expect([s.name, type, name, expected.has(name)]).toEqual([s.name, type, name, true]);
  }
});

test("GIVEN a stack whose AWS provider has no literal region WHEN a pipeline is built without the region prop THEN it is refused (its role names could collide across regions)", () => {
  const build = (region?: string) => {
    const stack = new TerraformStack(Testing.app(), "no-region");
    new AwsProvider(stack, "aws", {});
    new EcsTaskAutoStop(stack, "stop", { namePrefix: "acme-prod", region });
    return stack;
  };
  expect(() => build()).toThrow(
    "EcsTaskAutoStop: region null is not allowed; expected a literal region name, given as the region prop or set on the stack's AWS provider (IAM role names carry it: they are unique per account across regions)",
  );
  expect(
    namesOf(JSON.parse(Testing.synth(build("eu-west-1"))))
      .filter((n) => n.type === "aws_iam_role")
      .map((n) => n.name)
      .sort(),
  ).toEqual(["acme-prod-euw1-events-role", "acme-prod-euw1-sfn-role"]);
});

/** The guarded workflow, chosen in config: its definition, transformer and read permissions are synthesized. */
import { parseConfig } from "../../config/load-config";
import { buildGuardedEcsInputTransformer } from "../../functions/ecs-stop-task/guarded-input-transformer";
import { GUARDED_SUBJECTS } from "../../functions/ecs-stop-task/guarded-state-machine";
import { SynthesizedStack, TEST_ACCOUNT, stackOfConfig } from "../support/synthesized-stack";

const { accountId } = TEST_ACCOUNT;
const PROD = `arn:aws:ecs:ap-northeast-1:${accountId}:cluster/prod`;
const synthConfig = (document: unknown) => new SynthesizedStack(stackOfConfig(parseConfig(document, "test"), "s"));

describe("ecs_auto_stop.workflow guarded", () => {
  const s = synthConfig({
    ecs_auto_stop: { workflow: "guarded", dry_run: true, exemption_tag: { key: "response", value: "skip" }, min_healthy_tasks: 2, cluster_arns: [PROD] },
  });
  const definition = JSON.stringify(s.evaluateJson(s.resource("aws_sfn_state_machine").definition));

  test("the state machine runs the guarded definition with the configured options baked in", () => {
    expect(definition).toContain("arn:aws:states:::aws-sdk:ecs:describeTasks");
    expect(definition).toContain(JSON.stringify(GUARDED_SUBJECTS.DRY_RUN));
    expect(definition).toContain('"response"');
    expect(definition).toContain('"skip"');
  });

  test("the target uses the guarded input transformer", () => {
    const transformer = s.resource("aws_cloudwatch_event_target").input_transformer as any;
    expect(transformer).toEqual({ input_paths: buildGuardedEcsInputTransformer().inputPaths, input_template: buildGuardedEcsInputTransformer().inputTemplate });
  });

  test("the role may read tasks, cluster tags and services of the configured clusters only", () => {
    const policy = s.evaluateJson(s.resources("aws_iam_role_policy").find((p) => p.values.name === "stop-tasks-and-notify")!.values.policy) as any;
    const bySid = Object.fromEntries(policy.Statement.map((st: any) => [st.Sid, st]));
    expect(bySid.ReadTheTaskBeforeActing).toMatchObject({ Action: "ecs:DescribeTasks", Resource: [`arn:aws:ecs:ap-northeast-1:${accountId}:task/prod/*`] });
    expect(bySid.ReadTheClusterTags).toMatchObject({ Action: "ecs:DescribeClusters", Resource: [PROD] });
    expect(bySid.ReadTheServiceHealth).toMatchObject({ Action: "ecs:DescribeServices", Resource: [`arn:aws:ecs:ap-northeast-1:${accountId}:service/prod/*`] });
  });

  test("the seed workflow's role reads nothing", () => {
    const seed = synthConfig({});
    const policy = seed.evaluateJson(seed.resources("aws_iam_role_policy").find((p) => p.values.name === "stop-tasks-and-notify")!.values.policy) as any;
    expect(policy.Statement.map((st: any) => st.Action).flat()).not.toContain("ecs:DescribeTasks");
  });
});

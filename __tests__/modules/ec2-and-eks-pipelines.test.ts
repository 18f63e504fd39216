/** EC2 isolation and EKS pod containment from config: their rules, roles, access entries and shared topic. */
import { parseConfig } from "../../config/load-config";
import { buildEc2RuntimeFindingPattern } from "../../functions/ec2-isolate-instance/event-pattern";
import { buildEksRuntimeFindingPattern } from "../../functions/eks-contain-pod/event-pattern";
import { SynthesizedStack, TEST_ACCOUNT, stackOfConfig } from "../support/synthesized-stack";
import { configProblems } from "../support/config-problems";

const { accountId } = TEST_ACCOUNT;
const synthConfig = (document: unknown) => new SynthesizedStack(stackOfConfig(parseConfig(document, "test"), "s"));
const s = synthConfig({
  ec2_isolation: { enabled: true, dry_run: true },
  eks_containment: { enabled: true, cluster_names: ["prod"], namespaces: ["payments", "web"] },
});
const ruleNamed = (suffix: string) => s.resources("aws_cloudwatch_event_rule").find((r) => (r.values.name as string).endsWith(suffix))!;
const policyNamed = (name: string) => s.evaluateJson(s.resources("aws_iam_role_policy").find((p) => p.values.name === name)!.values.policy) as any;

test("three pipelines share one topic and one key, each with its own rule, state machine, queue and alarms", () => {
  expect(s.resources("aws_sns_topic")).toHaveLength(1);
  expect(s.resources("aws_kms_key")).toHaveLength(1);
  expect(
    s
      .resources("aws_sfn_state_machine")
      .map((r) => r.values.name)
      .sort(),
  ).toEqual([
    "ecs-runtime-monitoring-stop-task-dev-ec2-state-machine",
    "ecs-runtime-monitoring-stop-task-dev-eks-state-machine",
    "ecs-runtime-monitoring-stop-task-dev-state-machine",
  ]);
  expect(s.resources("aws_sqs_queue")).toHaveLength(3);
  // seven per pipeline: four on executions, failed invocations, failed dead-lettering, dead letters
  expect(s.resources("aws_cloudwatch_metric_alarm")).toHaveLength(21);
});

test("the EC2 and EKS rules carry their own finding patterns", () => {
  expect(JSON.parse(ruleNamed("-ec2-rule").values.event_pattern as string)).toEqual(buildEc2RuntimeFindingPattern());
  expect(JSON.parse(ruleNamed("-eks-rule").values.event_pattern as string)).toEqual(buildEksRuntimeFindingPattern());
});

test("the key policy admits every pipeline's role and rule", () => {
  const key = s.evaluateJson(s.resource("aws_kms_key").policy) as any;
  const roles = key.Statement.find((st: any) => st.Sid === "ResponseRolesUseTheKeyThroughSnsAndSqs").Principal.AWS;
  expect([...roles].sort()).toEqual(
    ["", "-ec2", "-eks"].map((suffix) => `arn:aws:iam::${accountId}:role/ecs-runtime-monitoring-stop-task-dev${suffix}-apne1-sfn-role`).sort(),
  );
});

test("the EKS role gets an access entry scoped to the configured namespaces, never kube-system", () => {
  const association = s.resource("aws_eks_access_policy_association");
  expect(association).toMatchObject({ cluster_name: "prod", access_scope: { type: "namespace", namespaces: ["payments", "web"] } });
  expect(s.evaluate(association.policy_arn)).toBe("arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy");
  expect(s.evaluate(association.principal_arn)).toBe(`arn:aws:iam::${accountId}:role/ecs-runtime-monitoring-stop-task-dev-eks-apne1-sfn-role`);
  expect(s.resource("aws_eks_access_entry")).toMatchObject({ cluster_name: "prod", type: "STANDARD" });
  expect(policyNamed("contain-pods-and-notify").Statement[0]).toMatchObject({
    Action: "eks:DescribeCluster",
    Resource: [`arn:aws:eks:ap-northeast-1:${accountId}:cluster/prod`],
  });
});

test("the EC2 dry run is baked into its definition", () => {
  const sm = s.resources("aws_sfn_state_machine").find((r) => (r.values.name as string).includes("-ec2-"))!;
  expect(JSON.stringify(s.evaluateJson(sm.values.definition))).toContain('"DryRun":true');
});

test.each([
  [{ eks_containment: { enabled: true, namespaces: ["web"] } }, "eks_containment.cluster_names", "at least one EKS cluster name"],
  [
    { eks_containment: { enabled: true, cluster_names: ["prod"], namespaces: ["kube-system"] } },
    "eks_containment.namespaces[0]",
    "a namespace that is not protected",
  ],
  [
    { eks_containment: { enabled: true, cluster_names: ["prod"], namespaces: ["web"], action: "evict" } },
    "eks_containment.action",
    'one of "isolate", "delete"',
  ],
  [{ ec2_isolation: { enabled: true, isolation_tag: { key: "aws:x", value: "y" } } }, "ec2_isolation.isolation_tag.key", "not starting with aws:"],
])("%j is refused, naming %s", (document, setting, allowed) => {
  const problems = configProblems(document);
  expect(problems).toContainEqual(expect.objectContaining({ setting, allowed: expect.stringContaining(allowed) }));
});

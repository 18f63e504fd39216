import { App } from "cdktf";
import { parseConfig } from "../../../config/load-config";
import { resourceNameLengths } from "../../../config/rules/resource-name-lengths";
import { planStacks } from "../../../config/stack-plans";
import { stackPropsOf } from "../../../config/stack-props";
import { RuntimeMonitoringStack } from "../../../modules/runtime-monitoring-stack";
import { configProblems } from "../../support/config-problems";
import { parsedConfig } from "./parsed-config";

/** `name` + "-production-eks-<apne1>-events-role" is the longest name of a Tokyo stack with EKS containment: 33 characters besides the name. */
const withEks = (name: string) => ({
  name,
  environment: "production",
  eks_containment: { enabled: true, cluster_names: ["prod"], namespaces: ["web"] },
});
const LONGEST = "n".repeat(31);

describe("rule: every resource name a stack writes fits its AWS limit", () => {
  test("GIVEN the default config THEN it is compliant", () => {
    expect(resourceNameLengths(parsedConfig({}))).toEqual([]);
  });

  test("GIVEN the longest name the rule accepts with EKS containment on WHEN synthesized THEN the stack builds, its longest role name at 64", () => {
    const config = parseConfig(withEks(LONGEST), "t.json");
    const [plan] = planStacks(config);
    const stack = new RuntimeMonitoringStack(new App({ outdir: "/tmp/unused-name-lengths" }), plan.stackName, stackPropsOf(plan));
    const roles = Object.values((stack.toTerraform() as { resource: { aws_iam_role: Record<string, { name: string }> } }).resource.aws_iam_role).map(
      (r) => r.name,
    );
    expect(Math.max(...roles.map((r) => r.length))).toBe(64);
  });

  test("GIVEN a name one character longer THEN the loader refuses it, naming the setting, the value, the longest allowed and the AWS limit", () => {
    const name = `${LONGEST}n`;
    expect(configProblems(withEks(name))).toEqual([
      {
        setting: "name",
        value: JSON.stringify(name),
        allowed: `a name of at most 31 characters with environment "production" in ap-northeast-1: the IAM role name "${name}-production-eks-apne1-events-role" would be 65 characters, and AWS allows 64`,
      },
    ]);
  });

  test("GIVEN EC2 isolation on and a long name WHEN read THEN the refusal names the EC2 role", () => {
    const name = "n".repeat(32);
    expect(resourceNameLengths(parsedConfig({ name, environment: "production", ec2_isolation: { enabled: true } }))).toEqual([
      expect.objectContaining({ setting: "name", allowed: expect.stringContaining(`"${name}-production-ec2-apne1-events-role" would be 65 characters`) }),
    ]);
  });

  test("GIVEN deployments in several regions WHEN a name is too long THEN the refusal names a region where a name is too long", () => {
    const problems = resourceNameLengths(
      parsedConfig({
        name: "n".repeat(35),
        environment: "production",
        notifications: { coverage_unhealthy: true },
        deployments: [{ account_id: "111111111111", regions: ["us-east-1", "us-gov-west-1"] }],
      }),
    );
    expect(problems.map((p) => p.allowed)).toEqual([
      expect.stringMatching(
        /^a name of at most 34 characters with environment "production" in us-east-1: the EventBridge rule name ".*-coverage-unhealthy" would be 65 characters/,
      ),
    ]);
  });

  test("GIVEN the parts turned off THEN their names are not checked", () => {
    expect(resourceNameLengths(parsedConfig({ name: "n".repeat(38), environment: "production", ecs_auto_stop: { enabled: false } }))).toEqual([]);
  });
});

/** The generated terraform test file: fake-key provider, override_data for every data source, plan only. */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "cdktf";
import { loadConfig } from "../../../config/load-config";
import { planStacks } from "../../../config/stack-plans";
import { stackPropsOf } from "../../../config/stack-props";
import { RuntimeMonitoringStack } from "../../../modules/runtime-monitoring-stack";
import { planTestInputOfStack, StackJson } from "../../../scripts/terraform-check/checked-roots";
import { importedResourceValues, plausibleDataValues } from "../../../scripts/terraform-check/data-overrides";
import { hclLiteral, hclString } from "../../../scripts/terraform-check/hcl-literal";
import { renderPlanTest } from "../../../scripts/terraform-check/plan-test";

const EXAMPLES = join(__dirname, "..", "..", "..", "examples");

/** Every stack of every example, as written to cdk.tf.json. */
function exampleStacks(): { readonly label: string; readonly json: StackJson }[] {
  return readdirSync(EXAMPLES)
    .filter((f) => f.endsWith(".json"))
    .flatMap((file) => {
      const { config } = loadConfig(join(EXAMPLES, file));
      const app = Testing.app();
      return planStacks(config).map((plan) => {
        const stack = new RuntimeMonitoringStack(app, plan.stackName, stackPropsOf(plan));
        return { label: `${file} ${plan.stackName}`, json: JSON.parse(JSON.stringify(stack.toTerraform())) as StackJson };
      });
    });
}

const STACK: StackJson = {
  provider: { aws: [{ region: "us-gov-west-1", allowed_account_ids: ["111111111111"], default_tags: [{ tags: { Team: "secops" } }] }] },
  data: {
    aws_region: { r: {} },
    aws_partition: { p: {} },
    aws_caller_identity: { me: {} },
    aws_vpc: { v: { id: "vpc-0fedcba9876543210" } },
    aws_iam_policy_document: { doc: {} },
    aws_made_up_thing: { x: {} },
  },
  import: [{ to: "aws_guardduty_detector.detector", id: "12abc34d567e8fa901bc2d34e56789f0" }],
};

describe("the generated terraform test file", () => {
  test("replaces the provider with fake keys and every skip setting, in the stack's region, keeping its default tags", () => {
    const { text } = renderPlanTest(planTestInputOfStack(STACK, 5));
    const provider = /provider "aws" \{[\s\S]*?\n\}/.exec(text)?.[0] ?? "";
    for (const line of [
      'region                      = "us-gov-west-1"',
      "skip_credentials_validation = true",
      "skip_requesting_account_id  = true",
      "skip_metadata_api_check     = true",
      "skip_region_validation      = true",
      'access_key                  = "AKIAIOSFODNN7EXAMPLE"',
    ]) {
      expect(provider).toContain(line);
    }
    expect(provider).toContain('"Team" = "secops"');
    expect(provider).not.toMatch(/assume_role|allowed_account_ids/);
  });

  test("plans only: one run with command = plan", () => {
    const { text } = renderPlanTest(planTestInputOfStack(STACK, 5));
    expect(text.match(/^run "/gm)).toHaveLength(1);
    expect(text).toContain('run "plan" {\n  command = plan\n}');
    expect(text).not.toMatch(/command\s*=\s*apply/);
  });

  test("overrides each data source that calls AWS with values in the stack's partition, region and account", () => {
    const { text } = renderPlanTest(planTestInputOfStack(STACK, 5));
    expect(text).toContain('target = data.aws_partition.p\n  values = {\n    "id" = "aws-us-gov"\n    "partition" = "aws-us-gov"');
    expect(text).toContain('"arn" = "arn:aws-us-gov:iam::111111111111:role/terraform-check"');
    expect(text).toContain('"arn" = "arn:aws-us-gov:ec2:us-gov-west-1:111111111111:vpc/vpc-0fedcba9876543210"');
  });

  test("leaves data sources the provider computes locally (aws_iam_policy_document) to the provider", () => {
    expect(renderPlanTest(planTestInputOfStack(STACK, 5)).text).not.toContain("data.aws_iam_policy_document.doc");
  });

  test("overrides a data source type it has no values for with none, and names the type", () => {
    const test = renderPlanTest(planTestInputOfStack(STACK, 5));
    expect(test.text).toContain("target = data.aws_made_up_thing.x\n  values = {}");
    expect(test.inventedTypes).toEqual(["aws_made_up_thing"]);
  });

  test("gives an imported resource the state AWS would report, so the plan need not read it", () => {
    const { text } = renderPlanTest(planTestInputOfStack(STACK, 5));
    expect(text).toContain('override_resource {\n  target = aws_guardduty_detector.detector\n  values = {\n    "id" = "12abc34d567e8fa901bc2d34e56789f0"');
    expect(importedResourceValues("aws_guardduty_detector", "d")).toEqual({ id: "d", enable: true, finding_publishing_frequency: "SIX_HOURS" });
  });

  test.each([
    [5, { id: "eu-west-1", name: "eu-west-1", endpoint: "ec2.eu-west-1.amazonaws.com", description: "eu-west-1" }],
    [6, { id: "eu-west-1", name: "eu-west-1", endpoint: "ec2.eu-west-1.amazonaws.com", description: "eu-west-1", region: "eu-west-1" }],
  ])("aws_region values for provider %i.x carry only attributes that version has", (major, values) => {
    expect(plausibleDataValues("aws_region", { region: "eu-west-1", accountId: "111111111111", providerMajor: major })).toEqual(values);
  });

  test("every data source type any example stack reads has plausible values (none invented)", () => {
    const stacks = exampleStacks();
    expect(stacks.length).toBeGreaterThanOrEqual(10);
    for (const { label, json } of stacks) {
      const test = renderPlanTest(planTestInputOfStack(json, 6));
      expect({ label, invented: test.inventedTypes }).toEqual({ label, invented: [] });
      for (const [type, instances] of Object.entries(json.data ?? {})) {
        for (const name of Object.keys(instances)) expect(test.text).toContain(`target = data.${type}.${name}\n`);
      }
    }
  });

  test("strings are written so Terraform reads them literally: no template interpolation", () => {
    expect(hclString('a${b}%{c}"d')).toBe('"a$${b}%%{c}\\"d"');
    expect(hclLiteral({ k: ["x", 1, true, null] })).toBe('{\n  "k" = [\n    "x",\n    1,\n    true,\n    null,\n  ]\n}');
  });
});

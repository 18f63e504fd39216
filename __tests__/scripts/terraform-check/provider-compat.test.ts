/** Checked copies adapted to an older installed provider: the version constraint and the 6.x aws_region attribute. */
import { adaptHclFile, adaptStackJson, sumRewrites } from "../../../scripts/terraform-check/provider-compat";

const STACK = JSON.stringify({
  terraform: { required_providers: { aws: { source: "aws", version: "6.25.0" } } },
  resource: {
    aws_sns_topic: {
      t: { name: "x-${data.aws_region.AwsContext_region_40BFCBBF.region}", tags: { r: "${data.aws_region.r[0].region}", keep: "${var.region}" } },
    },
  },
});

describe("adapting a checked copy to the installed provider", () => {
  test("a 5.x provider: the pinned version becomes the installed one and data.aws_region.*.region is read as .name", () => {
    const { text, rewrites } = adaptStackJson(STACK, "5.100.0");
    const stack = JSON.parse(text);
    expect(stack.terraform.required_providers.aws.version).toBe("5.100.0");
    expect(stack.resource.aws_sns_topic.t.name).toBe("x-${data.aws_region.AwsContext_region_40BFCBBF.name}");
    expect(stack.resource.aws_sns_topic.t.tags).toEqual({ r: "${data.aws_region.r[0].name}", keep: "${var.region}" });
    expect(rewrites).toEqual([
      { description: "required aws version 6.25.0 -> 5.100.0", count: 1 },
      { description: "data.aws_region.*.region read as .name (5.x)", count: 2 },
    ]);
  });

  test("the pinned 6.x provider itself: nothing is rewritten", () => {
    const { text, rewrites } = adaptStackJson(STACK, "6.25.0");
    expect(JSON.parse(text)).toEqual(JSON.parse(STACK));
    expect(rewrites).toEqual([]);
  });

  test("registry module HCL: the aws version constraint and region reads, not other providers' constraints", () => {
    const hcl = [
      "terraform {",
      "  required_providers {",
      "    aws = {",
      '      source  = "hashicorp/aws"',
      '      version = ">= 6.0"',
      "    }",
      "    random = {",
      '      source  = "hashicorp/random"',
      '      version = ">= 3.0"',
      "    }",
      "  }",
      "}",
      "locals {",
      "  region = data.aws_region.current.region",
      "}",
    ].join("\n");
    const { text, rewrites } = adaptHclFile(hcl, "5.100.0");
    expect(text).toContain('      version = "5.100.0"\n    }\n    random');
    expect(text).toContain('version = ">= 3.0"');
    expect(text).toContain("region = data.aws_region.current.name");
    expect(sumRewrites([rewrites, rewrites])).toEqual([
      { description: "required aws version >= 6.0 -> 5.100.0", count: 2 },
      { description: "data.aws_region.*.region read as .name (5.x)", count: 2 },
    ]);
  });
});

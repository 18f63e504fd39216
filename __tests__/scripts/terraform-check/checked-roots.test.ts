/** Reading a root for its plan test: providers and data sources of a stack, or of HCL with local modules. */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { planTestInputOfHclRoot, planTestInputOfStack } from "../../../scripts/terraform-check/checked-roots";

describe("checked roots", () => {
  test("a stack: each aliased provider, and each data source read in its provider's region", () => {
    const input = planTestInputOfStack(
      {
        provider: {
          aws: [
            { region: "eu-west-1", allowed_account_ids: ["111111111111"] },
            { alias: "use1", region: "us-east-1" },
          ],
        },
        data: { aws_region: { here: {}, there: { provider: "aws.use1" } } },
      },
      6,
    );
    expect(input.providers).toEqual([
      { alias: undefined, region: "eu-west-1", defaultTags: undefined },
      { alias: "use1", region: "us-east-1", defaultTags: undefined },
    ]);
    expect(input.dataSources.map((d) => [d.address, d.region, d.accountId])).toEqual([
      ["data.aws_region.here", "eu-west-1", "111111111111"],
      ["data.aws_region.there", "us-east-1", "123456789012"],
    ]);
  });

  test("an HCL example: its provider's region and account, and the data sources of the local module it calls, by module address", () => {
    const root = mkdtempSync(join(tmpdir(), "hcl-root-"));
    writeFileSync(join(root, "main.tf"), 'data "aws_partition" "current" {}\ndata "aws_vpc" "agent_endpoint" {\n  for_each = var.x\n  id = each.value\n}\n');
    mkdirSync(join(root, "examples", "complete"), { recursive: true });
    writeFileSync(
      join(root, "examples", "complete", "main.tf"),
      'provider "aws" {\n  region              = "ap-northeast-1"\n  allowed_account_ids = ["111111111111"]\n}\n\nmodule "guardduty_runtime_response" {\n  source = "../.."\n\n  name_prefix = "x"\n}\n',
    );
    const input = planTestInputOfHclRoot(join(root, "examples", "complete"), 5, { defaultRegion: "us-east-1" });
    expect(input.providers).toEqual([{ alias: undefined, region: "ap-northeast-1" }]);
    expect(input.dataSources).toEqual([
      { address: "module.guardduty_runtime_response.data.aws_partition.current", type: "aws_partition", region: "ap-northeast-1", accountId: "111111111111" },
      { address: "module.guardduty_runtime_response.data.aws_vpc.agent_endpoint", type: "aws_vpc", region: "ap-northeast-1", accountId: "111111111111" },
    ]);
  });

  test("an HCL example with one module call per aliased provider: each call's data sources read in its provider's region", () => {
    // GIVEN a module reading its region, called once per aliased provider
    const root = mkdtempSync(join(tmpdir(), "hcl-root-"));
    writeFileSync(join(root, "main.tf"), 'data "aws_region" "current" {}\n');
    mkdirSync(join(root, "examples", "multi-region"), { recursive: true });
    writeFileSync(
      join(root, "examples", "multi-region", "main.tf"),
      [
        'provider "aws" {\n  alias  = "tokyo"\n  region = "ap-northeast-1"\n}\n',
        'provider "aws" {\n  alias  = "frankfurt"\n  region = "eu-central-1"\n}\n',
        'module "tokyo" {\n  source = "../.."\n  providers = {\n    aws = aws.tokyo\n  }\n}\n',
        'module "frankfurt" {\n  source    = "../.."\n  providers = { aws = aws.frankfurt }\n}\n',
      ].join("\n"),
    );
    // WHEN its plan test input is read
    const input = planTestInputOfHclRoot(join(root, "examples", "multi-region"), 5, { defaultRegion: "us-east-1" });
    // THEN both providers are there, and each call's region data source is in its provider's region
    expect(input.providers).toEqual([
      { alias: "tokyo", region: "ap-northeast-1" },
      { alias: "frankfurt", region: "eu-central-1" },
    ]);
    expect(input.dataSources.map((d) => [d.address, d.region])).toEqual([
      ["module.tokyo.data.aws_region.current", "ap-northeast-1"],
      ["module.frankfurt.data.aws_region.current", "eu-central-1"],
    ]);
  });

  test("an HCL module root without a provider block is planned in the default region, with the given variables", () => {
    const root = mkdtempSync(join(tmpdir(), "hcl-root-"));
    writeFileSync(join(root, "main.tf"), 'data "aws_region" "current" {}\n');
    const input = planTestInputOfHclRoot(root, 5, { defaultRegion: "ap-northeast-1", variables: { name_prefix: "guardduty-check" } });
    expect(input.providers).toEqual([{ region: "ap-northeast-1" }]);
    expect(input.variables).toEqual({ name_prefix: "guardduty-check" });
    expect(input.dataSources.map((d) => d.address)).toEqual(["data.aws_region.current"]);
  });
});

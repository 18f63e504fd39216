import { extractTerraformDocs, renderTerraformDocs } from "../../../tools/registry-module/terraform-docs";
import { AWS_PROVIDER, MULTI_REGION_EXAMPLE, ORGANIZATION_EXAMPLE, REQUIRED_TERRAFORM } from "../../../tools/registry-module/registry-module";
import { generateModuleFiles } from "../../../tools/registry-module/from-constructs/module";
import { fileContent, Json, parsedFile, parsedModule } from "./module-fixture";

const META_ARGUMENTS = ["source", "version", "providers", "count", "for_each", "depends_on"];

const parsedExample = (name: string): Promise<Json> => parsedFile(`examples/${name}/main.tf`);

async function exampleModuleCall(name: string): Promise<Json> {
  const parsed = await parsedExample(name);
  const calls = Object.values(parsed.module as Record<string, Json[]>);
  expect(calls).toHaveLength(1);
  return calls[0][0];
}

describe.each(["minimal", "complete", "agent-endpoints", "govcloud"])("examples/%s", (name) => {
  test("calls the module from ../.. with a provider block of its own", async () => {
    const parsed = await parsedExample(name);
    expect((await exampleModuleCall(name)).source).toBe("../..");
    expect(parsed.provider?.aws).toBeDefined();
  });

  test("passes only arguments that are module variables, and every required variable", async () => {
    // GIVEN the module's variables and the example's module call
    const { variable } = await parsedModule();
    const call = await exampleModuleCall(name);
    const args = Object.keys(call).filter((k) => !META_ARGUMENTS.includes(k));
    // THEN every argument is a variable
    for (const arg of args) expect([arg, arg in variable]).toEqual([arg, true]);
    // AND every variable without a default is passed
    const required = Object.entries(variable as Record<string, Json[]>)
      .filter(([, [v]]) => !("default" in v))
      .map(([n]) => n);
    expect(required).toEqual(["name_prefix"]);
    for (const r of required) expect(args).toContain(r);
  });
});

test("the govcloud example plans the module in a GovCloud region", async () => {
  // GIVEN the example, parsed THEN its provider is in us-gov-west-1 (npm run check:terraform plans it there)
  const parsed = await parsedExample("govcloud");
  expect((parsed.provider.aws as Json[]).map((p) => p.region)).toEqual(["us-gov-west-1"]);
});

describe("examples/multi-region", () => {
  test("calls the module once per region, each call with its own aliased provider in a distinct region", async () => {
    // GIVEN the example, parsed
    const parsed = await parsedExample("multi-region");
    const providers = (parsed.provider.aws as Json[]).map((p) => [p.alias, p.region]);
    const calls = parsed.module as Record<string, Json[]>;
    // THEN each region has a provider alias and one module call from ../.. that passes it as its aws provider
    expect(providers).toEqual(MULTI_REGION_EXAMPLE.map((r) => [r.alias, r.region]));
    expect(new Set(providers.map(([, region]) => region)).size).toBe(providers.length);
    expect(Object.keys(calls).sort()).toEqual(MULTI_REGION_EXAMPLE.map((r) => `guardduty_runtime_response_${r.alias}`).sort());
    for (const r of MULTI_REGION_EXAMPLE) {
      const [call] = calls[`guardduty_runtime_response_${r.alias}`];
      expect(call.source).toBe("../..");
      expect(call.providers).toEqual({ aws: `\${aws.${r.alias}}` });
    }
  });

  test("passes only module variables, and name_prefix to each call", async () => {
    // GIVEN the module's variables and the example's calls
    const { variable } = await parsedModule();
    const calls = Object.values((await parsedExample("multi-region")).module as Record<string, Json[]>).map(([call]) => call);
    for (const call of calls) {
      const args = Object.keys(call).filter((k) => !META_ARGUMENTS.includes(k));
      // THEN every argument is a variable, and name_prefix is passed
      for (const arg of args) expect([arg, arg in variable]).toEqual([arg, true]);
      expect(args).toContain("name_prefix");
    }
  });
});

describe("examples/organization", () => {
  test("the management account's call designates the administrator; the administrator's call, after it, configures the organization", async () => {
    // GIVEN the example, parsed
    const parsed = await parsedExample("organization");
    const { management, administrator } = ORGANIZATION_EXAMPLE;
    const providers = (parsed.provider.aws as Json[]).map((p) => [p.alias, p.allowed_account_ids]);
    const calls = parsed.module as Record<string, Json[]>;
    const [designating] = calls.management;
    const [configuring] = calls.delegated_administrator;
    // THEN each account has its provider and call
    expect(providers).toEqual([
      [management.alias, [management.accountId]],
      [administrator.alias, [administrator.accountId]],
    ]);
    expect([designating.providers, configuring.providers]).toEqual([{ aws: `\${aws.${management.alias}}` }, { aws: `\${aws.${administrator.alias}}` }]);
    // AND the management account designates the administrator's account, which configures the organization after it
    expect([designating.organization_admin_account_id, designating.organization_configuration]).toEqual([administrator.accountId, undefined]);
    expect([configuring.create_detector, configuring.organization_admin_account_id, configuring.depends_on]).toEqual([
      false,
      undefined,
      ["${module.management}"],
    ]);
    expect(Object.keys(configuring.organization_configuration as Json).sort()).toEqual(
      ["auto_enable_members", "runtime_monitoring", "eks_addon_management", "ec2_agent_management", "ecs_fargate_agent_management"].sort(),
    );
  });
});

test("the complete example sets every variable but the adoption and organization ones (the organization example has those)", async () => {
  const { variable } = await parsedModule();
  const args = Object.keys(await exampleModuleCall("complete"));
  const notSet = Object.keys(variable).filter((v) => !args.includes(v));
  expect(notSet.sort()).toEqual(
    ["detector_id", "existing_topic_arn", "finding_types", "kms_key_arn", "organization_admin_account_id", "organization_configuration"].sort(),
  );
});

describe("README.md", () => {
  const readme = fileContent("README.md");
  const block = extractTerraformDocs(readme);

  test("holds one terraform-docs block, and it is what the generator renders now from the module's definitions", () => {
    // GIVEN the README's block between the terraform-docs markers
    expect(block).toBeDefined();
    expect(readme.split("<!-- BEGIN_TF_DOCS -->")).toHaveLength(2);
    // WHEN the block is rendered again from the variable and output definitions and the resource list of the parsed files
    const generated = generateModuleFiles([]);
    return parsedModule().then(({ resource, data }) => {
      const addresses = (kind: Json) =>
        Object.entries(kind as Record<string, Json>).flatMap(([type, byName]) => Object.keys(byName).map((n) => `${type}.${n}`));
      const current = renderTerraformDocs({
        requiredVersion: REQUIRED_TERRAFORM,
        providers: [AWS_PROVIDER],
        resources: addresses(resource),
        dataSources: addresses(data),
        variables: generated.variables,
        outputs: generated.outputs,
      });
      // THEN it is the same text
      expect(block).toBe(current);
    });
  });

  test("the block has the five terraform-docs tables and lists every variable, output and resource of the .tf files", async () => {
    const { variable, output, resource, data } = await parsedModule();
    for (const heading of ["## Requirements", "## Providers", "## Resources", "## Inputs", "## Outputs"]) expect(block).toContain(heading);
    for (const name of Object.keys(variable)) expect([name, block!.includes(`<a name="input_${name}"></a>`)]).toEqual([name, true]);
    for (const name of Object.keys(output)) expect([name, block!.includes(`<a name="output_${name}"></a>`)]).toEqual([name, true]);
    for (const [type, byName] of Object.entries(resource as Record<string, Json>)) {
      for (const n of Object.keys(byName))
        expect(block).toContain(
          `| [${type}.${n}](https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/${type.replace(/^aws_/, "")}) | resource |`,
        );
    }
    for (const [type, byName] of Object.entries(data as Record<string, Json>)) {
      for (const n of Object.keys(byName))
        expect(block).toContain(
          `[${type}.${n}](https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/${type.replace(/^aws_/, "")}) | data source |`,
        );
    }
  });

  test("each input row shows the variable's type and default as variables.tf declares them", async () => {
    const { variable } = await parsedModule();
    for (const [name, [v]] of Object.entries(variable as Record<string, Json[]>)) {
      const row = block!.split("\n").find((line) => line.startsWith(`| <a name="input_${name}"></a>`))!;
      const cells = row.split(" | ");
      const type = v.type.replace(/^\$\{(.*)\}$/, "$1");
      expect([name, cells[2]]).toEqual([name, `\`${type}\``]);
      // terraform-docs shows a default of more than 40 characters as indented JSON in a <pre> block.
      const json = JSON.stringify(v.default) ?? "";
      const shown = json.length <= 40 ? `\`${json}\`` : `<pre>${JSON.stringify(v.default, null, 2).split("\n").join("<br/>")}</pre>`;
      expect([name, cells[3]]).toEqual([name, "default" in v ? shown : "n/a"]);
      expect([name, cells[4]]).toEqual([name, "default" in v ? "no |" : "yes |"]);
    }
  });

  test("the usage snippet calls the module with every required variable", () => {
    const usage = /```hcl\n(module "guardduty_runtime_response" \{[\s\S]*?\n\})\n```/.exec(readme)?.[1];
    expect(usage).toContain('source  = "<namespace>/guardduty-runtime-response/aws"');
    expect(usage).toContain("name_prefix");
  });
});

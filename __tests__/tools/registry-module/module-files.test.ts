import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { buildRegistryModule } from "../../../tools/registry-module/registry-module";
import { describeWithShared, SHARED, sharedPath } from "../../support/shared-dir";
import { expressionText, fileContent, moduleFiles, moduleTfFiles, parsedFile, parsedFiles, parsedModule, parseOne } from "./module-fixture";

describe("the registry module's files", () => {
  test("every .tf file of the module and of its examples parses as HCL", async () => {
    // GIVEN every .tf file
    const tfFiles = moduleFiles().filter((f) => f.path.endsWith(".tf"));
    expect(tfFiles.map((f) => f.path)).toEqual(
      expect.arrayContaining(["main.tf", "variables.tf", "outputs.tf", "versions.tf", "examples/minimal/main.tf", "examples/complete/main.tf"]),
    );
    // WHEN hcl2json parses each
    const byPath = await parsedFiles();
    const parsed = tfFiles.map((f) => byPath.get(f.path)!);
    // THEN each yields at least one top-level block
    parsed.forEach((p, i) => expect([tfFiles[i].path, Object.keys(p).length > 0]).toEqual([tfFiles[i].path, true]));
  });

  test("hcl2json rejects malformed HCL, so parsing is a real check", async () => {
    // GIVEN a block that never closes WHEN parsed THEN it is refused
    await expect(parseOne("broken.tf", 'resource "aws_sns_topic" "x" {\n  name = "a"\n')).rejects.toBeDefined();
  });

  test("the module configures no provider and no backend or cloud block", async () => {
    // GIVEN the module's own .tf files, parsed
    const module = await parsedModule();
    // THEN there is no provider block, and the terraform block holds no backend and no cloud block
    expect(module.provider).toBeUndefined();
    for (const terraform of module.terraform ?? []) {
      expect(terraform.backend).toBeUndefined();
      expect(terraform.cloud).toBeUndefined();
    }
    for (const file of moduleTfFiles()) expect([file.path, /^\s*(provider|backend|cloud)\s+("|\{)/m.test(file.content)]).toEqual([file.path, false]);
  });

  test("versions.tf requires Terraform >= 1.5.0 and hashicorp/aws with a lower bound", async () => {
    // GIVEN versions.tf WHEN parsed
    const [terraform] = (await parsedFile("versions.tf")).terraform;
    // THEN required_version is set and aws comes from hashicorp/aws with a >= constraint
    expect(terraform.required_version).toBe(">= 1.5.0");
    const aws = terraform.required_providers[0].aws;
    expect(aws.source).toBe("hashicorp/aws");
    expect(aws.version).toMatch(/^>= ?\d+\.\d+/);
  });

  test("every variable has a type and a description, and is used outside variables.tf", async () => {
    // GIVEN the variables and the text of every other module file
    const { variable } = await parsedModule();
    const elsewhere = moduleTfFiles()
      .filter((f) => f.path !== "variables.tf")
      .map((f) => f.content)
      .join("\n");
    expect(Object.keys(variable).length).toBeGreaterThanOrEqual(35);
    for (const [name, [v]] of Object.entries(variable as Record<string, any[]>)) {
      // THEN each is typed, described, and referenced as var.<name>
      expect([name, typeof v.type, typeof v.description]).toEqual([name, "string", "string"]);
      expect([name, v.description.length > 10]).toEqual([name, true]);
      expect([name, new RegExp(`\\bvar\\.${name}\\b`).test(elsewhere)]).toEqual([name, true]);
    }
  });

  test("the inputs the issue names are all there", async () => {
    const { variable } = await parsedModule();
    const names = [
      "name_prefix",
      "create_detector",
      "detector_id",
      "finding_publishing_frequency",
      "enable_runtime_monitoring",
      "eks_addon_management",
      "ec2_agent_management",
      "ecs_fargate_agent_management",
      "create_ecs_auto_stop",
      "workflow",
      "dry_run",
      "exemption_tag",
      "min_healthy_tasks",
      "cluster_arns",
      "min_severity",
      "finding_types",
      "exclude_finding_types",
      "filter_cluster_arns",
      "exclude_cluster_arns",
      "account_ids",
      "notification_emails",
      "create_topic",
      "existing_topic_arn",
      "create_kms_key",
      "kms_key_arn",
      "create_dead_letter_queue",
      "maximum_event_age_in_seconds",
      "maximum_retry_attempts",
      "create_alarms",
      "log_retention_in_days",
      "log_level",
      "include_execution_data",
      "tracing_enabled",
      "tags",
      "notify_coverage_unhealthy",
      "agent_endpoints",
    ];
    expect(Object.keys(variable)).toEqual(expect.arrayContaining(names));
  });

  test("every output has a description and a value", async () => {
    const { output } = await parsedModule();
    expect(Object.keys(output).length).toBeGreaterThanOrEqual(10);
    for (const [name, [o]] of Object.entries(output as Record<string, any[]>)) {
      expect([name, typeof o.description, o.description.length > 10, o.value !== undefined]).toEqual([name, "string", true, true]);
    }
  });

  test("counted resources are toggled by a create_* switch and every reference to one goes through [0] inside a counted resource or one()", async () => {
    // GIVEN resources with count
    const { resource } = await parsedModule();
    const counted = Object.entries(resource as Record<string, Record<string, any[]>>).flatMap(([type, byName]) =>
      Object.entries(byName)
        .filter(([, [r]]) => r.count !== undefined)
        .map(([name, [r]]) => ({ address: `${type}.${name}`, count: expressionText(r.count) })),
    );
    expect(counted.length).toBeGreaterThanOrEqual(15);
    // THEN each count is `<switch> ? 1 : 0` on create_* variables or locals
    for (const c of counted)
      expect([c.address, c.count]).toEqual([c.address, expect.stringMatching(/^(var|local)\.create_[a-z_]+( && local\.create_[a-z_]+)? \? 1 : 0$/)]);
    // AND outputs read counted resources only through one(...) or a local that does
    const outputs = fileContent("outputs.tf");
    for (const c of counted) expect([c.address, outputs.includes(`${c.address}[0]`)]).toEqual([c.address, false]);
  });

  test("the generator is deterministic: two builds give the same bytes", () => {
    expect(JSON.stringify(buildRegistryModule())).toBe(JSON.stringify(buildRegistryModule()));
  });

  test("no sentinel, sample value or unresolved marker leaks into the files", () => {
    for (const file of moduleFiles()) {
      expect([file.path, /[\uE000\uE001]/.test(file.content)]).toEqual([file.path, false]);
      for (const sample of ["module-sample-cluster", "module-tag-key", "a.example.com", "b.example.com"]) {
        expect([file.path, sample, file.content.includes(sample)]).toEqual([file.path, sample, false]);
      }
    }
  });

  test("LICENSE is the Apache License 2.0 text as published (SHA-256 of https://www.apache.org/licenses/LICENSE-2.0.txt)", () => {
    expect(createHash("sha256").update(fileContent("LICENSE")).digest("hex")).toBe("cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30");
  });

  describeWithShared("against the copy in shared/testdata", [`${SHARED.eventBridgeVectors}/LICENSE-Apache-2.0.txt`], () => {
    test("LICENSE is the Apache License 2.0 text of shared/testdata", () => {
      expect(fileContent("LICENSE")).toBe(readFileSync(sharedPath(SHARED.eventBridgeVectors, "LICENSE-Apache-2.0.txt"), "utf8"));
    });
  });
});

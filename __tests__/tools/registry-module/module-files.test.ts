import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "cdktf";
import { loadConfig } from "../../../config/load-config";
import { planStacks } from "../../../config/stack-plans";
import { stackPropsOf } from "../../../config/stack-props";
import { RuntimeMonitoringStack } from "../../../modules/runtime-monitoring-stack";
import { exampleConfigs } from "../../../scripts/terraform-check/sources";
import { buildRegistryModule } from "../../../tools/registry-module/registry-module";
import { describeWithShared, SHARED, sharedPath } from "../../support/shared-dir";
import { findTerraform } from "../../support/terraform-binary";
import {
  expressionText,
  fileContent,
  Json,
  moduleFiles,
  moduleTfFiles,
  parsedFile,
  parsedFiles,
  parsedModule,
  parseOne,
  removeTemporaryFolders,
  terraformTry,
  writeModuleToTemp,
} from "./module-fixture";

const whenTerraform = findTerraform() ? test : test.skip;
const named = (name: string) => `${name}${findTerraform() ? "" : " (skipped: no terraform binary on PATH)"}`;

afterAll(removeTemporaryFolders);

describe("the registry module's files", () => {
  test("every .tf file of the module and of its examples parses as HCL", async () => {
    // GIVEN every .tf file
    const tfFiles = moduleFiles().filter((f) => f.path.endsWith(".tf"));
    expect(tfFiles.map((f) => f.path)).toEqual(
      expect.arrayContaining([
        "main.tf",
        "variables.tf",
        "outputs.tf",
        "versions.tf",
        "examples/minimal/main.tf",
        "examples/complete/main.tf",
        "examples/multi-region/main.tf",
        "examples/agent-endpoints/main.tf",
        "examples/organization/main.tf",
      ]),
    );
    // WHEN hcl2json parses each
    const byPath = await parsedFiles();
    const parsed = tfFiles.map((f) => byPath.get(f.path)!);
    // THEN each yields at least one top-level block
    parsed.forEach((p, i) => expect([tfFiles[i].path, Object.keys(p).length > 0]).toEqual([tfFiles[i].path, true]));
  });

  whenTerraform(named("terraform fmt -check leaves every file of the module, its examples and its tests as they are"), () => {
    // GIVEN the module written by the build script WHEN terraform fmt checks it recursively THEN nothing differs
    const dir = writeModuleToTemp();
    expect(terraformTry(findTerraform()!, dir, "fmt", "-check", "-recursive", "-diff", "-no-color")).toEqual({ status: 0, output: "" });
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

  test("versions.tf requires Terraform >= 1.9.0 (validations read other variables) and hashicorp/aws with a lower bound", async () => {
    // GIVEN versions.tf WHEN parsed
    const [terraform] = (await parsedFile("versions.tf")).terraform;
    // THEN required_version is set and aws comes from hashicorp/aws with a >= constraint
    expect(terraform.required_version).toBe(">= 1.9.0");
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
    expect(Object.keys(variable).length).toBeGreaterThanOrEqual(30);
    for (const [name, [v]] of Object.entries(variable as Record<string, any[]>)) {
      // THEN each is typed, described, and referenced as var.<name>
      expect([name, typeof v.type, typeof v.description]).toEqual([name, "string", "string"]);
      expect([name, v.description.length > 10]).toEqual([name, true]);
      expect([name, new RegExp(`\\bvar\\.${name}\\b`).test(elsewhere)]).toEqual([name, true]);
    }
  });

  test("the inputs the issue names are there, with the safety rails and agent_endpoints (tags and the cluster ARN lists are not yet: docs/registry-module-from-constructs.md)", async () => {
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
      "min_severity",
      "finding_types",
      "exclude_finding_types",
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
      "notify_coverage_unhealthy",
      "create_ec2_isolation",
      "create_eks_containment",
      "eks_cluster_names",
      "eks_namespaces",
      "kill_switch",
      "ecs_auto_stop_blast_radius_cap",
      "ecs_auto_stop_approval_gate",
      "ec2_isolation_approval_gate",
      "eks_containment_approval_gate",
      "approver_role_names",
      "approver_group_names",
      "approver_require_mfa",
      "ec2_dry_run",
      "ec2_quarantine_security_group_name",
      "ec2_include_self_managed_containers",
      "ec2_isolate_container_hosts",
      "ec2_container_host_tag_keys",
      "eks_dry_run",
      "eks_action",
      "detector_features",
      "ec2_exemption_tag",
      "ec2_isolation_tag",
      "eks_exemption_label",
      "eks_isolation_label",
      "eks_protected_namespaces",
      "cluster_arns",
      "filter_cluster_arns",
      "exclude_cluster_arns",
      "agent_endpoints",
    ];
    expect(Object.keys(variable)).toEqual(expect.arrayContaining(names));
  });

  test("every output has a description and a value", async () => {
    const { output } = await parsedModule();
    expect(Object.keys(output)).toEqual(
      expect.arrayContaining([
        "detector_id",
        "notification_topic_arn",
        "state_machine_arn",
        "event_rule_arn",
        "ec2_isolation_state_machine_arn",
        "eks_containment_state_machine_arn",
      ]),
    );
    for (const [name, [o]] of Object.entries(output as Record<string, any[]>)) {
      expect([name, typeof o.description, o.description.length > 10, o.value !== undefined]).toEqual([name, "string", true, true]);
    }
  });

  test("counted resources are toggled by conditions on variables only, and outputs read them through one() or a local", async () => {
    // GIVEN resources with count
    const { resource } = await parsedModule();
    const counted = Object.entries(resource as Record<string, Record<string, any[]>>).flatMap(([type, byName]) =>
      Object.entries(byName)
        .filter(([, [r]]) => r.count !== undefined)
        .map(([name, [r]]) => ({ address: `${type}.${name}`, count: expressionText(r.count) })),
    );
    expect(counted.length).toBeGreaterThanOrEqual(15);
    // THEN each count is `<condition> ? 1 : 0` on variables (no resource or data source in it): a caller's depends_on
    // defers the module's data sources to apply, and a count that read one would be unknown while planning
    for (const c of counted) {
      expect([c.address, c.count]).toEqual([c.address, expect.stringMatching(/ \? 1 : 0$/)]);
      expect([c.address, c.count.replace(/var\.[a-z_]+/g, "").includes(".")]).toEqual([c.address, false]);
    }
    // AND outputs read counted resources only through one(...) or a local that does
    const outputs = fileContent("outputs.tf");
    for (const c of counted) expect([c.address, outputs.includes(`${c.address}[0]`)]).toEqual([c.address, false]);
  });

  test("nested blocks of every event target are written as blocks, even next to a target that sets none", () => {
    // GIVEN the module's files, where the coverage target (no dead-letter, retry or transformer) precedes the pipelines'
    const files = moduleTfFiles();
    const targets = files.flatMap((f) => [...f.content.matchAll(/^resource "aws_cloudwatch_event_target" "(\w+)" \{\n([\s\S]*?)^\}/gm)]);
    expect(targets.length).toBeGreaterThanOrEqual(4);
    for (const [, name, body] of targets) {
      // THEN no nested block is assigned as an argument (Terraform: "An argument named ... is not expected here")
      expect([name, body.match(/^\s+(dead_letter_config|input_transformer|retry_policy)\s*=/m)?.[1]]).toEqual([name, undefined]);
    }
    const pipelines = targets.filter(([, name]) => !name.startsWith("coverage"));
    for (const [, name, body] of pipelines)
      expect([name, /^\s+input_transformer \{/m.test(body), /^\s+retry_policy \{/m.test(body)]).toEqual([name, true, true]);
  });

  test("the cap's count is a string in DynamoDB's N and never null in text, whether a cap is set or not", () => {
    // GIVEN every place a pipeline's cap reaches its state machine definition
    const uses = moduleTfFiles().flatMap((f) => [...f.content.matchAll(/.*var\.\w+_blast_radius_cap\.max_actions.*/g)].map((m) => m[0]));
    const inDefinitions = uses.filter((u) => !/condition\s*=/.test(u));
    expect(inDefinitions.length).toBeGreaterThanOrEqual(6);
    for (const use of inDefinitions) {
      // THEN each reads it through tostring() with a fallback of 0: a JSON number in `N` is not a DynamoDB number
      // string, and Terraform evaluates the cap's states (and would fail on a null in text) even when no cap is set
      expect(use).toMatch(/tostring\(try\(var\.\w+_blast_radius_cap\.max_actions, 0\)\)/);
      expect(use).not.toMatch(/max_actions, null\)/);
    }
  });

  test("each state machine's execution timeout is its own plus its approval gate's wait, only with a gate", () => {
    // GIVEN the EC2 and EKS state machines' definitions (the ECS one picks the seed's or the guarded one's)
    for (const [file, pipeline] of [
      ["ec2_isolation.tf", "ec2_isolation"],
      ["eks_containment.tf", "eks_containment"],
    ]) {
      // THEN TimeoutSeconds adds the gate's timeout_seconds when the gate is set
      expect(fileContent(file)).toContain(
        `TimeoutSeconds = var.${pipeline}_approval_gate != null ? try(var.${pipeline}_approval_gate.timeout_seconds, 0) + 900 : 900`,
      );
    }
    expect(fileContent("ecs_auto_stop.tf")).toMatch(
      /TimeoutSeconds = \[\s*var\.ecs_auto_stop_approval_gate != null \? try\(var\.ecs_auto_stop_approval_gate\.timeout_seconds, 0\) \+ 900 : 900,\s*3600,\s*\]\[\(var\.workflow == "guarded" \|\| !var\.create_ecs_auto_stop\) \? 0 : 1\]/,
    );
  });

  test("the approvers' policy exists with any gate and is attached to each named role and group", async () => {
    // GIVEN the module's resources WHEN parsed
    const { resource } = await parsedModule();
    const policy = resource.aws_iam_policy.approval_approvers_policy[0];
    // THEN the policy is counted on the three gates, and one attachment per role and per group name
    expect(expressionText(policy.count)).toContain(
      "(var.ecs_auto_stop_approval_gate != null || var.ec2_isolation_approval_gate != null || var.eks_containment_approval_gate != null)",
    );
    expect(expressionText(resource.aws_iam_role_policy_attachment.approval_approvers_role[0].for_each)).toMatch(
      / \? toset\(var\.approver_role_names\) : toset\(\[\]\)$/,
    );
    expect(expressionText(resource.aws_iam_group_policy_attachment.approval_approvers_group[0].for_each)).toMatch(
      / \? toset\(var\.approver_group_names\) : toset\(\[\]\)$/,
    );
    expect(resource.aws_iam_role_policy_attachment.approval_approvers_role[0].role).toBe("${each.value}");
  });

  test("the EC2 and EKS pipelines' own options reach their state machines' settings", () => {
    // GIVEN the EC2 and EKS files
    const ec2 = fileContent("ec2_isolation.tf");
    const eks = fileContent("eks_containment.tf");
    // THEN dry run, the quarantine group's name (default <name_prefix>-quarantine), container hosts and the action are variables
    // (a boolean a switch chooses is the switch's expression)
    expect(ec2).toMatch(/DryRun\s+= var\.ec2_dry_run\n/);
    expect(ec2).toContain('GroupName   = coalesce(var.ec2_quarantine_security_group_name, "${var.name_prefix}-quarantine")');
    expect(ec2).toMatch(/IsolateContainerHosts\s+= var\.ec2_isolate_container_hosts\n/);
    expect(ec2).toContain("[for item in var.ec2_container_host_tag_keys : item]");
    expect(ec2).toMatch(/\[for x in \["Container"\] : x if var\.ec2_include_self_managed_containers\]/);
    expect(eks).toMatch(/Action\s+= var\.eks_action == "isolate" \? "isolate" : "delete"/);
    expect(eks).toMatch(/DryRun\s+= var\.eks_dry_run\n/);
  });

  test("agent endpoints iterate agent_endpoints; an ingress rule per item and CIDR, an add-on per item and cluster", async () => {
    // GIVEN the module's resources and data sources WHEN parsed
    const { resource, data } = await parsedModule();
    const forEach = (r: Record<string, Json[]>, name: string) => expressionText(r[name][0].for_each);
    // THEN the endpoint and its group are one per item, the VPC lookup one per item without allowed_cidrs
    expect(forEach(resource.aws_vpc_endpoint, "agent_endpoint_endpoint")).toBe("var.agent_endpoints");
    expect(forEach(resource.aws_security_group, "agent_endpoint_security_group")).toBe("var.agent_endpoints");
    expect(forEach(data.aws_vpc, "agent_endpoint_vpc")).toBe("{ for k, v in var.agent_endpoints : k => v if !(v.allowed_cidrs != null) }");
    // AND the ingress rules are keyed <name>/<cidr>, the CIDRs given or the VPC's, each with the item's security group
    const rule = resource.aws_vpc_security_group_ingress_rule.agent_endpoint_https_from_vpc[0];
    expect(expressionText(rule.for_each)).toBe(
      'merge([for k, v in var.agent_endpoints : { for x in toset((v.allowed_cidrs != null ? v.allowed_cidrs : data.aws_vpc.agent_endpoint_vpc[k].cidr_block_associations[*].cidr_block)) : "${k}/${x}" => { key = k, item = v, value = x } }]...)',
    );
    expect([rule.cidr_ipv4, rule.security_group_id]).toEqual(["${each.value.value}", "${aws_security_group.agent_endpoint_security_group[each.value.key].id}"]);
    // AND the add-on is keyed <name>/<cluster>, only without GuardDuty's add-on management
    const addon = resource.aws_eks_addon.agent_endpoint_eks_addon[0];
    expect(expressionText(addon.for_each)).toBe(
      'merge([for k, v in var.agent_endpoints : { for x in toset(try(v.eks_addon.cluster_names, [])) : "${k}/${x}" => { key = k, item = v, value = x } } if !var.eks_addon_management]...)',
    );
    expect([addon.cluster_name, addon.addon_version]).toEqual(["${each.value.value}", "${try(each.value.item.eks_addon.addon_version, null)}"]);
  });

  test("the EC2 tags and EKS labels are variables, also where they are object keys: the IAM conditions, the label maps merged", () => {
    // GIVEN the EC2 and EKS files
    const ec2 = fileContent("ec2_isolation.tf");
    const eks = fileContent("eks_containment.tf");
    // THEN the role may tag and modify instances by the isolation tag's key, written as an expression key
    expect(ec2).toContain('StringEquals = { ("aws:RequestTag/${var.ec2_isolation_tag.key}") = var.ec2_isolation_tag.value }');
    expect(ec2).toContain('StringEquals = { ("aws:ResourceTag/${var.ec2_isolation_tag.key}") = var.ec2_isolation_tag.value }');
    expect(ec2).toMatch(/ExemptionTag = \{ Key = var\.ec2_exemption_tag\.key, Value = var\.ec2_exemption_tag\.value \}/);
    // AND the label defaults, whose two keys are one with the defaults, are a merge() of one-key objects
    expect(eks).toContain(
      'LabelDefaults = merge(\n              { (var.eks_exemption_label.key) = "" },\n              { (var.eks_isolation_label.key) = "" },\n            )',
    );
    expect(eks).toMatch(/IsolationLabels = \{ \(var\.eks_isolation_label\.key\) = var\.eks_isolation_label\.value \}/);
    expect(eks).toContain("Variable         = \"$.target.Checked['${var.eks_exemption_label.key}']\"");
    // AND the protected namespaces are kube-system and the variable's others
    expect(eks).toMatch(
      /ProtectedNamespaces = concat\(\n\s+\["kube-system"\],\n\s+\[for x in \[for item in \[for n in var\.eks_protected_namespaces : n if !contains\(\["kube-system"\], n\)\] : item\] : x if length\(var\.eks_protected_namespaces\) > 0\],/,
    );
  });

  test("the ECS cluster scopes: the role's statements per cluster (tasks and services derived from its ARN), the rule's filter", () => {
    // GIVEN the ECS file
    const ecs = fileContent("ecs_auto_stop.tf");
    // THEN the role may stop and read the tasks and services of each listed cluster, conditioned on the cluster
    expect(ecs).toContain('Resource = [for item in var.cluster_arns : "${replace(item, ":cluster/", ":task/")}/*"]');
    expect(ecs).toContain('[for item in var.cluster_arns : "${replace(item, ":cluster/", ":service/")}/*"],');
    expect(ecs).toContain('ArnEquals = { "ecs:cluster" = [for item in var.cluster_arns : item] }');
    // AND without clusters the role keeps the statement of any task of this account and region
    expect(ecs).toMatch(/Sid {6}= "StopTasksOfThisAccountAndRegion"[\s\S]*?\] : x if !\(length\(var\.cluster_arns\) > 0\)\]/);
    // AND the rule matches the filtered clusters not excluded, or any but the excluded ones
    expect(ecs).toContain(
      "[for x in [for item in [for a in var.filter_cluster_arns : a if !contains(var.exclude_cluster_arns, a)] : item] : x if length(var.filter_cluster_arns) > 0],",
    );
    expect(ecs).toContain('[for x in [{ "anything-but" = [for item in var.exclude_cluster_arns : item] }] : x if !(length(var.filter_cluster_arns) > 0)],');
  });

  test("lifecycle ignore_changes names attributes bare, not quoted (Terraform deprecates quoted references)", () => {
    // GIVEN every lifecycle block of the module
    const ignores = moduleTfFiles().flatMap((f) => [...f.content.matchAll(/ignore_changes\s*=\s*(.*)$/gm)].map((m) => m[1]));
    expect(ignores.length).toBeGreaterThan(0);
    // THEN none holds a quoted name
    for (const i of ignores) expect(i).not.toContain('"');
  });

  test("the generator is deterministic: two builds give the same bytes", () => {
    expect(JSON.stringify(buildRegistryModule())).toBe(JSON.stringify(buildRegistryModule()));
  });

  test("no sentinel, sample value or unresolved marker leaks into the files", () => {
    // GIVEN every file but variables.tf (whose allowed values include the retention stand-ins)
    for (const file of moduleFiles().filter((f) => f.path !== "variables.tf")) {
      // THEN no stand-in of the generator (definition.ts) is in it
      expect([file.path, /[\uE000\uE001]/.test(file.content)]).toEqual([file.path, false]);
      for (const sample of [
        "StandIn",
        "module-sample",
        "samplecluster",
        "samplenamespace",
        "af-south-1",
        "afs1",
        "us-gov-east-1",
        "usge1",
        "77777",
        "111111111111",
        "sample-approver",
        "173913",
        "EcTwo",
        "EksExemption",
        "EksIsolation",
        "protectedsample",
        "xx-sample-1",
        "scopesample",
        "filtersample",
        "excludesample",
      ]) {
        expect([file.path, sample, file.content.includes(sample)]).toEqual([file.path, sample, false]);
      }
    }
  });

  test("no file of the module writes the aws partition or its console domain as a literal: GovCloud regions get aws-us-gov", () => {
    // GIVEN every .tf file of the module but variables.tf (whose ARN examples are commercial)
    for (const file of moduleTfFiles().filter((f) => f.path !== "variables.tf")) {
      // THEN no ARN starts with arn:aws: (Task resources and policies read data.aws_partition), and the console's
      // domain is the local that follows the partition
      expect([file.path, file.content.match(/arn:aws[-:][^"]{0,60}/g)]).toEqual([file.path, null]);
      const domains = file.content.match(/console\.[a-z.-]+/g) ?? [];
      expect([file.path, domains]).toEqual([file.path, file.path === "main.tf" ? ["console.amazonaws-us-gov.com", "console.aws.amazon.com"] : []]);
    }
    expect(fileContent("main.tf")).toContain(
      'console_domain          = data.aws_partition.awscontext_partition.partition == "aws-us-gov" ? "console.amazonaws-us-gov.com" : "console.aws.amazon.com"',
    );
    expect(fileContent("ec2_isolation.tf")).toContain("ConsoleDomain         = local.console_domain");
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

describe("the module's coverage of the app", () => {
  test("every resource and data source type any example config or the built-in default synthesizes is in the module", async () => {
    // GIVEN every stack of every example config and of the built-in default, synthesized as the app does
    const examplesDir = join(__dirname, "..", "..", "..", "examples");
    const configs = [loadConfig().config, ...exampleConfigs(examplesDir).map((e) => loadConfig(e.path).config)];
    const app = Testing.app();
    const synthesized = new Set<string>();
    configs.forEach((config, i) =>
      planStacks(config).forEach((plan, k) => {
        const json = JSON.parse(Testing.synth(new RuntimeMonitoringStack(app, `s${i}-${k}`, stackPropsOf(plan)))) as Record<string, Json>;
        for (const kind of ["resource", "data"]) for (const type of Object.keys(json[kind] ?? {})) synthesized.add(`${kind} ${type}`);
      }),
    );
    // WHEN the module's own types are listed
    const parsed = await parsedModule();
    const inModule = new Set(["resource", "data"].flatMap((kind) => Object.keys((parsed[kind] as Json | undefined) ?? {}).map((type) => `${kind} ${type}`)));
    // THEN none is missing (the organization's among them)
    expect([...synthesized].filter((t) => !inModule.has(t)).sort()).toEqual([]);
    expect([...synthesized]).toEqual(expect.arrayContaining(["resource aws_guardduty_organization_admin_account", "data aws_guardduty_detector"]));
  });
});

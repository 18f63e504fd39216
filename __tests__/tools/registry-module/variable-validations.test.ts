/**
 * The module's variable validations run by Terraform itself: a root module passes values to a module made of the
 * generated variables.tf only (no resources, no provider: it plans offline), and the plan's diagnostics are read.
 */
import { QUARANTINE_GROUP_NAME_ALLOWED } from "../../../functions/aws/security-group-name";
import { literal, renderValue } from "../../../tools/registry-module/hcl";
import { findTerraform } from "../../support/terraform-binary";
import { fileContent, moduleFiles, removeTemporaryFolders, terraformAsync, writeTree } from "./module-fixture";

// The module is generated once (some seventy syntheses with a cold cache, while other workers synthesize too):
// a generous bound, not a speed requirement.
beforeAll(() => void moduleFiles(), 600_000);

afterAll(removeTemporaryFolders);

const terraform = findTerraform();
const whenTerraform = terraform ? test : test.skip;
const named = (name: string) => `${name}${terraform ? "" : " (skipped: no terraform binary on PATH)"}`;

const REGION = "eu-west-1";

/** Plans a call of the variables with these arguments; returns the error diagnostics' details (none: valid). */
async function validationErrors(args: Record<string, unknown>): Promise<string[]> {
  const call = Object.entries({ name_prefix: "acme", ...args })
    .map(([k, v]) => `  ${k} = ${renderValue(literal(v), 2, 0)}`)
    .join("\n");
  const dir = writeTree({
    "main.tf": `module "m" {\n  source = "./m"\n${call}\n}\n`,
    "m/variables.tf": fileContent("variables.tf"),
    // The module's region (main.tf reads it from the provider): the cluster ARNs' validations compare with it.
    "m/region.tf": `locals {\n  region = "${REGION}"\n}\n`,
    "m/versions.tf": 'terraform {\n  required_version = ">= 1.9.0"\n}\n',
  });
  const init = await terraformAsync(terraform!, dir, "init", "-input=false", "-no-color");
  if (init.status !== 0) throw new Error(`terraform init failed: ${init.output}`);
  const plan = await terraformAsync(terraform!, dir, "plan", "-input=false", "-no-color", "-json");
  const errors = plan.output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { type: string; diagnostic?: { severity: string; detail: string } })
    .filter((m) => m.type === "diagnostic" && m.diagnostic?.severity === "error")
    .map((m) => m.diagnostic!.detail.replace(/\n\nThis was checked by the validation rule at .*$/s, ""));
  if (plan.status === 0 && errors.length > 0) throw new Error(`plan succeeded with errors: ${errors.join("; ")}`);
  if (plan.status !== 0 && errors.length === 0) throw new Error(`plan failed without an error diagnostic: ${plan.output}`);
  return errors;
}

const guardedEc2 = { workflow: "guarded", create_ec2_isolation: true, create_eks_containment: false };

describe("approval gate variables, validated by Terraform as the config loader validates safety_rails.approval_gate", () => {
  whenTerraform(
    named("a gate per pipeline with a timeout, on_timeout and threshold within the loader's ranges is valid"),
    async () => {
      // GIVEN gates on the ECS (guarded) and EC2 pipelines, approvers with MFA WHEN planned THEN there is no error
      const errors = await validationErrors({
        ...guardedEc2,
        ecs_auto_stop_approval_gate: { timeout_seconds: 60, min_severity: 0 },
        ec2_isolation_approval_gate: { timeout_seconds: 604800, on_timeout: "act", min_severity: 10 },
        approver_role_names: ["incident-approver"],
        approver_group_names: ["security+oncall@x"],
        approver_require_mfa: true,
      });
      expect(errors).toEqual([]);
    },
    60_000,
  );

  whenTerraform(
    named("a timeout outside 60-604800 or not whole, an unknown on_timeout and a threshold above 10 are refused"),
    async () => {
      // GIVEN each value the loader refuses, in a gate of its own pipeline
      const errors = await validationErrors({
        ...guardedEc2,
        create_eks_containment: true,
        eks_cluster_names: ["prod"],
        eks_namespaces: ["web"],
        ecs_auto_stop_approval_gate: { timeout_seconds: 59 },
        ec2_isolation_approval_gate: { timeout_seconds: 90.5, on_timeout: "later" },
        eks_containment_approval_gate: { timeout_seconds: 604801, min_severity: 10.5 },
      });
      // THEN each is refused with its message
      expect(errors.sort()).toEqual(
        [
          "ecs_auto_stop_approval_gate.timeout_seconds must be a whole number from 60 to 604800.",
          "ec2_isolation_approval_gate.timeout_seconds must be a whole number from 60 to 604800.",
          "ec2_isolation_approval_gate.on_timeout must be one of hold, act.",
          "eks_containment_approval_gate.timeout_seconds must be a whole number from 60 to 604800.",
          "eks_containment_approval_gate.min_severity must be a number from 0 to 10.",
        ].sort(),
      );
    },
    60_000,
  );

  whenTerraform(
    named("an ECS gate with the seed workflow and an EC2 gate without its pipeline are refused, as the loader's rules"),
    async () => {
      // GIVEN an ECS gate with workflow seed, and an EC2 gate with create_ec2_isolation false
      const errors = await validationErrors({
        workflow: "seed",
        ecs_auto_stop_approval_gate: { timeout_seconds: 600 },
        ec2_isolation_approval_gate: { timeout_seconds: 600 },
      });
      // THEN both are refused with the loader's reasons
      expect(errors.sort()).toEqual(
        [
          'ecs_auto_stop_approval_gate needs workflow on: a gate of a pipeline that is not deployed would be ignored, and the seed workflow has no place for an approval gate (workflow = "guarded").',
          "ec2_isolation_approval_gate needs create_ec2_isolation on: a gate of a pipeline that is not deployed would be ignored.",
        ].sort(),
      );
    },
    60_000,
  );

  whenTerraform(
    named("an EC2 gate next to the seed ECS workflow is valid (the loader refuses only the ECS rails there)"),
    async () => {
      // GIVEN the seed ECS workflow and a gate on the EC2 pipeline WHEN planned THEN there is no error
      expect(await validationErrors({ create_ec2_isolation: true, ec2_isolation_approval_gate: { timeout_seconds: 600 } })).toEqual([]);
    },
    60_000,
  );

  whenTerraform(
    named("approver names that are not IAM names, or given twice, are refused"),
    async () => {
      // GIVEN a role name with a space, a group name given twice, and a 65-character role name
      const errors = await validationErrors({ approver_role_names: ["on call", "r".repeat(65)], approver_group_names: ["ops", "ops"] });
      // THEN each list is refused with its message
      expect(errors.sort()).toEqual(
        [
          "Each approver_role_names item must be an IAM role name (1-64 of A-Z a-z 0-9 _+=,.@-).",
          "Each value of approver_group_names may appear only once.",
        ].sort(),
      );
    },
    60_000,
  );
});

describe("the kill switch and caps, validated by Terraform as the loader's rules (refused only with the seed ECS workflow deployed)", () => {
  whenTerraform(
    named("without the ECS pipeline, the seed workflow with the kill switch and EC2 and EKS caps is valid"),
    async () => {
      // GIVEN create_ecs_auto_stop false, workflow seed, the kill switch and a cap on the EC2 and EKS pipelines
      const errors = await validationErrors({
        create_ecs_auto_stop: false,
        workflow: "seed",
        kill_switch: true,
        create_ec2_isolation: true,
        ec2_isolation_blast_radius_cap: { max_actions: 5 },
        create_eks_containment: true,
        eks_cluster_names: ["prod"],
        eks_namespaces: ["web"],
        eks_containment_blast_radius_cap: { max_actions: 3, window: "day" },
      });
      // WHEN planned THEN there is no error
      expect(errors).toEqual([]);
    },
    60_000,
  );

  whenTerraform(
    named("with the seed ECS workflow deployed, the kill switch and the ECS cap are refused and an EC2 cap is valid"),
    async () => {
      // GIVEN the ECS pipeline on the seed workflow, the kill switch, an ECS cap and an EC2 cap
      const errors = await validationErrors({
        workflow: "seed",
        kill_switch: true,
        ecs_auto_stop_blast_radius_cap: { max_actions: 5 },
        create_ec2_isolation: true,
        ec2_isolation_blast_radius_cap: { max_actions: 5 },
      });
      // WHEN planned THEN the kill switch and the ECS cap are refused with the loader's reasons, the EC2 cap is not
      expect(errors.sort()).toEqual(
        [
          'kill_switch needs workflow on: the seed ECS workflow, when deployed, has no place for safety rails (workflow = "guarded", or create_ecs_auto_stop = false).',
          'ecs_auto_stop_blast_radius_cap needs workflow on: a cap of a pipeline that is not deployed would be ignored, and the seed workflow has no place for safety rails (workflow = "guarded").',
        ].sort(),
      );
    },
    60_000,
  );

  whenTerraform(
    named("an EC2 cap without the EC2 pipeline is refused"),
    async () => {
      // GIVEN an EC2 cap with create_ec2_isolation false
      const errors = await validationErrors({ workflow: "guarded", ec2_isolation_blast_radius_cap: { max_actions: 5 } });
      // WHEN planned THEN it is refused with the loader's reason
      expect(errors).toEqual(["ec2_isolation_blast_radius_cap needs create_ec2_isolation on: a cap of a pipeline that is not deployed would be ignored."]);
    },
    60_000,
  );
});

describe("detector_features, validated by Terraform as the config validates detector.features", () => {
  whenTerraform(
    named("plans enabled and disabled on an adopted detector are valid"),
    async () => {
      // GIVEN an adopted detector with one plan ENABLED and one DISABLED WHEN planned THEN there is no error
      const errors = await validationErrors({
        create_detector: false,
        detector_id: "0123456789abcdef0123456789abcdef",
        detector_features: { S3_DATA_EVENTS: "ENABLED", RDS_LOGIN_EVENTS: "DISABLED" },
      });
      expect(errors).toEqual([]);
    },
    60_000,
  );

  whenTerraform(
    named("RUNTIME_MONITORING as a plan, the legacy EKS_RUNTIME_MONITORING and a status other than ENABLED or DISABLED are refused"),
    async () => {
      // GIVEN each key or status the loader refuses
      const errors = await validationErrors({ detector_features: { RUNTIME_MONITORING: "ENABLED", EKS_RUNTIME_MONITORING: "DISABLED", S3_DATA_EVENTS: "on" } });
      // THEN each is refused with its message
      expect(errors.sort()).toEqual(
        [
          "The detector_features keys must be among S3_DATA_EVENTS, EKS_AUDIT_LOGS, EBS_MALWARE_PROTECTION, RDS_LOGIN_EVENTS, LAMBDA_NETWORK_LOGS.",
          "The detector_features key EKS_RUNTIME_MONITORING is refused: RUNTIME_MONITORING (enable_runtime_monitoring) replaces it and GuardDuty refuses both on one detector.",
          "Each detector_features status must be ENABLED or DISABLED.",
        ].sort(),
      );
    },
    60_000,
  );
});

describe("the EC2 and EKS pipelines' own variables, validated by Terraform as the config validates them", () => {
  whenTerraform(
    named("a quarantine group name starting with sg-, an unknown EKS action and an aws: container host tag key are refused"),
    async () => {
      // GIVEN each value the config refuses
      const errors = await validationErrors({
        ec2_quarantine_security_group_name: "SG-quarantine",
        eks_action: "evict",
        ec2_container_host_tag_keys: ["aws:autoscaling:groupName"],
      });
      // THEN each is refused with its message
      expect(errors.sort()).toEqual(
        [
          `The ec2_quarantine_security_group_name must be ${QUARANTINE_GROUP_NAME_ALLOWED}.`,
          'The eks_action must be "isolate" or "delete".',
          "Each ec2_container_host_tag_keys item must be 1-128 letters, digits, spaces and _.:/=+-@, not starting with aws:.",
        ].sort(),
      );
    },
    60_000,
  );

  whenTerraform(
    named("a quarantine group name of the allowed characters and the delete action are valid"),
    async () => {
      // GIVEN values the config accepts WHEN planned THEN there is no error
      expect(await validationErrors({ ec2_quarantine_security_group_name: "acme quarantine:1/@+=", eks_action: "delete" })).toEqual([]);
    },
    60_000,
  );
});

describe("the EC2 tags, EKS labels and protected namespaces, validated by Terraform as the config loader validates them", () => {
  // A variable whose validation reads another is not validated while that other one is invalid: one invalid
  // variable per plan where they depend on each other.
  whenTerraform(
    named("an isolation tag equal to the exemption tag, one the workflow writes itself and an aws: key are refused"),
    async () => {
      // GIVEN the EC2 isolation tag equal to the exemption tag, then keyed as the finding id tag, then an aws: exemption key
      const equal = await validationErrors({ ec2_exemption_tag: { key: "acme", value: "x" }, ec2_isolation_tag: { key: "acme", value: "x" } });
      const written = await validationErrors({ ec2_isolation_tag: { key: "guardduty-finding-id", value: "y" } });
      const reserved = await validationErrors({ ec2_exemption_tag: { key: "aws:acme", value: "x" } });
      // THEN each is refused with the loader's reason
      expect(equal).toEqual(["The ec2_isolation_tag must differ from the ec2_exemption_tag: an isolated instance would read as exempt."]);
      expect(written).toEqual([
        "The ec2_isolation_tag key must be other than guardduty-finding-id, guardduty-instance-id, guardduty-device-name, guardduty-quarantine (the workflow writes those itself).",
      ]);
      expect(reserved).toEqual([
        "The ec2_exemption_tag key must be 1-128 letters, digits, spaces and _.:/=+-@, not starting with aws:, and its value at most 256 of them.",
      ]);
    },
    60_000,
  );

  whenTerraform(
    named("labels that are not Kubernetes labels, an empty value and an isolation label equal to the exemption label are refused"),
    async () => {
      // GIVEN a key with a space and an empty value, then a prefix of 254 characters, then two equal labels
      const invalid = await validationErrors({ eks_exemption_label: { key: "acme response", value: "" } });
      const longPrefix = await validationErrors({ eks_isolation_label: { key: `${"a".repeat(254)}/response`, value: "isolated" } });
      const equal = await validationErrors({
        eks_exemption_label: { key: "acme.example/r", value: "x" },
        eks_isolation_label: { key: "acme.example/r", value: "x" },
      });
      // THEN each is refused with its message
      expect(invalid.sort()).toEqual(
        [
          "The eks_exemption_label key must be a Kubernetes label key: [prefix/]name, the prefix a DNS subdomain of at most 253 characters, the name at most 63.",
          "The eks_exemption_label value must be a non-empty Kubernetes label value of at most 63 characters (the workflow selects pods by it).",
        ].sort(),
      );
      expect(longPrefix).toEqual([
        "The eks_isolation_label key must be a Kubernetes label key: [prefix/]name, the prefix a DNS subdomain of at most 253 characters, the name at most 63.",
      ]);
      expect(equal).toEqual(["The eks_isolation_label must differ from the eks_exemption_label: an isolated pod would count as exempt."]);
    },
    60_000,
  );

  whenTerraform(
    named("a protected namespace in eks_namespaces or a bad name in eks_protected_namespaces are refused; kube-system listed is valid, as the loader has it"),
    async () => {
      // GIVEN istio-system protected and in the access scope, then an upper-case name listed as protected, then
      // kube-system listed (protected always: the constructs list it once)
      const scoped = await validationErrors({ eks_protected_namespaces: ["istio-system"], eks_namespaces: ["web", "istio-system"] });
      const listed = await validationErrors({ eks_protected_namespaces: ["kube-system", "Istio"] });
      const kubeSystem = await validationErrors({ eks_protected_namespaces: ["kube-system", "istio-system"] });
      // THEN the first two are refused with their messages, the third is valid
      expect(scoped).toEqual(["Protected namespaces are refused: kube-system and eks_protected_namespaces."]);
      expect(listed).toEqual([
        "Each eks_protected_namespaces item must be a Kubernetes namespace name (1-63 of a-z 0-9 -, starting and ending with a letter or digit).",
      ]);
      expect(kubeSystem).toEqual([]);
    },
    60_000,
  );

  whenTerraform(
    named("tags and labels of one's own sharing a key, and a default protected namespace in scope once unprotected, are valid"),
    async () => {
      // GIVEN tags and labels whose keys are equal (their values differ), and kube-public no longer protected but in scope
      const errors = await validationErrors({
        ec2_exemption_tag: { key: "acme:guardduty", value: "exempt" },
        ec2_isolation_tag: { key: "acme:guardduty", value: "isolated" },
        eks_exemption_label: { key: "acme.example/guardduty", value: "exempt" },
        eks_isolation_label: { key: "acme.example/guardduty", value: "isolated" },
        eks_protected_namespaces: ["istio-system"],
        eks_namespaces: ["kube-public"],
      });
      // WHEN planned THEN there is no error (the loader accepts them too)
      expect(errors).toEqual([]);
    },
    60_000,
  );
});

describe("the ECS cluster ARNs, validated by Terraform as the config loader validates them", () => {
  const arn = (region: string, account: string, name: string) => `arn:aws:ecs:${region}:${account}:cluster/${name}`;

  whenTerraform(
    named("clusters in the module's region, the filter's of the filtered accounts, are valid"),
    async () => {
      // GIVEN an IAM scope, a filter and an exclusion in the region, the filter's clusters in account_ids
      const errors = await validationErrors({
        cluster_arns: [arn(REGION, "111111111111", "payments")],
        filter_cluster_arns: [arn(REGION, "123456789012", "web")],
        exclude_cluster_arns: [arn(REGION, "123456789012", "batch")],
        account_ids: ["123456789012"],
      });
      // WHEN planned THEN there is no error
      expect(errors).toEqual([]);
    },
    60_000,
  );

  whenTerraform(
    named("a cluster in another region, a filtered cluster of an account left out, a filter all excluded, a malformed ARN are refused"),
    async () => {
      // GIVEN one list refused per plan (with several in one plan, Terraform reported the first one's only):
      // a scope in another region, a filter with a cluster of an account left out (another excluded: valid, the rest
      // still matches), a filter whose every cluster is excluded, a service ARN
      const region = await validationErrors({ cluster_arns: [arn("us-east-1", "111111111111", "payments")] });
      const filter = await validationErrors({
        filter_cluster_arns: [arn(REGION, "111111111111", "web"), arn(REGION, "123456789012", "batch")],
        exclude_cluster_arns: [arn(REGION, "123456789012", "batch")],
        account_ids: ["123456789012"],
      });
      const allExcluded = await validationErrors({
        filter_cluster_arns: [arn(REGION, "123456789012", "batch")],
        exclude_cluster_arns: [arn(REGION, "123456789012", "batch"), arn(REGION, "123456789012", "web")],
      });
      const malformed = await validationErrors({ exclude_cluster_arns: [`arn:aws:ecs:${REGION}:123456789012:service/batch`] });
      // THEN each is refused with its message
      expect(region).toEqual([
        "Each cluster_arns entry must be a cluster in the provider's region: a state machine acts, and a rule sees findings, in its own region only.",
      ]);
      expect(filter).toEqual(["Each filter_cluster_arns entry must be a cluster of an account in account_ids: its findings could never match otherwise."]);
      expect(allExcluded).toEqual([
        "exclude_cluster_arns excludes every cluster of filter_cluster_arns, so the rule could never match: keep one cluster of filter_cluster_arns out of exclude_cluster_arns.",
      ]);
      expect(malformed).toEqual([
        "Each exclude_cluster_arns entry must be an ECS cluster ARN like arn:aws:ecs:ap-northeast-1:123456789012:cluster/my-cluster.",
      ]);
    },
    60_000,
  );
});

describe("agent_endpoints, validated by Terraform as the config loader validates agent_endpoints", () => {
  const endpoint = { vpc_id: "vpc-0123456789abcdef0", subnet_ids: ["subnet-0123456789abcdef0"] };

  whenTerraform(
    named("endpoints with or without allowed CIDRs, accounts or an organization, and an EKS add-on without GuardDuty's add-on management are valid"),
    async () => {
      // GIVEN three endpoints the loader accepts, one with the add-on, and eks_addon_management off
      const errors = await validationErrors({
        eks_addon_management: false,
        agent_endpoints: {
          prod: {
            ...endpoint,
            allowed_cidrs: ["10.0.0.0/16"],
            allowed_account_ids: ["123456789012"],
            eks_addon: { cluster_names: ["prod"], addon_version: "v1.10.0-eksbuild.2" },
          },
          shared: { vpc_id: "vpc-0fedcba9876543210", subnet_ids: ["subnet-0fedcba9876543210"], organization_id: "o-a1b2c3d4e5", private_dns_enabled: false },
          "dev-1": { vpc_id: "vpc-01234567", subnet_ids: ["subnet-01234567", "subnet-89abcdef"] },
        },
      });
      // WHEN planned THEN there is no error
      expect(errors).toEqual([]);
    },
    60_000,
  );

  whenTerraform(
    named("a bad name, VPC id, subnet, CIDR, account, organization, cluster or add-on version, and accounts with an organization are refused"),
    async () => {
      // GIVEN one endpoint per value the loader refuses
      const errors = await validationErrors({
        eks_addon_management: false,
        agent_endpoints: {
          Prod: { ...endpoint, vpc_id: "vpc-123" },
          a: { ...endpoint, vpc_id: "vpc-0123456789abcdef1", subnet_ids: [] },
          b: { ...endpoint, vpc_id: "vpc-0123456789abcdef2", allowed_cidrs: ["10.0.0.0/33"] },
          c: { ...endpoint, vpc_id: "vpc-0123456789abcdef3", allowed_account_ids: ["1234"] },
          d: { ...endpoint, vpc_id: "vpc-0123456789abcdef4", organization_id: "org-1" },
          e: { ...endpoint, vpc_id: "vpc-0123456789abcdef5", allowed_account_ids: ["123456789012"], organization_id: "o-a1b2c3d4e5" },
          f: { ...endpoint, vpc_id: "vpc-0123456789abcdef6", eks_addon: { cluster_names: ["prod"], addon_version: "1.10" } },
        },
      });
      // THEN each is refused with its message
      expect(errors.sort()).toEqual(
        [
          "Each agent_endpoints key must be 1-20 lowercase letters, digits and hyphens, starting with a letter.",
          "Each agent_endpoints vpc_id must be a VPC id like vpc-0123456789abcdef0.",
          "The subnet_ids of each agent endpoint must be one or more distinct values, each a subnet id like subnet-0123456789abcdef0.",
          "The allowed_cidrs of an agent endpoint must be null or one or more distinct values, each an IPv4 CIDR block like 10.0.0.0/16.",
          "The allowed_account_ids of an agent endpoint must be null or one or more distinct values, each a 12-digit AWS account id.",
          "The organization_id of an agent endpoint must be an AWS Organizations id like o-a1b2c3d4e5.",
          "An agent endpoint takes allowed_account_ids or organization_id, not both: its policy admits either listed accounts or one organization.",
          "The eks_addon of an agent endpoint must have one or more distinct cluster_names, each an EKS cluster name (1-100 letters, digits, - and _), and an addon_version, if any, an add-on version like v1.10.0-eksbuild.2.",
        ].sort(),
      );
    },
    60_000,
  );

  whenTerraform(
    named("two endpoints in one VPC and a cluster given the add-on by two endpoints are refused, as the loader's rules"),
    async () => {
      // GIVEN two endpoints in one VPC that both install the add-on on one cluster, with eks_addon_management off
      const errors = await validationErrors({
        eks_addon_management: false,
        agent_endpoints: { a: { ...endpoint, eks_addon: { cluster_names: ["prod"] } }, b: { ...endpoint, eks_addon: { cluster_names: ["prod"] } } },
      });
      // THEN each rule refuses it with its reason
      expect(errors.sort()).toEqual(
        [
          "Each VPC may have only one agent endpoint (one guardduty-data endpoint per VPC).",
          "An EKS cluster gets the aws-guardduty-agent add-on from one agent endpoint only: a cluster has one such add-on.",
        ].sort(),
      );
    },
    60_000,
  );

  whenTerraform(
    named("an endpoint's EKS add-on while GuardDuty manages the add-on (eks_addon_management on) is refused"),
    async () => {
      // GIVEN an endpoint with the add-on and eks_addon_management left on (its default)
      const errors = await validationErrors({ agent_endpoints: { a: { ...endpoint, eks_addon: { cluster_names: ["prod"] } } } });
      // THEN the loader's rule refuses it (Terraform reads the other variable in the validation)
      expect(errors).toEqual(["An agent endpoint's eks_addon needs eks_addon_management = false: GuardDuty already manages the add-on."]);
    },
    60_000,
  );
});

describe("organization settings, validated by Terraform as the config loader validates organization", () => {
  const lookedUp = { create_detector: false };

  whenTerraform(
    named("a designation alone, and an organization configuration with a looked-up detector, are valid"),
    async () => {
      // GIVEN the management account's call, and the delegated administrator's with every setting given
      const designation = await validationErrors({ organization_admin_account_id: "123456789012" });
      const configuration = await validationErrors({
        ...lookedUp,
        organization_configuration: { auto_enable_members: "NEW", runtime_monitoring: "ALL", eks_addon_management: "NONE", ec2_agent_management: "NEW" },
      });
      // THEN neither has an error
      expect([designation, configuration]).toEqual([[], []]);
    },
    60_000,
  );

  whenTerraform(
    named("both in one call, a bad account id and a setting other than ALL, NEW or NONE are refused"),
    async () => {
      // GIVEN a call with both, a call designating a malformed account, and a configuration with a bad setting
      const both = await validationErrors({ ...lookedUp, organization_admin_account_id: "123456789012", organization_configuration: {} });
      const badAccount = await validationErrors({ organization_admin_account_id: "12345" });
      const badSetting = await validationErrors({ ...lookedUp, organization_configuration: { runtime_monitoring: "SOME" } });
      // THEN each rule refuses it with its reason
      expect([both, badAccount, badSetting]).toEqual([
        [
          "organization_admin_account_id (in the management account) and organization_configuration (in the delegated administrator's) belong to two module calls: AWS recommends not delegating GuardDuty to the management account.",
        ],
        ["The organization_admin_account_id must be a 12-digit AWS account id."],
        ["organization_configuration.runtime_monitoring must be one of NEW, ALL, NONE."],
      ]);
    },
    60_000,
  );

  whenTerraform(
    named("an organization configuration with a created or an adopted-by-id detector is refused: the administrator's is looked up"),
    async () => {
      const message =
        "organization_configuration needs create_detector = false and detector_id = null: the delegated administrator's detector exists (designating the account enabled GuardDuty there), and the module looks it up.";
      // GIVEN the configuration with create_detector left true, and with a detector id
      const created = await validationErrors({ organization_configuration: {} });
      const byId = await validationErrors({ create_detector: false, detector_id: "0123456789abcdef0123456789abcdef", organization_configuration: {} });
      // THEN both are refused with the reason
      expect([created, byId]).toEqual([[message], [message]]);
    },
    60_000,
  );

  whenTerraform(
    named("create_detector = false without detector_id is valid: the detector is looked up"),
    async () => {
      // GIVEN an organization member's call that neither creates nor names its detector WHEN planned THEN there is no error
      expect(await validationErrors(lookedUp)).toEqual([]);
    },
    60_000,
  );
});

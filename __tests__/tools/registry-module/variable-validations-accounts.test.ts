/**
 * The module's variable validations of agent endpoints and the organization, run by Terraform itself: terraform test
 * plans the generated variables.tf alone (offline) with each call's values (variable-validation-plan.ts).
 */
import { removeTemporaryFolders } from "./module-fixture";
import { named, whenPlanned } from "./variable-validation-plan";

afterAll(removeTemporaryFolders);

describe("agent_endpoints, validated by Terraform as the config loader validates agent_endpoints", () => {
  const endpoint = { vpc_id: "vpc-0123456789abcdef0", subnet_ids: ["subnet-0123456789abcdef0"] };

  whenPlanned(
    named("endpoints with or without allowed CIDRs, accounts or an organization, and an EKS add-on without GuardDuty's add-on management are valid"),
    // GIVEN three endpoints the loader accepts, one with the add-on, and eks_addon_management off
    {
      errors: {
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
      },
    },
    ({ errors }) => {
      // WHEN planned THEN there is no error
      expect(errors).toEqual([]);
    },
  );

  whenPlanned(
    named("a bad name, VPC id, subnet, CIDR, account, organization, cluster or add-on version, and accounts with an organization are refused"),
    // GIVEN one endpoint per value the loader refuses
    {
      errors: {
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
      },
    },
    ({ errors }) => {
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
  );

  whenPlanned(
    named("two endpoints in one VPC and a cluster given the add-on by two endpoints are refused, as the loader's rules"),
    // GIVEN two endpoints in one VPC that both install the add-on on one cluster, with eks_addon_management off
    {
      errors: {
        eks_addon_management: false,
        agent_endpoints: { a: { ...endpoint, eks_addon: { cluster_names: ["prod"] } }, b: { ...endpoint, eks_addon: { cluster_names: ["prod"] } } },
      },
    },
    ({ errors }) => {
      // THEN each rule refuses it with its reason
      expect(errors.sort()).toEqual(
        [
          "Each VPC may have only one agent endpoint (one guardduty-data endpoint per VPC).",
          "An EKS cluster gets the aws-guardduty-agent add-on from one agent endpoint only: a cluster has one such add-on.",
        ].sort(),
      );
    },
  );

  whenPlanned(
    named("an endpoint's EKS add-on while GuardDuty manages the add-on (eks_addon_management on) is refused"),
    // GIVEN an endpoint with the add-on and eks_addon_management left on (its default)
    {
      errors: { agent_endpoints: { a: { ...endpoint, eks_addon: { cluster_names: ["prod"] } } } },
    },
    ({ errors }) => {
      // THEN the loader's rule refuses it (Terraform reads the other variable in the validation)
      expect(errors).toEqual(["An agent endpoint's eks_addon needs eks_addon_management = false: GuardDuty already manages the add-on."]);
    },
  );
});

describe("organization settings, validated by Terraform as the config loader validates organization", () => {
  const lookedUp = { create_detector: false };

  whenPlanned(
    named("a designation alone, and an organization configuration with a looked-up detector, are valid"),
    // GIVEN the management account's call, and the delegated administrator's with every setting given
    {
      designation: { organization_admin_account_id: "123456789012" },
      configuration: {
        ...lookedUp,
        organization_configuration: { auto_enable_members: "NEW", runtime_monitoring: "ALL", eks_addon_management: "NONE", ec2_agent_management: "NEW" },
      },
    },
    ({ designation, configuration }) => {
      // THEN neither has an error
      expect([designation, configuration]).toEqual([[], []]);
    },
  );

  whenPlanned(
    named("both in one call, a bad account id and a setting other than ALL, NEW or NONE are refused"),
    // GIVEN a call with both, a call designating a malformed account, and a configuration with a bad setting
    {
      both: { ...lookedUp, organization_admin_account_id: "123456789012", organization_configuration: {} },
      badAccount: { organization_admin_account_id: "12345" },
      badSetting: { ...lookedUp, organization_configuration: { runtime_monitoring: "SOME" } },
    },
    ({ both, badAccount, badSetting }) => {
      // THEN each rule refuses it with its reason
      expect([both, badAccount, badSetting]).toEqual([
        [
          "organization_admin_account_id (in the management account) and organization_configuration (in the delegated administrator's) belong to two module calls: AWS recommends not delegating GuardDuty to the management account.",
        ],
        ["The organization_admin_account_id must be a 12-digit AWS account id."],
        ["organization_configuration.runtime_monitoring must be one of NEW, ALL, NONE."],
      ]);
    },
  );

  whenPlanned(
    named("an organization configuration with a created or an adopted-by-id detector is refused: the administrator's is looked up"),
    // GIVEN the configuration with create_detector left true, and with a detector id
    {
      created: { organization_configuration: {} },
      byId: { create_detector: false, detector_id: "0123456789abcdef0123456789abcdef", organization_configuration: {} },
    },
    ({ created, byId }) => {
      const message =
        "organization_configuration needs create_detector = false and detector_id = null: the delegated administrator's detector exists (designating the account enabled GuardDuty there), and the module looks it up.";
      // THEN both are refused with the reason
      expect([created, byId]).toEqual([[message], [message]]);
    },
  );

  whenPlanned(
    named("create_detector = false without detector_id is valid: the detector is looked up"),
    // GIVEN an organization member's call that neither creates nor names its detector WHEN planned THEN there is no error
    {
      errors: lookedUp,
    },
    ({ errors }) => {
      expect(errors).toEqual([]);
    },
  );
});

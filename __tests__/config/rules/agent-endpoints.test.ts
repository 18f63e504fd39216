/** The rules over agent_endpoints[] taken one by one: names, VPCs, principals, the EKS add-on owner. */
import { agentEndpointEksAddonManagement } from "../../../config/rules/agent-endpoint-eks-addon-management";
import { agentEndpointNames } from "../../../config/rules/agent-endpoint-names";
import { agentEndpointPrincipals } from "../../../config/rules/agent-endpoint-principals";
import { agentEndpointVpcs } from "../../../config/rules/agent-endpoint-vpcs";
import { parsedConfig } from "./parsed-config";

const ENDPOINT = { name: "main", vpc_id: "vpc-0123456789abcdef0", subnet_ids: ["subnet-0123456789abcdef0"] };
const OTHER = { name: "other", vpc_id: "vpc-0fedcba9876543210", subnet_ids: ["subnet-0123456789abcdef0"] };
const endpoints = (list: Record<string, unknown>[], detector: Record<string, unknown> = {}) => parsedConfig({ agent_endpoints: list, detector });

describe("rule: agent endpoint names are unique", () => {
  test("GIVEN two endpoints with their own names THEN it is compliant", () => {
    expect(agentEndpointNames(endpoints([ENDPOINT, OTHER]))).toEqual([]);
  });

  test("GIVEN a name used twice THEN the second is refused", () => {
    expect(agentEndpointNames(endpoints([ENDPOINT, { ...OTHER, name: "main" }]))).toEqual([
      { setting: "agent_endpoints[1].name", value: '"main"', allowed: "a name not used by another agent endpoint" },
    ]);
  });
});

describe("rule: one agent endpoint per VPC", () => {
  test("GIVEN endpoints in two VPCs THEN it is compliant", () => {
    expect(agentEndpointVpcs(endpoints([ENDPOINT, OTHER]))).toEqual([]);
  });

  test("GIVEN two endpoints in one VPC THEN the second is refused", () => {
    expect(agentEndpointVpcs(endpoints([ENDPOINT, { ...OTHER, vpc_id: ENDPOINT.vpc_id }]))).toEqual([
      {
        setting: "agent_endpoints[1].vpc_id",
        value: '"vpc-0123456789abcdef0"',
        allowed: "a VPC without another agent endpoint (one guardduty-data endpoint per VPC)",
      },
    ]);
  });
});

describe("rule: an agent endpoint admits listed accounts or one organization", () => {
  test.each([
    ["neither (the deploying account)", {}],
    ["accounts", { allowed_account_ids: ["123456789012"] }],
    ["an organization", { organization_id: "o-a1b2c3d4e5" }],
  ])("GIVEN %s THEN it is compliant", (_, who) => {
    expect(agentEndpointPrincipals(endpoints([{ ...ENDPOINT, ...who }]))).toEqual([]);
  });

  test("GIVEN both accounts and an organization THEN the organization is refused", () => {
    expect(agentEndpointPrincipals(endpoints([{ ...ENDPOINT, allowed_account_ids: ["123456789012"], organization_id: "o-a1b2c3d4e5" }]))).toEqual([
      {
        setting: "agent_endpoints[0].organization_id",
        value: '"o-a1b2c3d4e5"',
        allowed: "no value when allowed_account_ids is set: the endpoint policy admits either listed accounts or one organization",
      },
    ]);
  });
});

describe("rule: an endpoint installs the EKS add-on only while GuardDuty does not manage it", () => {
  const withAddon = { ...ENDPOINT, eks_addon: { cluster_names: ["prod"] } };

  test("GIVEN an add-on and eks_addon_management false THEN it is compliant", () => {
    expect(agentEndpointEksAddonManagement(endpoints([withAddon], { runtime_monitoring: { eks_addon_management: false } }))).toEqual([]);
  });

  test("GIVEN no add-on and GuardDuty managing it THEN it is compliant", () => {
    expect(agentEndpointEksAddonManagement(endpoints([ENDPOINT]))).toEqual([]);
  });

  test("GIVEN an add-on while GuardDuty manages it (the default) THEN the add-on is refused", () => {
    expect(agentEndpointEksAddonManagement(endpoints([withAddon]))).toEqual([
      {
        setting: "agent_endpoints[0].eks_addon",
        value: '{"cluster_names":["prod"]}',
        allowed: "no value while detector.runtime_monitoring.eks_addon_management is true: GuardDuty already manages the add-on",
      },
    ]);
  });
});

import { agentEndpointsSingleStack } from "../../../config/rules/agent-endpoints-single-stack";
import { parsedConfig } from "./parsed-config";

const ENDPOINT = { name: "main", vpc_id: "vpc-0123456789abcdef0", subnet_ids: ["subnet-0123456789abcdef0"] };
const A = "123456789012";
const B = "210987654321";
const check = (document: Record<string, unknown>) => agentEndpointsSingleStack(parsedConfig(document));

describe("rule: agent endpoints only in a config of one stack", () => {
  test("GIVEN endpoints in a single-stack config THEN it is compliant", () => {
    expect(check({ agent_endpoints: [ENDPOINT] })).toEqual([]);
  });

  test("GIVEN endpoints with deployments of one account and one region THEN it is compliant", () => {
    expect(check({ agent_endpoints: [ENDPOINT], deployments: [{ account_id: A, regions: ["us-east-1"] }] })).toEqual([]);
  });

  test("GIVEN deployments of several stacks without endpoints THEN it is compliant", () => {
    expect(check({ deployments: [{ account_id: A }, { account_id: B }] })).toEqual([]);
  });

  test("GIVEN endpoints with deployments of two regions THEN they are refused", () => {
    expect(check({ agent_endpoints: [ENDPOINT], deployments: [{ account_id: A, regions: ["us-east-1", "eu-west-1"] }] })).toEqual([
      {
        setting: "agent_endpoints",
        value: '["main"]',
        allowed:
          "no agent endpoints while deployments plan 2 stacks: a VPC and its clusters belong to one account and region, use one config per account and region for agent endpoints",
      },
    ]);
  });

  test("GIVEN endpoints with deployments of two accounts THEN they are refused", () => {
    expect(check({ agent_endpoints: [ENDPOINT], deployments: [{ account_id: A }, { account_id: B }] }).map((p) => p.setting)).toEqual(["agent_endpoints"]);
  });
});

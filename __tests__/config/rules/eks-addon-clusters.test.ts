import { eksAddonClusters } from "../../../config/rules/eks-addon-clusters";
import { configProblems } from "../../support/config-problems";
import { parsedConfig } from "./parsed-config";

const endpoint = (name: string, vpc: string, clusters?: string[]) => ({
  name,
  vpc_id: vpc,
  subnet_ids: ["subnet-0123456789abcdef0"],
  ...(clusters ? { eks_addon: { cluster_names: clusters } } : {}),
});
const A = "vpc-0123456789abcdef0";
const B = "vpc-0fedcba9876543210";
const document = (...endpoints: Record<string, unknown>[]) => ({
  detector: { runtime_monitoring: { eks_addon_management: false } },
  agent_endpoints: endpoints,
});

describe("rule: a cluster gets the aws-guardduty-agent add-on from one agent endpoint", () => {
  test("GIVEN two endpoints with their own clusters THEN it is compliant", () => {
    expect(eksAddonClusters(parsedConfig(document(endpoint("a", A, ["prod"]), endpoint("b", B, ["staging"]))))).toEqual([]);
  });

  test("GIVEN one endpoint with an add-on and one without THEN it is compliant", () => {
    expect(eksAddonClusters(parsedConfig(document(endpoint("a", A, ["prod"]), endpoint("b", B))))).toEqual([]);
  });

  test("GIVEN two endpoints listing the same cluster THEN the second listing is refused, naming the first endpoint", () => {
    expect(eksAddonClusters(parsedConfig(document(endpoint("a", A, ["prod", "web"]), endpoint("b", B, ["batch", "prod"]))))).toEqual([
      {
        setting: "agent_endpoints[1].eks_addon.cluster_names[1]",
        value: '"prod"',
        allowed:
          "a cluster not listed by another agent endpoint: agent_endpoints[0] (a) already installs the aws-guardduty-agent add-on on it, and a cluster has one",
      },
    ]);
  });

  test("GIVEN two endpoints listing the same cluster WHEN the loader reads the config THEN it refuses it (the second add-on would fail at apply)", () => {
    expect(configProblems(document(endpoint("a", A, ["prod"]), endpoint("b", B, ["prod"]))).map((p) => p.setting)).toEqual([
      "agent_endpoints[1].eks_addon.cluster_names[0]",
    ]);
  });
});

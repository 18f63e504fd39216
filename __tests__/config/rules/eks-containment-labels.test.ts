import { eksContainmentLabels } from "../../../config/rules/eks-containment-labels";
import { parsedConfig } from "./parsed-config";

const labels = (eks: Record<string, unknown>) =>
  eksContainmentLabels(parsedConfig({ eks_containment: { enabled: true, cluster_names: ["prod"], namespaces: ["web"], ...eks } }));

describe("rule: the EKS labels are labels the workflow accepts, and the isolation label is not the exemption label", () => {
  test("GIVEN the default labels THEN it is compliant", () => {
    expect(labels({})).toEqual([]);
  });

  test("GIVEN prefixed labels of the longest allowed parts THEN it is compliant", () => {
    const key = `${"p".repeat(63)}.example.com/${"n".repeat(63)}`;
    expect(labels({ exemption_label: { key, value: "v".repeat(63) }, isolation_label: { key, value: "isolated" } })).toEqual([]);
  });

  test("GIVEN an isolation label equal to the exemption label THEN it is refused", () => {
    expect(labels({ exemption_label: { key: "security", value: "hold" }, isolation_label: { key: "security", value: "hold" } })).toEqual([
      {
        setting: "eks_containment.isolation_label",
        value: '{"key":"security","value":"hold"}',
        allowed: "a label other than the exemption label security=hold (eks_containment.exemption_label): an isolated pod would count as exempt",
      },
    ]);
  });

  test("GIVEN an empty label value THEN it is refused (the workflow selects pods by the value)", () => {
    expect(labels({ isolation_label: { key: "security", value: "" } })).toEqual([
      {
        setting: "eks_containment.isolation_label.value",
        value: '""',
        allowed: "a non-empty Kubernetes label value of at most 63 characters (the workflow selects pods by it)",
      },
    ]);
  });

  test("GIVEN a label key whose prefix is longer than 253 characters THEN it is refused", () => {
    const key = `${"p".repeat(250)}.example.com/state`;
    expect(labels({ exemption_label: { key, value: "exempt" } }).map((p) => p.setting)).toEqual(["eks_containment.exemption_label.key"]);
  });
});

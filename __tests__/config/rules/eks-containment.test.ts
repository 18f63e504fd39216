/** The rules over eks_containment's scope: clusters and namespaces given, none protected, one account. */
import { eksContainmentScope } from "../../../config/rules/eks-containment-scope";
import { eksContainmentSingleAccount } from "../../../config/rules/eks-containment-single-account";
import { parsedConfig } from "./parsed-config";

const eks = (settings: Record<string, unknown>, rest: Record<string, unknown> = {}) =>
  parsedConfig({ ...rest, eks_containment: { enabled: true, cluster_names: ["prod"], namespaces: ["payments"], ...settings } });

describe("rule: EKS containment names its clusters and namespaces, none protected", () => {
  test("GIVEN clusters and an ordinary namespace THEN it is compliant", () => {
    expect(eksContainmentScope(eks({}))).toEqual([]);
  });

  test("GIVEN containment off, without a scope THEN it is compliant", () => {
    expect(eksContainmentScope(parsedConfig({ eks_containment: { enabled: false } }))).toEqual([]);
  });

  test("GIVEN protected_namespaces that leave kube-public out THEN kube-public may be acted in", () => {
    expect(eksContainmentScope(eks({ namespaces: ["kube-public"], protected_namespaces: ["monitoring"] }))).toEqual([]);
  });

  test("GIVEN no clusters and no namespaces THEN both are refused", () => {
    expect(eksContainmentScope(eks({ cluster_names: [], namespaces: [] }))).toEqual([
      { setting: "eks_containment.cluster_names", value: "[]", allowed: "at least one EKS cluster name while eks_containment.enabled is true" },
      { setting: "eks_containment.namespaces", value: "[]", allowed: "at least one namespace while eks_containment.enabled is true (the access scope)" },
    ]);
  });

  test.each([
    ["kube-system, always protected", { namespaces: ["web", "kube-system"], protected_namespaces: ["monitoring"] }, 1, "kube-system"],
    ["amazon-guardduty, protected by default", { namespaces: ["amazon-guardduty"] }, 0, "amazon-guardduty"],
    ["a namespace listed as protected", { namespaces: ["monitoring"], protected_namespaces: ["monitoring"] }, 0, "monitoring"],
  ])("GIVEN %s THEN it is refused", (_, settings, index, namespace) => {
    expect(eksContainmentScope(eks(settings))).toEqual([
      {
        setting: `eks_containment.namespaces[${index}]`,
        value: JSON.stringify(namespace),
        allowed: "a namespace that is not protected (kube-system and eks_containment.protected_namespaces are never acted on)",
      },
    ]);
  });
});

describe("rule: EKS containment is for one account, not deployments", () => {
  test("GIVEN a single stack THEN it is compliant", () => {
    expect(eksContainmentSingleAccount(eks({}))).toEqual([]);
  });

  test("GIVEN deployments with containment off THEN it is compliant", () => {
    expect(eksContainmentSingleAccount(parsedConfig({ deployments: [{ account_id: "123456789012" }] }))).toEqual([]);
  });

  test("GIVEN deployments with containment on THEN it is refused", () => {
    expect(eksContainmentSingleAccount(eks({}, { deployments: [{ account_id: "123456789012" }] }))).toEqual([
      {
        setting: "eks_containment.enabled",
        value: "true",
        allowed: "false with deployments: EKS clusters belong to one account and region, use one config per account for EKS containment",
      },
    ]);
  });
});

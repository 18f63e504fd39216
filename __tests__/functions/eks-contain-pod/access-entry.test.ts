/**
 * The EKS access entry of the containment role: Edit access policy, scoped to exactly the namespaces the
 * workflow may act in, never a protected one.
 */
import { buildEksContainPodAccess, eksAccessPolicyArn, EksContainPodAccessError } from "../../../functions/eks-contain-pod/access-entry";
import { buildEksContainmentDefinition } from "../../../functions/eks-contain-pod/state-machine";

const ROLE = "arn:aws:iam::123456789012:role/guardduty-eks-contain-pod-sfn";

describe("EKS containment access entry", () => {
  const access = buildEksContainPodAccess({ clusterName: "prod", principalArn: ROLE, namespaces: ["shop", "payments", "shop"] });

  it("is a STANDARD access entry of the state machine role", () => {
    expect(access.accessEntry).toEqual({ clusterName: "prod", principalArn: ROLE, type: "STANDARD" });
  });

  it("associates AmazonEKSEditPolicy scoped to exactly the allowed namespaces", () => {
    expect(access.policyAssociation).toEqual({
      clusterName: "prod",
      principalArn: ROLE,
      policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy",
      accessScope: { type: "namespace", namespaces: ["shop", "payments"] },
    });
  });

  it("uses the partition of the policy ARN", () => {
    expect(eksAccessPolicyArn("aws-us-gov")).toBe("arn:aws-us-gov:eks::aws:cluster-access-policy/AmazonEKSEditPolicy");
  });

  it.each(["kube-system", "kube-public", "kube-node-lease", "amazon-guardduty"])("never grants access in the protected namespace %s", (namespace) => {
    expect(() => buildEksContainPodAccess({ clusterName: "prod", principalArn: ROLE, namespaces: ["shop", namespace] })).toThrow(EksContainPodAccessError);
  });

  it("refuses kube-system even when the configured protected list leaves it out", () => {
    expect(() => buildEksContainPodAccess({ clusterName: "prod", principalArn: ROLE, namespaces: ["kube-system"], protectedNamespaces: [] })).toThrow(
      /protected/u,
    );
  });

  it("refuses a namespace the workflow protects by configuration", () => {
    const protectedNamespaces = ["payments"];
    // GIVEN the workflow protects payments
    buildEksContainmentDefinition({ topicArn: "arn:aws:sns:ap-northeast-1:123456789012:t", protectedNamespaces });
    // THEN the role gets no access there either
    expect(() => buildEksContainPodAccess({ clusterName: "prod", principalArn: ROLE, namespaces: ["payments"], protectedNamespaces })).toThrow(/payments/u);
  });

  it("allows kube-public once the configured protected list leaves it out (only kube-system is always protected)", () => {
    const granted = buildEksContainPodAccess({ clusterName: "prod", principalArn: ROLE, namespaces: ["kube-public"], protectedNamespaces: ["payments"] });
    expect(granted.policyAssociation.accessScope.namespaces).toEqual(["kube-public"]);
  });

  it.each([[[]], [["Shop"]], [["shop/x"]]])("refuses the namespace list %j", (namespaces) => {
    expect(() => buildEksContainPodAccess({ clusterName: "prod", principalArn: ROLE, namespaces })).toThrow(EksContainPodAccessError);
  });
});

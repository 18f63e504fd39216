/**
 * The module's variable validations of the EC2 tags, EKS labels and namespaces and the ECS cluster scopes, run by
 * Terraform itself: terraform test plans the generated variables.tf alone (offline) with each call's values
 * (variable-validation-plan.ts).
 */
import { removeTemporaryFolders } from "./module-fixture";
import { REGION, named, whenPlanned } from "./variable-validation-plan";

afterAll(removeTemporaryFolders);

describe("the EC2 tags, EKS labels and protected namespaces, validated by Terraform as the config loader validates them", () => {
  // A variable whose validation reads another is not validated while that other one is invalid: one invalid
  // variable per plan where they depend on each other.
  whenPlanned(
    named("an isolation tag equal to the exemption tag, one the workflow writes itself and an aws: key are refused"),
    // GIVEN the EC2 isolation tag equal to the exemption tag, then keyed as the finding id tag, then an aws: exemption key
    {
      equal: { ec2_exemption_tag: { key: "acme", value: "x" }, ec2_isolation_tag: { key: "acme", value: "x" } },
      written: { ec2_isolation_tag: { key: "guardduty-finding-id", value: "y" } },
      reserved: { ec2_exemption_tag: { key: "aws:acme", value: "x" } },
    },
    ({ equal, written, reserved }) => {
      // THEN each is refused with the loader's reason
      expect(equal).toEqual(["The ec2_isolation_tag must differ from the ec2_exemption_tag: an isolated instance would read as exempt."]);
      expect(written).toEqual([
        "The ec2_isolation_tag key must be other than guardduty-finding-id, guardduty-instance-id, guardduty-device-name, guardduty-quarantine (the workflow writes those itself).",
      ]);
      expect(reserved).toEqual([
        "The ec2_exemption_tag key must be 1-128 letters, digits, spaces and _.:/=+-@, not starting with aws:, and its value at most 256 of them.",
      ]);
    },
  );

  whenPlanned(
    named("labels that are not Kubernetes labels, an empty value and an isolation label equal to the exemption label are refused"),
    // GIVEN a key with a space and an empty value, then a prefix of 254 characters, then two equal labels
    {
      invalid: { eks_exemption_label: { key: "acme response", value: "" } },
      longPrefix: { eks_isolation_label: { key: `${"a".repeat(254)}/response`, value: "isolated" } },
      equal: {
        eks_exemption_label: { key: "acme.example/r", value: "x" },
        eks_isolation_label: { key: "acme.example/r", value: "x" },
      },
    },
    ({ invalid, longPrefix, equal }) => {
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
  );

  whenPlanned(
    named("a protected namespace in eks_namespaces or a bad name in eks_protected_namespaces are refused; kube-system listed is valid, as the loader has it"),
    // GIVEN istio-system protected and in the access scope, then an upper-case name listed as protected, then
    // kube-system listed (protected always: the constructs list it once)
    {
      scoped: { eks_protected_namespaces: ["istio-system"], eks_namespaces: ["web", "istio-system"] },
      listed: { eks_protected_namespaces: ["kube-system", "Istio"] },
      kubeSystem: { eks_protected_namespaces: ["kube-system", "istio-system"] },
    },
    ({ scoped, listed, kubeSystem }) => {
      // THEN the first two are refused with their messages, the third is valid
      expect(scoped).toEqual(["Protected namespaces are refused: kube-system and eks_protected_namespaces."]);
      expect(listed).toEqual([
        "Each eks_protected_namespaces item must be a Kubernetes namespace name (1-63 of a-z 0-9 -, starting and ending with a letter or digit).",
      ]);
      expect(kubeSystem).toEqual([]);
    },
  );

  whenPlanned(
    named("tags and labels of one's own sharing a key, and a default protected namespace in scope once unprotected, are valid"),
    // GIVEN tags and labels whose keys are equal (their values differ), and kube-public no longer protected but in scope
    {
      errors: {
        ec2_exemption_tag: { key: "acme:guardduty", value: "exempt" },
        ec2_isolation_tag: { key: "acme:guardduty", value: "isolated" },
        eks_exemption_label: { key: "acme.example/guardduty", value: "exempt" },
        eks_isolation_label: { key: "acme.example/guardduty", value: "isolated" },
        eks_protected_namespaces: ["istio-system"],
        eks_namespaces: ["kube-public"],
      },
    },
    ({ errors }) => {
      // WHEN planned THEN there is no error (the loader accepts them too)
      expect(errors).toEqual([]);
    },
  );
});

describe("the ECS cluster ARNs, validated by Terraform as the config loader validates them", () => {
  const arn = (region: string, account: string, name: string) => `arn:aws:ecs:${region}:${account}:cluster/${name}`;

  whenPlanned(
    named("clusters in the module's region, the filter's of the filtered accounts, are valid"),
    // GIVEN an IAM scope, a filter and an exclusion in the region, the filter's clusters in account_ids
    {
      errors: {
        cluster_arns: [arn(REGION, "111111111111", "payments")],
        filter_cluster_arns: [arn(REGION, "123456789012", "web")],
        exclude_cluster_arns: [arn(REGION, "123456789012", "batch")],
        account_ids: ["123456789012"],
      },
    },
    ({ errors }) => {
      // WHEN planned THEN there is no error
      expect(errors).toEqual([]);
    },
  );

  whenPlanned(
    named("a cluster in another region, a filtered cluster of an account left out, a filter all excluded, a malformed ARN are refused"),
    // GIVEN one list refused per plan (with several in one plan, Terraform reported the first one's only):
    // a scope in another region, a filter with a cluster of an account left out (another excluded: valid, the rest
    // still matches), a filter whose every cluster is excluded, a service ARN
    {
      region: { cluster_arns: [arn("us-east-1", "111111111111", "payments")] },
      filter: {
        filter_cluster_arns: [arn(REGION, "111111111111", "web"), arn(REGION, "123456789012", "batch")],
        exclude_cluster_arns: [arn(REGION, "123456789012", "batch")],
        account_ids: ["123456789012"],
      },
      allExcluded: {
        filter_cluster_arns: [arn(REGION, "123456789012", "batch")],
        exclude_cluster_arns: [arn(REGION, "123456789012", "batch"), arn(REGION, "123456789012", "web")],
      },
      malformed: { exclude_cluster_arns: [`arn:aws:ecs:${REGION}:123456789012:service/batch`] },
    },
    ({ region, filter, allExcluded, malformed }) => {
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
  );
});

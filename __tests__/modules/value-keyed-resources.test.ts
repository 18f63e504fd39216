/**
 * Email subscriptions and EKS access entries are keyed by value, not list position: removing one item
 * leaves the Terraform address (logical id) of every other item unchanged, so nothing else is replaced
 * (a replaced email subscription would have to be confirmed again).
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Testing, TerraformStack } from "cdktf";
import { EksPodContainment } from "../../modules/eks-pod-containment";
import { ResponseNotifications } from "../../modules/response-notifications";
import { valueKeyedId } from "../../modules/support/value-keyed-id";
import { SynthesizedStack } from "../support/synthesized-stack";

function stackWith(build: (stack: TerraformStack) => void): SynthesizedStack {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "ap-northeast-1" });
  build(stack);
  return new SynthesizedStack(stack);
}

/** Logical id (Terraform resource name) of each resource of `type`, by the value `key` reads off it. */
const logicalIds = (s: SynthesizedStack, type: string, key: string) => Object.fromEntries(s.resources(type).map((r) => [String(r.values[key]), r.name]));

describe("email subscriptions keyed by address", () => {
  const EMAILS = ["first@example.com", "second@example.com", "third@example.com"];
  const synth = (emails: readonly string[]) =>
    stackWith((stack) => new ResponseNotifications(stack, "notifications", { namePrefix: "acme-prod", notificationEmails: emails }));

  test("removing the first email leaves the other subscriptions' logical ids unchanged", () => {
    // GIVEN three subscriptions  WHEN the first address is removed
    const before = logicalIds(synth(EMAILS), "aws_sns_topic_subscription", "endpoint");
    const after = logicalIds(synth(EMAILS.slice(1)), "aws_sns_topic_subscription", "endpoint");
    // THEN the two that stay keep their addresses, and only the removed one is gone
    expect(after).toEqual({ "second@example.com": before["second@example.com"], "third@example.com": before["third@example.com"] });
  });

  test("reordering the emails changes no logical id", () => {
    const before = logicalIds(synth(EMAILS), "aws_sns_topic_subscription", "endpoint");
    expect(logicalIds(synth([...EMAILS].reverse()), "aws_sns_topic_subscription", "endpoint")).toEqual(before);
  });

  test("a repeated email is refused, naming it", () => {
    expect(() => synth(["a@example.com", "a@example.com"])).toThrow(
      'ResponseNotifications: notificationEmails ["a@example.com","a@example.com"] is not allowed; expected each address once ("a@example.com" is repeated)',
    );
  });
});

describe("EKS access entries keyed by cluster name", () => {
  const CLUSTERS = ["prod-a", "prod-b", "prod-c"];
  const synth = (clusterNames: readonly string[]) =>
    stackWith((stack) => new EksPodContainment(stack, "eks", { namePrefix: "acme-prod", clusterNames, namespaces: ["shop"] }));

  test.each(["aws_eks_access_entry", "aws_eks_access_policy_association"])(
    "removing the first cluster leaves the other clusters' %s logical ids unchanged",
    (type) => {
      const before = logicalIds(synth(CLUSTERS), type, "cluster_name");
      const after = logicalIds(synth(CLUSTERS.slice(1)), type, "cluster_name");
      expect(after).toEqual({ "prod-b": before["prod-b"], "prod-c": before["prod-c"] });
    },
  );

  test("each policy association depends on its own cluster's access entry", () => {
    const s = synth(CLUSTERS);
    const entries = logicalIds(s, "aws_eks_access_entry", "cluster_name");
    for (const association of s.resources("aws_eks_access_policy_association")) {
      expect(association.values.depends_on).toEqual([`aws_eks_access_entry.${entries[String(association.values.cluster_name)]}`]);
    }
  });

  test("a repeated cluster is refused, naming it", () => {
    expect(() => synth(["prod-a", "prod-a"])).toThrow(
      'EksPodContainment: clusterNames ["prod-a","prod-a"] is not allowed; expected each cluster once ("prod-a" is repeated)',
    );
  });
});

describe("valueKeyedId", () => {
  test("keeps letters, digits, _ and - of the value and tells apart values that read alike", () => {
    const dotted = valueKeyedId("email", "a.b@example.com");
    const dashed = valueKeyedId("email", "a-b@example.com");
    expect(dotted).toMatch(/^email-a-b-example-com-[0-9a-f]{8}$/);
    expect(dashed).toMatch(/^email-a-b-example-com-[0-9a-f]{8}$/);
    expect(dotted).not.toBe(dashed);
  });

  test("is the same for the same value on every call", () => {
    expect(valueKeyedId("access-entry", "prod")).toBe(valueKeyedId("access-entry", "prod"));
  });

  test("never contains the construct path separator", () => {
    expect(valueKeyedId("email", "x/y@example.com")).not.toContain("/");
  });
});

/**
 * The EKS containment role's identity policy, through the IAM simulator: DescribeCluster on the clusters it
 * may act in, Publish to its topic, nothing else of EKS.
 */
import { buildEksContainPodStateMachinePolicy } from "../../../functions/eks-contain-pod/role-policy";
import { policyDocument } from "../../../functions/iam/policy-document";
import { assertKnownActions, isAllowed } from "../../support/iam-simulation";

const ACCOUNT = "123456789012";
const OTHER_ACCOUNT = "210987654321";
const REGION = "ap-northeast-1";
const OTHER_REGION = "us-east-1";
const ROLE = `arn:aws:iam::${ACCOUNT}:role/guardduty-eks-contain-pod-sfn`;
const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:guardduty-eks-response`;

const clusterArn = (name: string, account = ACCOUNT, region = REGION): string => `arn:aws:eks:${region}:${account}:cluster/${name}`;

const scoped = buildEksContainPodStateMachinePolicy({
  partition: "aws",
  region: REGION,
  accountId: ACCOUNT,
  topicArn: TOPIC,
  clusterArns: [clusterArn("prod")],
});
const unscoped = buildEksContainPodStateMachinePolicy({ partition: "aws", region: REGION, accountId: ACCOUNT, topicArn: TOPIC });

const describeCluster = async (policy: typeof scoped, resource: string): Promise<string> =>
  (await isAllowed({ identityPolicies: [policy], principal: ROLE, action: "eks:DescribeCluster", resource })).result;

describe("EKS containment role policy, scoped to configured clusters", () => {
  it("describes a configured cluster", async () => {
    expect(await describeCluster(scoped, clusterArn("prod"))).toBe("Allowed");
  });

  it.each([
    ["another cluster of the account and region", clusterArn("staging")],
    ["a same-named cluster in another account", clusterArn("prod", OTHER_ACCOUNT)],
    ["a same-named cluster in another region", clusterArn("prod", ACCOUNT, OTHER_REGION)],
  ])("does not describe %s", async (_case, resource) => {
    expect(await describeCluster(scoped, resource)).toBe("ImplicitlyDenied");
  });
});

describe("EKS containment role policy, without cluster list", () => {
  it("describes any cluster of its account and region", async () => {
    expect(await describeCluster(unscoped, clusterArn("anything"))).toBe("Allowed");
  });

  it("does not describe a cluster of another region", async () => {
    expect(await describeCluster(unscoped, clusterArn("prod", ACCOUNT, OTHER_REGION))).toBe("ImplicitlyDenied");
  });
});

describe("EKS containment role policy, everything else", () => {
  it("publishes to its topic only", async () => {
    const publish = async (resource: string) => (await isAllowed({ identityPolicies: [scoped], principal: ROLE, action: "sns:Publish", resource })).result;
    expect(await publish(TOPIC)).toBe("Allowed");
    expect(await publish(`arn:aws:sns:${REGION}:${ACCOUNT}:other`)).toBe("ImplicitlyDenied");
  });

  it.each(["eks:DeleteCluster", "eks:UpdateClusterConfig", "eks:AccessKubernetesApi", "eks:CreateAccessEntry"])(
    "grants no other EKS action (%s)",
    async (action) => {
      expect((await isAllowed({ identityPolicies: [unscoped], principal: ROLE, action, resource: clusterArn("prod") })).result).toBe("ImplicitlyDenied");
    },
  );

  it("names only known IAM actions", async () => {
    await expect(assertKnownActions(scoped)).resolves.toBeUndefined();
    await expect(
      assertKnownActions(
        buildEksContainPodStateMachinePolicy({
          partition: "aws",
          region: REGION,
          accountId: ACCOUNT,
          topicArn: TOPIC,
          kmsKeyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/k`,
          tracing: true,
        }),
      ),
    ).resolves.toBeUndefined();
  });

  it("lets the key be used through SNS only when the topic is encrypted", async () => {
    const key = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    const policy = buildEksContainPodStateMachinePolicy({ partition: "aws", region: REGION, accountId: ACCOUNT, topicArn: TOPIC, kmsKeyArn: key });
    // The AWS default key policy ("let IAM decide"), so that the identity policy alone decides.
    const defaultKeyPolicy = policyDocument({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" });
    const use = async (via: string) =>
      (
        await isAllowed({
          identityPolicies: [policy],
          resourcePolicy: defaultKeyPolicy,
          principal: ROLE,
          action: "kms:GenerateDataKey",
          resource: key,
          context: { "kms:ViaService": via },
        })
      ).result;
    expect(await use(`sns.${REGION}.amazonaws.com`)).toBe("Allowed");
    expect(await use(`s3.${REGION}.amazonaws.com`)).toBe("ImplicitlyDenied");
  });
});

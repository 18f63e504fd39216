import { parseConfig } from "../../config/load-config";
import { stackOfConfig } from "../support/synthesized-stack";
import { configProblems } from "../support/config-problems";

/** The stack as written to cdk.tf.json, metadata included (Testing.synth drops the "//" block). */
function synthConfig(document: Record<string, unknown>) {
  const config = parseConfig(document, "test");
  const stack = stackOfConfig(config);
  return JSON.parse(JSON.stringify(stack.toTerraform()));
}

describe("state backend and provider", () => {
  test("by default, local state in the project root, written without a machine-specific path", () => {
    const tf = synthConfig({});
    expect(tf.terraform.backend).toEqual({ local: { path: "../../../terraform.ecs-runtime-monitoring-stop-task-dev-ap-northeast-1.tfstate" } });
    expect(tf.terraform.cloud).toBeUndefined();
  });

  test("Terraform Cloud: one workspace named after the stack, no token, the metadata cdktf deploy reads", () => {
    const tf = synthConfig({ backend: { type: "cloud", organization: "acme" } });
    expect(tf.terraform.cloud).toEqual({ organization: "acme", workspaces: { name: "ecs-runtime-monitoring-stop-task-dev-ap-northeast-1" } });
    expect(tf.terraform.backend).toBeUndefined();
    expect(tf["//"].metadata).toMatchObject({ backend: "cloud", cloud: "tfc" });
    expect(JSON.stringify(tf.terraform)).not.toMatch(/token/i);
  });

  test("Terraform Enterprise with tagged workspaces; organization left to TF_CLOUD_ORGANIZATION", () => {
    const tf = synthConfig({ backend: { type: "cloud", hostname: "tfe.example.com", workspace_tags: ["guardduty", "prod"] } });
    expect(tf.terraform.cloud).toEqual({ hostname: "tfe.example.com", workspaces: { tags: ["guardduty", "prod"] } });
    expect(tf["//"].metadata.cloud).toBe("tfe");
  });

  // Terraform accepts project only inside workspaces; at the top of the cloud block `terraform init`
  // fails with: No argument or block type is named "project".
  test.each([
    [{ project: "security" }, { name: "ecs-runtime-monitoring-stop-task-dev-ap-northeast-1", project: "security" }],
    [
      { project: "security", workspace_tags: ["guardduty"] },
      { tags: ["guardduty"], project: "security" },
    ],
  ])("the Terraform Cloud project %j is written inside workspaces, never at the top of the cloud block", (backend, workspaces) => {
    const tf = synthConfig({ backend: { type: "cloud", organization: "acme", ...backend } });
    expect(tf.terraform.cloud).toEqual({ organization: "acme", workspaces });
  });

  test("S3: one encrypted, natively locked state object per stack", () => {
    const tf = synthConfig({
      backend: { type: "s3", bucket: "acme-tfstate", kms_key_arn: "arn:aws:kms:ap-northeast-1:123456789012:key/0b5f5b6e-3c1a-4d2e-9f8a-1234567890ab" },
    });
    expect(tf.terraform.backend.s3).toEqual({
      bucket: "acme-tfstate",
      key: "guardduty-runtime-response/ecs-runtime-monitoring-stop-task-dev-ap-northeast-1.tfstate",
      region: "ap-northeast-1",
      encrypt: true,
      kms_key_id: "arn:aws:kms:ap-northeast-1:123456789012:key/0b5f5b6e-3c1a-4d2e-9f8a-1234567890ab",
      use_lockfile: true,
    });
  });

  test("S3: a multi-Region key (mrk- id) is accepted for the state object", () => {
    const key = "arn:aws:kms:ap-northeast-1:123456789012:key/mrk-0123456789abcdef0123456789abcdef";
    expect(synthConfig({ backend: { type: "s3", bucket: "acme-tfstate", kms_key_arn: key } }).terraform.backend.s3.kms_key_id).toBe(key);
  });

  // Terraform's S3 backend refuses these at init with "Invalid KMS Key ARN" (its key id must be a UUID of
  // version 1-5 and variant 8/9/a/b, or mrk-<32 hex>), so the loader refuses them first.
  test.each([
    ["the AWS documentation's example key id (UUID version 3, variant 5)", "arn:aws:kms:ap-northeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"],
    ["a bare key id", "0b5f5b6e-3c1a-4d2e-9f8a-1234567890ab"],
    ["an alias", "arn:aws:kms:ap-northeast-1:123456789012:alias/tfstate"],
  ])("S3: backend.kms_key_arn with %s is refused", (_, key) => {
    expect(configProblems({ backend: { type: "s3", bucket: "acme-tfstate", kms_key_arn: key } })).toContainEqual({
      setting: "backend.kms_key_arn",
      value: JSON.stringify(key),
      allowed: expect.stringContaining("a KMS key ARN whose key id is a UUID (version 1-5) or a multi-Region mrk- id"),
    });
  });

  test("the provider assumes the configured role", () => {
    const tf = synthConfig({
      account_id: "123456789012",
      provider: { assume_role_arn: "arn:aws:iam::123456789012:role/deployer", assume_role_session_name: "guardduty-response" },
    });
    expect(tf.provider.aws[0]).toMatchObject({
      region: "ap-northeast-1",
      allowed_account_ids: ["123456789012"],
      assume_role: [{ role_arn: "arn:aws:iam::123456789012:role/deployer", session_name: "guardduty-response" }],
    });
  });

  test.each([
    [{ backend: { type: "cloud", token: "abc" } }, "backend.token", '"(hidden)"', "TF_TOKEN_<hostname>"],
    [{ backend: { type: "local", organization: "acme" } }, "backend.organization", '"acme"', 'no value unless backend.type is "cloud"'],
    [{ backend: { type: "s3" } }, "backend.bucket", "(missing)", 'a bucket name when backend.type is "s3"'],
    [{ backend: { type: "cloud", workspace: "a", workspace_tags: ["b"] } }, "backend.workspace_tags", '["b"]', "no value when backend.workspace is set"],
    [{ backend: { type: "consul" } }, "backend.type", '"consul"', 'one of "local", "cloud", "s3"'],
    [
      { account_id: "111111111111", provider: { assume_role_arn: "arn:aws:iam::123456789012:role/deployer" } },
      "provider.assume_role_arn",
      '"arn:aws:iam::123456789012:role/deployer"',
      "a role in account 111111111111",
    ],
  ])("%j is refused, naming %s", (document, setting, value, allowed) => {
    const problems = configProblems(document);
    expect(problems).toContainEqual({ setting, value, allowed: expect.stringContaining(allowed) });
  });

  test("the token never appears in the error message", () => {
    expect(() => parseConfig({ backend: { type: "cloud", token: "s3cr3t-token" } }, "t")).toThrow(/backend\.token/);
    try {
      parseConfig({ backend: { type: "cloud", token: "s3cr3t-token" } }, "t");
    } catch (e) {
      expect((e as Error).message).not.toContain("s3cr3t-token");
    }
  });
});

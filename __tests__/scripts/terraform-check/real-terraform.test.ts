/**
 * The check against the real terraform binary and hashicorp/aws provider. Skipped, saying why, where
 * there is no terraform on PATH (backend checks need only terraform), or no filesystem mirror of the
 * provider (a test never downloads; `npm run check:terraform` does). Timeouts are generous: a busy
 * machine is slower, never wrong.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { backendAccepted, checkBackend } from "../../../scripts/terraform-check/backend-check";
import { planTestInputOfStack, StackJson } from "../../../scripts/terraform-check/checked-roots";
import { renderPlanTest } from "../../../scripts/terraform-check/plan-test";
import { adaptStackJson } from "../../../scripts/terraform-check/provider-compat";
import { chooseProviderInstallation, majorOf, pinnedAwsProviderVersion } from "../../../scripts/terraform-check/provider-installation";
import { checkRoot, preflightProvider, terraformEnv } from "../../../scripts/terraform-check/run-check";
import { findTerraformOnPath } from "../../../scripts/terraform-check/terraform-cli";

const PROJECT = resolve(__dirname, "..", "..", "..");
const terraform = findTerraformOnPath();
const pinned = pinnedAwsProviderVersion(PROJECT);
const installation = chooseProviderInstallation(process.env, pinned);
const withTerraform = terraform ? test : test.skip;
const withProvider = terraform && installation.kind === "mirror" ? test : test.skip;
const terraformNote = terraform ? "" : " (skipped: no terraform on PATH)";
const providerNote = !terraform
  ? " (skipped: no terraform on PATH)"
  : installation.kind !== "mirror"
    ? " (skipped: no provider mirror; set GUARDDUTY_TF_PROVIDER_MIRROR)"
    : "";
const TEN_MINUTES = 10 * 60 * 1000;

const workDirs: string[] = [];
const work = () => {
  const dir = mkdtempSync(join(tmpdir(), "terraform-check-test-"));
  workDirs.push(dir);
  return dir;
};
afterAll(() => workDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const env = () => ({ ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" });

async function backendVerdict(terraformBlock: StackJson["terraform"]) {
  const result = await checkBackend(terraform!, work(), { terraform: terraformBlock }, env(), TEN_MINUTES);
  return { accepted: backendAccepted(result!.run), output: result!.run.output };
}

describe("the real Terraform checks what we emit", () => {
  withTerraform(
    `the cloud block with project at its top, as we used to write it, is refused by terraform init${terraformNote}`,
    async () => {
      const verdict = await backendVerdict({ cloud: { organization: "acme", project: "security", workspaces: { name: "w" } } });
      expect(verdict.accepted).toBe(false);
      expect(verdict.output).toContain('No argument or block type is named "project".');
    },
    TEN_MINUTES,
  );

  withTerraform(
    `the cloud block with project inside workspaces is accepted (init fails only reaching the service)${terraformNote}`,
    async () => {
      const verdict = await backendVerdict({ cloud: { hostname: "tfe.example.com", organization: "acme", workspaces: { name: "w", project: "security" } } });
      expect(verdict).toMatchObject({ accepted: true });
    },
    TEN_MINUTES,
  );

  withTerraform(
    `an S3 backend with the AWS documentation's example key id is refused as an invalid KMS key ARN; a UUID v4 key is accepted${terraformNote}`,
    async () => {
      const s3 = (key: string) => ({
        backend: { s3: { bucket: "acme-tfstate", key: "a/b.tfstate", region: "ap-northeast-1", encrypt: true, kms_key_id: key, use_lockfile: true } },
      });
      const refused = await backendVerdict(s3("arn:aws:kms:ap-northeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"));
      expect(refused.accepted).toBe(false);
      expect(refused.output).toContain("Invalid KMS Key ARN");
      expect(await backendVerdict(s3("arn:aws:kms:ap-northeast-1:123456789012:key/0b5f5b6e-3c1a-4d2e-9f8a-1234567890ab"))).toMatchObject({ accepted: true });
    },
    TEN_MINUTES,
  );

  withProvider(
    `a value the provider refuses (log retention of 2 days) fails the check, with the provider's error${providerNote}`,
    async () => {
      const dir = work();
      const tfEnv = terraformEnv(process.env, installation, dir);
      await preflightProvider(terraform!, installation, tfEnv, dir, TEN_MINUTES);
      const stackDir = join(dir, "stack");
      mkdirSync(stackDir);
      const stack = {
        terraform: { required_providers: { aws: { source: "aws", version: pinned } } },
        provider: { aws: [{ region: "ap-northeast-1" }] },
        resource: { aws_cloudwatch_log_group: { logs: { name: "x", retention_in_days: 2 } } },
      };
      const text = adaptStackJson(JSON.stringify(stack), installation.awsVersion).text;
      writeFileSync(join(stackDir, "cdk.tf.json"), text);
      const test = renderPlanTest(planTestInputOfStack(JSON.parse(text) as StackJson, majorOf(installation.awsVersion)));
      const result = await checkRoot({ label: "bad", dir: stackDir, testText: test.text, inventedDataTypes: [] }, terraform!, tfEnv, TEN_MINUTES);
      expect(result.steps.init?.status).toBe("pass");
      expect(result.steps.validate?.status).toBe("fail");
      expect(result.steps.validate?.errors?.join("\n")).toMatch(/retention_in_days/);
    },
    TEN_MINUTES,
  );

  // That every example's stacks (the seed's among them) pass init, validate, plan and the backend check is
  // `npm run check:terraform` itself, which CI runs after npm test wherever terraform is: repeating one example here
  // took half of this file's time and checked nothing that command does not.
});

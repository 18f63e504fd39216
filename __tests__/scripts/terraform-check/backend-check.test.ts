/** The backend block checked alone, with the network shut: what is run and how its result is read. */
import { backendAccepted, backendCheckEnv, backendInitArguments, backendOnlyConfig, DEAD_PROXY } from "../../../scripts/terraform-check/backend-check";

const run = (code: number, output: string) => ({ code, output, timedOut: false });

describe("backend check", () => {
  test("only the backend or cloud block is kept; a stack with neither has nothing to check", () => {
    const cloud = { organization: "acme", workspaces: { name: "w", project: "security" } };
    expect(JSON.parse(backendOnlyConfig({ terraform: { cloud }, provider: { aws: [{}] } })!.json)).toEqual({ terraform: { cloud } });
    expect(backendOnlyConfig({ terraform: { backend: { s3: { bucket: "b" } } } })?.kind).toBe("s3");
    expect(backendOnlyConfig({ terraform: {} })).toBeUndefined();
  });

  test("S3 is told not to look up credentials or the account; other backends get no extra arguments", () => {
    expect(backendInitArguments("s3")).toEqual([
      "-backend-config=skip_credentials_validation=true",
      "-backend-config=skip_requesting_account_id=true",
      "-backend-config=skip_metadata_api_check=true",
      "-backend-config=max_retries=1",
    ]);
    expect(backendInitArguments("cloud")).toEqual([]);
  });

  test("the network goes to a dead proxy; the caller's AWS credentials, tokens, workspace and proxy exceptions are dropped", () => {
    const env = backendCheckEnv(
      { PATH: "/bin", AWS_PROFILE: "prod", AWS_SESSION_TOKEN: "t", TF_TOKEN_app_terraform_io: "secret", TF_WORKSPACE: "w", NO_PROXY: "*", no_proxy: "*" },
      { kind: "s3", json: "{}" },
    );
    expect(env).toMatchObject({ PATH: "/bin", HTTPS_PROXY: DEAD_PROXY, HTTP_PROXY: DEAD_PROXY, AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE" });
    for (const k of ["AWS_PROFILE", "AWS_SESSION_TOKEN", "TF_TOKEN_app_terraform_io", "TF_WORKSPACE", "NO_PROXY", "no_proxy"]) expect(env[k]).toBeUndefined();
  });

  test("a cloud block without organization gets one from TF_CLOUD_ORGANIZATION, as users set it", () => {
    expect(backendCheckEnv({}, { kind: "cloud", json: '{"terraform":{"cloud":{"workspaces":{"name":"w"}}}}' }).TF_CLOUD_ORGANIZATION).toBe("example-org");
  });

  test("accepted: init passed, or it failed only reaching the service through the dead proxy", () => {
    expect(backendAccepted(run(0, "Terraform has been successfully initialized!"))).toBe(true);
    expect(
      backendAccepted(
        run(
          1,
          'Error: Failed to request discovery document: Get "https://tfe.example.com/.well-known/terraform.json": proxyconnect tcp: dial tcp 127.0.0.1:1: connect: connection refused\n',
        ),
      ),
    ).toBe(true);
  });

  test("refused: any error that is not about the dead proxy, as Terraform words a bad argument", () => {
    const badArgument =
      'Error: Extraneous JSON object property\n\n  on main.tf.json line 1, in terraform.cloud:\n\nNo argument or block type is named "project".\n';
    const badKey =
      'Error: Invalid KMS Key ARN\n\nValue must be a valid KMS Key ARN, got "arn:aws:kms:ap-northeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"\n';
    const proxy = "Error: Failed to get existing workspaces: ... proxyconnect tcp: dial tcp 127.0.0.1:1: connect: connection refused\n";
    expect(backendAccepted(run(1, badArgument))).toBe(false);
    expect(backendAccepted(run(1, `${badKey}\n${proxy}`))).toBe(false);
    expect(backendAccepted(run(1, "killed"))).toBe(false);
    expect(backendAccepted({ code: null, output: "", timedOut: true })).toBe(false);
  });
});

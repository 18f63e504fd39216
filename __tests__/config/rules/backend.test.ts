/** The backend rules: no token, settings of the chosen type only, one way to pick cloud workspaces. */
import { backendToken } from "../../../config/rules/backend-token";
import { backendTypeSettings } from "../../../config/rules/backend-type-settings";
import { cloudWorkspaceSelection } from "../../../config/rules/cloud-workspace-selection";
import { parsedConfig } from "./parsed-config";

const withBackend = (backend: Record<string, unknown>) => parsedConfig({ backend });

describe("rule: no token in the backend settings", () => {
  test("GIVEN a cloud backend without a token THEN it is compliant", () => {
    expect(backendToken(withBackend({ type: "cloud", organization: "acme" }))).toEqual([]);
  });

  test("GIVEN a token THEN it is refused without showing it", () => {
    expect(backendToken(withBackend({ type: "cloud", token: "secret-token" }))).toEqual([
      {
        setting: "backend.token",
        value: '"(hidden)"',
        allowed: "no token in config: set TF_TOKEN_<hostname> (Terraform Cloud) or AWS credentials in the environment",
      },
    ]);
  });
});

describe("rule: backend settings of the chosen type only, and the S3 bucket", () => {
  test.each([
    ["local", {}],
    ["cloud", { type: "cloud", hostname: "tfe.example.com", organization: "acme", project: "Security", workspace: "prod" }],
    ["s3", { type: "s3", bucket: "acme-state", s3_region: "ap-northeast-1", dynamodb_table: "locks" }],
  ])("GIVEN a %s backend with its own settings THEN it is compliant", (_, backend) => {
    expect(backendTypeSettings(withBackend(backend))).toEqual([]);
  });

  test("GIVEN cloud settings on an s3 backend THEN each is refused", () => {
    expect(backendTypeSettings(withBackend({ type: "s3", bucket: "acme-state", organization: "acme", workspace: "prod" }))).toEqual([
      { setting: "backend.organization", value: '"acme"', allowed: 'no value unless backend.type is "cloud"' },
      { setting: "backend.workspace", value: '"prod"', allowed: 'no value unless backend.type is "cloud"' },
    ]);
  });

  test("GIVEN s3 settings on the local backend THEN each is refused", () => {
    expect(backendTypeSettings(withBackend({ bucket: "acme-state" }))).toEqual([
      { setting: "backend.bucket", value: '"acme-state"', allowed: 'no value unless backend.type is "s3"' },
    ]);
  });

  test("GIVEN an s3 backend without a bucket THEN the bucket is required", () => {
    expect(backendTypeSettings(withBackend({ type: "s3" }))).toEqual([
      { setting: "backend.bucket", value: "(missing)", allowed: 'a bucket name when backend.type is "s3"' },
    ]);
  });
});

describe("rule: a cloud block picks one workspace by name or workspaces by tags", () => {
  test.each([[{ workspace: "prod" }], [{ workspace_tags: ["guardduty"] }]])("GIVEN %j THEN it is compliant", (selection) => {
    expect(cloudWorkspaceSelection(withBackend({ type: "cloud", ...selection }))).toEqual([]);
  });

  test("GIVEN both a workspace and tags THEN the tags are refused", () => {
    expect(cloudWorkspaceSelection(withBackend({ type: "cloud", workspace: "prod", workspace_tags: ["guardduty"] }))).toEqual([
      {
        setting: "backend.workspace_tags",
        value: '["guardduty"]',
        allowed: "no value when backend.workspace is set (a cloud block selects one named workspace or workspaces by tags)",
      },
    ]);
  });
});

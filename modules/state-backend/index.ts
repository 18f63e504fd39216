import { LocalBackend, S3Backend, TerraformStack } from "cdktf";
import { TerraformCloudBlock } from "./terraform-cloud-block";

export { TerraformCloudBlock } from "./terraform-cloud-block";

/** Where a stack keeps its Terraform state. Secrets (tokens, keys) never appear here: Terraform reads them from the environment. */
export type StateBackendSettings =
  | { readonly type: "local" }
  | {
      readonly type: "cloud";
      /** Terraform Enterprise hostname. @default - app.terraform.io, or TF_CLOUD_HOSTNAME at terraform init */
      readonly hostname?: string;
      /** @default - TF_CLOUD_ORGANIZATION at terraform init */
      readonly organization?: string;
      /** Project of the workspace. @default - the organization's default project, or TF_CLOUD_PROJECT at terraform init */
      readonly project?: string;
      /** @default - a workspace named after the stack */
      readonly workspace?: string;
      /** Select workspaces by tags instead of a name (TF_WORKSPACE then picks one). @default - one workspace, by name */
      readonly workspaceTags?: readonly string[];
    }
  | {
      readonly type: "s3";
      readonly bucket: string;
      /** Object key: `<keyPrefix>/<stack name>.tfstate`. */
      readonly keyPrefix: string;
      readonly region: string;
      /** S3 native state locking (Terraform >= 1.10). @default true */
      readonly useLockfile?: boolean;
      /** DynamoDB lock table (older Terraform). @default - no lock table */
      readonly dynamodbTable?: string;
      /** KMS key that encrypts the state object. @default - the bucket's default encryption */
      readonly kmsKeyArn?: string;
    };

/**
 * Gives the stack its backend: one state (and one Terraform Cloud workspace) per stack. The local
 * state file sits in the project root as `terraform.<stack>.tfstate`, written relative to the
 * synthesized stack folder so the output holds no machine-specific path.
 */
export function configureStateBackend(stack: TerraformStack, stackName: string, settings: StateBackendSettings): void {
  switch (settings.type) {
    case "local":
      new LocalBackend(stack, { path: `../../../terraform.${stackName}.tfstate` });
      return;
    case "cloud":
      new TerraformCloudBlock(stack, {
        hostname: settings.hostname,
        organization: settings.organization,
        project: settings.project,
        workspaces: settings.workspaceTags !== undefined ? { tags: settings.workspaceTags } : { name: settings.workspace ?? stackName },
      });
      return;
    case "s3": {
      const backend = new S3Backend(stack, {
        bucket: settings.bucket,
        key: `${settings.keyPrefix}/${stackName}.tfstate`,
        region: settings.region,
        encrypt: true,
        kmsKeyId: settings.kmsKeyArn,
        dynamodbTable: settings.dynamodbTable,
      });
      if (settings.useLockfile ?? true) backend.addOverride("use_lockfile", true);
      return;
    }
  }
}

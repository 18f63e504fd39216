import { TerraformBackend, TerraformRemoteState } from "cdktf";
import { Construct } from "constructs";

export interface TerraformCloudBlockProps {
  /** @default - Terraform's default, app.terraform.io, or TF_CLOUD_HOSTNAME at init */
  readonly hostname?: string;
  /** @default - TF_CLOUD_ORGANIZATION at init */
  readonly organization?: string;
  /**
   * Project the workspace is created in; written inside `workspaces`, the only place Terraform accepts
   * it (developer.hashicorp.com/terraform/cli/v1.7.x/cloud/settings; at the top of `cloud`, `terraform
   * init` fails: No argument or block type is named "project").
   * @default - the organization's default project, or TF_CLOUD_PROJECT at init
   */
  readonly project?: string;
  /** Exactly one of a workspace name or workspace tags. */
  readonly workspaces: { readonly name: string } | { readonly tags: readonly string[] };
}

/**
 * The `cloud` block (Terraform Cloud or Enterprise), written like CDKTF's CloudBackend, including
 * the metadata `cdktf deploy` reads, but without its synth-time `terraform version` check: synthesis
 * must work where no terraform binary exists (CI, reviews). `terraform init` checks the version anyway
 * (the cloud block needs Terraform >= 1.1). Never holds a token: Terraform reads TF_TOKEN_<host>.
 */
export class TerraformCloudBlock extends TerraformBackend {
  constructor(
    scope: Construct,
    private readonly props: TerraformCloudBlockProps,
  ) {
    super(scope, "backend", "cloud");
  }

  override toTerraform(): Record<string, unknown> {
    return { terraform: { cloud: this.attributes() } };
  }

  override toHclTerraform(): Record<string, unknown> {
    return this.toTerraform();
  }

  override toMetadata(): Record<string, unknown> {
    const host = this.props.hostname ?? "app.terraform.io";
    return { ...super.toMetadata(), cloud: host.startsWith("app.terraform.io") ? "tfc" : "tfe" };
  }

  override getRemoteStateDataSource(): TerraformRemoteState {
    throw new Error("TerraformCloudBlock: read another stack's outputs with a tfe_outputs data source, not remote state");
  }

  private attributes(): Record<string, unknown> {
    const w = this.props.workspaces;
    return {
      ...(this.props.hostname !== undefined ? { hostname: this.props.hostname } : {}),
      ...(this.props.organization !== undefined ? { organization: this.props.organization } : {}),
      workspaces: {
        ...("name" in w ? { name: w.name } : { tags: [...w.tags] }),
        ...(this.props.project !== undefined ? { project: this.props.project } : {}),
      },
    };
  }
}

/**
 * Where `terraform init` gets hashicorp/aws from. On a user's machine: the normal registry download
 * (their own CLI config), with one shared plugin cache so every checked folder reuses one download.
 * Where a filesystem mirror exists (GUARDDUTY_TF_PROVIDER_MIRROR, or /opt/tf-plugins as on the
 * offline development image): only the mirror, through a CLI config we write, never the network.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** Environment variable naming a filesystem mirror (Terraform's provider_installation layout). */
export const MIRROR_ENV = "GUARDDUTY_TF_PROVIDER_MIRROR";
/** The mirror of the offline development image, used when present and MIRROR_ENV is not set. */
export const DEFAULT_MIRROR = "/opt/tf-plugins";
const AWS_IN_MIRROR = ["registry.terraform.io", "hashicorp", "aws"];

export type ProviderInstallation =
  | {
      readonly kind: "mirror";
      readonly mirrorPath: string;
      /** The hashicorp/aws version the mirror holds for this platform (the highest, if several). */
      readonly awsVersion: string;
    }
  | {
      readonly kind: "download";
      /** The version the app pins (the CDKTF provider bindings'). */
      readonly awsVersion: string;
    };

/** The version of hashicorp/aws the CDKTF provider bindings were generated from; synthesized stacks pin it. */
export function pinnedAwsProviderVersion(projectRoot: string): string {
  const pkg = JSON.parse(readFileSync(join(projectRoot, "node_modules", "@cdktf", "provider-aws", "package.json"), "utf8")) as {
    cdktf?: { provider?: { version?: string } };
  };
  const version = pkg.cdktf?.provider?.version;
  if (version === undefined) throw new Error("@cdktf/provider-aws/package.json names no provider version (cdktf.provider.version)");
  return version;
}

/** Terraform's name of this platform, as in a mirror's folder and file names (linux_amd64, darwin_arm64, ...). */
export function terraformPlatform(platform: NodeJS.Platform = process.platform, arch: string = process.arch): string {
  const os = platform === "win32" ? "windows" : platform;
  const cpu = arch === "x64" ? "amd64" : arch === "ia32" ? "386" : arch;
  return `${os}_${cpu}`;
}

/** Numeric version order: 5.100.0 after 5.9.0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((p) => Number.parseInt(p, 10));
  const pb = b.split(/[.-]/).map((p) => Number.parseInt(p, 10));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Versions of hashicorp/aws a mirror holds for the platform, in either layout Terraform reads:
 * unpacked (`<version>/<platform>/`) or packed (`terraform-provider-aws_<version>_<platform>.zip`).
 */
export function awsVersionsInMirror(mirrorPath: string, platform = terraformPlatform()): string[] {
  const dir = join(mirrorPath, ...AWS_IN_MIRROR);
  if (!existsSync(dir)) return [];
  const versions = new Set<string>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && existsSync(join(dir, entry.name, platform))) versions.add(entry.name);
    const packed = new RegExp(`^terraform-provider-aws_(.+)_${platform}\\.zip$`).exec(entry.name);
    if (entry.isFile() && packed) versions.add(packed[1]);
  }
  return [...versions].sort(compareVersions);
}

/**
 * Mirror when one is configured or present, else download. A mirror named in MIRROR_ENV that holds no
 * hashicorp/aws for this platform is an error (the user asked for it); the default one is then ignored.
 */
export function chooseProviderInstallation(env: NodeJS.ProcessEnv, pinnedVersion: string, defaultMirror: string = DEFAULT_MIRROR): ProviderInstallation {
  const named = env[MIRROR_ENV];
  // Absolute: the CLI config we write is read from another folder.
  const mirrorPath = resolve(named !== undefined && named !== "" ? named : defaultMirror);
  const versions = awsVersionsInMirror(mirrorPath);
  if (versions.length > 0) {
    // Prefer the pinned version when the mirror has it; otherwise its newest.
    const awsVersion = versions.includes(pinnedVersion) ? pinnedVersion : versions[versions.length - 1];
    return { kind: "mirror", mirrorPath, awsVersion };
  }
  if (named !== undefined && named !== "") {
    throw new Error(
      `${MIRROR_ENV}=${named} holds no hashicorp/aws provider for ${terraformPlatform()} (expected ${join(named, ...AWS_IN_MIRROR)}/<version>/${terraformPlatform()}/)`,
    );
  }
  return { kind: "download", awsVersion: pinnedVersion };
}

/** The CLI config that makes `terraform init` install hashicorp providers only from the mirror. */
export function mirrorCliConfig(mirrorPath: string): string {
  return [
    "# Written by npm run check:terraform: providers come only from this filesystem mirror, never the network.",
    "provider_installation {",
    "  filesystem_mirror {",
    `    path    = ${JSON.stringify(mirrorPath)}`,
    '    include = ["registry.terraform.io/hashicorp/*"]',
    "  }",
    "}",
    "",
  ].join("\n");
}

/** Major version number: 5 for 5.100.0. */
export function majorOf(version: string): number {
  return Number.parseInt(version.split(".")[0], 10);
}

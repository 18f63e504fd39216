/** Where the check gets hashicorp/aws: a filesystem mirror when one is named or present, else the registry. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  awsVersionsInMirror,
  chooseProviderInstallation,
  compareVersions,
  MIRROR_ENV,
  mirrorCliConfig,
  terraformPlatform,
} from "../../../scripts/terraform-check/provider-installation";

const PLATFORM = terraformPlatform();

const mirrors: string[] = [];
afterAll(() => mirrors.splice(0).forEach((root) => rmSync(root, { recursive: true, force: true })));

function mirror(layout: { unpacked?: string[]; packed?: string[] }): string {
  const root = mkdtempSync(join(tmpdir(), "mirror-"));
  mirrors.push(root);
  const aws = join(root, "registry.terraform.io", "hashicorp", "aws");
  mkdirSync(aws, { recursive: true });
  for (const v of layout.unpacked ?? []) mkdirSync(join(aws, v, PLATFORM), { recursive: true });
  for (const v of layout.packed ?? []) writeFileSync(join(aws, `terraform-provider-aws_${v}_${PLATFORM}.zip`), "");
  return root;
}

const NOWHERE = join(tmpdir(), "no-such-mirror-for-terraform-check");

describe("provider installation", () => {
  test("a mirror's versions in both of Terraform's layouts, numerically ordered", () => {
    expect(awsVersionsInMirror(mirror({ unpacked: ["5.100.0"], packed: ["5.9.0", "6.25.0"] }))).toEqual(["5.9.0", "5.100.0", "6.25.0"]);
  });

  test("a version folder for another platform only is not offered", () => {
    const root = mirror({});
    mkdirSync(join(root, "registry.terraform.io", "hashicorp", "aws", "6.0.0", "plan9_mips"), { recursive: true });
    expect(awsVersionsInMirror(root)).toEqual([]);
  });

  test("the mirror named in GUARDDUTY_TF_PROVIDER_MIRROR, with its newest version when it lacks the pinned one", () => {
    const root = mirror({ unpacked: ["5.9.0", "5.100.0"] });
    expect(chooseProviderInstallation({ [MIRROR_ENV]: root }, "6.25.0", NOWHERE)).toEqual({ kind: "mirror", mirrorPath: root, awsVersion: "5.100.0" });
  });

  test("the pinned version when the mirror has it", () => {
    const root = mirror({ unpacked: ["5.100.0", "6.25.0", "6.30.0"] });
    expect(chooseProviderInstallation({}, "6.25.0", root)).toEqual({ kind: "mirror", mirrorPath: root, awsVersion: "6.25.0" });
  });

  test("no mirror: the normal download of the pinned version", () => {
    expect(chooseProviderInstallation({}, "6.25.0", NOWHERE)).toEqual({ kind: "download", awsVersion: "6.25.0" });
  });

  test("a named mirror without hashicorp/aws is an error naming the variable and the expected folder", () => {
    expect(() => chooseProviderInstallation({ [MIRROR_ENV]: NOWHERE }, "6.25.0", NOWHERE)).toThrow(
      `${MIRROR_ENV}=${NOWHERE} holds no hashicorp/aws provider for ${PLATFORM} (expected ${NOWHERE}/registry.terraform.io/hashicorp/aws/<version>/${PLATFORM}/)`,
    );
  });

  test("the CLI config installs hashicorp providers from the mirror only", () => {
    expect(mirrorCliConfig("/opt/tf-plugins")).toContain(
      'filesystem_mirror {\n    path    = "/opt/tf-plugins"\n    include = ["registry.terraform.io/hashicorp/*"]\n  }',
    );
    expect(mirrorCliConfig("/opt/tf-plugins")).not.toContain("direct");
  });

  test("platform names as Terraform writes them", () => {
    expect(terraformPlatform("linux", "x64")).toBe("linux_amd64");
    expect(terraformPlatform("darwin", "arm64")).toBe("darwin_arm64");
    expect(terraformPlatform("win32", "x64")).toBe("windows_amd64");
    expect(compareVersions("5.100.0", "5.99.1")).toBeGreaterThan(0);
  });
});

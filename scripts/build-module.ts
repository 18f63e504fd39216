/**
 * npm run module [-- --out <dir>]: writes the Terraform registry module terraform-aws-guardduty-runtime-response
 * (built from the same builders as the CDKTF app) to dist/terraform-aws-guardduty-runtime-response/, or to <dir>.
 * The folder is removed first, so it holds exactly the generated files. Prints the folder's path.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { buildRegistryModule, MODULE_NAME } from "../functions/terraform-module/registry-module";

export function writeRegistryModule(outDir: string): string[] {
  const files = buildRegistryModule();
  rmSync(outDir, { recursive: true, force: true });
  for (const file of files) {
    const path = join(outDir, ...file.path.split("/"));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content);
  }
  return files.map((f) => f.path);
}

function main(argv: readonly string[]): number {
  let out = resolve(__dirname, "..", "dist", MODULE_NAME);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--out" && argv[i + 1] !== undefined && !argv[i + 1].startsWith("--")) {
      out = resolve(argv[++i]);
    } else if (argv[i] === "--help" || argv[i] === "-h") {
      console.log("Usage: npm run module [-- --out <dir>]   (default: dist/terraform-aws-guardduty-runtime-response)");
      return 0;
    } else {
      console.error(`build-module: unknown argument ${JSON.stringify(argv[i])}; usage: npm run module [-- --out <dir>]`);
      return 2;
    }
  }
  if (out === resolve("/") || out === resolve(__dirname, "..")) {
    console.error(`build-module: refusing to replace ${out}`);
    return 2;
  }
  writeRegistryModule(out);
  console.log(out);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));

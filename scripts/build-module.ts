/**
 * npm run module [-- --out <dir>]: writes the Terraform registry module terraform-aws-guardduty-runtime-response
 * (built from the same builders as the CDKTF app) to dist/terraform-aws-guardduty-runtime-response/, or to <dir>.
 * Prints the folder's path.
 *
 * The command never deletes what it did not write. It writes into a folder that does not exist yet, an empty
 * folder, or a folder it wrote before, recognised by its marker file (GENERATED_MARKER, listing the files it
 * wrote). Rewriting such a folder removes only the files the marker lists, so files a user added stay. Any
 * other folder is refused with exit 2.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { buildRegistryModule, MODULE_NAME } from "../tools/registry-module/registry-module";
import { CommandIo, parseCommandLine, PROCESS_IO, UsageError } from "./cli-arguments";

/** The file that marks a folder as written by this command; it lists the files written, one per line. */
export const GENERATED_MARKER = ".generated-by-guardduty-runtime-response";
const MARKER_HEADER = "# Written by `npm run module` of guardduty-runtime-response. Files it wrote (it removes only these when it rewrites this folder):";

const USAGE = [
  "Usage: npm run module [-- --out <dir>]",
  "",
  `  --out <dir>  where to write the module (default: dist/${MODULE_NAME}); a new or empty folder, or one this`,
  `               command wrote before (it holds ${GENERATED_MARKER})`,
  "",
  "Exit codes: 0 written, 2 bad argument or a folder it will not write into.",
].join("\n");

/** The command will not write into this folder: exit 2 with the message. */
export class OutputFolderError extends Error {}

/** The files a previous run listed in its marker, only those inside `outDir`. */
function previouslyWritten(outDir: string): string[] {
  const lines = readFileSync(join(outDir, GENERATED_MARKER), "utf8").split("\n");
  return lines
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .filter((path) => {
      const absolute = resolve(outDir, path);
      return absolute.startsWith(outDir + sep) && relative(outDir, absolute) === path.split("/").join(sep);
    });
}

/** Removes the listed files, then whichever of their folders are left empty (never `outDir` itself). */
function removeWritten(outDir: string, files: readonly string[]): void {
  const realOutDir = realpathSync(outDir);
  const folders = new Set<string>();
  for (const file of files) {
    const path = resolve(outDir, file);
    // Through a symbolic link a listed path could lead out of the folder: such a file is left alone.
    const folder = existsSync(dirname(path)) ? realpathSync(dirname(path)) : undefined;
    const inside = folder !== undefined && (folder === realOutDir || folder.startsWith(realOutDir + sep));
    if (inside && existsSync(path) && lstatSync(path).isFile()) rmSync(path);
    for (let folder = dirname(path); folder.startsWith(outDir + sep); folder = dirname(folder)) folders.add(folder);
  }
  // Deepest first, so a parent is tried after its children.
  for (const folder of [...folders].sort((a, b) => b.length - a.length)) {
    if (existsSync(folder) && readdirSync(folder).length === 0) rmdirSync(folder);
  }
}

/** Checks that the command may write into `outDir` and clears what it wrote there before. */
function prepareOutputFolder(outDir: string): void {
  if (!existsSync(outDir)) return;
  if (!statSync(outDir).isDirectory()) throw new OutputFolderError(`refusing to write the module to ${outDir}: it exists and is not a folder`);
  if (existsSync(join(outDir, GENERATED_MARKER))) {
    removeWritten(outDir, previouslyWritten(outDir));
    return;
  }
  if (readdirSync(outDir).length > 0) {
    throw new OutputFolderError(
      `refusing to write the module to ${outDir}: the folder is not empty and was not written by npm run module (it has no ${GENERATED_MARKER}); choose a new or empty folder`,
    );
  }
}

/** Writes the module into `outDir` (see the header for which folders it accepts); returns the files written. */
export function writeRegistryModule(outDir: string): string[] {
  const root = resolve(outDir);
  const files = buildRegistryModule();
  prepareOutputFolder(root);
  mkdirSync(root, { recursive: true });
  const paths = files.map((file) => file.path);
  // The marker first: were the run to stop halfway, the next run still knows these files are its own.
  writeFileSync(join(root, GENERATED_MARKER), [MARKER_HEADER, ...paths, ""].join("\n"));
  for (const file of files) {
    const path = join(root, ...file.path.split("/"));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content);
  }
  return paths;
}

/** Runs `npm run module -- <argv>`; returns the exit code. */
export function main(argv: readonly string[], io: CommandIo = PROCESS_IO): number {
  try {
    const { values } = parseCommandLine(argv, { out: "string" }, false);
    if (values.help === true) {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const out = resolve((values.out as string | undefined) ?? resolve(__dirname, "..", "dist", MODULE_NAME));
    writeRegistryModule(out);
    io.stdout.write(`${out}\n`);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`build-module: ${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (e instanceof OutputFolderError) {
      io.stderr.write(`build-module: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));

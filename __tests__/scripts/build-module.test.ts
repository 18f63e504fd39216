/**
 * `npm run module -- --out DIR` (scripts/build-module.ts): it writes the module, and never deletes what it did not
 * write: a non-empty folder without its marker is refused, and rewriting its own folder removes only its files.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { buildRegistryModule } from "../../tools/registry-module/registry-module";
import { GENERATED_MARKER, main } from "../../scripts/build-module";

const temporary: string[] = [];
afterAll(() => temporary.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), "build-module-"));
  temporary.push(dir);
  return dir;
}

function run(argv: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = "";
  let stderr = "";
  const code = main(argv, { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } });
  return { code, stdout, stderr };
}

const pathsUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? pathsUnder(join(dir, name)) : [join(dir, name)]));

/** Every file under `dir`, as sorted `/`-separated paths relative to it. */
const filesUnder = (dir: string): string[] =>
  pathsUnder(dir)
    .map((path) => relative(dir, path).split("\\").join("/"))
    .sort();

const generated = (): string[] => buildRegistryModule().map((file) => file.path);

describe("npm run module -- --out DIR", () => {
  test("a folder that does not exist is created with exactly the module's files and the marker, byte for byte", () => {
    // GIVEN a path that does not exist  WHEN the module is written there
    const out = join(scratch(), "module");
    const result = run(["--out", out]);
    // THEN exit 0, the path on stdout, the generated files plus the marker listing them
    expect(result).toEqual({ code: 0, stdout: `${out}\n`, stderr: "" });
    expect(filesUnder(out)).toEqual([...generated(), GENERATED_MARKER].sort());
    for (const file of buildRegistryModule()) expect([file.path, readFileSync(join(out, file.path), "utf8") === file.content]).toEqual([file.path, true]);
    expect(
      readFileSync(join(out, GENERATED_MARKER), "utf8")
        .split("\n")
        .filter((line) => line !== "" && !line.startsWith("#")),
    ).toEqual(generated());
  });

  test("an empty folder is written into", () => {
    const out = scratch();
    expect(run(["--out", out]).code).toBe(0);
    expect(filesUnder(out)).toEqual([...generated(), GENERATED_MARKER].sort());
  });

  test("a non-empty folder it did not write is refused with exit 2, and nothing in it changes", () => {
    // GIVEN a folder with a user's file (as `--out ..` would name a checkout)
    const out = scratch();
    writeFileSync(join(out, "precious.txt"), "keep me\n");
    // WHEN the module is to be written there
    const result = run(["--out", out]);
    // THEN refused, the folder as it was
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `build-module: refusing to write the module to ${out}: the folder is not empty and was not written by npm run module (it has no ${GENERATED_MARKER}); choose a new or empty folder\n`,
    );
    expect(readdirSync(out)).toEqual(["precious.txt"]);
    expect(readFileSync(join(out, "precious.txt"), "utf8")).toBe("keep me\n");
  });

  test("a file in place of the folder is refused with exit 2", () => {
    const out = join(scratch(), "module");
    writeFileSync(out, "a file\n");
    const result = run(["--out", out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`build-module: refusing to write the module to ${out}: it exists and is not a folder\n`);
    expect(readFileSync(out, "utf8")).toBe("a file\n");
  });

  test("its own folder is rewritten: files it wrote before and no longer writes go, a user's files stay", () => {
    // GIVEN a folder it wrote, whose marker also lists a file an older version wrote, and a file of the user's
    const out = join(scratch(), "module");
    run(["--out", out]);
    writeFileSync(join(out, "old.tf"), "# written by an older version\n");
    writeFileSync(join(out, GENERATED_MARKER), `${readFileSync(join(out, GENERATED_MARKER), "utf8")}old.tf\n`);
    mkdirSync(join(out, "mine"));
    writeFileSync(join(out, "mine", "notes.md"), "mine\n");
    // WHEN written again
    const result = run(["--out", out]);
    // THEN the old file is gone, the user's file is kept, the module is complete
    expect(result.code).toBe(0);
    expect(filesUnder(out)).toEqual([...generated(), GENERATED_MARKER, "mine/notes.md"].sort());
  });

  test("a marker listing paths outside its folder deletes nothing there", () => {
    // GIVEN a marker that lists a path out of the folder, an absolute path, and a path through a link out of it
    const parent = scratch();
    const out = join(parent, "module");
    run(["--out", out]);
    writeFileSync(join(parent, "outside.txt"), "keep\n");
    mkdirSync(join(parent, "elsewhere"));
    writeFileSync(join(parent, "elsewhere", "target.txt"), "keep\n");
    symlinkSync(join(parent, "elsewhere"), join(out, "link"));
    writeFileSync(join(out, GENERATED_MARKER), `# marker\n../outside.txt\n${join(parent, "outside.txt")}\nlink/target.txt\n`);
    // WHEN written again
    expect(run(["--out", out]).code).toBe(0);
    // THEN every file outside the folder is still there
    expect(readFileSync(join(parent, "outside.txt"), "utf8")).toBe("keep\n");
    expect(readFileSync(join(parent, "elsewhere", "target.txt"), "utf8")).toBe("keep\n");
  });

  test.each<[string, string[], string]>([
    ["an unknown option", ["--outdir", "x"], "build-module: unknown option --outdir"],
    ["--out without a value", ["--out"], "build-module: --out needs a value"],
    ["an empty --out", ["--out="], "build-module: --out needs a value, got an empty one"],
    ["a folder without --out", ["x"], "build-module: unexpected argument 'x'"],
  ])("%s exits 2 and writes nothing", (_name, argv, message) => {
    const result = run(argv);
    expect(result.code).toBe(2);
    expect(result.stderr.split("\n")[0]).toBe(message);
    expect(existsSync("x")).toBe(false);
  });
});

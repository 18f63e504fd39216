/**
 * The construct library as people install it. `npm pack` (whose `prepare` script builds the package) makes the
 * tarball; it is unpacked into node_modules/ of a copy of examples/library-app/, beside links to this project's
 * installed cdktf, constructs, @cdktf/provider-aws and @types/node (the package's peers: no network, no npm
 * install); tsc type-checks the example against the package's declarations and compiles it; node runs it. What it
 * synthesizes must be byte for byte what the same main.ts synthesizes from this project's sources.
 *
 * One pack, one compile and one run for the whole file (beforeAll); the timeouts are generous because a busy
 * machine is slower, never wrong. The pack always runs; what the compile and the run gave (tsc's output, the
 * synthesized stacks) is kept in the OS temp dir under the hash of every input of theirs: the tarball's bytes
 * (npm pack makes the same bytes from the same files), the example's files, package-lock.json, the versions of
 * typescript and of each linked package, and node's version. Only a compile and a run that both succeeded are
 * kept, so a failure is always reproduced.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

const ROOT = resolve(__dirname, "..", "..");
const EXAMPLE = join(ROOT, "examples", "library-app");
const TEN_MINUTES = 10 * 60 * 1000;
const PACKAGE = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  name: string;
  main: string;
  types: string;
  exports: Record<string, { types: string; default: string } | string>;
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
// The package's peers, and the types the example's tsconfig names: linked from this project's node_modules.
const LINKED = [...Object.keys(PACKAGE.peerDependencies), "@types/node"];

interface PackedFile {
  readonly path: string;
}
interface Packed {
  readonly filename: string;
  readonly files: readonly PackedFile[];
}

const npmEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  npm_config_offline: "true",
  npm_config_audit: "false",
  npm_config_fund: "false",
  npm_config_update_notifier: "false",
  npm_config_loglevel: "error",
});

/** A finished child process. */
interface Finished {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly error?: Error;
}

/**
 * Runs a command without blocking: npm pack builds the library, and a worker blocked that long would miss its
 * messages to the test runner.
 */
const run = (command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<Finished> =>
  new Promise((done) => {
    const child = spawn(command, args, { cwd, env, timeout: TEN_MINUTES });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", (error) => done({ status: null, stdout, stderr, error }));
    child.on("close", (status) => done({ status, stdout, stderr }));
  });

/** npm as the running npm (npm test) or the one beside node. */
function npm(args: readonly string[], cwd: string): Promise<Finished> {
  const cli = process.env.npm_execpath;
  const [command, prefix] = cli !== undefined && /npm-cli\.js$/.test(cli) ? [process.execPath, [cli]] : ["npm", []];
  return run(command, [...prefix, ...args], cwd, npmEnv());
}

const describeRun = (what: string, result: Finished) =>
  `${what} exited ${result.status}${result.error ? ` (${result.error.message})` : ""}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`;

/** Each stack's cdk.tf.json under `outdir`, the run's working directory (in local state paths) replaced. */
function stacksOf(outdir: string, cwd: string): Record<string, string> {
  const stacks = join(outdir, "stacks");
  return Object.fromEntries(
    readdirSync(stacks)
      .sort()
      .map((name) => [
        name,
        readFileSync(join(stacks, name, "cdk.tf.json"), "utf8")
          .split(cwd)
          .join("<cwd>"),
      ]),
  );
}

/** What the compile and the run of the example gave; the stacks with the run's directory as `<cwd>`. */
interface ExampleRun {
  readonly compile: Finished;
  readonly compiledMain: boolean;
  readonly synth: Finished;
  readonly stacks: Record<string, string>;
}

const EXAMPLE_FILTER = (source: string): boolean => !/[\\/](node_modules|dist|cdktf\.out)$/.test(source) && !source.endsWith(".tgz");

/** Every file of the example that is copied into the app, by path relative to it, sorted. */
function exampleFiles(directory = EXAMPLE, prefix = ""): string[] {
  return readdirSync(directory, { withFileTypes: true })
    .filter((entry) => EXAMPLE_FILTER(join(directory, entry.name)))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => (entry.isDirectory() ? exampleFiles(join(directory, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`]));
}

/** The hash of every input of the example's compile and run (see the file comment). */
function exampleRunKey(tarball: string): string {
  const hash = createHash("sha256");
  const part = (label: string, content: string | Buffer): void => {
    hash.update(`${label}\0${content.length}\0`).update(content);
  };
  part("tarball", readFileSync(tarball));
  for (const file of exampleFiles()) part(`example/${file}`, readFileSync(join(EXAMPLE, file)));
  part("package-lock.json", readFileSync(join(ROOT, "package-lock.json")));
  for (const name of [...LINKED, "typescript"]) part(`node_modules/${name}`, readFileSync(join(ROOT, "node_modules", name, "package.json")));
  part("node", process.version);
  return hash.digest("hex");
}

const CACHE = join(tmpdir(), "guardduty-runtime-response-library-package");

function cachedExampleRun(key: string): ExampleRun | undefined {
  try {
    return JSON.parse(readFileSync(join(CACHE, `${key}.json`), "utf8")) as ExampleRun;
  } catch {
    return undefined;
  }
}

function keepExampleRun(key: string, result: ExampleRun): void {
  if (result.compile.status !== 0 || result.synth.status !== 0 || !result.compiledMain) return;
  mkdirSync(CACHE, { recursive: true });
  const partial = join(CACHE, `${key}.${process.pid}.partial`);
  writeFileSync(partial, JSON.stringify(result));
  renameSync(partial, join(CACHE, `${key}.json`));
}

const outcome = ({ status, stdout, stderr, error }: Finished): ExampleRun["compile"] => ({ status, stdout, stderr, error });

let work: string;
let packed: Packed;
let app: string;
let compile: ExampleRun["compile"];
let compiledMain: boolean;
let synth: ExampleRun["synth"];
let stacks: Record<string, string>;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "library-package-"));
  const pack = await npm(["pack", "--json", "--pack-destination", work], ROOT);
  if (pack.status !== 0) throw new Error(describeRun("npm pack", pack));
  packed = (JSON.parse(pack.stdout) as Packed[])[0];

  // A copy of the example whose node_modules holds the unpacked tarball and links to the peers.
  app = join(work, "app");
  cpSync(EXAMPLE, app, { recursive: true, filter: EXAMPLE_FILTER });
  const installed = join(app, "node_modules", PACKAGE.name);
  mkdirSync(installed, { recursive: true });
  const untar = await run("tar", ["-xzf", join(work, packed.filename), "-C", installed, "--strip-components=1"], work);
  if (untar.status !== 0) throw new Error(describeRun("tar", untar));
  for (const name of LINKED) {
    const link = join(app, "node_modules", name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(ROOT, "node_modules", name), link, "dir");
  }

  const key = exampleRunKey(join(work, packed.filename));
  const cached = cachedExampleRun(key);
  if (cached !== undefined) {
    ({ compile, compiledMain, synth, stacks } = cached);
    return;
  }
  const compiled = await run(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", app], app);
  const ran = compiled.status === 0 ? await run(process.execPath, [join(app, "dist", "main.js")], app, { PATH: process.env.PATH ?? "", HOME: app }) : compiled;
  compile = outcome(compiled);
  compiledMain = existsSync(join(app, "dist", "main.js"));
  synth = outcome(ran);
  stacks = ran.status === 0 ? stacksOf(join(app, "cdktf.out"), app) : {};
  keepExampleRun(key, { compile, compiledMain, synth, stacks });
}, TEN_MINUTES);

afterAll(() => {
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

describe("npm pack", () => {
  test("ships the compiled library with its type declarations, the README, docs and licence: no TypeScript source, tests or app", () => {
    // GIVEN the tarball npm pack made
    const paths = packed.files.map((file) => file.path);
    // THEN every file is compiled library code, a declaration, the README, a doc, the licence or package.json
    expect(paths.filter((path) => !/^(dist\/lib\/.+\.(js|d\.ts|json)|docs\/[^/]+\.md|README\.md|LICENSE|package\.json)$/.test(path))).toEqual([]);
    // AND no file is TypeScript source, a test, the app's entry point or its config code
    expect(paths.filter((path) => (path.endsWith(".ts") && !path.endsWith(".d.ts")) || /__tests__|(^|\/)main\.|\/config\/|\/scripts\//.test(path))).toEqual([]);
  });

  test("package.json main, types and exports name files the tarball holds", () => {
    // GIVEN the package's entry points
    const entry = PACKAGE.exports["."] as { types: string; default: string };
    const entries = [PACKAGE.main, PACKAGE.types, entry.types, entry.default].map((path) => path.replace(/^\.\//, ""));
    // THEN each is in the tarball, and they are the compiled modules/index.ts
    const paths = packed.files.map((file) => file.path);
    expect(entries.filter((path) => !paths.includes(path))).toEqual([]);
    expect(entries).toEqual(["dist/lib/modules/index.js", "dist/lib/modules/index.d.ts", "dist/lib/modules/index.d.ts", "dist/lib/modules/index.js"]);
  });
});

describe("examples/library-app, with the packed package installed", () => {
  test("depends on the tarball npm pack makes, and on the peers at the versions this project is tested with", () => {
    // GIVEN the example's package.json
    const example = JSON.parse(readFileSync(join(EXAMPLE, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    // THEN it names this version's tarball, and pins each peer as this project does
    expect(example.dependencies[PACKAGE.name]).toBe(`file:${packed.filename}`);
    for (const peer of Object.keys(PACKAGE.peerDependencies)) expect([peer, example.dependencies[peer]]).toEqual([peer, PACKAGE.devDependencies[peer]]);
  });

  test("type-checks against the package's declarations (skipLibCheck off) and compiles", () => {
    // WHEN tsc compiled the example (beforeAll) THEN without a diagnostic
    expect(describeRun("tsc", compile)).toBe(describeRun("tsc", { ...compile, status: 0, stdout: "", stderr: "" }));
    expect(compiledMain).toBe(true);
  });

  test("run with node, synthesizes its two stacks with the package's constructs", () => {
    // WHEN node ran the compiled example (beforeAll)
    expect(describeRun("node dist/main.js", synth)).toBe(describeRun("node dist/main.js", { ...synth, status: 0, stderr: "" }));
    // THEN both stacks are there, with the detector, the guarded state machine and the whole system's parts
    expect(Object.keys(stacks)).toEqual(["acme-containment", "acme-runtime-monitoring"]);
    const containment = JSON.parse(stacks["acme-containment"]) as { resource: Record<string, Record<string, Record<string, unknown>>> };
    expect(Object.keys(containment.resource)).toEqual(
      expect.arrayContaining([
        "aws_guardduty_detector",
        "aws_guardduty_detector_feature",
        "aws_sns_topic",
        "aws_cloudwatch_event_rule",
        "aws_sfn_state_machine",
        "aws_iam_role",
      ]),
    );
    const [machine] = Object.values(containment.resource.aws_sfn_state_machine);
    expect(machine.name).toBe("acme-runtime-prod-state-machine");
    expect(String(machine.definition)).toContain("Is Dry Run");
    const whole = JSON.parse(stacks["acme-runtime-monitoring"]) as { resource: Record<string, unknown> };
    expect(Object.keys(whole.resource)).toEqual(expect.arrayContaining(["aws_guardduty_detector", "aws_sfn_state_machine", "aws_kms_key", "aws_sqs_queue"]));
  });

  test("synthesizes byte for byte what the same main.ts synthesizes from this project's sources", async () => {
    // GIVEN the example's main.ts run in this process with the package name mapped to modules/index.ts
    const outdir = join(work, "from-sources");
    const previous = process.env.CDKTF_OUTDIR;
    process.env.CDKTF_OUTDIR = outdir;
    try {
      // The example's imports, resolved from this project: the package's name is its sources (modules/index.ts).
      const rewritten = join(work, "from-sources-main.ts");
      writeFileSync(
        rewritten,
        readFileSync(join(EXAMPLE, "main.ts"), "utf8").replace(
          /from "([^"]+)"/g,
          (_, id: string) => `from ${JSON.stringify(id === PACKAGE.name ? join(ROOT, "modules", "index.ts") : require.resolve(id))}`,
        ),
      );
      await import(rewritten);
    } finally {
      if (previous === undefined) delete process.env.CDKTF_OUTDIR;
      else process.env.CDKTF_OUTDIR = previous;
    }
    // THEN every stack the packed package synthesized is the same text
    expect(stacks).toEqual(stacksOf(outdir, process.cwd()));
  });
});

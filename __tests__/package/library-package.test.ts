/**
 * The construct library as people install it. `npm pack` (whose `prepare` script builds the package) makes the
 * tarball; it is unpacked into node_modules/ of a copy of examples/library-app/, beside links to this project's
 * installed cdktf, constructs, @cdktf/provider-aws and @types/node (the package's peers: no network, no npm
 * install); tsc type-checks the example against the package's declarations and compiles it; node runs it. What it
 * synthesizes must be byte for byte what the same main.ts synthesizes from this project's sources.
 *
 * One pack, one compile and one run for the whole file (beforeAll); the timeouts are generous because a busy
 * machine is slower, never wrong.
 */
import { spawnSync, SpawnSyncReturns } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
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

/** npm as the running npm (npm test) or the one beside node. */
function npm(args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  const cli = process.env.npm_execpath;
  const [command, prefix] = cli !== undefined && /npm-cli\.js$/.test(cli) ? [process.execPath, [cli]] : ["npm", []];
  return spawnSync(command, [...prefix, ...args], { cwd, encoding: "utf8", env: npmEnv(), timeout: TEN_MINUTES });
}

const run = (command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env) =>
  spawnSync(command, args, { cwd, encoding: "utf8", env, timeout: TEN_MINUTES });

const describeRun = (what: string, result: SpawnSyncReturns<string>) =>
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

let work: string;
let packed: Packed;
let app: string;
let compile: SpawnSyncReturns<string>;
let synth: SpawnSyncReturns<string>;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "library-package-"));
  const pack = npm(["pack", "--json", "--pack-destination", work], ROOT);
  if (pack.status !== 0) throw new Error(describeRun("npm pack", pack));
  packed = (JSON.parse(pack.stdout) as Packed[])[0];

  // A copy of the example whose node_modules holds the unpacked tarball and links to the peers.
  app = join(work, "app");
  cpSync(EXAMPLE, app, { recursive: true, filter: (source) => !/[\\/](node_modules|dist|cdktf\.out)$/.test(source) && !source.endsWith(".tgz") });
  const installed = join(app, "node_modules", PACKAGE.name);
  mkdirSync(installed, { recursive: true });
  const untar = run("tar", ["-xzf", join(work, packed.filename), "-C", installed, "--strip-components=1"], work);
  if (untar.status !== 0) throw new Error(describeRun("tar", untar));
  for (const name of LINKED) {
    const link = join(app, "node_modules", name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(ROOT, "node_modules", name), link, "dir");
  }

  compile = run(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", app], app);
  synth = compile.status === 0 ? run(process.execPath, [join(app, "dist", "main.js")], app, { PATH: process.env.PATH ?? "", HOME: app }) : compile;
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
    expect(existsSync(join(app, "dist", "main.js"))).toBe(true);
  });

  test("run with node, synthesizes its two stacks with the package's constructs", () => {
    // WHEN node ran the compiled example (beforeAll)
    expect(describeRun("node dist/main.js", synth)).toBe(describeRun("node dist/main.js", { ...synth, status: 0, stderr: "" }));
    // THEN both stacks are there, with the detector, the guarded state machine and the whole system's parts
    const stacks = stacksOf(join(app, "cdktf.out"), app);
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

  test("synthesizes byte for byte what the same main.ts synthesizes from this project's sources", () => {
    // GIVEN the example's main.ts run in this process with the package name mapped to modules/index.ts
    const outdir = join(work, "from-sources");
    const previous = process.env.CDKTF_OUTDIR;
    process.env.CDKTF_OUTDIR = outdir;
    try {
      jest.isolateModules(() => {
        jest.doMock(PACKAGE.name, () => jest.requireActual("../../modules"), { virtual: true });
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- runs the example inside jest's module registry, where the mock applies
        require(join(EXAMPLE, "main.ts"));
      });
    } finally {
      if (previous === undefined) delete process.env.CDKTF_OUTDIR;
      else process.env.CDKTF_OUTDIR = previous;
    }
    // THEN every stack the packed package synthesized is the same text
    expect(stacksOf(join(app, "cdktf.out"), app)).toEqual(stacksOf(outdir, process.cwd()));
  });
});

/**
 * main.ts, the synthesis users run (`npm run synth`, and the cdktf CLI through cdktf.json): in process, with the
 * output folder, environment and streams given; and once as its own process, as the cdktf CLI starts it.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { BUILT_IN_DEFAULT } from "../../config/load-config";
import { main } from "../../main";

const DEFAULT_STACK = "ecs-runtime-monitoring-stop-task-dev-ap-northeast-1";

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly outdir: string;
}

/** Runs main in process into a fresh (or the given) output folder. */
function runMain(argv: string[], env: NodeJS.ProcessEnv = {}, outdir = join(mkdtempSync(join(tmpdir(), "main-")), "cdktf.out")): Run {
  let stdout = "";
  let stderr = "";
  const io = { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } };
  const code = main(argv, env, io, { outdir });
  return { code, stdout, stderr, outdir };
}

function configFile(document: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), "main-config-")), "config.json");
  writeFileSync(path, JSON.stringify(document));
  return path;
}

const stacksOf = (run: Run): string[] => readdirSync(join(run.outdir, "stacks")).sort();

describe("main.ts", () => {
  test("with no config, synthesizes the built-in default and says what it wrote in one line", () => {
    // GIVEN no argument and no GUARDDUTY_RESPONSE_CONFIG  WHEN synthesized
    const run = runMain([]);
    // THEN exit 0, the default stack, and a summary naming the stack count, resources, config and folder
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(stacksOf(run)).toEqual([DEFAULT_STACK]);
    const tf = JSON.parse(readFileSync(join(run.outdir, "stacks", DEFAULT_STACK, "cdk.tf.json"), "utf8"));
    expect(tf.provider.aws).toEqual([{ region: "ap-northeast-1" }]);
    expect(Object.keys(tf.resource)).toEqual(expect.arrayContaining(["aws_guardduty_detector_feature", "aws_sfn_state_machine", "aws_cloudwatch_event_rule"]));
    const resources = Object.values(tf.resource as Record<string, object>).reduce((sum, byName) => sum + Object.keys(byName).length, 0);
    expect(run.stdout).toBe(`synthesized 1 stack (${resources} resources) from ${BUILT_IN_DEFAULT} into ${run.outdir}/stacks: ${DEFAULT_STACK}\n`);
  });

  test("a bad config exits 2, says what is wrong, and writes nothing", () => {
    const path = configFile({ region: "tokyo", notifications: { emails: ["nobody"] } });
    const run = runMain(["--config", path]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`Invalid config ${path}:`);
    expect(run.stderr).toContain('region: "tokyo" is not allowed; expected an AWS Region');
    expect(run.stderr).toContain('notifications.emails[0]: "nobody" is not allowed; expected an email address');
    expect(existsSync(run.outdir)).toBe(false);
  });

  test("the config path can come from GUARDDUTY_RESPONSE_CONFIG, as cdktf synth passes no arguments", () => {
    const path = configFile({ name: "acme", environment: "prod", region: "us-east-1" });
    const run = runMain([], { GUARDDUTY_RESPONSE_CONFIG: path });
    expect(run.code).toBe(0);
    expect(stacksOf(run)).toEqual(["acme-prod-us-east-1"]);
    expect(run.stdout).toContain(` from ${path} into `);
  });

  test("--config wins over GUARDDUTY_RESPONSE_CONFIG", () => {
    const fromArgs = configFile({ name: "args", environment: "prod", region: "us-east-1" });
    const fromEnv = configFile({ name: "env", environment: "prod", region: "us-east-1" });
    const run = runMain(["--config", fromArgs], { GUARDDUTY_RESPONSE_CONFIG: fromEnv });
    expect(stacksOf(run)).toEqual(["args-prod-us-east-1"]);
  });

  test("a Terraform Cloud backend and a detector import synthesize without a terraform binary on PATH", () => {
    // GIVEN no terraform on PATH (CDKTF's importFrom would run `terraform version`; we write the import block ourselves)
    const path = configFile({
      backend: { type: "cloud", organization: "acme" },
      detector: { existing_detector_id: "12abc34d567e8fa901bc2d34e56789f0", import_existing: true },
    });
    const savedPath = process.env.PATH;
    process.env.PATH = "/nonexistent";
    let run: Run;
    try {
      run = runMain(["--config", path]);
    } finally {
      process.env.PATH = savedPath;
    }
    // THEN synthesized, with the import block
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const tf = JSON.parse(readFileSync(join(run.outdir, "stacks", DEFAULT_STACK, "cdk.tf.json"), "utf8"));
    expect(tf.import).toEqual([{ to: expect.stringMatching(/^aws_guardduty_detector\./), id: "12abc34d567e8fa901bc2d34e56789f0" }]);
  });
});

describe("main.ts refuses a mistyped or empty config instead of synthesizing the default", () => {
  test.each<[string, string[], NodeJS.ProcessEnv, string]>([
    ["a misspelt option", ["--conifg", "x.json"], {}, "unknown option --conifg"],
    ["--config without a value", ["--config"], {}, "--config needs a value"],
    ["--config followed by another option", ["--config", "--verbose"], {}, "--config needs a value"],
    ["an empty --config=", ["--config="], {}, "--config needs a value, got an empty one"],
    ["an empty --config value", ["--config", ""], {}, "--config needs a value, got an empty one"],
    ["a file name without --config", ["x.json"], {}, "unexpected argument 'x.json': name the config file with --config <file>"],
    [
      "an empty GUARDDUTY_RESPONSE_CONFIG",
      [],
      { GUARDDUTY_RESPONSE_CONFIG: "" },
      "GUARDDUTY_RESPONSE_CONFIG is set but empty: name a config file, or unset it for the built-in default",
    ],
    [
      "a blank GUARDDUTY_RESPONSE_CONFIG",
      [],
      { GUARDDUTY_RESPONSE_CONFIG: "  " },
      "GUARDDUTY_RESPONSE_CONFIG is set but empty: name a config file, or unset it for the built-in default",
    ],
  ])("%s: exit 2, the mistake on stderr, nothing written", (_name, argv, env, message) => {
    // GIVEN the mistaken command line or environment  WHEN main runs
    const run = runMain(argv, env);
    // THEN
    expect(run.code).toBe(2);
    expect(run.stderr.split("\n")[0]).toBe(message);
    expect(run.stdout).toBe("");
    expect(existsSync(run.outdir)).toBe(false);
  });
});

describe("main.ts keeps cdktf.out to the stacks of the config it synthesized", () => {
  test("stacks of an earlier synth with another config are removed", () => {
    // GIVEN cdktf.out holding the default config's stack
    const first = runMain([]);
    // WHEN a config with other stacks is synthesized into the same folder
    const path = configFile({ name: "acme", environment: "prod", region: "us-east-1" });
    const second = runMain(["--config", path], {}, first.outdir);
    // THEN only the new config's stack is left, and the summary says what was removed
    expect(second.code).toBe(0);
    expect(stacksOf(second)).toEqual(["acme-prod-us-east-1"]);
    expect(second.stdout.split("\n")[1]).toBe(
      `removed ${join(first.outdir, "stacks", DEFAULT_STACK)}: a stack of an earlier synth that this config does not have`,
    );
  });

  test("a stale stack folder holding files synth did not write is kept, and the summary says why", () => {
    // GIVEN the default config's stack, with a file of the user's in its folder
    const first = runMain([]);
    writeFileSync(join(first.outdir, "stacks", DEFAULT_STACK, "notes.txt"), "mine\n");
    // WHEN another config is synthesized into the same folder
    const second = runMain(["--config", configFile({ name: "acme", environment: "prod", region: "us-east-1" })], {}, first.outdir);
    // THEN the folder and the user's file are still there
    expect(readFileSync(join(first.outdir, "stacks", DEFAULT_STACK, "notes.txt"), "utf8")).toBe("mine\n");
    expect(second.stdout).toContain(
      `kept ${join(first.outdir, "stacks", DEFAULT_STACK)}: a stack of an earlier synth that this config does not have, but it holds notes.txt, which synth did not write; remove it yourself when you no longer need it`,
    );
  });

  test("a folder under stacks/ that no earlier synth listed is never touched", () => {
    // GIVEN a folder the user made in cdktf.out/stacks
    const first = runMain([]);
    mkdirSync(join(first.outdir, "stacks", "hand-made"));
    writeFileSync(join(first.outdir, "stacks", "hand-made", "cdk.tf.json"), "{}");
    // WHEN synthesized again, with another config
    runMain(["--config", configFile({ name: "acme", environment: "prod", region: "us-east-1" })], {}, first.outdir);
    // THEN it is still there
    expect(existsSync(join(first.outdir, "stacks", "hand-made", "cdk.tf.json"))).toBe(true);
  });

  test("a manifest naming a path outside stacks/ removes nothing there", () => {
    // GIVEN a manifest that lists a working directory outside stacks/
    const outdir = join(mkdtempSync(join(tmpdir(), "main-")), "cdktf.out");
    mkdirSync(join(outdir, "precious"), { recursive: true });
    writeFileSync(join(outdir, "precious", "cdk.tf.json"), "{}");
    writeFileSync(
      join(outdir, "manifest.json"),
      JSON.stringify({ stacks: { x: { workingDirectory: "stacks/../precious" }, y: { workingDirectory: "../.." } } }),
    );
    // WHEN synthesized
    runMain([], {}, outdir);
    // THEN the folder is still there
    expect(existsSync(join(outdir, "precious", "cdk.tf.json"))).toBe(true);
  });
});

describe("main.ts as its own process", () => {
  test("main.ts as a process of its own (`npx tsx main.ts`; cdktf.json runs its compiled dist/main.js) synthesizes the default into cdktf.out/ of the working directory", () => {
    // The one test here that starts a process: no credentials, no terraform, nothing but node on PATH.
    const cwd = mkdtempSync(join(tmpdir(), "main-process-"));
    const run = spawnSync(process.execPath, [require.resolve("tsx/cli"), resolve(__dirname, "../../main.ts")], {
      cwd,
      encoding: "utf8",
      env: { PATH: "/usr/bin:/bin", HOME: cwd },
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^synthesized 1 stack \\(\\d+ resources\\) from .* into cdktf.out/stacks: ${DEFAULT_STACK}\\n$`));
    expect(readdirSync(join(cwd, "cdktf.out", "stacks"))).toEqual([DEFAULT_STACK]);
  }, 120_000);
});

/** main.ts as users run it: a separate process, in a scratch directory. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const MAIN = resolve(__dirname, "../../main.ts");
const TSX = require.resolve("tsx/cli");

function runMain(args: string[], env: NodeJS.ProcessEnv = {}) {
  const cwd = mkdtempSync(join(tmpdir(), "main-"));
  const result = spawnSync(process.execPath, [TSX, MAIN, ...args], {
    cwd,
    encoding: "utf8",
    // No credentials and no terraform needed: prove it by taking them away.
    env: { PATH: "/usr/bin:/bin", HOME: cwd, ...env },
  });
  return { ...result, cwd };
}

describe("main.ts", () => {
  test("with no config, synthesizes the built-in default into cdktf.out/", () => {
    const run = runMain([]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const stacks = readdirSync(join(run.cwd, "cdktf.out", "stacks"));
    expect(stacks).toEqual(["ecs-runtime-monitoring-stop-task-dev-ap-northeast-1"]);
    const tf = JSON.parse(readFileSync(join(run.cwd, "cdktf.out", "stacks", stacks[0], "cdk.tf.json"), "utf8"));
    expect(tf.provider.aws).toEqual([{ region: "ap-northeast-1" }]);
    expect(Object.keys(tf.resource)).toEqual(expect.arrayContaining(["aws_guardduty_detector_feature", "aws_sfn_state_machine", "aws_cloudwatch_event_rule"]));
  });

  test("a bad config exits 2, says what is wrong, and writes nothing", () => {
    const dir = mkdtempSync(join(tmpdir(), "bad-config-"));
    const path = join(dir, "bad.json");
    writeFileSync(path, JSON.stringify({ region: "tokyo", notifications: { emails: ["nobody"] } }));
    const run = runMain(["--config", path]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`Invalid config ${path}:`);
    expect(run.stderr).toContain('region: "tokyo" is not allowed; expected an AWS region name like ap-northeast-1');
    expect(run.stderr).toContain('notifications.emails[0]: "nobody" is not allowed; expected an email address');
    expect(existsSync(join(run.cwd, "cdktf.out"))).toBe(false);
  });

  test("the config path can come from GUARDDUTY_RESPONSE_CONFIG, as cdktf synth passes no arguments", () => {
    const dir = mkdtempSync(join(tmpdir(), "env-config-"));
    const path = join(dir, "c.json");
    writeFileSync(path, JSON.stringify({ name: "acme", environment: "prod", region: "us-east-1" }));
    const run = runMain([], { GUARDDUTY_RESPONSE_CONFIG: path });
    expect(run.status).toBe(0);
    expect(readdirSync(join(run.cwd, "cdktf.out", "stacks"))).toEqual(["acme-prod-us-east-1"]);
  });

  test("a Terraform Cloud backend and a detector import synthesize without a terraform binary on PATH", () => {
    const dir = mkdtempSync(join(tmpdir(), "cloud-config-"));
    const path = join(dir, "c.json");
    const detectorId = "12abc34d567e8fa901bc2d34e56789f0";
    writeFileSync(path, JSON.stringify({ backend: { type: "cloud", organization: "acme" }, detector: { existing_detector_id: detectorId, import_existing: true } }));
    const run = runMain(["--config", path]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const stack = "ecs-runtime-monitoring-stop-task-dev-ap-northeast-1";
    const tf = JSON.parse(readFileSync(join(run.cwd, "cdktf.out", "stacks", stack, "cdk.tf.json"), "utf8"));
    expect(tf.terraform.cloud).toEqual({ organization: "acme", workspaces: { name: stack } });
    expect(tf.import).toEqual([{ to: expect.stringMatching(/^aws_guardduty_detector\./), id: detectorId }]);
  });
});

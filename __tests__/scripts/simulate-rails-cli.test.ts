/**
 * `npm run simulate` with the safety rails (docs/simulate.md, "Safety rails"): scripts/simulate.ts's main in process,
 * the state machines run in the local runner, the rails' calls through the real SSM, DynamoDB, SNS and SFN clients
 * against the fakes.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { main } from "../../scripts/simulate";
import { approvalGateReasons } from "../../functions/safety-rails/approval-gate";
import { capReasons } from "../../functions/safety-rails/blast-radius-cap";
import { KILL_SWITCH_REASONS } from "../../functions/safety-rails/kill-switch";
import { FIXTURE_FINDINGS, readFixtureFinding } from "../support/finding-events";

interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function runSimulate(args: string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const status = await main(args, { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } });
  return { status, stdout, stderr };
}

interface Outcome {
  status: string;
  heldBy?: { rail: string; reason: string };
  noticeOutcomes: string[];
}
interface Response {
  responseType?: { id: string };
  run?: { status: string; calls: { service: string; action: string; outcome: string }[]; notices: { attributes: Record<string, string> }[] };
  safetyRails?: {
    killSwitch?: string;
    counter?: string;
    approvalGate?: { answer: string; asked: boolean; onTimeout: string; timeoutSeconds: number; otherAnswers: ({ answer: string } & Outcome)[] };
    outcome: Outcome;
  };
  notes: string[];
}

const dir = mkdtempSync(join(tmpdir(), "simulate-rails-"));
const write = (name: string, body: unknown): string => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(body));
  return path;
};

/** All three pipelines behind every rail: ECS and EKS hold on timeout, EC2 acts (and asks from severity 7 up). */
const railsConfig = write("rails.json", {
  ecs_auto_stop: { workflow: "guarded" },
  ec2_isolation: { enabled: true },
  eks_containment: { enabled: true, cluster_names: ["prod"], namespaces: ["shop"] },
  safety_rails: {
    kill_switch: true,
    blast_radius_cap: {
      ecs_auto_stop: { max_actions: 5, window: "hour" },
      ec2_isolation: { max_actions: 2, window: "day" },
      eks_containment: { max_actions: 3, window: "minute" },
    },
    approval_gate: {
      ecs_auto_stop: { timeout_seconds: 1800 },
      ec2_isolation: { timeout_seconds: 3600, on_timeout: "act", min_severity: 7 },
      eks_containment: { timeout_seconds: 600, on_timeout: "hold" },
    },
  },
});
const ecsFinding = write("ecs.finding.json", readFixtureFinding(FIXTURE_FINDINGS.ecs));
const ec2Finding = write("ec2.finding.json", readFixtureFinding(FIXTURE_FINDINGS.ec2Instance));
const eksFinding = write("eks.finding.json", readFixtureFinding(FIXTURE_FINDINGS.eks));

/** The one response that ran, from a JSON run that must succeed. */
async function firing(args: string[]): Promise<Response> {
  const run = await runSimulate([...args, "--json"]);
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  const ran = (JSON.parse(run.stdout) as { responses: Response[] }).responses.filter((r) => r.run !== undefined);
  expect(ran).toHaveLength(1);
  return ran[0];
}
const calls = (response: Response) => response.run!.calls.map((c) => `${c.service}:${c.action} ${c.outcome}`);
const outcomes = (response: Response) => response.run!.notices.map((n) => n.attributes.outcome);

describe("the approval gate", () => {
  test("by default the approver approves: the request is published, the action counted and the task stopped, and the other answers are run and summarized", async () => {
    // GIVEN the ECS pipeline behind the kill switch, the gate (hold on timeout) and the cap
    // WHEN an ECS finding is simulated with no rail option
    const response = await firing([ecsFinding, "--config", railsConfig]);
    // THEN the rails are passed in order and the task is stopped
    const seen = calls(response);
    expect(seen.slice(seen.indexOf("ssm:getParameter ok"))).toEqual([
      "ssm:getParameter ok",
      "sns:publish.waitForTaskToken ok",
      "dynamodb:updateItem ok",
      "ecs:stopTask ok",
      "sns:publish ok",
    ]);
    expect(outcomes(response)).toEqual(["APPROVAL_REQUESTED", "STOPPED"]);
    // AND the report says what was played and what denying or not answering would do
    expect(response.safetyRails).toEqual({
      killSwitch: "act",
      counter: "empty",
      approvalGate: {
        timeoutSeconds: 1800,
        onTimeout: "hold",
        answer: "approve",
        asked: true,
        otherAnswers: [
          {
            answer: "deny",
            status: "SUCCEEDED",
            heldBy: { rail: "approval-gate", reason: approvalGateReasons(1800).denied },
            noticeOutcomes: ["APPROVAL_REQUESTED", "HELD"],
          },
          {
            answer: "timeout",
            status: "SUCCEEDED",
            heldBy: { rail: "approval-gate", reason: approvalGateReasons(1800).timedOut },
            noticeOutcomes: ["APPROVAL_REQUESTED", "HELD"],
          },
        ],
      },
      outcome: { status: "SUCCEEDED", noticeOutcomes: ["APPROVAL_REQUESTED", "STOPPED"] },
    });
  });

  test("--approval deny holds the EKS pod containment: the request is failed with Denied, a HELD notice goes out and Kubernetes is not changed", async () => {
    // GIVEN the EKS pipeline behind the gate WHEN a pod finding is simulated with --approval deny
    const response = await firing([eksFinding, "--config", railsConfig, "--approval", "deny"]);
    // THEN the request's task failed with the approver's error, and the workflow held before the cap and the pod
    expect(calls(response)).toContain("sns:publish.waitForTaskToken Denied");
    expect(calls(response)).not.toContain("dynamodb:updateItem ok");
    expect(response.run!.calls.filter((c) => c.action === "call").map((c) => c.outcome)).toEqual(["ok", "ok"]); // the reads only
    expect(outcomes(response)).toEqual(["APPROVAL_REQUESTED", "HELD"]);
    expect(response.safetyRails!.outcome.heldBy).toEqual({ rail: "approval-gate", reason: approvalGateReasons(600).denied });
    expect(response.safetyRails!.approvalGate!.otherAnswers.map((o) => [o.answer, o.heldBy?.rail, o.noticeOutcomes.at(-1)])).toEqual([
      ["approve", undefined, "ISOLATED"],
      ["timeout", "approval-gate", "HELD"],
    ]);
  });

  test("--approval timeout with on_timeout act isolates the EC2 instance after telling the topic, without waiting the timeout", async () => {
    // GIVEN the EC2 pipeline's gate acting on timeout WHEN simulated with --approval timeout
    const response = await firing([ec2Finding, "--config", railsConfig, "--approval", "timeout"]);
    // THEN the request timed out (States.Timeout), the topic was told, the action counted and the instance quarantined
    expect(calls(response)).toContain("sns:publish.waitForTaskToken States.Timeout");
    expect(calls(response)).toEqual(expect.arrayContaining(["dynamodb:updateItem ok", "ec2:modifyNetworkInterfaceAttribute ok"]));
    expect(outcomes(response)).toEqual(["APPROVAL_REQUESTED", "APPROVAL_TIMED_OUT_ACTING", "ISOLATED"]);
    expect(response.safetyRails!.approvalGate).toMatchObject({ answer: "timeout", onTimeout: "act", timeoutSeconds: 3600, asked: true });
  });

  test("examples/approval-gate.json runs (EC2 acts on timeout, ECS holds) and the text report shows the gate as played and the other answers", async () => {
    // GIVEN the shipped example WHEN the EC2 instance finding is simulated as text
    const run = await runSimulate([ec2Finding, "--config", resolve(__dirname, "../../examples/approval-gate.json")]);
    // THEN it exits 0 with the rails section
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("### 2.3 Safety rails"); // the ECS rule is section 1
    expect(run.stdout).toContain("Approval gate: waits 3600 s, on timeout act, findings of severity 7 and up");
    expect(run.stdout).toContain(`  played --approval approve: an approver runs the request's send-task-success command ({"approved":true})`);
    expect(run.stdout).toContain(
      `  with --approval deny: SUCCEEDED; HELD by approval-gate: ${approvalGateReasons(3600).denied}; notices APPROVAL_REQUESTED, HELD`,
    );
    expect(run.stdout).toContain("  with --approval timeout: SUCCEEDED; acted (no rail held); notices APPROVAL_REQUESTED, APPROVAL_TIMED_OUT_ACTING, ISOLATED");
  });
});

describe("the kill switch and the cap", () => {
  test("--kill-switch notify-only holds the ECS stop before anyone is asked: one HELD notice, no request, no count, no stop", async () => {
    // GIVEN the ECS pipeline behind every rail WHEN simulated with the switch at notify-only
    const response = await firing([ecsFinding, "--config", railsConfig, "--kill-switch", "notify-only"]);
    // THEN the workflow notified instead of acting
    expect(calls(response)).toContain("ssm:getParameter ok");
    expect(calls(response).filter((c) => /waitForTaskToken|updateItem|stopTask/u.test(c))).toEqual([]);
    expect(outcomes(response)).toEqual(["HELD"]);
    expect(response.safetyRails).toMatchObject({
      killSwitch: "notify-only",
      approvalGate: { asked: false, otherAnswers: [] },
      outcome: { heldBy: { rail: "kill-switch", reason: KILL_SWITCH_REASONS.on } },
    });
    expect(response.notes).toContainEqual("The approval gate did not ask: the kill-switch rail held first, so --approval changes nothing here.");
  });

  test("--cap-full holds the EC2 isolation after approval: the counter's conditional update fails and nothing is quarantined", async () => {
    // GIVEN the EC2 pipeline (cap 2 per day and account) WHEN simulated with a full counter
    const response = await firing([ec2Finding, "--config", railsConfig, "--cap-full"]);
    // THEN DynamoDB refused the count and the workflow held with the cap's reason
    expect(calls(response)).toContain("dynamodb:updateItem DynamoDB.ConditionalCheckFailedException");
    expect(calls(response).filter((c) => /modifyNetworkInterfaceAttribute|createSnapshot/u.test(c))).toEqual([]);
    expect(outcomes(response)).toEqual(["APPROVAL_REQUESTED", "HELD"]);
    expect(response.safetyRails).toMatchObject({
      counter: "full",
      outcome: { heldBy: { rail: "blast-radius-cap", reason: capReasons({ maxActions: 2, window: "day" }, "account").reached } },
    });
  });
});

describe("bad rail options", () => {
  test.each([
    [["--approval", "maybe"], "--approval 'maybe' is not allowed: expected one of approve (default), deny, timeout"],
    [["--kill-switch=off"], "--kill-switch 'off' is not allowed: expected one of act (default), notify-only"],
    [["--cap-full=yes"], "--cap-full takes no value; got 'yes'"],
  ])("%j exits 2 naming the option, the value and what is allowed", async (options, message) => {
    // GIVEN a bad value WHEN run THEN exit 2, the message first on stderr, nothing on stdout
    const run = await runSimulate([ecsFinding, ...options]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.split("\n")[0]).toBe(message);
  });
});

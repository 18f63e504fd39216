/** Review warnings: each appears when its condition holds in the synthesized stack, and not otherwise. */
import { reviewWarnings, WarningId, WARNING_IDS } from "../../../tools/review/warnings";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { EXISTING_TOPIC_CONFIG, OPPOSITE_CONFIG, Synthesized, synthesize } from "./review-stacks";

/** examples/safety-rails.json: every pipeline behind the kill switch and a cap, EKS's counted per minute. */
const RAILS_CONFIG = JSON.parse(readFileSync(resolve(__dirname, "../../../examples/safety-rails.json"), "utf8")) as Record<string, unknown>;
/** EC2 isolation behind an approval gate that acts on timeout, and no approver named. */
const GATE_CONFIG = {
  ecs_auto_stop: { enabled: false },
  ec2_isolation: { enabled: true },
  safety_rails: { approval_gate: { ec2_isolation: { timeout_seconds: 900, on_timeout: "act" } } },
};

let defaults: Synthesized;
let opposite: Synthesized;
let rails: Synthesized;
let gate: Synthesized;
beforeAll(() => {
  defaults = synthesize();
  opposite = synthesize(OPPOSITE_CONFIG);
  rails = synthesize(RAILS_CONFIG);
  gate = synthesize(GATE_CONFIG);
});

const warningIds = (s: Synthesized) => reviewWarnings(s.json, s.config).map((w) => w.id);

/** For each warning: the stack where its condition holds (the other one is where it does not), and the condition. */
const CASES: Readonly<Record<WarningId, readonly ["default" | "opposite" | "rails" | "gate", string]>> = {
  "no-recipient": ["default", "a created topic and no email subscription"],
  "every-finding-stops": ["default", "an auto-stop rule without filters"],
  "stop-task-any-cluster": ["default", "ecs:StopTask on task/* without an ecs:cluster condition"],
  "endpoint-without-private-dns": ["opposite", "an agent endpoint with private_dns_enabled false"],
  "execution-data-logged": ["opposite", "include_execution_data on"],
  "stop-failure-succeeds": ["default", "the seed workflow: a caught StopTask error ends Succeeded"],
  "encryption-off": ["opposite", "notifications.encrypt false"],
  "no-dead-letter-queue": ["opposite", "dead_letter_queue false"],
  "no-alarms": ["opposite", "alarms false"],
  "dry-run": ["opposite", "the guarded workflow with dry_run true"],
  "no-kill-switch": ["default", "a pipeline that acts and reads no kill switch"],
  "no-blast-radius-cap": ["default", "a pipeline that acts and counts no action"],
  "approval-acts-on-timeout": ["gate", "an approval gate with on_timeout act"],
  "no-approvers": ["gate", "an approval gate and the approvers' policy attached to nobody"],
  "cap-window-ttl": ["rails", "a cap counted per minute"],
};

describe("reviewWarnings", () => {
  test.each(WARNING_IDS.map((id) => [id, CASES[id][1], CASES[id][0]] as const))(
    "%s appears when %s holds, and not otherwise (holds in the %s stack)",
    (id, _condition, holdsIn) => {
      // GIVEN the stack where the condition holds and the one where it does not
      const [holds, doesNot] = holdsIn === "default" ? [defaults, opposite] : [{ opposite, rails, gate }[holdsIn], defaults];
      // WHEN reviewed  THEN the warning is there, and only there
      expect(warningIds(holds)).toContain(id);
      expect(warningIds(doesNot)).not.toContain(id);
    },
  );

  test("an existing topic without email subscriptions is not warned about: its subscribers are not in this stack", () => {
    // GIVEN notices go to an existing topic and no email is configured
    const existing = synthesize(EXISTING_TOPIC_CONFIG);
    // WHEN reviewed  THEN no no-recipient warning
    expect(warningIds(existing)).not.toContain("no-recipient");
  });

  test("without alarms the warning says that findings which could not be dead-lettered go unnoticed", () => {
    // GIVEN the stack with alarms off  WHEN reviewed
    const warning = reviewWarnings(opposite.json, opposite.config).find((w) => w.id === "no-alarms")!;
    // THEN it names the metric that counts lost findings
    expect(warning.detail).toContain("InvocationsFailedToBeSentToDlq");
  });

  test("the rails' warnings name each pipeline without a switch or a cap, the setting to set, and why the seed workflow has none", () => {
    // GIVEN the default config (the seed ECS workflow acts) WHEN reviewed
    const warnings = reviewWarnings(defaults.json, defaults.config);
    // THEN both warnings name the ECS pipeline, the setting and the seed's limit
    const cap = warnings.find((w) => w.id === "no-blast-radius-cap")!;
    expect(cap.detail).toContain(
      'ECS task auto-stop (`ecs-runtime-monitoring-stop-task-dev-state-machine`) (the seed workflow cannot carry rails: `workflow: "guarded"`)',
    );
    expect(cap.detail).toContain("`safety_rails.blast_radius_cap.ecs_auto_stop`");
    expect(warnings.find((w) => w.id === "no-kill-switch")!.detail).toContain("`safety_rails.kill_switch`");
  });

  test("a stack with a switch and a cap on every pipeline gets neither rail warning, and the minute window is explained", () => {
    // GIVEN examples/safety-rails.json WHEN reviewed
    const warnings = reviewWarnings(rails.json, rails.config);
    // THEN no switch or cap warning; the window warning names the EKS pipeline and the hourly bound (3 x 60)
    expect(warnings.map((w) => w.id)).not.toContain("no-kill-switch");
    expect(warnings.map((w) => w.id)).not.toContain("no-blast-radius-cap");
    const window = warnings.find((w) => w.id === "cap-window-ttl")!;
    expect(window.detail).toContain(
      "EKS pod containment (`acme-runtime-prod-eks-state-machine`) counts 3 per minute: a storm that lasts an hour may take up to 180 actions",
    );
  });

  test("a counter table whose TTL is off is warned about: its windows are never deleted", () => {
    // GIVEN examples/safety-rails.json with the counter table's TTL turned off in the synthesized JSON
    const json = JSON.parse(JSON.stringify(rails.json)) as { resource: Record<string, Record<string, { ttl?: unknown }>> };
    for (const table of Object.values(json.resource.aws_dynamodb_table)) table.ttl = { attribute_name: "expiresAt", enabled: false };
    // WHEN reviewed THEN the warning says the table has no TTL
    const warning = reviewWarnings(json as never, rails.config).find((w) => w.id === "cap-window-ttl")!;
    expect(warning.detail).toContain("has no TTL, while the cap writes `expiresAt`: old windows are never deleted");
  });

  test("an approval gate whose approvers are named is not warned about as unanswerable", () => {
    // GIVEN examples/approval-gate.json (approver_role_names set) WHEN reviewed THEN no no-approvers warning, but the on_timeout act one
    const example = synthesize(JSON.parse(readFileSync(resolve(__dirname, "../../../examples/approval-gate.json"), "utf8")));
    const ids = reviewWarnings(example.json, example.config).map((w) => w.id);
    expect(ids).not.toContain("no-approvers");
    expect(ids).toContain("approval-acts-on-timeout");
  });

  test("each warning names the resources that show it and the setting to change", () => {
    // GIVEN every stack  WHEN reviewed
    for (const w of [defaults, opposite, rails, gate].flatMap((stack) => reviewWarnings(stack.json, stack.config))) {
      // THEN evidence points at construct paths, and the detail is not empty
      expect(w.evidence.length).toBeGreaterThan(0);
      expect(w.detail.length).toBeGreaterThan(40);
    }
  });
});

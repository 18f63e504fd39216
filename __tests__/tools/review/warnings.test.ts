/** Review warnings: each appears when its condition holds in the synthesized stack, and not otherwise. */
import { reviewWarnings, WarningId, WARNING_IDS } from "../../../tools/review/warnings";
import { EXISTING_TOPIC_CONFIG, OPPOSITE_CONFIG, Synthesized, synthesize } from "./review-stacks";

let defaults: Synthesized;
let opposite: Synthesized;
beforeAll(() => {
  defaults = synthesize();
  opposite = synthesize(OPPOSITE_CONFIG);
});

const warningIds = (s: Synthesized) => reviewWarnings(s.json, s.config).map((w) => w.id);

/** For each warning: the stack where its condition holds (the other one is where it does not), and the condition. */
const CASES: Readonly<Record<WarningId, readonly ["default" | "opposite", string]>> = {
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
};

describe("reviewWarnings", () => {
  test.each(WARNING_IDS.map((id) => [id, CASES[id][1], CASES[id][0]] as const))(
    "%s appears when %s holds, and not otherwise (holds in the %s stack)",
    (id, _condition, holdsIn) => {
      // GIVEN the stack where the condition holds and the one where it does not
      const [holds, doesNot] = holdsIn === "default" ? [defaults, opposite] : [opposite, defaults];
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

  test("each warning names the resources that show it and the setting to change", () => {
    // GIVEN both stacks  WHEN reviewed
    for (const w of [...reviewWarnings(defaults.json, defaults.config), ...reviewWarnings(opposite.json, opposite.config)]) {
      // THEN evidence points at construct paths, and the detail is not empty
      expect(w.evidence.length).toBeGreaterThan(0);
      expect(w.detail.length).toBeGreaterThan(40);
    }
  });
});

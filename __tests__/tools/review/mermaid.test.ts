/** Mermaid diagrams of the review: the state machine from its ASL, the pipeline from the synthesized stack. */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { buildGuardedStopTaskDefinition } from "../../../functions/ecs-stop-task/guarded-state-machine";
import { mermaidStateIds, pipelineDiagram, stateMachineDiagram } from "../../../tools/review/mermaid";
import { ECS_SEED_CONTRACT, SEED_TOPIC_ARN } from "../../support/seed-document";
import { OPPOSITE_CONFIG, synthesize } from "./review-stacks";

type Asl = { StartAt: string; States: Record<string, Record<string, unknown>> };

/** Every transition of a definition, read here independently of the code under test. */
function transitionsOf(asl: Asl): [string, string][] {
  const out: [string, string][] = [];
  for (const [name, s] of Object.entries(asl.States)) {
    if (typeof s.Next === "string") out.push([name, s.Next]);
    if (typeof s.Default === "string") out.push([name, s.Default]);
    for (const c of (s.Choices as { Next: string }[] | undefined) ?? []) out.push([name, c.Next]);
    for (const c of (s.Catch as { Next: string }[] | undefined) ?? []) out.push([name, c.Next]);
  }
  return out;
}

/** Lines a stateDiagram-v2 may have here: header, aliased state, transition (optionally labelled), classDef, class. */
const STATE_DIAGRAM_LINE = [
  /^stateDiagram-v2$/,
  /^ {4}state "[^"\n]+" as s_[A-Za-z0-9_]+$/,
  /^ {4}(\[\*\]|s_[A-Za-z0-9_]+) --> (\[\*\]|s_[A-Za-z0-9_]+)( : [\p{L}\p{N} _.,=*/()@+-]+)?$/u,
  /^ {4}classDef [a-z]+ [^;\n]+$/,
  /^ {4}class (s_[A-Za-z0-9_]+)(,s_[A-Za-z0-9_]+)* [a-z]+$/,
];

const DEFINITIONS: [string, () => Asl][] = [
  ["the seed's ASL", () => structuredClone(ECS_SEED_CONTRACT.definition) as unknown as Asl],
  ["the guarded ASL", () => buildGuardedStopTaskDefinition({ topicArn: SEED_TOPIC_ARN, minHealthyTasks: 1 }) as unknown as Asl],
];

describe("stateMachineDiagram", () => {
  test.each(DEFINITIONS)("for %s declares every state, by an alias when its name has spaces", (_name, definition) => {
    // GIVEN a definition  WHEN drawn
    const asl = definition();
    const diagram = stateMachineDiagram(asl);
    const ids = mermaidStateIds(Object.keys(asl.States));
    // THEN each state is declared once under its id, its name (and type) quoted
    for (const [name, state] of Object.entries(asl.States)) {
      expect(diagram).toContain(`\n    state "${name} (${String(state.Type)})" as ${ids.get(name)}\n`);
    }
    expect(diagram).toContain(`\n    [*] --> ${ids.get(asl.StartAt)}\n`);
  });

  test.each(DEFINITIONS)("for %s draws every transition: Next, Choice branches, Default and Catch", (_name, definition) => {
    // GIVEN a definition  WHEN drawn
    const asl = definition();
    const diagram = stateMachineDiagram(asl);
    const ids = mermaidStateIds(Object.keys(asl.States));
    // THEN each transition is an edge between the two states' ids
    const edges = diagram.split("\n").filter((l) => l.includes(" --> "));
    for (const [from, to] of transitionsOf(asl)) {
      expect(edges.some((e) => e.startsWith(`    ${ids.get(from)} --> ${ids.get(to)}`))).toBe(true);
    }
    expect(edges.length).toBe(
      transitionsOf(asl).length + 1 + Object.values(asl.States).filter((s) => s.End === true || s.Type === "Fail" || s.Type === "Succeed").length,
    );
  });

  test("labels Catch edges with the errors and Choice edges with the rule", () => {
    // GIVEN the guarded ASL  WHEN drawn
    const diagram = stateMachineDiagram(DEFINITIONS[1][1]());
    // THEN
    expect(diagram).toContain("s_Describe_Task --> s_Notify_Task_Not_Found : catch Ecs.ClusterNotFoundException");
    expect(diagram).toContain("s_Stop_Task --> s_Notify_Failure : catch States.ALL");
    expect(diagram).toContain("s_Is_Dry_Run --> s_Notify_Dry_Run : settings.DryRun is true");
    expect(diagram).toContain("s_Is_Dry_Run --> s_Stop_Task : otherwise");
    expect(diagram).toContain("s_Containment_Failed --> [*] : execution Failed");
  });

  test.each(DEFINITIONS)("for %s is syntactically sane: every line is one Mermaid knows", (_name, definition) => {
    // GIVEN a definition  WHEN drawn  THEN each line matches the grammar used
    for (const line of stateMachineDiagram(definition()).split("\n")) {
      expect({ line, ok: STATE_DIAGRAM_LINE.some((re) => re.test(line)) }).toEqual({ line, ok: true });
    }
  });

  test("two names that differ only in punctuation get different ids", () => {
    expect(new Set(mermaidStateIds(["Notify Failure", "Notify-Failure", "Notify_Failure"]).values()).size).toBe(3);
  });
});

/** An examples/*.json config. */
function exampleConfig(name: string): unknown {
  return JSON.parse(readFileSync(resolve(__dirname, `../../../examples/${name}.json`), "utf8"));
}

describe("pipelineDiagram", () => {
  const FLOWCHART_LINE = [
    /^flowchart LR$/,
    /^ {4}n_[A-Za-z0-9_]+(\["[^"\n]+"\]|\("[^"\n]+"\)|\[\("[^"\n]+"\)\])$/,
    /^ {4}n_[A-Za-z0-9_]+ (-->|-\.->)(\|"[^"|\n]+"\|)? n_[A-Za-z0-9_]+(\(\("[^"\n]+"\)\))?$/,
  ];

  test.each([
    ["the default config", undefined],
    ["a guarded config with an endpoint and an email", OPPOSITE_CONFIG],
    ["examples/safety-rails.json (kill switch, caps)", exampleConfig("safety-rails")],
    ["examples/approval-gate.json (kill switch, approval gates)", exampleConfig("approval-gate")],
  ])("for %s is a flowchart of known lines", (_name, document) => {
    for (const line of pipelineDiagram(synthesize(document).json).split("\n")) {
      expect({ line, ok: FLOWCHART_LINE.some((re) => re.test(line)) }).toEqual({ line, ok: true });
    }
  });

  test("for the default config goes GuardDuty -> rule -> (retry, DLQ) -> state machine -> ECS and SNS, alarms -> topic", () => {
    // GIVEN the built-in default  WHEN drawn
    const diagram = pipelineDiagram(synthesize().json);
    const rule = "n_aws_cloudwatch_event_rule_ecs_auto_stop_rule_6CA23C22";
    const sfn = "n_aws_sfn_state_machine_ecs_auto_stop_state_machine_12B7B261";
    const topic = "n_aws_sns_topic_notifications_topic_9813ADB4";
    // THEN the edges of the pipeline are there
    expect(diagram).toContain(`n_guardduty -->|"findings and events"| ${rule}`);
    expect(diagram).toContain(`${rule} -->|"retries up to 185 times for 86400 s"| ${sfn}`);
    expect(diagram).toContain(`${rule} -.->|"undelivered after retries"| n_aws_sqs_queue_ecs_auto_stop_dead_letter_queue_0C3C1BD7`);
    expect(diagram).toContain(`${sfn} -->|"StopTask"| n_api_ecs`);
    expect(diagram).toContain(`${sfn} -->|"Publish"| ${topic}`);
    expect(diagram).toContain(`n_alarms -->|"ALARM and OK"| ${topic}`);
    expect(diagram).toContain(`${topic} -.-> n_nobody(("no subscription"))`);
  });

  test("draws email subscribers and the agent endpoint when there are some", () => {
    // GIVEN a stack with an email and an agent endpoint  WHEN drawn
    const diagram = pipelineDiagram(synthesize(OPPOSITE_CONFIG).json);
    // THEN the topic leads to the email, the agents reach GuardDuty through the endpoint
    expect(diagram).toMatch(/n_aws_sns_topic_notifications_topic_9813ADB4 --> n_aws_sns_topic_subscription_\w+/);
    expect(diagram).toContain('("email secops@example.com (confirm by email)")');
    expect(diagram).toMatch(/n_agents --> n_aws_vpc_endpoint_\w+\n {4}n_aws_vpc_endpoint_\w+ --> n_guardduty/);
    expect(diagram).toContain("(3 AZ)");
  });
});

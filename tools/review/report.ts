/**
 * The review report for a pull request: Markdown built from the synthesized Terraform JSON of a stack
 * (what will be applied) and its validated config (what was meant). Pure: give it the JSON of
 * `stack.toTerraform()` (with the `//` metadata) and the config; `scripts/review.ts` does the synthesis.
 */
import type { Config } from "../../config/config-schema";
import { planStacks } from "../../config/stack-plans";
import { stackPropsOf } from "../../config/stack-props";
import type { ReviewText } from "../../functions/response-types/contract";
import { responsePartsOf } from "../../modules/runtime-monitoring-stack";
import { CostInputs, DEFAULT_COST_INPUTS, estimateMonthlyCost, renderCostEstimate } from "./cost";
import { iamGrants, renderIamTables } from "./iam-table";
import { code, fenced, table } from "./markdown";
import { pipelineDiagram, stateMachineDiagram } from "./mermaid";
import { rulesInWords } from "./pattern-in-words";
import { PriceRegion, priceListFor, PRICE_LISTS } from "./price-list";
import { responsePipelinesOf, type ReviewedPipeline } from "./pipelines";
import { resourceInventory } from "./resource-inventory";
import { evaluateReadableJson, readableNameOf, resourcesOf, stackNameOf, SynthesizedTerraform, type TerraformBlock } from "./synthesized-terraform";
import { renderWarnings, reviewWarnings } from "./warnings";

/** The section headings, in order. */
export const REPORT_SECTIONS = [
  "Warnings",
  "Response pipelines",
  "Resources per construct",
  "IAM permissions",
  "Event patterns in words",
  "Pipeline",
  "State machines",
  "Monthly cost estimate",
] as const;

export interface ReviewReportInput {
  /** Parsed JSON of the synthesized stack, `//` metadata kept. */
  readonly synthesized: SynthesizedTerraform;
  readonly config: Config;
  /** Where the config came from: a path, or the built-in default. */
  readonly configSource: string;
  /** @default DEFAULT_COST_INPUTS */
  readonly costInputs?: CostInputs;
  /** Price list to use. @default the config's region when there is one for it, else us-east-1 */
  readonly priceRegion?: PriceRegion;
}

function section(title: (typeof REPORT_SECTIONS)[number], body: string): string {
  return `## ${title}\n\n${body}`;
}

function intent(config: Config, pipelines: readonly ReviewedPipeline[]): string {
  const n = config.notifications;
  const items = [
    `region ${code(config.region)}${config.account_id ? `, account ${code(config.account_id)}` : ""}`,
    config.detector.existing_detector_id
      ? `adopts detector ${code(config.detector.existing_detector_id)}`
      : config.detector.create === false
        ? "looks up the account's detector (it must be ENABLED)"
        : "creates the detector",
    `Runtime Monitoring ${config.detector.runtime_monitoring.enabled ? "enabled" : "disabled"}`,
    `${config.agent_endpoints.length} manually managed agent endpoint(s)`,
    pipelines.length === 0 ? "no response pipeline" : `response pipelines: ${pipelines.map((p) => `${p.title}${p.dryRun ? " (dry run)" : ""}`).join(", ")}`,
    n.existing_topic_arn ? `notices to existing topic ${code(n.existing_topic_arn)}` : `notices to a new topic, ${n.emails.length} email subscription(s)`,
    `encryption ${n.encrypt ? "on" : "off"}`,
  ];
  return items.join("; ");
}

/** The report, as Markdown. */
export function buildReviewReport(input: ReviewReportInput): string {
  const { synthesized: json, config } = input;
  const stack = stackNameOf(json) ?? `${config.name}-${config.environment}-${config.region}`;
  const pipelines = responsePipelinesOf(json);

  const header = [
    `# Plan review: ${code(stack)}`,
    `Generated from the synthesized Terraform JSON (what \`cdktf deploy\` would apply), with the config ${code(input.configSource)} for intent: ${intent(config, pipelines)}. ` +
      "Partition, region and account appear as `<partition>`, `<region>` and `<account>` where Terraform reads them at plan time.",
  ].join("\n\n");

  const warnings = section("Warnings", renderWarnings(reviewWarnings(json, config)));

  const responses = section(
    "Response pipelines",
    pipelines.length === 0
      ? "No EventBridge rule starts a state machine: findings are not acted on."
      : `${pipelines.length} EventBridge rule(s) start a state machine; each is reviewed below (patterns, IAM, diagrams, cost).\n\n` +
          pipelines.map((p) => pipelineSummary(json, p, reviewTextOf(config, stack, p))).join("\n\n"),
  );

  const inventory = resourceInventory(json);
  const resources = section(
    "Resources per construct",
    `${inventory.filter((r) => !r.type.startsWith("data.")).reduce((n, r) => n + r.count, 0)} resources and ${inventory.filter((r) => r.type.startsWith("data.")).reduce((n, r) => n + r.count, 0)} data sources.\n\n` +
      table(
        ["construct", "resource type", "count", "construct ids"],
        inventory.map((r) => [code(r.construct), code(r.type), `${r.count}${r.repeated ? " (for_each: one per item)" : ""}`, r.ids.join(", ")]),
      ),
  );

  const iam = section("IAM permissions", renderIamTables(iamGrants(json)));

  const rules = rulesInWords(json);
  const patterns = section(
    "Event patterns in words",
    rules.length === 0
      ? "No EventBridge rule."
      : rules
          .map(
            (r) =>
              `**Rule ${code(r.rule)}** (${code(r.path)}), target ${r.targets.map(code).join(", ") || "none"}, matches${r.rendering === "finding-filters" ? "" : " events where all of these hold"}:\n\n` +
              r.lines.map((l) => `- ${l}`).join("\n") +
              (r.rendering === "finding-filters"
                ? "\n\n_In words by `describeFindingFilters`, from the filters read back from the synthesized pattern (rebuilding the pattern from them gives it exactly)._"
                : "") +
              `\n\n<details><summary>pattern as synthesized</summary>\n\n${fenced("json", JSON.stringify(r.pattern, null, 2))}\n\n</details>`,
          )
          .join("\n\n"),
  );

  const pipeline = section("Pipeline", fenced("mermaid", pipelineDiagram(json)));

  const machines = resourcesOf(json, "aws_sfn_state_machine");
  const titleOf = (machine: (typeof machines)[number]) => pipelines.find((p) => p.stateMachine.address === machine.address)?.title;
  const stateMachines = section(
    "State machines",
    machines.length === 0
      ? "No state machine."
      : machines
          .map((m) => {
            const definition = evaluateReadableJson(json, m.values.definition);
            const title = titleOf(m);
            return `**${title === undefined ? "" : `${title}: `}${code(readableNameOf(json, m))}** (${code(m.path)}): every state and transition of the definition as synthesized; Choice branches and Catch edges are labelled, caught-error targets are yellow, Fail states red.\n\n${fenced("mermaid", stateMachineDiagram(definition))}`;
          })
          .join("\n\n"),
  );

  const chosen = input.priceRegion !== undefined ? { prices: PRICE_LISTS[input.priceRegion], substituted: false } : priceListFor(config.region);
  const estimate = estimateMonthlyCost(json, input.costInputs ?? DEFAULT_COST_INPUTS, chosen.prices, {
    region: config.region,
    priceRegionChosen: input.priceRegion !== undefined,
  });
  const cost = section(
    "Monthly cost estimate",
    `Usage inputs are flags of \`npm run review\`, with these defaults: ${code(`--vcpus ${DEFAULT_COST_INPUTS.vcpus}`)}, ${code(`--findings ${DEFAULT_COST_INPUTS.findingsPerMonth}`)}, ${code(`--endpoint-gb ${DEFAULT_COST_INPUTS.endpointGbPerMonth}`)}, ${code("--price-region us-east-1|ap-northeast-1")} (default: the config's region when it has a price list, else us-east-1). The values used are under Assumptions.\n\n` +
      renderCostEstimate(estimate),
  );

  return [header, warnings, responses, resources, iam, patterns, pipeline, stateMachines, cost].join("\n\n") + "\n";
}

/**
 * What the pipeline's registered type says of itself (ResponseType.review) for the props this stack gives it;
 * undefined for an unregistered pipeline or a stack the config does not plan.
 */
function reviewTextOf(config: Config, stackName: string, p: ReviewedPipeline): ReviewText | undefined {
  if (p.type === undefined) return undefined;
  const plans = planStacks(config);
  const plan = plans.find((candidate) => candidate.stackName === stackName) ?? (plans.length === 1 ? plans[0] : undefined);
  if (plan === undefined) return undefined;
  const deployed = responsePartsOf(stackPropsOf(plan)).find(({ part }) => part.responseType.id === p.type?.id);
  return deployed === undefined ? undefined : p.type.review(deployed.props);
}

/** One pipeline: its type, what it does, what starts it, what it runs as, where failures go, and the notices it can send. */
function pipelineSummary(json: SynthesizedTerraform, p: ReviewedPipeline, text: ReviewText | undefined): string {
  const name = (block: TerraformBlock | undefined) => (block === undefined ? "none in this stack" : code(readableNameOf(json, block)));
  const rows = [
    ["rule", `${name(p.rule)} (${code(p.rule.path)})`],
    ["state machine", `${name(p.stateMachine)}${p.dryRun ? " — **dry run**: it only reports what it would do" : ""}`],
    ["state machine role", name(p.stateMachineRole)],
    ["events role", name(p.eventsRole)],
    ["dead-letter queue", name(p.deadLetterQueue)],
    ["alarms", p.alarms.length === 0 ? "none" : `${p.alarms.length}: ${p.alarms.map((a) => code(readableNameOf(json, a))).join(", ")}`],
  ];
  const what =
    p.type === undefined
      ? ""
      : `\n\nActs on ${p.type.findingResource.description} (${code(`resourceType ${p.type.findingResource.resourceType}`)}); response type ${code(p.type.id)}.`;
  const does = text === undefined ? "" : `\n\nWhat it does: ${text.description}`;
  return `### ${p.title}${what}${does}\n\n${table(["part", "resource"], rows)}${noticesOf(p, text)}`;
}

/**
 * The notices: the type's outcomes, each checked against the SNS Subjects of the synthesized definition (a
 * described outcome the definition cannot send is flagged), then any other Subject the definition can send.
 */
export function noticesOf(p: Pick<ReviewedPipeline, "noticeSubjects"> & Partial<Pick<ReviewedPipeline, "railNotices">>, text: ReviewText | undefined): string {
  const synthesized = new Set(p.noticeSubjects);
  const railNotices = p.railNotices ?? [];
  const rails =
    railNotices.length === 0
      ? ""
      : `\n\nSafety rail notices it can send (docs/safety-rails.md, docs/approval-gate.md):\n\n${table(
          ["outcome", "SNS Subject", "sent when", "in the synthesized definition"],
          railNotices.map((n) => [n.outcome, n.subject, n.when, synthesized.has(n.subject) ? "yes" : "**no**: the synthesized definition has no such notice"]),
        )}`;
  const railSubjects = new Set(railNotices.map((n) => n.subject));
  const subjects = p.noticeSubjects.filter((s) => !railSubjects.has(s));
  if (text === undefined || text.outcomes.length === 0) {
    return (subjects.length === 0 ? "" : `\n\nNotices it can send (SNS Subject):\n\n${subjects.map((s) => `- ${s}`).join("\n")}`) + rails;
  }
  const described = new Set(text.outcomes.map((o) => o.subject.trim()));
  const rows = text.outcomes.map((o) => [
    o.name,
    o.subject.trim(),
    synthesized.has(o.subject.trim()) ? "yes" : "**no**: the synthesized definition has no such notice",
  ]);
  const others = subjects.filter((s) => !described.has(s));
  const otherList = others.length === 0 ? "" : `\n\nOther notices it can send (SNS Subject):\n\n${others.map((s) => `- ${s}`).join("\n")}`;
  return `\n\nOutcomes it reports:\n\n${table(["outcome", "SNS Subject", "in the synthesized definition"], rows)}${otherList}${rails}`;
}

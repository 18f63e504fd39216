/**
 * A monthly cost estimate of what the synthesized stack deploys, from usage inputs (monitored vCPUs,
 * findings a month, GB through the agent endpoints) and the price list. Counts (endpoint AZs, states on
 * the main path, subscriptions, keys, alarms, queues) come from the synthesized JSON. Free tiers are not
 * subtracted (they are per account, shared with everything else in it); the assumptions say so.
 */
import { OPTIONAL_PROTECTION_PLANS, ProtectionPlan } from "../../functions/guardduty/runtime-monitoring-features";
import { aslGraph, mainPath } from "./asl-graph";
import { responsePipelinesOf } from "./pipelines";
import { railsOfDefinition } from "./safety-rails";
import { code, table } from "./markdown";
import { PRICES_READ_ON, Price, PriceList, PROTECTION_PLAN_BILLING, VcpuTier } from "./price-list";
import { evaluateReadableJson, resourcesOf, SynthesizedTerraform } from "./synthesized-terraform";

export interface CostInputs {
  /** Average vCPUs Runtime Monitoring monitors in the month (EC2, EKS, ECS Fargate). */
  readonly vcpus: number;
  /** GuardDuty findings that start the state machine in a month. */
  readonly findingsPerMonth: number;
  /** GB the agents send through the manually managed endpoints in a month (all endpoints together). */
  readonly endpointGbPerMonth: number;
}

export const DEFAULT_COST_INPUTS: CostInputs = { vcpus: 100, findingsPerMonth: 30, endpointGbPerMonth: 5 };

export const HOURS_PER_MONTH = 730;

export interface TierCharge {
  readonly vcpus: number;
  readonly usdPerVcpuMonth: number;
  readonly usd: number;
}

/** Runtime Monitoring for `vcpus` monitored vCPUs: each tier's vCPUs at its rate. */
export function runtimeMonitoringCost(vcpus: number, tiers: readonly VcpuTier[]): { readonly usd: number; readonly tiers: readonly TierCharge[] } {
  if (!Number.isFinite(vcpus) || vcpus < 0) throw new Error(`vcpus: ${vcpus} is not a number of vCPUs (0 or more)`);
  const charges: TierCharge[] = [];
  let from = 0;
  for (const tier of tiers) {
    const upTo = tier.upToVcpus ?? Infinity;
    const inTier = Math.max(0, Math.min(vcpus, upTo) - from);
    if (inTier > 0) charges.push({ vcpus: inTier, usdPerVcpuMonth: tier.usdPerVcpuMonth, usd: inTier * tier.usdPerVcpuMonth });
    from = upTo;
    if (vcpus <= upTo) break;
  }
  return { usd: round(charges.reduce((sum, c) => sum + c.usd, 0)), tiers: charges };
}

export interface CostLine {
  readonly item: string;
  /** The quantity and how it was worked out, e.g. `30 executions x 2 states`. */
  readonly quantity: string;
  readonly prices: readonly Price[];
  readonly usd: number;
  /** False for a line the total leaves out (see `note`). */
  readonly inTotal: boolean;
  /** True for a line with no amount: usage the inputs do not cover (the note says what it is billed on). */
  readonly notEstimated?: boolean;
  readonly note?: string;
}

export interface CostEstimate {
  readonly inputs: CostInputs;
  readonly priceList: PriceList;
  /** The stack's region when the prices are another region's. */
  readonly substitutedRegion?: string;
  readonly lines: readonly CostLine[];
  /** Sum of the lines in the total. */
  readonly totalUsd: number;
  /** Sum of every line, including those left out of the total (e.g. endpoint hours at list price). */
  readonly upperBoundUsd: number;
  /** States entered on the main path of each state machine, by name. */
  readonly mainPaths: Readonly<Record<string, readonly string[]>>;
  readonly assumptions: readonly string[];
}

function round(usd: number): number {
  return Math.round(usd * 1e6) / 1e6;
}

/** `USD 12.30`; amounts under a cent keep two significant digits (`USD 0.0015`) so they do not read as free. */
export function formatUsd(value: number): string {
  if (value === 0 || Math.abs(value) >= 0.01) return `USD ${value.toFixed(2)}`;
  return `USD ${Number(value.toPrecision(2))}`;
}

/** The monthly estimate for a synthesized stack. */
export function estimateMonthlyCost(
  json: SynthesizedTerraform,
  inputs: CostInputs,
  priceList: PriceList,
  /** The stack's region, and whether the price list was chosen for it explicitly (`--price-region`). */
  deployment?: { readonly region: string; readonly priceRegionChosen?: boolean },
): CostEstimate {
  for (const [k, v] of Object.entries(inputs)) {
    if (!Number.isFinite(v) || v < 0) throw new Error(`${k}: ${v} is not allowed; expected a number, 0 or more`);
  }
  const p = priceList;
  const lines: CostLine[] = [];

  const rm = runtimeMonitoringCost(inputs.vcpus, p.runtimeMonitoringTiers);
  lines.push({
    item: "GuardDuty Runtime Monitoring",
    quantity: `${inputs.vcpus} vCPUs: ${rm.tiers.map((t) => `${t.vcpus} x USD ${t.usdPerVcpuMonth.toFixed(2)}`).join(" + ") || "0"}`,
    prices: [p.runtimeMonitoringSource],
    usd: rm.usd,
    inTotal: true,
  });

  const endpoints = resourcesOf(json, "aws_vpc_endpoint").filter((e) => e.values.vpc_endpoint_type === "Interface");
  const azs = endpoints.reduce((n, e) => n + (Array.isArray(e.values.subnet_ids) ? e.values.subnet_ids.length : 0), 0);
  if (endpoints.length > 0) {
    const hours = azs * HOURS_PER_MONTH;
    lines.push({
      item: "VPC interface endpoints (guardduty-data)",
      quantity: `${endpoints.length} endpoint(s) in ${azs} AZ (one per subnet) x ${HOURS_PER_MONTH} h + ${inputs.endpointGbPerMonth} GB`,
      prices: [p.endpointHourPerAz, p.endpointPerGb],
      usd: round(hours * p.endpointHourPerAz.usd + inputs.endpointGbPerMonth * p.endpointPerGb.usd),
      inTotal: false,
      note: "left out of the total: the GuardDuty user guide says there is no additional cost for the usage of the guardduty-data VPC endpoint; shown at PrivateLink list price as an upper bound",
    });
  }

  // One Step Functions line per state machine: a finding matches one pipeline's rule (each acts on its own
  // resource type), so `--findings` is per pipeline and each machine runs that many times.
  const pipelines = responsePipelinesOf(json);
  const mainPaths: Record<string, string[]> = {};
  let executions = 0;
  for (const sfn of resourcesOf(json, "aws_sfn_state_machine")) {
    const path = mainPath(aslGraph(evaluateReadableJson(json, sfn.values.definition)));
    const name = String(sfn.values.name ?? sfn.path);
    mainPaths[name] = path;
    const title = pipelines.find((p) => p.stateMachine.address === sfn.address)?.title;
    const runs = inputs.findingsPerMonth;
    executions += runs;
    const transitions = runs * path.length;
    lines.push({
      item: `Step Functions (standard): ${title === undefined ? name : `${title}, ${name}`}`,
      quantity: `${runs} executions x ${path.length} states on the main path = ${transitions} transitions`,
      prices: [p.stepFunctionsPer1000Transitions],
      usd: round((transitions / 1000) * p.stepFunctionsPer1000Transitions.usd),
      inTotal: true,
    });
  }
  const subscriptions = resourcesOf(json, "aws_sns_topic_subscription").filter((s) => s.values.protocol === "email").length;
  if (executions > 0) {
    lines.push({
      item: "SNS notices",
      quantity: `${executions} publishes + ${executions} x ${subscriptions} email subscription(s) = ${executions * subscriptions} emails`,
      prices: [p.snsPublishPerMillion, p.snsEmailPer100k],
      usd: round((executions / 1e6) * p.snsPublishPerMillion.usd + ((executions * subscriptions) / 1e5) * p.snsEmailPer100k.usd),
      inTotal: true,
    });
  }

  const keys = resourcesOf(json, "aws_kms_key").length;
  if (keys > 0) {
    const requests = executions * (2 + subscriptions);
    lines.push({
      item: "KMS",
      quantity: `${keys} key(s) + ${requests} requests (${executions} notices x (2 + ${subscriptions} deliveries))`,
      prices: [p.kmsKeyMonth, p.kmsPer10kRequests],
      usd: round(keys * p.kmsKeyMonth.usd + (requests / 10000) * p.kmsPer10kRequests.usd),
      inTotal: true,
    });
  }

  const alarms = resourcesOf(json, "aws_cloudwatch_metric_alarm").length;
  if (alarms > 0)
    lines.push({
      item: "CloudWatch alarms",
      quantity: `${alarms} standard alarms`,
      prices: [p.alarmMonth],
      usd: round(alarms * p.alarmMonth.usd),
      inTotal: true,
    });

  // The safety rails (docs/safety-rails.md): one counter update per execution that reaches a capped action (at most
  // one per finding), one kill switch read per execution that reaches the rails.
  const railed = (integration: string) =>
    resourcesOf(json, "aws_sfn_state_machine").filter((sfn) => JSON.stringify(sfn.values.definition).includes(`states:::${integration}`)).length;
  const capped = railed("dynamodb:updateItem");
  if (capped > 0) {
    const writes = capped * inputs.findingsPerMonth;
    lines.push({
      item: "DynamoDB blast-radius counter (safety rails)",
      quantity: `at most ${writes} updates (${capped} capped pipeline(s) x ${inputs.findingsPerMonth} findings); storage: a few bytes per window`,
      prices: [p.dynamoDbPerMillionWrites],
      usd: round((writes / 1e6) * p.dynamoDbPerMillionWrites.usd),
      inTotal: true,
    });
  }
  const switched = railed("aws-sdk:ssm:getParameter");
  if (switched > 0) {
    lines.push({
      item: "SSM kill switch (safety rails)",
      quantity: `1 standard parameter, at most ${switched * inputs.findingsPerMonth} reads`,
      prices: [p.ssmStandardParameter],
      usd: 0,
      inTotal: true,
    });
  }

  // The approval gate (docs/approval-gate.md): at most one request per execution (an SNS publish, Wait for Callback),
  // delivered to each email subscription, through the key when there is one, plus, where on_timeout is act, at most
  // one NO APPROVAL ANSWER notice. Waiting is free: Standard workflows are priced per state transition (the Step
  // Functions lines above count the gate's states), not per second.
  const gates = resourcesOf(json, "aws_sfn_state_machine")
    .map((sfn) => railsOfDefinition(evaluateReadableJson(json, sfn.values.definition) as Record<string, unknown>).approvalGate)
    .filter((gate) => gate !== undefined);
  if (gates.length > 0) {
    const requests = gates.length * inputs.findingsPerMonth;
    const acting = gates.filter((gate) => gate.onTimeout === "act").length * inputs.findingsPerMonth;
    const publishes = requests + acting;
    const kmsRequests = keys > 0 ? publishes * (2 + subscriptions) : 0;
    lines.push({
      item: "SNS approval requests (safety rails)",
      quantity:
        `at most ${requests} requests (${gates.length} gated pipeline(s) x ${inputs.findingsPerMonth} findings)` +
        `${acting > 0 ? ` + ${acting} NO APPROVAL ANSWER notices (on_timeout act)` : ""}, x ${subscriptions} email subscription(s) = ${publishes * subscriptions} emails` +
        `${keys > 0 ? `; ${kmsRequests} KMS requests` : ""}`,
      prices: [p.snsPublishPerMillion, p.snsEmailPer100k, ...(keys > 0 ? [p.kmsPer10kRequests] : [])],
      usd: round(
        (publishes / 1e6) * p.snsPublishPerMillion.usd +
          ((publishes * subscriptions) / 1e5) * p.snsEmailPer100k.usd +
          (kmsRequests / 10000) * p.kmsPer10kRequests.usd,
      ),
      inTotal: true,
      note: "waiting for an answer costs nothing: Standard workflows are priced per state transition",
    });
  }

  const queues = resourcesOf(json, "aws_sqs_queue").length;
  if (queues > 0) {
    lines.push({
      item: "SQS dead-letter queue",
      quantity: `${queues} queue(s); requests only for findings EventBridge could not deliver (expected 0)`,
      prices: [p.sqsPerMillionRequests],
      usd: 0,
      inTotal: true,
    });
  }

  // Optional protection plans the stack writes ENABLED: billed on their own usage, which the inputs do not cover.
  const plans = protectionPlansWritten(json);
  for (const plan of plans.enabled) {
    const billing = PROTECTION_PLAN_BILLING[plan];
    lines.push({
      item: `GuardDuty ${billing.plan} (${plan})`,
      quantity: "enabled by this stack",
      prices: [],
      usd: 0,
      inTotal: false,
      notEstimated: true,
      note: `billed on ${billing.billedOn}; see ${GUARDDUTY_PRICING_PAGE} (30-day free trial per plan and account)`,
    });
  }

  const totalUsd = round(lines.filter((l) => l.inTotal).reduce((s, l) => s + l.usd, 0));
  const upperBoundUsd = round(lines.reduce((s, l) => s + l.usd, 0));
  const assumptions = [
    `Inputs: ${inputs.vcpus} monitored vCPUs on average (--vcpus), ${inputs.findingsPerMonth} findings a month that match each response pipeline's rule (--findings), ${inputs.endpointGbPerMonth} GB a month through the agent endpoints (--endpoint-gb).`,
    `Prices: the ${p.region} price list, looked up on ${PRICES_READ_ON} in stored copies of the pages listed below; check the AWS pricing pages before quoting. Free tiers are not subtracted (they are per account and shared).`,
    "Runtime Monitoring tiers as the seed document states them (for monitored EKS instances, 2023); assumed the same for ECS Fargate and EC2 and for both regions. GuardDuty bills vCPU-hours averaged over the month; the 30-day free trial is not subtracted.",
    `Step Functions: one execution per finding; each state entered is one transition; the main path is the longest path without errors (${
      Object.entries(mainPaths)
        .map(([n, path]) => `${n}: ${path.length} states`)
        .join("; ") || "no state machine"
    }); retries add transitions.`,
    "SNS: one notice per execution (alarm and coverage notices not counted); KMS: 2 requests per notice plus 1 per email delivery (an upper bound: SNS reuses data keys); the key's yearly rotation adds USD 1/month per rotated key version after the first year.",
    "Not estimated: GuardDuty foundational detection (CloudTrail, VPC Flow Logs, DNS logs) of a created detector, CloudWatch Logs for execution logs, EventBridge (events from AWS services assumed free), data transfer.",
    protectionPlansAssumption(plans),
  ];
  const otherRegion = deployment !== undefined && deployment.region !== p.region ? deployment.region : undefined;
  if (otherRegion !== undefined) {
    assumptions.push(
      deployment?.priceRegionChosen
        ? `The stack deploys to ${otherRegion}; the ${p.region} prices were chosen (--price-region).`
        : `No price list for ${otherRegion}: the ${p.region} prices are used.`,
    );
  }
  return {
    inputs,
    priceList: p,
    substitutedRegion: otherRegion,
    lines,
    totalUsd,
    upperBoundUsd,
    mainPaths,
    assumptions,
  };
}

/** Where GuardDuty's unit prices are (rendered per region; not in the stored page text). */
export const GUARDDUTY_PRICING_PAGE = "https://aws.amazon.com/guardduty/pricing/";

/** The optional protection plans the stack writes, by status (from the aws_guardduty_detector_feature resources). */
export function protectionPlansWritten(json: SynthesizedTerraform): { readonly enabled: ProtectionPlan[]; readonly disabled: ProtectionPlan[] } {
  const status = new Map(resourcesOf(json, "aws_guardduty_detector_feature").map((f) => [String(f.values.name), String(f.values.status)]));
  return {
    enabled: OPTIONAL_PROTECTION_PLANS.filter((p) => status.get(p) === "ENABLED"),
    disabled: OPTIONAL_PROTECTION_PLANS.filter((p) => status.get(p) === "DISABLED"),
  };
}

function protectionPlansAssumption(plans: { readonly enabled: readonly ProtectionPlan[]; readonly disabled: readonly ProtectionPlan[] }): string {
  const unmanaged = OPTIONAL_PROTECTION_PLANS.filter((p) => !plans.enabled.includes(p) && !plans.disabled.includes(p));
  const parts = [
    plans.enabled.length > 0 ? `enabled, billed on usage not estimated here: ${plans.enabled.join(", ")}` : "none enabled by this stack",
    plans.disabled.length > 0 ? `written DISABLED (no charge): ${plans.disabled.join(", ")}` : undefined,
    unmanaged.length > 0 ? `not managed by this stack (an adopted detector keeps its own setting, which may be billed): ${unmanaged.join(", ")}` : undefined,
  ].filter((p): p is string => p !== undefined);
  return `GuardDuty optional protection plans: ${parts.join("; ")}. Unit prices: ${GUARDDUTY_PRICING_PAGE}.`;
}

/** The estimate as Markdown: lines, totals, assumptions, and the prices with their sources. */
export function renderCostEstimate(estimate: CostEstimate): string {
  const rows = estimate.lines.map((l) => [
    l.item,
    l.quantity,
    l.prices.length > 0 ? l.prices.map((p) => `USD ${p.usd} ${p.unit}`).join("; ") : "usage-based",
    l.notEstimated ? "not estimated" : l.inTotal ? formatUsd(l.usd) : `(${formatUsd(l.usd)})`,
    l.note ?? "",
  ]);
  const out = [
    table(["item", "quantity", "unit price", "per month", "note"], rows),
    `**Estimated total: ${formatUsd(estimate.totalUsd)} per month**` +
      (estimate.upperBoundUsd !== estimate.totalUsd ? ` (${formatUsd(estimate.upperBoundUsd)} if the lines in parentheses are billed).` : "."),
    "Assumptions:",
    estimate.assumptions.map((a) => `- ${a}`).join("\n"),
  ];
  const seen = new Map<string, Price>();
  const p = estimate.priceList;
  for (const price of [
    p.runtimeMonitoringSource,
    p.endpointHourPerAz,
    p.endpointPerGb,
    p.stepFunctionsPer1000Transitions,
    p.snsPublishPerMillion,
    p.snsEmailPer100k,
    p.kmsKeyMonth,
    p.kmsPer10kRequests,
    p.alarmMonth,
    p.sqsPerMillionRequests,
  ]) {
    seen.set(`${price.unit}|${price.usd}`, price);
  }
  out.push(
    `Prices used (${code(p.region)}, read on ${PRICES_READ_ON}):`,
    table(
      ["price", "evidence", "source"],
      [...seen.values()].map((price) => [`USD ${price.usd} ${price.unit}`, price.evidence, price.source]),
    ),
  );
  return out.join("\n\n");
}

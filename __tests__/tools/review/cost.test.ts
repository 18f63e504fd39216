/** The review's monthly cost estimate: Runtime Monitoring tiers, and counts read off the synthesized stack. */
import { readFileSync } from "node:fs";
import { DEFAULT_COST_INPUTS, estimateMonthlyCost, formatUsd, HOURS_PER_MONTH, renderCostEstimate, runtimeMonitoringCost } from "../../../tools/review/cost";
import { parseRuntimeMonitoringTiers, PRICE_LISTS, priceListFor, RUNTIME_MONITORING_TIERS } from "../../../tools/review/price-list";
import { describeWithShared, SHARED, sharedPath } from "../../support/shared-dir";
import { OPPOSITE_CONFIG, synthesize } from "./review-stacks";

describe("runtimeMonitoringCost", () => {
  test.each([
    [10, 15, [[10, 1.5]]],
    [500, 750, [[500, 1.5]]],
    [
      600,
      825,
      [
        [500, 1.5],
        [100, 0.75],
      ],
    ],
    [
      6000,
      4375,
      [
        [500, 1.5],
        [4500, 0.75],
        [1000, 0.25],
      ],
    ],
  ])("%i vCPUs cost USD %d a month, tier by tier", (vcpus, usd, tiers) => {
    // GIVEN the seed's tiers  WHEN priced  THEN each tier's vCPUs at its rate, summed
    const cost = runtimeMonitoringCost(vcpus, RUNTIME_MONITORING_TIERS);
    expect(cost.usd).toBe(usd);
    expect(cost.tiers.map((t) => [t.vcpus, t.usdPerVcpuMonth])).toEqual(tiers);
  });

  test("a negative vCPU count is refused", () => {
    expect(() => runtimeMonitoringCost(-1, RUNTIME_MONITORING_TIERS)).toThrow("vcpus: -1");
  });
});

describeWithShared("runtimeMonitoringCost tiers against the EKS seed document", [SHARED.eksSeed], () => {
  test("the tiers are the ones the seed document states", () => {
    // GIVEN the seed document  WHEN its pricing lines are parsed  THEN they are the tiers the estimate uses
    const seed = readFileSync(sharedPath(SHARED.eksSeed), "utf8");
    expect(parseRuntimeMonitoringTiers(seed)).toEqual(RUNTIME_MONITORING_TIERS);
  });
});

describe("estimateMonthlyCost", () => {
  test("counts endpoint hours per AZ (one per subnet), transitions on the main path, emails, alarms and keys from the synthesized stack", () => {
    // GIVEN a guarded stack with a 3-subnet agent endpoint, one email and no key, no alarms, no queue
    const { json } = synthesize(OPPOSITE_CONFIG);
    const prices = PRICE_LISTS["ap-northeast-1"];
    // WHEN estimated for 600 vCPUs and 40 findings
    const estimate = estimateMonthlyCost(json, { vcpus: 600, findingsPerMonth: 40, endpointGbPerMonth: 10 }, prices);
    const line = (item: string) => estimate.lines.find((l) => l.item.startsWith(item));
    // THEN every line follows from the counts
    expect(line("GuardDuty Runtime Monitoring")?.usd).toBe(825);
    expect(line("VPC interface endpoints")).toMatchObject({ inTotal: false });
    expect(line("VPC interface endpoints")?.usd).toBeCloseTo(3 * HOURS_PER_MONTH * 0.014 + 10 * 0.01, 6);
    const steps = Object.values(estimate.mainPaths)[0].length;
    expect(steps).toBe(26); // the guarded main path; each Map of tags counts as one state here
    expect(line("Step Functions")?.usd).toBeCloseTo((40 * steps * 0.025) / 1000, 10);
    expect(line("SNS notices")?.usd).toBeCloseTo((40 / 1e6) * 0.5 + (40 / 1e5) * 2, 10);
    for (const absent of ["KMS", "SQS dead-letter queue"]) expect(estimate.lines.map((l) => l.item)).not.toContain(absent);
    // (its only alarm watches the coverage rule: containment alarms are off)
    expect(line("CloudWatch alarms")?.quantity).toBe("1 standard alarms");
    // AND the total leaves out the endpoint line the GuardDuty user guide says is not charged
    expect(estimate.upperBoundUsd - estimate.totalUsd).toBeCloseTo(line("VPC interface endpoints")!.usd, 6);
  });

  test("the default config prices its key, seven alarms, the seed's two states and the dead-letter queue", () => {
    // GIVEN the built-in default  WHEN estimated with the default inputs
    const { json, config } = synthesize();
    const estimate = estimateMonthlyCost(json, DEFAULT_COST_INPUTS, priceListFor(config.region).prices, { region: config.region });
    // THEN
    expect(estimate.priceList.region).toBe("ap-northeast-1");
    expect(estimate.lines.map((l) => [l.item, l.usd])).toEqual([
      ["GuardDuty Runtime Monitoring", 150],
      ["Step Functions (standard): ECS task auto-stop, ecs-runtime-monitoring-stop-task-dev-state-machine", 0.0015],
      ["SNS notices", 0.000015],
      ["KMS", 1.00018],
      ["CloudWatch alarms", 0.7],
      ["SQS dead-letter queue", 0],
    ]);
    expect(estimate.totalUsd).toBe(151.701695);
  });

  test("the default config's created detector writes every optional plan DISABLED: no plan line, and the assumptions say so", () => {
    const { json, config } = synthesize();
    const estimate = estimateMonthlyCost(json, DEFAULT_COST_INPUTS, priceListFor(config.region).prices, { region: config.region });
    expect(estimate.lines.filter((l) => l.item.startsWith("GuardDuty ") && l.item !== "GuardDuty Runtime Monitoring")).toEqual([]);
    expect(estimate.assumptions).toContain(
      "GuardDuty optional protection plans: none enabled by this stack; written DISABLED (no charge): S3_DATA_EVENTS, EKS_AUDIT_LOGS, EBS_MALWARE_PROTECTION, RDS_LOGIN_EVENTS, LAMBDA_NETWORK_LOGS. Unit prices: https://aws.amazon.com/guardduty/pricing/.",
    );
  });

  test("each enabled protection plan is a line naming what it is billed on, outside the total", () => {
    // GIVEN a created detector with S3 and Lambda Protection on
    const { json, config } = synthesize({ detector: { features: { S3_DATA_EVENTS: "ENABLED", LAMBDA_NETWORK_LOGS: "ENABLED" } } });
    const estimate = estimateMonthlyCost(json, DEFAULT_COST_INPUTS, priceListFor(config.region).prices, { region: config.region });
    // THEN one line per enabled plan, not estimated, with its pricing dimension and the pricing page
    const plans = estimate.lines.filter((l) => l.notEstimated);
    expect(plans.map((l) => [l.item, l.inTotal, l.usd])).toEqual([
      ["GuardDuty S3 Protection (S3_DATA_EVENTS)", false, 0],
      ["GuardDuty Lambda Protection (LAMBDA_NETWORK_LOGS)", false, 0],
    ]);
    expect(plans[0].note).toContain("S3 data events analyzed");
    expect(plans[1].note).toContain("https://aws.amazon.com/guardduty/pricing/");
    // AND the rendered estimate says "not estimated" rather than an amount
    expect(renderCostEstimate(estimate)).toMatch(/\| GuardDuty S3 Protection \(S3_DATA_EVENTS\) \| enabled by this stack \| usage-based \| not estimated \|/);
  });

  test("an adopted detector's unmanaged plans are named as possibly billed", () => {
    const { json, config } = synthesize({ detector: { existing_detector_id: "12abc34d567e8fa901bc2d34e56789f0", features: { EKS_AUDIT_LOGS: "DISABLED" } } });
    const estimate = estimateMonthlyCost(json, DEFAULT_COST_INPUTS, priceListFor(config.region).prices, { region: config.region });
    expect(estimate.assumptions.find((a) => a.startsWith("GuardDuty optional protection plans"))).toBe(
      "GuardDuty optional protection plans: none enabled by this stack; written DISABLED (no charge): EKS_AUDIT_LOGS; not managed by this stack (an adopted detector keeps its own setting, which may be billed): S3_DATA_EVENTS, EBS_MALWARE_PROTECTION, RDS_LOGIN_EVENTS, LAMBDA_NETWORK_LOGS. Unit prices: https://aws.amazon.com/guardduty/pricing/.",
    );
  });

  test("a region without its own price list uses us-east-1's and says so", () => {
    expect(priceListFor("eu-west-1")).toEqual({ prices: PRICE_LISTS["us-east-1"], substituted: true });
  });

  test.each([
    [0, "USD 0.00"],
    [0.0015, "USD 0.0015"],
    [151.6017, "USD 151.60"],
  ])("%d is written %s", (usd, text) => {
    expect(formatUsd(usd)).toBe(text);
  });
});

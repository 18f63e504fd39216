/**
 * Unit prices the review's monthly cost estimate uses, with where each came from. Looked up on 2026-11-22
 * in stored copies of public pages (the search tool of the project's workspace; no live fetch), for
 * us-east-1 and ap-northeast-1. A price marked `assumed` was not found for that region and is the
 * us-east-1 one; `unverified` was not found in any stored page. Check the AWS pricing pages before
 * quoting an estimate.
 */
import type { ProtectionPlan } from "../../functions/guardduty/runtime-monitoring-features";

export const PRICES_READ_ON = "2026-11-22";

/**
 * What each optional GuardDuty protection plan is billed on. The unit prices are rendered per region on
 * https://aws.amazon.com/guardduty/pricing/ and are not in the stored page text, so the review names the plan
 * and its pricing dimension instead of an amount. Dimensions from the GuardDuty user guide ("Monitoring
 * GuardDuty usage and estimating costs": the AWS/GuardDuty usage metrics per protection plan) and the GuardDuty
 * FAQ ("prices are based on the volume of analyzed service logs, virtual CPUs (vCPUs) or Aurora Serverless v2
 * instance Aurora capacity units (ACUs) for Amazon RDS event analysis, ... and the volume of data scanned for
 * malware").
 */
export const PROTECTION_PLAN_BILLING: Readonly<Record<ProtectionPlan, { readonly plan: string; readonly billedOn: string }>> = {
  S3_DATA_EVENTS: { plan: "S3 Protection", billedOn: "S3 data events analyzed (usage metric S3DataEvents AnalyzedCount)" },
  EKS_AUDIT_LOGS: { plan: "EKS Protection", billedOn: "EKS audit log events analyzed (usage metric KubernetesAuditLogs AnalyzedCount)" },
  EBS_MALWARE_PROTECTION: { plan: "Malware Protection for EC2", billedOn: "GB of EBS volume data scanned in GuardDuty-initiated scans" },
  RDS_LOGIN_EVENTS: { plan: "RDS Protection", billedOn: "vCPUs of provisioned instances, or ACUs of Aurora Serverless v2, of the monitored databases" },
  LAMBDA_NETWORK_LOGS: { plan: "Lambda Protection", billedOn: "GB of Lambda network activity logs analyzed (usage metric LambdaNetworkLogs AnalyzedBytes)" },
};

/** The seed document the Runtime Monitoring tiers are restated from. */
export const RUNTIME_MONITORING_SEED = "shared/seeds/eks-runtime-monitoring-detection.ja.txt";

/** One tier: `upToVcpus` vCPUs (cumulative upper bound; undefined for the last tier) at `usdPerVcpuMonth`. */
export interface VcpuTier {
  readonly upToVcpus?: number;
  readonly usdPerVcpuMonth: number;
}

/**
 * GuardDuty Runtime Monitoring, per monitored vCPU and month, as the seed document states it ("料金について"):
 * first 500 vCPU/month USD 1.50, next 4,500 USD 0.75, over 5,000 USD 0.25 (written for monitored EKS
 * instances in 2023; the region is not named).
 */
export const RUNTIME_MONITORING_TIERS: readonly VcpuTier[] = [
  { upToVcpus: 500, usdPerVcpuMonth: 1.5 },
  { upToVcpus: 5000, usdPerVcpuMonth: 0.75 },
  { usdPerVcpuMonth: 0.25 },
];

/**
 * The tiers as the seed document writes them: `最初の 500 個の vCPU /月 ... vCPU あたり 1.50USD`,
 * `次の 4,500 個 ... 0.75USD`, `5,000 個以上 ... 0.25USD`. Throws when the text has no such lines.
 */
export function parseRuntimeMonitoringTiers(seedText: string): VcpuTier[] {
  const tiers: VcpuTier[] = [];
  let upTo = 0;
  for (const m of seedText.matchAll(/(最初の|次の)\s*([\d,]+)\s*個の\s*vCPU[^\n]*?vCPU\s*あたり\s*([\d.]+)\s*USD/g)) {
    upTo += Number(m[2].replace(/,/g, ""));
    tiers.push({ upToVcpus: upTo, usdPerVcpuMonth: Number(m[3]) });
  }
  const last = /([\d,]+)\s*個以上の\s*vCPU[^\n]*?vCPU\s*あたり\s*([\d.]+)\s*USD/.exec(seedText);
  if (tiers.length === 0 || last === null) throw new Error("no Runtime Monitoring vCPU tiers in the text");
  if (Number(last[1].replace(/,/g, "")) !== upTo) throw new Error(`the last tier starts at ${last[1]} vCPUs, not where the others end (${upTo})`);
  tiers.push({ usdPerVcpuMonth: Number(last[2]) });
  return tiers;
}

export type PriceRegion = "us-east-1" | "ap-northeast-1";
export const PRICE_REGIONS: readonly PriceRegion[] = ["us-east-1", "ap-northeast-1"];

/** How sure a price is. */
export type PriceEvidence = "official page" | "seed document" | "third-party page" | "assumed same as us-east-1" | "unverified";

export interface Price {
  readonly usd: number;
  /** What one unit is, e.g. `per 1,000 state transitions`. */
  readonly unit: string;
  readonly evidence: PriceEvidence;
  /** Page(s) read, with what they say when it matters. */
  readonly source: string;
}

export interface PriceList {
  readonly region: PriceRegion;
  readonly runtimeMonitoringTiers: readonly VcpuTier[];
  readonly runtimeMonitoringSource: Price;
  readonly endpointHourPerAz: Price;
  readonly endpointPerGb: Price;
  readonly stepFunctionsPer1000Transitions: Price;
  readonly snsPublishPerMillion: Price;
  readonly snsEmailPer100k: Price;
  readonly kmsKeyMonth: Price;
  readonly kmsPer10kRequests: Price;
  readonly alarmMonth: Price;
  readonly sqsPerMillionRequests: Price;
  /** The safety rails' counter (docs/safety-rails.md): on-demand writes. */
  readonly dynamoDbPerMillionWrites: Price;
  /** The safety rails' kill switch: a standard parameter read with standard throughput. */
  readonly ssmStandardParameter: Price;
}

const SOURCES = {
  seed: `${RUNTIME_MONITORING_SEED} (restates the GuardDuty pricing page, 2023; "監視対象の EKS インスタンスの場合", no region named)`,
  privateLinkOfficial:
    "https://aws.amazon.com/privatelink/pricing/ (and /jp/): data processed per region, first 1 PB USD 0.01/GB; the hourly rate is rendered per region and not in the stored text",
  privateLinkHourUsEast1:
    "https://awsnegotiations.com/privatelink-cost-analysis.html (May 2026: USD 0.01 per hour per AZ) and https://swastudy.hatenablog.com/entry/2024/01/31/124059 (us-east-1, 0.01 USD/hour)",
  privateLinkHourTokyo:
    "not found in the stored pages; USD 0.014 per hour per AZ is the ap-northeast-1 rate AWS has listed; verify on https://aws.amazon.com/privatelink/pricing/",
  stepFunctions:
    "https://aws.amazon.com/step-functions/pricing/: state transitions table, US East (N. Virginia) USD 0.0250 and Asia Pacific (Tokyo) USD 0.0250 per 1,000; 4,000 free per month",
  sns: "https://www.factualminds.com/blog/amazon-sns-pricing-publishes-fanout-protocols/ (2026-06-13: publish USD 0.50 per million, email USD 2 per 100,000); first 1,000 emails free per https://aws.amazon.com/sns/pricing/ as quoted in a public GitHub issue",
  kmsKey: "https://aws.amazon.com/kms/pricing/: USD 1/month per KMS key; each rotated backing key adds USD 1/month; 20,000 requests/month free",
  kmsRequests:
    "https://www.wring.co/blog/aws-kms-pricing-guide and https://www.factualminds.com/blog/aws-kms-pricing-keys-requests-multi-region/ (us-east-1, June 2026): USD 0.03 per 10,000 symmetric requests",
  alarm:
    "https://c3x.dev/resources/aws/aws_cloudwatch_metric_alarm: USD 0.10 per standard-resolution alarm-month; 10 alarm metrics free per https://aws.amazon.com/cloudwatch/pricing/",
  sqs: "https://cloudburn.io/blog/amazon-sqs-pricing (March 2026, us-east-1): standard queue USD 0.40 per million requests after 1 million free per month",
  dynamoDb:
    "https://airbyte.com/data-engineering-resources/dynamodb-pricing (us-east-1 on-demand: USD 0.625 per million write request units); one counter update of an item under 1 KB is one write request unit",
  ssm: "https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html (standard tier: no additional charge) and parameter-store-throughput.html (standard throughput: no additional cost)",
} as const;

const US_EAST_1: PriceList = {
  region: "us-east-1",
  runtimeMonitoringTiers: RUNTIME_MONITORING_TIERS,
  runtimeMonitoringSource: {
    usd: 1.5,
    unit: "per vCPU-month for the first 500 vCPUs, 0.75 for the next 4,500, 0.25 over 5,000",
    evidence: "seed document",
    source: SOURCES.seed,
  },
  endpointHourPerAz: { usd: 0.01, unit: "per endpoint-AZ hour", evidence: "third-party page", source: SOURCES.privateLinkHourUsEast1 },
  endpointPerGb: { usd: 0.01, unit: "per GB processed (first 1 PB)", evidence: "official page", source: SOURCES.privateLinkOfficial },
  stepFunctionsPer1000Transitions: { usd: 0.025, unit: "per 1,000 state transitions", evidence: "official page", source: SOURCES.stepFunctions },
  snsPublishPerMillion: { usd: 0.5, unit: "per million publishes", evidence: "third-party page", source: SOURCES.sns },
  snsEmailPer100k: { usd: 2.0, unit: "per 100,000 email deliveries", evidence: "third-party page", source: SOURCES.sns },
  kmsKeyMonth: { usd: 1.0, unit: "per customer managed key-month", evidence: "official page", source: SOURCES.kmsKey },
  kmsPer10kRequests: { usd: 0.03, unit: "per 10,000 requests", evidence: "third-party page", source: SOURCES.kmsRequests },
  alarmMonth: { usd: 0.1, unit: "per standard alarm-month", evidence: "third-party page", source: SOURCES.alarm },
  sqsPerMillionRequests: { usd: 0.4, unit: "per million requests", evidence: "third-party page", source: SOURCES.sqs },
  dynamoDbPerMillionWrites: { usd: 0.625, unit: "per million on-demand write request units", evidence: "third-party page", source: SOURCES.dynamoDb },
  ssmStandardParameter: { usd: 0, unit: "per standard parameter and GetParameter call (standard throughput)", evidence: "official page", source: SOURCES.ssm },
};

const assumedFromUsEast1 = (p: Price): Price => ({ ...p, evidence: "assumed same as us-east-1" });

const AP_NORTHEAST_1: PriceList = {
  region: "ap-northeast-1",
  runtimeMonitoringTiers: RUNTIME_MONITORING_TIERS,
  runtimeMonitoringSource: { ...US_EAST_1.runtimeMonitoringSource, evidence: "seed document" },
  endpointHourPerAz: { usd: 0.014, unit: "per endpoint-AZ hour", evidence: "unverified", source: SOURCES.privateLinkHourTokyo },
  endpointPerGb: US_EAST_1.endpointPerGb,
  stepFunctionsPer1000Transitions: US_EAST_1.stepFunctionsPer1000Transitions,
  snsPublishPerMillion: assumedFromUsEast1(US_EAST_1.snsPublishPerMillion),
  snsEmailPer100k: assumedFromUsEast1(US_EAST_1.snsEmailPer100k),
  kmsKeyMonth: assumedFromUsEast1(US_EAST_1.kmsKeyMonth),
  kmsPer10kRequests: assumedFromUsEast1(US_EAST_1.kmsPer10kRequests),
  alarmMonth: assumedFromUsEast1(US_EAST_1.alarmMonth),
  sqsPerMillionRequests: assumedFromUsEast1(US_EAST_1.sqsPerMillionRequests),
  dynamoDbPerMillionWrites: assumedFromUsEast1(US_EAST_1.dynamoDbPerMillionWrites),
  ssmStandardParameter: US_EAST_1.ssmStandardParameter,
};

export const PRICE_LISTS: Readonly<Record<PriceRegion, PriceList>> = { "us-east-1": US_EAST_1, "ap-northeast-1": AP_NORTHEAST_1 };

/** The price list for a deployment region: its own when there is one, else us-east-1's. */
export function priceListFor(region: string): { readonly prices: PriceList; readonly substituted: boolean } {
  const own = (PRICE_REGIONS as readonly string[]).includes(region);
  return { prices: PRICE_LISTS[own ? (region as PriceRegion) : "us-east-1"], substituted: !own };
}

/** Configs the review tests synthesize, and the synthesis (in process, as `npm run review` does it). */
import type { Config } from "../../../config/config-schema";
import { loadConfig, parseConfig } from "../../../config/load-config";
import type { SynthesizedTerraform } from "../../../tools/review/synthesized-terraform";
import { synthesizeForReview } from "../../../scripts/review";

export const PROD_CLUSTER = "arn:aws:ecs:ap-northeast-1:123456789012:cluster/prod";

/** Every warning's condition turned the other way from the default config, plus tracing and an agent endpoint. */
export const OPPOSITE_CONFIG = {
  notifications: { emails: ["secops@example.com"], encrypt: false, coverage_unhealthy: true },
  agent_endpoints: [
    {
      name: "main",
      vpc_id: "vpc-0123456789abcdef0",
      subnet_ids: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1", "subnet-0123456789abcdef2"],
      allowed_cidrs: ["10.0.0.0/16"],
      private_dns_enabled: false,
    },
  ],
  ecs_auto_stop: {
    workflow: "guarded",
    dry_run: true,
    cluster_arns: [PROD_CLUSTER],
    filters: { min_severity: 7 },
    dead_letter_queue: false,
    alarms: false,
    include_execution_data: true,
    tracing: true,
  },
};

/** Notices go to a topic that exists already; nobody subscribed through this stack. */
export const EXISTING_TOPIC_CONFIG = {
  notifications: { existing_topic_arn: "arn:aws:sns:ap-northeast-1:123456789012:secops" },
};

export interface Synthesized {
  readonly config: Config;
  readonly json: SynthesizedTerraform;
}

/** Synthesis is the slow part: once per config and test file (the JSON is never modified by the tests). */
const CACHE = new Map<string, Synthesized>();

/** The built-in default config (no document) or a config document, validated and synthesized. */
export function synthesize(document?: unknown): Synthesized {
  const key = JSON.stringify(document ?? null);
  const cached = CACHE.get(key);
  if (cached !== undefined) return cached;
  const config = document === undefined ? loadConfig().config : parseConfig(document, "test config");
  const synthesized = { config, json: synthesizeForReview(config) };
  CACHE.set(key, synthesized);
  return synthesized;
}

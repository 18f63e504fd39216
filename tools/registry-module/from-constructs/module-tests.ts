/**
 * The module's own `terraform test` files (tests/): the checks that read the provider's region and partition
 * (module.ts PROVIDER_CHECKS, postconditions of the partition data source), which no variable validation can.
 * They plan offline with Terraform's mock provider (the aws provider's schema, no credentials, no AWS call: the
 * checks are Terraform expressions over the context data sources, whose values each run overrides). Anyone can run
 * them with `terraform test` in the module; `npm run check:terraform` runs them with the module's own plan.
 */
import { PROTECTION_PLAN_NOT_OFFERED_IN } from "../../../functions/guardduty/runtime-monitoring-features";
import { attr, blank, block, Block, BodyItem, literal, raw, renderFile } from "../hcl";

/** The addresses of the data sources the checks read: `data.aws_region.awscontext_region`. */
export interface ContextDataSources {
  readonly partition: string;
  readonly region: string;
  readonly callerIdentity: string;
}

/** A region every protection plan is offered in: the control run. */
const OFFERED_REGION = "eu-west-1";
const GOVCLOUD_REGION = "us-gov-west-1";
const ACCOUNT = "123456789012";

interface Run {
  readonly name: string;
  readonly region: string;
  readonly partition: "aws" | "aws-us-gov";
  readonly variables: Readonly<Record<string, unknown>>;
  /** The run is refused by the partition data source's postconditions: `expect_failures` names it. */
  readonly refused: boolean;
  readonly assertion?: { readonly condition: string; readonly errorMessage: string };
}

/** Both test files, each run planning the module with the ECS pipeline off (it needs clusters) unless it says. */
export function moduleTestFiles(header: readonly string[], context: ContextDataSources): { path: string; content: string }[] {
  const regionRuns: Run[] = Object.entries(PROTECTION_PLAN_NOT_OFFERED_IN).flatMap(([plan, regions]) => {
    const status = (s: string) => ({ detector_features: { [plan]: s } });
    const planned = `aws_guardduty_detector_feature.detector_feature_${plan.toLowerCase()}`;
    return [
      ...(regions ?? []).flatMap((region): Run[] => [
        { name: `${plan}_enabled_in_${region}`.toLowerCase().replace(/-/g, "_"), region, partition: "aws", variables: status("ENABLED"), refused: true },
        { name: `${plan}_disabled_in_${region}`.toLowerCase().replace(/-/g, "_"), region, partition: "aws", variables: status("DISABLED"), refused: false },
      ]),
      {
        name: `${plan}_enabled_where_offered`.toLowerCase(),
        region: OFFERED_REGION,
        partition: "aws",
        variables: status("ENABLED"),
        refused: false,
        assertion: { condition: `length(${planned}) == 1`, errorMessage: `${plan} ENABLED in ${OFFERED_REGION} plans the detector feature.` },
      },
    ];
  });
  const topic = `arn:aws:sns:${GOVCLOUD_REGION}:${ACCOUNT}:alerts`;
  const key = `arn:aws:kms:${GOVCLOUD_REGION}:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;
  const partitionRuns: Run[] = [
    {
      name: "commercial_topic_in_govcloud",
      region: GOVCLOUD_REGION,
      partition: "aws-us-gov",
      variables: { create_topic: false, existing_topic_arn: topic },
      refused: true,
    },
    {
      name: "commercial_key_in_govcloud",
      region: GOVCLOUD_REGION,
      partition: "aws-us-gov",
      variables: { create_kms_key: false, kms_key_arn: key },
      refused: true,
    },
    {
      name: "govcloud_topic_in_govcloud",
      region: GOVCLOUD_REGION,
      partition: "aws-us-gov",
      variables: { create_topic: false, existing_topic_arn: topic.replace("arn:aws:", "arn:aws-us-gov:") },
      refused: false,
    },
  ];
  return [
    { path: "tests/partition_checks.tftest.hcl", content: testFile(header, "an existing topic or key of another partition", partitionRuns, context) },
    { path: "tests/region_checks.tftest.hcl", content: testFile(header, "a protection plan GuardDuty does not offer in the region", regionRuns, context) },
  ];
}

function testFile(header: readonly string[], what: string, runs: readonly Run[], context: ContextDataSources): string {
  const blocks: Block[] = [
    block("mock_provider", ["aws"], []),
    block("variables", [], [attr("name_prefix", literal("acme")), attr("create_ecs_auto_stop", literal(false))]),
    ...runs.map((r) => runBlock(r, context)),
  ];
  return renderFile(blocks, [...header, "", `terraform test: the module refuses ${what} at plan (the partition data source's postconditions).`]);
}

function runBlock(r: Run, context: ContextDataSources): Block {
  const override = (target: string, values: Record<string, unknown>): Block =>
    block("override_data", [], [attr("target", raw(target)), attr("values", literal(values))]);
  // aws_region's `region` is 6.x's attribute, `name` 5.x's: both given, the mock provider takes either.
  const body: BodyItem[] = [
    attr("command", raw("plan")),
    blank,
    block(
      "variables",
      [],
      Object.entries(r.variables).map(([k, v]) => attr(k, literal(v))),
    ),
    blank,
    override(context.region, { region: r.region, name: r.region }),
    override(context.partition, { partition: r.partition, dns_suffix: "amazonaws.com" }),
    override(context.callerIdentity, { account_id: ACCOUNT }),
  ];
  if (r.refused) body.push(blank, attr("expect_failures", raw(`[${context.partition}]`)));
  if (r.assertion !== undefined)
    body.push(blank, block("assert", [], [attr("condition", raw(r.assertion.condition)), attr("error_message", literal(r.assertion.errorMessage))]));
  return block("run", [r.name], body);
}

/**
 * The module's own `terraform test` files (tools/registry-module/from-constructs/module-tests.ts): the checks that
 * read the provider's region and partition, planned offline with Terraform's mock provider. What each run declares
 * is read here; Terraform runs them with the module in `npm run check:terraform` (its plan step is `terraform test`
 * in the module's folder, tests/ included), and anyone can with `terraform test` in the module.
 */
import { PROTECTION_PLAN_NOT_OFFERED_IN } from "../../../../functions/guardduty/runtime-monitoring-features";
import { fileContent, Json, parseOne } from "../module-fixture";

const PARTITION = "data.aws_partition.awscontext_partition";

/** Each run of a test file: its name, the region and partition it overrides, what it expects to fail. */
async function runsOf(path: string): Promise<{ name: string; region: string; partition: string; expectFailures: string[]; variables: Json }[]> {
  const parsed = await parseOne(path, fileContent(path));
  return Object.entries(parsed.run as Record<string, Json[]>).map(([name, [run]]) => {
    const override = (target: string) => (run.override_data as Json[]).find((o) => o.target === `\${${target}}`)?.values as Json;
    return {
      name,
      region: override("data.aws_region.awscontext_region").region,
      partition: override(PARTITION).partition,
      expectFailures: (run.expect_failures as string[] | undefined) ?? [],
      variables: (run.variables as Json[])[0],
    };
  });
}

describe("the module's terraform test files", () => {
  test("plan with the mock provider (no credentials), the ECS pipeline off, and override the context data sources", async () => {
    // GIVEN the module's test files
    for (const path of ["tests/partition_checks.tftest.hcl", "tests/region_checks.tftest.hcl"]) {
      // WHEN parsed
      const parsed = await parseOne(path, fileContent(path));
      // THEN a mock provider is declared, no provider configured, and every run is a plan
      expect(Object.keys(parsed.mock_provider as Json)).toEqual(["aws"]);
      expect(parsed.provider).toBeUndefined();
      expect((parsed.variables as Json[])[0]).toEqual({ name_prefix: "acme", create_ecs_auto_stop: false });
      for (const [name, [run]] of Object.entries(parsed.run as Record<string, Json[]>)) expect([name, run.command]).toEqual([name, "${plan}"]);
    }
  });

  test("every region where GuardDuty does not offer a plan has its ENABLED run refused and its DISABLED run planned, beside a control run", async () => {
    // GIVEN the regions where a plan is not offered
    const expected = Object.entries(PROTECTION_PLAN_NOT_OFFERED_IN).flatMap(([plan, regions]) =>
      [
        ...(regions ?? []).flatMap((region) => [
          { region, status: "ENABLED", refused: true },
          { region, status: "DISABLED", refused: false },
        ]),
        { region: "eu-west-1", status: "ENABLED", refused: false },
      ].map((r) => ({ ...r, plan })),
    );
    // WHEN the region checks' runs are read
    const runs = await runsOf("tests/region_checks.tftest.hcl");
    // THEN there is a run per case, and only the ENABLED runs where the plan is not offered expect the partition's failure
    const byCase = (a: object, b: object) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1);
    expect(
      runs
        .map((r) => ({
          plan: Object.keys(r.variables.detector_features)[0],
          status: Object.values(r.variables.detector_features)[0],
          region: r.region,
          refused: r.expectFailures.length > 0,
        }))
        .sort(byCase),
    ).toEqual(expected.sort(byCase));
    for (const r of runs) expect([r.name, r.partition, r.expectFailures]).toEqual([r.name, "aws", r.expectFailures.length > 0 ? [`\${${PARTITION}}`] : []]);
  });

  test("in GovCloud a commercial topic and a commercial key are each refused, a GovCloud topic is planned", async () => {
    // GIVEN the partition checks' runs WHEN read
    const runs = (await runsOf("tests/partition_checks.tftest.hcl")).sort((a, b) => (a.name < b.name ? -1 : 1));
    // THEN each overrides GovCloud, and the two commercial ARNs expect the partition data source's failure
    expect(runs.map((r) => [r.name, r.region, r.partition, r.variables, r.expectFailures])).toEqual([
      [
        "commercial_key_in_govcloud",
        "us-gov-west-1",
        "aws-us-gov",
        { create_kms_key: false, kms_key_arn: "arn:aws:kms:us-gov-west-1:123456789012:key/11111111-2222-3333-4444-555555555555" },
        [`\${${PARTITION}}`],
      ],
      [
        "commercial_topic_in_govcloud",
        "us-gov-west-1",
        "aws-us-gov",
        { create_topic: false, existing_topic_arn: "arn:aws:sns:us-gov-west-1:123456789012:alerts" },
        [`\${${PARTITION}}`],
      ],
      [
        "govcloud_topic_in_govcloud",
        "us-gov-west-1",
        "aws-us-gov",
        { create_topic: false, existing_topic_arn: "arn:aws-us-gov:sns:us-gov-west-1:123456789012:alerts" },
        [],
      ],
    ]);
  });
});

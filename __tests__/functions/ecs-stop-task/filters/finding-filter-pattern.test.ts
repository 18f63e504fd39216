/**
 * The shape of the ECS auto-stop rule pattern built from finding filters: the seed's when unfiltered, one more
 * key under `detail` per filter, and always a pattern EventBridge accepts.
 */
import { validateEventPattern } from "../../../../functions/eventbridge/pattern-matcher";
import { buildEcsRuntimeFindingPattern, FindingFilters } from "../../../../functions/ecs-stop-task/finding-filters";
import { buildSeedEcsRuntimeFindingPattern } from "../../../../functions/ecs-stop-task/seed-event-pattern";
import { ECS_SEED_CONTRACT } from "../../../support/seed-document";
import { ACCOUNT, OTHER_ACCOUNT, PROD_CLUSTER, STAGING_CLUSTER } from "../../../support/finding-events";

const SEED_DETAIL = {
  resource: { resourceType: ["ECSCluster"] },
  service: { featureName: ["RuntimeMonitoring"] },
};

/** The seed pattern with `detail` extended by `extra` (and `resource` by `resourceExtra`). */
function seedWith(extra: Record<string, unknown>, resourceExtra: Record<string, unknown> = {}): unknown {
  return {
    detail: { ...SEED_DETAIL, resource: { ...SEED_DETAIL.resource, ...resourceExtra }, ...extra },
    "detail-type": ["GuardDuty Finding"],
    source: ["aws.guardduty"],
  };
}

const EVERY_FILTER: FindingFilters = {
  minSeverity: 7,
  findingTypes: ["Execution:Runtime/ReverseShell", "Execution:Runtime/NewBinaryExecuted"],
  excludeFindingTypes: ["Impact:Runtime/CryptoMinerExecuted"],
  clusterArns: [PROD_CLUSTER, STAGING_CLUSTER],
  excludeClusterArns: [STAGING_CLUSTER],
  accountIds: [ACCOUNT],
};

describe("buildEcsRuntimeFindingPattern", () => {
  test.each<[string, FindingFilters | undefined]>([
    ["no filters argument", undefined],
    ["an empty filters object", {}],
    [
      "every setting present but undefined",
      {
        minSeverity: undefined,
        findingTypes: undefined,
        excludeFindingTypes: undefined,
        clusterArns: undefined,
        excludeClusterArns: undefined,
        accountIds: undefined,
      },
    ],
  ])("with %s the pattern is exactly the seed's, key order included", (_, filters) => {
    // WHEN built without any filter
    const pattern = buildEcsRuntimeFindingPattern(filters);
    // THEN deep-equal and equal as text to the seed builder's pattern and to the pattern printed in the seed post (our transcription)
    expect(pattern).toEqual(buildSeedEcsRuntimeFindingPattern());
    expect(JSON.stringify(pattern)).toBe(JSON.stringify(buildSeedEcsRuntimeFindingPattern()));
    expect(JSON.stringify(pattern)).toBe(JSON.stringify(ECS_SEED_CONTRACT.eventPattern));
  });

  test.each<[string, FindingFilters, unknown]>([
    ["minSeverity adds a numeric >= on detail.severity", { minSeverity: 7 }, seedWith({ severity: [{ numeric: [">=", 7] }] })],
    ["a fractional minSeverity is kept as written", { minSeverity: 6.5 }, seedWith({ severity: [{ numeric: [">=", 6.5] }] })],
    ["findingTypes adds the list on detail.type", { findingTypes: ["Execution:Runtime/ReverseShell"] }, seedWith({ type: ["Execution:Runtime/ReverseShell"] })],
    [
      "excludeFindingTypes adds anything-but on detail.type",
      { excludeFindingTypes: ["Impact:Runtime/CryptoMinerExecuted", "Execution:Runtime/SuspiciousTool"] },
      seedWith({ type: [{ "anything-but": ["Impact:Runtime/CryptoMinerExecuted", "Execution:Runtime/SuspiciousTool"] }] }),
    ],
    [
      "clusterArns adds the list on detail.resource.ecsClusterDetails.arn",
      { clusterArns: [PROD_CLUSTER] },
      seedWith({}, { ecsClusterDetails: { arn: [PROD_CLUSTER] } }),
    ],
    [
      "excludeClusterArns adds anything-but on detail.resource.ecsClusterDetails.arn",
      { excludeClusterArns: [STAGING_CLUSTER] },
      seedWith({}, { ecsClusterDetails: { arn: [{ "anything-but": [STAGING_CLUSTER] }] } }),
    ],
    ["accountIds adds the list on detail.accountId", { accountIds: [ACCOUNT, OTHER_ACCOUNT] }, seedWith({ accountId: [ACCOUNT, OTHER_ACCOUNT] })],
  ])("%s", (_, filters, expected) => {
    // WHEN built with one filter  THEN only that key is added to the seed pattern
    expect(buildEcsRuntimeFindingPattern(filters)).toEqual(expected);
  });

  test("clusterArns with excludeClusterArns becomes the included clusters minus the excluded ones", () => {
    // GIVEN prod and staging included, staging excluded
    const pattern = buildEcsRuntimeFindingPattern({ clusterArns: [PROD_CLUSTER, STAGING_CLUSTER], excludeClusterArns: [STAGING_CLUSTER] });
    // THEN only prod is listed, and no anything-but is emitted
    expect(pattern).toEqual(seedWith({}, { ecsClusterDetails: { arn: [PROD_CLUSTER] } }));
  });

  test("findingTypes with excludeFindingTypes becomes the included types (none of which is excluded)", () => {
    const pattern = buildEcsRuntimeFindingPattern({
      findingTypes: ["Execution:Runtime/ReverseShell"],
      excludeFindingTypes: ["Impact:Runtime/CryptoMinerExecuted"],
    });
    expect(pattern).toEqual(seedWith({ type: ["Execution:Runtime/ReverseShell"] }));
  });

  test("the pattern with every filter together has every key and passes validateEventPattern", () => {
    // WHEN built with all six settings
    const pattern = buildEcsRuntimeFindingPattern(EVERY_FILTER);
    // THEN
    expect(pattern).toEqual(
      seedWith(
        {
          severity: [{ numeric: [">=", 7] }],
          type: ["Execution:Runtime/ReverseShell", "Execution:Runtime/NewBinaryExecuted"],
          accountId: [ACCOUNT],
        },
        { ecsClusterDetails: { arn: [PROD_CLUSTER] } },
      ),
    );
    expect(() => validateEventPattern(pattern)).not.toThrow();
    expect(() => validateEventPattern(JSON.stringify(pattern))).not.toThrow();
  });

  test.each<[string, FindingFilters]>([
    ["severity 0", { minSeverity: 0 }],
    ["severity 10", { minSeverity: 10 }],
    ["severity with 6 decimals", { minSeverity: 7.123456 }],
    ["every exclusion", { excludeFindingTypes: ["Execution:Runtime/ReverseShell"], excludeClusterArns: [PROD_CLUSTER] }],
    ["a China-partition cluster", { clusterArns: ["arn:aws-cn:ecs:cn-north-1:123456789012:cluster/prod"] }],
  ])("the pattern for %s passes validateEventPattern", (_, filters) => {
    expect(() => validateEventPattern(JSON.stringify(buildEcsRuntimeFindingPattern(filters)))).not.toThrow();
  });

  test("the caller's lists are copied, not shared with the pattern", () => {
    // GIVEN a filter list
    const findingTypes = ["Execution:Runtime/ReverseShell"];
    const pattern = buildEcsRuntimeFindingPattern({ findingTypes }) as { detail: { type: string[] } };
    // WHEN the pattern is changed afterwards  THEN the filters are not
    pattern.detail.type.push("Execution:Runtime/SuspiciousTool");
    expect(findingTypes).toEqual(["Execution:Runtime/ReverseShell"]);
  });
});

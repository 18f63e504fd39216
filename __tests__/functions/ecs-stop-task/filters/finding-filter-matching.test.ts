/**
 * What each finding filter lets through, checked with our EventBridge matcher on real-shaped "GuardDuty Finding"
 * events: the repository's hand-written ECS Runtime Monitoring finding, and the three shared samples as they are
 * (where ../shared is present).
 */
import { matchesEventPattern } from "../../../../functions/eventbridge/pattern-matcher";
import { buildEcsRuntimeFindingPattern, FindingFilters } from "../../../../functions/ecs-stop-task/finding-filters";
import {
  ACCOUNT,
  ecsRuntimeFindingEvent,
  findingEvent,
  OTHER_ACCOUNT,
  PROD_CLUSTER,
  readSampleFinding,
  RuntimeFindingShape,
  SAMPLE_FILES,
  SAMPLE_FINDINGS,
  STAGING_CLUSTER,
} from "../../../support/finding-events";
import { describeWithShared } from "../../../support/shared-dir";

function matches(filters: FindingFilters | undefined, shape: RuntimeFindingShape): boolean {
  return matchesEventPattern(buildEcsRuntimeFindingPattern(filters), ecsRuntimeFindingEvent(shape));
}

describe("the hand-written ECS runtime finding", () => {
  test("matches the unfiltered (seed) pattern", () => {
    expect(matches(undefined, {})).toBe(true);
  });
});

describeWithShared("sample 02 (an ECS cluster finding of EBS malware scanning)", [SAMPLE_FINDINGS], () => {
  test("sample 02 itself does not match the unfiltered pattern", () => {
    expect(matchesEventPattern(buildEcsRuntimeFindingPattern(), findingEvent(readSampleFinding(SAMPLE_FILES[1])))).toBe(false);
  });
});

describe("minSeverity", () => {
  test.each<[number, number, boolean]>([
    [7, 7, true],
    [7, 6.9, false],
    [7, 8.0, true],
    [7, 10, true],
    [7, 2, false],
    [6.5, 6.5, true],
    [6.5, 6.4, false],
    [0, 0, true],
  ])("threshold %p, finding severity %p: matches %p", (minSeverity, severity, expected) => {
    // GIVEN a severity threshold  WHEN a runtime finding of that severity arrives  THEN the boundary is inclusive
    expect(matches({ minSeverity }, { severity })).toBe(expected);
  });

  test("a severity written as 8.0 in the event text matches threshold 7", () => {
    // GIVEN the event as GuardDuty could write it, with a decimal point
    const text = JSON.stringify(ecsRuntimeFindingEvent({ severity: 8 })).replace('"severity":8,', '"severity":8.0,');
    expect(text).toContain('"severity":8.0,');
    // THEN
    expect(matchesEventPattern(buildEcsRuntimeFindingPattern({ minSeverity: 7 }), text)).toBe(true);
  });
});

describe("findingTypes and excludeFindingTypes", () => {
  const included: FindingFilters = { findingTypes: ["Execution:Runtime/ReverseShell", "PrivilegeEscalation:Runtime/ContainerMountsHostDirectory"] };
  const excluded: FindingFilters = { excludeFindingTypes: ["Execution:Runtime/NewBinaryExecuted"] };

  test("an included type matches", () => {
    expect(matches(included, { type: "PrivilegeEscalation:Runtime/ContainerMountsHostDirectory" })).toBe(true);
  });

  test("a type outside the included list does not match", () => {
    expect(matches(included, { type: "Execution:Runtime/NewBinaryExecuted" })).toBe(false);
  });

  test("an excluded type does not match", () => {
    expect(matches(excluded, { type: "Execution:Runtime/NewBinaryExecuted" })).toBe(false);
  });

  test("a type that is not excluded matches", () => {
    expect(matches(excluded, { type: "Execution:Runtime/ReverseShell" })).toBe(true);
  });
});

describe("clusterArns and excludeClusterArns", () => {
  test("a finding on an included cluster matches", () => {
    expect(matches({ clusterArns: [PROD_CLUSTER] }, { clusterArn: PROD_CLUSTER })).toBe(true);
  });

  test("a finding on another cluster does not match the included list", () => {
    expect(matches({ clusterArns: [PROD_CLUSTER] }, { clusterArn: STAGING_CLUSTER })).toBe(false);
  });

  test("a finding on an excluded cluster does not match", () => {
    expect(matches({ excludeClusterArns: [PROD_CLUSTER] }, { clusterArn: PROD_CLUSTER })).toBe(false);
  });

  test("a finding on a cluster that is not excluded matches", () => {
    expect(matches({ excludeClusterArns: [PROD_CLUSTER] }, { clusterArn: STAGING_CLUSTER })).toBe(true);
  });

  test("a cluster both included and excluded does not match, the other included one does", () => {
    // GIVEN prod and staging included, staging excluded
    const filters: FindingFilters = { clusterArns: [PROD_CLUSTER, STAGING_CLUSTER], excludeClusterArns: [STAGING_CLUSTER] };
    // THEN
    expect(matches(filters, { clusterArn: STAGING_CLUSTER })).toBe(false);
    expect(matches(filters, { clusterArn: PROD_CLUSTER })).toBe(true);
  });
});

describe("accountIds", () => {
  test("a finding of a listed account matches", () => {
    expect(matches({ accountIds: [ACCOUNT] }, { accountId: ACCOUNT })).toBe(true);
  });

  test("a finding of another account does not match", () => {
    expect(matches({ accountIds: [ACCOUNT] }, { accountId: OTHER_ACCOUNT })).toBe(false);
  });
});

describe("every filter together", () => {
  const filters: FindingFilters = {
    minSeverity: 7,
    findingTypes: ["Execution:Runtime/ReverseShell"],
    clusterArns: [PROD_CLUSTER],
    accountIds: [ACCOUNT],
  };

  test("a finding that passes every filter matches", () => {
    expect(matches(filters, { severity: 7, type: "Execution:Runtime/ReverseShell", clusterArn: PROD_CLUSTER, accountId: ACCOUNT })).toBe(true);
  });

  test.each<[string, RuntimeFindingShape]>([
    ["severity", { severity: 6.9 }],
    ["type", { type: "Execution:Runtime/NewBinaryExecuted" }],
    ["cluster", { clusterArn: STAGING_CLUSTER }],
    ["account", { accountId: OTHER_ACCOUNT }],
  ])("a finding that fails only the %s filter does not match", (_, shape) => {
    expect(matches(filters, { severity: 8, type: "Execution:Runtime/ReverseShell", clusterArn: PROD_CLUSTER, accountId: ACCOUNT, ...shape })).toBe(false);
  });
});

describeWithShared("the shared samples", [SAMPLE_FINDINGS], () => {
  const FILTER_SETS: ReadonlyArray<readonly [string, FindingFilters]> = [
    ["minSeverity 0", { minSeverity: 0 }],
    ["the samples' own types", { findingTypes: ["PrivilegeEscalation:Runtime/DockerSocketAccessed"] }],
    ["an exclusion only", { excludeFindingTypes: ["Execution:Runtime/ReverseShell"] }],
    ["sample 02's cluster excluded from nothing", { excludeClusterArns: [PROD_CLUSTER] }],
    ["the samples' accounts", { accountIds: ["111111111111", "123412341234"] }],
    [
      "every filter",
      { minSeverity: 1, excludeFindingTypes: ["Execution:Runtime/ReverseShell"], excludeClusterArns: [PROD_CLUSTER], accountIds: ["111111111111"] },
    ],
  ];
  const cases = SAMPLE_FILES.flatMap((file) => FILTER_SETS.map(([name, filters]) => [file, name, filters] as const));

  test.each(cases)("%s never matches a pattern filtered by %s", (file, _, filters) => {
    expect(matchesEventPattern(buildEcsRuntimeFindingPattern(filters), findingEvent(readSampleFinding(file)))).toBe(false);
  });
});

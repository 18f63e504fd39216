/** The synthesized rules' patterns in words: the auto-stop rule through describeFindingFilters, others generically. */
import { buildEcsRuntimeFindingPattern, describeFindingFilters } from "../../../functions/ecs-stop-task/finding-filters";
import { describeEventPattern, recoverFindingFilters, rulesInWords } from "../../../tools/review/pattern-in-words";
import { OPPOSITE_CONFIG, PROD_CLUSTER, synthesize } from "./review-stacks";

describe("recoverFindingFilters", () => {
  test.each([
    ["no filter", {}],
    ["a severity floor", { minSeverity: 7 }],
    ["included types", { findingTypes: ["Execution:Runtime/ReverseShell"] }],
    [
      "excluded types and clusters, accounts",
      { excludeFindingTypes: ["Impact:Runtime/CryptoMinerExecuted"], excludeClusterArns: [PROD_CLUSTER], accountIds: ["123456789012"] },
    ],
  ])("reads %s back from the pattern built from it", (_name, filters) => {
    // GIVEN a pattern built from filters  WHEN read back  THEN the same description
    const recovered = recoverFindingFilters(buildEcsRuntimeFindingPattern(filters));
    expect(recovered).toBeDefined();
    expect(describeFindingFilters(recovered)).toEqual(describeFindingFilters(filters));
  });

  test("gives up on a pattern the filters cannot produce", () => {
    // GIVEN the seed's pattern with one more field
    const pattern = { ...buildEcsRuntimeFindingPattern(), region: ["ap-northeast-1"] };
    // WHEN read back  THEN no filters: it will be rendered generically
    expect(recoverFindingFilters(pattern)).toBeUndefined();
  });
});

describe("describeEventPattern", () => {
  test("renders each field, with EventBridge matchers in words", () => {
    expect(
      describeEventPattern({
        source: ["aws.guardduty"],
        detail: {
          severity: [{ numeric: [">=", 4, "<", 7] }],
          type: [{ prefix: "Execution:" }, "Impact:Runtime/CryptoMinerExecuted"],
          region: [{ "anything-but": ["us-east-1"] }],
        },
      }),
    ).toEqual([
      '`source` is "aws.guardduty"',
      "`detail.severity` is a number >= 4 and < 7",
      '`detail.type` is "Impact:Runtime/CryptoMinerExecuted", or starts with "Execution:"',
      '`detail.region` is none of "us-east-1"',
    ]);
  });
});

describe("rulesInWords", () => {
  test("describes the default auto-stop rule with describeFindingFilters, as the seed's unfiltered scope", () => {
    // GIVEN the built-in default  WHEN its rules are read
    const [rule] = rulesInWords(synthesize().json);
    // THEN
    expect(rule).toMatchObject({
      rule: "ecs-runtime-monitoring-stop-task-dev-rule",
      rendering: "finding-filters",
      targets: ["ecs-runtime-monitoring-stop-task-dev-state-machine (state machine ARN)"],
      lines: describeFindingFilters(undefined),
    });
  });

  test("describes the coverage rule generically", () => {
    // GIVEN coverage events routed to the topic  WHEN the rules are read
    const rules = rulesInWords(synthesize(OPPOSITE_CONFIG).json);
    // THEN the auto-stop rule reads its severity floor; the coverage rule its two fields
    expect(rules.find((r) => r.rule.endsWith("-rule"))?.lines).toEqual(["GuardDuty Runtime Monitoring findings on ECS clusters", "severity 7 or higher"]);
    expect(rules.find((r) => r.rule.endsWith("-coverage-unhealthy"))).toMatchObject({
      rendering: "generic",
      lines: ['`source` is "aws.guardduty"', '`detail-type` is "GuardDuty Runtime Protection Unhealthy"'],
    });
  });
});

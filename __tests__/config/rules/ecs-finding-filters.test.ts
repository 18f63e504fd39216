import { ecsFindingFilters } from "../../../config/rules/ecs-finding-filters";
import { configProblems } from "../../support/config-problems";
import { parsedConfig } from "./parsed-config";

const ACCOUNT = "123456789012";
const TOKYO = `arn:aws:ecs:ap-northeast-1:${ACCOUNT}:cluster/prod`;
const VIRGINIA = `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/prod`;
const TWO_REGIONS = { deployments: [{ account_id: ACCOUNT, regions: ["ap-northeast-1", "us-east-1"] }] };
const check = (filters: Record<string, unknown>, rest: Record<string, unknown> = {}) =>
  ecsFindingFilters(parsedConfig({ ...rest, ecs_auto_stop: { filters } }));

describe("rule: the ECS finding filters pass the rule builder's validation, as written and in every stack", () => {
  test.each([
    ["no filters", {}],
    ["a severity and types", { min_severity: 7, finding_types: ["Execution:Runtime/ReverseShell"] }],
    ["clusters with one excluded", { cluster_arns: [TOKYO, `${TOKYO}-2`], exclude_cluster_arns: [TOKYO] }],
  ])("GIVEN %s THEN it is compliant", (_, filters) => {
    expect(check(filters)).toEqual([]);
  });

  test("GIVEN a misspelt finding type THEN it is refused with the closest type, in the config's names", () => {
    expect(check({ finding_types: ["Execution:Runtime/ReverseShel"] })).toEqual([
      {
        setting: "ecs_auto_stop.filters.finding_types[0]",
        value: '"Execution:Runtime/ReverseShel"',
        allowed: expect.stringContaining('(is not a GuardDuty Runtime Monitoring finding type (did you mean "Execution:Runtime/ReverseShell"?))'),
      },
    ]);
  });

  test("GIVEN a type both included and excluded THEN the exclusion is refused", () => {
    const [problem] = check({ finding_types: ["Execution:Runtime/ReverseShell"], exclude_finding_types: ["Execution:Runtime/ReverseShell"] });
    expect(problem).toEqual({
      setting: "ecs_auto_stop.filters.exclude_finding_types[0]",
      value: '"Execution:Runtime/ReverseShell"',
      allowed: "a type in finding_types or in exclude_finding_types, not both (is also in finding_types)",
    });
  });

  test("GIVEN two regions whose filter clusters are not all excluded anywhere THEN it is compliant", () => {
    expect(check({ cluster_arns: [TOKYO, VIRGINIA], exclude_cluster_arns: [`${TOKYO}-2`] }, TWO_REGIONS)).toEqual([]);
  });

  test("GIVEN filter clusters in two regions, all of one region's excluded WHEN that region's stack keeps only its clusters THEN it is refused, naming the stack", () => {
    // As written, VIRGINIA is not excluded; the Tokyo stack keeps [TOKYO], which exclude_cluster_arns excludes entirely.
    expect(check({ cluster_arns: [TOKYO, VIRGINIA], exclude_cluster_arns: [TOKYO] }, TWO_REGIONS)).toEqual([
      {
        setting: "ecs_auto_stop.filters.exclude_cluster_arns",
        value: JSON.stringify([TOKYO]),
        allowed: `at least one cluster of cluster_arns that is not excluded (excludes every cluster of cluster_arns ${JSON.stringify([TOKYO])}, so the rule could never match) in the stack of account ${ACCOUNT} in ap-northeast-1, which keeps only the filter's clusters there`,
      },
    ]);
  });

  test("GIVEN that config WHEN the loader reads it THEN it refuses it (the Tokyo stack's EcsTaskAutoStop would throw)", () => {
    const document = { ...TWO_REGIONS, ecs_auto_stop: { filters: { cluster_arns: [TOKYO, VIRGINIA], exclude_cluster_arns: [TOKYO] } } };
    expect(configProblems(document).map((p) => p.setting)).toEqual(["ecs_auto_stop.filters.exclude_cluster_arns"]);
  });
});

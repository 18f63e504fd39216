/** describeFindingFilters: what the ECS auto-stop rule matches, in words, for plan reviews. */
import { describeFindingFilters } from "../../../../functions/ecs-stop-task/finding-filters";
import { ACCOUNT, OTHER_ACCOUNT, PROD_CLUSTER, STAGING_CLUSTER } from "../../../support/finding-events";

const SCOPE = "GuardDuty Runtime Monitoring findings on ECS clusters";

describe("describeFindingFilters", () => {
  test.each([undefined, {}])("without filters (%p) says every finding of the seed's scope matches", (filters) => {
    expect(describeFindingFilters(filters)).toEqual([SCOPE, "no filters: every severity, finding type, cluster and account"]);
  });

  test("minSeverity reads as a severity floor", () => {
    expect(describeFindingFilters({ minSeverity: 7 })).toEqual([SCOPE, "severity 7 or higher"]);
  });

  test("a fractional minSeverity is written as given", () => {
    expect(describeFindingFilters({ minSeverity: 8.5 })).toEqual([SCOPE, "severity 8.5 or higher"]);
  });

  test("included types are listed as the only ones", () => {
    expect(describeFindingFilters({ findingTypes: ["Execution:Runtime/ReverseShell", "Execution:Runtime/SuspiciousTool"] })).toEqual([
      SCOPE,
      "only finding types: Execution:Runtime/ReverseShell, Execution:Runtime/SuspiciousTool",
    ]);
  });

  test("excluded types are listed as exceptions", () => {
    expect(describeFindingFilters({ excludeFindingTypes: ["Impact:Runtime/CryptoMinerExecuted"] })).toEqual([
      SCOPE,
      "every finding type except: Impact:Runtime/CryptoMinerExecuted",
    ]);
  });

  test("included clusters minus excluded ones are listed as the only ones", () => {
    expect(describeFindingFilters({ clusterArns: [PROD_CLUSTER, STAGING_CLUSTER], excludeClusterArns: [STAGING_CLUSTER] })).toEqual([
      SCOPE,
      `only ECS cluster: ${PROD_CLUSTER}`,
    ]);
  });

  test("excluded clusters are listed as exceptions", () => {
    expect(describeFindingFilters({ excludeClusterArns: [STAGING_CLUSTER] })).toEqual([SCOPE, `every ECS cluster except: ${STAGING_CLUSTER}`]);
  });

  test("accounts are listed as the only ones", () => {
    expect(describeFindingFilters({ accountIds: [ACCOUNT, OTHER_ACCOUNT] })).toEqual([SCOPE, `only accounts: ${ACCOUNT}, ${OTHER_ACCOUNT}`]);
  });

  test("every filter gives one line each, in a fixed order", () => {
    expect(
      describeFindingFilters({
        accountIds: [ACCOUNT],
        clusterArns: [PROD_CLUSTER],
        findingTypes: ["Execution:Runtime/ReverseShell"],
        minSeverity: 7,
      }),
    ).toEqual([
      SCOPE,
      "severity 7 or higher",
      "only finding type: Execution:Runtime/ReverseShell",
      `only ECS cluster: ${PROD_CLUSTER}`,
      `only account: ${ACCOUNT}`,
    ]);
  });
});

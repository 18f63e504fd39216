/**
 * Bad finding filters are refused with a FindingFilterError that names the setting, the bad value and what is
 * allowed; good ones pass.
 */
import {
  buildEcsRuntimeFindingPattern,
  describeFindingFilters,
  FindingFilterError,
  FindingFilters,
  validateFindingFilters,
} from "../../../../functions/ecs-stop-task/finding-filters";
import { ACCOUNT, OTHER_ACCOUNT, PROD_CLUSTER, STAGING_CLUSTER } from "../../../support/finding-events";

/** The error `run` throws (fails the test when it throws nothing). */
function errorOf(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error, none was thrown");
}

/** Lets a test pass values TypeScript would refuse, as a JSON config could. */
const loose = (filters: unknown): FindingFilters => filters as FindingFilters;

const BAD_FILTERS: ReadonlyArray<readonly [string, FindingFilters, string, readonly string[]]> = [
  // [behaviour, filters, setting, message parts]
  ["severity above 10", { minSeverity: 11 }, "minSeverity", ["minSeverity: 11 is outside 0-10", "allowed: a number from 0 to 10"]],
  ["negative severity", { minSeverity: -1 }, "minSeverity", ["minSeverity: -1 is outside 0-10"]],
  ["severity given as text", loose({ minSeverity: "7" }), "minSeverity", ['minSeverity: "7" is not a number', "e.g. 7 or 8.9"]],
  ["severity NaN", { minSeverity: NaN }, "minSeverity", ["minSeverity: NaN is not a number"]],
  ["severity Infinity", { minSeverity: Infinity }, "minSeverity", ["minSeverity: Infinity is not a number"]],
  [
    "severity with 7 decimals",
    { minSeverity: 7.1234567 },
    "minSeverity",
    ["minSeverity: 7.1234567 has more decimals than EventBridge's numeric matching compares (6)"],
  ],
  [
    "a misspelt runtime type",
    { findingTypes: ["Execution:Runtime/ReverseShel"] },
    "findingTypes[0]",
    [
      'findingTypes[0]: "Execution:Runtime/ReverseShel" is not a GuardDuty Runtime Monitoring finding type (did you mean "Execution:Runtime/ReverseShell"?)',
      "allowed: one of the",
      "Runtime Monitoring finding types",
    ],
  ],
  [
    "a runtime type in the wrong case",
    { excludeFindingTypes: ["execution:runtime/newbinaryexecuted"] },
    "excludeFindingTypes[0]",
    [
      'excludeFindingTypes[0]: "execution:runtime/newbinaryexecuted" is not a GuardDuty Runtime Monitoring finding type (did you mean "Execution:Runtime/NewBinaryExecuted"?)',
    ],
  ],
  [
    "a type of another feature with a runtime namesake",
    { findingTypes: ["Execution:Runtime/ReverseShell", "UnauthorizedAccess:EC2/MetadataDNSRebind"] },
    "findingTypes[1]",
    [
      'findingTypes[1]: "UnauthorizedAccess:EC2/MetadataDNSRebind" is not a GuardDuty Runtime Monitoring finding type (did you mean "UnauthorizedAccess:Runtime/MetadataDNSRebind"?)',
    ],
  ],
  [
    "a type of another feature with no runtime namesake",
    { findingTypes: ["Execution:ECS/MaliciousFile"] },
    "findingTypes[0]",
    ['findingTypes[0]: "Execution:ECS/MaliciousFile" is not a GuardDuty Runtime Monitoring finding type; allowed:'],
  ],
  [
    "the same type included and excluded",
    { findingTypes: ["Execution:Runtime/ReverseShell"], excludeFindingTypes: ["Execution:Runtime/SuspiciousTool", "Execution:Runtime/ReverseShell"] },
    "excludeFindingTypes[1]",
    ['excludeFindingTypes[1]: "Execution:Runtime/ReverseShell" is also in findingTypes', "allowed: a type in findingTypes or in excludeFindingTypes, not both"],
  ],
  [
    "a repeated type",
    { findingTypes: ["Execution:Runtime/ReverseShell", "Execution:Runtime/ReverseShell"] },
    "findingTypes[1]",
    ['findingTypes[1]: "Execution:Runtime/ReverseShell" repeats findingTypes[0]', "allowed: a non-empty list without repeats"],
  ],
  ["an empty type list", { findingTypes: [] }, "findingTypes", ["findingTypes: [] is empty", "leave findingTypes out for no restriction"]],
  [
    "a type list that is a string",
    loose({ findingTypes: "Execution:Runtime/ReverseShell" }),
    "findingTypes",
    ['findingTypes: "Execution:Runtime/ReverseShell" is not a list'],
  ],
  ["a type that is not a string", loose({ findingTypes: [7] }), "findingTypes[0]", ["findingTypes[0]: 7 is not a string"]],
  [
    "a cluster name instead of an ARN",
    { clusterArns: ["prod"] },
    "clusterArns[0]",
    ['clusterArns[0]: "prod" is not an ECS cluster ARN', "allowed: an ECS cluster ARN arn:<partition>:ecs:<region>:<12-digit account>:cluster/<name>"],
  ],
  [
    "a service ARN instead of a cluster ARN",
    { excludeClusterArns: ["arn:aws:ecs:ap-northeast-1:123456789012:service/prod/web"] },
    "excludeClusterArns[0]",
    ['excludeClusterArns[0]: "arn:aws:ecs:ap-northeast-1:123456789012:service/prod/web" is not an ECS cluster ARN'],
  ],
  [
    "a cluster ARN with a short account",
    { clusterArns: ["arn:aws:ecs:ap-northeast-1:12345:cluster/prod"] },
    "clusterArns[0]",
    ['clusterArns[0]: "arn:aws:ecs:ap-northeast-1:12345:cluster/prod" is not an ECS cluster ARN'],
  ],
  [
    "a cluster ARN with a made-up region",
    { clusterArns: ["arn:aws:ecs:region:123456789012:cluster/prod"] },
    "clusterArns[0]",
    ['clusterArns[0]: "arn:aws:ecs:region:123456789012:cluster/prod" has no valid region ("region")'],
  ],
  [
    "a cluster ARN whose partition does not hold its region",
    { clusterArns: ["arn:aws:ecs:cn-north-1:123456789012:cluster/prod"] },
    "clusterArns[0]",
    ["puts region cn-north-1 in partition aws, but cn-north-1 is in aws-cn"],
  ],
  [
    "a repeated cluster",
    { excludeClusterArns: [PROD_CLUSTER, PROD_CLUSTER] },
    "excludeClusterArns[1]",
    [`excludeClusterArns[1]: "${PROD_CLUSTER}" repeats excludeClusterArns[0]`],
  ],
  ["an empty cluster list", { clusterArns: [] }, "clusterArns", ["clusterArns: [] is empty"]],
  [
    "every included cluster excluded",
    { clusterArns: [PROD_CLUSTER], excludeClusterArns: [PROD_CLUSTER, STAGING_CLUSTER] },
    "excludeClusterArns",
    [
      `excludeClusterArns: ["${PROD_CLUSTER}","${STAGING_CLUSTER}"] excludes every cluster of clusterArns ["${PROD_CLUSTER}"], so the rule could never match`,
      "allowed: at least one cluster of clusterArns that is not excluded",
    ],
  ],
  [
    "an 11-digit account id",
    { accountIds: ["12345678901"] },
    "accountIds[0]",
    ['accountIds[0]: "12345678901" is not an AWS account id', "allowed: a 12-digit AWS account id"],
  ],
  ["an account id given as a number", loose({ accountIds: [123456789012] }), "accountIds[0]", ["accountIds[0]: 123456789012 is not a string"]],
  ["a repeated account id", { accountIds: [ACCOUNT, ACCOUNT] }, "accountIds[1]", [`accountIds[1]: "${ACCOUNT}" repeats accountIds[0]`]],
  ["an empty account list", { accountIds: [] }, "accountIds", ["accountIds: [] is empty"]],
  [
    "an included cluster of an account that accountIds leaves out",
    { clusterArns: [PROD_CLUSTER], accountIds: [OTHER_ACCOUNT] },
    "clusterArns[0]",
    [`clusterArns[0]: "${PROD_CLUSTER}" is a cluster of account ${ACCOUNT}, which accountIds ["${OTHER_ACCOUNT}"] leaves out`],
  ],
  [
    "a misspelt setting",
    loose({ minSeverty: 7 }),
    "minSeverty",
    [
      'minSeverty: unknown setting (did you mean "minSeverity"?)',
      "allowed: minSeverity, findingTypes, excludeFindingTypes, clusterArns, excludeClusterArns, accountIds",
    ],
  ],
  ["filters that are not an object", loose(null), "filters", ["filters: null is not an object"]],
];

describe("validateFindingFilters", () => {
  test.each(BAD_FILTERS)("refuses %s", (_, filters, setting, parts) => {
    // WHEN validated
    const error = errorOf(() => validateFindingFilters(filters));
    // THEN a FindingFilterError naming the setting, the value and what is allowed
    expect(error).toBeInstanceOf(FindingFilterError);
    expect(error.name).toBe("FindingFilterError");
    expect((error as FindingFilterError).setting).toBe(setting);
    expect(error.message.startsWith(`${setting}: `)).toBe(true);
    for (const part of parts) expect(error.message).toContain(part);
  });

  test.each(BAD_FILTERS)("buildEcsRuntimeFindingPattern and describeFindingFilters refuse %s the same way", (_, filters) => {
    const expected = errorOf(() => validateFindingFilters(filters));
    expect(errorOf(() => buildEcsRuntimeFindingPattern(filters))).toEqual(expected);
    expect(errorOf(() => describeFindingFilters(filters))).toEqual(expected);
  });

  test.each<[string, FindingFilters]>([
    ["no setting", {}],
    ["the boundaries of severity", { minSeverity: 0 }],
    ["severity 10", { minSeverity: 10 }],
    ["an excluded cluster outside the included ones", { clusterArns: [PROD_CLUSTER], excludeClusterArns: [STAGING_CLUSTER] }],
    ["an excluded cluster of an account outside accountIds", { excludeClusterArns: ["arn:aws:ecs:us-east-1:999999999999:cluster/x"], accountIds: [ACCOUNT] }],
    ["a GovCloud cluster", { clusterArns: ["arn:aws-us-gov:ecs:us-gov-west-1:123456789012:cluster/prod_1"] }],
    ["the newest runtime types", { findingTypes: ["Persistence:Runtime/SensitiveFileModified", "Execution:Runtime/MaliciousFileExecuted.Custom"] }],
  ])("accepts %s", (_, filters) => {
    expect(() => validateFindingFilters(filters)).not.toThrow();
  });
});

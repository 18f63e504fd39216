/**
 * RUNTIME_FINDING_TYPES against the finding types the EKS seed document lists (read from the seed's bullet list,
 * not copied here).
 */
import { readFileSync } from "node:fs";
import { isRuntimeFindingType, RUNTIME_FINDING_TYPES } from "../../../functions/guardduty/runtime-finding-types";
import { describeWithShared, SHARED, sharedPath } from "../../support/shared-dir";

/** The bullet list under "利用できる Findings" in the EKS seed: lines "  • Tactic:Runtime/Name". */
function seedFindingTypes(): string[] {
  const text = readFileSync(sharedPath(SHARED.eksSeed), "utf8");
  const section = text.slice(text.indexOf("利用できる Findings"), text.indexOf("EKS Runtime Monitoring finding types"));
  return section
    .split("\n")
    .map((line) => /^\s*•\s*(\S+)\s*$/.exec(line)?.[1])
    .filter((type): type is string => type !== undefined);
}

describeWithShared("RUNTIME_FINDING_TYPES against the EKS seed document", [SHARED.eksSeed], () => {
  test("contains every finding type the EKS seed lists", () => {
    // GIVEN the bullet list of the EKS seed
    const seedTypes = seedFindingTypes();
    expect(seedTypes.length).toBeGreaterThanOrEqual(20); // the list was found, not an empty section
    // THEN each is a runtime finding type
    expect(seedTypes.filter((type) => !isRuntimeFindingType(type))).toEqual([]);
  });
});

describe("RUNTIME_FINDING_TYPES", () => {
  test("has no duplicates and only Tactic:Runtime/Name entries", () => {
    expect(new Set(RUNTIME_FINDING_TYPES).size).toBe(RUNTIME_FINDING_TYPES.length);
    for (const type of RUNTIME_FINDING_TYPES) expect(type).toMatch(/^[A-Za-z]+:Runtime\/[A-Za-z0-9.&!]+$/);
  });

  test("isRuntimeFindingType accepts every listed type", () => {
    expect(RUNTIME_FINDING_TYPES.filter((type) => !isRuntimeFindingType(type))).toEqual([]);
  });

  test.each([
    ["a Malware Protection ECS type (sample 02)", "Execution:ECS/MaliciousFile"],
    ["an EKS audit log type (sample 03)", "Persistence:Kubernetes/SuccessfulAnonymousAccess"],
    ["a runtime type in the wrong case", "execution:runtime/reverseshell"],
    ["a runtime type with a trailing space", "Execution:Runtime/ReverseShell "],
    ["an empty string", ""],
    ["a non-string", 42],
  ])("isRuntimeFindingType rejects %s", (_, value) => {
    expect(isRuntimeFindingType(value)).toBe(false);
  });
});

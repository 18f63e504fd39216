/** The naming rule: account-global names carry the region, every name fits its AWS limit. */
import { REGION_PATTERN } from "../../../functions/aws/partition";
import { NAME_LIMITS, namesOverLimit, pipelineNamesToCheck, regionCode, stackResourceNames } from "../../../functions/naming/resource-names";

/** Every region name the config's region pattern accepts. */
function acceptedRegionNames(): string[] {
  const [, prefixes, directions] = /^\^\(([^)]*)\)-\(([^)]*)\)-\\d\$$/.exec(REGION_PATTERN.source) ?? [];
  if (prefixes === undefined) throw new Error(`unexpected REGION_PATTERN ${REGION_PATTERN.source}`);
  return prefixes.split("|").flatMap((p) => directions.split("|").flatMap((d) => Array.from({ length: 10 }, (_, n) => `${p}-${d}-${n}`)));
}

test("GIVEN well-known regions WHEN coded THEN they get the short codes operators know", () => {
  expect(["ap-northeast-1", "us-east-1", "eu-central-1", "us-gov-west-1", "ap-southeast-2", "il-central-1"].map(regionCode)).toEqual([
    "apne1",
    "use1",
    "euc1",
    "usgw1",
    "apse2",
    "ilc1",
  ]);
});

test("GIVEN every region name the config accepts WHEN coded THEN no two share a code", () => {
  const regions = acceptedRegionNames();
  expect(regions.length).toBeGreaterThan(500);
  const byCode = new Map<string, string>();
  for (const region of regions) {
    const code = regionCode(region);
    expect([region, byCode.get(code)]).toEqual([region, undefined]);
    byCode.set(code, region);
  }
});

test("GIVEN a string that is not a region WHEN coded THEN it is refused, naming it", () => {
  expect(() => regionCode("${var.region}")).toThrow('regionCode: "${var.region}" is not a region name like ap-northeast-1');
});

test("GIVEN one project in two regions WHEN named THEN the IAM role names differ and the regional names stay the seed's", () => {
  const tokyo = stackResourceNames({ name: "acme", environment: "prod", region: "ap-northeast-1" });
  const virginia = stackResourceNames({ name: "acme", environment: "prod", region: "us-east-1" });
  expect([tokyo.pipelines.ecs.stateMachineRole, tokyo.pipelines.ecs.eventsRole]).toEqual(["acme-prod-apne1-sfn-role", "acme-prod-apne1-events-role"]);
  expect([virginia.pipelines.ecs.stateMachineRole, virginia.pipelines.ecs.eventsRole]).toEqual(["acme-prod-use1-sfn-role", "acme-prod-use1-events-role"]);
  expect([tokyo.pipelines.ecs.stateMachine, tokyo.pipelines.ecs.rule, tokyo.topic, tokyo.pipelines.ecs.deadLetterQueue]).toEqual([
    "acme-prod-state-machine",
    "acme-prod-rule",
    "acme-prod-topic",
    "acme-prod-dead-letters",
  ]);
  expect(tokyo.pipelines.ec2.eventsRole).toBe("acme-prod-ec2-apne1-events-role");
});

test("GIVEN the longest name prefix the config allows WHEN named for EC2 in GovCloud THEN the IAM role name is what goes over 64", () => {
  const names = stackResourceNames({ name: "a".repeat(38), environment: "b".repeat(10), region: "us-gov-west-1" });
  const [worst] = namesOverLimit(pipelineNamesToCheck(names.pipelines.ec2));
  expect([worst.kind, worst.name, worst.name.length, worst.limit.maxLength]).toEqual([
    "iamRole",
    `${"a".repeat(38)}-${"b".repeat(10)}-ec2-usgw1-events-role`,
    71,
    64,
  ]);
});

test("GIVEN the limits WHEN read THEN only IAM role names are account-global", () => {
  expect(
    Object.entries(NAME_LIMITS)
      .filter(([, l]) => l.scope === "account")
      .map(([kind]) => kind),
  ).toEqual(["iamRole"]);
});

/** One config, many accounts and regions: the stacks, their providers, the organization settings, no leaks. */
import { App } from "cdktf";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig } from "../../config/load-config";
import { planStacks } from "../../config/stack-plans";
import { stackPropsOf } from "../../config/stack-props";
import { RuntimeMonitoringStack } from "../../modules/runtime-monitoring-stack";
import { configProblems } from "../support/config-problems";

const ADMIN = "111111111111";
const MEMBER_A = "222222222222";
const MEMBER_B = "333333333333";
const REGIONS = ["ap-northeast-1", "us-east-1", "eu-west-1"];
const role = (account: string) => `arn:aws:iam::${account}:role/guardduty-response-deployer`;
const PROD_A_TOKYO = `arn:aws:ecs:ap-northeast-1:${MEMBER_A}:cluster/prod`;

const config = parseConfig(
  {
    name: "acme",
    environment: "prod",
    deployments: [ADMIN, MEMBER_A, MEMBER_B].map((account_id) => ({ account_id, regions: REGIONS, assume_role_arn: role(account_id) })),
    organization: { delegated_admin_account_id: ADMIN, auto_enable_members: "ALL", runtime_monitoring: "ALL", ec2_agent_management: "NEW" },
    ecs_auto_stop: { workflow: "guarded" },
  },
  "org.json",
);

/** Every stack as written to cdk.tf.json (metadata included), by stack name. */
function synthAll(document: typeof config): Map<string, any> {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), "org-")) });
  const stacks = planStacks(document).map((plan) => new RuntimeMonitoringStack(app, plan.stackName, stackPropsOf(plan)));
  return new Map(stacks.map((s) => [s.node.id, JSON.parse(JSON.stringify(s.toTerraform()))]));
}

const stacks = synthAll(config);

test("a 3-account x 3-region config gives nine stacks, one per account and region", () => {
  expect([...stacks.keys()].sort()).toEqual([ADMIN, MEMBER_A, MEMBER_B].flatMap((a) => REGIONS.map((r) => `acme-prod-${a}-${r}`)).sort());
});

test("each stack's provider targets its own region, account and role", () => {
  for (const [name, tf] of stacks) {
    const [, , account, ...region] = name.split("-");
    expect([name, tf.provider.aws]).toEqual([name, [{ region: region.join("-"), allowed_account_ids: [account], assume_role: [{ role_arn: role(account) }] }]]);
  }
});

test("only the delegated administrator's stacks carry the organization settings, in every region", () => {
  for (const [name, tf] of stacks) {
    const org = tf.resource.aws_guardduty_organization_configuration_feature;
    if (name.includes(ADMIN)) {
      const [feature] = Object.values(org) as any[];
      expect(feature).toMatchObject({
        name: "RUNTIME_MONITORING",
        auto_enable: "ALL",
        // The order DescribeOrganizationConfiguration returns (provider issue 44822): another order replaces the resource on every plan.
        additional_configuration: [
          { name: "ECS_FARGATE_AGENT_MANAGEMENT", auto_enable: "ALL" },
          { name: "EC2_AGENT_MANAGEMENT", auto_enable: "NEW" },
          { name: "EKS_ADDON_MANAGEMENT", auto_enable: "ALL" },
        ],
      });
      expect(Object.values(tf.resource.aws_guardduty_organization_configuration)).toEqual([
        expect.objectContaining({ auto_enable_organization_members: "ALL" }),
      ]);
    } else {
      expect([name, org]).toEqual([name, undefined]);
    }
  }
});

test("no stack references anything outside itself", () => {
  for (const [name, tf] of stacks) {
    const declared = new Set<string>();
    for (const [type, byName] of Object.entries(tf.resource ?? {})) for (const id of Object.keys(byName as object)) declared.add(`${type}.${id}`);
    for (const [type, byName] of Object.entries(tf.data ?? {})) for (const id of Object.keys(byName as object)) declared.add(`data.${type}.${id}`);
    const text = JSON.stringify({ resource: tf.resource, data: tf.data, output: tf.output });
    const references = [...text.matchAll(/\b((?:data\.)?aws_[a-z0-9_]+\.[A-Za-z0-9_-]+)\.[a-z_]+/g)].map((m) => m[1]);
    expect(references.length).toBeGreaterThan(0);
    for (const ref of references) expect([name, ref, declared.has(ref)]).toEqual([name, ref, true]);
    expect(text).not.toContain("terraform_remote_state");
  }
});

test("cluster scopes follow their account and region; a stack whose clusters are elsewhere gets no pipeline", () => {
  const scoped = synthAll(parseConfig({ ...config, ecs_auto_stop: { cluster_arns: [PROD_A_TOKYO] } } as never, "scoped.json"));
  const withPipeline = [...scoped].filter(([, tf]) => tf.resource.aws_sfn_state_machine !== undefined).map(([name]) => name);
  expect(withPipeline).toEqual([`acme-prod-${MEMBER_A}-ap-northeast-1`]);
});

test("the management account's stacks designate the delegated administrator, in each region, and only there", () => {
  const MANAGEMENT = "444444444444";
  const withManagement = synthAll(
    parseConfig(
      {
        deployments: [
          { account_id: MANAGEMENT, regions: ["us-east-1", "eu-west-1"] },
          { account_id: ADMIN, regions: ["us-east-1"] },
        ],
        organization: { delegated_admin_account_id: ADMIN, management_account_id: MANAGEMENT },
      },
      "t",
    ),
  );
  for (const [name, tf] of withManagement) {
    const designation = tf.resource.aws_guardduty_organization_admin_account;
    expect([name, designation === undefined ? undefined : Object.values(designation)]).toEqual([
      name,
      name.includes(MANAGEMENT) ? [expect.objectContaining({ admin_account_id: ADMIN })] : undefined,
    ]);
  }
});

describe("the documented rollout order: management account, then the delegated administrator, then members", () => {
  const MANAGEMENT = "444444444444";
  const rollout = synthAll(
    parseConfig(
      {
        name: "acme",
        environment: "prod",
        deployments: [MANAGEMENT, ADMIN, MEMBER_A].map((account_id) => ({
          account_id,
          regions: ["us-east-1", "eu-west-1"],
          assume_role_arn: role(account_id),
        })),
        organization: { delegated_admin_account_id: ADMIN, management_account_id: MANAGEMENT, auto_enable_members: "ALL" },
      },
      "rollout.json",
    ),
  );
  const ofAccount = (account: string) => [...rollout].filter(([name]) => name.includes(account));
  const lookup = (tf: any) => tf.data?.aws_guardduty_detector;
  const text = (tf: any) => JSON.stringify(tf);

  test("GIVEN step 1 WHEN the management account's stacks are planned THEN they designate the administrator and create their own detector, depending on nothing of the administrator's", () => {
    for (const [name, tf] of ofAccount(MANAGEMENT)) {
      expect([name, Object.values(tf.resource.aws_guardduty_organization_admin_account)]).toEqual([
        name,
        [expect.objectContaining({ admin_account_id: ADMIN })],
      ]);
      expect([name, Object.keys(tf.resource.aws_guardduty_detector ?? {}).length, lookup(tf)]).toEqual([name, 1, undefined]);
      expect([name, tf.resource.aws_guardduty_organization_configuration]).toEqual([name, undefined]);
      expect(text(tf)).not.toMatch(/terraform_remote_state|depends_on[^\]]*admin/);
    }
  });

  test("GIVEN step 2 WHEN the administrator's stacks are planned THEN they look up the detector designation enabled, create none, and configure the organization on it", () => {
    for (const [name, tf] of ofAccount(ADMIN)) {
      expect([name, tf.resource.aws_guardduty_detector]).toEqual([name, undefined]);
      const [data] = Object.keys(lookup(tf));
      expect(lookup(tf)[data].lifecycle.postcondition).toEqual([expect.objectContaining({ condition: '${self.status == "ENABLED"}' })]);
      const detectorId = `\${data.aws_guardduty_detector.${data}.id}`;
      expect(Object.values(tf.resource.aws_guardduty_organization_configuration)).toEqual([expect.objectContaining({ detector_id: detectorId })]);
      expect(Object.values(tf.resource.aws_guardduty_organization_configuration_feature)).toEqual([expect.objectContaining({ detector_id: detectorId })]);
      expect(Object.values(tf.resource.aws_guardduty_detector_feature)).toEqual([expect.objectContaining({ detector_id: detectorId })]);
      expect([name, tf.resource.aws_guardduty_organization_admin_account]).toEqual([name, undefined]);
    }
  });

  test("GIVEN step 3 with auto_enable_members ALL WHEN the members' stacks are planned THEN they adopt the detector GuardDuty enabled for them", () => {
    for (const [name, tf] of ofAccount(MEMBER_A)) {
      expect([name, tf.resource.aws_guardduty_detector, Object.keys(lookup(tf) ?? {}).length]).toEqual([name, undefined, 1]);
      expect([name, tf.resource.aws_guardduty_organization_configuration]).toEqual([name, undefined]);
    }
  });

  test("GIVEN auto_enable_members NEW WHEN a member's stacks are planned THEN they create the member's detector (GuardDuty enables only accounts that join later)", () => {
    const created = synthAll(
      parseConfig(
        { deployments: [{ account_id: ADMIN }, { account_id: MEMBER_A }], organization: { delegated_admin_account_id: ADMIN, auto_enable_members: "NEW" } },
        "new.json",
      ),
    );
    const [member] = [...created].filter(([name]) => name.includes(MEMBER_A)).map(([, tf]) => tf);
    const [admin] = [...created].filter(([name]) => name.includes(ADMIN)).map(([, tf]) => tf);
    expect([Object.keys(member.resource.aws_guardduty_detector).length, lookup(member)]).toEqual([1, undefined]);
    expect([admin.resource.aws_guardduty_detector, Object.keys(lookup(admin)).length]).toEqual([undefined, 1]);
  });

  test("GIVEN a detector id listed for a member WHEN planned THEN that id is adopted, without a lookup", () => {
    const DETECTOR = "0123456789abcdef0123456789abcdef";
    const listed = synthAll(
      parseConfig(
        {
          deployments: [{ account_id: ADMIN }, { account_id: MEMBER_A, existing_detector_ids: { "ap-northeast-1": DETECTOR } }],
          organization: { delegated_admin_account_id: ADMIN },
        },
        "listed.json",
      ),
    );
    const [member] = [...listed].filter(([name]) => name.includes(MEMBER_A)).map(([, tf]) => tf);
    expect([lookup(member), Object.values(member.resource.aws_guardduty_detector_feature)]).toEqual([
      undefined,
      [expect.objectContaining({ detector_id: DETECTOR })],
    ]);
  });
});

test("a member's existing detector is adopted in its region, created elsewhere", () => {
  const DETECTOR = "0123456789abcdef0123456789abcdef";
  const adopted = synthAll(
    parseConfig({ deployments: [{ account_id: MEMBER_A, regions: ["ap-northeast-1", "us-east-1"], existing_detector_ids: { "us-east-1": DETECTOR } }] }, "t"),
  );
  expect(adopted.get(`ecs-runtime-monitoring-stop-task-dev-${MEMBER_A}-us-east-1`).resource.aws_guardduty_detector).toBeUndefined();
  expect(Object.values(adopted.get(`ecs-runtime-monitoring-stop-task-dev-${MEMBER_A}-us-east-1`).resource.aws_guardduty_detector_feature)).toEqual([
    expect.objectContaining({ detector_id: DETECTOR }),
  ]);
  expect(adopted.get(`ecs-runtime-monitoring-stop-task-dev-${MEMBER_A}-ap-northeast-1`).resource.aws_guardduty_detector).toBeDefined();
});

test.each([
  [
    { deployments: [{ account_id: ADMIN, regions: ["us-east-1"], existing_detector_ids: { "eu-west-1": "0123456789abcdef0123456789abcdef" } }] },
    "deployments[0].existing_detector_ids.eu-west-1",
    "one of this deployment's regions",
  ],
  [{ account_id: ADMIN }, "account_id", "use deployments[].account_id"],
  [{ organization: { delegated_admin_account_id: "999999999999" } }, "organization.delegated_admin_account_id", "an account this config deploys to"],
  [{ deployments: [{ account_id: ADMIN }, { account_id: ADMIN }] }, "deployments[1].account_id", "an account not listed twice"],
  [{ deployments: [{ account_id: ADMIN, regions: ["cn-north-1"] }] }, "deployments[0].regions[0]", "China partition"],
  [{ deployments: [{ account_id: ADMIN, assume_role_arn: role(MEMBER_A) }] }, "deployments[0].assume_role_arn", `a role in account ${ADMIN}`],
  [{ notifications: { existing_topic_arn: `arn:aws:sns:ap-northeast-1:${ADMIN}:alerts` } }, "notifications.existing_topic_arn", "no value with deployments"],
])("%j is refused, naming %s", (change, setting, allowed) => {
  const document = { deployments: [{ account_id: ADMIN }], ...change };
  const problems = configProblems(document);
  expect(problems).toContainEqual(expect.objectContaining({ setting, allowed: expect.stringContaining(allowed) }));
});

/** The IAM table of the review: every grant of the synthesized stack, references resolved, `*` flagged. */
import { isWildcardOnlyAction } from "@cloud-copilot/iam-simulate";
import { IamGrant, iamGrants, NO_RESOURCE_TYPE_READS } from "../../../tools/review/iam-table";
import type { SynthesizedTerraform } from "../../../tools/review/synthesized-terraform";
import { OPPOSITE_CONFIG, Synthesized, synthesize } from "./review-stacks";

const P = "ecs-runtime-monitoring-stop-task-dev";
const SFN_ROLE = `role ${P}-apne1-sfn-role`;
const EVENTS_ROLE = `role ${P}-apne1-events-role`;
const TOPIC = `${P}-topic (topic ARN)`;
const KEY = `alias/${P}-response (key ARN)`;
const RULE_ARN = `arn:<partition>:events:<region>:<account>:rule/${P}-rule`;
const SOURCE_ACCOUNT = "StringEquals aws:SourceAccount = <account>";
const LOG_DELIVERY = [
  "CreateLogDelivery",
  "GetLogDelivery",
  "UpdateLogDelivery",
  "DeleteLogDelivery",
  "ListLogDeliveries",
  "PutResourcePolicy",
  "DescribeResourcePolicies",
  "DescribeLogGroups",
];
const LOGS_CONTEXT = `ArnLike kms:EncryptionContext:aws:logs:arn = arn:<partition>:logs:<region>:<account>:log-group:/aws/vendedlogs/states/${P}-state-machine`;

const row = (g: IamGrant) => [g.kind, g.principal, g.effect, g.action, g.resource, g.condition];

let defaults: Synthesized;
let opposite: Synthesized;
beforeAll(() => {
  defaults = synthesize();
  opposite = synthesize(OPPOSITE_CONFIG);
});

describe("iamGrants", () => {
  test("for the default config lists exactly the StartExecution, StopTask, Publish, log delivery, KMS, SQS and SNS grants, with resolved names", () => {
    // GIVEN the built-in default config  WHEN its synthesized stack is read
    const rows = iamGrants(defaults.json).map(row);
    // THEN every grant is listed, once, with readable names and placeholders
    const kmsUse = ["kms:GenerateDataKey*", "kms:Decrypt"];
    expect(rows).toEqual([
      ["identity", SFN_ROLE, "Allow", "ecs:StopTask", "arn:<partition>:ecs:<region>:<account>:task/*", ""],
      ["identity", SFN_ROLE, "Allow", "sns:Publish", TOPIC, ""],
      ...LOG_DELIVERY.map((a) => ["identity", SFN_ROLE, "Allow", `logs:${a}`, "*", ""]),
      ...kmsUse.map((a) => ["identity", SFN_ROLE, "Allow", a, KEY, "StringEquals kms:ViaService = sns.<region>.amazonaws.com"]),
      ["identity", EVENTS_ROLE, "Allow", "states:StartExecution", `${P}-state-machine (state machine ARN)`, ""],
      [
        "trust",
        "service states.amazonaws.com",
        "Allow",
        "sts:AssumeRole",
        `${P}-apne1-sfn-role (this role)`,
        `${SOURCE_ACCOUNT}; ArnLike aws:SourceArn = arn:<partition>:states:<region>:<account>:stateMachine:${P}-state-machine`,
      ],
      [
        "trust",
        "service events.amazonaws.com",
        "Allow",
        "sts:AssumeRole",
        `${P}-apne1-events-role (this role)`,
        `${SOURCE_ACCOUNT}; ArnLike aws:SourceArn = ${RULE_ARN}`,
      ],
      ["key", "account <account> (root)", "Allow", "kms:*", "*", ""],
      ...kmsUse.map((a) => ["key", SFN_ROLE, "Allow", a, "*", "StringEquals kms:ViaService = [sns.<region>.amazonaws.com, sqs.<region>.amazonaws.com]"]),
      // The dead-letter queue grant as the SQS developer guide documents it: no condition.
      ...["kms:Decrypt", "kms:GenerateDataKey"].map((a) => ["key", "service events.amazonaws.com", "Allow", a, "*", ""]),
      ...kmsUse.map((a) => [
        "key",
        "service cloudwatch.amazonaws.com",
        "Allow",
        a,
        "*",
        `${SOURCE_ACCOUNT}; ArnLike aws:SourceArn = arn:<partition>:cloudwatch:<region>:<account>:alarm:*`,
      ]),
      ...["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"].map((a) => [
        "key",
        "service logs.<region>.amazonaws.com",
        "Allow",
        a,
        "*",
        LOGS_CONTEXT,
      ]),
      ["queue", "service events.amazonaws.com", "Allow", "sqs:SendMessage", `${P}-dead-letters (queue ARN)`, `ArnEquals aws:SourceArn = ${RULE_ARN}`],
      [
        "topic",
        "service cloudwatch.amazonaws.com",
        "Allow",
        "sns:Publish",
        TOPIC,
        `${SOURCE_ACCOUNT}; ArnLike aws:SourceArn = arn:<partition>:cloudwatch:<region>:<account>:alarm:*`,
      ],
    ]);
  });

  test.each([
    ["the default config", () => defaults],
    ["a guarded, traced config with an agent endpoint", () => opposite],
  ])("with %s flags every * resource with its reason", (_name, stack) => {
    // GIVEN a synthesized stack  WHEN its grants are read
    const star = iamGrants(stack().json).filter((g) => g.resource === "*");
    // THEN each grant on * carries a flag that says why, and none is unexplained
    expect(star.length).toBeGreaterThan(0);
    for (const g of star) {
      const flag = g.flags.find((f) => f.startsWith("resource `*`: "));
      expect({ action: g.action, kind: g.kind, flag }).toEqual({ action: g.action, kind: g.kind, flag: expect.stringMatching(/^resource `\*`: .+/) });
      expect(g.flags.filter((f) => f.startsWith("⚠"))).toEqual([]);
    }
  });

  test("an EC2 isolation stack: every * resource has a reason; the ECS and EC2 reads on * are the actions without a resource type", async () => {
    // GIVEN a stack with EC2 isolation (it asks ECS whether an instance is a container instance)
    const ec2 = synthesize({
      name: "acme-runtime",
      environment: "prod",
      region: "us-east-1",
      ecs_auto_stop: { enabled: false },
      ec2_isolation: { enabled: true },
    });
    const star = iamGrants(ec2.json).filter((g) => g.kind === "identity" && g.resource === "*" && !g.action.startsWith("logs:"));
    // THEN they are exactly the reads without a resource type, each explained, none flagged ⚠
    expect(star.map((g) => g.action).sort()).toEqual([...NO_RESOURCE_TYPE_READS].sort());
    for (const g of star) expect([g.action, g.flags]).toEqual([g.action, ["resource `*`: the action has no resource type: IAM takes only `*`"]]);
    for (const action of NO_RESOURCE_TYPE_READS) {
      const [service, name] = action.split(":");
      expect([action, await isWildcardOnlyAction(service, name)]).toEqual([action, true]);
    }
    expect(
      iamGrants(ec2.json)
        .filter((g) => g.action === "ecs:ListContainerInstances")
        .map((g) => g.resource),
    ).toEqual(["arn:<partition>:ecs:<region>:<account>:cluster/*"]);
  });

  test("log delivery and X-Ray grants on * give the reason that those actions take no resource ARN", () => {
    // GIVEN a traced state machine  WHEN its role's grants are read
    const identity = iamGrants(opposite.json).filter((g) => g.kind === "identity" && g.resource === "*");
    // THEN logs:* and xray:* grants say why they are on *
    const reasons = new Map(identity.map((g) => [g.action, g.flags.join("; ")]));
    expect(reasons.get("logs:CreateLogDelivery")).toBe("resource `*`: CloudWatch Logs delivery actions take no resource ARN");
    expect(reasons.get("xray:PutTraceSegments")).toBe("resource `*`: X-Ray actions take no resource ARN");
    expect([...reasons.keys()].every((a) => a.startsWith("logs:") || a.startsWith("xray:"))).toBe(true);
  });

  test("every action wildcard is flagged", () => {
    // GIVEN the default stack  WHEN its grants are read
    const wild = iamGrants(defaults.json).filter((g) => g.action.includes("*"));
    // THEN each one names the wildcard in a flag
    expect(wild.map((g) => g.action).sort()).toEqual(
      [
        "kms:*",
        "kms:GenerateDataKey*",
        "kms:GenerateDataKey*",
        "kms:GenerateDataKey*",
        "kms:GenerateDataKey*",
        "kms:Encrypt*",
        "kms:Decrypt*",
        "kms:ReEncrypt*",
        "kms:Describe*",
      ].sort(),
    );
    for (const g of wild) expect(g.flags.some((f) => f.startsWith(`action wildcard \`${g.action}\`: `))).toBe(true);
  });

  test("the endpoint policy's * action and * resource are flagged with the endpoint's reason", () => {
    // GIVEN an agent endpoint  WHEN its policy is read
    const endpoint = iamGrants(opposite.json).filter((g) => g.kind === "endpoint");
    // THEN Allow * then Deny * outside the account, each flagged as the endpoint policy
    expect(endpoint.map((g) => [g.principal, g.effect, g.action, g.resource, g.condition])).toEqual([
      ["* (anyone)", "Allow", "*", "*", ""],
      ["* (anyone)", "Deny", "*", "*", "StringNotEquals aws:PrincipalAccount = <account>"],
    ]);
    for (const g of endpoint) expect(g.flags.every((f) => f.includes("endpoint policy"))).toBe(true);
  });

  test("a * resource without a known reason is flagged for review", () => {
    // GIVEN a role policy granting s3:GetObject on *
    const json: SynthesizedTerraform = {
      resource: {
        aws_iam_role: {
          r: {
            name: "reader",
            assume_role_policy: JSON.stringify({
              Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }],
            }),
          },
        },
        aws_iam_role_policy: {
          p: {
            name: "read",
            role: "${aws_iam_role.r.id}",
            policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] }),
          },
        },
      },
    };
    // WHEN read  THEN the grant is flagged with ⚠
    const [grant] = iamGrants(json).filter((g) => g.kind === "identity");
    expect(grant).toMatchObject({ principal: "role reader", action: "s3:GetObject", resource: "*", flags: ["⚠ resource `*`: no known reason, review it"] });
  });
});

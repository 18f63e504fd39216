/**
 * `review` on stacks with the safety rails (examples/safety-rails.json: kill switch and caps; examples/approval-gate.json:
 * kill switch and approval gates): their cost lines, the managed policies in the IAM table, the rails' notices in each
 * pipeline's outcomes, and the rails in the diagrams. The warnings are in warnings.test.ts.
 */
import { isWildcardOnlyAction } from "@cloud-copilot/iam-simulate";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { APPROVAL_SUBJECTS } from "../../../functions/safety-rails/approval-gate";
import { CALLBACK_ANSWER_ACTIONS, iamGrants } from "../../../tools/review/iam-table";
import { DEFAULT_COST_INPUTS, estimateMonthlyCost } from "../../../tools/review/cost";
import { pipelineDiagram, stateMachineDiagram } from "../../../tools/review/mermaid";
import { responsePipelinesOf } from "../../../tools/review/pipelines";
import { priceListFor } from "../../../tools/review/price-list";
import { noticesOf } from "../../../tools/review/report";
import { Synthesized, synthesize } from "./review-stacks";

const example = (name: string): unknown => JSON.parse(readFileSync(resolve(__dirname, `../../../examples/${name}.json`), "utf8"));

let rails: Synthesized;
let gate: Synthesized;
beforeAll(() => {
  rails = synthesize(example("safety-rails"));
  gate = synthesize(example("approval-gate"));
});

const costLine = (stack: Synthesized, item: string) =>
  estimateMonthlyCost(stack.json, DEFAULT_COST_INPUTS, priceListFor(stack.config.region).prices, { region: stack.config.region }).lines.find(
    (l) => l.item === item,
  );

describe("cost", () => {
  test("the cost estimate prices the counter updates and says the kill switch is free", () => {
    // GIVEN examples/safety-rails.json (three capped pipelines, one switch) WHEN estimated with the default inputs
    // THEN one line each, 90 updates at USD 0.625 per million, the switch at USD 0
    expect(costLine(rails, "DynamoDB blast-radius counter (safety rails)")).toMatchObject({
      quantity: "at most 90 updates (3 capped pipeline(s) x 30 findings); storage: a few bytes per window",
      usd: 0.000056,
    });
    expect(costLine(rails, "SSM kill switch (safety rails)")).toMatchObject({ quantity: "1 standard parameter, at most 90 reads", usd: 0 });
  });

  test("the approval requests are priced: one publish per finding and gate, the acting notices of on_timeout act, their emails and key requests", () => {
    // GIVEN examples/approval-gate.json (ECS and EC2 gated, EC2 acting on timeout, one email, the stack's key) WHEN estimated
    const line = costLine(gate, "SNS approval requests (safety rails)")!;
    // THEN 60 requests + 30 acting notices = 90 publishes, 90 emails, 90 x (2 + 1) KMS requests
    expect(line.quantity).toBe(
      "at most 60 requests (2 gated pipeline(s) x 30 findings) + 30 NO APPROVAL ANSWER notices (on_timeout act), x 1 email subscription(s) = 90 emails; 270 KMS requests",
    );
    expect(line.usd).toBeCloseTo((90 / 1e6) * 0.5 + (90 / 1e5) * 2 + (270 / 1e4) * 0.03, 4);
    expect(line.note).toBe("waiting for an answer costs nothing: Standard workflows are priced per state transition");
  });

  test("without rails there is no rail cost line", () => {
    // GIVEN the default config WHEN estimated THEN no DynamoDB, SSM or approval line
    const stack = synthesize();
    const items = estimateMonthlyCost(stack.json, DEFAULT_COST_INPUTS, priceListFor(stack.config.region).prices, { region: stack.config.region }).lines.map(
      (l) => l.item,
    );
    expect(items.filter((item) => item.includes("safety rails"))).toEqual([]);
  });
});

describe("IAM table", () => {
  test("the kill switch operator policy is listed with its three SSM actions on the parameter, attached to nobody in the stack", () => {
    // GIVEN examples/safety-rails.json WHEN its grants are read
    const operator = iamGrants(rails.json).filter((g) => g.source === "managed policy acme-runtime-prod-apne1-kill-switch-operator");
    // THEN Put, Get and GetParameterHistory on the switch only, and the table says nobody holds it yet
    expect(operator.map((g) => [g.principal, g.action, g.resource, g.flags])).toEqual(
      ["ssm:PutParameter", "ssm:GetParameter", "ssm:GetParameterHistory"].map((action) => [
        "(attached to nobody in this stack)",
        action,
        "/acme-runtime-prod/kill-switch (aws_ssm_parameter ARN)",
        [],
      ]),
    );
  });

  test("the approvers' policy is listed for the role it is attached to, its * explained by the actions having no resource type", async () => {
    // GIVEN examples/approval-gate.json (approver role incident-approver, MFA) WHEN its grants are read
    const approvers = iamGrants(gate.json).filter((g) => g.kind === "managed" && g.action.startsWith("states:"));
    // THEN SendTaskSuccess and SendTaskFailure on * for role incident-approver, in the stack's Region, with MFA
    expect(approvers.map((g) => [g.principal, g.action, g.resource, g.condition])).toEqual(
      ["states:SendTaskSuccess", "states:SendTaskFailure"].map((action) => [
        "role incident-approver",
        action,
        "*",
        "StringEquals aws:RequestedRegion = eu-west-1; Bool aws:MultiFactorAuthPresent = true",
      ]),
    );
    for (const g of approvers) expect(g.flags).toEqual([expect.stringMatching(/^resource `\*`: the action has no resource type: IAM takes only `\*`; /u)]);
    // AND the IAM data agrees that both actions take only *
    for (const action of CALLBACK_ANSWER_ACTIONS) expect([action, await isWildcardOnlyAction("states", action.split(":")[1])]).toEqual([action, true]);
  });
});

describe("outcomes", () => {
  test("each gated pipeline lists the rails' notices with when they are sent, the acting notice only where on_timeout is act", () => {
    // GIVEN examples/approval-gate.json WHEN its pipelines' notices are written
    const [ecs, ec2] = responsePipelinesOf(gate.json);
    const ec2Notices = noticesOf(ec2, undefined);
    // THEN EC2 (act on timeout, from severity 7) has the request, the acting notice and HELD; ECS (hold) no acting notice
    expect(ec2Notices).toContain(
      `| APPROVAL_REQUESTED | ${APPROVAL_SUBJECTS.requested} | the approval gate asks a person (severity 7 and up) and waits up to 3600 s | yes |`,
    );
    expect(ec2Notices).toContain(
      `| APPROVAL_TIMED_OUT_ACTING | ${APPROVAL_SUBJECTS.timedOutActing} | nobody answered within 3600 s and on_timeout is act: the workflow acts anyway | yes |`,
    );
    expect(ec2Notices).toContain(
      "| HELD | GuardDuty EC2 response: held by a safety rail, nothing done, action required | a safety rail held the action: the kill switch is not act; an approver denied, or the request failed | yes |",
    );
    expect(noticesOf(ecs, undefined)).not.toContain("APPROVAL_TIMED_OUT_ACTING");
    expect(noticesOf(ecs, undefined)).toContain("an approver denied or nobody answered in time, or the request failed");
  });

  test("the HELD notice of a capped pipeline names the cap, and the rails' Subjects are not repeated as other notices", () => {
    // GIVEN examples/safety-rails.json WHEN the EKS pipeline's notices are written with its type's outcomes
    const eks = responsePipelinesOf(rails.json)[2];
    const text = noticesOf(eks, { description: "", outcomes: [{ name: "ISOLATED", subject: "x" }] });
    // THEN the HELD row says the switch or the cap of 3 per minute, and the HELD Subject is not under Other notices
    expect(text).toContain("a safety rail held the action: the kill switch is not act; the cap of 3 per minute is reached or the counter cannot be written");
    const others = text.slice(text.indexOf("Other notices"), text.indexOf("Safety rail notices"));
    expect(others).toContain("GuardDuty EKS response");
    expect(others).not.toContain("held by a safety rail");
  });
});

describe("diagrams", () => {
  test("the pipeline diagram draws the kill switch and who flips it, each pipeline's counter with its cap", () => {
    // GIVEN examples/safety-rails.json WHEN drawn
    const diagram = pipelineDiagram(rails.json);
    const eks = "n_aws_sfn_state_machine_eks_containment_state_machine_9AA0C485";
    // THEN the switch, its operators (once), and the EKS pipeline's count of 3 per minute
    expect(diagram).toContain('n_kill_switch__acme_runtime_prod_kill_switch["SSM kill switch /acme-runtime-prod/kill-switch"]');
    expect(diagram.match(/n_kill_switch_operators -->\|"PutParameter act or notify-only"\| n_kill_switch__acme_runtime_prod_kill_switch/gu)).toHaveLength(1);
    expect(diagram).toContain(`${eks} -->|"GetParameter before acting"| n_kill_switch__acme_runtime_prod_kill_switch`);
    expect(diagram).toContain(`${eks} -->|"UpdateItem, at most 3 per minute"| n_counter_acme_runtime_prod_blast_radius`);
  });

  test("the pipeline diagram draws the approval request to the topic with its wait and timeout decision, and the approvers answering", () => {
    // GIVEN examples/approval-gate.json WHEN drawn
    const diagram = pipelineDiagram(gate.json);
    const ec2 = "n_aws_sfn_state_machine_ec2_isolation_state_machine_8A3BF5E2";
    // THEN
    expect(diagram).toContain(`${ec2} -->|"approval request, waitForTaskToken, up to 3600 s, then act"| n_aws_sns_topic_notifications_topic_9813ADB4`);
    expect(diagram).toContain(`n_approvers -->|"SendTaskSuccess or SendTaskFailure"| ${ec2}`);
  });

  test("the state diagram marks the rails' states and the HELD notice", () => {
    // GIVEN the gated EC2 definition WHEN drawn
    const diagram = stateMachineDiagram(responsePipelinesOf(gate.json)[1].definition);
    // THEN the rail class holds the switch read, the gate's request and the HELD notice (caught states keep their class)
    const railClass = diagram.split("\n").find((line) => line.endsWith(" rail") && line.trimStart().startsWith("class "))!;
    expect(railClass.split(" ")[5].split(",")).toEqual(
      expect.arrayContaining(["s_Safety_Rail_Kill_Switch__Read_Parameter", "s_Safety_Rail_Approval_Gate__Request_Approval", "s_Notify_Held"]),
    );
    expect(diagram).toContain("    classDef rail fill:#cfe2ff,stroke:#084298");
  });
});

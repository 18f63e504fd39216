/** The composer: where the rails go in each type's definition, the HELD notice, and what it refuses. */
import { ECS_STOP_TASK } from "../../../functions/ecs-stop-task/response-type";
import { EC2_ISOLATE_INSTANCE } from "../../../functions/ec2-isolate-instance/response-type";
import { EKS_CONTAIN_POD } from "../../../functions/eks-contain-pod/response-type";
import type { AnyResponseType } from "../../../functions/response-types/contract";
import { rolePolicyOf } from "../../../functions/response-types/role-policy";
import { CAP_STATES } from "../../../functions/safety-rails/blast-radius-cap";
import { composeSafetyRails, findActionEntry, HOLD_NOTICE_STATE } from "../../../functions/safety-rails/compose";
import { KILL_SWITCH_STATES } from "../../../functions/safety-rails/kill-switch";
import { holdState, type RailWiring } from "../../../functions/safety-rails/rail";
import { validateAsl } from "../../../tools/simulator/validate-asl";
import { BOTH_RAILS } from "./fixtures";

const CONTEXT = { topicArn: "arn:aws:sns:ap-northeast-1:123456789012:t", partition: "aws", literalPartition: "aws" as const, namePrefix: "p" };
const GRANT_CONTEXT = { partition: "aws", region: "ap-northeast-1", accountId: "123456789012", topicArn: CONTEXT.topicArn };
const TYPES: [string, AnyResponseType, unknown][] = [
  ["ecs-stop-task (guarded)", ECS_STOP_TASK as unknown as AnyResponseType, { workflow: "guarded" }],
  ["ec2-isolate-instance", EC2_ISOLATE_INSTANCE as unknown as AnyResponseType, EC2_ISOLATE_INSTANCE.exampleProps],
  ["eks-contain-pod", EKS_CONTAIN_POD as unknown as AnyResponseType, EKS_CONTAIN_POD.exampleProps],
];

describe.each(TYPES)("%s", (_name, type, props) => {
  const original = type.definition(props, CONTEXT);
  const { definition, grants } = composeSafetyRails(original, type.id, "aws", BOTH_RAILS);
  const states = definition.States as Record<string, Record<string, unknown>>;

  test("the dry-run switch's action edge goes through the kill switch, then the cap, then the action", () => {
    // GIVEN the type's definition composed with both rails WHEN following the action edge THEN switch -> cap -> action
    const entry = findActionEntry(original, type.id);
    expect(states[entry.dryRunChoice].Default).toBe(KILL_SWITCH_STATES.read);
    expect((states[KILL_SWITCH_STATES.check].Choices as { Next: string }[])[0].Next).toBe(CAP_STATES.window);
    expect(states[CAP_STATES.count].Next).toBe(entry.actionEntry);
  });

  test("the composed definition is valid ASL (asl-validator)", () => {
    // GIVEN the composed definition WHEN validated THEN no error
    expect(validateAsl(definition).errors).toEqual([]);
  });

  test("the role policy covers the rails' Task integrations", () => {
    // GIVEN the type's grants and the rails' WHEN the policy is derived THEN it has the rails' statements
    const sids = rolePolicyOf([...type.grants(props, GRANT_CONTEXT), ...grants], definition).Statement.map((st) => st.Sid);
    expect(sids).toEqual(expect.arrayContaining(["ReadKillSwitch", "CountContainmentAction"]));
  });

  test("the HELD notice is the dry-run notice with the rail's lines, ending the execution", () => {
    // GIVEN the composed definition WHEN reading the HELD notice THEN its message has the rail lines before the console link
    const notice = states[HOLD_NOTICE_STATE] as { End?: boolean; Parameters: Record<string, string> };
    expect(notice.End).toBe(true);
    expect(notice.Parameters["Message.$"]).toMatch(/: HELD\n.*Safety rail: \{\}\nWhy not acted: \{\}\nKill switch: \{\}\nConsole: \{\}/su);
    expect(notice.Parameters["Message.$"]).toContain("$.safetyRail.rail, $.safetyRail.reason, $.killSwitch.value, $.derived.ConsoleUrl");
  });

  test("the type's definition is not changed", () => {
    // GIVEN the composition done WHEN building the definition again THEN equal to the original
    expect(type.definition(props, CONTEXT)).toEqual(original);
  });
});

test("the seed ECS workflow is refused: it has no dry-run switch", () => {
  // GIVEN the seed definition WHEN composing THEN the error names the type and the way out
  expect(() => composeSafetyRails(ECS_STOP_TASK.definition({}, CONTEXT), "ecs-stop-task", "aws", BOTH_RAILS)).toThrow(
    "the safety rails need the workflow of ecs-stop-task to have exactly one dry-run switch in front of its action (found 0); the seed ECS workflow has none: use the guarded workflow",
  );
});

test("no rail: the definition is returned as is, with no grant", () => {
  // GIVEN no rail options WHEN composing THEN same definition
  const original = EC2_ISOLATE_INSTANCE.definition(EC2_ISOLATE_INSTANCE.exampleProps, CONTEXT);
  expect(composeSafetyRails(original, "ec2-isolate-instance", "aws", {})).toEqual({ definition: original, grants: [] });
});

test("the approval gate goes in the slot between the kill switch and the cap", () => {
  // GIVEN a stand-in gate rail WHEN composed with both rails THEN switch -> gate -> cap
  const wirings: RailWiring[] = [];
  const gate = (wiring: RailWiring) => {
    wirings.push(wiring);
    return { startAt: "Gate", states: { Gate: holdState("approval-gate", "stand-in", wiring.exits.hold) }, grants: [] };
  };
  const { definition } = composeSafetyRails(ECS_STOP_TASK.definition({ workflow: "guarded" }, CONTEXT), "ecs-stop-task", "aws", {
    ...BOTH_RAILS,
    approvalGate: gate,
  });
  const states = definition.States as Record<string, Record<string, unknown>>;
  expect((states[KILL_SWITCH_STATES.check].Choices as { Next: string }[])[0].Next).toBe("Gate");
  expect(wirings).toEqual([
    {
      exits: { proceed: CAP_STATES.window, hold: HOLD_NOTICE_STATE },
      context: { responseTypeId: "ecs-stop-task", partition: "aws", scope: { kind: "cluster", path: "$.ecs.clusterArn" } },
    },
  ]);
});

test("a type the rails do not know is refused with where to add it", () => {
  // GIVEN an unknown type id WHEN composing THEN the error says where scopes are
  const original = EC2_ISOLATE_INSTANCE.definition(EC2_ISOLATE_INSTANCE.exampleProps, CONTEXT);
  expect(() => composeSafetyRails(original, "rds-stop", "aws", BOTH_RAILS)).toThrow(
    "the safety rails do not know what the response type rds-stop acts within: add it to functions/safety-rails/scopes.ts",
  );
});

import { COLLECTIONS, LIST_PARAMETERS, PARAMETERS, SWITCHES } from "../../../../tools/registry-module/from-constructs/definition";
import { generateModuleTree, ModuleTree, optionsWith, requiredLast, rewriteSwaps } from "../../../../tools/registry-module/from-constructs/generate";
import { evaluateModule } from "../../../../tools/registry-module/from-constructs/merge";
import { addressOf, standInSubstitution, synthesize } from "../../../../tools/registry-module/from-constructs/synth";
import { equal, exprText, lit } from "../../../../tools/registry-module/from-constructs/tree";

let tree: ModuleTree;
// Some seventy syntheses when the on-disk cache is cold, while other workers synthesize too: a generous bound, not
// a speed requirement (a hang still fails).
beforeAll(() => {
  tree = generateModuleTree();
}, 600_000);

/** Switch settings picked by a fixed linear congruential sequence: the same sets on every run. */
function optionSets(count: number) {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Array.from({ length: count }, () => ({
    switches: Object.fromEntries(SWITCHES.map((s) => [s.variable, next() < 0.6])),
    collections: Object.fromEntries(COLLECTIONS.map((c) => [c.variable, c.secondSample === undefined && next() < 0.5 ? [] : [c.sample]])),
  }));
}

describe("the registry module from the constructs", () => {
  test("evaluating the merged module for an option set equals synthesizing the constructs with those options", () => {
    // GIVEN the merged module and seven option sets (switches on or off, lists with their sample item or none)
    for (const set of [{ switches: {}, collections: {} }, ...optionSets(6)]) {
      const options = optionsWith(set);
      // WHEN the module is evaluated for the set and the constructs are synthesized with it
      const evaluated = evaluateModule(tree.elements, options);
      const synthesized = rewriteSwaps(synthesize(options), tree.swaps);
      // THEN both hold the same elements with the same bodies
      expect([...evaluated.keys()].sort()).toEqual([...synthesized.elements.keys()].sort());
      const differing = [...synthesized.elements].filter(([address, e]) => !equal(evaluated.get(address)!, e.body)).map(([address]) => address);
      expect([JSON.stringify(set.switches), differing]).toEqual([JSON.stringify(set.switches), []]);
    }
  });

  test("every combination of the EC2 pipeline's kill switch, approval gate and cap evaluates to its synthesis", () => {
    // GIVEN the eight combinations of the three rails of one pipeline (the chain points at the first rail that exists)
    for (const bits of [0, 1, 2, 3, 4, 5, 6, 7]) {
      const switches = { kill_switch: (bits & 1) > 0, ec2_isolation_approval_gate: (bits & 2) > 0, ec2_isolation_blast_radius_cap: (bits & 4) > 0 };
      const options = optionsWith({ switches });
      // WHEN the module is evaluated for it and the constructs are synthesized with it
      const evaluated = evaluateModule(tree.elements, options);
      const synthesized = rewriteSwaps(synthesize(options), tree.swaps).elements.get("aws_sfn_state_machine.ec2_isolation_state_machine")!;
      // THEN the EC2 state machine is the same
      expect([switches, equal(evaluated.get("aws_sfn_state_machine.ec2_isolation_state_machine")!, synthesized.body)]).toEqual([switches, true]);
    }
  });

  test("the seed ECS workflow next to an EC2 approval gate evaluates to its synthesis (the seed's own execution timeout)", () => {
    // GIVEN the ECS pipeline on the seed workflow (its gate, kill switch and cap off, as the loader wants) and an EC2 gate
    const options = optionsWith({ switches: { workflow: false } });
    // WHEN the module is evaluated for it and the constructs are synthesized with it
    const evaluated = evaluateModule(tree.elements, options);
    const synthesized = rewriteSwaps(synthesize(options), tree.swaps);
    // THEN every element is the same (the ECS timeout is the seed's 3600, not the guarded one's without a gate)
    const differing = [...synthesized.elements].filter(([address, e]) => !equal(evaluated.get(address)!, e.body)).map(([address]) => address);
    expect(differing).toEqual([]);
    expect([...evaluated.keys()].filter((a) => a.startsWith("aws_iam_policy.approval"))).toEqual(["aws_iam_policy.approval_approvers_policy"]);
  });

  test("an agent endpoint's principals (accounts, organization, deploying account), CIDR source and EKS add-on evaluate to their synthesis", () => {
    // GIVEN the endpoint's switches off one at a time or together: an organization, the deploying account, both
    // (an organization given), the VPC's CIDR blocks, and the EKS add-on (eks_addon_management off) without private DNS
    const sets: Record<string, boolean>[] = [
      { "agent_endpoints:not_organization": false },
      { "agent_endpoints:principals": false },
      { "agent_endpoints:not_organization": false, "agent_endpoints:principals": false },
      { "agent_endpoints:allowed_cidrs": false },
      { eks_addon_management: false, "agent_endpoints:private_dns": false },
    ];
    for (const switches of sets) {
      const options = optionsWith({ switches });
      // WHEN the module is evaluated for it and the constructs are synthesized with it
      const evaluated = evaluateModule(tree.elements, options);
      const synthesized = rewriteSwaps(synthesize(options), tree.swaps);
      // THEN both hold the same elements with the same bodies
      expect([switches, [...evaluated.keys()].sort()]).toEqual([switches, [...synthesized.elements.keys()].sort()]);
      const differing = [...synthesized.elements].filter(([address, e]) => !equal(evaluated.get(address)!, e.body)).map(([address]) => address);
      expect([switches, differing]).toEqual([switches, []]);
    }
  });

  test("an agent endpoint's resources are one per item of agent_endpoints, its ingress rules and add-ons one per item and CIDR or cluster", () => {
    // GIVEN the merged module WHEN its agent endpoint elements are read
    const own = tree.elements.filter((e) => e.forEach?.variable === "agent_endpoints").map((e) => [addressOf(e), e.nested === true]);
    // THEN they are named without the sample, and the add-on iterates the item's clusters
    expect(own.sort()).toEqual(
      [
        ["aws_security_group.agent_endpoint_security_group", false],
        ["aws_vpc_security_group_ingress_rule.agent_endpoint_https_from_vpc", false],
        ["aws_vpc_endpoint.agent_endpoint_endpoint", false],
        ["aws_eks_addon.agent_endpoint_eks_addon", true],
        ["data.aws_vpc.agent_endpoint_vpc", false],
      ].sort(),
    );
    // AND the VPC is read only for an item without allowed CIDRs, the add-on only without GuardDuty's add-on management
    const when = (address: string) => tree.elements.find((e) => addressOf(e) === address)!.when;
    expect(when("data.aws_vpc.agent_endpoint_vpc")).toEqual([{ switch: "agent_endpoints:allowed_cidrs", on: false }]);
    expect(when("aws_eks_addon.agent_endpoint_eks_addon")).toEqual([{ switch: "eks_addon_management", on: false }]);
  });

  test("a list equal to a list parameter's stand-in becomes its expression, another list stays", () => {
    // GIVEN the subnets' stand-in list, and the same items in another order
    const subnets = LIST_PARAMETERS.find((p) => p.variable === "agent_endpoint_subnet_ids")!;
    const tuple = (items: readonly string[]) => ({ t: "tuple" as const, items: items.map((v) => ({ node: lit(v) })) });
    const substitute = standInSubstitution(0);
    // WHEN substituted THEN the stand-in is the item's subnet_ids, the reordered list is unchanged
    expect(exprText(substitute(tuple(subnets.standIns[0])))).toBe("__item__.subnet_ids");
    expect(substitute(tuple([...subnets.standIns[0]].reverse()))).toEqual(tuple([...subnets.standIns[0]].reverse()));
  });

  test("a switch another requires is merged outside it: the ECS gate's before workflow", () => {
    // GIVEN the switches WHEN ordered for merging THEN each comes after every switch that requires it
    const order = requiredLast(SWITCHES).map((s) => s.variable);
    for (const s of SWITCHES)
      for (const r of s.requires ?? []) expect([s.variable, r, order.indexOf(s.variable) < order.indexOf(r)]).toEqual([s.variable, r, true]);
  });

  test("a number the constructs add to the gate's timeout stand-in becomes the timeout plus the rest", () => {
    // GIVEN the ECS gate's timeout stand-in plus 900 (the execution timeout raised by the gate's wait)
    const timeout = PARAMETERS.find((p) => p.variable === "ecs_auto_stop_gate_timeout_seconds")!;
    const substitute = standInSubstitution(0);
    // WHEN substituted THEN it is the expression plus 900; the stand-in alone is the expression
    expect(exprText(substitute(lit((timeout.standIns[0] as number) + 900)))).toBe("try(var.ecs_auto_stop_approval_gate.timeout_seconds, 0) + 900");
    expect(exprText(substitute(lit(timeout.standIns[0])))).toBe("try(var.ecs_auto_stop_approval_gate.timeout_seconds, 0)");
    // AND a number below the stand-in stays a number
    expect(substitute(lit((timeout.standIns[0] as number) - 1))).toEqual(lit((timeout.standIns[0] as number) - 1));
  });

  test("the created topic and the existing one are one local, chosen by create_topic", () => {
    // GIVEN the merged module WHEN its swaps are read THEN the topic's ARN and existing_topic_arn are one swap
    expect(tree.swaps).toContainEqual({
      when: { switch: "create_topic", on: true },
      from: "aws_sns_topic.notifications_topic.arn",
      to: "var.existing_topic_arn",
    });
  });
});

/** The registry module from the constructs: the safety rails chain of each pipeline, and the seed ECS workflow beside them. */
import { configDocument } from "../../../../tools/registry-module/from-constructs/definition";
import { generateModuleTree, optionsWith, rewriteSwaps } from "../../../../tools/registry-module/from-constructs/generate";
import { evaluateModule } from "../../../../tools/registry-module/from-constructs/merge";
import { synthesize } from "../../../../tools/registry-module/from-constructs/synth";
import { equal } from "../../../../tools/registry-module/from-constructs/tree";

// Read from the disk cache the global setup filled (__tests__/support/global-setup.ts), once per worker.
const tree = generateModuleTree();

describe("the registry module from the constructs: the safety rails", () => {
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

  test("without the ECS pipeline, the seed workflow with the kill switch and the EC2 and EKS caps evaluates to its synthesis", () => {
    // GIVEN the ECS pipeline off, workflow seed, the kill switch and every EC2 and EKS rail on (the loader accepts
    // rails then: it refuses them only with the seed workflow deployed)
    const options = optionsWith({ switches: { create_ecs_auto_stop: false, workflow: false } });
    const doc = configDocument(options);
    expect([doc.ecs_auto_stop.workflow, doc.safety_rails.kill_switch, Object.keys(doc.safety_rails.blast_radius_cap)]).toEqual([
      "seed",
      true,
      ["ec2_isolation", "eks_containment"],
    ]);
    // WHEN the module is evaluated for it and the constructs are synthesized with it
    const evaluated = evaluateModule(tree.elements, options);
    const synthesized = rewriteSwaps(synthesize(options), tree.swaps);
    // THEN both hold the same elements with the same bodies, the kill switch's parameter among them
    expect([...evaluated.keys()].sort()).toEqual([...synthesized.elements.keys()].sort());
    const differing = [...synthesized.elements].filter(([address, e]) => !equal(evaluated.get(address)!, e.body)).map(([address]) => address);
    expect(differing).toEqual([]);
    expect([...evaluated.keys()].filter((a) => a.startsWith("aws_ssm_parameter.") && a.includes("kill_switch"))).toHaveLength(1);
  });
});

import { COLLECTIONS, configDocument, PARAMETERS, SWITCHES } from "../../../../tools/registry-module/from-constructs/definition";
import { generateModuleTree, ModuleTree, optionsWith, requiredLast, rewriteSwaps } from "../../../../tools/registry-module/from-constructs/generate";
import { evaluateModule } from "../../../../tools/registry-module/from-constructs/merge";
import { standInSubstitution, synthesize } from "../../../../tools/registry-module/from-constructs/synth";
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

  test("each protection plan enabled, disabled or not set evaluates to its synthesis, with a created and an adopted detector", () => {
    for (const created of [true, false]) {
      // GIVEN EKS_AUDIT_LOGS disabled, EBS_MALWARE_PROTECTION not set and the other plans enabled, the detector created or adopted
      const options = optionsWith({
        switches: { create_detector: created, detector_features_eks_audit_logs_enabled: false, detector_features_ebs_malware_protection_set: false },
      });
      expect(configDocument(options).detector.features).toEqual({
        S3_DATA_EVENTS: "ENABLED",
        EKS_AUDIT_LOGS: "DISABLED",
        RDS_LOGIN_EVENTS: "ENABLED",
        LAMBDA_NETWORK_LOGS: "ENABLED",
      });
      // WHEN the module is evaluated for it and the constructs are synthesized with it
      const evaluated = evaluateModule(tree.elements, options);
      const synthesized = rewriteSwaps(synthesize(options), tree.swaps);
      // THEN both hold the same elements with the same bodies
      expect([created, [...evaluated.keys()].sort()]).toEqual([created, [...synthesized.elements.keys()].sort()]);
      const differing = [...synthesized.elements].filter(([address, e]) => !equal(evaluated.get(address)!, e.body)).map(([address]) => address);
      expect([created, differing]).toEqual([created, []]);
      // AND the plan not set is written DISABLED for a created detector, and not at all for an adopted one
      const status = (plan: string) => {
        const body = evaluated.get(`aws_guardduty_detector_feature.detector_feature_${plan}`);
        return body === undefined ? undefined : exprText(body).match(/"status" = "(\w+)"/)?.[1];
      };
      expect([status("s3_data_events"), status("eks_audit_logs"), status("ebs_malware_protection")]).toEqual([
        "ENABLED",
        "DISABLED",
        created ? "DISABLED" : undefined,
      ]);
    }
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

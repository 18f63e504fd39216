import { COLLECTIONS, configDocument, SWITCHES } from "../../../../tools/registry-module/from-constructs/definition";
import { generateModuleTree, optionsWith, rewriteSwaps } from "../../../../tools/registry-module/from-constructs/generate";
import { evaluateModule } from "../../../../tools/registry-module/from-constructs/merge";
import { synthesize } from "../../../../tools/registry-module/from-constructs/synth";
import { equal, exprText } from "../../../../tools/registry-module/from-constructs/tree";

// Read from the disk cache the global setup filled (__tests__/support/global-setup.ts), once per worker.
const tree = generateModuleTree();

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
});

import { COLLECTIONS, SWITCHES } from "../../../../tools/registry-module/from-constructs/definition";
import { generateModuleTree, ModuleTree, optionsWith, rewriteSwaps } from "../../../../tools/registry-module/from-constructs/generate";
import { evaluateModule } from "../../../../tools/registry-module/from-constructs/merge";
import { synthesize } from "../../../../tools/registry-module/from-constructs/synth";
import { equal } from "../../../../tools/registry-module/from-constructs/tree";

let tree: ModuleTree;
beforeAll(() => {
  tree = generateModuleTree();
});

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

  test("the created topic and the existing one are one local, chosen by create_topic", () => {
    // GIVEN the merged module WHEN its swaps are read THEN the topic's ARN and existing_topic_arn are one swap
    expect(tree.swaps).toContainEqual({
      when: { switch: "create_topic", on: true },
      from: "aws_sns_topic.notifications_topic.arn",
      to: "var.existing_topic_arn",
    });
  });
});

import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import type { Construct } from "constructs";
import { RuntimeMonitoringStack, RuntimeMonitoringStackProps } from "../../../../modules/runtime-monitoring-stack";
import { SWITCHES } from "../../../../tools/registry-module/from-constructs/definition";
import { generateModuleTree, ModuleTree, optionsWith, rewriteSwaps } from "../../../../tools/registry-module/from-constructs/generate";
import { evaluateModule } from "../../../../tools/registry-module/from-constructs/merge";
import { synthesize } from "../../../../tools/registry-module/from-constructs/synth";
import { equal, exprText } from "../../../../tools/registry-module/from-constructs/tree";

/** A throwaway subclass: the ECS pipeline gets one more queue, named from the prefix. */
class StackWithExtraQueue extends RuntimeMonitoringStack {
  constructor(scope: Construct, id: string, props: RuntimeMonitoringStackProps) {
    super(scope, id, props);
    if (this.ecsAutoStop !== undefined) new SqsQueue(this.ecsAutoStop, "extra-queue", { name: `${props.namePrefix}-extra` });
  }
}

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
    emails: next() < 0.5 ? [] : ["module-sample-email@example.com"],
  }));
}

describe("the registry module from the constructs", () => {
  test("evaluating the merged module for an option set equals synthesizing the constructs with those options", () => {
    // GIVEN the merged module and ten option sets (every switch on or off, with and without an email)
    for (const set of [{ switches: {}, emails: [] as string[] }, ...optionSets(9)]) {
      const options = optionsWith({ switches: set.switches, collections: { notification_emails: set.emails } });
      // WHEN the module is evaluated for the set and the constructs are synthesized with it
      const evaluated = evaluateModule(tree.elements, options);
      const synthesized = rewriteSwaps(synthesize(options), tree.swaps);
      // THEN both hold the same elements with the same bodies
      expect([...evaluated.keys()].sort()).toEqual([...synthesized.elements.keys()].sort());
      const differing = [...synthesized.elements].filter(([address, e]) => !equal(evaluated.get(address)!, e.body)).map(([address]) => address);
      expect([JSON.stringify(set.switches), differing]).toEqual([JSON.stringify(set.switches), []]);
    }
  });

  test("a resource a construct subclass adds appears in the module with its switch's count and no other edit", () => {
    // GIVEN a stack subclass that adds a queue to the ECS pipeline
    // WHEN the module is generated from it
    const extra = generateModuleTree(StackWithExtraQueue).elements.find((e) => e.type === "aws_sqs_queue" && e.name === "ecs_auto_stop_extra_queue");
    // THEN the queue is there, created with the ECS pipeline, named from var.name_prefix
    expect(extra?.when).toEqual([{ switch: "create_ecs_auto_stop", on: true }]);
    expect(exprText(extra!.body)).toBe('{ "name" = "${var.name_prefix}-extra" }');
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

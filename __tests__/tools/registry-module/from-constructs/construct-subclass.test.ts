import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import type { Construct } from "constructs";
import { RuntimeMonitoringStack, RuntimeMonitoringStackProps } from "../../../../modules/runtime-monitoring-stack";
import { generateModuleTree } from "../../../../tools/registry-module/from-constructs/generate";
import { exprText } from "../../../../tools/registry-module/from-constructs/tree";

/** A throwaway subclass: the ECS pipeline gets one more queue, named from the prefix. */
class StackWithExtraQueue extends RuntimeMonitoringStack {
  constructor(scope: Construct, id: string, props: RuntimeMonitoringStackProps) {
    super(scope, id, props);
    if (this.ecsAutoStop !== undefined) new SqsQueue(this.ecsAutoStop, "extra-queue", { name: `${props.namePrefix}-extra` });
  }
}

describe("the registry module from the constructs", () => {
  test("a resource a construct subclass adds appears in the module with its switch's count and no other edit", () => {
    // GIVEN a stack subclass that adds a queue to the ECS pipeline
    // WHEN the module is generated from it (varying the ECS switch only, to keep the test short)
    const extra = generateModuleTree(StackWithExtraQueue, ["create_ecs_auto_stop"]).elements.find(
      (e) => e.type === "aws_sqs_queue" && e.name === "ecs_auto_stop_extra_queue",
    );
    // THEN the queue is there, created with the ECS pipeline, named from var.name_prefix
    expect(extra?.when).toEqual([{ switch: "create_ecs_auto_stop", on: true }]);
    expect(extra?.forEach).toBeUndefined();
    expect(exprText(extra!.body)).toBe('{ "name" = "${var.name_prefix}-extra" }');
  });
});

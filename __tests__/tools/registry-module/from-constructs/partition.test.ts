import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import type { Construct } from "constructs";
import { partitionOfRegion } from "../../../../functions/aws/partition";
import { RuntimeMonitoringStack, RuntimeMonitoringStackProps } from "../../../../modules/runtime-monitoring-stack";
import { generateModuleTree } from "../../../../tools/registry-module/from-constructs/generate";
import { exprText } from "../../../../tools/registry-module/from-constructs/tree";

/** A throwaway subclass: one more queue whose KMS key ARN is in the partition of the stack's literal region. */
class StackWithPartitionArn extends RuntimeMonitoringStack {
  constructor(scope: Construct, id: string, props: RuntimeMonitoringStackProps) {
    super(scope, id, props);
    new SqsQueue(this, "extra-queue", { kmsMasterKeyId: `arn:${partitionOfRegion(props.region!)}:kms:${props.region}:123456789012:alias/extra` });
  }
}

/** The same queue with the commercial partition written as a literal: wrong in GovCloud. */
class StackWithCommercialArn extends RuntimeMonitoringStack {
  constructor(scope: Construct, id: string, props: RuntimeMonitoringStackProps) {
    super(scope, id, props);
    new SqsQueue(this, "extra-queue", { kmsMasterKeyId: `arn:aws:kms:${props.region}:123456789012:alias/extra` });
  }
}

describe("the registry module in the provider's partition (the twin synthesis is in GovCloud)", () => {
  test("an ARN a construct builds from its region's partition follows data.aws_partition in the module", () => {
    // GIVEN a stack subclass whose queue names a key in the partition of its region
    // WHEN the module is generated from it (varying one switch only, to keep the test short)
    const queue = generateModuleTree(StackWithPartitionArn, ["create_ecs_auto_stop"]).elements.find((e) => e.name === "extra_queue");
    // THEN the key's ARN reads the partition and the region from the provider
    expect(exprText(queue!.body)).toBe(
      '{ "kms_master_key_id" = "arn:${data.aws_partition.awscontext_partition.partition}:kms:${local.region}:123456789012:alias/extra" }',
    );
  });

  test("an ARN with the commercial partition as a literal is refused: it differs in GovCloud", () => {
    // GIVEN a stack subclass whose queue names a key in the aws partition whatever the region
    // WHEN the module is generated from it THEN the generator names the queue
    expect(() => generateModuleTree(StackWithCommercialArn, ["create_ecs_auto_stop"])).toThrow(
      /^registry module: aws_sqs_queue\.extra_queue differs with other stand-ins: a value does not flow through as a value/,
    );
  });
});

import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { TerraformStack } from "cdktf";
import { Construct } from "constructs";

const ID = "AwsContext";

/**
 * Partition, region and account of the stack's provider, read once per stack with data sources so
 * every ARN we build is right in any partition and account without hard-coding them.
 */
export class AwsContext extends Construct {
  /** The one AwsContext of the stack that contains `scope`. */
  static of(scope: Construct): AwsContext {
    const stack = TerraformStack.of(scope);
    return (stack.node.tryFindChild(ID) as AwsContext | undefined) ?? new AwsContext(stack, ID);
  }

  readonly partition: string;
  readonly region: string;
  readonly accountId: string;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    this.partition = new DataAwsPartition(this, "partition").partition;
    this.region = new DataAwsRegion(this, "region").region;
    this.accountId = new DataAwsCallerIdentity(this, "caller").accountId;
  }
}

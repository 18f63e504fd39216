import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Token } from "cdktf";
import { Construct } from "constructs";
import { partitionOfRegion, type Partition } from "../../functions/aws/partition";
import { buildEc2RuntimeFindingPattern } from "../../functions/ec2-isolate-instance/event-pattern";
import { buildEc2IsolationInputTransformer } from "../../functions/ec2-isolate-instance/input-transformer";
import { buildEc2IsolationStateMachinePolicy } from "../../functions/ec2-isolate-instance/role-policy";
import { buildEc2IsolationDefinition, Ec2IsolationTag } from "../../functions/ec2-isolate-instance/state-machine";
import { pipelineBaseName, quarantineSecurityGroupName } from "../../functions/naming/resource-names";
import { ResponsePipeline, ResponsePipelineOptions } from "../response-pipeline";

export interface Ec2InstanceIsolationProps extends ResponsePipelineOptions {
  /** Resource names start with `<namePrefix>-ec2` (functions/naming/resource-names.ts); each must fit its AWS limit. */
  readonly namePrefix: string;
  /**
   * Name of the quarantine security group (no rules) the workflow finds or creates in the instance's VPC.
   * @default "<namePrefix>-quarantine"
   */
  readonly quarantineSecurityGroupName?: string;
  /** Notify what would be done, change nothing. @default false */
  readonly dryRun?: boolean;
  /** An instance with this tag is only reported. @default { key: "guardduty-response", value: "exempt" } */
  readonly exemptionTag?: Ec2IsolationTag;
  /** Tag that marks an isolated instance (and makes a second finding a no-op). @default { key: "guardduty-response", value: "isolated" } */
  readonly isolationTag?: Ec2IsolationTag;
  /** Also act on self-managed container findings that name their host instance. @default false */
  readonly includeSelfManagedContainers?: boolean;
  /** Console domain for links. @default "console.aws.amazon.com" */
  readonly consoleDomain?: string;
  /**
   * Isolate EKS worker nodes and ECS container instances too; off, they are only reported (docs/containment-ec2.md).
   * @default false
   */
  readonly isolateContainerHosts?: boolean;
  /** Further tag keys that mark a container host. @default [] */
  readonly containerHostTagKeys?: readonly string[];
  /**
   * Partition of the state machine's Task resources (`arn:<partition>:states:::aws-sdk:...`).
   * @default - the partition of the region of the stack's AWS provider, "aws" when that region is not a literal
   */
  readonly partition?: Partition;
}

/**
 * Containment of EC2 instances reported by Runtime Monitoring: snapshot the volumes (evidence first),
 * tag the instance, detach it from its Auto Scaling group, and swap every network interface's security
 * groups for a quarantine group without rules; notify. See docs/containment-ec2.md.
 */
export class Ec2InstanceIsolation extends ResponsePipeline {
  constructor(scope: Construct, id: string, props: Ec2InstanceIsolationProps) {
    const name = pipelineBaseName(props.namePrefix, "ec2");
    // Unique per VPC: the workflow finds or creates it in the instance's VPC.
    const quarantineGroupName = props.quarantineSecurityGroupName ?? quarantineSecurityGroupName(props.namePrefix);
    super(
      scope,
      id,
      {
        kind: "Ec2InstanceIsolation",
        name,
        ruleDescription: "GuardDuty Runtime Monitoring findings on EC2 instances",
        stateMachineRoleDescription: "Isolates EC2 instances reported by GuardDuty Runtime Monitoring and notifies the topic",
        eventsRoleDescription: "Lets the EventBridge rule start the EC2 isolation state machine",
        rolePolicyName: "isolate-instances-and-notify",
        eventsRolePolicyName: "start-ec2-isolation-state-machine",
        targetId: "ec2-isolation-state-machine",
        eventPattern: buildEc2RuntimeFindingPattern({ includeSelfManagedContainers: props.includeSelfManagedContainers }),
        inputTransformer: buildEc2IsolationInputTransformer(),
        definition: (topicArn) =>
          buildEc2IsolationDefinition({
            topicArn,
            quarantineSecurityGroupName: quarantineGroupName,
            dryRun: props.dryRun,
            exemptionTag: props.exemptionTag,
            isolationTag: props.isolationTag,
            consoleDomain: props.consoleDomain,
            isolateContainerHosts: props.isolateContainerHosts,
            containerHostTagKeys: props.containerHostTagKeys,
            partition: props.partition ?? partitionOfProviderRegion(scope),
          }),
        rolePolicy: (context) => buildEc2IsolationStateMachinePolicy({ ...context, isolationTag: props.isolationTag, isolateContainerHosts: props.isolateContainerHosts }),
      },
      props,
    );
  }
}

/** The partition of the literal region of the stack's default AWS provider, or "aws" when it has none. */
function partitionOfProviderRegion(scope: Construct): Partition {
  const provider = TerraformStack.of(scope)
    .node.findAll()
    .find((construct): construct is AwsProvider => construct instanceof AwsProvider && construct.alias === undefined);
  const region = provider?.region;
  return region === undefined || Token.isUnresolved(region) ? "aws" : partitionOfRegion(region);
}

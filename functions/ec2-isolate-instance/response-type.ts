/**
 * The EC2 response type: an EventBridge rule on EC2 Runtime Monitoring findings starts a state machine that keeps
 * the evidence (volume snapshots), then cuts the instance off the network; see docs/containment-ec2.md.
 */
import type { Partition } from "../aws/partition";
import { quarantineSecurityGroupName } from "../naming/resource-names";
import type { ResponseType } from "../response-types/contract";
import { RESPONSE_PIPELINE_ALARMS } from "../response-types/alarm-specs";
import { buildEc2RuntimeFindingPattern } from "./event-pattern";
import { buildEc2IsolationInputTransformer } from "./input-transformer";
import { ec2IsolationRoleGrants } from "./role-policy";
import { EC2_ISOLATE_INSTANCE_SIMULATED_ANSWERS } from "./simulated-answers";
import { buildEc2IsolationDefinition, EC2_ISOLATION_OUTCOMES, EC2_ISOLATION_SUBJECTS, type Ec2IsolationTag } from "./state-machine";

/** What the EC2 response type is built from. */
export interface Ec2IsolateInstanceProps {
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
   * @default - the partition of the stack's literal region, "aws" when that region is not a literal
   */
  readonly partition?: Partition;
}

export const EC2_ISOLATE_INSTANCE: ResponseType<Ec2IsolateInstanceProps> = {
  id: "ec2-isolate-instance",
  title: "EC2 instance isolation",
  constructName: "Ec2InstanceIsolation",
  resourceNameSuffix: "ec2",
  findingResource: { resourceType: "Instance", description: "an EC2 instance" },
  pipelineText: {
    ruleDescription: "GuardDuty Runtime Monitoring findings on EC2 instances",
    stateMachineRoleDescription: "Isolates EC2 instances reported by GuardDuty Runtime Monitoring and notifies the topic",
    eventsRoleDescription: "Lets the EventBridge rule start the EC2 isolation state machine",
    rolePolicyName: "isolate-instances-and-notify",
    eventsRolePolicyName: "start-ec2-isolation-state-machine",
    targetId: "ec2-isolation-state-machine",
  },
  exampleProps: {},

  // The workflow's builder checks its props (Ec2IsolationPropsError) when the definition is built.
  validate: () => undefined,
  eventPattern: (props) => buildEc2RuntimeFindingPattern({ includeSelfManagedContainers: props.includeSelfManagedContainers }),
  inputTransformer: () => buildEc2IsolationInputTransformer(),
  definition: (props, context) =>
    buildEc2IsolationDefinition({
      topicArn: context.topicArn,
      // Unique per VPC: the workflow finds or creates it in the instance's VPC.
      quarantineSecurityGroupName: props.quarantineSecurityGroupName ?? quarantineSecurityGroupName(context.namePrefix),
      dryRun: props.dryRun,
      exemptionTag: props.exemptionTag,
      isolationTag: props.isolationTag,
      consoleDomain: props.consoleDomain,
      isolateContainerHosts: props.isolateContainerHosts,
      containerHostTagKeys: props.containerHostTagKeys,
      // The workflow checks partition-specific names at synth time: a literal partition.
      partition: props.partition ?? context.literalPartition,
    }),
  grants: (props, context) => ec2IsolationRoleGrants({ ...context, isolationTag: props.isolationTag, isolateContainerHosts: props.isolateContainerHosts }),
  alarms: RESPONSE_PIPELINE_ALARMS,
  review: () => ({
    description:
      "Reads the instance the finding names and its Auto Scaling group; an instance not found or terminated, exempt by tag, already isolated, or a container host (EKS node or ECS container instance, unless isolateContainerHosts) is only reported, and so is everything in a dry run. Otherwise it snapshots every attached EBS volume (evidence first), tags the instance isolated, detaches it from its Auto Scaling group, and replaces the security groups of every network interface with a quarantine group without rules (connections already tracked continue until they time out); it tells the topic what it did, and an execution that could not act fails after notifying.",
    outcomes: EC2_ISOLATION_OUTCOMES.map((name) => ({ name, subject: EC2_ISOLATION_SUBJECTS[name] })),
  }),
  simulatedAnswers: EC2_ISOLATE_INSTANCE_SIMULATED_ANSWERS,
};

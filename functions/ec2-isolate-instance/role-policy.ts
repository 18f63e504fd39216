/**
 * Identity policy of the EC2 isolation state machine role: exactly the calls of `state-machine.ts`, each on the
 * narrowest resources IAM lets us name at synth time (the instance, its volumes and network interfaces are
 * only known at run time, so those are "any of this account and region"), and conditions wherever EC2 offers
 * them:
 *
 * | call                               | resource                                    | condition                                                   |
 * | ---------------------------------- | ------------------------------------------- | ----------------------------------------------------------- |
 * | ec2:DescribeInstances, ec2:DescribeSecurityGroups | `*` (no resource-level permissions) | `ec2:Region` = the region                          |
 * | autoscaling:DescribeAutoScalingInstances, autoscaling:DescribeAutoScalingGroups | `*` (no resource-level permissions) | -          |
 * | ecs:ListClusters                   | `*` (no resource type, no condition key)    | -                                                           |
 * | ecs:ListContainerInstances         | `cluster/*` of this account and region      | - (its only key is `aws:ResourceTag`: clusters are any)     |
 * | ec2:CreateSnapshot                 | `volume/*`                                  | -                                                           |
 * | ec2:CreateSnapshot                 | `snapshot/*` (the new snapshot)             | the finding id tag in the request; only the evidence tag keys |
 * | ec2:CreateTags                     | `snapshot/*`                                | `ec2:CreateAction` = CreateSnapshot (tag on create only)    |
 * | ec2:CreateSecurityGroup            | `security-group/*`                          | the request tags the group `guardduty-quarantine=true`      |
 * | ec2:CreateSecurityGroup            | `vpc/*`                                     | -                                                           |
 * | ec2:CreateTags                     | `security-group/*`                          | `ec2:CreateAction` = CreateSecurityGroup                    |
 * | ec2:RevokeSecurityGroupEgress/Ingress | `security-group/*`                       | the group carries `guardduty-quarantine=true`               |
 * | ec2:CreateTags                     | `instance/*`                                | only the isolation tag (its configured value) and the finding id tag |
 * | autoscaling:DetachInstances        | `autoScalingGroup:*:autoScalingGroupName/*` | -                                                           |
 * | ec2:ModifyNetworkInterfaceAttribute | `network-interface/*`, `subnet/*`          | -                                                           |
 * | ec2:ModifyNetworkInterfaceAttribute | `security-group/*`                         | the group carries `guardduty-quarantine=true`: interfaces can only be moved INTO a quarantine group |
 * | ec2:ModifyNetworkInterfaceAttribute | `instance/*`                               | the instance carries the isolation tag (set just before)    |
 * | sns:Publish                        | the topic                                   | -                                                           |
 *
 * plus the Step Functions log delivery actions (`*`), and optionally KMS for an encrypted topic and X-Ray.
 *
 * The two ECS reads find an instance registered to an ECS cluster without tags (see the state machine); with
 * `isolateContainerHosts` the workflow does not ask ECS, and they are not granted. Their resource types and keys are
 * the service authorization reference's ("Actions, resources, and condition keys for Amazon Elastic Container
 * Service", https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html):
 * ListClusters has no resource type (only `*`), ListContainerInstances requires `cluster`
 * (`arn:${Partition}:ecs:${Region}:${Account}:cluster/${ClusterName}`) with `aws:ResourceTag/${TagKey}` only.
 *
 * The optional resource types of ModifyNetworkInterfaceAttribute (instance, subnet, security-group) are
 * granted so that the call is not denied if IAM evaluates them; the network interface is the required one.
 * A quarantine group created by hand must carry `guardduty-quarantine=true`, or attaching it is denied.
 *
 * Not granted (UNCONFIRMED whether needed): KMS permissions for snapshots of volumes encrypted with a customer
 * managed key; CreateSnapshot of such a volume is expected to work without them (EBS uses the volume's grant).
 */
import type { PolicyDocument } from "../iam/policy-document";
import type { ResponseRolePolicyProps } from "../iam/response-role-statements";
import type { RoleGrant } from "../response-types/contract";
import { integrationNeed, notifyLogAndTraceGrants, rolePolicyOf } from "../response-types/role-policy";
import {
  buildEc2IsolationDefinition,
  EC2_EVIDENCE_TAG_KEYS,
  EC2_ISOLATION_DEFAULT_ISOLATION_TAG,
  EC2_QUARANTINE_GROUP_TAG,
  type Ec2IsolationTag,
} from "./state-machine";

/** Partition, region and account are those whose instances may be isolated. */
export interface Ec2IsolationStateMachinePolicyProps extends ResponseRolePolicyProps {
  /**
   * The isolation tag of the state machine (the role may put only this tag, and the finding id tag, on instances).
   * @default { key: "guardduty-response", value: "isolated" }
   */
  readonly isolationTag?: Ec2IsolationTag;
  /**
   * The state machine isolates container hosts (it does not ask ECS): no ECS permission is granted.
   * @default false
   */
  readonly isolateContainerHosts?: boolean;
}

/** The IAM actions of the EC2 isolation workflow (log delivery, KMS and X-Ray aside). */
export const EC2_ISOLATION_ROLE_ACTIONS = [
  "ec2:DescribeInstances",
  "ec2:DescribeSecurityGroups",
  "autoscaling:DescribeAutoScalingInstances",
  "autoscaling:DescribeAutoScalingGroups",
  "ec2:CreateSnapshot",
  "ec2:CreateTags",
  "ec2:CreateSecurityGroup",
  "ec2:RevokeSecurityGroupEgress",
  "ec2:RevokeSecurityGroupIngress",
  "autoscaling:DetachInstances",
  "ec2:ModifyNetworkInterfaceAttribute",
  "ecs:ListClusters",
  "ecs:ListContainerInstances",
  "sns:Publish",
] as const;

/** The ECS reads that recognise an ECS container instance without tags. */
export const EC2_ISOLATION_ECS_ACTIONS = ["ecs:ListClusters", "ecs:ListContainerInstances"] as const;

/**
 * What the EC2 isolation workflow needs from its role, per Task integration (see the module comment), in the
 * order the role policy lists them.
 */
export function ec2IsolationRoleGrants(props: Ec2IsolationStateMachinePolicyProps): RoleGrant[] {
  const isolationTag = props.isolationTag ?? EC2_ISOLATION_DEFAULT_ISOLATION_TAG;
  const ec2 = `arn:${props.partition}:ec2:${props.region}:${props.accountId}`;
  // Snapshot ARNs have no account: arn:<partition>:ec2:<region>::snapshot/<id>.
  const snapshots = `arn:${props.partition}:ec2:${props.region}::snapshot/*`;
  const groups = `${ec2}:security-group/*`;
  const quarantineGroupOnly = { StringEquals: { [`aws:ResourceTag/${EC2_QUARANTINE_GROUP_TAG.key}`]: EC2_QUARANTINE_GROUP_TAG.value } };
  const sdk = (service: string, ...actions: string[]) => actions.map((action) => integrationNeed(`aws-sdk:${service}:${action}`));
  const common = notifyLogAndTraceGrants(props);

  return [
    {
      neededBy: sdk("ec2", "describeInstances", "describeSecurityGroups"),
      statements: [
        {
          Sid: "DescribeInstancesAndSecurityGroups",
          Effect: "Allow",
          Action: ["ec2:DescribeInstances", "ec2:DescribeSecurityGroups"],
          Resource: "*",
          Condition: { StringEquals: { "ec2:Region": props.region } },
        },
      ],
    },
    {
      neededBy: sdk("autoscaling", "describeAutoScalingInstances", "describeAutoScalingGroups"),
      statements: [
        {
          Sid: "FindTheAutoScalingGroupAndItsTags",
          Effect: "Allow",
          Action: ["autoscaling:DescribeAutoScalingInstances", "autoscaling:DescribeAutoScalingGroups"],
          Resource: "*",
        },
      ],
    },
    {
      // The snapshot is tagged in the CreateSnapshot request (TagSpecifications): CreateTags on create only.
      neededBy: sdk("ec2", "createSnapshot"),
      statements: [
        { Sid: "SnapshotVolumes", Effect: "Allow", Action: "ec2:CreateSnapshot", Resource: `${ec2}:volume/*` },
        {
          Sid: "CreateEvidenceSnapshots",
          Effect: "Allow",
          Action: "ec2:CreateSnapshot",
          Resource: snapshots,
          Condition: {
            StringLike: { [`aws:RequestTag/${EC2_EVIDENCE_TAG_KEYS.findingId}`]: "?*" },
            "ForAllValues:StringEquals": { "aws:TagKeys": Object.values(EC2_EVIDENCE_TAG_KEYS) },
          },
        },
        {
          Sid: "TagEvidenceSnapshotsOnCreate",
          Effect: "Allow",
          Action: "ec2:CreateTags",
          Resource: snapshots,
          Condition: { StringEquals: { "ec2:CreateAction": "CreateSnapshot" } },
        },
      ],
    },
    {
      // The group is tagged in the CreateSecurityGroup request (TagSpecifications): CreateTags on create only.
      neededBy: sdk("ec2", "createSecurityGroup"),
      statements: [
        {
          Sid: "CreateTheQuarantineGroup",
          Effect: "Allow",
          Action: "ec2:CreateSecurityGroup",
          Resource: groups,
          Condition: { StringEquals: { [`aws:RequestTag/${EC2_QUARANTINE_GROUP_TAG.key}`]: EC2_QUARANTINE_GROUP_TAG.value } },
        },
        { Sid: "CreateTheQuarantineGroupInAnyVpc", Effect: "Allow", Action: "ec2:CreateSecurityGroup", Resource: `${ec2}:vpc/*` },
        {
          Sid: "TagTheQuarantineGroupOnCreate",
          Effect: "Allow",
          Action: "ec2:CreateTags",
          Resource: groups,
          Condition: { StringEquals: { "ec2:CreateAction": "CreateSecurityGroup" } },
        },
      ],
    },
    {
      neededBy: sdk("ec2", "revokeSecurityGroupEgress", "revokeSecurityGroupIngress"),
      statements: [
        {
          Sid: "EmptyTheQuarantineGroup",
          Effect: "Allow",
          Action: ["ec2:RevokeSecurityGroupEgress", "ec2:RevokeSecurityGroupIngress"],
          Resource: groups,
          Condition: quarantineGroupOnly,
        },
      ],
    },
    {
      neededBy: sdk("ec2", "createTags"),
      statements: [
        {
          Sid: "MarkTheInstanceIsolated",
          Effect: "Allow",
          Action: "ec2:CreateTags",
          Resource: `${ec2}:instance/*`,
          Condition: {
            StringEquals: { [`aws:RequestTag/${isolationTag.key}`]: isolationTag.value },
            "ForAllValues:StringEquals": { "aws:TagKeys": [isolationTag.key, EC2_EVIDENCE_TAG_KEYS.findingId] },
          },
        },
      ],
    },
    {
      neededBy: sdk("autoscaling", "detachInstances"),
      statements: [
        {
          Sid: "DetachFromAutoScalingGroups",
          Effect: "Allow",
          Action: "autoscaling:DetachInstances",
          Resource: `arn:${props.partition}:autoscaling:${props.region}:${props.accountId}:autoScalingGroup:*:autoScalingGroupName/*`,
        },
      ],
    },
    {
      neededBy: sdk("ec2", "modifyNetworkInterfaceAttribute"),
      statements: [
        {
          Sid: "ReplaceSecurityGroupsOfNetworkInterfaces",
          Effect: "Allow",
          Action: "ec2:ModifyNetworkInterfaceAttribute",
          Resource: [`${ec2}:network-interface/*`, `${ec2}:subnet/*`],
        },
        {
          Sid: "AttachOnlyTheQuarantineGroup",
          Effect: "Allow",
          Action: "ec2:ModifyNetworkInterfaceAttribute",
          Resource: groups,
          Condition: quarantineGroupOnly,
        },
        {
          Sid: "OnlyInterfacesOfIsolatedInstances",
          Effect: "Allow",
          Action: "ec2:ModifyNetworkInterfaceAttribute",
          Resource: `${ec2}:instance/*`,
          Condition: { StringEquals: { [`aws:ResourceTag/${isolationTag.key}`]: isolationTag.value } },
        },
      ],
    },
    ...ecsContainerInstanceGrants(props),
    common.publish,
    common.logging,
    common.topicKey,
    common.tracing,
  ];
}

/** Identity policy of the EC2 isolation state machine role (see the module comment): its grants, for what the workflow calls. */
export function buildEc2IsolationStateMachinePolicy(props: Ec2IsolationStateMachinePolicyProps): PolicyDocument {
  const definition = buildEc2IsolationDefinition({
    topicArn: props.topicArn,
    // The quarantine group's name does not change which calls the workflow makes.
    quarantineSecurityGroupName: "quarantine",
    isolationTag: props.isolationTag,
    isolateContainerHosts: props.isolateContainerHosts,
  });
  return rolePolicyOf(ec2IsolationRoleGrants(props), definition, props);
}

/**
 * ListClusters (any: it has no resource type) and ListContainerInstances on the clusters of this account and
 * region. With `isolateContainerHosts` the states stay in the definition but are never reached: nothing granted.
 */
function ecsContainerInstanceGrants(props: Ec2IsolationStateMachinePolicyProps): RoleGrant[] {
  if (props.isolateContainerHosts === true) {
    return [
      {
        neededBy: [integrationNeed("aws-sdk:ecs:listClusters"), integrationNeed("aws-sdk:ecs:listContainerInstances")],
        statements: [],
        reason: "isolateContainerHosts: the workflow does not ask ECS whether the instance is a container instance (its Choice never reaches these states)",
      },
    ];
  }
  return [
    {
      neededBy: [integrationNeed("aws-sdk:ecs:listClusters")],
      statements: [{ Sid: "ListEcsClusters", Effect: "Allow", Action: "ecs:ListClusters", Resource: "*" }],
    },
    {
      neededBy: [integrationNeed("aws-sdk:ecs:listContainerInstances")],
      statements: [
        {
          Sid: "FindTheInstanceAmongEcsContainerInstances",
          Effect: "Allow",
          Action: "ecs:ListContainerInstances",
          Resource: `arn:${props.partition}:ecs:${props.region}:${props.accountId}:cluster/*`,
        },
      ],
    },
  ];
}

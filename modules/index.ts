/**
 * The construct library: what `npm pack` ships (package.json `main`, `types`, `exports` point at its compiled
 * dist/modules/index.js and .d.ts). The app (main.ts, config/) is not part of it: a library user builds the
 * constructs from props, not from our config file. examples/library-app/ uses it as an installed package.
 *
 * Every construct of modules/ (a test checks that each modules/<name>/index.ts is exported here) and the response
 * type contract with its registered types (functions/response-types/), so a user can build a pipeline of a
 * registered type or of their own. Provider classes stay deep imports (`@cdktf/provider-aws/lib/...`) in the
 * compiled code, so loading the library never loads the provider's barrel.
 */

// Constructs.
export * from "./runtime-monitoring-stack";
export * from "./guardduty-detector";
export * from "./guardduty-organization";
export * from "./guardduty-agent-endpoint";
export * from "./response-pipeline";
export * from "./ecs-task-auto-stop";
export * from "./ec2-instance-isolation";
export * from "./eks-pod-containment";
export * from "./response-notifications";
export * from "./response-alarms";
export * from "./response-dead-letter-queue";
export * from "./coverage-health-notification";
export * from "./aws-context";
export * from "./state-backend";
export * from "./approval-approvers";
export * from "./safety-rails";

// The response type contract, the registered types and the pure helpers a new type uses.
export * from "../functions/response-types/contract";
export * from "../functions/response-types/registry";
export * from "../functions/response-types/role-policy";
export * from "../functions/response-types/alarm-specs";
export * from "../functions/response-types/simulated-answers";
export * from "../functions/response-types/task-integrations";
export * from "../functions/ecs-stop-task/response-type";
export * from "../functions/ec2-isolate-instance/response-type";
export * from "../functions/eks-contain-pod/response-type";

// Types the props and the contract above refer to, so a user can name them.
export type { FindingFilters } from "../functions/ecs-stop-task/finding-filters";
export type { GuardedExemptionTag } from "../functions/ecs-stop-task/guarded-state-machine";
export type { Ec2IsolationTag } from "../functions/ec2-isolate-instance/state-machine";
export type { EksContainPodAction, KubernetesLabel } from "../functions/eks-contain-pod/state-machine";
export type { EksContainPodAccess } from "../functions/eks-contain-pod/access-entry";
export type {
  DetectorFeatureName,
  FeatureStatus,
  FindingPublishingFrequency,
  OrganizationAutoEnable,
} from "../functions/guardduty/runtime-monitoring-features";
export type { ResponseRolePolicyProps } from "../functions/iam/response-role-statements";
export type { PolicyDocument, PolicyStatement } from "../functions/iam/policy-document";
export type { Partition } from "../functions/aws/partition";

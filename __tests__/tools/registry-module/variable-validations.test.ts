/**
 * The module's variable validations run by Terraform itself: terraform test plans the generated
 * variables.tf alone (no resources, no provider: offline) with each call's values (variable-validation-plan.ts).
 */
import { QUARANTINE_GROUP_NAME_ALLOWED } from "../../../functions/aws/security-group-name";
import { removeTemporaryFolders } from "./module-fixture";
import { named, whenPlanned } from "./variable-validation-plan";

afterAll(removeTemporaryFolders);

const guardedEc2 = { workflow: "guarded", create_ec2_isolation: true, create_eks_containment: false };

describe("approval gate variables, validated by Terraform as the config loader validates safety_rails.approval_gate", () => {
  whenPlanned(
    named("a gate per pipeline with a timeout, on_timeout and threshold within the loader's ranges is valid"),
    // GIVEN gates on the ECS (guarded) and EC2 pipelines, approvers with MFA WHEN planned THEN there is no error
    {
      errors: {
        ...guardedEc2,
        ecs_auto_stop_approval_gate: { timeout_seconds: 60, min_severity: 0 },
        ec2_isolation_approval_gate: { timeout_seconds: 604800, on_timeout: "act", min_severity: 10 },
        approver_role_names: ["incident-approver"],
        approver_group_names: ["security+oncall@x"],
        approver_require_mfa: true,
      },
    },
    ({ errors }) => {
      expect(errors).toEqual([]);
    },
  );

  whenPlanned(
    named("a timeout outside 60-604800 or not whole, an unknown on_timeout and a threshold above 10 are refused"),
    // GIVEN each value the loader refuses, in a gate of its own pipeline
    {
      errors: {
        ...guardedEc2,
        create_eks_containment: true,
        eks_cluster_names: ["prod"],
        eks_namespaces: ["web"],
        ecs_auto_stop_approval_gate: { timeout_seconds: 59 },
        ec2_isolation_approval_gate: { timeout_seconds: 90.5, on_timeout: "later" },
        eks_containment_approval_gate: { timeout_seconds: 604801, min_severity: 10.5 },
      },
    },
    ({ errors }) => {
      // THEN each is refused with its message
      expect(errors.sort()).toEqual(
        [
          "ecs_auto_stop_approval_gate.timeout_seconds must be a whole number from 60 to 604800.",
          "ec2_isolation_approval_gate.timeout_seconds must be a whole number from 60 to 604800.",
          "ec2_isolation_approval_gate.on_timeout must be one of hold, act.",
          "eks_containment_approval_gate.timeout_seconds must be a whole number from 60 to 604800.",
          "eks_containment_approval_gate.min_severity must be a number from 0 to 10.",
        ].sort(),
      );
    },
  );

  whenPlanned(
    named("an ECS gate with the seed workflow and an EC2 gate without its pipeline are refused, as the loader's rules"),
    // GIVEN an ECS gate with workflow seed, and an EC2 gate with create_ec2_isolation false
    {
      errors: {
        workflow: "seed",
        ecs_auto_stop_approval_gate: { timeout_seconds: 600 },
        ec2_isolation_approval_gate: { timeout_seconds: 600 },
      },
    },
    ({ errors }) => {
      // THEN both are refused with the loader's reasons
      expect(errors.sort()).toEqual(
        [
          'ecs_auto_stop_approval_gate needs workflow on: a gate of a pipeline that is not deployed would be ignored, and the seed workflow has no place for an approval gate (workflow = "guarded").',
          "ec2_isolation_approval_gate needs create_ec2_isolation on: a gate of a pipeline that is not deployed would be ignored.",
        ].sort(),
      );
    },
  );

  whenPlanned(
    named("an EC2 gate next to the seed ECS workflow is valid (the loader refuses only the ECS rails there)"),
    // GIVEN the seed ECS workflow and a gate on the EC2 pipeline WHEN planned THEN there is no error
    {
      errors: { create_ec2_isolation: true, ec2_isolation_approval_gate: { timeout_seconds: 600 } },
    },
    ({ errors }) => {
      expect(errors).toEqual([]);
    },
  );

  whenPlanned(
    named("approver names that are not IAM names, or given twice, are refused"),
    // GIVEN a role name with a space, a group name given twice, and a 65-character role name
    {
      errors: { approver_role_names: ["on call", "r".repeat(65)], approver_group_names: ["ops", "ops"] },
    },
    ({ errors }) => {
      // THEN each list is refused with its message
      expect(errors.sort()).toEqual(
        [
          "Each approver_role_names item must be an IAM role name (1-64 of A-Z a-z 0-9 _+=,.@-).",
          "Each value of approver_group_names may appear only once.",
        ].sort(),
      );
    },
  );
});

describe("the kill switch and caps, validated by Terraform as the loader's rules (refused only with the seed ECS workflow deployed)", () => {
  whenPlanned(
    named("without the ECS pipeline, the seed workflow with the kill switch and EC2 and EKS caps is valid"),
    // GIVEN create_ecs_auto_stop false, workflow seed, the kill switch and a cap on the EC2 and EKS pipelines
    {
      errors: {
        create_ecs_auto_stop: false,
        workflow: "seed",
        kill_switch: true,
        create_ec2_isolation: true,
        ec2_isolation_blast_radius_cap: { max_actions: 5 },
        create_eks_containment: true,
        eks_cluster_names: ["prod"],
        eks_namespaces: ["web"],
        eks_containment_blast_radius_cap: { max_actions: 3, window: "day" },
      },
    },
    ({ errors }) => {
      // WHEN planned THEN there is no error
      expect(errors).toEqual([]);
    },
  );

  whenPlanned(
    named("with the seed ECS workflow deployed, the kill switch and the ECS cap are refused and an EC2 cap is valid"),
    // GIVEN the ECS pipeline on the seed workflow, the kill switch, an ECS cap and an EC2 cap
    {
      errors: {
        workflow: "seed",
        kill_switch: true,
        ecs_auto_stop_blast_radius_cap: { max_actions: 5 },
        create_ec2_isolation: true,
        ec2_isolation_blast_radius_cap: { max_actions: 5 },
      },
    },
    ({ errors }) => {
      // WHEN planned THEN the kill switch and the ECS cap are refused with the loader's reasons, the EC2 cap is not
      expect(errors.sort()).toEqual(
        [
          'kill_switch needs workflow on: the seed ECS workflow, when deployed, has no place for safety rails (workflow = "guarded", or create_ecs_auto_stop = false).',
          'ecs_auto_stop_blast_radius_cap needs workflow on: a cap of a pipeline that is not deployed would be ignored, and the seed workflow has no place for safety rails (workflow = "guarded").',
        ].sort(),
      );
    },
  );

  whenPlanned(
    named("an EC2 cap without the EC2 pipeline is refused"),
    // GIVEN an EC2 cap with create_ec2_isolation false
    {
      errors: { workflow: "guarded", ec2_isolation_blast_radius_cap: { max_actions: 5 } },
    },
    ({ errors }) => {
      // WHEN planned THEN it is refused with the loader's reason
      expect(errors).toEqual(["ec2_isolation_blast_radius_cap needs create_ec2_isolation on: a cap of a pipeline that is not deployed would be ignored."]);
    },
  );
});

describe("detector_features, validated by Terraform as the config validates detector.features", () => {
  whenPlanned(
    named("plans enabled and disabled on an adopted detector are valid"),
    // GIVEN an adopted detector with one plan ENABLED and one DISABLED WHEN planned THEN there is no error
    {
      errors: {
        create_detector: false,
        detector_id: "0123456789abcdef0123456789abcdef",
        detector_features: { S3_DATA_EVENTS: "ENABLED", RDS_LOGIN_EVENTS: "DISABLED" },
      },
    },
    ({ errors }) => {
      expect(errors).toEqual([]);
    },
  );

  whenPlanned(
    named("RUNTIME_MONITORING as a plan, the legacy EKS_RUNTIME_MONITORING and a status other than ENABLED or DISABLED are refused"),
    // GIVEN each key or status the loader refuses
    {
      errors: { detector_features: { RUNTIME_MONITORING: "ENABLED", EKS_RUNTIME_MONITORING: "DISABLED", S3_DATA_EVENTS: "on" } },
    },
    ({ errors }) => {
      // THEN each is refused with its message
      expect(errors.sort()).toEqual(
        [
          "The detector_features keys must be among S3_DATA_EVENTS, EKS_AUDIT_LOGS, EBS_MALWARE_PROTECTION, RDS_LOGIN_EVENTS, LAMBDA_NETWORK_LOGS.",
          "The detector_features key EKS_RUNTIME_MONITORING is refused: RUNTIME_MONITORING (enable_runtime_monitoring) replaces it and GuardDuty refuses both on one detector.",
          "Each detector_features status must be ENABLED or DISABLED.",
        ].sort(),
      );
    },
  );
});

describe("the EC2 and EKS pipelines' own variables, validated by Terraform as the config validates them", () => {
  whenPlanned(
    named("a quarantine group name starting with sg-, an unknown EKS action and an aws: container host tag key are refused"),
    // GIVEN each value the config refuses
    {
      errors: {
        ec2_quarantine_security_group_name: "SG-quarantine",
        eks_action: "evict",
        ec2_container_host_tag_keys: ["aws:autoscaling:groupName"],
      },
    },
    ({ errors }) => {
      // THEN each is refused with its message
      expect(errors.sort()).toEqual(
        [
          `The ec2_quarantine_security_group_name must be ${QUARANTINE_GROUP_NAME_ALLOWED}.`,
          'The eks_action must be "isolate" or "delete".',
          "Each ec2_container_host_tag_keys item must be 1-128 letters, digits, spaces and _.:/=+-@, not starting with aws:.",
        ].sort(),
      );
    },
  );

  whenPlanned(
    named("a quarantine group name of the allowed characters and the delete action are valid"),
    // GIVEN values the config accepts WHEN planned THEN there is no error
    {
      errors: { ec2_quarantine_security_group_name: "acme quarantine:1/@+=", eks_action: "delete" },
    },
    ({ errors }) => {
      expect(errors).toEqual([]);
    },
  );
});

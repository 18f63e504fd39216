/**
 * The config file's settings: names, types, defaults and descriptions. `docs/config-reference.md`
 * is generated from this file (`npm run docs:config`) and a test keeps it current.
 */
import { AWS_REGIONS, describeRegions, RUNTIME_MONITORING_REGIONS } from "../functions/aws/regions";
import { DETECTOR_FEATURE_NAMES, FINDING_PUBLISHING_FREQUENCIES, RUNTIME_MONITORING } from "../functions/guardduty/runtime-monitoring-features";
import { approvalGateSettings } from "./approval-gate-settings";
import { bool, dict, int, list, num, obj, oneOf, optional, str } from "./fields";
import { FORMATS } from "./patterns";

/** CloudWatch Logs accepts only these retention periods. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** functions/aws/regions.ts: Runtime Monitoring is not offered in the China partition, nor in a Region that does not exist. */
const RUNTIME_MONITORING_REGION_EXPECTED = describeRegions(
  RUNTIME_MONITORING_REGIONS,
  "an AWS Region where GuardDuty Runtime Monitoring is offered, not in the China partition",
);
const runtimeMonitoringRegion = (description: string, dflt?: string) =>
  str({ description, oneOf: RUNTIME_MONITORING_REGIONS, expected: RUNTIME_MONITORING_REGION_EXPECTED, default: dflt });

/** An EKS add-on version (agent_endpoints[].eks_addon.addon_version). */
export const EKS_ADDON_VERSION = { pattern: /^v\d+\.\d+\.\d+-eksbuild\.\d+$/, expected: "an add-on version like v1.10.0-eksbuild.2" };

const accountId = str({ description: "AWS account id.", ...FORMATS.accountId });

const runtimeMonitoring = obj(
  {
    enabled: bool({
      description: "Enable the RUNTIME_MONITORING detector feature. When false it is still written, as DISABLED (removing the resource would not disable it).",
      default: true,
    }),
    eks_addon_management: bool({
      description:
        "GuardDuty installs and updates the EKS add-on agent (EKS_ADDON_MANAGEMENT). Set false to manage it yourself (see agent_endpoints[].eks_addon).",
      default: true,
    }),
    ec2_agent_management: bool({ description: "GuardDuty deploys and updates the agent on EC2 instances (EC2_AGENT_MANAGEMENT).", default: true }),
    ecs_fargate_agent_management: bool({
      description: "GuardDuty injects the agent sidecar into ECS Fargate tasks (ECS_FARGATE_AGENT_MANAGEMENT). Fargate agents can only be GuardDuty-managed.",
      default: true,
    }),
  },
  { description: "The RUNTIME_MONITORING feature and its three agent-management settings, always written explicitly.", optional: true },
);

const detector = obj(
  {
    create: optional(
      bool({
        description:
          "Create the account and region's detector. false without existing_detector_id: look up the one that exists (e.g. the one GuardDuty enabled for an organization member) and manage only its features.",
      }),
      "true, unless existing_detector_id is set",
    ),
    existing_detector_id: optional(
      str({
        description: "Adopt the detector that already exists in this account and region (there can be only one) instead of creating one.",
        ...FORMATS.detectorId,
      }),
      "none: a detector is created",
    ),
    import_existing: bool({
      description:
        "With existing_detector_id: bring the detector itself under Terraform (an import block), so finding_publishing_frequency applies and `destroy` would delete it. When false only its features are managed.",
      default: false,
    }),
    finding_publishing_frequency: optional(
      oneOf(FINDING_PUBLISHING_FREQUENCIES, { description: "How often updated findings are published to EventBridge." }),
      "SIX_HOURS for a created detector; unchanged for an adopted one",
    ),
    runtime_monitoring: runtimeMonitoring,
    features: dict(oneOf(["ENABLED", "DISABLED"] as const, { description: "Feature status." }), {
      description: `The optional protection plans (S3_DATA_EVENTS, EKS_AUDIT_LOGS, EBS_MALWARE_PROTECTION, RDS_LOGIN_EVENTS, LAMBDA_NETWORK_LOGS), by name, with their status. A created detector writes every plan: those not set here are written DISABLED (GuardDuty would otherwise enable them all, and bill for them; a plan GuardDuty does not offer in a Region, RDS_LOGIN_EVENTS in ap-east-2, is not written there and cannot be set ENABLED). An adopted detector (existing_detector_id, or create false) changes only the plans set here. ${RUNTIME_MONITORING} is set through runtime_monitoring; the legacy EKS_RUNTIME_MONITORING cannot be combined with it.`,
      keys: DETECTOR_FEATURE_NAMES.filter((n) => n !== RUNTIME_MONITORING),
      default: {},
    }),
  },
  { description: "The GuardDuty detector of this account and region.", optional: true },
);

const eksAddon = obj(
  {
    cluster_names: list(str({ description: "EKS cluster name.", ...FORMATS.eksClusterName }), {
      description: "Clusters that get the aws-guardduty-agent add-on.",
      minItems: 1,
      unique: true,
    }),
    addon_version: optional(str({ description: "Add-on version.", ...EKS_ADDON_VERSION }), "the default version for each cluster's Kubernetes version"),
  },
  {
    description: "Manual EKS agent management: the aws-guardduty-agent add-on for the named clusters (set runtime_monitoring.eks_addon_management to false).",
    optional: false,
  },
);

const agentEndpoint = obj(
  {
    name: str({
      description: "Short name of this endpoint, unique in the list; used in resource names.",
      pattern: /^[a-z][a-z0-9-]{0,19}$/,
      expected: "1-20 lowercase letters, digits and hyphens, starting with a letter",
    }),
    vpc_id: str({ description: "The VPC whose workloads send runtime events through this endpoint.", ...FORMATS.vpcId }),
    subnet_ids: list(str({ description: "Subnet id.", ...FORMATS.subnetId }), {
      description: "Subnets for the endpoint's network interfaces (one per Availability Zone).",
      minItems: 1,
      unique: true,
    }),
    allowed_cidrs: optional(
      list(str({ description: "IPv4 CIDR.", ...FORMATS.ipv4Cidr }), {
        description: "Sources allowed to reach the endpoint on TCP 443.",
        minItems: 1,
        unique: true,
      }),
      "the VPC's IPv4 CIDR blocks, looked up with the aws_vpc data source",
    ),
    allowed_account_ids: optional(
      list(accountId, { description: "Accounts whose principals may use the endpoint.", minItems: 1, unique: true }),
      "the account being deployed to",
    ),
    organization_id: optional(
      str({ description: "Let any principal of this organization use the endpoint instead of listing accounts.", ...FORMATS.organizationId }),
      "none",
    ),
    private_dns_enabled: bool({
      description: "Private DNS for guardduty-data: the agent resolves the regional name, so turning it off breaks the agent unless you run your own DNS.",
      default: true,
    }),
    eks_addon: optional(eksAddon, "none: no add-on is installed"),
  },
  { description: "One interface endpoint to guardduty-data." },
);

const notifications = obj(
  {
    emails: list(str({ description: "Email address.", ...FORMATS.email }), {
      description: "Email subscriptions of the notification topic (each must confirm by email).",
      unique: true,
      default: [],
    }),
    existing_topic_arn: optional(
      str({
        description:
          "Publish notices to this topic instead of creating one. Its policy and key are yours: grant the response roles sns:Publish (and kms:GenerateDataKey*, kms:Decrypt on its key).",
        ...FORMATS.snsTopicArn,
      }),
      "a topic named <name>-<environment>-topic is created",
    ),
    encrypt: bool({
      description:
        "Encrypt the topic, the dead-letter queue and the execution logs with a customer managed KMS key whose policy admits every publisher (an AWS managed key would silently drop CloudWatch and EventBridge messages).",
      default: true,
    }),
    existing_kms_key_arn: optional(
      str({
        description: "Use this customer managed key instead of creating one; its key policy must admit the publishers (see docs/containment-choices.md).",
        ...FORMATS.kmsKeyArn,
      }),
      "a key is created when encrypt is true",
    ),
    coverage_unhealthy: bool({
      description: 'Also send GuardDuty\'s "Runtime Protection Unhealthy" coverage events to the topic (needs the created topic).',
      default: false,
    }),
  },
  { description: "Where containment notices, alarms and coverage events go: one SNS topic per stack.", optional: true },
);

/** How findings reach a response state machine and how it is watched: the same for every pipeline. */
const delivery = {
  dead_letter_queue: bool({
    description:
      "Send findings EventBridge could not deliver to the state machine (after its retries) to an encrypted SQS queue, with an alarm, instead of dropping them.",
    default: true,
  }),
  maximum_event_age_in_seconds: int({
    description: "How long EventBridge keeps retrying to start the state machine for a finding.",
    min: 60,
    max: 86400,
    default: 86400,
  }),
  maximum_retry_attempts: int({ description: "How many times EventBridge retries to start the state machine.", min: 0, max: 185, default: 185 }),
  alarms: bool({
    description: "CloudWatch alarms to the topic: executions failed, timed out, throttled or aborted, failed rule invocations, dead letters.",
    default: true,
  }),
  log_retention_in_days: int({
    description: "Retention of the state machine's execution log group.",
    min: 1,
    max: 3653,
    oneOf: LOG_RETENTION_DAYS,
    default: 365,
  }),
  log_level: oneOf<"ALL" | "ERROR" | "FATAL" | "OFF">(["ALL", "ERROR", "FATAL", "OFF"], { description: "Execution log level.", default: "ALL" }),
  include_execution_data: bool({
    description: "Log execution input and output. Off by default: findings carry attacker-controlled command lines.",
    default: false,
  }),
  tracing: bool({ description: "X-Ray tracing of executions.", default: false }),
};

const tagOption = (description: string, defaultText: string) =>
  optional(
    obj(
      {
        key: str({ description: "Tag key.", ...FORMATS.tagKey }),
        value: str({ description: "Tag value.", pattern: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u, expected: "a tag value of at most 256 characters" }),
      },
      { description },
    ),
    defaultText,
  );

const kubernetesLabel = (description: string, defaultText: string) =>
  optional(
    obj(
      {
        key: str({
          description: "Label key.",
          pattern: /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/,
          expected: "a Kubernetes label key",
        }),
        value: str({
          description: "Label value.",
          pattern: /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/,
          expected: "a Kubernetes label value (at most 63 characters)",
        }),
      },
      { description },
    ),
    defaultText,
  );

const namespaceName = str({ description: "Kubernetes namespace.", pattern: /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, expected: "a Kubernetes namespace name" });

const ec2Isolation = obj(
  {
    enabled: bool({
      description:
        "Deploy the pipeline that isolates EC2 instances Runtime Monitoring reports (snapshot, tag, detach from Auto Scaling, quarantine security group).",
      default: false,
    }),
    dry_run: bool({ description: "Notify what would be done, change nothing.", default: false }),
    quarantine_security_group_name: optional(
      str({ description: "Quarantine security group name.", pattern: /^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]{1,255}$/, expected: "a security group name" }),
      "<name>-<environment>-quarantine",
    ),
    exemption_tag: tagOption("An instance with this tag is only reported.", "guardduty-response=exempt"),
    isolation_tag: tagOption("Tag set on an isolated instance (a second finding then does nothing).", "guardduty-response=isolated"),
    include_self_managed_containers: bool({
      description: "Also isolate the host of a self-managed container finding (resourceType Container).",
      default: false,
    }),
    isolate_container_hosts: bool({
      description:
        "Also isolate EKS worker nodes and ECS container instances. Off, an instance that shows any sign of one (the tags EKS, Karpenter, eksctl and ECS put on the instance or its Auto Scaling group, an eks- group name, a key of container_host_tag_keys) is only reported with what to do instead: isolating it would cut every pod or task on it. See docs/containment-ec2.md.",
      default: false,
    }),
    container_host_tag_keys: list(str({ description: "Tag key.", ...FORMATS.tagKey }), {
      description:
        "Further tag keys (exact) that mark an instance or its Auto Scaling group as a container host, for hosts launched without the tags recognised by default.",
      unique: true,
      default: [],
    }),
    ...delivery,
  },
  { description: "Automatic isolation of EC2 instances. See docs/containment-ec2.md.", optional: true },
);

const eksContainment = obj(
  {
    enabled: bool({ description: "Deploy the pipeline that contains pods Runtime Monitoring reports on EKS.", default: false }),
    cluster_names: list(str({ description: "EKS cluster name.", ...FORMATS.eksClusterName }), {
      description:
        "Clusters it may act in (each gets an access entry for the state machine role). Their API endpoint must be public: eks:call does not reach private endpoints.",
      unique: true,
      default: [],
    }),
    namespaces: list(namespaceName, {
      description: "Namespaces it may act in (the access scope). Protected namespaces are refused.",
      unique: true,
      default: [],
    }),
    action: oneOf<"isolate" | "delete">(["isolate", "delete"], {
      description: "isolate: relabel the pod out of its controller's selector and keep it for forensics; delete: delete it.",
      default: "isolate",
    }),
    protected_namespaces: optional(
      list(namespaceName, { description: "Never acted on (kube-system always is).", unique: true }),
      "kube-system, kube-public, kube-node-lease, amazon-guardduty",
    ),
    dry_run: bool({ description: "Notify what would be done, change nothing.", default: false }),
    exemption_label: kubernetesLabel("A pod or namespace with this label is only reported.", "guardduty-response=exempt"),
    isolation_label: kubernetesLabel("Label of an isolated pod: select it in a deny-all NetworkPolicy.", "guardduty-response=isolated"),
    ...delivery,
  },
  { description: "Automatic containment of EKS pods. See docs/containment-eks.md.", optional: true },
);

const blastRadiusCap = (pipeline: string, scope: string) =>
  optional(
    obj(
      {
        max_actions: int({
          description: `Containment actions allowed per window and ${scope}; past it findings are only notified (HELD).`,
          min: 1,
          max: 10000,
        }),
        window: oneOf<"minute" | "hour" | "day">(["minute", "hour", "day"], {
          description: "The fixed UTC window actions are counted in.",
          default: "hour",
        }),
      },
      { description: `Blast-radius cap of the ${pipeline} pipeline, per ${scope}.` },
    ),
    "none: not capped",
  );

const safetyRails = obj(
  {
    kill_switch: bool({
      description:
        "Deploy one kill switch (SSM parameter /<name>-<environment>/kill-switch, act or notify-only) that every pipeline reads before acting: notify-only turns them all into notify-only without a deploy.",
      default: false,
    }),
    blast_radius_cap: obj(
      {
        ecs_auto_stop: blastRadiusCap("ECS", "cluster"),
        ec2_isolation: blastRadiusCap("EC2", "account"),
        eks_containment: blastRadiusCap("EKS", "cluster"),
      },
      {
        description: "At most N containment actions per window, counted atomically in a DynamoDB table; an alarm fires when a cap is reached.",
        optional: true,
      },
    ),
    approval_gate: approvalGateSettings,
  },
  { description: "Safety rails in front of every pipeline's action (needs the guarded ECS workflow). See docs/safety-rails.md.", optional: true },
);

const findingFilters = obj(
  {
    min_severity: optional(
      num({
        description: "Only findings of at least this severity (GuardDuty severities: low 1-3.9, medium 4-6.9, high 7-8.9, critical 9-10).",
        min: 0,
        max: 10,
      }),
      "any severity",
    ),
    finding_types: optional(
      list(str({ description: "Runtime Monitoring finding type." }), { description: "Only these finding types.", minItems: 1, unique: true }),
      "every runtime finding type",
    ),
    exclude_finding_types: optional(
      list(str({ description: "Runtime Monitoring finding type." }), { description: "Never these finding types.", minItems: 1, unique: true }),
      "none excluded",
    ),
    cluster_arns: optional(
      list(str({ description: "ECS cluster ARN.", ...FORMATS.ecsClusterArn }), {
        description:
          "Only findings on these clusters. With deployments each stack keeps the clusters of its account and region, and a stack with none of them gets no ECS pipeline.",
        minItems: 1,
        unique: true,
      }),
      "every cluster",
    ),
    exclude_cluster_arns: optional(
      list(str({ description: "ECS cluster ARN.", ...FORMATS.ecsClusterArn }), { description: "Never findings on these clusters.", minItems: 1, unique: true }),
      "none excluded",
    ),
    account_ids: optional(list(accountId, { description: "Only findings of these accounts.", minItems: 1, unique: true }), "every account"),
  },
  {
    description:
      "Which findings start the state machine, added to the seed's rule pattern. Without any, the pattern is exactly the seed's: every ECS Runtime Monitoring finding.",
    optional: true,
  },
);

const ecsAutoStop = obj(
  {
    enabled: bool({ description: "Deploy the pipeline that stops ECS tasks GuardDuty Runtime Monitoring reports.", default: true }),
    workflow: oneOf<"seed" | "guarded">(["seed", "guarded"], {
      description:
        "seed: the seed's state machine byte for byte (stops every matched task; an execution ends Succeeded even when the stop failed). guarded: reads the task first, honours the exemption tag, dry_run and min_healthy_tasks, never acts twice on one task, retries throttling, and fails the execution when it could not stop the task. See docs/containment-choices.md.",
      default: "seed",
    }),
    dry_run: optional(bool({ description: "guarded only: notify what would have been stopped and why, stop nothing." }), "off: tasks are stopped"),
    exemption_tag: optional(
      obj(
        {
          key: str({ description: "Tag key.", ...FORMATS.tagKey }),
          value: str({ description: "Tag value.", pattern: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u, expected: "a tag value of at most 256 characters" }),
        },
        { description: "guarded only: a task, or a task in a cluster, carrying this tag is not stopped (the topic is told)." },
      ),
      '{"key": "guardduty-response", "value": "exempt"} with workflow guarded',
    ),
    min_healthy_tasks: optional(
      int({
        description: "guarded only: stop a service's task only if the service keeps at least this many running tasks; otherwise notify.",
        min: 0,
        max: 10000,
      }),
      "no guard",
    ),
    filters: findingFilters,
    cluster_arns: list(str({ description: "ECS cluster ARN.", ...FORMATS.ecsClusterArn }), {
      description: "Clusters whose tasks the state machine may stop (IAM scope). Empty: any cluster of this account and region.",
      unique: true,
      default: [],
    }),
    ...delivery,
  },
  { description: "Automatic containment of ECS tasks (the seed's EventBridge rule, input transformer and state machine).", optional: true },
);

const backend = obj(
  {
    type: oneOf<"local" | "cloud" | "s3">(["local", "cloud", "s3"], {
      description: "Where Terraform keeps state: local file, Terraform Cloud / Enterprise (cloud block), or an S3 bucket. One state (one workspace) per stack.",
      default: "local",
    }),
    hostname: optional(
      str({
        description: "cloud: Terraform Enterprise hostname.",
        pattern: /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/,
        expected: "a hostname like tfe.example.com",
      }),
      "app.terraform.io, or TF_CLOUD_HOSTNAME at terraform init",
    ),
    organization: optional(
      str({ description: "cloud: organization.", pattern: /^[A-Za-z0-9_-]{1,40}$/, expected: "a Terraform Cloud organization name" }),
      "TF_CLOUD_ORGANIZATION at terraform init",
    ),
    project: optional(
      str({ description: "cloud: project the workspace belongs to.", pattern: /^[A-Za-z0-9 _-]{3,40}$/, expected: "a Terraform Cloud project name" }),
      "the organization's default project, or TF_CLOUD_PROJECT",
    ),
    workspace: optional(
      str({ description: "cloud: workspace name.", pattern: /^[A-Za-z0-9_-]{1,90}$/, expected: "a workspace name of letters, digits, - and _" }),
      "the stack name (<name>-<environment>-<region>)",
    ),
    workspace_tags: optional(
      list(str({ description: "Workspace tag.", pattern: /^[a-z0-9][a-z0-9:_-]{0,254}$/, expected: "a lowercase workspace tag" }), {
        description: "cloud: select workspaces by tags instead of a name (then TF_WORKSPACE picks one).",
        minItems: 1,
        unique: true,
      }),
      "none: one named workspace",
    ),
    bucket: optional(
      str({ description: "s3: state bucket.", pattern: /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, expected: "an S3 bucket name" }),
      "required with type s3",
    ),
    key_prefix: str({
      description: "s3: the state object is <key_prefix>/<stack name>.tfstate.",
      pattern: /^[A-Za-z0-9!_.*'()/-]{1,200}$/,
      expected: "an S3 key prefix",
      default: "guardduty-runtime-response",
    }),
    s3_region: optional(
      str({
        description: "s3: region of the bucket (in the partition of the stack's region).",
        oneOf: AWS_REGIONS,
        expected: describeRegions(AWS_REGIONS, "an AWS Region name"),
      }),
      "the deployment region",
    ),
    use_lockfile: bool({ description: "s3: S3 native state locking (Terraform >= 1.10).", default: true }),
    dynamodb_table: optional(
      str({ description: "s3: DynamoDB lock table (older Terraform).", pattern: /^[A-Za-z0-9_.-]{3,255}$/, expected: "a DynamoDB table name" }),
      "none",
    ),
    kms_key_arn: optional(
      str({ description: "s3: KMS key that encrypts the state object.", ...FORMATS.s3BackendKmsKeyArn }),
      "the bucket's default encryption",
    ),
    token: optional(
      str({
        description: "Refused on purpose: never put a token in config; Terraform reads TF_TOKEN_<hostname> (cloud) or AWS credentials from the environment.",
      }),
      "never set",
    ),
  },
  { description: "Terraform state backend. Secrets never go here or into the synthesized JSON: Terraform reads them from the environment.", optional: true },
);

const provider = obj(
  {
    assume_role_arn: optional(
      str({
        description: "Role the AWS provider assumes in the target account.",
        pattern: /^arn:(aws|aws-us-gov|aws-cn):iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/,
        expected: "an IAM role ARN like arn:aws:iam::123456789012:role/deployer",
      }),
      "none: the credentials' own account",
    ),
    assume_role_session_name: optional(
      str({
        description: "Session name for the assumed role (shows in CloudTrail).",
        pattern: /^[\w+=,.@-]{2,64}$/,
        expected: "2-64 letters, digits and +=,.@-_",
      }),
      "Terraform's default",
    ),
  },
  { description: "AWS provider settings of the stack (region comes from region, default tags from default_tags).", optional: true },
);

const autoEnable = (description: string) => oneOf<"NEW" | "ALL" | "NONE">(["NEW", "ALL", "NONE"], { description, default: "ALL" });

const organization = obj(
  {
    delegated_admin_account_id: str({
      description: "The GuardDuty delegated administrator account: its stacks carry the organization configuration.",
      ...FORMATS.accountId,
    }),
    management_account_id: optional(
      str({
        description:
          "The organization's management account. When it is one of the deployments, its stacks designate the delegated administrator (aws_guardduty_organization_admin_account) in each region.",
        ...FORMATS.accountId,
      }),
      "none: designate the delegated administrator outside this config",
    ),
    auto_enable_members: autoEnable("Enable GuardDuty in member accounts: NEW (accounts that join), ALL (also existing ones) or NONE."),
    runtime_monitoring: autoEnable("Enable RUNTIME_MONITORING in member accounts."),
    eks_addon_management: autoEnable("GuardDuty manages the EKS add-on agent in member accounts."),
    ec2_agent_management: autoEnable("GuardDuty manages the EC2 agent in member accounts."),
    ecs_fargate_agent_management: autoEnable("GuardDuty manages the ECS Fargate agent in member accounts."),
  },
  { description: "AWS Organizations: settings the delegated administrator applies to members, in each of its regions." },
);

const deployment = obj(
  {
    account_id: str({ description: "Account to deploy to.", ...FORMATS.accountId }),
    regions: optional(
      list(runtimeMonitoringRegion("Region."), { description: "Regions to deploy to in this account.", minItems: 1, unique: true }),
      "[region]",
    ),
    assume_role_arn: optional(
      str({
        description: "Role the provider assumes in this account.",
        pattern: /^arn:(aws|aws-us-gov|aws-cn):iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/,
        expected: "an IAM role ARN in this account",
      }),
      "none: the credentials' own account",
    ),
    existing_detector_ids: optional(
      dict(str({ description: "Detector id.", ...FORMATS.detectorId }), {
        description:
          "Detectors that already exist in this account, by region: adopted instead of created (e.g. the ones GuardDuty created for organization members).",
        keys: RUNTIME_MONITORING_REGIONS,
        keyExpected: RUNTIME_MONITORING_REGION_EXPECTED,
      }),
      "none: detector settings apply as given",
    ),
  },
  { description: "One account and its regions: one stack per region." },
);

export const CONFIG_SCHEMA = obj(
  {
    name: str({ description: "Project name: the first part of every resource name.", ...FORMATS.namePrefix, default: "ecs-runtime-monitoring-stop-task" }),
    environment: str({
      description: "Environment name: the second part of every resource name.",
      pattern: /^[a-z][a-z0-9]{0,9}$/,
      expected: "1-10 lowercase letters and digits, starting with a letter",
      default: "dev",
    }),
    region: runtimeMonitoringRegion(
      `AWS region to deploy to: one where GuardDuty Runtime Monitoring is offered (${RUNTIME_MONITORING_REGIONS.join(", ")}).`,
      "ap-northeast-1",
    ),
    account_id: optional(accountId, "none: any account the credentials belong to (sets the provider's allowed_account_ids)"),
    backend,
    provider,
    default_tags: dict(str({ description: "Tag value.", pattern: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u, expected: "a tag value of at most 256 characters" }), {
      description: "Tags the AWS provider adds to every resource.",
      keyPattern: FORMATS.tagKey.pattern,
      keyExpected: FORMATS.tagKey.expected,
      default: {},
    }),
    deployments: list(deployment, {
      description:
        "Many accounts and regions from one config: one stack per account and region, each with the settings below. Empty: one stack for region (and account_id).",
      default: [],
    }),
    organization: optional(organization, "none: no organization configuration"),
    detector,
    agent_endpoints: list(agentEndpoint, { description: "guardduty-data interface endpoints for manually managed agents, one per VPC.", default: [] }),
    notifications,
    ecs_auto_stop: ecsAutoStop,
    ec2_isolation: ec2Isolation,
    eks_containment: eksContainment,
    safety_rails: safetyRails,
  },
  { description: "guardduty-runtime-response config" },
);

type FieldValue<F> = F extends { parse(...args: never[]): infer T | undefined } ? T : never;
export type Config = NonNullable<FieldValue<typeof CONFIG_SCHEMA>>;
export type AgentEndpointConfig = Config["agent_endpoints"][number];
export type DeploymentConfig = Config["deployments"][number];

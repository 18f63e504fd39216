/**
 * A fast-check arbitrary over config documents: every section and option, built mostly coherent (so the
 * loader accepts a good share) with values at the edge of what the loader, a construct or AWS accepts mixed
 * in: longest names, GovCloud, regions that do not exist, ARNs of another partition, region or account,
 * labels and tags that collide or are reserved, characters Terraform reads as templates, control characters.
 */
import fc from "fast-check";

const ACCOUNTS = ["123456789012", "210987654321", "111122223333"] as const;
/** Real commercial and GovCloud regions; ap-east-2 lacks RDS Protection (PROTECTION_PLAN_NOT_OFFERED_IN). */
const REGIONS = ["ap-northeast-1", "us-east-1", "eu-west-1", "us-gov-west-1", "us-gov-east-1", "ca-west-1", "ap-southeast-5", "ap-east-2"] as const;
/** A China region and names shaped like regions that do not exist. */
const BAD_REGIONS = ["cn-north-1", "us-west-3", "eu-south-9", "ap-north-1"] as const;
const DETECTOR = "12abc34d567e8fa901bc2d34e56789f0";
const KEY_ID = "1234abcd-12ab-4cde-8f01-1234567890ab";
const FINDING_TYPES = ["Execution:Runtime/ReverseShell", "CryptoCurrency:Runtime/BitcoinTool.B", "Backdoor:Runtime/C&CActivity.B"] as const;

type Doc = Record<string, unknown>;

/** Weighted choice: one of `valid` nine times as often as one of `edge`. */
function mostly<T>(valid: readonly T[], edge: readonly T[], validWeight = 9): fc.Arbitrary<T> {
  return fc.oneof({ arbitrary: fc.constantFrom(...valid), weight: validWeight }, { arbitrary: fc.constantFrom(...edge), weight: 1 });
}

/** An object with some of the given keys: each key present or absent (absent = the default). */
function someOf(shape: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Doc> {
  return fc.record(shape, { requiredKeys: [] }) as fc.Arbitrary<Doc>;
}

/** A second region of the same partition as `region`. */
const otherRegionOf = (region: string) => REGIONS.find((r) => r !== region && partitionOf(r) === partitionOf(region)) ?? region;

const partitionOf = (region: string) => (region.startsWith("us-gov-") ? "aws-us-gov" : region.startsWith("cn-") ? "aws-cn" : "aws");

/** Where a stack goes: its region and account (for ARNs that must be there). */
interface Target {
  readonly region: string;
  readonly account: string;
}

/** An ARN usually in the target's partition, region and account, sometimes in another one. */
function arnAt(service: string, at: Target, resource: string, global = false): fc.Arbitrary<string> {
  const region = global ? "" : at.region;
  return fc
    .record({
      partition: mostly([partitionOf(at.region)], ["aws", "aws-us-gov"]),
      region: mostly([region], global ? [""] : ["us-east-1", "us-gov-west-1"]),
      account: mostly([at.account], ACCOUNTS),
    })
    .map((p) => `arn:${p.partition}:${service}:${p.region}:${p.account}:${resource}`);
}

const delivery = {
  dead_letter_queue: fc.boolean(),
  maximum_event_age_in_seconds: fc.constantFrom(60, 3600, 86400),
  maximum_retry_attempts: fc.constantFrom(0, 3, 185),
  alarms: fc.boolean(),
  log_retention_in_days: fc.constantFrom(1, 90, 365, 3653),
  log_level: fc.constantFrom("ALL", "ERROR", "FATAL", "OFF"),
  include_execution_data: fc.boolean(),
  tracing: fc.boolean(),
};

/** Tags: the defaults, ordinary ones, and keys the EC2 workflow writes itself. */
const tag = (...keys: string[]) =>
  fc.record({
    key: mostly(["guardduty-response", "security/state", ...keys], ["guardduty-quarantine", "guardduty-finding-id", "Name", "k".repeat(128)]),
    value: mostly(["exempt", "isolated", "a b:c/d=e+f-g@h"], ["", "x".repeat(256), "café"]),
  });
const label = () =>
  fc.record({
    key: mostly(["guardduty-response", "security.example.com/state", "app"], [`${"p".repeat(240)}.example.com/state`]),
    value: mostly(["exempt", "isolated", "v".repeat(63)], [""]),
  });

const QUARANTINE_NAMES = ["quarantine", "acme quarantine", "q.uar_an-tine:1/@+=", "q".repeat(255)];
const BAD_QUARANTINE_NAMES = ["sg-quarantine", "SG-quarantine", "q(1)", "q*", "q${x}", "q#1", "q!", "q{1}"];
const EMAILS = ["secops@example.com", "a.b+c@mail.example.co.jp", "x_y@example.org"];
const BAD_EMAILS = ["a${b}@example.com", "a%{b}@example.com", "a\u0007b@example.com", "a{b}@example.com", "a\u007fb@example.com"];

function detector(single: boolean): fc.Arbitrary<Doc> {
  const runtimeMonitoring = someOf({
    enabled: fc.boolean(),
    eks_addon_management: fc.boolean(),
    ec2_agent_management: fc.boolean(),
    ecs_fargate_agent_management: fc.boolean(),
  });
  const features = fc.dictionary(
    fc.constantFrom("S3_DATA_EVENTS", "EKS_AUDIT_LOGS", "EBS_MALWARE_PROTECTION", "RDS_LOGIN_EVENTS", "LAMBDA_NETWORK_LOGS"),
    fc.constantFrom("ENABLED", "DISABLED"),
    { maxKeys: 3 },
  );
  const frequency = fc.constantFrom("FIFTEEN_MINUTES", "ONE_HOUR", "SIX_HOURS");
  return fc.oneof(
    someOf({ create: fc.constant(true), finding_publishing_frequency: frequency, runtime_monitoring: runtimeMonitoring, features }),
    // An adopted detector belongs to one account and region: with deployments, deployments[].existing_detector_ids.
    ...(single
      ? [
          someOf({ runtime_monitoring: runtimeMonitoring, features }).map((d) => ({ ...d, existing_detector_id: DETECTOR })),
          someOf({ finding_publishing_frequency: frequency, runtime_monitoring: runtimeMonitoring, features }).map((d) => ({
            ...d,
            existing_detector_id: DETECTOR,
            import_existing: true,
          })),
        ]
      : []),
  );
}

function agentEndpoints(at: Target, multi: boolean): fc.Arbitrary<Doc[]> {
  const endpoint = fc
    .record({
      name: fc.constantFrom("main", "b", "endpoint-name-twenty"),
      vpc: fc.constantFrom("vpc-0123456789abcdef0", "vpc-01234567"),
      scope: someOf({ allowed_cidrs: fc.constant(["10.0.0.0/16"]), private_dns_enabled: fc.boolean() }),
      who: fc.oneof(fc.constant({}), fc.constant({ allowed_account_ids: [at.account] }), fc.constant({ organization_id: "o-a1b2c3d4e5" })),
      // Accepted only with detector.runtime_monitoring.eks_addon_management false; a cluster listed by two
      // endpoints ("shared") is refused (one aws-guardduty-agent add-on per cluster).
      addon: fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 5 },
        {
          arbitrary: fc.record({ version: someOf({ addon_version: fc.constant("v1.10.0-eksbuild.2") }), clusters: mostly(["own", "longest"], ["shared"]) }),
          weight: 1,
        },
      ),
    })
    .map(({ name, vpc, scope, who, addon }) => {
      const clusters =
        addon === undefined
          ? undefined
          : addon.clusters === "own"
            ? [`${name}-prod`]
            : addon.clusters === "longest"
              ? [`${name}-${"c".repeat(99 - name.length)}`]
              : ["prod"];
      return {
        name,
        vpc_id: vpc,
        subnet_ids: ["subnet-0123456789abcdef0", "subnet-01234567"],
        ...scope,
        ...who,
        ...(clusters ? { eks_addon: { ...addon!.version, cluster_names: clusters } } : {}),
      };
    });
  const endpoints = fc.uniqueArray(endpoint, { maxLength: 2, selector: (e) => e.name + e.vpc_id });
  // With deployments of several stacks endpoints are refused (a VPC is in one account and region): mostly none.
  return multi ? fc.oneof({ arbitrary: fc.constant<Doc[]>([]), weight: 4 }, { arbitrary: endpoints, weight: 1 }) : endpoints;
}

function notifications(at: Target, single: boolean): fc.Arbitrary<Doc> {
  const emails = fc.uniqueArray(mostly(EMAILS, BAD_EMAILS), { maxLength: 2 });
  return fc.oneof(
    someOf({ emails, encrypt: fc.boolean(), coverage_unhealthy: fc.boolean() }),
    ...(single
      ? [
          someOf({ emails, existing_kms_key_arn: arnAt("kms", at, `key/${KEY_ID}`), coverage_unhealthy: fc.boolean() }),
          someOf({ existing_topic_arn: arnAt("sns", at, "alerts"), encrypt: fc.boolean() }),
        ]
      : []),
  );
}

function ecsAutoStop(at: Target): fc.Arbitrary<Doc> {
  const clusterArn = arnAt("ecs", at, "cluster/prod");
  const otherClusterArn = arnAt("ecs", at, "cluster/staging");
  const filters = someOf({
    min_severity: fc.constantFrom(0, 4, 7.5, 10),
    finding_types: fc.constant([FINDING_TYPES[0], FINDING_TYPES[1]]),
    exclude_finding_types: fc.constant([FINDING_TYPES[2]]),
    // One cluster, or one here and one in another region (a multi-stack config keeps each stack's own).
    cluster_arns: fc.oneof(
      fc.tuple(clusterArn),
      fc.tuple(clusterArn, fc.constant(`arn:${partitionOf(at.region)}:ecs:${otherRegionOf(at.region)}:${at.account}:cluster/prod`)),
    ),
    // Another cluster, or the first filter cluster itself (then only the other one is left to match).
    exclude_cluster_arns: fc.oneof({ arbitrary: fc.tuple(otherClusterArn), weight: 4 }, { arbitrary: fc.tuple(clusterArn), weight: 1 }),
    account_ids: fc.constant([at.account]),
  });
  const common = { enabled: mostly([true], [false]), cluster_arns: fc.uniqueArray(clusterArn, { maxLength: 2 }), filters, ...delivery };
  return fc.oneof(
    someOf({ workflow: fc.constant("seed"), ...common }),
    someOf({ ...common, dry_run: fc.boolean(), exemption_tag: tag(), min_healthy_tasks: fc.constantFrom(0, 1, 10000) }).map((s) => ({
      ...s,
      workflow: "guarded",
    })),
  );
}

function ec2Isolation(): fc.Arbitrary<Doc> {
  return someOf({
    dry_run: fc.boolean(),
    quarantine_security_group_name: mostly(QUARANTINE_NAMES, BAD_QUARANTINE_NAMES, 3),
    exemption_tag: tag("exempt-me"),
    isolation_tag: tag("isolated-by"),
    include_self_managed_containers: fc.boolean(),
    isolate_container_hosts: fc.boolean(),
    container_host_tag_keys: fc.uniqueArray(fc.constantFrom("karpenter.sh/nodepool", "Name", "guardduty-response", "k".repeat(128)), { maxLength: 2 }),
    ...delivery,
  }).map((s) => ({ ...s, enabled: true }));
}

function eksContainment(): fc.Arbitrary<Doc> {
  return someOf({
    action: fc.constantFrom("isolate", "delete"),
    protected_namespaces: fc.uniqueArray(fc.constantFrom("kube-public", "monitoring"), { minLength: 1, maxLength: 2 }),
    dry_run: fc.boolean(),
    exemption_label: label(),
    isolation_label: label(),
    ...delivery,
  }).chain((s) =>
    fc
      .record({
        cluster_names: fc.uniqueArray(fc.constantFrom("prod", "c".repeat(100), "Prod_2"), { minLength: 1, maxLength: 2 }),
        namespaces: fc.uniqueArray(fc.constantFrom("payments", "web", "n".repeat(63)), { minLength: 1, maxLength: 2 }),
      })
      .map((c) => ({ ...s, ...c, enabled: true })),
  );
}

function backend(at: Target): fc.Arbitrary<Doc> {
  return fc.oneof(
    fc.constant({}),
    someOf({
      hostname: fc.constant("tfe.example.com"),
      organization: fc.constant("acme"),
      project: fc.constant("Security"),
      workspace: fc.constant("runtime-prod"),
    }).map((b) => ({ ...b, type: "cloud" })),
    fc.constant({ type: "cloud", workspace_tags: ["guardduty", "prod"] }),
    someOf({
      s3_region: mostly([at.region], [...REGIONS, ...BAD_REGIONS]),
      dynamodb_table: fc.constant("terraform-locks"),
      key_prefix: fc.constantFrom("state", "a/b/c"),
      kms_key_arn: arnAt("kms", { ...at, region: at.region }, `key/${KEY_ID}`),
      use_lockfile: fc.boolean(),
    }).map((b) => ({ ...b, type: "s3", bucket: "acme-terraform-state" })),
  );
}

/** One account's regions; the first account's regions are usually in the partition of the top-level region. */
function deployments(region: string): fc.Arbitrary<Doc[]> {
  const inPartition = REGIONS.filter((r) => partitionOf(r) === partitionOf(region));
  const samePartition = inPartition.length > 0 ? inPartition : REGIONS;
  const deployment = (account: string, first?: string) =>
    fc
      .record({
        regions: fc
          .uniqueArray(mostly(samePartition, [...REGIONS, ...BAD_REGIONS]), { minLength: first === undefined ? 1 : 0, maxLength: first === undefined ? 2 : 1 })
          .map((more) => (first === undefined ? more : [...new Set([first, ...more])])),
        role: fc.boolean(),
        adopt: fc.boolean(),
      })
      .map(({ regions, role, adopt }) => ({
        account_id: account,
        regions,
        ...(role ? { assume_role_arn: `arn:${partitionOf(regions[0])}:iam::${account}:role/deployer` } : {}),
        ...(adopt ? { existing_detector_ids: { [regions[0]]: DETECTOR } } : {}),
      }));
  // The first account deploys to `region` (where the generated ARNs point), usually among others.
  return fc.oneof(fc.tuple(deployment(ACCOUNTS[0], region)), fc.tuple(deployment(ACCOUNTS[0], region), deployment(ACCOUNTS[1])));
}

/**
 * The safety rails (docs/safety-rails.md), absent four times in five: the switch, and caps, some out of range or
 * for a pipeline not deployed (refused).
 */
function safetyRails(): fc.Arbitrary<{ rails: Doc; guardedEcs: boolean; strayCaps: boolean } | undefined> {
  const cap = fc.record({ max_actions: mostly([1, 5, 10000], [0, 10001], 19), window: mostly(["minute", "hour", "day"], ["week"], 19) });
  const rails = someOf({ kill_switch: fc.boolean(), blast_radius_cap: someOf({ ecs_auto_stop: cap, ec2_isolation: cap, eks_containment: cap }) });
  // Mostly with the guarded ECS workflow (the seed's refuses the rails).
  // Mostly with caps only for the pipelines deployed (a cap for another is refused).
  const drawn = fc.record({ rails, guardedEcs: mostly([true], [false], 3), strayCaps: mostly([false], [true], 3) });
  return fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: drawn, weight: 1 });
}

/**
 * The approval gates (docs/approval-gate.md), absent four times in five: per pipeline, with a timeout mostly in
 * range, and approvers; mostly only for the pipelines deployed and with the guarded ECS workflow (else refused).
 */
function approvalGates(): fc.Arbitrary<{ gates: Doc; guardedEcs: boolean; strayGates: boolean } | undefined> {
  const gate = fc
    .record({
      timeout_seconds: mostly([60, 3600, 604800], [59, 604801], 19),
      more: someOf({ on_timeout: mostly(["hold", "act"], ["maybe"], 19), min_severity: mostly([0, 7, 10], [11], 19) }),
    })
    .map(({ timeout_seconds, more }) => ({ timeout_seconds, ...more }));
  const gates = someOf({
    ecs_auto_stop: gate,
    ec2_isolation: gate,
    eks_containment: gate,
    approver_role_names: mostly([["on-call"], ["on-call", "security-lead"]], [["team/on-call"]], 19),
    require_mfa: fc.boolean(),
  });
  const drawn = fc.record({ gates, guardedEcs: mostly([true], [false], 3), strayGates: mostly([false], [true], 3) });
  return fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: drawn, weight: 1 });
}

/** A config document. */
export function configDocument(): fc.Arbitrary<Doc> {
  return fc
    .record({
      region: mostly(REGIONS, BAD_REGIONS),
      account: fc.option(fc.constantFrom(...ACCOUNTS), { nil: undefined }),
      multi: fc.boolean(),
      ec2: fc.boolean(),
      eks: fc.boolean(),
    })
    .chain(({ region, account, multi, ec2, eks }) => {
      const at: Target = { region, account: multi ? ACCOUNTS[0] : (account ?? ACCOUNTS[0]) };
      return fc
        .record({
          top: someOf({
            name: mostly(["acme", "ecs-runtime-monitoring-stop-task"], ["a", "A".repeat(38), "a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q-r-s-t"]),
            environment: mostly(["dev", "prod"], ["x", "production"]),
            default_tags: fc.dictionary(fc.constantFrom("team", "cost-center", "owner"), fc.constantFrom("secops", "", "a b")),
            backend: backend(at),
            detector: detector(!multi),
            agent_endpoints: agentEndpoints(at, multi),
            notifications: notifications(at, !multi),
            ecs_auto_stop: ecsAutoStop(at),
            ...(ec2 ? { ec2_isolation: ec2Isolation() } : {}),
            ...(eks && !multi ? { eks_containment: eksContainment() } : {}),
          }),
          single: multi
            ? fc.record({ deployments: deployments(region) })
            : someOf({
                account_id: fc.constant(account),
                provider: someOf({ assume_role_arn: arnAt("iam", at, "role/deployer", true), assume_role_session_name: fc.constant("guardduty") }),
              }),
          organization: fc.option(
            someOf({
              management_account_id: fc.constantFrom(ACCOUNTS[1], ACCOUNTS[2]),
              auto_enable_members: fc.constantFrom("NEW", "ALL", "NONE"),
              runtime_monitoring: fc.constantFrom("NEW", "ALL", "NONE"),
              ec2_agent_management: fc.constantFrom("NEW", "ALL", "NONE"),
              eks_addon_management: fc.constantFrom("NEW", "ALL", "NONE"),
              ecs_fargate_agent_management: fc.constantFrom("NEW", "ALL", "NONE"),
            }).map((o) => ({ ...o, delegated_admin_account_id: at.account })),
            { nil: undefined, freq: 3 },
          ),
          // Drawn last: the sections above are drawn as before it was added.
          safetyRails: safetyRails(),
          // Drawn after the rails: the sections above are drawn as before it was added.
          approvalGates: approvalGates(),
        })
        .map(({ top, single, organization, safetyRails: rails, approvalGates: approval }) => {
          const doc: Doc = { region, ...top, ...single };
          if (rails !== undefined) {
            const caps = { ...(rails.rails.blast_radius_cap as Doc | undefined) };
            const deployed = (section: string) => (doc[section] as Doc | undefined)?.enabled ?? section === "ecs_auto_stop";
            if (!rails.strayCaps) for (const section of Object.keys(caps)) if (deployed(section) !== true) delete caps[section];
            doc.safety_rails = rails.rails.blast_radius_cap === undefined ? rails.rails : { ...rails.rails, blast_radius_cap: caps };
            if (rails.guardedEcs) doc.ecs_auto_stop = { ...(doc.ecs_auto_stop as Doc | undefined), workflow: "guarded" };
          }
          if (approval !== undefined) {
            const gates = { ...approval.gates };
            const deployed = (section: string) => (doc[section] as Doc | undefined)?.enabled ?? section === "ecs_auto_stop";
            if (!approval.strayGates)
              for (const section of ["ecs_auto_stop", "ec2_isolation", "eks_containment"]) if (deployed(section) !== true) delete gates[section];
            doc.safety_rails = { ...(doc.safety_rails as Doc | undefined), approval_gate: gates };
            if (approval.guardedEcs) doc.ecs_auto_stop = { ...(doc.ecs_auto_stop as Doc | undefined), workflow: "guarded" };
          }
          if (organization !== undefined && (multi || account !== undefined)) doc.organization = organization;
          return doc;
        });
    });
}

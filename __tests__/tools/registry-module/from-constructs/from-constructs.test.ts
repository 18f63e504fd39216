import {
  baseOptions,
  COLLECTIONS,
  configDocument,
  LIST_PARAMETERS,
  listStandIn,
  parameterValues,
  PARAMETERS,
  SWITCHES,
} from "../../../../tools/registry-module/from-constructs/definition";
import { generateModuleTree, ModuleTree, optionsWith, requiredLast, rewriteSwaps } from "../../../../tools/registry-module/from-constructs/generate";
import { bindParameters, evaluateModule } from "../../../../tools/registry-module/from-constructs/merge";
import { addressOf, standInSubstitution, synthesize } from "../../../../tools/registry-module/from-constructs/synth";
import { equal, exprText, lit, Node } from "../../../../tools/registry-module/from-constructs/tree";

let tree: ModuleTree;
// Some seventy syntheses when the on-disk cache is cold, while other workers synthesize too: a generous bound, not
// a speed requirement (a hang still fails).
beforeAll(() => {
  tree = generateModuleTree();
}, 600_000);

/** Switch settings picked by a fixed linear congruential sequence: the same sets on every run. */
function optionSets(count: number) {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Array.from({ length: count }, () => ({
    switches: Object.fromEntries(SWITCHES.map((s) => [s.variable, next() < 0.6])),
    collections: Object.fromEntries(COLLECTIONS.map((c) => [c.variable, c.secondSample === undefined && next() < 0.5 ? [] : [c.sample]])),
  }));
}

describe("the registry module from the constructs", () => {
  test("evaluating the merged module for an option set equals synthesizing the constructs with those options", () => {
    // GIVEN the merged module and seven option sets (switches on or off, lists with their sample item or none)
    for (const set of [{ switches: {}, collections: {} }, ...optionSets(6)]) {
      const options = optionsWith(set);
      // WHEN the module is evaluated for the set and the constructs are synthesized with it
      const evaluated = evaluateModule(tree.elements, options);
      const synthesized = rewriteSwaps(synthesize(options), tree.swaps);
      // THEN both hold the same elements with the same bodies
      expect([...evaluated.keys()].sort()).toEqual([...synthesized.elements.keys()].sort());
      const differing = [...synthesized.elements].filter(([address, e]) => !equal(evaluated.get(address)!, e.body)).map(([address]) => address);
      expect([JSON.stringify(set.switches), differing]).toEqual([JSON.stringify(set.switches), []]);
    }
  });

  test("every combination of the EC2 pipeline's kill switch, approval gate and cap evaluates to its synthesis", () => {
    // GIVEN the eight combinations of the three rails of one pipeline (the chain points at the first rail that exists)
    for (const bits of [0, 1, 2, 3, 4, 5, 6, 7]) {
      const switches = { kill_switch: (bits & 1) > 0, ec2_isolation_approval_gate: (bits & 2) > 0, ec2_isolation_blast_radius_cap: (bits & 4) > 0 };
      const options = optionsWith({ switches });
      // WHEN the module is evaluated for it and the constructs are synthesized with it
      const evaluated = evaluateModule(tree.elements, options);
      const synthesized = rewriteSwaps(synthesize(options), tree.swaps).elements.get("aws_sfn_state_machine.ec2_isolation_state_machine")!;
      // THEN the EC2 state machine is the same
      expect([switches, equal(evaluated.get("aws_sfn_state_machine.ec2_isolation_state_machine")!, synthesized.body)]).toEqual([switches, true]);
    }
  });

  test("the seed ECS workflow next to an EC2 approval gate evaluates to its synthesis (the seed's own execution timeout)", () => {
    // GIVEN the ECS pipeline on the seed workflow (its gate, kill switch and cap off, as the loader wants) and an EC2 gate
    const options = optionsWith({ switches: { workflow: false } });
    // WHEN the module is evaluated for it and the constructs are synthesized with it
    const evaluated = evaluateModule(tree.elements, options);
    const synthesized = rewriteSwaps(synthesize(options), tree.swaps);
    // THEN every element is the same (the ECS timeout is the seed's 3600, not the guarded one's without a gate)
    const differing = [...synthesized.elements].filter(([address, e]) => !equal(evaluated.get(address)!, e.body)).map(([address]) => address);
    expect(differing).toEqual([]);
    expect([...evaluated.keys()].filter((a) => a.startsWith("aws_iam_policy.approval"))).toEqual(["aws_iam_policy.approval_approvers_policy"]);
  });

  test("without the ECS pipeline, the seed workflow with the kill switch and the EC2 and EKS caps evaluates to its synthesis", () => {
    // GIVEN the ECS pipeline off, workflow seed, the kill switch and every EC2 and EKS rail on (the loader accepts
    // rails then: it refuses them only with the seed workflow deployed)
    const options = optionsWith({ switches: { create_ecs_auto_stop: false, workflow: false } });
    const doc = configDocument(options);
    expect([doc.ecs_auto_stop.workflow, doc.safety_rails.kill_switch, Object.keys(doc.safety_rails.blast_radius_cap)]).toEqual([
      "seed",
      true,
      ["ec2_isolation", "eks_containment"],
    ]);
    // WHEN the module is evaluated for it and the constructs are synthesized with it
    const evaluated = evaluateModule(tree.elements, options);
    const synthesized = rewriteSwaps(synthesize(options), tree.swaps);
    // THEN both hold the same elements with the same bodies, the kill switch's parameter among them
    expect([...evaluated.keys()].sort()).toEqual([...synthesized.elements.keys()].sort());
    const differing = [...synthesized.elements].filter(([address, e]) => !equal(evaluated.get(address)!, e.body)).map(([address]) => address);
    expect(differing).toEqual([]);
    expect([...evaluated.keys()].filter((a) => a.startsWith("aws_ssm_parameter.") && a.includes("kill_switch"))).toHaveLength(1);
  });

  test("each protection plan enabled, disabled or not set evaluates to its synthesis, with a created and an adopted detector", () => {
    for (const created of [true, false]) {
      // GIVEN EKS_AUDIT_LOGS disabled, EBS_MALWARE_PROTECTION not set and the other plans enabled, the detector created or adopted
      const options = optionsWith({
        switches: { create_detector: created, detector_features_eks_audit_logs_enabled: false, detector_features_ebs_malware_protection_set: false },
      });
      expect(configDocument(options).detector.features).toEqual({
        S3_DATA_EVENTS: "ENABLED",
        EKS_AUDIT_LOGS: "DISABLED",
        RDS_LOGIN_EVENTS: "ENABLED",
        LAMBDA_NETWORK_LOGS: "ENABLED",
      });
      // WHEN the module is evaluated for it and the constructs are synthesized with it
      const evaluated = evaluateModule(tree.elements, options);
      const synthesized = rewriteSwaps(synthesize(options), tree.swaps);
      // THEN both hold the same elements with the same bodies
      expect([created, [...evaluated.keys()].sort()]).toEqual([created, [...synthesized.elements.keys()].sort()]);
      const differing = [...synthesized.elements].filter(([address, e]) => !equal(evaluated.get(address)!, e.body)).map(([address]) => address);
      expect([created, differing]).toEqual([created, []]);
      // AND the plan not set is written DISABLED for a created detector, and not at all for an adopted one
      const status = (plan: string) => {
        const body = evaluated.get(`aws_guardduty_detector_feature.detector_feature_${plan}`);
        return body === undefined ? undefined : exprText(body).match(/"status" = "(\w+)"/)?.[1];
      };
      expect([status("s3_data_events"), status("eks_audit_logs"), status("ebs_malware_protection")]).toEqual([
        "ENABLED",
        "DISABLED",
        created ? "DISABLED" : undefined,
      ]);
    }
  });

  /** The elements whose module value, with the parameters bound to the options' values, differs from the synthesis. */
  function differingWithValues(options: ReturnType<typeof optionsWith>): { differing: string[]; synthesized: Map<string, Node> } {
    const evaluated = evaluateModule(tree.elements, options);
    const synthesized = new Map([...rewriteSwaps(synthesize(options, undefined, false), tree.swaps).elements].map(([a, e]) => [a, e.body]));
    expect([...evaluated.keys()].sort()).toEqual([...synthesized.keys()].sort());
    const value = parameterValues(options);
    const list = (variable: string) => listStandIn(variable, options.standIn);
    // The constructs read the partition from the data source the module's partition parameter is: bound on both sides.
    const differing = [...synthesized]
      .filter(([address, body]) => !equal(bindParameters(evaluated.get(address)!, value, list), bindParameters(body, value, list)))
      .map(([a]) => a);
    return { differing, synthesized };
  }

  test("the module with every parameter at its other stand-in evaluates to the constructs synthesized with those values", () => {
    // GIVEN every switch on and the parameters' second stand-ins (non-default tags, labels, names, numbers)
    const options = optionsWith({}, 1);
    // WHEN the module is evaluated and its expressions computed with those values, and the constructs are
    // synthesized with them (nothing substituted)
    const { differing, synthesized } = differingWithValues(options);
    // THEN every element is the same, the EC2 role's condition keyed by the isolation tag's key among them
    expect(differing).toEqual([]);
    expect(exprText(synthesized.get("aws_iam_role_policy.ec2_isolation_state_machine_role_policy")!)).toContain(
      '"aws:RequestTag/EcTwoIsolationKeyOther" = "EcTwoIsolationValueOther"',
    );
  });

  test("the designation, the organization configuration and a looked-up detector each evaluate to their synthesis", () => {
    // GIVEN the management account's call (the base: the designation), the delegated administrator's (the organization
    // configuration, its detector looked up whatever create_detector says), and a member's lookup without either
    const sets = {
      designation: { organization_admin_account_id: true },
      configuration: { organization_configuration: false, organization_admin_account_id: false },
      "configuration, create_detector false": { organization_configuration: false, create_detector: false },
      lookup: { organization_admin_account_id: false, detector_not_looked_up: false },
      "lookup with the designation": { detector_not_looked_up: false },
    };
    const kinds = (keys: readonly string[]) =>
      [
        "aws_guardduty_detector.detector_detector",
        "data.aws_guardduty_detector.existing_detector",
        "aws_guardduty_organization_admin_account.delegated_administrator",
      ]
        .concat([
          "aws_guardduty_organization_configuration.organization_configuration",
          "aws_guardduty_organization_configuration_feature.organization_runtime_monitoring",
        ])
        .filter((a) => keys.includes(a));
    const found: Record<string, string[]> = {};
    for (const [name, switches] of Object.entries(sets)) {
      const options = optionsWith({ switches });
      // WHEN the module is evaluated for it and the constructs are synthesized with it
      const evaluated = evaluateModule(tree.elements, options);
      const synthesized = rewriteSwaps(synthesize(options), tree.swaps);
      // THEN both hold the same elements with the same bodies
      expect([name, [...evaluated.keys()].sort()]).toEqual([name, [...synthesized.elements.keys()].sort()]);
      const differing = [...synthesized.elements].filter(([address, e]) => !equal(evaluated.get(address)!, e.body)).map(([address]) => address);
      expect([name, differing]).toEqual([name, []]);
      found[name] = kinds([...evaluated.keys()]);
    }
    // AND each call has the organization's elements of its account
    expect(found).toEqual({
      designation: ["aws_guardduty_detector.detector_detector", "aws_guardduty_organization_admin_account.delegated_administrator"],
      configuration: [
        "data.aws_guardduty_detector.existing_detector",
        "aws_guardduty_organization_configuration.organization_configuration",
        "aws_guardduty_organization_configuration_feature.organization_runtime_monitoring",
      ],
      "configuration, create_detector false": [
        "data.aws_guardduty_detector.existing_detector",
        "aws_guardduty_organization_configuration.organization_configuration",
        "aws_guardduty_organization_configuration_feature.organization_runtime_monitoring",
      ],
      lookup: ["data.aws_guardduty_detector.existing_detector"],
      "lookup with the designation": ["data.aws_guardduty_detector.existing_detector", "aws_guardduty_organization_admin_account.delegated_administrator"],
    });
  });

  test("organization settings of one's own (ALL, NEW, NONE mixed) evaluate to the constructs synthesized with them", () => {
    // GIVEN the delegated administrator's call with each setting its own value
    const values = {
      organization_auto_enable_members: "NEW",
      organization_runtime_monitoring: "ALL",
      organization_eks_addon_management: "NONE",
      organization_ec2_agent_management: "NEW",
      organization_ecs_fargate_agent_management: "NONE",
    };
    const options = { ...optionsWith({ switches: { organization_configuration: false } }), values };
    // WHEN the module is evaluated with those values and the constructs are synthesized with them
    const { differing, synthesized } = differingWithValues(options);
    // THEN every element is the same, and each value is where GuardDuty reads it
    expect(differing).toEqual([]);
    expect(exprText(synthesized.get("aws_guardduty_organization_configuration.organization_configuration")!)).toContain(
      '"auto_enable_organization_members" = "NEW"',
    );
    // The auto_enable beside each name (the feature's own, and each additional_configuration block's).
    const autoEnableByName: Record<string, unknown> = {};
    const visit = (n: Node): void => {
      if (n.t === "obj") {
        const lit = (key: string) => n.entries.find((e) => e.key === key && e.node.t === "lit")?.node as { v: unknown } | undefined;
        const name = lit("name")?.v;
        if (typeof name === "string" && lit("auto_enable") !== undefined) autoEnableByName[name] = lit("auto_enable")!.v;
        n.entries.forEach((e) => visit(e.node));
      } else if (n.t === "tuple") n.items.forEach((i) => visit(i.node));
    };
    visit(synthesized.get("aws_guardduty_organization_configuration_feature.organization_runtime_monitoring")!);
    expect(autoEnableByName).toEqual({
      RUNTIME_MONITORING: "ALL",
      EKS_ADDON_MANAGEMENT: "NONE",
      EC2_AGENT_MANAGEMENT: "NEW",
      ECS_FARGATE_AGENT_MANAGEMENT: "NONE",
    });
  });

  test("EC2 tags and EKS labels whose exemption and isolation keys are equal evaluate to their synthesis: the label map has the key once", () => {
    // GIVEN tags and labels of one's own, the isolation key the exemption key (as in the config's defaults)
    const options = {
      ...optionsWith({}),
      values: {
        ec2_exemption_tag_key: "security/response",
        ec2_exemption_tag_value: "exempt-by-owner",
        ec2_isolation_tag_key: "security/response",
        ec2_isolation_tag_value: "isolated",
        eks_exemption_label_key: "example.com/response",
        eks_exemption_label_value: "keep",
        eks_isolation_label_key: "example.com/response",
        eks_isolation_label_value: "quarantined",
      },
    };
    // WHEN the module is evaluated with those values and the constructs are synthesized with them
    const { differing, synthesized } = differingWithValues(options);
    // THEN every element is the same, and the EKS definition's label defaults hold the one key once
    expect(differing).toEqual([]);
    expect(exprText(synthesized.get("aws_sfn_state_machine.eks_containment_state_machine")!)).toContain('"LabelDefaults" = { "example.com/response" = "" }');
  });

  test("ECS cluster lists of two items each evaluate to their synthesis: tasks and services of each scoped cluster, the filter", () => {
    // GIVEN two clusters in the IAM scope and in the filter, one excluded (their region: each synthesis's own)
    const arn = (name: string) => COLLECTIONS.find((c) => c.variable === "cluster_arns")!.sample.replace("scopesample", name);
    const options = optionsWith({
      collections: { cluster_arns: [arn("payments"), arn("web")], filter_cluster_arns: [arn("payments"), arn("web")], exclude_cluster_arns: [arn("batch")] },
    });
    // WHEN the module is evaluated for it and the constructs are synthesized with it
    const evaluated = evaluateModule(tree.elements, options);
    const synthesized = rewriteSwaps(synthesize(options), tree.swaps);
    // THEN every element is the same, the role's task statement among them
    const differing = [...synthesized.elements].filter(([address, e]) => !equal(evaluated.get(address)!, e.body)).map(([address]) => address);
    expect(differing).toEqual([]);
    expect(exprText(evaluated.get("aws_iam_role_policy.ecs_auto_stop_state_machine_role_policy")!)).toContain(
      `"Resource" = ["${arn("payments").replace(":cluster/", ":task/")}/*", "${arn("web").replace(":cluster/", ":task/")}/*"]`,
    );
  });

  test("a cluster ARN sample is in the region of each synthesis: the config gets the region stand-in, the tree the sample", () => {
    // GIVEN the two stand-in sets WHEN their config documents are made
    const [first, second] = ([0, 1] as const).map((standIn) => configDocument(baseOptions(standIn)).ecs_auto_stop);
    // THEN the IAM scope and both filters name clusters in that synthesis's partition and region (the loader
    // refuses others)
    for (const [doc, partition, region] of [
      [first, "aws", "af-south-1"],
      [second, "aws-us-gov", "us-gov-east-1"],
    ] as const) {
      for (const arn of [...doc.cluster_arns, ...doc.filters.cluster_arns, ...doc.filters.exclude_cluster_arns]) {
        expect(arn.split(":").slice(1, 4)).toEqual([partition, "ecs", region]);
      }
    }
    // AND synthesized, the second set's role policy holds the sample itself again (so both sets give one tree)
    const policy = synthesize(baseOptions(1)).elements.get("aws_iam_role_policy.ecs_auto_stop_state_machine_role_policy")!;
    expect(exprText(policy.body)).toContain(`"ecs:cluster" = ["${COLLECTIONS.find((c) => c.variable === "cluster_arns")!.sample}"]`);
  });

  test("an agent endpoint's principals (accounts, organization, deploying account), CIDR source and EKS add-on evaluate to their synthesis", () => {
    // GIVEN the endpoint's switches off one at a time or together: an organization, the deploying account, both
    // (an organization given), the VPC's CIDR blocks, and the EKS add-on (eks_addon_management off) without private DNS
    const sets: Record<string, boolean>[] = [
      { "agent_endpoints:not_organization": false },
      { "agent_endpoints:principals": false },
      { "agent_endpoints:not_organization": false, "agent_endpoints:principals": false },
      { "agent_endpoints:allowed_cidrs": false },
      { eks_addon_management: false, "agent_endpoints:private_dns": false },
    ];
    for (const switches of sets) {
      const options = optionsWith({ switches });
      // WHEN the module is evaluated for it and the constructs are synthesized with it
      const evaluated = evaluateModule(tree.elements, options);
      const synthesized = rewriteSwaps(synthesize(options), tree.swaps);
      // THEN both hold the same elements with the same bodies
      expect([switches, [...evaluated.keys()].sort()]).toEqual([switches, [...synthesized.elements.keys()].sort()]);
      const differing = [...synthesized.elements].filter(([address, e]) => !equal(evaluated.get(address)!, e.body)).map(([address]) => address);
      expect([switches, differing]).toEqual([switches, []]);
    }
  });

  test("an agent endpoint's resources are one per item of agent_endpoints, its ingress rules and add-ons one per item and CIDR or cluster", () => {
    // GIVEN the merged module WHEN its agent endpoint elements are read
    const own = tree.elements.filter((e) => e.forEach?.variable === "agent_endpoints").map((e) => [addressOf(e), e.nested === true]);
    // THEN they are named without the sample, and the add-on iterates the item's clusters
    expect(own.sort()).toEqual(
      [
        ["aws_security_group.agent_endpoint_security_group", false],
        ["aws_vpc_security_group_ingress_rule.agent_endpoint_https_from_vpc", false],
        ["aws_vpc_endpoint.agent_endpoint_endpoint", false],
        ["aws_eks_addon.agent_endpoint_eks_addon", true],
        ["data.aws_vpc.agent_endpoint_vpc", false],
      ].sort(),
    );
    // AND the VPC is read only for an item without allowed CIDRs, the add-on only without GuardDuty's add-on management
    const when = (address: string) => tree.elements.find((e) => addressOf(e) === address)!.when;
    expect(when("data.aws_vpc.agent_endpoint_vpc")).toEqual([{ switch: "agent_endpoints:allowed_cidrs", on: false }]);
    expect(when("aws_eks_addon.agent_endpoint_eks_addon")).toEqual([{ switch: "eks_addon_management", on: false }]);
  });

  test("a list equal to a list parameter's stand-in becomes its expression, another list stays", () => {
    // GIVEN the subnets' stand-in list, and the same items in another order
    const subnets = LIST_PARAMETERS.find((p) => p.variable === "agent_endpoint_subnet_ids")!;
    const tuple = (items: readonly string[]) => ({ t: "tuple" as const, items: items.map((v) => ({ node: lit(v) })) });
    const substitute = standInSubstitution(0);
    // WHEN substituted THEN the stand-in is the item's subnet_ids, the reordered list is unchanged
    expect(exprText(substitute(tuple(subnets.standIns[0])))).toBe("__item__.subnet_ids");
    expect(substitute(tuple([...subnets.standIns[0]].reverse()))).toEqual(tuple([...subnets.standIns[0]].reverse()));
  });

  test("a switch another requires is merged outside it: the ECS gate's before workflow", () => {
    // GIVEN the switches WHEN ordered for merging THEN each comes after every switch that requires it
    const order = requiredLast(SWITCHES).map((s) => s.variable);
    for (const s of SWITCHES)
      for (const r of s.requires ?? []) expect([s.variable, r, order.indexOf(s.variable) < order.indexOf(r)]).toEqual([s.variable, r, true]);
  });

  test("a number the constructs add to the gate's timeout stand-in becomes the timeout plus the rest", () => {
    // GIVEN the ECS gate's timeout stand-in plus 900 (the execution timeout raised by the gate's wait)
    const timeout = PARAMETERS.find((p) => p.variable === "ecs_auto_stop_gate_timeout_seconds")!;
    const substitute = standInSubstitution(0);
    // WHEN substituted THEN it is the expression plus 900; the stand-in alone is the expression
    expect(exprText(substitute(lit((timeout.standIns[0] as number) + 900)))).toBe("try(var.ecs_auto_stop_approval_gate.timeout_seconds, 0) + 900");
    expect(exprText(substitute(lit(timeout.standIns[0])))).toBe("try(var.ecs_auto_stop_approval_gate.timeout_seconds, 0)");
    // AND a number below the stand-in stays a number
    expect(substitute(lit((timeout.standIns[0] as number) - 1))).toEqual(lit((timeout.standIns[0] as number) - 1));
  });

  test("the created topic and the existing one are one local, chosen by create_topic", () => {
    // GIVEN the merged module WHEN its swaps are read THEN the topic's ARN and existing_topic_arn are one swap
    expect(tree.swaps).toContainEqual({
      when: { switch: "create_topic", on: true },
      from: "aws_sns_topic.notifications_topic.arn",
      to: "var.existing_topic_arn",
    });
  });
});

/** The registry module from the constructs with values of one's own, lists of several items, and how merging writes them. */
import { baseOptions, COLLECTIONS, configDocument, LIST_PARAMETERS, PARAMETERS, SWITCHES } from "../../../../tools/registry-module/from-constructs/definition";
import { generateModuleTree, optionsWith, requiredLast, rewriteSwaps } from "../../../../tools/registry-module/from-constructs/generate";
import { evaluateModule } from "../../../../tools/registry-module/from-constructs/merge";
import { addressOf, standInSubstitution, synthesize } from "../../../../tools/registry-module/from-constructs/synth";
import { differingWithValues } from "./module-evaluation";
import { equal, exprText, lit } from "../../../../tools/registry-module/from-constructs/tree";

// Read from the disk cache the global setup filled (__tests__/support/global-setup.ts), once per worker.
const tree = generateModuleTree();

describe("the registry module from the constructs, with values of one's own", () => {
  test("the module with every parameter at its other stand-in evaluates to the constructs synthesized with those values", () => {
    // GIVEN every switch on and the parameters' second stand-ins (non-default tags, labels, names, numbers)
    const options = optionsWith({}, 1);
    // WHEN the module is evaluated and its expressions computed with those values, and the constructs are
    // synthesized with them (nothing substituted)
    const { differing, synthesized } = differingWithValues(tree, options);
    // THEN every element is the same, the EC2 role's condition keyed by the isolation tag's key among them
    expect(differing).toEqual([]);
    expect(exprText(synthesized.get("aws_iam_role_policy.ec2_isolation_state_machine_role_policy")!)).toContain(
      '"aws:RequestTag/EcTwoIsolationKeyOther" = "EcTwoIsolationValueOther"',
    );
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
    const { differing, synthesized } = differingWithValues(tree, options);
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

/** The organization settings in the registry module: the designation, the organization configuration, a looked-up detector. */
import { generateModuleTree, optionsWith, rewriteSwaps } from "../../../../tools/registry-module/from-constructs/generate";
import { evaluateModule } from "../../../../tools/registry-module/from-constructs/merge";
import { synthesize } from "../../../../tools/registry-module/from-constructs/synth";
import { differingWithValues } from "./module-evaluation";
import { equal, exprText, Node } from "../../../../tools/registry-module/from-constructs/tree";

// Read from the disk cache the global setup filled (__tests__/support/global-setup.ts), once per worker.
const tree = generateModuleTree();

describe("the registry module from the constructs: the organization settings", () => {
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
    const { differing, synthesized } = differingWithValues(tree, options);
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
});

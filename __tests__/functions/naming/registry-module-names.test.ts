/** The registry module names its resources like the constructs: the region code computed by Terraform is regionCode()'s. */
import { pipelineResourceNames, regionCode } from "../../../functions/naming/resource-names";
import { optionsWith } from "../../../tools/registry-module/from-constructs/generate";
import { synthesize } from "../../../tools/registry-module/from-constructs/synth";
import { REGION_CODE_EXPRESSION } from "../../../tools/registry-module/from-constructs/render";
import { exprText } from "../../../tools/registry-module/from-constructs/tree";
import { evaluateWithTerraform, findTerraform } from "../../support/terraform-binary";

const REGIONS = ["ap-northeast-1", "us-east-1", "eu-central-1", "us-gov-west-1", "ap-southeast-2", "il-central-1", "eu-isoe-west-1"];
const terraform = findTerraform();
const withTerraform = terraform ? test : test.skip;

withTerraform(
  `GIVEN regions WHEN Terraform evaluates local.region_code THEN it is regionCode() of each${terraform ? "" : " (skipped: no terraform binary on PATH)"}`,
  () => {
    const expressions = Object.fromEntries(REGIONS.map((r, i) => [`r${i}`, `\${${REGION_CODE_EXPRESSION.replace("local.region", JSON.stringify(r))}}`]));
    const values = evaluateWithTerraform(terraform!, expressions);
    expect(REGIONS.map((_, i) => values[`r${i}`])).toEqual(REGIONS.map(regionCode));
  },
);

withTerraform(
  `GIVEN a name prefix WHEN Terraform evaluates the generated module's role name THEN it is the constructs' name${terraform ? "" : " (skipped: no terraform binary on PATH)"}`,
  () => {
    // GIVEN the state machine role's name as the generated module writes it
    const role = synthesize(optionsWith({})).elements.get("aws_iam_role.ecs_auto_stop_state_machine_role")!;
    const name = role.body.t === "obj" ? role.body.entries.find((e) => e.key === "name")!.node : undefined;
    const text = exprText(name!)
      .replace(/var\.name_prefix/g, '"acme-prod"')
      .replace("local.region_code", REGION_CODE_EXPRESSION)
      .replace("local.region", JSON.stringify("us-gov-west-1"));
    // WHEN Terraform evaluates it THEN it is the constructs' name for that prefix and region
    const values = evaluateWithTerraform(terraform!, { sfn: `\${${text}}` });
    expect(values.sfn).toBe(pipelineResourceNames("acme-prod", "us-gov-west-1").stateMachineRole);
    expect(values.sfn).toBe("acme-prod-usgw1-sfn-role");
  },
);

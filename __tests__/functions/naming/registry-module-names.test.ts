/** The registry module names its resources like the constructs: the region code computed by Terraform is regionCode()'s. */
import { regionCode } from "../../../functions/naming/resource-names";
import { moduleNameText, moduleResourceNames, REGION_CODE_EXPRESSION } from "../../../tools/registry-module/documents";
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
  `GIVEN a name prefix WHEN Terraform evaluates the role names the preconditions check THEN they are the constructs' names${terraform ? "" : " (skipped: no terraform binary on PATH)"}`,
  () => {
    const inline = (key: "state_machine_role" | "events_role" | "coverage_rule", region: string) =>
      `\${${moduleNameText(key)
        .replace(/var\.name_prefix/g, '"acme-prod"')
        .replace("local.region", JSON.stringify(region))}}`;
    const values = evaluateWithTerraform(terraform!, {
      sfn: inline("state_machine_role", "us-gov-west-1"),
      events: inline("events_role", "ap-northeast-1"),
      coverage: inline("coverage_rule", "ap-northeast-1"),
    });
    expect(values).toEqual({
      sfn: moduleResourceNames("acme-prod", "us-gov-west-1").state_machine_role,
      events: moduleResourceNames("acme-prod", "ap-northeast-1").events_role,
      coverage: moduleResourceNames("acme-prod", "ap-northeast-1").coverage_rule,
    });
    expect(values.sfn).toBe("acme-prod-usgw1-sfn-role");
  },
);

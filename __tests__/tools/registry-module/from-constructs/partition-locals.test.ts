/**
 * The module's partition locals computed by Terraform itself: the locals block render.ts writes, with the provider's
 * partition and region given as literals (no provider: it plans offline), against what the constructs write.
 */
import { agentEndpointServiceName } from "../../../../functions/guardduty/agent-endpoint-service";
import { consoleDomainOf } from "../../../../config/stack-props";
import { PARTITION } from "../../../../tools/registry-module/from-constructs/definition";
import { localsBlock } from "../../../../tools/registry-module/from-constructs/render";
import { renderFile } from "../../../../tools/registry-module/hcl";
import { findTerraform } from "../../../support/terraform-binary";
import { planOutputs, removeTemporaryFolders } from "../module-fixture";

afterAll(removeTemporaryFolders);

const terraform = findTerraform();
const whenTerraform = terraform ? test : test.skip;
const named = (name: string) => `${name}${terraform ? "" : " (skipped: no terraform binary on PATH)"}`;

describe("the registry module's partition locals, computed by Terraform", () => {
  whenTerraform(
    named("in GovCloud the agent's endpoint service is the FIPS one and the console is GovCloud's; elsewhere the commercial ones"),
    async () => {
      for (const [region, partition] of [
        ["us-gov-west-1", "aws-us-gov"],
        ["eu-west-1", "aws"],
      ] as const) {
        // GIVEN the module's locals with the provider's region and partition as literals
        const locals = renderFile([localsBlock({ elements: [], swaps: [], blocks: new Set() }, `"${region}"`)])
          .split(PARTITION)
          .join(`"${partition}"`);
        // WHEN Terraform plans them as outputs
        const outputs = await planOutputs(terraform!, {
          "main.tf": `${locals}\noutput "agent_endpoint_service" {\n  value = local.agent_endpoint_service\n}\noutput "console_domain" {\n  value = local.console_domain\n}\n`,
        });
        // THEN they are what the constructs write for that region
        expect(outputs).toEqual({ agent_endpoint_service: agentEndpointServiceName(region, partition), console_domain: consoleDomainOf(region) });
      }
    },
    120_000,
  );
});

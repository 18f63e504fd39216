/**
 * The lists the module iterates where the constructs drop some of a variable's items (definition.ts `items`),
 * computed by Terraform itself against what the constructs write for the same values.
 */
import { buildEcsRuntimeFindingPattern } from "../../../../functions/ecs-stop-task/finding-filters";
import { EKS_ALWAYS_PROTECTED_NAMESPACES, resolveProtectedNamespaces } from "../../../../functions/eks-contain-pod/state-machine";
import { COLLECTIONS } from "../../../../tools/registry-module/from-constructs/definition";
import { literal, renderValue } from "../../../../tools/registry-module/hcl";
import { findTerraform } from "../../../support/terraform-binary";
import { planOutputs, removeTemporaryFolders } from "../module-fixture";

afterAll(removeTemporaryFolders);

const terraform = findTerraform();
const whenTerraform = terraform ? test : test.skip;
const named = (name: string) => `${name}${terraform ? "" : " (skipped: no terraform binary on PATH)"}`;

const itemsOf = (variable: string) => COLLECTIONS.find((c) => c.variable === variable)!.items!;
const hcl = (value: unknown) => renderValue(literal(value), 0, 0);
const cluster = (name: string) => `arn:aws:ecs:eu-west-1:123456789012:cluster/${name}`;

describe("lists the module iterates, computed by Terraform", () => {
  whenTerraform(
    named("kube-system listed among the protected namespaces is protected once, first, as the constructs write it"),
    async () => {
      // GIVEN kube-system listed with another namespace
      const listed = ["istio-system", "kube-system"];
      // WHEN Terraform computes the module's protected namespaces (the ones protected always, then the items)
      const outputs = await planOutputs(terraform!, {
        "main.tf": `variable "eks_protected_namespaces" {\n  default = ${hcl(listed)}\n}\noutput "protected" {\n  value = concat(${hcl([...EKS_ALWAYS_PROTECTED_NAMESPACES])}, [for item in ${itemsOf("eks_protected_namespaces")} : item])\n}\n`,
      });
      // THEN it is the constructs' list
      expect(outputs.protected).toEqual([...resolveProtectedNamespaces(listed)]);
      expect(outputs.protected).toEqual(["kube-system", "istio-system"]);
    },
    120_000,
  );

  whenTerraform(
    named("a filtered cluster also excluded is dropped from the rule's filter, as the constructs' pattern has it"),
    async () => {
      // GIVEN a filter of two clusters, one of them excluded
      const filter = [cluster("web"), cluster("batch")];
      const exclude = [cluster("batch")];
      // WHEN Terraform computes the clusters the module's pattern lists
      const outputs = await planOutputs(terraform!, {
        "main.tf": [
          `variable "filter_cluster_arns" {\n  default = ${hcl(filter)}\n}`,
          `variable "exclude_cluster_arns" {\n  default = ${hcl(exclude)}\n}`,
          `output "clusters" {\n  value = [for item in ${itemsOf("filter_cluster_arns")} : item]\n}`,
        ].join("\n"),
      });
      // THEN they are the constructs' pattern's clusters
      const pattern = buildEcsRuntimeFindingPattern({ clusterArns: filter, excludeClusterArns: exclude }) as {
        detail: { resource: { ecsClusterDetails: { arn: unknown } } };
      };
      expect(outputs.clusters).toEqual(pattern.detail.resource.ecsClusterDetails.arn);
      expect(outputs.clusters).toEqual([cluster("web")]);
    },
    120_000,
  );
});

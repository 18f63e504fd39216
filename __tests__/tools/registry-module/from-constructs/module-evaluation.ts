/** Comparing the merged module, evaluated for an option set, with the constructs synthesized with it. */
import { listStandIn, Options, parameterValues } from "../../../../tools/registry-module/from-constructs/definition";
import { ModuleTree, rewriteSwaps } from "../../../../tools/registry-module/from-constructs/generate";
import { bindParameters, evaluateModule } from "../../../../tools/registry-module/from-constructs/merge";
import { synthesize } from "../../../../tools/registry-module/from-constructs/synth";
import { equal, Node } from "../../../../tools/registry-module/from-constructs/tree";

/**
 * The elements whose module value, with the parameters bound to the options' values, differs from the synthesis
 * (nothing substituted); both must have the same elements.
 */
export function differingWithValues(tree: ModuleTree, options: Options): { differing: string[]; synthesized: Map<string, Node> } {
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

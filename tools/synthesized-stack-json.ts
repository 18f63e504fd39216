/**
 * The Terraform JSON of a stack as `cdktf synth` makes it, in process: aspects invoked, validations run (a failed
 * one throws), then `toTerraform()` once, the `//` metadata (construct paths) kept, as plain JSON data.
 *
 * This is what `Testing.synth(stack, true)` does before it strips the metadata and formats the text; its callers
 * here needed the metadata, so they threw that text away and called `toTerraform()` again: every stack was
 * resolved twice.
 */
import type { TerraformStack } from "cdktf";
import { invokeAspects } from "cdktf/lib/synthesize/synthesizer";

/** `stack` synthesized with aspects and validations; the JSON of `toTerraform()`, metadata included. */
export function synthesizedStackJson<Json = Record<string, unknown>>(stack: TerraformStack): Json {
  invokeAspects(stack);
  stack.runAllValidations();
  return JSON.parse(JSON.stringify(stack.toTerraform())) as Json;
}

/**
 * Before any test file runs: the registry module's tree, generated once and kept on disk under the hash of its
 * sources (tools/registry-module/from-constructs/generate.ts). With a cold cache that is some seventy syntheses, a
 * synchronous minute: inside a test worker it would block the worker's messages to vitest past their 60 s limit
 * ("Timeout calling onTaskUpdate"). Here, in vitest's own process before the workers start, nothing waits on it.
 * With a warm cache it reads one file.
 */
import { generateModuleTree } from "../../tools/registry-module/from-constructs/generate";

export default function setup(): void {
  generateModuleTree();
}

/** Every config rule, in the order their problems are reported. */
import type { ConfigRule } from "./config-rule";
import { resourceNameLengths } from "./resource-name-lengths";

export const CONFIG_RULES: readonly ConfigRule[] = [resourceNameLengths];

/** Every config rule, in the order their problems are reported. */
import type { ConfigRule } from "./config-rule";

export const CONFIG_RULES: readonly ConfigRule[] = [];

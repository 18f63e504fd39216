/** No secret in the config: Terraform reads tokens and credentials from the environment, never from the synthesized JSON. */
import type { Config } from "../config-schema";
import type { ConfigProblem } from "../config-error";
import { refuse } from "./config-rule";

export function backendToken(config: Config): ConfigProblem[] {
  if (config.backend.token === undefined) return [];
  return [refuse("backend.token", "(hidden)", "no token in config: set TF_TOKEN_<hostname> (Terraform Cloud) or AWS credentials in the environment")];
}

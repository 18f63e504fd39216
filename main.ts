/**
 * Composition root: read the config (or the built-in default), validate it, synthesize.
 *
 *   npm run synth                          built-in default config
 *   npm run synth -- --config my.json      a config file
 *   GUARDDUTY_RESPONSE_CONFIG=my.json cdktf synth
 */
import { App } from "cdktf";
import { ConfigError } from "./config/config-error";
import { loadConfig } from "./config/load-config";
import { planStacks } from "./config/stack-plans";
import { RuntimeMonitoringStack } from "./modules/runtime-monitoring-stack";

function configPathFromArgs(argv: readonly string[]): string | undefined {
  const i = argv.indexOf("--config");
  if (i >= 0) return argv[i + 1] ?? "";
  const inline = argv.find((a) => a.startsWith("--config="));
  return inline?.slice("--config=".length) ?? process.env.GUARDDUTY_RESPONSE_CONFIG;
}

function main(): void {
  // Validate everything before constructing the app, so a bad config writes nothing.
  const { config } = loadConfig(configPathFromArgs(process.argv.slice(2)));
  const app = new App();
  for (const plan of planStacks(config)) {
    new RuntimeMonitoringStack(app, plan.stackName, plan.config, { organizationAdmin: plan.organizationAdmin, organizationManagement: plan.organizationManagement });
  }
  app.synth();
}

try {
  main();
} catch (e) {
  if (e instanceof ConfigError) {
    process.stderr.write(`${e.message}\n`);
    process.exit(2);
  }
  throw e;
}

/**
 * A CDKTF app of your own that uses guardduty-runtime-response as an installed construct library (the tarball
 * `npm pack` makes in the project root), not our config file: two stacks, one built from single constructs next
 * to your own provider, one the whole system from props.
 *
 *   npm install && npm run synth      (see README.md; cdktf.json runs the same for `cdktf deploy`)
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { EcsTaskAutoStop, GuardDutyDetector, ResponseNotifications, RuntimeMonitoringStack } from "guardduty-runtime-response";

const REGION = "ap-northeast-1";
const PROD_CLUSTER = "arn:aws:ecs:ap-northeast-1:123456789012:cluster/prod";

/** Your stack, your provider: a detector and the guarded ECS containment, reporting to one topic. */
class ContainmentStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, "aws", { region: REGION, allowedAccountIds: ["123456789012"] });
    new GuardDutyDetector(this, "detector", { region: REGION });
    const notifications = new ResponseNotifications(this, "notifications", {
      namePrefix: "acme-runtime-prod",
      notificationEmails: ["secops@example.com"],
    });
    new EcsTaskAutoStop(this, "ecs-task-auto-stop", {
      namePrefix: "acme-runtime-prod",
      region: REGION,
      notifications,
      workflow: "guarded",
      guarded: { dryRun: true },
      clusterArns: [PROD_CLUSTER],
    });
  }
}

const app = new App();
new ContainmentStack(app, "acme-containment");
// The whole system in one stack, as the project's own app synthesizes it from a config file.
new RuntimeMonitoringStack(app, "acme-runtime-monitoring", {
  region: REGION,
  namePrefix: "acme-runtime-staging",
  ecsAutoStop: { clusterArns: ["arn:aws:ecs:ap-northeast-1:123456789012:cluster/staging"] },
});
app.synth();

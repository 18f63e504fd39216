/** The review of a stack with the ECS, EC2 and EKS pipelines: every section covers every pipeline. */
import { DEFAULT_COST_INPUTS, estimateMonthlyCost } from "../../../tools/review/cost";
import { responsePipelinesOf } from "../../../tools/review/pipelines";
import { PRICE_LISTS } from "../../../tools/review/price-list";
import { buildReviewReport } from "../../../tools/review/report";
import { reviewWarnings } from "../../../tools/review/warnings";
import { EC2_ISOLATION_SUBJECTS } from "../../../functions/ec2-isolate-instance/state-machine";
import { EKS_CONTAIN_POD_SUBJECTS } from "../../../functions/eks-contain-pod/state-machine";
import { synthesize } from "./review-stacks";

/** ECS (seed), EC2 isolation in dry run, EKS containment without alarms. */
const EVERY_PIPELINE = {
  ec2_isolation: { enabled: true, dry_run: true },
  eks_containment: { enabled: true, cluster_names: ["prod"], namespaces: ["shop"], action: "delete", alarms: false },
};
const STACK = "ecs-runtime-monitoring-stop-task-dev";

function report(): string {
  const { json, config } = synthesize(EVERY_PIPELINE);
  return buildReviewReport({ synthesized: json, config, configSource: "every-pipeline.json" });
}

function sectionOf(text: string, heading: string): string {
  const start = text.indexOf(`## ${heading}\n`);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = text.indexOf("\n## ", start + 1);
  return text.slice(start, end < 0 ? undefined : end);
}

test("the stack's three pipelines are found by their target ids, with their type, rule, roles, queue and alarms", () => {
  // GIVEN the synthesized stack WHEN its pipelines are read
  const pipelines = responsePipelinesOf(synthesize(EVERY_PIPELINE).json);
  // THEN
  expect(pipelines.map((p) => [p.type?.id, p.rule.path, p.stateMachine.path, p.alarms.length, p.dryRun])).toEqual([
    ["ecs-stop-task", "ecs-auto-stop/rule", "ecs-auto-stop/state-machine", 7, false],
    ["ec2-isolate-instance", "ec2-isolation/rule", "ec2-isolation/state-machine", 7, true],
    ["eks-contain-pod", "eks-containment/rule", "eks-containment/state-machine", 0, false],
  ]);
  expect(pipelines.map((p) => p.stateMachineRole?.path)).toEqual([
    "ecs-auto-stop/state-machine-role",
    "ec2-isolation/state-machine-role",
    "eks-containment/state-machine-role",
  ]);
  expect(pipelines[1].noticeSubjects).toEqual(expect.arrayContaining(Object.values(EC2_ISOLATION_SUBJECTS)));
  expect(pipelines[2].noticeSubjects).toEqual(expect.arrayContaining(Object.values(EKS_CONTAIN_POD_SUBJECTS)));
});

test("the header and the Response pipelines section name every pipeline", () => {
  const text = report();
  expect(text).toContain("response pipelines: ECS task auto-stop, EC2 instance isolation (dry run), EKS pod containment");
  const section = sectionOf(text, "Response pipelines");
  for (const heading of ["### ECS task auto-stop", "### EC2 instance isolation", "### EKS pod containment"]) expect(section).toContain(heading);
  expect(section).toContain(`| rule | \`${STACK}-eks-rule\` (\`eks-containment/rule\`) |`);
  expect(section).toContain("Acts on an EC2 instance (`resourceType Instance`); response type `ec2-isolate-instance`.");
  expect(section).toContain(`| DELETED | ${EKS_CONTAIN_POD_SUBJECTS.DELETED} | yes |`);
});

test("each pipeline says what it does and which outcomes it reports, in its response type's words, each found in the synthesized definition", () => {
  // GIVEN the report of the stack with the three pipelines
  const section = sectionOf(report(), "Response pipelines");
  // THEN each type's review text is there
  const { config } = synthesize(EVERY_PIPELINE);
  expect(config.eks_containment.enabled).toBe(true);
  expect(section.match(/^What it does: /gm)).toHaveLength(3);
  expect(section).toContain("What it does: Stops the task the finding names");
  // AND every outcome of the EC2 type is a row, found among the definition's notices
  for (const subject of Object.values(EC2_ISOLATION_SUBJECTS))
    expect(section).toMatch(new RegExp(`\\| ${subject.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\| yes \\|`));
  expect(section).not.toContain("**no**");
});

test("every rule is put in words, and every state machine gets its Mermaid diagram under its type", () => {
  const text = report();
  const patterns = sectionOf(text, "Event patterns in words");
  for (const rule of [`${STACK}-rule`, `${STACK}-ec2-rule`, `${STACK}-eks-rule`]) expect(patterns).toContain(`**Rule \`${rule}\`**`);
  expect(patterns).toContain('`detail.resource.resourceType` is "Instance"');
  expect(patterns).toContain('`detail.resource.resourceType` is "EKSCluster"');
  const machines = sectionOf(text, "State machines");
  for (const [title, name] of [
    ["ECS task auto-stop", `${STACK}-state-machine`],
    ["EC2 instance isolation", `${STACK}-ec2-state-machine`],
    ["EKS pod containment", `${STACK}-eks-state-machine`],
  ]) {
    expect(machines).toContain(`**${title}: \`${name}\`**`);
  }
  expect(machines.match(/```mermaid\nstateDiagram-v2/g)).toHaveLength(3);
  const diagram = sectionOf(text, "Pipeline");
  for (const api of ['n_api_ec2["EC2 API"]', 'n_api_autoscaling["AUTOSCALING API"]', 'n_api_eks["EKS API"]']) expect(diagram).toContain(api);
});

test("the IAM section has the policies of every pipeline's roles", () => {
  const iam = sectionOf(report(), "IAM permissions");
  for (const policy of [
    "stop-tasks-and-notify",
    "isolate-instances-and-notify",
    "contain-pods-and-notify",
    "start-ec2-isolation-state-machine",
    "start-eks-containment-state-machine",
  ]) {
    expect(iam).toContain(`**identity policy ${policy} of role`);
  }
  expect(iam).toContain("`ec2:ModifyNetworkInterfaceAttribute`");
  expect(iam).toContain("`eks:DescribeCluster`");
});

test("the cost has one Step Functions line per pipeline, each run --findings times, and a notice per execution", () => {
  // GIVEN 30 findings a month per pipeline WHEN estimated
  const estimate = estimateMonthlyCost(synthesize(EVERY_PIPELINE).json, DEFAULT_COST_INPUTS, PRICE_LISTS["ap-northeast-1"]);
  // THEN
  const stepFunctions = estimate.lines.filter((l) => l.item.startsWith("Step Functions"));
  expect(stepFunctions.map((l) => l.item)).toEqual([
    `Step Functions (standard): ECS task auto-stop, ${STACK}-state-machine`,
    `Step Functions (standard): EC2 instance isolation, ${STACK}-ec2-state-machine`,
    `Step Functions (standard): EKS pod containment, ${STACK}-eks-state-machine`,
  ]);
  for (const line of stepFunctions) expect(line.quantity).toMatch(/^30 executions x \d+ states on the main path/);
  expect(estimate.lines.find((l) => l.item === "SNS notices")!.quantity).toMatch(/^90 publishes/);
});

test("warnings name the pipeline they are about: the EC2 dry run, the EKS pipeline without alarms", () => {
  const { json, config } = synthesize(EVERY_PIPELINE);
  const warnings = reviewWarnings(json, config);
  const dry = warnings.find((w) => w.id === "dry-run")!;
  expect(dry.title).toBe("Dry run: nothing will be contained");
  expect(dry.detail).toContain(`EC2 instance isolation (\`${STACK}-ec2-state-machine\`) only reports what it would have done`);
  expect(dry.evidence).toEqual(["ec2-isolation/state-machine"]);
  const noAlarms = warnings.find((w) => w.id === "no-alarms")!;
  expect(noAlarms.detail).toContain(`No CloudWatch alarm watches EKS pod containment (\`${STACK}-eks-state-machine\`)`);
  expect(noAlarms.evidence).toEqual(["eks-containment/state-machine"]);
});

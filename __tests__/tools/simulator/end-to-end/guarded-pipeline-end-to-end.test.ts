/**
 * The guarded pipeline end to end, offline, from config: filtered rule pattern (our matcher), guarded
 * input transformer (our renderer), guarded state machine (aws-local-stepfunctions, fake ECS and SNS).
 */
import { parseConfig } from "../../../../config/load-config";
import { GUARDED_SUBJECTS } from "../../../../functions/ecs-stop-task/guarded-state-machine";
import { renderInputTransformer } from "../../../../functions/eventbridge/input-transformer-renderer";
import { matchesEventPattern } from "../../../../functions/eventbridge/pattern-matcher";
import { createFakeAwsWorld } from "../../../../tools/simulator/fake-aws-world";
import { runStateMachine } from "../../../../tools/simulator/run-state-machine";
import { ecsRuntimeFindingEvent } from "../../../support/finding-events";
import { SynthesizedStack, TEST_ACCOUNT, stackOfConfig } from "../../../support/synthesized-stack";

const { accountId, region } = TEST_ACCOUNT;
const CLUSTER = `arn:aws:ecs:${region}:${accountId}:cluster/prod`;
const TASK = `arn:aws:ecs:${region}:${accountId}:task/prod/fa2100c571d448b7a977da8120a5d383`;

const synth = new SynthesizedStack(
  stackOfConfig(parseConfig({ ecs_auto_stop: { workflow: "guarded", filters: { min_severity: 7 }, cluster_arns: [CLUSTER] } }, "test"), "guarded"),
);
const pattern = synth.resource("aws_cloudwatch_event_rule").event_pattern as string;
const transformer = synth.resource("aws_cloudwatch_event_target").input_transformer as { input_paths: Record<string, string>; input_template: string };
const definition = synth.evaluateJson(synth.resource("aws_sfn_state_machine").definition) as Record<string, unknown>;
const topicArn = synth.resolveReference(`aws_sns_topic.${synth.resources("aws_sns_topic")[0].name}.arn`) as string;

const findingEvent = (severity: number, title: string) =>
  ecsRuntimeFindingEvent({
    id: "5ec6a1e0f2b3c4d5e6f7a8b9c0d1e2f3",
    type: "Execution:Runtime/ReverseShell",
    severity,
    title,
    clusterArn: CLUSTER,
    accountId,
    taskArn: TASK,
  });

test("a high-severity finding stops the task with a bounded reason and reports it", async () => {
  // GIVEN a running task and a severity 8 finding whose title is long and full of quotes
  const title = `Reverse shell "${"x".repeat(2000)}"`;
  const event = findingEvent(8, title);
  const world = createFakeAwsWorld({
    region,
    accountId,
    tasks: [{ taskArn: TASK, taskDefinitionArn: "arn:aws:ecs:ap-northeast-1:640028535582:task-definition/web:1", group: "service:web" }],
    topics: [topicArn],
  });
  // WHEN EventBridge routes it and the state machine runs
  expect(matchesEventPattern(pattern, event)).toBe(true);
  const input = JSON.parse(renderInputTransformer(event, transformer.input_paths, transformer.input_template));
  const result = await runStateMachine({ definition, input, world });
  // THEN
  expect(result.status).toBe("SUCCEEDED");
  const stop = result.calls.find((c) => c.action === "stopTask")!;
  expect(stop.parameters).toMatchObject({ Cluster: CLUSTER, Task: TASK });
  expect(String((stop.parameters as Record<string, unknown>).Reason).length).toBeLessThanOrEqual(255);
  expect(result.published.map((p) => p.subject)).toEqual([GUARDED_SUBJECTS.STOPPED]);
});

test("a medium-severity finding does not start the state machine", () => {
  expect(matchesEventPattern(pattern, findingEvent(5.5, "x"))).toBe(false);
});

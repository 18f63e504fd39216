/**
 * The seed pipeline end to end, offline: a GuardDuty finding event goes through the synthesized rule
 * pattern (our EventBridge matcher), the synthesized input transformer (our renderer), and the
 * synthesized state machine definition (aws-local-stepfunctions, fake ECS and SNS via the real SDK).
 */
import { loadConfig } from "../../../../config/load-config";
import { matchesEventPattern } from "../../../../functions/eventbridge/pattern-matcher";
import { renderInputTransformer } from "../../../../functions/eventbridge/input-transformer-renderer";
import { createFakeAwsWorld } from "../../../../tools/simulator/fake-aws-world";
import { runStateMachine } from "../../../../tools/simulator/run-state-machine";
import { trimIntrinsicWhitespace } from "../../../../tools/simulator/trim-intrinsic-whitespace";
import { ecsRuntimeFindingEvent, findingEvent, readSampleFinding, SAMPLE_FILES, SAMPLE_FINDINGS } from "../../../support/finding-events";
import { describeWithShared } from "../../../support/shared-dir";
import { SynthesizedStack, TEST_ACCOUNT, stackOfConfig } from "../../../support/synthesized-stack";

const { accountId, region } = TEST_ACCOUNT;
const CLUSTER = `arn:aws:ecs:${region}:${accountId}:cluster/prod`;
const TASK = `arn:aws:ecs:${region}:${accountId}:task/prod/fa2100c571d448b7a977da8120a5d383`;
const TASK_DEFINITION = `arn:aws:ecs:${region}:${accountId}:task-definition/web:7`;

const { config } = loadConfig();
const synth = new SynthesizedStack(stackOfConfig(config, "seed"));
const pattern = synth.resource("aws_cloudwatch_event_rule").event_pattern as string;
const transformer = synth.resource("aws_cloudwatch_event_target").input_transformer as { input_paths: Record<string, string>; input_template: string };
const definition = synth.evaluateJson(synth.resource("aws_sfn_state_machine").definition) as Record<string, unknown>;
const topicArn = synth.resolveReference(`aws_sns_topic.${synth.resources("aws_sns_topic")[0].name}.arn`) as string;

const ecsRuntimeFinding = (title: string) =>
  ecsRuntimeFindingEvent({
    type: "CryptoCurrency:Runtime/BitcoinTool.B!DNS",
    title,
    clusterArn: CLUSTER,
    accountId,
    taskArn: TASK,
    taskDefinitionArn: TASK_DEFINITION,
  });

test("a runtime finding on an ECS task is matched, transformed, and its task stopped and reported", async () => {
  // GIVEN a running task and an ECS runtime finding about it, with a title that needs JSON escaping
  const title = 'Bitcoin-related domain "pool.supportxmr.com" queried';
  const event = ecsRuntimeFinding(title);
  const world = createFakeAwsWorld({
    region,
    accountId,
    tasks: [{ taskArn: TASK, taskDefinitionArn: TASK_DEFINITION, group: "service:web" }],
    topics: [topicArn],
  });
  // WHEN EventBridge would route it
  expect(matchesEventPattern(pattern, event)).toBe(true);
  const input = JSON.parse(renderInputTransformer(event, transformer.input_paths, transformer.input_template));
  const result = await runStateMachine({ definition: trimIntrinsicWhitespace(definition), input, world });
  // THEN the task named in the finding is stopped with its title as reason, and the success notice is sent
  expect(input).toEqual({ EcsClusterArn: CLUSTER, TaskDefinitionArn: TASK_DEFINITION, TaskArn: TASK, GuardDutyFindingTitle: title });
  expect(result.calls[0]).toMatchObject({ action: "stopTask", parameters: { Cluster: CLUSTER, Task: TASK, Reason: title } });
  expect(result.status).toBe("SUCCEEDED");
  expect(result.published.map((p) => p.topicArn)).toEqual([topicArn]);
  expect(result.published[0].message).toContain(`Task: ${TASK}`);
});

describeWithShared("the public finding samples", [SAMPLE_FINDINGS], () => {
  test("the shared sample findings are not matched by the seed rule", () => {
    for (const file of SAMPLE_FILES) {
      expect([file, matchesEventPattern(pattern, findingEvent(readSampleFinding(file)))]).toEqual([file, false]);
    }
  });
});

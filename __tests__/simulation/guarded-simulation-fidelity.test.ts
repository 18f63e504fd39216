/**
 * What the guarded workflow relies on in the simulation: intrinsic functions that keep backslashes as AWS
 * does (patched aws-local-stepfunctions), JSONPath filters that cannot be used (why the workflow uses
 * States.ArrayContains), and the fake DescribeClusters and SNS throttling through the real SDK clients.
 */
import { DescribeClustersCommand } from "@aws-sdk/client-ecs";
import { PublishCommand } from "@aws-sdk/client-sns";
import type { JsonValue } from "../../functions/simulation/aws-sdk-task-handler";
import { createFakeAwsWorld } from "../../functions/simulation/fake-aws-world";
import { SNS_THROTTLED_MESSAGE } from "../../functions/simulation/fake-sns";
import { LOCAL_STEPFUNCTIONS_PATCHES, applyLocalStepFunctionsPatches } from "../../functions/simulation/patched-local-stepfunctions";
import { runStateMachine } from "../../functions/simulation/run-state-machine";
import { validateAsl } from "../../functions/simulation/validate-asl";
import { CLUSTER_ARN, TOPIC_ARN, rejectionOf, sdkClients } from "./fixtures";

/** One Pass state computing `parameters`. */
function pass(parameters: Record<string, JsonValue>): object {
  return { StartAt: "P", States: { P: { Type: "Pass", Parameters: parameters, End: true } } };
}

describe("intrinsic functions in the simulation (patched aws-local-stepfunctions)", () => {
  it("States.JsonToString keeps the backslashes of the JSON text, so the result parses back to the input", async () => {
    // GIVEN a string with quotes, a line break and a backslash
    const text = 'say "hi"\nC:\\tmp';
    // WHEN a Pass state JSON-quotes it
    const result = await runStateMachine({ definition: pass({ "q.$": "States.JsonToString($.t)" }), input: { t: text }, world: createFakeAwsWorld() });
    // THEN the result is its JSON text, as AWS gives it
    expect(result.output).toEqual({ q: JSON.stringify(text) });
  });

  it("States.Format inserts values as they are: backslashes kept, {} in a value not filled again", async () => {
    const definition = pass({ "f.$": "States.Format('{}|{}', $.a, $.b)" });
    const result = await runStateMachine({ definition, input: { a: "x {} \\ y", b: "z" }, world: createFakeAwsWorld() });
    expect(result.output).toEqual({ f: "x {} \\ y|z" });
  });

  it("States.Format reads escaped quotes and braces of its template as literal characters", async () => {
    const definition = pass({ "f.$": "States.Format('it\\'s \\{\\} and {}', $.a)" });
    const result = await runStateMachine({ definition, input: { a: "v" }, world: createFakeAwsWorld() });
    expect(result.output).toEqual({ f: "it's {} and v" });
  });

  it("nested JsonToString inside Format keeps its escapes", async () => {
    const definition = pass({ "f.$": "States.Format('t: {}', States.JsonToString($.t))" });
    const result = await runStateMachine({ definition, input: { t: 'a"b\nc' }, world: createFakeAwsWorld() });
    expect(result.output).toEqual({ f: `t: ${JSON.stringify('a"b\nc')}` });
  });

  it("the patches fail loudly on a library build they were not written for", () => {
    expect(() => applyLocalStepFunctionsPatches("module.exports = {};")).toThrow(/matched 0 times \(expected once\)/u);
    expect(LOCAL_STEPFUNCTIONS_PATCHES).toHaveLength(2);
  });
});

describe("JSONPath filters (why the exemption check uses States.ArrayContains)", () => {
  it("asl-validator rejects a filter with && in a payload template path", () => {
    const result = validateAsl(pass({ "t.$": "$.Tags[?(@.Key=='guardduty-response' && @.Value=='exempt')]" }));
    expect(result.isValid).toBe(false);
    expect(result.errorsText).toMatch(/^SCHEMA_VALIDATION_FAILED: \/States\/P\/Parameters\/t\.\$ is invalid/u);
  });

  it("aws-local-stepfunctions fails a filter that matches nothing with States.Runtime (AWS yields [])", async () => {
    const result = await runStateMachine({
      definition: pass({ "t.$": "$.Tags[?(@.Key=='guardduty-response')]" }),
      input: { Tags: [{ Key: "Environment", Value: "prod" }] },
      world: createFakeAwsWorld(),
    });
    expect([result.status, result.error]).toEqual(["FAILED", "States.Runtime"]);
  });

  it("States.ArrayContains finds a tag object whatever the order of its members", async () => {
    const result = await runStateMachine({
      definition: pass({ "exempt.$": "States.ArrayContains($.Tags, $.want)" }),
      input: { Tags: [{ Key: "a", Value: "1" }, { Value: "exempt", Key: "guardduty-response" }], want: { Key: "guardduty-response", Value: "exempt" } },
      world: createFakeAwsWorld(),
    });
    expect(result.output).toEqual({ exempt: true });
  });
});

describe("fake ECS DescribeClusters via @aws-sdk/client-ecs", () => {
  it("returns the cluster with its tags when asked to include TAGS", async () => {
    const { ecs } = sdkClients(createFakeAwsWorld({ clusters: [{ cluster: CLUSTER_ARN, tags: { team: "web" } }] }));
    const output = await ecs.send(new DescribeClustersCommand({ clusters: [CLUSTER_ARN], include: ["TAGS"] }));
    expect(output.clusters?.map((cluster) => [cluster.clusterArn, cluster.clusterName, cluster.status, cluster.tags])).toEqual([
      [CLUSTER_ARN, "prod", "ACTIVE", [{ key: "team", value: "web" }]],
    ]);
    expect(output.failures).toEqual([]);
  });

  it("leaves the tags out without include TAGS", async () => {
    const { ecs } = sdkClients(createFakeAwsWorld({ clusters: [{ cluster: CLUSTER_ARN, tags: { team: "web" } }] }));
    const output = await ecs.send(new DescribeClustersCommand({ clusters: ["prod"] }));
    expect(output.clusters?.[0].tags).toBeUndefined();
  });

  it("reports an unknown cluster as a failure with reason MISSING", async () => {
    const { ecs } = sdkClients(createFakeAwsWorld());
    const output = await ecs.send(new DescribeClustersCommand({ clusters: ["staging"] }));
    expect([output.clusters, output.failures]).toEqual([[], [{ arn: "arn:aws:ecs:ap-northeast-1:123456789012:cluster/staging", reason: "MISSING" }]]);
  });

  it("is denied by IAM with AccessDeniedException naming the cluster", async () => {
    const { ecs } = sdkClients(createFakeAwsWorld({ clusters: [CLUSTER_ARN], deniedActions: ["ecs:DescribeClusters"] }));
    const error = await rejectionOf(ecs.send(new DescribeClustersCommand({ clusters: [CLUSTER_ARN] })));
    expect(error.name).toBe("AccessDeniedException");
    expect(error.message).toContain(`ecs:DescribeClusters on resource: ${CLUSTER_ARN}`);
  });
});

describe("fake SNS throttling via @aws-sdk/client-sns", () => {
  it("throttles the first N Publish calls with ThrottledException (query code Throttled), then serves", async () => {
    const world = createFakeAwsWorld({ topics: [TOPIC_ARN], throttle: { sns: 1 } });
    const { sns } = sdkClients(world);
    const error = await rejectionOf(sns.send(new PublishCommand({ TopicArn: TOPIC_ARN, Message: "m" })));
    await sns.send(new PublishCommand({ TopicArn: TOPIC_ARN, Message: "m" }));
    expect([error.name, error.message]).toEqual(["ThrottledException", SNS_THROTTLED_MESSAGE]);
    expect(world.sns.published).toHaveLength(1);
  });
});

/**
 * What the guarded workflow relies on in the simulation: intrinsic functions that keep backslashes as AWS
 * does (patched aws-local-stepfunctions), JSONPath filters that cannot be used (why the workflow uses
 * States.ArrayContains), and the fake DescribeClusters and SNS throttling through the real SDK clients.
 */
import { DescribeClustersCommand } from "@aws-sdk/client-ecs";
import { PublishCommand } from "@aws-sdk/client-sns";
import type { JsonValue } from "../../../tools/simulator/aws-sdk-task-handler";
import { createFakeAwsWorld } from "../../../tools/simulator/fake-aws-world";
import { SNS_THROTTLED_MESSAGE } from "../../../tools/simulator/fake-sns";
import { LOCAL_STEPFUNCTIONS_PATCHES, applyLocalStepFunctionsPatches } from "../../../tools/simulator/patched-local-stepfunctions";
import { runStateMachine } from "../../../tools/simulator/run-state-machine";
import { validateAsl } from "../../../tools/simulator/validate-asl";
import { CLUSTER_ARN, TOPIC_ARN, rejectionOf, sdkClients } from "./fixtures";

/** One Pass state computing `parameters`. */
function pass(parameters: Record<string, JsonValue>): object {
  return { StartAt: "P", States: { P: { Type: "Pass", Parameters: parameters, End: true } } };
}

describe("intrinsic functions in the simulation (patched aws-local-stepfunctions)", () => {
  const text = 'say "hi"\nC:\\tmp {}';
  let output: Record<string, JsonValue>;

  beforeAll(async () => {
    // GIVEN a Pass state applying the intrinsics the guarded workflow uses to a string with quotes, a line
    // break, a backslash and {}, and a list of tags
    const definition = pass({
      "json.$": "States.JsonToString($.text)",
      "format.$": "States.Format('{}|{}', $.text, $.other)",
      "escapedTemplate.$": "States.Format('it\\'s \\{\\} and {}', $.other)",
      "nested.$": "States.Format('t: {}', States.JsonToString($.text))",
      "contains.$": "States.ArrayContains($.tags, $.wanted)",
    });
    const input = {
      text,
      other: "z",
      tags: [
        { Key: "a", Value: "1" },
        { Value: "exempt", Key: "guardduty-response" },
      ],
      wanted: { Key: "guardduty-response", Value: "exempt" },
    };
    // WHEN it runs
    const result = await runStateMachine({ definition, input, world: createFakeAwsWorld() });
    output = result.output as Record<string, JsonValue>;
  });

  it("States.JsonToString keeps the backslashes of the JSON text, so the result parses back to the input", () => {
    expect(output.json).toBe(JSON.stringify(text));
  });

  it("States.Format inserts values as they are: backslashes kept, {} in a value not filled again", () => {
    expect(output.format).toBe(`${text}|z`);
  });

  it("States.Format reads escaped quotes and braces of its template as literal characters", () => {
    expect(output.escapedTemplate).toBe("it's {} and z");
  });

  it("a JsonToString nested in Format keeps its escapes", () => {
    expect(output.nested).toBe(`t: ${JSON.stringify(text)}`);
  });

  it("States.ArrayContains finds a tag object whatever the order of its members", () => {
    expect(output.contains).toBe(true);
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

  it("answers an empty tag list without include TAGS, as ECS does (aws/aws-cli#4500)", async () => {
    const { ecs } = sdkClients(createFakeAwsWorld({ clusters: [{ cluster: CLUSTER_ARN, tags: { team: "web" } }] }));
    const output = await ecs.send(new DescribeClustersCommand({ clusters: ["prod"] }));
    expect(output.clusters?.[0].tags).toEqual([]);
  });

  it("answers the tags with include TAGS, spelt key and value as in the ECS API", async () => {
    const { ecs } = sdkClients(createFakeAwsWorld({ clusters: [{ cluster: CLUSTER_ARN, tags: { team: "web" } }] }));
    const output = await ecs.send(new DescribeClustersCommand({ clusters: ["prod"], include: ["TAGS"] }));
    expect(output.clusters?.[0].tags).toEqual([{ key: "team", value: "web" }]);
  });

  it("leaves the tags member out when the world says so (ecsAnswersWithoutTags)", async () => {
    const world = createFakeAwsWorld({ clusters: [{ cluster: CLUSTER_ARN, tags: { team: "web" } }], ecsAnswersWithoutTags: ["DescribeClusters"] });
    const output = await sdkClients(world).ecs.send(new DescribeClustersCommand({ clusters: ["prod"], include: ["TAGS"] }));
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

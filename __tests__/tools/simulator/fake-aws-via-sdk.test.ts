/**
 * The fake ECS and SNS endpoints, called through the real AWS SDK v3 clients: the SDK's own error classes
 * and output shapes are what the fakes must produce.
 */
import { DescribeServicesCommand, DescribeTasksCommand, ListTagsForResourceCommand, StopTaskCommand, type StopTaskCommandInput } from "@aws-sdk/client-ecs";
import { PublishCommand } from "@aws-sdk/client-sns";
import { createFakeAwsWorld } from "../../../tools/simulator/fake-aws-world";
import {
  ECS_CLUSTER_NOT_FOUND_MESSAGE,
  ECS_TASK_ID_LENGTH_MESSAGE,
  ECS_TASK_NOT_FOUND_MESSAGE,
  ECS_THROTTLING_MESSAGE,
} from "../../../tools/simulator/fake-ecs";
import {
  SNS_EMPTY_MESSAGE_MESSAGE,
  SNS_INVALID_SUBJECT_MESSAGE,
  SNS_MESSAGE_TOO_LONG_MESSAGE,
  SNS_TOPIC_NOT_FOUND_MESSAGE,
} from "../../../tools/simulator/fake-sns";
import { CLUSTER_ARN, FINDING_TITLE, RUNNING_TASK, TASK_ARN, TOPIC_ARN, rejectionOf, sdkClients } from "./fixtures";

const STOPPED_TASK_ARN = "arn:aws:ecs:ap-northeast-1:123456789012:task/prod/0123456789abcdef0123456789abcdef";

describe("fake ECS via @aws-sdk/client-ecs", () => {
  it("StopTask with task id `dummy` fails with InvalidParameterException", async () => {
    // GIVEN a world with cluster prod
    const { ecs } = sdkClients(createFakeAwsWorld({ tasks: [RUNNING_TASK] }));
    // WHEN StopTask is called with a malformed task id
    const error = await rejectionOf(ecs.send(new StopTaskCommand({ cluster: CLUSTER_ARN, task: "dummy" })));
    // THEN the SDK raises its modeled InvalidParameterException with AWS's message
    expect(error.name).toBe("InvalidParameterException");
    expect(error.message).toBe(ECS_TASK_ID_LENGTH_MESSAGE);
  });

  it("StopTask of a well-formed id the cluster does not hold fails with InvalidParameterException", async () => {
    const { ecs } = sdkClients(createFakeAwsWorld({ tasks: [RUNNING_TASK] }));
    const error = await rejectionOf(ecs.send(new StopTaskCommand({ cluster: CLUSTER_ARN, task: "ffffffffffffffffffffffffffffffff" })));
    expect(error.name).toBe("InvalidParameterException");
    expect(error.message).toBe(ECS_TASK_NOT_FOUND_MESSAGE);
  });

  it("StopTask in an unknown cluster fails with ClusterNotFoundException", async () => {
    const { ecs } = sdkClients(createFakeAwsWorld({ tasks: [RUNNING_TASK] }));
    const error = await rejectionOf(ecs.send(new StopTaskCommand({ cluster: "staging", task: TASK_ARN })));
    expect(error.name).toBe("ClusterNotFoundException");
    expect(error.message).toBe(ECS_CLUSTER_NOT_FOUND_MESSAGE);
  });

  it("StopTask without the required task member fails with InvalidParameterException", async () => {
    const { ecs } = sdkClients(createFakeAwsWorld({ tasks: [RUNNING_TASK] }));
    const error = await rejectionOf(ecs.send(new StopTaskCommand({ cluster: CLUSTER_ARN } as StopTaskCommandInput)));
    expect(error.name).toBe("InvalidParameterException");
  });

  it("StopTask denied by IAM fails with AccessDeniedException naming the action", async () => {
    const { ecs } = sdkClients(createFakeAwsWorld({ tasks: [RUNNING_TASK], deniedActions: ["ecs:StopTask"] }));
    const error = await rejectionOf(ecs.send(new StopTaskCommand({ cluster: CLUSTER_ARN, task: TASK_ARN })));
    expect(error.name).toBe("AccessDeniedException");
    expect(error.message).toContain("is not authorized to perform: ecs:StopTask on resource: " + TASK_ARN);
  });

  it("throttles the first N calls with ThrottlingException (unmodeled: the SDK's base exception), then serves", async () => {
    // GIVEN a world throttling the first StopTask call
    const world = createFakeAwsWorld({ tasks: [RUNNING_TASK], throttle: { ecs: { calls: 1, operations: ["StopTask"] } } });
    const { ecs } = sdkClients(world);
    // WHEN StopTask is called twice
    const error = await rejectionOf(ecs.send(new StopTaskCommand({ cluster: CLUSTER_ARN, task: TASK_ARN })));
    const output = await ecs.send(new StopTaskCommand({ cluster: CLUSTER_ARN, task: TASK_ARN }));
    // THEN the first is throttled and the second stops the task
    expect([error.name, error.message, error.constructor.name]).toEqual(["ThrottlingException", ECS_THROTTLING_MESSAGE, "ECSServiceException"]);
    expect(output.task?.desiredStatus).toBe("STOPPED");
  });

  it("StopTask returns the task with desired status STOPPED, the reason, and timestamps as dates", async () => {
    const { ecs } = sdkClients(createFakeAwsWorld({ tasks: [RUNNING_TASK] }));
    const output = await ecs.send(new StopTaskCommand({ cluster: CLUSTER_ARN, task: TASK_ARN, reason: FINDING_TITLE }));
    expect(output.task).toMatchObject({
      taskArn: TASK_ARN,
      clusterArn: CLUSTER_ARN,
      taskDefinitionArn: RUNNING_TASK.taskDefinitionArn,
      group: RUNNING_TASK.group,
      desiredStatus: "STOPPED",
      lastStatus: "RUNNING",
      stoppedReason: FINDING_TITLE,
      stopCode: "UserInitiated",
    });
    expect(output.task?.createdAt).toBeInstanceOf(Date);
  });

  it("StopTask of an already stopped task returns the task unchanged (idempotent)", async () => {
    // GIVEN a task already stopped for another reason
    const world = createFakeAwsWorld({
      tasks: [{ taskArn: STOPPED_TASK_ARN, lastStatus: "STOPPED", stoppedReason: "Essential container in task exited" }],
    });
    const { ecs } = sdkClients(world);
    // WHEN StopTask is called on it
    const output = await ecs.send(new StopTaskCommand({ cluster: CLUSTER_ARN, task: STOPPED_TASK_ARN, reason: FINDING_TITLE }));
    // THEN it succeeds and reports the task as it was
    expect(output.task).toMatchObject({ taskArn: STOPPED_TASK_ARN, lastStatus: "STOPPED", stoppedReason: "Essential container in task exited" });
  });

  it("DescribeTasks returns known tasks (tags only with include TAGS) and MISSING failures", async () => {
    const { ecs } = sdkClients(createFakeAwsWorld({ tasks: [RUNNING_TASK] }));
    const output = await ecs.send(new DescribeTasksCommand({ cluster: "prod", tasks: [TASK_ARN, "dummy"], include: ["TAGS"] }));
    expect(output.tasks?.map((task) => [task.taskArn, task.tags])).toEqual([[TASK_ARN, [{ key: "Environment", value: "prod" }]]]);
    expect(output.failures).toEqual([{ arn: "arn:aws:ecs:ap-northeast-1:123456789012:task/prod/dummy", reason: "MISSING" }]);
  });

  it("ListTagsForResource returns a running task's tags and none once ECS stopped it", async () => {
    const { ecs } = sdkClients(createFakeAwsWorld({ tasks: [RUNNING_TASK] }));
    const before = await ecs.send(new ListTagsForResourceCommand({ resourceArn: TASK_ARN }));
    await ecs.send(new StopTaskCommand({ cluster: CLUSTER_ARN, task: TASK_ARN }));
    const after = await ecs.send(new ListTagsForResourceCommand({ resourceArn: TASK_ARN }));
    expect([before.tags, after.tags]).toEqual([[{ key: "Environment", value: "prod" }], []]);
  });

  it("DescribeServices returns known services and MISSING failures", async () => {
    const world = createFakeAwsWorld({ services: [{ serviceName: "web", clusterArn: CLUSTER_ARN, desiredCount: 2 }] });
    const { ecs } = sdkClients(world);
    const output = await ecs.send(new DescribeServicesCommand({ cluster: CLUSTER_ARN, services: ["web", "api"] }));
    expect(output.services?.map((service) => [service.serviceName, service.desiredCount, service.status])).toEqual([["web", 2, "ACTIVE"]]);
    expect(output.failures).toEqual([{ arn: "arn:aws:ecs:ap-northeast-1:123456789012:service/prod/api", reason: "MISSING" }]);
  });
});

describe("fake SNS via @aws-sdk/client-sns", () => {
  it("Publish to an existing topic returns a MessageId and records the message", async () => {
    const world = createFakeAwsWorld({ topics: [TOPIC_ARN] });
    const { sns } = sdkClients(world);
    const output = await sns.send(new PublishCommand({ TopicArn: TOPIC_ARN, Subject: "hello", Message: "line 1\nline 2 & <3>" }));
    expect(world.sns.published).toEqual([
      { topicArn: TOPIC_ARN, messageId: output.MessageId, subject: "hello", message: "line 1\nline 2 & <3>", messageAttributes: {} },
    ]);
  });

  it("Publish to an unknown topic fails with NotFoundException (query code NotFound)", async () => {
    const { sns } = sdkClients(createFakeAwsWorld({ topics: [TOPIC_ARN] }));
    const error = await rejectionOf(sns.send(new PublishCommand({ TopicArn: `${TOPIC_ARN}-gone`, Message: "m" })));
    expect([error.name, error.Code, error.message]).toEqual(["NotFoundException", "NotFound", SNS_TOPIC_NOT_FOUND_MESSAGE]);
  });

  it("Publish with a Subject over 100 characters fails with InvalidParameterException", async () => {
    const { sns } = sdkClients(createFakeAwsWorld({ topics: [TOPIC_ARN] }));
    const error = await rejectionOf(sns.send(new PublishCommand({ TopicArn: TOPIC_ARN, Subject: "x".repeat(101), Message: "m" })));
    expect([error.name, error.message]).toEqual(["InvalidParameterException", SNS_INVALID_SUBJECT_MESSAGE]);
  });

  it("Publish with a newline in the Subject fails with InvalidParameterException", async () => {
    const { sns } = sdkClients(createFakeAwsWorld({ topics: [TOPIC_ARN] }));
    const error = await rejectionOf(sns.send(new PublishCommand({ TopicArn: TOPIC_ARN, Subject: "a\nb", Message: "m" })));
    expect([error.name, error.message]).toEqual(["InvalidParameterException", SNS_INVALID_SUBJECT_MESSAGE]);
  });

  it("Publish of a message over 256 KiB fails with InvalidParameterException", async () => {
    const { sns } = sdkClients(createFakeAwsWorld({ topics: [TOPIC_ARN] }));
    const error = await rejectionOf(sns.send(new PublishCommand({ TopicArn: TOPIC_ARN, Message: "x".repeat(256 * 1024 + 1) })));
    expect([error.name, error.message]).toEqual(["InvalidParameterException", SNS_MESSAGE_TOO_LONG_MESSAGE]);
  });

  it("Publish of an empty message fails with InvalidParameterException", async () => {
    const { sns } = sdkClients(createFakeAwsWorld({ topics: [TOPIC_ARN] }));
    const error = await rejectionOf(sns.send(new PublishCommand({ TopicArn: TOPIC_ARN, Message: "" })));
    expect([error.name, error.message]).toEqual(["InvalidParameterException", SNS_EMPTY_MESSAGE_MESSAGE]);
  });

  it("Publish denied by IAM fails with AuthorizationErrorException", async () => {
    const { sns } = sdkClients(createFakeAwsWorld({ topics: [TOPIC_ARN], deniedActions: ["sns:Publish"] }));
    const error = await rejectionOf(sns.send(new PublishCommand({ TopicArn: TOPIC_ARN, Message: "m" })));
    expect(error.name).toBe("AuthorizationErrorException");
  });
});

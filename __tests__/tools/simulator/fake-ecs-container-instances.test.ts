/**
 * The fake ECS's ListClusters and ListContainerInstances (the EC2 isolation workflow's container instance lookup),
 * called through the real `@aws-sdk/client-ecs`: paging by `maxResults` and `nextToken`, the cluster query
 * `ec2InstanceId == <id>`, the default status filter, and the errors.
 */
import { ListClustersCommand, ListContainerInstancesCommand } from "@aws-sdk/client-ecs";
import { createFakeAwsWorld, type FakeAwsWorldOptions } from "../../../tools/simulator/fake-aws-world";
import { ECS_CLUSTER_NOT_FOUND_MESSAGE } from "../../../tools/simulator/fake-ecs";
import { rejectionOf, sdkClients } from "./fixtures";

const PREFIX = "arn:aws:ecs:ap-northeast-1:123456789012";
const INSTANCE = "i-0abc1234def567890";
const OTHER_INSTANCE = "i-0fff0000000000001";

const ecsOf = (options: FakeAwsWorldOptions) => {
  const world = createFakeAwsWorld(options);
  return { world, ecs: sdkClients(world).ecs };
};

describe("fake ECS ListClusters", () => {
  it("lists every cluster's ARN, one page when they fit", async () => {
    const { ecs } = ecsOf({ clusters: ["a", "b"] });
    const output = await ecs.send(new ListClustersCommand({}));
    expect([output.clusterArns, output.nextToken]).toEqual([[`${PREFIX}:cluster/a`, `${PREFIX}:cluster/b`], undefined]);
  });

  it("pages by maxResults and nextToken", async () => {
    const { ecs } = ecsOf({ clusters: ["a", "b", "c"] });
    const first = await ecs.send(new ListClustersCommand({ maxResults: 2 }));
    const second = await ecs.send(new ListClustersCommand({ maxResults: 2, nextToken: first.nextToken }));
    expect([first.clusterArns, second.clusterArns, second.nextToken]).toEqual([
      [`${PREFIX}:cluster/a`, `${PREFIX}:cluster/b`],
      [`${PREFIX}:cluster/c`],
      undefined,
    ]);
  });

  it("answers fewer results than maxResults when its page size is smaller (as the API reference allows)", async () => {
    const { ecs } = ecsOf({ clusters: ["a", "b"], ecsPageSize: 1 });
    const output = await ecs.send(new ListClustersCommand({ maxResults: 100 }));
    expect([output.clusterArns, typeof output.nextToken]).toEqual([[`${PREFIX}:cluster/a`], "string"]);
  });

  it.each([[0], [101]])("refuses maxResults %d with InvalidParameterException", async (maxResults) => {
    const { ecs } = ecsOf({ clusters: ["a"] });
    expect((await rejectionOf(ecs.send(new ListClustersCommand({ maxResults })))).name).toBe("InvalidParameterException");
  });

  it("refuses a token it did not issue with InvalidParameterException", async () => {
    const { ecs } = ecsOf({ clusters: ["a"] });
    expect((await rejectionOf(ecs.send(new ListClustersCommand({ nextToken: "forged" })))).name).toBe("InvalidParameterException");
  });

  it("denied: AccessDeniedException on resource *", async () => {
    const { ecs } = ecsOf({ clusters: ["a"], deniedActions: ["ecs:ListClusters"] });
    const error = await rejectionOf(ecs.send(new ListClustersCommand({})));
    expect([error.name, error.message]).toEqual([
      "AccessDeniedException",
      expect.stringContaining("is not authorized to perform: ecs:ListClusters on resource: * because"),
    ]);
  });
});

describe("fake ECS ListContainerInstances", () => {
  const registered: FakeAwsWorldOptions = {
    containerInstances: [
      { cluster: "batch", ec2InstanceId: OTHER_INSTANCE },
      { cluster: "batch", ec2InstanceId: INSTANCE, status: "DRAINING" },
      { cluster: "web", ec2InstanceId: "i-0fff0000000000002" },
    ],
  };

  it("lists the container instances of the cluster named by ARN or name", async () => {
    const { world, ecs } = ecsOf(registered);
    const byArn = await ecs.send(new ListContainerInstancesCommand({ cluster: `${PREFIX}:cluster/batch` }));
    const byName = await ecs.send(new ListContainerInstancesCommand({ cluster: "batch" }));
    const batch = world.ecs.containerInstances.filter((instance) => instance.clusterArn.endsWith("/batch")).map((instance) => instance.containerInstanceArn);
    expect([byArn.containerInstanceArns, byName.containerInstanceArns]).toEqual([batch, batch]);
    expect(batch.every((arn) => arn.startsWith(`${PREFIX}:container-instance/batch/`))).toBe(true);
  });

  it("with the filter `ec2InstanceId == <id>`, lists only that instance's container instance (DRAINING included)", async () => {
    const { world, ecs } = ecsOf(registered);
    const output = await ecs.send(new ListContainerInstancesCommand({ cluster: "batch", filter: `ec2InstanceId == ${INSTANCE}` }));
    expect(output.containerInstanceArns).toEqual([world.ecs.containerInstances[1].containerInstanceArn]);
  });

  it("with the filter of an instance the cluster does not hold, lists nothing", async () => {
    const { ecs } = ecsOf(registered);
    const output = await ecs.send(new ListContainerInstancesCommand({ cluster: "web", filter: `ec2InstanceId == ${INSTANCE}` }));
    expect([output.containerInstanceArns, output.nextToken]).toEqual([[], undefined]);
  });

  it("leaves INACTIVE (deregistered) container instances out when no status is given", async () => {
    const { ecs } = ecsOf({ containerInstances: [{ cluster: "batch", ec2InstanceId: INSTANCE, status: "INACTIVE" }] });
    const output = await ecs.send(new ListContainerInstancesCommand({ cluster: "batch", filter: `ec2InstanceId == ${INSTANCE}` }));
    expect(output.containerInstanceArns).toEqual([]);
  });

  it("with a status, lists only container instances of that status", async () => {
    const { world, ecs } = ecsOf(registered);
    const output = await ecs.send(new ListContainerInstancesCommand({ cluster: "batch", status: "DRAINING" }));
    expect(output.containerInstanceArns).toEqual([world.ecs.containerInstances[1].containerInstanceArn]);
  });

  it("filtering within pages, answers an empty page with a nextToken when the page holds other instances", async () => {
    const { ecs } = ecsOf({ ...registered, ecsPageSize: 1, ecsFiltersWithinPages: true });
    const first = await ecs.send(new ListContainerInstancesCommand({ cluster: "batch", filter: `ec2InstanceId == ${INSTANCE}` }));
    const second = await ecs.send(new ListContainerInstancesCommand({ cluster: "batch", filter: `ec2InstanceId == ${INSTANCE}`, nextToken: first.nextToken }));
    expect([first.containerInstanceArns, typeof first.nextToken, second.containerInstanceArns?.length, second.nextToken]).toEqual([[], "string", 1, undefined]);
  });

  it("in an unknown cluster fails with ClusterNotFoundException", async () => {
    const { ecs } = ecsOf(registered);
    const error = await rejectionOf(ecs.send(new ListContainerInstancesCommand({ cluster: "staging" })));
    expect([error.name, error.message]).toEqual(["ClusterNotFoundException", ECS_CLUSTER_NOT_FOUND_MESSAGE]);
  });

  it("denied: AccessDeniedException naming the cluster ARN", async () => {
    const { ecs } = ecsOf({ ...registered, deniedActions: ["ecs:ListContainerInstances"] });
    const error = await rejectionOf(ecs.send(new ListContainerInstancesCommand({ cluster: `${PREFIX}:cluster/batch` })));
    expect([error.name, error.message]).toEqual([
      "AccessDeniedException",
      expect.stringContaining(`ecs:ListContainerInstances on resource: ${PREFIX}:cluster/batch because`),
    ]);
  });

  it("throttled: the SDK's base exception named ThrottlingException (ECS models no throttling error)", async () => {
    const { ecs } = ecsOf({ ...registered, throttle: { ecs: { calls: 1, operations: ["ListContainerInstances"] } } });
    const error = await rejectionOf(ecs.send(new ListContainerInstancesCommand({ cluster: "batch" })));
    expect(error.name).toBe("ThrottlingException");
  });

  it("refuses a cluster query it does not implement, naming its limit (a test bug, not an AWS answer)", async () => {
    const { ecs } = ecsOf(registered);
    const error = await rejectionOf(ecs.send(new ListContainerInstancesCommand({ cluster: "batch", filter: "runningTasksCount == 0" })));
    expect(error.message).toBe('fake ECS: ListContainerInstances supports only the filter "ec2InstanceId == <id>", got "runningTasksCount == 0"');
  });
});

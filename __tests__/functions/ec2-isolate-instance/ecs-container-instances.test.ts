/**
 * An EC2 instance registered to an ECS cluster by hand carries no tag that marks it a container host: the EC2
 * isolation workflow asks ECS (ListClusters, then ListContainerInstances with `ec2InstanceId == <id>` per cluster)
 * and fails closed. Run in aws-local-stepfunctions against the fake EC2, Auto Scaling, ECS and SNS through the real
 * SDK clients.
 */
import {
  EC2_ECS_CLUSTER_CONCURRENCY,
  EC2_ECS_LOOKUP_INCOMPLETE_ERROR,
  EC2_ECS_MAX_CLUSTER_PAGES,
  EC2_ECS_MAX_CONTAINER_INSTANCE_PAGES,
  EC2_ISOLATION_FAILURE_CAUSE,
  EC2_ISOLATION_STATES as S,
} from "../../../functions/ec2-isolate-instance/state-machine";
import type { FakeAwsWorldOptions } from "../../../tools/simulator/fake-aws-world";
import type { RunStateMachineResult } from "../../../tools/simulator/run-state-machine";
import { ACCOUNT_ID, INSTANCE_ID, REGION, WEB_INSTANCE, noticeFields, runIsolation, singleNotice, ec2IsolationDefinition } from "./fixtures";

/** The calls that change anything: none may happen when the workflow declines to act. */
const CHANGING_ACTIONS = ["createSnapshot", "createTags", "detachInstances", "createSecurityGroup", "modifyNetworkInterfaceAttribute"];

function changingCalls(result: RunStateMachineResult): string[] {
  return result.calls.map((call) => call.action).filter((action) => CHANGING_ACTIONS.includes(action));
}

const clusterArn = (name: string): string => `arn:aws:ecs:${REGION}:${ACCOUNT_ID}:cluster/${name}`;

/** The web instance, untagged but for its Name, with `options` for ECS. */
const untagged = (options: FakeAwsWorldOptions = {}): FakeAwsWorldOptions => ({ ec2: { instances: [WEB_INSTANCE] }, ...options });

describe("an untagged instance registered to an ECS cluster", () => {
  it("is a container host: CONTAINER_HOST, nothing changed, SUCCEEDED", async () => {
    // GIVEN two clusters, the instance registered (by hand, no tag) to the second
    const { world, result } = await runIsolation(
      untagged({
        clusters: ["web"],
        containerInstances: [
          { cluster: "web", ec2InstanceId: "i-0fff0000000000001" },
          { cluster: "batch", ec2InstanceId: INSTANCE_ID },
        ],
      }),
    );
    // THEN only reads happen, and the topic is told, with the clusters asked and their answers
    expect(changingCalls(result)).toEqual([]);
    const fields = noticeFields(singleNotice(result, "CONTAINER_HOST"));
    expect([fields["ECS clusters asked, last page"], fields["ECS answers, in the same order"]]).toEqual([
      JSON.stringify([clusterArn("web"), clusterArn("batch")]),
      JSON.stringify(["not-listed", "listed"]),
    ]);
    expect(world.ec2.instances[0].networkInterfaces.map((eni) => eni.groupIds)).toEqual([
      [WEB_INSTANCE.securityGroupIds?.[0]],
      (WEB_INSTANCE.networkInterfaces ?? [])[1].securityGroupIds,
    ]);
    expect(result.status).toBe("SUCCEEDED");
  });

  it("asks each cluster by its ARN with the cluster query `ec2InstanceId == <instance id>`, no status (every status but INACTIVE)", async () => {
    const { world } = await runIsolation(untagged({ clusters: ["web", "batch"] }));
    expect(world.ecs.requests.map((request) => [request.operation, request.input])).toEqual([
      ["ListClusters", { maxResults: 100 }],
      ["ListContainerInstances", { cluster: clusterArn("web"), filter: `ec2InstanceId == ${INSTANCE_ID}`, maxResults: 100 }],
      ["ListContainerInstances", { cluster: clusterArn("batch"), filter: `ec2InstanceId == ${INSTANCE_ID}`, maxResults: 100 }],
    ]);
  });

  it("is a container host while DRAINING", async () => {
    const { result } = await runIsolation(untagged({ containerInstances: [{ cluster: "batch", ec2InstanceId: INSTANCE_ID, status: "DRAINING" }] }));
    expect(changingCalls(result)).toEqual([]);
    singleNotice(result, "CONTAINER_HOST");
  });

  it("is found on a later page of clusters (ListClusters' nextToken followed)", async () => {
    // GIVEN ECS answering one cluster a page, the instance in the third cluster
    const { world, result } = await runIsolation(
      untagged({ clusters: ["a", "b"], containerInstances: [{ cluster: "c", ec2InstanceId: INSTANCE_ID }], ecsPageSize: 1 }),
    );
    expect(world.ecs.requests.filter((request) => request.operation === "ListClusters")).toHaveLength(3);
    expect(changingCalls(result)).toEqual([]);
    singleNotice(result, "CONTAINER_HOST");
  });

  it("is found when ECS filters within pages: empty pages with a nextToken are followed", async () => {
    // GIVEN a cluster whose first two pages (one container instance each) hold other instances
    const { world, result } = await runIsolation(
      untagged({
        containerInstances: [
          { cluster: "batch", ec2InstanceId: "i-0fff0000000000001" },
          { cluster: "batch", ec2InstanceId: "i-0fff0000000000002" },
          { cluster: "batch", ec2InstanceId: INSTANCE_ID },
        ],
        ecsPageSize: 1,
        ecsFiltersWithinPages: true,
      }),
    );
    expect(world.ecs.requests.filter((request) => request.operation === "ListContainerInstances").map((request) => request.input.nextToken)).toEqual([
      undefined,
      "fake-ecs-page-1",
      "fake-ecs-page-2",
    ]);
    expect(changingCalls(result)).toEqual([]);
    singleNotice(result, "CONTAINER_HOST");
  });

  it("with isolateContainerHosts: ECS is not asked, the instance is isolated", async () => {
    const { world, result } = await runIsolation(untagged({ containerInstances: [{ cluster: "batch", ec2InstanceId: INSTANCE_ID }] }), {
      props: { isolateContainerHosts: true },
    });
    expect(world.ecs.requests).toEqual([]);
    singleNotice(result, "ISOLATED");
  });

  it("exempt by tag: reported as exempt before ECS is asked", async () => {
    const { world, result } = await runIsolation({
      ec2: { instances: [{ ...WEB_INSTANCE, tags: { "guardduty-response": "exempt" } }] },
      containerInstances: [{ cluster: "batch", ec2InstanceId: INSTANCE_ID }],
    });
    expect(world.ecs.requests).toEqual([]);
    singleNotice(result, "EXEMPT_BY_TAG");
  });
});

describe("an untagged instance no ECS cluster lists", () => {
  it("is isolated when other clusters hold other container instances", async () => {
    const { result } = await runIsolation(
      untagged({
        containerInstances: [
          { cluster: "batch", ec2InstanceId: "i-0fff0000000000001" },
          { cluster: "web", ec2InstanceId: "i-0fff0000000000002" },
        ],
      }),
    );
    expect(changingCalls(result)).toContain("modifyNetworkInterfaceAttribute");
    singleNotice(result, "ISOLATED");
  });

  it("is isolated when the account has no ECS cluster at all", async () => {
    const { world, result } = await runIsolation(untagged());
    expect(world.ecs.requests.map((request) => request.operation)).toEqual(["ListClusters"]);
    singleNotice(result, "ISOLATED");
  });

  it("is isolated when it is registered only as INACTIVE (deregistered)", async () => {
    const { result } = await runIsolation(untagged({ containerInstances: [{ cluster: "batch", ec2InstanceId: INSTANCE_ID, status: "INACTIVE" }] }));
    singleNotice(result, "ISOLATED");
  });

  it("is isolated when a cluster is deleted between ListClusters and ListContainerInstances (ClusterNotFoundException read as not listed)", async () => {
    const { world, result } = await runIsolation(untagged({ clusters: ["gone"] }), {
      prepare: (w) => {
        w.ecs.onRequest = (operation) => {
          if (operation === "ListContainerInstances") w.ecs.clusters = [];
        };
      },
    });
    expect(world.ecs.requests.map((request) => [request.operation, request.errorCode])).toEqual([
      ["ListClusters", undefined],
      ["ListContainerInstances", "ClusterNotFoundException"],
    ]);
    singleNotice(result, "ISOLATED");
  });
});

describe("ECS cannot be asked to the end: nothing done, FAILED notice, FAILED execution", () => {
  it("ListContainerInstances denied: not retried, not isolated, the topic told the exact error", async () => {
    // GIVEN a role that may list clusters but not their container instances
    const { world, result } = await runIsolation(untagged({ clusters: ["batch"], deniedActions: ["ecs:ListContainerInstances"] }));
    // THEN one attempt (a permanent error), nothing changed, FAILED
    expect(world.ecs.requests.map((request) => [request.operation, request.errorCode])).toEqual([
      ["ListClusters", undefined],
      ["ListContainerInstances", "AccessDeniedException"],
    ]);
    expect(changingCalls(result)).toEqual([]);
    const fields = noticeFields(singleNotice(result, "FAILED"));
    expect(fields.Error).toBe("Ecs.AccessDeniedException");
    expect(fields["Error details"]).toContain(`not authorized to perform: ecs:ListContainerInstances on resource: ${clusterArn("batch")}`);
    expect([result.status, result.error, result.cause]).toEqual(["FAILED", "Ecs.AccessDeniedException", EC2_ISOLATION_FAILURE_CAUSE]);
  });

  it("ListClusters denied: not isolated, FAILED", async () => {
    const { result } = await runIsolation(untagged({ deniedActions: ["ecs:ListClusters"] }));
    expect(changingCalls(result)).toEqual([]);
    expect(noticeFields(singleNotice(result, "FAILED")).Error).toBe("Ecs.AccessDeniedException");
    expect(result.status).toBe("FAILED");
  });

  it("ListClusters throttled beyond the retries: not isolated, FAILED", async () => {
    const { world, result } = await runIsolation(untagged({ throttle: { ecs: { calls: 100, operations: ["ListClusters"] } } }), {
      props: { retry: { maxAttempts: 2, intervalSeconds: 1 } },
    });
    expect(world.ecs.requests.map((request) => request.errorCode)).toEqual(["ThrottlingException", "ThrottlingException", "ThrottlingException"]);
    expect(changingCalls(result)).toEqual([]);
    singleNotice(result, "FAILED");
  });

  it(`more than ${EC2_ECS_MAX_CLUSTER_PAGES} pages of clusters: not isolated, FAILED with ${EC2_ECS_LOOKUP_INCOMPLETE_ERROR}`, async () => {
    // GIVEN one cluster a page and one cluster more than the pages read
    const clusters = Array.from({ length: EC2_ECS_MAX_CLUSTER_PAGES + 1 }, (_, index) => `c${index}`);
    const { world, result } = await runIsolation(untagged({ clusters, ecsPageSize: 1 }));
    expect(world.ecs.requests.filter((request) => request.operation === "ListClusters")).toHaveLength(EC2_ECS_MAX_CLUSTER_PAGES);
    expect(changingCalls(result)).toEqual([]);
    const fields = noticeFields(singleNotice(result, "FAILED"));
    expect(fields.Error).toBe(EC2_ECS_LOOKUP_INCOMPLETE_ERROR);
    expect(fields["Error details"]).toContain("the instance may be an ECS container instance");
    expect([result.status, result.error]).toEqual(["FAILED", EC2_ECS_LOOKUP_INCOMPLETE_ERROR]);
  });

  it(`exactly ${EC2_ECS_MAX_CLUSTER_PAGES} pages of clusters: every cluster asked, isolated`, async () => {
    const clusters = Array.from({ length: EC2_ECS_MAX_CLUSTER_PAGES }, (_, index) => `c${index}`);
    const { world, result } = await runIsolation(untagged({ clusters, ecsPageSize: 1 }));
    expect(world.ecs.requests.filter((request) => request.operation === "ListContainerInstances")).toHaveLength(EC2_ECS_MAX_CLUSTER_PAGES);
    singleNotice(result, "ISOLATED");
  });

  it(`a cluster with more than ${EC2_ECS_MAX_CONTAINER_INSTANCE_PAGES} pages not listing the instance: not isolated, FAILED with ${EC2_ECS_LOOKUP_INCOMPLETE_ERROR}`, async () => {
    // GIVEN ECS filtering within pages of one container instance, and more other instances than pages read
    const others = Array.from({ length: EC2_ECS_MAX_CONTAINER_INSTANCE_PAGES + 1 }, (_, index) => ({
      cluster: "batch",
      ec2InstanceId: `i-0fff000000000000${index}`,
    }));
    const { world, result } = await runIsolation(untagged({ containerInstances: others, ecsPageSize: 1, ecsFiltersWithinPages: true }));
    expect(world.ecs.requests.filter((request) => request.operation === "ListContainerInstances")).toHaveLength(EC2_ECS_MAX_CONTAINER_INSTANCE_PAGES);
    expect(changingCalls(result)).toEqual([]);
    expect(noticeFields(singleNotice(result, "FAILED")).Error).toBe(EC2_ECS_LOOKUP_INCOMPLETE_ERROR);
  });
});

describe("the ECS lookup's shape", () => {
  it(`asks at most ${EC2_ECS_CLUSTER_CONCURRENCY} clusters at once, and Find ECS Container Instance catches every error to the failure notice`, () => {
    const map = (ec2IsolationDefinition() as { States: Record<string, Record<string, unknown>> }).States[S.findContainerInstance];
    expect([map.Type, map.MaxConcurrency, map.Catch]).toEqual([
      "Map",
      EC2_ECS_CLUSTER_CONCURRENCY,
      [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: S.notifyFailure }],
    ]);
  });
});

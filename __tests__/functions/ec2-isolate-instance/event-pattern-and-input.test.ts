/**
 * Which GuardDuty finding events start the EC2 isolation workflow (our EventBridge matcher), what its input
 * transformer hands the state machine (our renderer), and the two together with the workflow, end to end.
 */
import { buildEc2RuntimeFindingPattern } from "../../../functions/ec2-isolate-instance/event-pattern";
import { buildEc2IsolationInputTransformer } from "../../../functions/ec2-isolate-instance/input-transformer";
import { EC2_ISOLATION_SUBJECTS } from "../../../functions/ec2-isolate-instance/state-machine";
import { renderInputTransformer } from "../../../functions/eventbridge/input-transformer-renderer";
import { matchesEventPattern } from "../../../functions/eventbridge/pattern-matcher";
import { createFakeAwsWorld } from "../../../tools/simulator/fake-aws-world";
import { runStateMachine } from "../../../tools/simulator/run-state-machine";
import {
  ACCOUNT,
  FIXTURE_FINDINGS,
  SAMPLE_FILES,
  SAMPLE_FINDINGS,
  ecsRuntimeFindingEvent,
  findingEvent,
  readFixtureFinding,
  readSampleFinding,
} from "../../support/finding-events";
import { describeWithShared } from "../../support/shared-dir";
import { TOPIC_ARN, ec2IsolationDefinition } from "./fixtures";

const REGION = "ap-northeast-1";

/**
 * The hand-written Runtime Monitoring finding on a self-managed container of an EC2 instance (resource type
 * `Container`) turned into what Runtime Monitoring raises for a process of the instance itself: resource
 * type `Instance`, the instance in `resource.instanceDetails`, no container.
 */
function ec2RuntimeFinding(changes: { title?: string; featureName?: string } = {}): Record<string, any> {
  const finding = readFixtureFinding(FIXTURE_FINDINGS.ec2Container);
  finding.accountId = ACCOUNT;
  finding.region = REGION;
  finding.arn = `arn:aws:guardduty:${REGION}:${ACCOUNT}:detector/${finding.service.detectorId}/finding/${finding.id}`;
  finding.resource.resourceType = "Instance";
  delete finding.resource.containerDetails;
  finding.resource.instanceDetails.iamInstanceProfile.arn = `arn:aws:iam::${ACCOUNT}:instance-profile/buildserver_profile`;
  if (changes.title !== undefined) finding.title = changes.title;
  if (changes.featureName !== undefined) finding.service.featureName = changes.featureName;
  return finding;
}

describe("EC2 runtime finding pattern", () => {
  const pattern = buildEc2RuntimeFindingPattern();

  it("is the seed's shape with resource type Instance", () => {
    expect(pattern).toEqual({
      detail: { resource: { resourceType: ["Instance"] }, service: { featureName: ["RuntimeMonitoring"] } },
      "detail-type": ["GuardDuty Finding"],
      source: ["aws.guardduty"],
    });
  });

  it("matches a Runtime Monitoring finding on an EC2 instance", () => {
    expect(matchesEventPattern(pattern, findingEvent(ec2RuntimeFinding()))).toBe(true);
  });

  it("does not match an Instance finding of another GuardDuty feature", () => {
    expect(matchesEventPattern(pattern, findingEvent(ec2RuntimeFinding({ featureName: "FlowLogs" })))).toBe(false);
  });

  it("does not match the ECS runtime finding", () => {
    expect(matchesEventPattern(pattern, ecsRuntimeFindingEvent())).toBe(false);
  });

  it("does not match an EKS runtime finding", () => {
    expect(matchesEventPattern(pattern, findingEvent(readFixtureFinding(FIXTURE_FINDINGS.eks)))).toBe(false);
  });

  it("does not match a finding on a self-managed container, unless containers are included", () => {
    const containerEvent = findingEvent(readFixtureFinding(FIXTURE_FINDINGS.ec2Container));
    expect(matchesEventPattern(pattern, containerEvent)).toBe(false);
    expect(matchesEventPattern(buildEc2RuntimeFindingPattern({ includeSelfManagedContainers: true }), containerEvent)).toBe(true);
  });

  it("with containers included, still needs the host instance and still rejects the ECS finding", () => {
    const withContainers = buildEc2RuntimeFindingPattern({ includeSelfManagedContainers: true });
    const hostless = readFixtureFinding(FIXTURE_FINDINGS.ec2Container);
    delete hostless.resource.instanceDetails;
    expect(matchesEventPattern(withContainers, findingEvent(hostless))).toBe(false);
    expect(matchesEventPattern(withContainers, ecsRuntimeFindingEvent())).toBe(false);
  });
});

describeWithShared("EC2 runtime finding pattern against the public samples", [SAMPLE_FINDINGS], () => {
  const pattern = buildEc2RuntimeFindingPattern();

  it("does not match the EKS sample", () => {
    expect(matchesEventPattern(pattern, findingEvent(readSampleFinding(SAMPLE_FILES[2])))).toBe(false);
  });

  it("does not match sample 01 as it is (a self-managed container), unless containers are included", () => {
    const containerEvent = findingEvent(readSampleFinding(SAMPLE_FILES[0]));
    expect(matchesEventPattern(pattern, containerEvent)).toBe(false);
    expect(matchesEventPattern(buildEc2RuntimeFindingPattern({ includeSelfManagedContainers: true }), containerEvent)).toBe(true);
  });
});

describe("EC2 isolation input transformer", () => {
  it("reads the finding's identity and the instance id", () => {
    expect(buildEc2IsolationInputTransformer().inputPaths).toEqual({
      id: "$.detail.id",
      type: "$.detail.type",
      severity: "$.detail.severity",
      title: "$.detail.title",
      accountId: "$.detail.accountId",
      region: "$.detail.region",
      instanceId: "$.detail.resource.instanceDetails.instanceId",
    });
  });

  it("uses every placeholder exactly once, each bare (never inside a JSON string)", () => {
    const { inputPaths, inputTemplate } = buildEc2IsolationInputTransformer();
    const placeholders = [...inputTemplate.matchAll(/<([^>]+)>/gu)].map((match) => match[1]);
    expect([...placeholders].sort()).toEqual(Object.keys(inputPaths).sort());
    const stringLiterals = inputTemplate.match(/"(?:[^"\\]|\\.)*"/gu) ?? [];
    expect(stringLiterals.filter((literal) => /<[^>]+>/u.test(literal))).toEqual([]);
  });

  it("yields the state machine input as EventBridge renders it, a hostile title staying one JSON string", () => {
    // GIVEN a title trying to forge the instance id
    const title = '"}, "ec2": {"instanceId": "i-0forged0000000000"}, "x": {"\n<title>';
    const { inputPaths, inputTemplate } = buildEc2IsolationInputTransformer();
    // WHEN EventBridge renders the template for the finding event
    const input: unknown = JSON.parse(renderInputTransformer(findingEvent(ec2RuntimeFinding({ title })), inputPaths, inputTemplate));
    // THEN the input has the documented shape and the forged id is only text in the title
    expect(input).toEqual({
      finding: { id: "abcd1234", type: "PrivilegeEscalation:Runtime/DockerSocketAccessed", severity: 5, title, accountId: ACCOUNT, region: REGION },
      ec2: { instanceId: "i-abcd1234" },
    });
  });
});

describe("EC2 isolation, end to end", () => {
  it("a runtime finding on an instance routes to the workflow, which isolates the instance it names", async () => {
    // GIVEN the instance of the finding, running
    const event = findingEvent(ec2RuntimeFinding());
    const world = createFakeAwsWorld({ region: REGION, accountId: ACCOUNT, topics: [TOPIC_ARN], ec2: { instances: [{ instanceId: "i-abcd1234" }] } });
    const { inputPaths, inputTemplate } = buildEc2IsolationInputTransformer();
    // WHEN EventBridge matches and transforms the event and the state machine runs
    expect(matchesEventPattern(buildEc2RuntimeFindingPattern(), event)).toBe(true);
    const input = JSON.parse(renderInputTransformer(event, inputPaths, inputTemplate));
    const result = await runStateMachine({ definition: ec2IsolationDefinition(), input, world });
    // THEN the instance's only interface is in the quarantine group, and the topic was told
    const quarantine = world.ec2.securityGroups.find((group) => group.groupName === "guardduty-quarantine");
    expect(world.ec2.instances[0].networkInterfaces.map((eni) => eni.groupIds)).toEqual([[quarantine?.groupId]]);
    expect(result.published.map((message) => message.subject)).toEqual([EC2_ISOLATION_SUBJECTS.ISOLATED]);
    expect(result.status).toBe("SUCCEEDED");
  });
});

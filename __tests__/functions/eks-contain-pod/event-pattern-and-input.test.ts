/**
 * The rule's event pattern against real-shaped findings, and the input transformer from such a finding to
 * the state machine input (and on to a containment).
 */
import { buildEksRuntimeFindingPattern } from "../../../functions/eks-contain-pod/event-pattern";
import { buildEksContainPodInputTransformer, EKS_CONTAIN_POD_INPUT_PATHS } from "../../../functions/eks-contain-pod/input-transformer";
import { renderInputTransformer, validateInputTransformer } from "../../../functions/eventbridge/input-transformer-renderer";
import { matchesEventPattern, validateEventPattern } from "../../../functions/eventbridge/pattern-matcher";
import {
  ecsRuntimeFindingEvent,
  findingEvent,
  FIXTURE_FINDINGS,
  readFixtureFinding,
  readSampleFinding,
  SAMPLE_FILES,
  SAMPLE_FINDINGS,
} from "../../support/finding-events";
import { describeWithShared } from "../../support/shared-dir";
import {
  ACCOUNT_ID,
  CLUSTER_ARN,
  CLUSTER_NAME,
  CONTAINER_ID,
  FINDING_ID,
  FINDING_SEVERITY,
  FINDING_TITLE,
  FINDING_TYPE,
  NAMESPACE,
  POD_NAME,
  POD_UID,
  REGION,
  eksRuntimeFindingEvent,
} from "./fixtures";

const pattern = buildEksRuntimeFindingPattern();

function transform(event: Record<string, unknown>): unknown {
  const { inputPaths, inputTemplate } = buildEksContainPodInputTransformer();
  return JSON.parse(renderInputTransformer(event, inputPaths, inputTemplate));
}

describe("EKS runtime finding pattern", () => {
  it("is a valid EventBridge pattern for GuardDuty findings on EKS clusters from Runtime Monitoring", () => {
    expect(() => validateEventPattern(pattern)).not.toThrow();
    expect(pattern).toEqual({
      detail: { resource: { resourceType: ["EKSCluster"] }, service: { featureName: ["RuntimeMonitoring"] } },
      "detail-type": ["GuardDuty Finding"],
      source: ["aws.guardduty"],
    });
  });

  it("matches a runtime finding on an EKS pod", () => {
    expect(matchesEventPattern(pattern, eksRuntimeFindingEvent())).toBe(true);
  });

  it("does not match an ECS runtime finding", () => {
    expect(matchesEventPattern(pattern, ecsRuntimeFindingEvent())).toBe(false);
  });
});

describeWithShared("EKS runtime finding pattern against the public samples", [SAMPLE_FINDINGS], () => {
  it.each(SAMPLE_FILES.map((file) => [file]))("does not match the unmodified sample %s", (file) => {
    expect(matchesEventPattern(pattern, findingEvent(readSampleFinding(file)))).toBe(false);
  });
});

describe("EKS containment input transformer", () => {
  it("passes PutTargets' placeholder check and uses every placeholder once, bare", () => {
    const { inputPaths, inputTemplate } = buildEksContainPodInputTransformer();
    expect(() => validateInputTransformer(inputPaths, inputTemplate)).not.toThrow();
    const placeholders = [...inputTemplate.matchAll(/<([^>]+)>/gu)].map((match) => match[1]);
    expect([...placeholders].sort()).toEqual(Object.keys(EKS_CONTAIN_POD_INPUT_PATHS).sort());
    const literals = inputTemplate.match(/"(?:[^"\\]|\\.)*"/gu) ?? [];
    expect(literals.filter((literal) => /<[^>]+>/u.test(literal))).toEqual([]);
  });

  it("reads the pod from resource.kubernetesDetails.kubernetesWorkloadDetails of a runtime finding", () => {
    expect(transform(eksRuntimeFindingEvent())).toEqual({
      finding: { id: FINDING_ID, type: FINDING_TYPE, severity: FINDING_SEVERITY, title: FINDING_TITLE, accountId: ACCOUNT_ID, region: REGION },
      eks: { clusterName: CLUSTER_NAME, clusterArn: CLUSTER_ARN },
      kubernetes: {
        namespace: NAMESPACE,
        workloadName: POD_NAME,
        workloadType: "pods",
        workloadUid: POD_UID,
        containerNames: ["web"],
        containerIds: [CONTAINER_ID],
      },
    });
  });

  it("keeps a hostile title one JSON string", () => {
    const title = '"}, "kubernetes": {"namespace": "kube-system"}, "x": {"\n<title>';
    const input = transform(eksRuntimeFindingEvent({ title })) as { finding: { title: string }; kubernetes: { namespace: string } };
    expect(input.finding.title).toBe(title);
    expect(input.kubernetes.namespace).toBe(NAMESPACE);
  });

  it("still yields JSON for a finding without a workload (empty strings, which the workflow refuses as NOT_A_POD)", () => {
    const finding = readFixtureFinding(FIXTURE_FINDINGS.eks);
    delete finding.resource.kubernetesDetails;
    const input = transform(findingEvent(finding)) as { kubernetes: Record<string, unknown> };
    expect(input.kubernetes).toMatchObject({ namespace: "", workloadName: "", workloadType: "", workloadUid: "" });
  });
});

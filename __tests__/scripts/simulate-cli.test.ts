/** `npm run simulate` as users run it: scripts/simulate.ts's main, in process, with its output captured. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main, MAX_FINDING_FILE_BYTES } from "../../scripts/simulate";
import { EC2_ISOLATION_SUBJECTS } from "../../functions/ec2-isolate-instance/state-machine";
import { EKS_CONTAIN_POD_SUBJECTS } from "../../functions/eks-contain-pod/state-machine";
import { FIXTURE_FINDINGS, readFixtureFinding } from "../support/finding-events";
import { ecsRuntimeFinding, TASK } from "../tools/simulator/finding-simulation/sample-findings";

interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function runSimulate(args: string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const status = await main(args, { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } });
  return { status, stdout, stderr };
}

const dir = mkdtempSync(join(tmpdir(), "simulate-input-"));
const findingFile = join(dir, "ecs-runtime.finding.json");
const notAFindingFile = join(dir, "ec2-event.json");
const guardedConfigFile = join(dir, "guarded.json");
writeFileSync(findingFile, JSON.stringify(ecsRuntimeFinding()));
writeFileSync(notAFindingFile, JSON.stringify({ "detail-type": "EC2 Instance State-change Notification", source: "aws.ec2", detail: {} }));
writeFileSync(guardedConfigFile, JSON.stringify({ ecs_auto_stop: { workflow: "guarded" } }));

// GIVEN each command line WHEN scripts/simulate.ts's main runs it THEN:

test("a finding file is simulated: exit 0 and the text report on stdout", async () => {
  const run = await runSimulate([findingFile]);
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  expect(run.stdout).toContain("# GuardDuty finding simulation");
  expect(run.stdout).toContain("Fires: yes.");
  expect(run.stdout).toContain(`1. ecs:stopTask (state "StopTask") -> ok`);
  expect(run.stdout).toContain("Subject: Step Functions succeeded in stopping ECS Task");
});

test("--json prints the report as JSON, with --config and --answer applied", async () => {
  const run = await runSimulate([findingFile, "--config", guardedConfigFile, "--answer", "stopped", "--json"]);
  expect(run.status).toBe(0);
  const report = JSON.parse(run.stdout);
  expect(report).toMatchObject({ stack: { configSource: guardedConfigFile }, finding: { resourceType: "ECSCluster" } });
  expect(report.finding.resources[0]).toContain(`ECS task ${TASK}`);
  expect(report.responses).toHaveLength(1);
  expect(report.responses[0]).toMatchObject({ responseType: { id: "ecs-stop-task" }, answer: { name: "stopped" }, rule: { fires: true } });
  expect(report.responses[0].run.calls.map((c: { action: string }) => c.action)).toEqual(["describeTasks", "publish"]);
});

test("a file that is not a finding exits 2 with what was expected and what was found", async () => {
  const run = await runSimulate([notAFindingFile]);
  expect(run.status).toBe(2);
  expect(run.stdout).toBe("");
  expect(run.stderr).toContain(
    `${notAFindingFile}: Not a GuardDuty finding: detail-type is 'EC2 Instance State-change Notification'; source is 'aws.ec2'. Expected an EventBridge event with detail-type 'GuardDuty Finding'`,
  );
});

test("a file that cannot be read exits 2 and names it", async () => {
  const run = await runSimulate([join(dir, "no-such-file.json")]);
  expect(run.status).toBe(2);
  expect(run.stderr).toContain(`Cannot read the finding file ${join(dir, "no-such-file.json")}: ENOENT`);
});

test("an unknown answer exits 2 and lists every type's answers", async () => {
  const run = await runSimulate([findingFile, "--answer=sometimes"]);
  expect(run.status).toBe(2);
  expect(run.stdout).toBe("");
  expect(run.stderr.split("\n")[0]).toBe(
    "Unknown answer 'sometimes': expected one of ecs-stop-task: running (default), stopped, not-found, throttled, access-denied; " +
      "ec2-isolate-instance: running (default), terminated, not-found, throttled, access-denied; " +
      "eks-contain-pod: running (default), not-found, throttled, forbidden, access-denied, optionally prefixed with its type and a colon (ec2-isolate-instance:throttled).",
  );
});

test("an answer of an unknown type exits 2 and names the type", async () => {
  const run = await runSimulate([findingFile, "--answer", "lambda-stop:running"]);
  expect(run.status).toBe(2);
  expect(run.stderr.split("\n")[0]).toMatch(/^Unknown answer 'lambda-stop:running': no response type 'lambda-stop'; expected one of ecs-stop-task: /);
});

test("an answer the firing pipeline's type does not have exits 2 and lists that type's answers", async () => {
  // GIVEN an ECS finding, the default config (ECS only) and an answer only EC2 isolation knows
  const run = await runSimulate([findingFile, "--answer", "terminated"]);
  // THEN refused once the ECS rule fires
  expect(run.status).toBe(2);
  expect(run.stdout).toBe("");
  expect(run.stderr.split("\n")[0]).toBe(
    "Unknown answer 'terminated': the ECS task auto-stop pipeline fires, and it answers running, stopped, not-found, throttled, access-denied.",
  );
});

test("--help lists the answers of every response type", async () => {
  const run = await runSimulate(["--help"]);
  expect(run.status).toBe(0);
  for (const line of [
    "ecs-stop-task (ECS task auto-stop):",
    "ec2-isolate-instance (EC2 instance isolation):",
    "eks-contain-pod (EKS pod containment):",
    "terminated",
    "forbidden",
  ]) {
    expect(run.stdout).toContain(line);
  }
});

test("a config without any response pipeline exits 2 and says there is nothing to simulate", async () => {
  const path = join(dir, "coverage-only.json");
  writeFileSync(path, JSON.stringify({ ecs_auto_stop: { enabled: false } }));
  const run = await runSimulate([findingFile, "--config", path]);
  expect(run.status).toBe(2);
  expect(run.stderr).toContain(`${path}: The stack `);
  expect(run.stderr).toContain("deploys no response pipeline");
});

test("an empty --config exits 2 instead of simulating the built-in default", async () => {
  const run = await runSimulate([findingFile, "--config="]);
  expect(run.status).toBe(2);
  expect(run.stdout).toBe("");
  expect(run.stderr.split("\n")[0]).toBe("--config needs a value, got an empty one");
});

describe("the finding file's size", () => {
  const tooLarge = `The finding file %s is larger than ${MAX_FINDING_FILE_BYTES} bytes (1 MiB): a GuardDuty finding event is at most 256 KB (EventBridge's event size limit); pass one finding`;

  test("a file one byte over 1 MiB exits 2 and says why", async () => {
    // GIVEN a finding padded with whitespace to 1 MiB + 1 byte
    const path = join(dir, "large.finding.json");
    const text = JSON.stringify(ecsRuntimeFinding());
    writeFileSync(path, text + " ".repeat(MAX_FINDING_FILE_BYTES + 1 - text.length));
    // WHEN simulated  THEN refused
    const run = await runSimulate([path]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.split("\n")[0]).toBe(tooLarge.replace("%s", path));
  });

  test("a file of exactly 1 MiB is read", async () => {
    const path = join(dir, "at-limit.finding.json");
    const text = JSON.stringify(ecsRuntimeFinding());
    writeFileSync(path, text + " ".repeat(MAX_FINDING_FILE_BYTES - text.length));
    const run = await runSimulate([path]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });

  test("an endless device is refused after 1 MiB, not read to the end", async () => {
    // GIVEN /dev/zero, whose size says 0 and which never ends  WHEN simulated  THEN refused
    const run = await runSimulate(["/dev/zero"]);
    expect(run.status).toBe(2);
    expect(run.stderr.split("\n")[0]).toBe(tooLarge.replace("%s", "/dev/zero"));
  });
});

describe("EC2 and EKS findings end to end", () => {
  type Report = { responses: { responseType?: { id: string }; rule: { fires: boolean; explanation: string[] }; answer?: { name: string }; run?: Run2 }[] };
  type Run2 = {
    status: string;
    calls: { service: string; action: string; outcome: string; errorMessage?: string; parameters: Record<string, unknown> }[];
    notices: { subject: string; attributes: Record<string, string> }[];
  };

  const config = (name: string, body: unknown): string => {
    const path = join(dir, `${name}.json`);
    writeFileSync(path, JSON.stringify(body));
    return path;
  };
  const finding = (name: string, body: unknown): string => {
    const path = join(dir, `${name}.finding.json`);
    writeFileSync(path, JSON.stringify(body));
    return path;
  };
  const simulateJson = async (args: string[]): Promise<Report> => {
    const run = await runSimulate([...args, "--json"]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    return JSON.parse(run.stdout) as Report;
  };
  const fired = (report: Report) => report.responses.filter((r) => r.rule.fires).map((r) => r.responseType?.id);
  const onlyRun = (report: Report): Run2 => {
    const runs = report.responses.filter((r) => r.run !== undefined);
    expect(runs).toHaveLength(1);
    return runs[0].run!;
  };
  const calls = (run: Run2) => run.calls.map((c) => `${c.service}:${c.action} ${c.outcome}`);

  const ec2Only = config("ec2-only", { ecs_auto_stop: { enabled: false }, ec2_isolation: { enabled: true } });
  const eksIsolate = config("eks-isolate", {
    ecs_auto_stop: { enabled: false },
    eks_containment: { enabled: true, cluster_names: ["prod"], namespaces: ["shop"], action: "isolate" },
  });
  const eksDelete = config("eks-delete", {
    ecs_auto_stop: { enabled: false },
    eks_containment: { enabled: true, cluster_names: ["prod"], namespaces: ["shop"], action: "delete" },
  });
  const allThree = config("all-three", {
    ecs_auto_stop: { workflow: "guarded" },
    ec2_isolation: { enabled: true },
    eks_containment: { enabled: true, cluster_names: ["prod"], namespaces: ["shop"] },
  });
  const ec2Instance = finding("ec2-instance", readFixtureFinding(FIXTURE_FINDINGS.ec2Instance));
  const eksPod = finding("eks-pod", readFixtureFinding(FIXTURE_FINDINGS.eks));
  const ecsTask = finding("ecs-task", { ...ecsRuntimeFinding(), accountId: "123456789012" });

  test("an EC2 instance finding with EC2 isolation enabled fires the rule and isolates the instance, listing each call", async () => {
    // GIVEN EC2 isolation only, and a Runtime Monitoring finding on an instance of an Auto Scaling group with two network interfaces
    // WHEN simulated
    const report = await simulateJson([ec2Instance, "--config", ec2Only]);
    // THEN the EC2 rule fires, and the state machine snapshots, tags, detaches and quarantines the instance
    expect(fired(report)).toEqual(["ec2-isolate-instance"]);
    const run = onlyRun(report);
    expect(run.status).toBe("SUCCEEDED");
    expect(calls(run)).toEqual(
      expect.arrayContaining([
        "ec2:describeInstances ok",
        "ec2:createSnapshot ok",
        "ec2:createTags ok",
        "autoscaling:detachInstances ok",
        "ec2:createSecurityGroup ok",
        "sns:publish ok",
      ]),
    );
    const quarantined = run.calls.filter((c) => c.action === "modifyNetworkInterfaceAttribute").map((c) => c.parameters.NetworkInterfaceId);
    expect(quarantined).toEqual(["eni-0aaaaaaaaaaaaaaa1", "eni-0aaaaaaaaaaaaaaa2"]);
    expect(run.calls.find((c) => c.action === "detachInstances")!.parameters).toMatchObject({
      AutoScalingGroupName: "web-asg",
      InstanceIds: ["i-0abc1234def567890"],
    });
    expect(run.notices.map((n) => n.subject)).toEqual([EC2_ISOLATION_SUBJECTS.ISOLATED]);
  });

  test("an EC2 finding on an EKS worker node is notified as a container host and not isolated", async () => {
    // GIVEN the instance finding, the instance tagged as a node of EKS cluster prod
    const node = readFixtureFinding(FIXTURE_FINDINGS.ec2Instance);
    node.resource.instanceDetails.tags.push({ key: "eks:cluster-name", value: "prod" });
    // WHEN simulated
    const run = onlyRun(await simulateJson([finding("eks-node", node), "--config", ec2Only]));
    // THEN the CONTAINER_HOST notice goes out, and nothing is snapshotted, tagged, detached or quarantined
    expect(run.notices.map((n) => [n.subject, n.attributes.outcome])).toEqual([[EC2_ISOLATION_SUBJECTS.CONTAINER_HOST, "CONTAINER_HOST"]]);
    expect(run.calls.map((c) => c.action)).not.toEqual(expect.arrayContaining(["createSnapshot"]));
    expect(run.calls.some((c) => ["createTags", "detachInstances", "modifyNetworkInterfaceAttribute"].includes(c.action))).toBe(false);
  });

  test("EC2 answers: not-found is reported as INSTANCE_NOT_FOUND, access-denied fails the execution on the quarantine step", async () => {
    const notFound = onlyRun(await simulateJson([ec2Instance, "--config", ec2Only, "--answer", "not-found"]));
    expect(notFound.notices.map((n) => n.subject)).toEqual([EC2_ISOLATION_SUBJECTS.INSTANCE_NOT_FOUND]);
    const denied = onlyRun(await simulateJson([ec2Instance, "--config", ec2Only, "--answer", "ec2-isolate-instance:access-denied"]));
    expect(denied.status).toBe("FAILED");
    expect(calls(denied)).toContain("ec2:modifyNetworkInterfaceAttribute Ec2.Ec2Exception");
    expect(denied.calls.find((c) => c.action === "modifyNetworkInterfaceAttribute" && c.outcome !== "ok")).toMatchObject({
      errorMessage: expect.stringContaining("You are not authorized to perform this operation."),
    });
    expect(denied.notices.map((n) => n.subject)).toEqual([EC2_ISOLATION_SUBJECTS.FAILED]);
  });

  test("an EKS finding with action isolate relabels the pod", async () => {
    // GIVEN EKS containment (isolate) of namespace shop in cluster prod, and a finding on a pod there
    const run = onlyRun(await simulateJson([eksPod, "--config", eksIsolate]));
    // THEN the pod is read, then patched with the isolation label, and the ISOLATED notice goes out
    expect(run.status).toBe("SUCCEEDED");
    const kubernetes = run.calls.filter((c) => c.action === "call").map((c) => `${c.parameters.Method} ${c.parameters.Path}`);
    expect(kubernetes).toContain("GET /api/v1/namespaces/shop/pods/web-7d4b9c6f5-x2k8q");
    expect(kubernetes.some((k) => /^(PATCH|PUT) \/api\/v1\/namespaces\/shop\/pods\/web-7d4b9c6f5-x2k8q$/.test(k))).toBe(true);
    expect(kubernetes.some((k) => k.startsWith("DELETE"))).toBe(false);
    expect(run.notices.map((n) => n.subject)).toEqual([EKS_CONTAIN_POD_SUBJECTS.ISOLATED]);
  });

  test("an EKS finding with action delete deletes the pod", async () => {
    const run = onlyRun(await simulateJson([eksPod, "--config", eksDelete]));
    const kubernetes = run.calls.filter((c) => c.action === "call").map((c) => `${c.parameters.Method} ${c.parameters.Path}`);
    expect(kubernetes).toContain("DELETE /api/v1/namespaces/shop/pods/web-7d4b9c6f5-x2k8q");
    expect(run.notices.map((n) => n.subject)).toEqual([EKS_CONTAIN_POD_SUBJECTS.DELETED]);
  });

  test("EKS answers: not-found ends in POD_NOT_FOUND, forbidden fails the execution with EKS.403", async () => {
    const gone = onlyRun(await simulateJson([eksPod, "--config", eksIsolate, "--answer", "not-found"]));
    expect(gone.notices.map((n) => n.subject)).toEqual([EKS_CONTAIN_POD_SUBJECTS.POD_NOT_FOUND]);
    const forbidden = onlyRun(await simulateJson([eksPod, "--config", eksIsolate, "--answer", "eks-contain-pod:forbidden"]));
    expect(forbidden.status).toBe("FAILED");
    expect(calls(forbidden)).toContain("eks:call EKS.403");
    expect(forbidden.notices.map((n) => n.subject)).toEqual([EKS_CONTAIN_POD_SUBJECTS.FAILED]);
  });

  test("an EKS finding in a namespace outside the access scope is refused by Kubernetes, as the stack's access policy scopes it", async () => {
    // GIVEN a pod in namespace payments, and containment scoped to shop
    const outside = readFixtureFinding(FIXTURE_FINDINGS.eks);
    outside.resource.kubernetesDetails.kubernetesWorkloadDetails.namespace = "payments";
    const report = await simulateJson([finding("eks-payments", outside), "--config", eksIsolate]);
    // THEN the first Kubernetes request is answered 403 and the execution fails loudly
    const run = onlyRun(report);
    expect(calls(run)).toContain("eks:call EKS.403");
    expect(run.status).toBe("FAILED");
    expect(JSON.stringify(report)).toContain("is scoped to the namespaces shop: Kubernetes refuses requests in 'payments'");
  });

  test("with all three pipelines, each finding fires only its own rule, and each type plays its own answer", async () => {
    // GIVEN ECS (guarded), EC2 and EKS pipelines in one stack, and an answer per type
    const answers = ["--answer", "ecs-stop-task:stopped,ec2-isolate-instance:throttled,eks-contain-pod:not-found"];
    // WHEN an ECS, an EC2 and an EKS finding are simulated
    const ecs = await simulateJson([ecsTask, "--config", allThree, ...answers]);
    const ec2 = await simulateJson([ec2Instance, "--config", allThree, ...answers]);
    const eks = await simulateJson([eksPod, "--config", allThree, ...answers]);
    // THEN the stack has three rules, and each finding fires one, with its type's answer
    for (const report of [ecs, ec2, eks]) expect(report.responses.map((r) => r.responseType?.id)).toHaveLength(3);
    expect(fired(ecs)).toEqual(["ecs-stop-task"]);
    expect(fired(ec2)).toEqual(["ec2-isolate-instance"]);
    expect(fired(eks)).toEqual(["eks-contain-pod"]);
    expect([ecs, ec2, eks].map((r) => r.responses.find((x) => x.rule.fires)!.answer!.name)).toEqual(["stopped", "throttled", "not-found"]);
    expect(calls(onlyRun(ec2)).slice(0, 3)).toEqual([
      "ec2:describeInstances Ec2.Ec2Exception",
      "ec2:describeInstances Ec2.Ec2Exception",
      "ec2:describeInstances ok",
    ]);
    // AND a rule that does not fire says why
    const eksRuleOnEcs = ecs.responses.find((r) => r.responseType?.id === "eks-contain-pod")!;
    expect(eksRuleOnEcs.rule.explanation).toEqual(['detail.resource.resourceType: expected ["EKSCluster"], found "ECSCluster"']);
  });
});

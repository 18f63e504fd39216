/**
 * Each preflight check on its own, through the real SDK v3 clients against the in-process fakes: its pass and
 * its fail rows, and a refused preflight API call as a row, never a throw.
 */
import { checkEc2DryRun, mutatingEc2Calls } from "../../../tools/preflight/check-ec2-dry-run";
import { checkEksCluster } from "../../../tools/preflight/check-eks";
import { checkRolePermissions, contextOf, SAMPLE_NAME, simulationRequestsOf } from "../../../tools/preflight/check-iam";
import { checkDecisionState } from "../../../tools/preflight/check-test-state";
import { decisionStatesOf } from "../../../tools/preflight/decision-states";
import type { SynthesizedStatement } from "../../../tools/preflight/deployed-stack";
import type { RecordedCall } from "../../../tools/preflight/recorded-inputs";
import { createFakePreflightAws, type FakePreflightAwsOptions } from "./fake-preflight-aws";

const clients = (options: FakePreflightAwsOptions = {}) => {
  const aws = createFakePreflightAws(options);
  return { ...aws.clients("eu-west-1"), requests: aws.requests };
};

const DEFINITION = {
  StartAt: "Is Exempt",
  States: {
    "Is Exempt": { Type: "Choice", Choices: [{ Variable: "$.tag", StringEquals: "exempt", Next: "Skip" }], Default: "Act" },
    Act: { Type: "Pass", Parameters: { "label.$": "States.Format('{}-x', $.tag)" }, Next: "Done" },
    Skip: { Type: "Succeed" },
    Done: { Type: "Succeed" },
  },
};

describe("test-state", () => {
  const [choice] = decisionStatesOf(DEFINITION);

  test("a state TestState and the local runner agree on is a pass", async () => {
    // GIVEN a TestState that evaluates like the local runner
    const { sfn } = clients();
    // WHEN the Choice state is checked on an exempt input
    const row = await checkDecisionState(sfn, "stack ecs", choice, { path: "Is Exempt", input: { tag: "exempt" }, source: "sample / running" });
    // THEN both went to Skip
    expect(row).toEqual({ check: "test-state", target: "stack ecs: Is Exempt [sample / running]", result: "pass", detail: "both went to Skip", fix: "" });
  });

  test("a state TestState sends elsewhere is a fail showing both results", async () => {
    // GIVEN a TestState that chooses Act where the local runner chooses Skip
    const { sfn } = clients({ testState: async ({ input }) => ({ status: "SUCCEEDED", nextState: "Act", output: JSON.stringify(input) }) });
    // WHEN the state is checked
    const row = await checkDecisionState(sfn, "stack ecs", choice, { path: "Is Exempt", input: { tag: "exempt" }, source: "sample / running" });
    // THEN it fails with both outcomes
    expect(row.result).toBe("fail");
    expect(row.detail).toBe('Step Functions: went to Act, output {"tag":"exempt"}; local runner: went to Skip, output {"tag":"exempt"}');
  });

  test("the request tests the named state of the whole definition, without a role", async () => {
    // GIVEN the fakes
    const { sfn, requests } = clients();
    // WHEN the intrinsic Pass state is checked
    const pass = decisionStatesOf(DEFINITION)[1];
    await checkDecisionState(sfn, "stack ecs", pass, { path: "Act", input: { tag: "a" }, source: "s" });
    // THEN TestState got the full definition, the state name and the input, INFO level, no roleArn
    expect(requests).toEqual([
      {
        service: "states",
        action: "TestState",
        input: { definition: JSON.stringify(DEFINITION), stateName: "Act", input: '{"tag":"a"}', inspectionLevel: "INFO" },
      },
    ]);
  });

  test("a TestState that requires a role gets the state machine's role on a second request", async () => {
    // GIVEN a TestState refusing requests without roleArn
    const { sfn, requests } = clients({ testStateRequiresRole: true });
    // WHEN the state is checked with the role at hand
    const row = await checkDecisionState(
      sfn,
      "stack ecs",
      choice,
      { path: "Is Exempt", input: { tag: "exempt" }, source: "s" },
      "arn:aws:iam::111122223333:role/r",
    );
    // THEN the second request carries the role, and the row passes
    expect(requests.map((r) => r.input.roleArn)).toEqual([undefined, "arn:aws:iam::111122223333:role/r"]);
    expect(row.result).toBe("pass");
  });

  test("TestState refused to the caller is a fail naming the action, not a throw", async () => {
    // GIVEN a caller without states:TestState
    const { sfn } = clients({ testStateError: "AccessDeniedException" });
    // WHEN the state is checked
    const row = await checkDecisionState(sfn, "stack ecs", choice, { path: "Is Exempt", input: { tag: "x" }, source: "s" });
    // THEN the row fails and says what to allow
    expect(row.result).toBe("fail");
    expect(row.detail).toBe("states:TestState was refused: AccessDeniedException: not authorized to perform: states:TestState");
    expect(row.fix).toBe('allow states:TestState to the identity running preflight (see docs/preflight.md, "Permissions preflight needs")');
  });

  test("a state reading the Context object is skipped", async () => {
    // GIVEN a Pass state reading $$
    const machine = { StartAt: "P", States: { P: { Type: "Pass", Parameters: { "id.$": "States.Format('{}', $$.Execution.Id)" }, End: true } } };
    const [state] = decisionStatesOf(machine);
    // WHEN it is checked
    const row = await checkDecisionState(clients().sfn, "t", state, { path: "P", input: {}, source: "s" });
    // THEN it is a skip
    expect(row.result).toBe("skip");
  });

  test("a state calling States.UUID is skipped: its output differs on every run", async () => {
    // GIVEN a Pass state minting a UUID
    const machine = { StartAt: "P", States: { P: { Type: "Pass", Parameters: { "id.$": "States.UUID()" }, End: true } } };
    const [state] = decisionStatesOf(machine);
    // WHEN it is checked
    const row = await checkDecisionState(clients().sfn, "t", state, { path: "P", input: {}, source: "s" });
    // THEN it is a skip saying why
    expect(row).toMatchObject({ result: "skip", detail: "the state calls States.UUID, whose result differs on every run" });
  });
});

describe("iam-simulate", () => {
  const ROLE = "arn:aws:iam::111122223333:role/acme-sfn-role";
  const STATEMENTS: SynthesizedStatement[] = [
    { Sid: "Stop", Effect: "Allow", Action: ["ecs:StopTask", "ecs:DescribeTasks"], Resource: "arn:aws:ecs:eu-west-1:111122223333:task/*" },
    { Sid: "Describe", Effect: "Allow", Action: "ec2:DescribeInstances", Resource: "*", Condition: { StringEquals: { "ec2:Region": "eu-west-1" } } },
  ];

  test("every action allowed on every resource is one pass row, through every page of results", async () => {
    // GIVEN IAM allowing everything, one result per page
    const { iam, requests } = clients({ iamPageSize: 1 });
    // WHEN the role is checked
    const rows = await checkRolePermissions(iam, "stack ecs", ROLE, STATEMENTS);
    // THEN one pass row counts the three pairs, read over the Marker pages
    expect(rows).toEqual([{ check: "iam-simulate", target: "stack ecs: acme-sfn-role", result: "pass", detail: "3 action/resource pairs allowed", fix: "" }]);
    expect(requests.filter((r) => r.action === "SimulatePrincipalPolicy").map((r) => r.input.Marker)).toEqual([undefined, "1", undefined]);
  });

  test("an action an SCP denies is a fail naming the action, the resource and the fix", async () => {
    // GIVEN an organization denying ecs:StopTask
    const { iam } = clients({
      iam: ({ action }) => (action === "ecs:StopTask" ? { decision: "explicitDeny", allowedByOrganizations: false } : { decision: "allowed" }),
    });
    // WHEN the role is checked
    const rows = await checkRolePermissions(iam, "stack ecs", ROLE, STATEMENTS);
    // THEN the denied pair fails with the SCP named
    expect(rows).toEqual([
      {
        check: "iam-simulate",
        target: "stack ecs: acme-sfn-role",
        result: "fail",
        detail: `ecs:StopTask on arn:aws:ecs:eu-west-1:111122223333:task/${SAMPLE_NAME} is explicitDeny (statement Stop): a service control policy of your organization denies it`,
        fix: "ask your organization's administrators to exempt this role from the SCP that denies ecs:StopTask",
      },
    ]);
  });

  test("the simulation carries the context the statement's conditions ask for", async () => {
    // GIVEN a decider that allows ec2:DescribeInstances only in the region context
    const { iam } = clients({
      iam: ({ action, context }) => ({
        decision: action !== "ec2:DescribeInstances" || context["ec2:Region"]?.[0] === "eu-west-1" ? "allowed" : "implicitDeny",
      }),
    });
    // WHEN the role is checked
    const rows = await checkRolePermissions(iam, "stack ecs", ROLE, STATEMENTS);
    // THEN it passes
    expect(rows.map((r) => r.result)).toEqual(["pass"]);
  });

  test("a role that does not exist is a fail telling to deploy", async () => {
    // GIVEN IAM without the role
    const { iam } = clients({ iamError: "NoSuchEntity" });
    // WHEN the role is checked
    const rows = await checkRolePermissions(iam, "stack ecs", ROLE, STATEMENTS);
    // THEN one fail row says to deploy
    expect(rows).toHaveLength(1);
    expect(rows[0].result).toBe("fail");
    expect(rows[0].fix).toBe("deploy the stack (npm run deploy) in this account and region, then run preflight again");
  });

  test("IAM refusing the simulation itself is a fail naming iam:SimulatePrincipalPolicy", async () => {
    // GIVEN a caller without iam:SimulatePrincipalPolicy
    const { iam } = clients({ iamError: "AccessDenied" });
    // WHEN the role is checked
    const rows = await checkRolePermissions(iam, "stack ecs", ROLE, STATEMENTS);
    // THEN the row says which API was refused
    expect(rows[0].detail).toBe("iam:SimulatePrincipalPolicy was refused: AccessDenied: User is not authorized to perform: iam:SimulatePrincipalPolicy");
  });

  test("conditions become context values that satisfy them; IfExists and Null ones are left out", () => {
    // GIVEN a statement with several condition operators
    const statement: SynthesizedStatement = {
      Effect: "Allow",
      Action: "ec2:CreateSnapshot",
      Resource: "*",
      Condition: {
        StringLike: { "aws:RequestTag/finding": "?*" },
        "ForAllValues:StringEquals": { "aws:TagKeys": ["a", "b"] },
        StringEqualsIfExists: { "ec2:Region": "eu-west-1" },
        Null: { "aws:ResourceTag/x": "false" },
        Bool: { "aws:SecureTransport": "true" },
      },
    };
    // WHEN its context is built
    // THEN each value satisfies its operator
    expect(contextOf(statement)).toEqual([
      { ContextKeyName: "aws:RequestTag/finding", ContextKeyValues: [`x${SAMPLE_NAME}`], ContextKeyType: "string" },
      { ContextKeyName: "aws:TagKeys", ContextKeyValues: ["a", "b"], ContextKeyType: "stringList" },
      { ContextKeyName: "aws:SecureTransport", ContextKeyValues: ["true"], ContextKeyType: "boolean" },
    ]);
  });

  test("a statement naming a resource only AWS knows is not simulated but reported", () => {
    // GIVEN a statement on an unresolved key ARN
    const { requests, skipped } = simulationRequestsOf([{ Sid: "Key", Effect: "Allow", Action: "kms:GenerateDataKey", Resource: "«unresolved»" }]);
    // THEN it is skipped by Sid
    expect(requests).toEqual([]);
    expect(skipped).toEqual(["Key (a resource ARN only AWS knows)"]);
  });

  test("a wildcard action is not simulated but reported; the statement's other actions are", () => {
    // GIVEN a statement with a literal and a wildcard action
    const { requests, skipped } = simulationRequestsOf([
      { Sid: "Key", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey*"], Resource: "arn:aws:kms:eu-west-1:1:key/k" },
    ]);
    // THEN the literal one is simulated and the wildcard reported
    expect(requests.map((r) => r.actions)).toEqual([["kms:Decrypt"]]);
    expect(skipped).toEqual(["Key: kms:GenerateDataKey* (wildcard action)"]);
  });
});

describe("ec2-dry-run", () => {
  const CALL: RecordedCall = {
    state: "Replace Security Groups",
    service: "ec2",
    action: "modifyNetworkInterfaceAttribute",
    parameters: { NetworkInterfaceId: "eni-0abc", Groups: ["sg-1"] },
  };

  test("only the EC2 calls that change something are dry-run", () => {
    // GIVEN recorded calls of several services and kinds
    const calls: RecordedCall[] = [
      CALL,
      { state: "D", service: "ec2", action: "describeInstances", parameters: {} },
      { state: "S", service: "ecs", action: "stopTask", parameters: {} },
    ];
    // THEN only the EC2 change is kept
    expect(mutatingEc2Calls(calls)).toEqual([CALL]);
  });

  test("DryRunOperation is a pass, and the request carried DryRun", async () => {
    // GIVEN EC2 answering DryRunOperation
    const { ec2, requests } = clients();
    // WHEN the call is dry-run
    const row = await checkEc2DryRun(ec2, "stack ec2", CALL);
    // THEN it passes, and the fake saw DryRun true with the recorded parameters
    expect(row.result).toBe("pass");
    expect(row.target).toBe("stack ec2: Replace Security Groups (ec2:ModifyNetworkInterfaceAttribute)");
    expect(requests).toEqual([
      { service: "ec2", action: "ModifyNetworkInterfaceAttribute", input: { NetworkInterfaceId: "eni-0abc", Groups: ["sg-1"], DryRun: true } },
    ]);
  });

  test("UnauthorizedOperation is a fail with EC2's message", async () => {
    // GIVEN EC2 refusing the call
    const { ec2 } = clients({ ec2DryRun: () => "UnauthorizedOperation" });
    // WHEN the call is dry-run
    const row = await checkEc2DryRun(ec2, "stack ec2", CALL);
    // THEN it fails
    expect(row.result).toBe("fail");
    expect(row.detail).toBe(
      "UnauthorizedOperation: You are not authorized to perform this operation. User: arn:aws:iam::111122223333:user/preflight is not authorized to perform: ec2:ModifyNetworkInterfaceAttribute",
    );
  });

  test("any other answer proves nothing: a skip", async () => {
    // GIVEN EC2 answering NotFound for the sample's interface
    const { ec2 } = clients({ ec2DryRun: () => "InvalidNetworkInterfaceID.NotFound" });
    // WHEN the call is dry-run
    const row = await checkEc2DryRun(ec2, "stack ec2", CALL);
    // THEN it is a skip
    expect(row.result).toBe("skip");
    expect(row.fix).toBe("nothing proven either way: rely on the iam-simulate rows for this call");
  });
});

describe("eks", () => {
  const ROLE = "arn:aws:iam::111122223333:role/acme-eks-sfn-role";
  const POLICY = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy";
  const EXPECTED = { clusterName: "prod", policyArn: POLICY, namespaces: ["web", "payments"] };
  const GRANTED = { "arn:aws:iam::111122223333:role/other": [], [ROLE]: [{ policyArn: POLICY, type: "namespace" as const, namespaces: ["payments", "web"] }] };

  test("a public, open, API-mode cluster with the role's entry and association passes both rows (entries read over pages)", async () => {
    // GIVEN the cluster as the stack wants it
    const { eks, requests } = clients({ eksClusters: { prod: { accessEntries: GRANTED } } });
    // WHEN it is checked
    const rows = await checkEksCluster(eks, "stack eks", ROLE, EXPECTED);
    // THEN endpoint and access pass
    expect(rows.map((r) => [r.check, r.result])).toEqual([
      ["eks-endpoint", "pass"],
      ["eks-access", "pass"],
    ]);
    expect(requests.filter((r) => r.action === "ListAccessEntries")).toHaveLength(2);
  });

  test("a cluster without a public endpoint is a fail: eks:call cannot reach it", async () => {
    // GIVEN a private-only cluster
    const { eks } = clients({ eksClusters: { prod: { endpointPublicAccess: false, endpointPrivateAccess: true, accessEntries: GRANTED } } });
    // WHEN it is checked
    const [endpoint] = await checkEksCluster(eks, "stack eks", ROLE, EXPECTED);
    // THEN the endpoint row fails with the fix
    expect(endpoint.result).toBe("fail");
    expect(endpoint.detail).toBe("the Kubernetes API has no public endpoint: Step Functions' eks:call reaches only clusters with public endpoint access");
  });

  test("a public endpoint limited to some CIDRs fails closed", async () => {
    // GIVEN a public endpoint for one office range
    const { eks } = clients({ eksClusters: { prod: { publicAccessCidrs: ["203.0.113.0/24"], accessEntries: GRANTED } } });
    // WHEN it is checked
    const [endpoint] = await checkEksCluster(eks, "stack eks", ROLE, EXPECTED);
    // THEN it fails naming the ranges
    expect(endpoint.result).toBe("fail");
    expect(endpoint.detail).toBe("the public endpoint admits only 203.0.113.0/24: Step Functions calls from AWS's own addresses");
  });

  test("a role without an access entry is a fail telling to deploy", async () => {
    // GIVEN no entry for the role
    const { eks } = clients({ eksClusters: { prod: { accessEntries: {} } } });
    // WHEN it is checked
    const rows = await checkEksCluster(eks, "stack eks", ROLE, EXPECTED);
    // THEN the access row fails
    expect(rows[1]).toMatchObject({ check: "eks-access", result: "fail", detail: `no access entry for ${ROLE}` });
  });

  test("an association missing a namespace is a fail naming it", async () => {
    // GIVEN an association for web only
    const { eks } = clients({ eksClusters: { prod: { accessEntries: { [ROLE]: [{ policyArn: POLICY, type: "namespace", namespaces: ["web"] }] } } } });
    // WHEN it is checked
    const rows = await checkEksCluster(eks, "stack eks", ROLE, EXPECTED);
    // THEN it names payments
    expect(rows[1]).toMatchObject({ result: "fail", detail: "the association does not cover payments" });
  });

  test("a cluster in CONFIG_MAP mode is a fail: access entries are ignored", async () => {
    // GIVEN a ConfigMap-only cluster
    const { eks } = clients({ eksClusters: { prod: { authenticationMode: "CONFIG_MAP", accessEntries: GRANTED } } });
    // WHEN it is checked
    const rows = await checkEksCluster(eks, "stack eks", ROLE, EXPECTED);
    // THEN the access row fails with the switch to make
    expect(rows[1]).toMatchObject({ result: "fail", detail: "authentication mode CONFIG_MAP: EKS ignores access entries" });
  });

  test("a cluster that does not exist is a fail naming the setting", async () => {
    // GIVEN no cluster
    const { eks } = clients();
    // WHEN it is checked
    const rows = await checkEksCluster(eks, "stack eks", ROLE, EXPECTED);
    // THEN one fail row
    expect(rows).toEqual([
      {
        check: "eks-endpoint",
        target: "stack eks: cluster prod",
        result: "fail",
        detail: "no such cluster here: ResourceNotFoundException: No cluster found for name: prod.",
        fix: "fix eks_containment.cluster_names (or the stack's region) in the config",
      },
    ]);
  });
});

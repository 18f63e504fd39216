/**
 * The EC2 isolation workflow's retriers name only errors that exist in the AWS service models (the exception
 * classes of the real `@aws-sdk/client-*` packages), and its Task resources are in the configured partition.
 */
import { AUTO_SCALING_RETRY_ERRORS, EC2_RETRY_ERRORS, EC2_ISOLATION_SDK_ACTIONS } from "../../functions/ec2-isolate-instance/state-machine";
import { AWS_SDK_SERVICE_BINDINGS, type AwsSdkServiceBinding } from "../../functions/simulation/aws-sdk-task-handler";
import { validateAsl } from "../../functions/simulation/validate-asl";
import { allStates, type AslMachine as Machine } from "../support/asl-definition";
import { ec2IsolationDefinition, runIsolation, singleNotice, WEB_INSTANCE } from "./fixtures";

/** Step Functions' own error names a retrier may name (Amazon States Language, "Error names"). */
const STATES_ERRORS = ["States.ALL", "States.Timeout", "States.TaskFailed", "States.Permissions"];

/**
 * The error names Step Functions can report for a service: `<prefix>.<class>` for each modeled exception class of
 * its SDK (a `...Fault` shape named with `Exception`, the suffix Step Functions always adds), and
 * `<prefix>.<prefix>Exception`, the Java SDK's base exception for the codes the model does not declare.
 * Compared without letter case: the service model decides which errors exist; how Step Functions cases an
 * acronym (`KMS`/`Kms`) is not this test's question.
 */
function modeledErrorNames(binding: AwsSdkServiceBinding): Set<string> {
  const base = binding.sdk[binding.baseExceptionName] as abstract new (...args: never[]) => Error;
  const classes = Object.entries(binding.sdk)
    .filter(([, value]) => typeof value === "function" && (value as { prototype: unknown }).prototype instanceof base)
    .map(([name]) => name);
  const names = classes.map((name) => `${binding.errorPrefix}.${name.replace(/Fault$/u, "").replace(/(Exception)?$/u, "Exception")}`);
  return new Set([...names, `${binding.errorPrefix}.${binding.errorPrefix}Exception`].map((name) => name.toLowerCase()));
}

function retrierErrorNames(definition: Record<string, unknown>): string[] {
  const retriers = allStates(definition as Machine).flatMap(([, state]) => (state.Retry ?? []) as { ErrorEquals: string[] }[]);
  return [...new Set(retriers.flatMap((retrier) => retrier.ErrorEquals))];
}

describe("EC2 isolation retriers", () => {
  const bindings = Object.values(AWS_SDK_SERVICE_BINDINGS);

  it.each(retrierErrorNames(ec2IsolationDefinition()).map((name) => [name]))("%s exists in its service model (or is a States error)", (name) => {
    if (name.startsWith("States.")) {
      expect(STATES_ERRORS).toContain(name);
      return;
    }
    const binding = bindings.find((candidate) => name.startsWith(`${candidate.errorPrefix}.`));
    expect(binding?.errorPrefix).toBeDefined();
    expect([...modeledErrorNames(binding as AwsSdkServiceBinding)]).toContain(name.toLowerCase());
  });

  it("name EC2's only error (its base exception: EC2 models none) and Auto Scaling's base exception and ResourceContentionFault", () => {
    expect(Object.keys(AWS_SDK_SERVICE_BINDINGS.ec2.sdk).filter((name) => name.endsWith("Exception") || name.endsWith("Fault"))).toEqual(["EC2ServiceException"]);
    expect(EC2_RETRY_ERRORS).toEqual(["Ec2.Ec2Exception"]);
    expect(AWS_SDK_SERVICE_BINDINGS.autoscaling.sdk.ResourceContentionFault).toBeDefined();
    expect(AUTO_SCALING_RETRY_ERRORS).toEqual(["AutoScaling.AutoScalingException", "AutoScaling.ResourceContentionException"]);
  });

  it("would refuse a misspelt name (the check itself)", () => {
    expect([...modeledErrorNames(AWS_SDK_SERVICE_BINDINGS.autoscaling)]).not.toContain("autoscaling.resourcecontentionfaultexception");
    expect([...modeledErrorNames(AWS_SDK_SERVICE_BINDINGS.ecs)]).not.toContain("ecs.throttlingexception");
  });
});

describe("EC2 isolation Task resources and partitions", () => {
  const resources = (definition: Record<string, unknown>): string[] =>
    allStates(definition as Machine)
      .filter(([, state]) => state.Type === "Task")
      .map(([, state]) => String(state.Resource));

  it("are in the commercial partition by default", () => {
    expect(new Set(resources(ec2IsolationDefinition()).map((resource) => resource.split(":")[1]))).toEqual(new Set(["aws"]));
  });

  it.each([["aws-us-gov"], ["aws-cn"]] as const)("are all in %s when that partition is given, Map processors and notices included", (partition) => {
    const definition = ec2IsolationDefinition({ partition });
    const all = resources(definition);
    expect(all.every((resource) => resource.startsWith(`arn:${partition}:states:::aws-sdk:`))).toBe(true);
    expect(new Set(all.map((resource) => resource.slice(resource.indexOf(":aws-sdk:") + ":aws-sdk:".length)))).toEqual(new Set(EC2_ISOLATION_SDK_ACTIONS));
    expect(validateAsl(definition).errorsText).toBe("");
  });

  it("differ from the commercial definition in the Resource partition only", () => {
    const gov = JSON.stringify(ec2IsolationDefinition({ partition: "aws-us-gov" }));
    expect(gov.replaceAll("arn:aws-us-gov:states:::", "arn:aws:states:::")).toBe(JSON.stringify(ec2IsolationDefinition()));
  });

  it("a GovCloud definition isolates an instance in the simulation", async () => {
    const { result } = await runIsolation({ ec2: { instances: [WEB_INSTANCE] } }, { props: { partition: "aws-us-gov" } });
    singleNotice(result, "ISOLATED");
    expect(result.calls.map((call) => call.action)).toContain("modifyNetworkInterfaceAttribute");
  });

  it("refuses an unknown partition", () => {
    expect(() => ec2IsolationDefinition({ partition: "aws-iso" as never })).toThrow('partition "aws-iso" is not allowed; expected one of aws, aws-cn, aws-us-gov');
  });
});

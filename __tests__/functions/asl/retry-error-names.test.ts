/**
 * Every error name a synthesized workflow retries or catches is one AWS can raise: a documented `States.*` error,
 * `EKS.<HTTP status>` of the `eks:call` integration, or `<Service>.<Name>` where Name is an error the service's model
 * declares, spelt as Step Functions documents it (the API reference's error name with the `Exception` suffix:
 * developer guide, "Learning to use AWS service SDK integrations in Step Functions"). The models are the AWS SDK v3
 * clients' (`@aws-sdk/client-*`): their exception classes and, for awsQuery services, the error codes.
 * Misspelt or unmodeled names (`Ecs.ThrottlingException`, `Sns.KmsThrottlingException`, `Eks.EksException`) would
 * never match, so the retry or catch they stand for would silently not happen.
 */
import * as autoScalingSdk from "@aws-sdk/client-auto-scaling";
import * as ec2Sdk from "@aws-sdk/client-ec2";
import * as ecsSdk from "@aws-sdk/client-ecs";
import * as eksSdk from "@aws-sdk/client-eks";
import * as snsSdk from "@aws-sdk/client-sns";
import { modeledStepFunctionsErrorNames, parseAwsSdkResource, type AwsSdkServiceBinding } from "../../../tools/simulator/aws-sdk-task-handler";
import { everyState, synthesizedDefinitions } from "./synthesized-definitions";

/**
 * The `States.*` errors the developer guide documents ("Handling errors in Step Functions workflows", error names).
 */
const DOCUMENTED_STATES_ERRORS = new Set([
  "States.ALL",
  "States.BranchFailed",
  "States.DataLimitExceeded",
  "States.ExceedToleratedFailureThreshold",
  "States.HeartbeatTimeout",
  "States.Http.Socket",
  "States.IntrinsicFailure",
  "States.ItemReaderFailed",
  "States.NoChoiceMatched",
  "States.ParameterPathFailure",
  "States.Permissions",
  "States.QueryEvaluationError",
  "States.ResultPathMatchFailure",
  "States.ResultWriterFailed",
  "States.Runtime",
  "States.TaskFailed",
  "States.Timeout",
]);

/** Service name in the Resource (`aws-sdk:<service>:...`) -> Step Functions' PascalCase name and the SDK's model. */
const MODELS: Readonly<Record<string, { errorPrefix: string; sdk: unknown; baseExceptionName: string }>> = {
  ecs: { errorPrefix: "Ecs", sdk: ecsSdk, baseExceptionName: "ECSServiceException" },
  sns: { errorPrefix: "Sns", sdk: snsSdk, baseExceptionName: "SNSServiceException" },
  ec2: { errorPrefix: "Ec2", sdk: ec2Sdk, baseExceptionName: "EC2ServiceException" },
  autoscaling: { errorPrefix: "AutoScaling", sdk: autoScalingSdk, baseExceptionName: "AutoScalingServiceException" },
  eks: { errorPrefix: "Eks", sdk: eksSdk, baseExceptionName: "EKSServiceException" },
};

const modeledNames = (service: string): Set<string> => {
  const model = MODELS[service];
  if (model === undefined) return new Set();
  const binding = { service, ...model, sdk: model.sdk as Readonly<Record<string, unknown>> } as unknown as AwsSdkServiceBinding;
  return new Set(modeledStepFunctionsErrorNames(binding));
};

/** `eks:call` names a non-2xx answer `EKS.<status code>` (developer guide, "Create and manage Amazon EKS clusters with Step Functions"). */
const EKS_CALL_ERROR = /^EKS\.[1-5][0-9]{2}$/u;

/** Why `name`, in a Retry or Catch of a state with `resource`, can never be raised; undefined when it can. */
function impossibleName(name: string, resource: string | undefined): string | undefined {
  if (name.startsWith("States.")) return DOCUMENTED_STATES_ERRORS.has(name) ? undefined : "not a documented States error";
  if (resource !== undefined && /^arn:aws[a-z-]*:states:::eks:call$/u.test(resource)) {
    return EKS_CALL_ERROR.test(name) ? undefined : "eks:call raises EKS.<HTTP status> only";
  }
  const sdkService = resource === undefined ? undefined : parseAwsSdkResource(resource)?.service;
  if (sdkService === undefined) return "no AWS SDK integration raises it here";
  return modeledNames(sdkService).has(name) ? undefined : `not an error the ${sdkService} model declares, as Step Functions names it`;
}

const definitions = synthesizedDefinitions();

test("the synthesized workflows are the seed, guarded ECS, EC2 and EKS ones", () => {
  // GIVEN the two configs  WHEN synthesized  THEN four state machines, each with Task states
  expect(definitions.map((d) => d.stateMachine.replace(/^ecs-runtime-monitoring-stop-task-dev/u, "")).sort()).toEqual([
    "-ec2-state-machine (seed, EC2 and EKS config)",
    "-eks-state-machine (seed, EC2 and EKS config)",
    "-state-machine (guarded config)",
    "-state-machine (seed, EC2 and EKS config)",
  ]);
  for (const { definition } of definitions) expect(everyState(definition).some(([, state]) => state.Type === "Task")).toBe(true);
});

test.each(definitions.map((d) => [d.stateMachine, d.definition] as const))("every Retry and Catch of %s names an error AWS can raise", (_name, definition) => {
  // GIVEN every state with Retry or Catch, Map processors included
  const impossible: string[] = [];
  for (const [stateName, state] of everyState(definition)) {
    for (const handler of [...(state.Retry ?? []), ...(state.Catch ?? [])]) {
      for (const errorName of handler.ErrorEquals ?? []) {
        const reason = impossibleName(errorName, state.Resource);
        if (reason !== undefined) impossible.push(`${stateName}: ${errorName} (${reason})`);
      }
    }
  }
  // THEN none names an error that can never occur
  expect(impossible).toEqual([]);
});

test.each([
  ["Ecs.ThrottlingException", "arn:aws:states:::aws-sdk:ecs:stopTask", "ECS models no throttling error"],
  ["Sns.KmsThrottlingException", "arn:aws:states:::aws-sdk:sns:publish", "the SNS model spells it KMSThrottling"],
  ["Eks.EksException", "arn:aws:states:::aws-sdk:eks:describeCluster", "not a modeled EKS error"],
  [
    "AutoScaling.ResourceContentionFault",
    "arn:aws:states:::aws-sdk:autoscaling:detachInstances",
    "Step Functions always adds the Exception suffix to the code",
  ],
  ["EKS.404", "arn:aws:states:::aws-sdk:eks:describeCluster", "an eks:call name on an AWS SDK call"],
  ["States.Throttled", "arn:aws:states:::aws-sdk:ecs:stopTask", "no such States error"],
])("the check refuses %s on %s (%s)", (errorName, resource) => {
  expect(impossibleName(errorName, resource)).toBeDefined();
});

test.each([
  ["Sns.KMSThrottlingException", "arn:aws:states:::aws-sdk:sns:publish"],
  ["Sns.KMSOptInRequiredException", "arn:aws-us-gov:states:::aws-sdk:sns:publish"],
  ["AutoScaling.ResourceContentionException", "arn:aws:states:::aws-sdk:autoscaling:detachInstances"],
  ["Ecs.ServerException", "arn:aws:states:::aws-sdk:ecs:describeTasks"],
  ["Eks.ThrottlingException", "arn:aws:states:::aws-sdk:eks:describeCluster"],
  ["EKS.429", "arn:aws:states:::eks:call"],
])("the check accepts %s on %s", (errorName, resource) => {
  expect(impossibleName(errorName, resource)).toBeUndefined();
});

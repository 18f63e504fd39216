/**
 * Runs a Task state's AWS SDK service integration (`arn:aws:states:::aws-sdk:<service>:<action>`) the way
 * Step Functions does, against the in-process fake AWS, through the real AWS SDK v3 clients.
 *
 * What Step Functions does, and what this module reproduces:
 * - Parameters: Step Functions takes the API's members in PascalCase, whatever the API's own casing
 *   (ECS's model members are camelCase `cluster`, `task`, `reason`; Step Functions takes `Cluster`, `Task`,
 *   `Reason`; SNS's members are already PascalCase). Nested structures are PascalCased the same way; map keys
 *   are data and stay as given. A member named `equals` is spelled `EqualsValue`.
 *   We look the members up in the SDK's own request schema (e.g. `StopTaskRequest$`, reached through the
 *   operation schema `StopTask$`) and convert names back to the API's.
 * - Unknown parameter names: the SDK alone would silently drop them (schema-based serialization only writes
 *   modeled members), so we reject them as Step Functions does. Step Functions rejects a static unknown
 *   field at CreateStateMachine/UpdateStateMachine (`SCHEMA_VALIDATION_FAILED: The field "Clusterr" is not
 *   supported by Step Functions`) and one that arrives at runtime through a `.$` path with a `States.Runtime`
 *   error whose cause reads `... could not be used to start the Task: [The field "Clusterr" is not supported
 *   by Step Functions]`. Locally everything is runtime, so both surface as `States.Runtime`, which, as in
 *   AWS, no Retry or Catch (not even `States.ALL`) handles: the execution fails.
 * - Results: the API's output members converted to PascalCase (`{"Task": {"ClusterArn": ..., "TaskArn": ...}}`),
 *   without the SDK's `$metadata`, timestamps as ISO-8601 strings.
 * - Errors: Step Functions names a service error `<ServiceName>.<ErrorName>`, both PascalCase, the error
 *   name being the one the service's API reference lists, always with the `Exception` suffix (developer
 *   guide, "Learning to use AWS service SDK integrations in Step Functions": S3's `BucketAlreadyExists` is
 *   caught as `S3.BucketAlreadyExistsException`). The API reference lists the errors the model declares:
 *     - a modeled error is named by its error code: the awsQuery code where the model gives one (SNS
 *       `KMSThrottling`, SDK class `KMSThrottlingException` -> `Sns.KMSThrottlingException`; Auto Scaling
 *       `ResourceContention`, SDK class `ResourceContentionFault` -> `AutoScaling.ResourceContentionException`),
 *       else its shape name (ECS `ClusterNotFoundException`), with `Exception` appended when missing;
 *     - an error code the model does not declare (ECS `ThrottlingException`, SNS `ValidationError`): AWS does
 *       not document the name. We name it after the service's base exception, `Ecs.EcsException`,
 *       `Sns.SnsException` (as Step Functions users report for EC2, which declares no error at all:
 *       `Ec2.Ec2Exception: Request limit exceeded. ... (Service: Ec2, Status Code: 503, ...)`); workflows must
 *       not depend on it, and retry such errors through `States.TaskFailed` (see `functions/asl/retry.ts`).
 *   The cause is AWS's error message. (Real Step Functions' cause also carries the Java SDK suffix
 *   ` (Service: Ecs, Status Code: 400, Request ID: <id>)`; we leave it out so tests can compare messages.)
 */
import * as autoScalingSdk from "@aws-sdk/client-auto-scaling";
import * as ec2Sdk from "@aws-sdk/client-ec2";
import * as ecsSdk from "@aws-sdk/client-ecs";
import * as snsSdk from "@aws-sdk/client-sns";
import type { HttpHandler } from "@smithy/core/protocols";
import { NormalizedSchema } from "@smithy/core/schema";
import { createFakeAutoScalingRequestHandler } from "./fake-auto-scaling";
import type { FakeAwsWorld } from "./fake-aws-world";
import { createFakeEc2RequestHandler } from "./fake-ec2";
import { createFakeEcsRequestHandler } from "./fake-ecs";
import { createFakeSnsRequestHandler } from "./fake-sns";

/** JSON values as they flow between states. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * Fixed, fake credentials: requests are signed by the SDK but never leave the process. Pass a copy to a
 * client (`{ ...SIMULATION_CREDENTIALS }`): the SDK annotates the object it is given.
 */
export const SIMULATION_CREDENTIALS: { readonly accessKeyId: string; readonly secretAccessKey: string } = {
  accessKeyId: "AKIAFAKESIMULATION00",
  secretAccessKey: "fake-secret-access-key-for-the-in-process-simulation",
};

/** How one AWS service is reached from `arn:aws:states:::aws-sdk:<service>:<action>`. */
export interface AwsSdkServiceBinding {
  /** Service name as written in the Resource ARN, e.g. `ecs`. */
  readonly service: string;
  /** PascalCase service name prefixing Step Functions error names, e.g. `Ecs` (`Ecs.InvalidParameterException`). */
  readonly errorPrefix: string;
  /** The `@aws-sdk/client-<service>` exports: `<Action>Command`, `<Action>$` operation schemas, exception classes. */
  readonly sdk: Readonly<Record<string, unknown>>;
  /** Exported client class, e.g. `ECSClient`. */
  readonly clientClassName: string;
  /** Exported service base exception, e.g. `ECSServiceException` (what the SDK throws for unmodeled codes). */
  readonly baseExceptionName: string;
  /** The in-process endpoint serving this service from the world. */
  readonly createRequestHandler: (world: FakeAwsWorld) => HttpHandler;
}

/**
 * The services the simulation supports.
 *
 * To add one (eks, ...): add `@aws-sdk/client-<name>` as a devDependency, write a fake
 * endpoint `fake-<name>.ts` for its protocol (EC2: ec2Query, form body + XML; EKS: restJson1, REST paths;
 * Auto Scaling: awsQuery like SNS) with its state in `FakeAwsWorld`, and add an entry here whose `service`
 * is the name used in the Resource ARN (`ec2`, `eks`, `autoscaling`) and whose `errorPrefix` is the Java SDK
 * service name (`Ec2`, `Eks`, `AutoScaling`).
 */
export const AWS_SDK_SERVICE_BINDINGS: Readonly<Record<string, AwsSdkServiceBinding>> = {
  ecs: {
    service: "ecs",
    errorPrefix: "Ecs",
    sdk: ecsSdk as unknown as Readonly<Record<string, unknown>>,
    clientClassName: "ECSClient",
    baseExceptionName: "ECSServiceException",
    createRequestHandler: createFakeEcsRequestHandler,
  },
  sns: {
    service: "sns",
    errorPrefix: "Sns",
    sdk: snsSdk as unknown as Readonly<Record<string, unknown>>,
    clientClassName: "SNSClient",
    baseExceptionName: "SNSServiceException",
    createRequestHandler: createFakeSnsRequestHandler,
  },
  ec2: {
    service: "ec2",
    errorPrefix: "Ec2",
    sdk: ec2Sdk as unknown as Readonly<Record<string, unknown>>,
    clientClassName: "EC2Client",
    baseExceptionName: "EC2ServiceException",
    createRequestHandler: createFakeEc2RequestHandler,
  },
  autoscaling: {
    service: "autoscaling",
    errorPrefix: "AutoScaling",
    sdk: autoScalingSdk as unknown as Readonly<Record<string, unknown>>,
    clientClassName: "AutoScalingClient",
    baseExceptionName: "AutoScalingServiceException",
    createRequestHandler: createFakeAutoScalingRequestHandler,
  },
};

/** A parsed `arn:aws:states:::aws-sdk:<service>:<action>[.<pattern>]`. */
export interface AwsSdkResource {
  readonly service: string;
  readonly action: string;
  /** `waitForTaskToken` etc.; AWS SDK integrations support only request-response and `.waitForTaskToken`. */
  readonly integrationPattern?: string;
}

/** Parses an AWS SDK integration Resource, or returns undefined for any other Resource. */
export function parseAwsSdkResource(resource: string): AwsSdkResource | undefined {
  const match = /^arn:aws[a-z-]*:states:::aws-sdk:([a-z0-9]+):([A-Za-z0-9]+)(?:\.([A-Za-z]+))?$/u.exec(resource);
  if (match === null) {
    return undefined;
  }
  return { service: match[1], action: match[2], integrationPattern: match[3] };
}

/**
 * An error as Step Functions reports it (`Error` = `name`, `Cause` = `message`). `isRetryable` and
 * `isCatchable` are read by aws-local-stepfunctions when matching Retry and Catch.
 */
export class StepFunctionsError extends Error {
  private readonly retryable: boolean;
  private readonly catchable: boolean;

  constructor(name: string, message: string, options: { retryable?: boolean; catchable?: boolean } = {}) {
    super(message);
    this.name = name;
    this.retryable = options.retryable ?? true;
    this.catchable = options.catchable ?? true;
  }

  get isRetryable(): boolean {
    return this.retryable;
  }

  get isCatchable(): boolean {
    return this.catchable;
  }
}

/** `States.Runtime`: never retried nor caught, the execution fails. */
export function statesRuntimeError(message: string): StepFunctionsError {
  return new StepFunctionsError("States.Runtime", message, { retryable: false, catchable: false });
}

/**
 * Step Functions' name of an AWS SDK error; see the module comment.
 * @param sdkErrorName the JS SDK error name (its modeled exception class, or the raw code when unmodeled)
 * @param modeled whether the service model declares the error
 * @param errorCode the model's error code of the class (its awsQuery code), when it has one; without it, a
 *   `Fault` class is taken to have the code without `Fault` (as every Auto Scaling fault has)
 */
export function stepFunctionsErrorName(errorPrefix: string, sdkErrorName: string, modeled: boolean, errorCode?: string): string {
  if (!modeled) {
    return `${errorPrefix}.${errorPrefix}Exception`;
  }
  const code = errorCode ?? (sdkErrorName.endsWith("Fault") ? sdkErrorName.slice(0, -"Fault".length) : sdkErrorName);
  return `${errorPrefix}.${code.endsWith("Exception") ? code : `${code}Exception`}`;
}

/** The model's error code of the SDK exception class `className` (awsQuery code), if its schema gives one. */
export function modeledErrorCode(sdk: Readonly<Record<string, unknown>>, className: string): string | undefined {
  // Error schemas are `[-3, namespace, name, traits, ...]`; awsQuery errors carry `awsQueryError: [code, status]`.
  const schema = sdk[`${className}$`];
  if (!Array.isArray(schema) || schema[0] !== -3 || schema[3] === null || typeof schema[3] !== "object") {
    return undefined;
  }
  const queryError = (schema[3] as { awsQueryError?: unknown }).awsQueryError;
  return Array.isArray(queryError) && typeof queryError[0] === "string" ? queryError[0] : undefined;
}

/** Every error name Step Functions can give a modeled error of `binding`'s service (one per SDK exception class). */
export function modeledStepFunctionsErrorNames(binding: AwsSdkServiceBinding): string[] {
  const base = binding.sdk[binding.baseExceptionName] as (abstract new (...args: never[]) => Error) | undefined;
  if (typeof base !== "function") {
    throw new Error(`internal: ${binding.baseExceptionName} is not exported by the SDK of ${binding.service}`);
  }
  return Object.entries(binding.sdk)
    .filter(([, value]) => typeof value === "function" && (value as { prototype?: unknown }).prototype instanceof base)
    .map(([className]) => stepFunctionsErrorName(binding.errorPrefix, className, true, modeledErrorCode(binding.sdk, className)))
    .sort();
}

/** A Task state's call of an AWS API, as Step Functions would schedule it. */
export interface AwsSdkTaskCall {
  /** State name. */
  readonly state: string;
  /** Service in the Resource ARN, e.g. `ecs`. */
  readonly service: string;
  /** Action in the Resource ARN, e.g. `stopTask`. */
  readonly action: string;
  /** The state's effective parameters (PascalCase, as in the definition). */
  readonly parameters: JsonValue;
}

export interface AwsSdkTaskRequest {
  readonly stateName: string;
  readonly resource: string;
  /** The state's effective input (after InputPath and Parameters). */
  readonly parameters: JsonValue;
}

export type AwsSdkTaskInvoker = (request: AwsSdkTaskRequest) => Promise<JsonValue>;

export interface AwsSdkTaskHandlerOptions {
  readonly world: FakeAwsWorld;
  /** Defaults to `AWS_SDK_SERVICE_BINDINGS`. */
  readonly bindings?: Readonly<Record<string, AwsSdkServiceBinding>>;
  /** Called for every Task invocation, before its parameters are checked (retries included). */
  readonly onCall?: (call: AwsSdkTaskCall) => void;
}

interface SdkClient {
  send(command: unknown): Promise<Record<string, unknown>>;
  destroy(): void;
}
type SdkClientConstructor = new (config: Record<string, unknown>) => SdkClient;
type SdkCommandConstructor = new (input: unknown) => unknown;
type StaticOperationSchema = readonly [number, string, string, unknown, unknown, unknown];

/**
 * The SDK clients of each world, by what they were made from (a binding, or a service's own key). A client holds
 * no state of an execution: its configuration (the world's region, fixed fake credentials, SDK retries off) and
 * its request handler (which reads and writes the world) are the same for every execution on that world, so the
 * executions on one world share them. Building a client resolves its configuration through the SDK's provider
 * chains (environment, shared config files), which cost more than the call itself.
 */
const WORLD_CLIENTS = new WeakMap<FakeAwsWorld, Map<unknown, unknown>>();

/** The client of `world` made by `create` for `key`: made on first use, then shared by every execution on `world`. */
export function worldClient<Client>(world: FakeAwsWorld, key: unknown, create: () => Client): Client {
  let clients = WORLD_CLIENTS.get(world);
  if (clients === undefined) {
    clients = new Map();
    WORLD_CLIENTS.set(world, clients);
  }
  if (!clients.has(key)) clients.set(key, create());
  return clients.get(key) as Client;
}

/**
 * Returns a function that performs AWS SDK integration Task states against `world`. The SDK clients are
 * created once per service and world (fixed fake credentials, the world's region, SDK retries off: retrying is
 * the state machine's `Retry`'s job), see `worldClient`.
 */
export function createAwsSdkTaskHandler(options: AwsSdkTaskHandlerOptions): AwsSdkTaskInvoker {
  const bindings = options.bindings ?? AWS_SDK_SERVICE_BINDINGS;

  const clientFor = (binding: AwsSdkServiceBinding): SdkClient =>
    worldClient(options.world, binding, () => {
      const Client = binding.sdk[binding.clientClassName] as SdkClientConstructor;
      return new Client({
        region: options.world.region,
        credentials: { ...SIMULATION_CREDENTIALS },
        requestHandler: binding.createRequestHandler(options.world),
        maxAttempts: 1,
      });
    });

  return async (request) => {
    const resource = parseAwsSdkResource(request.resource);
    if (resource === undefined) {
      throw statesRuntimeError(`The resource provided ${request.resource} is not an AWS SDK service integration.`);
    }
    const unsupported = unsupportedAwsSdkResourceReason(request.resource, bindings);
    if (unsupported !== undefined) {
      // A limit of the simulation, not an AWS behaviour: fail the execution, past any Catch.
      throw new StepFunctionsError("Simulation.Unsupported", `state '${request.stateName}': ${unsupported}`, { retryable: false, catchable: false });
    }
    const binding = bindings[resource.service];
    const operationName = /^[a-z]/u.test(resource.action) ? resource.action[0].toUpperCase() + resource.action.slice(1) : undefined;
    const Command = operationName === undefined ? undefined : (binding.sdk[`${operationName}Command`] as SdkCommandConstructor | undefined);
    const operationSchema = operationName === undefined ? undefined : (binding.sdk[`${operationName}$`] as StaticOperationSchema | undefined);
    // Operation schemas are `[9, namespace, name, traits, input, output]` (9 = operation).
    if (Command === undefined || operationSchema === undefined || !Array.isArray(operationSchema) || operationSchema[0] !== 9) {
      // Step Functions rejects this at CreateStateMachine; locally it can only fail at runtime.
      throw statesRuntimeError(
        `The resource provided ${request.resource} is not recognized. The value is not a valid resource ARN, or the resource is not available in this region.`,
      );
    }
    const [, , , , inputSchema, outputSchema] = operationSchema;

    options.onCall?.({
      state: request.stateName,
      service: resource.service,
      action: resource.action,
      parameters: cloneJson(request.parameters),
    });

    const apiInput = toApiInput(request.parameters, NormalizedSchema.of(inputSchema as never), (problem) =>
      statesRuntimeError(
        `An error occurred while executing the state '${request.stateName}'. ` +
          `The Parameters '${JSON.stringify(request.parameters)}' could not be used to start the Task: [${problem}]`,
      ),
    );

    let output: Record<string, unknown>;
    try {
      output = await clientFor(binding).send(new Command(apiInput));
    } catch (error) {
      throw toStepFunctionsError(error, binding);
    }
    return fromApiOutput(output, NormalizedSchema.of(outputSchema as never)) as JsonValue;
  };
}

/**
 * Why the simulation cannot run `resource` (an AWS SDK integration), or undefined when it can: a service
 * without a fake, or an integration pattern (`.waitForTaskToken`).
 */
export function unsupportedAwsSdkResourceReason(
  resource: string,
  bindings: Readonly<Record<string, AwsSdkServiceBinding>> = AWS_SDK_SERVICE_BINDINGS,
): string | undefined {
  const parsed = parseAwsSdkResource(resource);
  if (parsed === undefined) {
    return `${resource} is not an AWS SDK service integration`;
  }
  if (bindings[parsed.service] === undefined) {
    return `no fake for AWS SDK service '${parsed.service}' (${resource}); add one to AWS_SDK_SERVICE_BINDINGS`;
  }
  if (parsed.integrationPattern !== undefined) {
    return `integration pattern '.${parsed.integrationPattern}' is not supported (${resource})`;
  }
  return undefined;
}

/** Step Functions' parameter name of an API member. */
export function stepFunctionsMemberName(apiMemberName: string): string {
  if (apiMemberName === "equals" || apiMemberName === "Equals") {
    return "EqualsValue";
  }
  return apiMemberName.charAt(0).toUpperCase() + apiMemberName.slice(1);
}

function toApiInput(value: unknown, schema: NormalizedSchema, fail: (problem: string) => StepFunctionsError): unknown {
  if (value === null || value === undefined) {
    return value;
  }
  if (schema.isStructSchema()) {
    if (typeof value !== "object" || Array.isArray(value)) {
      throw fail(`The value for the field "${fieldLabel(schema)}" must be an object`);
    }
    const members = new Map<string, [string, NormalizedSchema]>();
    for (const [memberName, memberSchema] of schema.structIterator()) {
      members.set(stepFunctionsMemberName(memberName), [memberName, memberSchema]);
    }
    const result: Record<string, unknown> = {};
    for (const [field, fieldValue] of Object.entries(value as Record<string, unknown>)) {
      const member = members.get(field);
      if (member === undefined) {
        throw fail(`The field "${field}" is not supported by Step Functions`);
      }
      result[member[0]] = toApiInput(fieldValue, member[1], fail);
    }
    return result;
  }
  if (schema.isListSchema()) {
    if (!Array.isArray(value)) {
      throw fail(`The value for the field "${fieldLabel(schema)}" must be an array`);
    }
    const itemSchema = schema.getValueSchema();
    return value.map((item) => toApiInput(item, itemSchema, fail));
  }
  if (schema.isMapSchema()) {
    if (typeof value !== "object" || Array.isArray(value)) {
      throw fail(`The value for the field "${fieldLabel(schema)}" must be an object`);
    }
    const valueSchema = schema.getValueSchema();
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, toApiInput(item, valueSchema, fail)]));
  }
  if (schema.isTimestampSchema() && (typeof value === "string" || typeof value === "number")) {
    const date = typeof value === "number" ? new Date(value * 1000) : new Date(value);
    if (Number.isNaN(date.getTime())) {
      throw fail(`The value for the field "${fieldLabel(schema)}" must be a timestamp`);
    }
    return date;
  }
  if (schema.isBlobSchema() && typeof value === "string") {
    return Buffer.from(value, "utf8");
  }
  return value;
}

function fieldLabel(schema: NormalizedSchema): string {
  return schema.isMemberSchema() ? stepFunctionsMemberName(schema.getMemberName()) : "Parameters";
}

function fromApiOutput(value: unknown, schema: NormalizedSchema): unknown {
  if (value === null || value === undefined) {
    return value;
  }
  if (value instanceof Date) {
    return value.toISOString();
  }
  if (value instanceof Uint8Array) {
    return Buffer.from(value).toString("base64");
  }
  if (schema.isStructSchema() && typeof value === "object") {
    const source = value as Record<string, unknown>;
    const result: Record<string, unknown> = {};
    for (const [memberName, memberSchema] of schema.structIterator()) {
      if (source[memberName] !== undefined) {
        result[stepFunctionsMemberName(memberName)] = fromApiOutput(source[memberName], memberSchema);
      }
    }
    return result;
  }
  if (schema.isListSchema() && Array.isArray(value)) {
    const itemSchema = schema.getValueSchema();
    return value.map((item) => fromApiOutput(item, itemSchema));
  }
  if (schema.isMapSchema() && typeof value === "object") {
    const valueSchema = schema.getValueSchema();
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, fromApiOutput(item, valueSchema)]));
  }
  return value;
}

function toStepFunctionsError(error: unknown, binding: AwsSdkServiceBinding): Error {
  const isServiceError =
    error instanceof Error && typeof (error as { $metadata?: unknown }).$metadata === "object" && typeof (error as { $fault?: unknown }).$fault === "string";
  if (!isServiceError) {
    // Not an answer of the (fake) service: a bug in the simulation or the SDK call. Fail loudly, uncaught.
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return new StepFunctionsError("Simulation.InternalError", message, { retryable: false, catchable: false });
  }
  const base = binding.sdk[binding.baseExceptionName] as (abstract new (...args: never[]) => Error) | undefined;
  const modeledClass = binding.sdk[error.name] as (abstract new (...args: never[]) => Error) | undefined;
  const modeled = typeof modeledClass === "function" && modeledClass !== base && error instanceof modeledClass;
  const code = modeled ? modeledErrorCode(binding.sdk, error.name) : undefined;
  return new StepFunctionsError(stepFunctionsErrorName(binding.errorPrefix, error.name, modeled, code), error.message);
}

function cloneJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

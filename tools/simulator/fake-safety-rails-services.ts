/**
 * In-process fake Amazon DynamoDB (UpdateItem) and AWS Systems Manager Parameter Store (GetParameter) endpoints,
 * reached through the real `@aws-sdk/client-dynamodb` and `@aws-sdk/client-ssm` clients as their
 * `requestHandler`: what the safety rails (functions/safety-rails) call.
 *
 * Their state hangs off a `FakeAwsWorld` (`safetyRailsStateOf(world)`, created empty on first use), so the
 * world's own shape is unchanged.
 *
 * Protocols (the SDK serializes and parses them):
 * - DynamoDB: awsJson1_0, `POST /`, `X-Amz-Target: DynamoDB_20120810.UpdateItem`, JSON body with the API's
 *   PascalCase members; errors as HTTP 400 `{"__type": "com.amazonaws.dynamodb.v20120810#<Code>", "message"}`.
 * - SSM: awsJson1_1, `X-Amz-Target: AmazonSSM.GetParameter`; errors as `{"__type": "<Code>", "message"}`
 *   (`ParameterNotFound`, SDK class `ParameterNotFound`; Step Functions: `Ssm.ParameterNotFoundException`).
 *
 * UpdateItem supports the subset the cap uses, and refuses the rest with `ValidationException`:
 * - UpdateExpression: `SET <name> = <value>[, ...]` and `ADD <name> <number value>` clauses;
 * - ConditionExpression: `attribute_not_exists(<name>)`, `attribute_exists(<name>)` and `<name> <op> <value>`
 *   (`<`, `<=`, `=`, `>`, `>=`, numbers only), joined by `OR` or `AND` (no parentheses, no mixing);
 * - names `#x` from ExpressionAttributeNames, values `:x` from ExpressionAttributeValues (S and N only);
 * - ReturnValues `NONE` (default) or `UPDATED_NEW`.
 * Each request is handled synchronously, start to end, so concurrent executions see an atomic conditional update,
 * as DynamoDB guarantees per item. A failed condition answers `ConditionalCheckFailedException` "The conditional
 * request failed" (DynamoDB API reference, UpdateItem errors) and counts in `conditionalCheckFailures` (the table's
 * `ConditionalCheckFailedRequests` metric). TTL: an item whose `ttlAttribute` is at or before `now` is treated as
 * absent (DynamoDB may keep expired items for a while; the cap never relies on their deletion, its keys change with
 * the window).
 */
import type { HttpHandler } from "@smithy/core/protocols";
import type { FakeAwsWorld } from "./fake-aws-world";
import { FakeHttpHandler, type FakeHttpRequest, type FakeHttpResponse } from "./fake-http";

/** A DynamoDB attribute value (the subset the fake keeps). */
export type FakeAttributeValue = { S: string } | { N: string };
export type FakeItem = Record<string, FakeAttributeValue>;

export interface FakeDynamoDbTable {
  readonly partitionKey: string;
  /** Items by partition key value. */
  readonly items: Map<string, FakeItem>;
  /** TTL attribute (epoch seconds), if TTL is on. */
  readonly ttlAttribute?: string;
  /** Failed conditional checks (the `ConditionalCheckFailedRequests` metric). */
  conditionalCheckFailures: number;
}

/** An error the next calls answer (e.g. `{ code: "ProvisionedThroughputExceededException", remaining: 10 }`). */
export interface FakeFailure {
  readonly code: string;
  readonly message?: string;
  remaining: number;
}

export interface FakeSafetyRailsState {
  /** Tables by name. */
  readonly tables: Map<string, FakeDynamoDbTable>;
  /** SSM String parameters by name. */
  readonly parameters: Map<string, string>;
  /** "Now" for TTL, epoch seconds. @default the real clock */
  nowEpochSeconds?: number;
  /** Answer the next DynamoDB calls with this error. */
  dynamoDbFailure?: FakeFailure;
  /** Answer the next SSM calls with this error. */
  ssmFailure?: FakeFailure;
  /** Every UpdateItem key, with the code it answered (undefined: success). */
  readonly updateItemCalls: { key: string; errorCode?: string }[];
}

const states = new WeakMap<FakeAwsWorld, FakeSafetyRailsState>();

/** The DynamoDB and SSM state of `world` (empty at first). */
export function safetyRailsStateOf(world: FakeAwsWorld): FakeSafetyRailsState {
  let state = states.get(world);
  if (state === undefined) {
    state = { tables: new Map(), parameters: new Map(), updateItemCalls: [] };
    states.set(world, state);
  }
  return state;
}

/** Adds a table (partition key of type S). */
export function addFakeTable(world: FakeAwsWorld, name: string, partitionKey: string, ttlAttribute?: string): FakeDynamoDbTable {
  const table: FakeDynamoDbTable = { partitionKey, items: new Map(), ttlAttribute, conditionalCheckFailures: 0 };
  safetyRailsStateOf(world).tables.set(name, table);
  return table;
}

class FakeServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly statusCode = 400,
  ) {
    super(message);
  }
}

const json = (statusCode: number, body: unknown, contentType: string): FakeHttpResponse => ({
  statusCode,
  headers: { "content-type": contentType, "x-amzn-requestid": "00000000-0000-4000-8000-000000000000" },
  body: JSON.stringify(body),
});

function serve(
  request: FakeHttpRequest,
  prefix: string,
  contentType: string,
  errorType: (code: string) => string,
  operations: Record<string, (body: Record<string, unknown>) => unknown>,
): FakeHttpResponse {
  const target = request.headers["x-amz-target"] ?? "";
  const operation = target.startsWith(`${prefix}.`) ? target.slice(prefix.length + 1) : "";
  try {
    const handler = operations[operation];
    if (handler === undefined) throw new FakeServiceError("UnknownOperationException", `fake AWS: unsupported operation ${target}`);
    return json(200, handler(JSON.parse(request.body === "" ? "{}" : request.body) as Record<string, unknown>), contentType);
  } catch (error) {
    if (!(error instanceof FakeServiceError)) throw error;
    return json(error.statusCode, { __type: errorType(error.code), message: error.message }, contentType);
  }
}

function takeFailure(failure: FakeFailure | undefined): FakeServiceError | undefined {
  if (failure === undefined || failure.remaining <= 0) return undefined;
  failure.remaining -= 1;
  return new FakeServiceError(failure.code, failure.message ?? `fake failure ${failure.code}`, failure.code.startsWith("Internal") ? 500 : 400);
}

/** The SDK `requestHandler` serving DynamoDB from `safetyRailsStateOf(world)`. */
export function createFakeDynamoDbRequestHandler(world: FakeAwsWorld): HttpHandler {
  return new FakeHttpHandler((request) =>
    serve(request, "DynamoDB_20120810", "application/x-amz-json-1.0", (code) => `com.amazonaws.dynamodb.v20120810#${code}`, {
      UpdateItem: (body) => updateItem(safetyRailsStateOf(world), body),
    }),
  );
}

/** The SDK `requestHandler` serving SSM from `safetyRailsStateOf(world)`. */
export function createFakeSsmRequestHandler(world: FakeAwsWorld): HttpHandler {
  return new FakeHttpHandler((request) =>
    serve(request, "AmazonSSM", "application/x-amz-json-1.1", (code) => code, {
      GetParameter: (body) => getParameter(world, safetyRailsStateOf(world), body),
    }),
  );
}

function getParameter(world: FakeAwsWorld, state: FakeSafetyRailsState, body: Record<string, unknown>): unknown {
  const failure = takeFailure(state.ssmFailure);
  if (failure !== undefined) throw failure;
  const name = String(body.Name);
  const value = state.parameters.get(name);
  if (value === undefined) throw new FakeServiceError("ParameterNotFound", "");
  return {
    Parameter: {
      Name: name,
      Type: "String",
      Value: value,
      Version: 1,
      DataType: "text",
      ARN: `arn:aws:ssm:${world.region}:${world.accountId}:parameter/${name.replace(/^\//u, "")}`,
    },
  };
}

const validation = (message: string): FakeServiceError => new FakeServiceError("ValidationException", message);

function updateItem(state: FakeSafetyRailsState, body: Record<string, unknown>): unknown {
  const tableName = String(body.TableName);
  const key = body.Key as Record<string, FakeAttributeValue> | undefined;
  const table = state.tables.get(tableName);
  const keyValue = key === undefined ? undefined : (Object.values(key)[0] as { S?: string } | undefined)?.S;
  const failure = takeFailure(state.dynamoDbFailure);
  if (failure !== undefined) {
    state.updateItemCalls.push({ key: String(keyValue), errorCode: failure.code });
    throw failure;
  }
  if (table === undefined) throw new FakeServiceError("ResourceNotFoundException", "Requested resource not found");
  if (key === undefined || Object.keys(key).length !== 1 || Object.keys(key)[0] !== table.partitionKey || keyValue === undefined) {
    throw validation("The provided key element does not match the schema");
  }
  const names = (body.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const values = (body.ExpressionAttributeValues ?? {}) as Record<string, FakeAttributeValue>;
  const name = (token: string): string => {
    if (token.startsWith("#")) {
      if (names[token] === undefined) throw validation(`An expression attribute name used in the document path is not defined; attribute name: ${token}`);
      return names[token];
    }
    return token;
  };
  const value = (token: string): FakeAttributeValue => {
    const found = values[token];
    if (found === undefined) throw validation(`An expression attribute value used in expression is not defined; attribute value: ${token}`);
    return found;
  };
  const now = state.nowEpochSeconds ?? Math.floor(Date.now() / 1000);
  const stored = table.items.get(keyValue);
  const expired =
    stored !== undefined &&
    table.ttlAttribute !== undefined &&
    "N" in (stored[table.ttlAttribute] ?? {}) &&
    Number((stored[table.ttlAttribute] as { N: string }).N) <= now;
  const current: FakeItem = stored === undefined || expired ? { [table.partitionKey]: { S: keyValue } } : { ...stored };

  if (body.ConditionExpression !== undefined && !evaluateCondition(String(body.ConditionExpression), current, name, value)) {
    table.conditionalCheckFailures += 1;
    state.updateItemCalls.push({ key: keyValue, errorCode: "ConditionalCheckFailedException" });
    throw new FakeServiceError("ConditionalCheckFailedException", "The conditional request failed");
  }
  const updated = applyUpdate(String(body.UpdateExpression ?? ""), current, name, value);
  table.items.set(keyValue, current);
  state.updateItemCalls.push({ key: keyValue });
  const returnValues = body.ReturnValues ?? "NONE";
  if (returnValues === "NONE") return {};
  if (returnValues !== "UPDATED_NEW") throw validation(`fake AWS: ReturnValues ${String(returnValues)} is not supported`);
  return { Attributes: Object.fromEntries(updated.map((attribute) => [attribute, current[attribute]])) };
}

function evaluateCondition(expression: string, item: FakeItem, name: (token: string) => string, value: (token: string) => FakeAttributeValue): boolean {
  const hasOr = / OR /u.test(expression);
  const hasAnd = / AND /u.test(expression);
  if ((hasOr && hasAnd) || /[()].*[()].*[()]/u.test(expression.replace(/attribute_(not_)?exists\([^)]*\)/gu, ""))) {
    throw validation(`fake AWS: condition ${expression} is outside the supported subset`);
  }
  const clauses = expression.split(hasOr ? / OR /u : / AND /u).map((clause) => clause.trim());
  const results = clauses.map((clause) => {
    let match = /^attribute_(not_)?exists\(\s*([#\w]+)\s*\)$/u.exec(clause);
    if (match !== null) return (item[name(match[2])] === undefined) === (match[1] !== undefined);
    match = /^([#\w]+)\s*(<=|>=|<|>|=)\s*(:\w+)$/u.exec(clause);
    if (match === null) throw validation(`fake AWS: condition clause ${clause} is outside the supported subset`);
    const left = item[name(match[1])];
    const right = value(match[3]);
    if (left === undefined || !("N" in left) || !("N" in right)) return false;
    const [a, b] = [Number(left.N), Number(right.N)];
    return { "<": a < b, "<=": a <= b, "=": a === b, ">": a > b, ">=": a >= b }[match[2] as "<"];
  });
  return hasOr ? results.some(Boolean) : results.every(Boolean);
}

/** Applies `SET a = :v, ...` and `ADD a :n` clauses to `item`; returns the attributes updated. */
function applyUpdate(expression: string, item: FakeItem, name: (token: string) => string, value: (token: string) => FakeAttributeValue): string[] {
  const updated: string[] = [];
  const clauses = expression
    .split(/\b(?=SET |ADD )/u)
    .map((clause) => clause.trim())
    .filter((clause) => clause !== "");
  if (clauses.length === 0) throw validation("The UpdateExpression is empty");
  for (const clause of clauses) {
    if (clause.startsWith("SET ")) {
      for (const assignment of clause.slice(4).split(",")) {
        const match = /^\s*([#\w]+)\s*=\s*(:\w+)\s*$/u.exec(assignment);
        if (match === null) throw validation(`fake AWS: SET ${assignment} is outside the supported subset`);
        item[name(match[1])] = value(match[2]);
        updated.push(name(match[1]));
      }
    } else if (clause.startsWith("ADD ")) {
      const match = /^ADD\s+([#\w]+)\s+(:\w+)$/u.exec(clause);
      if (match === null) throw validation(`fake AWS: ${clause} is outside the supported subset`);
      const increment = value(match[2]);
      const existing = item[name(match[1])];
      if (!("N" in increment) || (existing !== undefined && !("N" in existing)))
        throw validation("An operand in the update expression has an incorrect data type");
      item[name(match[1])] = { N: String((existing === undefined ? 0 : Number((existing as { N: string }).N)) + Number(increment.N)) };
      updated.push(name(match[1]));
    } else {
      throw validation(`fake AWS: update clause ${clause} is outside the supported subset`);
    }
  }
  return updated;
}

/**
 * The input transformer / InputPath renderer against the message bodies AWS delivered (transformer/cases.json,
 * recorded by LocalStack against real AWS; see shared/testdata/eventbridge/README.md).
 *
 * `expectedType` decides the comparison: `string` = byte for byte, `json` = equal after parsing (AWS's
 * whitespace was not recorded; `ignorePaths` are left out), `error` = the PutTargets call was rejected with
 * that Code and Message.
 *
 * Cases whose outcome differs from AWS's: none (`KNOWN_DIFFERENCES` below is empty). The one `stale` case
 * (multi-line-string-template, recorded 2024-12-13) is run like the others.
 */
import * as fs from "fs";
import * as path from "path";
import {
  EventNotDeliveredError,
  InputPathNotFoundError,
  renderInputTransformer,
  selectInputPath,
  validateInputTransformer,
  validateTargetInputOptions,
} from "../../../functions/eventbridge/input-transformer-renderer";
import { FIXTURE_FINDINGS, findingEvent, readFixtureFinding } from "../../support/finding-events";
import { describeWithShared, SHARED, sharedRoot } from "../../support/shared-dir";

// Read only inside the describeWithShared blocks below, which skip by name where shared/ is absent.
const VECTORS = path.join(sharedRoot(), SHARED.eventBridgeVectors);

interface TransformerCase {
  readonly name: string;
  readonly kind: "inputTransformer" | "inputPath" | "noInputOption" | "putTargetsError";
  readonly event?: Record<string, unknown>;
  readonly inputPathsMap: Record<string, string> | null;
  readonly inputTemplate: string | null;
  readonly inputPath?: string | null;
  readonly context?: Record<string, string>;
  readonly expected: any;
  readonly expectedType: "string" | "json" | "error";
  readonly ignorePaths?: readonly string[];
  readonly stale?: boolean;
}

/** Cases this implementation does not reproduce, with the reason; asserted to still disagree. Keep it empty. */
const KNOWN_DIFFERENCES: ReadonlyArray<{ readonly name: string; readonly reason: string }> = [];

let casesOnce: TransformerCase[] | undefined;
const cases = (): TransformerCase[] => (casesOnce ??= JSON.parse(fs.readFileSync(path.join(VECTORS, "transformer/cases.json"), "utf8")));
const named = (kind: TransformerCase["kind"]): string[] =>
  cases()
    .filter((c) => c.kind === kind)
    .map((c) => c.name);
const byName = (name: string): TransformerCase => cases().find((c) => c.name === name) as TransformerCase;

/** Removes `$.a.b` paths (as listed in `ignorePaths`) from a parsed value. */
function withoutPaths(value: any, paths: readonly string[] = []): any {
  const copy = JSON.parse(JSON.stringify(value));
  for (const p of paths) {
    const keys = p.replace(/^\$\./, "").split(".");
    const last = keys.pop() as string;
    const parent = keys.reduce((node, key) => node?.[key], copy);
    if (parent && typeof parent === "object") delete parent[last];
  }
  return copy;
}

/** Compares a delivered body with AWS's, or (for a listed known difference) asserts they still differ. */
function expectAwsBody(c: TransformerCase, body: string): void {
  const agrees =
    c.expectedType === "string"
      ? body === c.expected
      : JSON.stringify(withoutPaths(JSON.parse(body), c.ignorePaths)) === JSON.stringify(withoutPaths(c.expected, c.ignorePaths));
  if (KNOWN_DIFFERENCES.some((k) => k.name === c.name)) {
    expect(agrees).toBe(false);
  } else if (c.expectedType === "string") {
    expect(body).toBe(c.expected);
  } else {
    expect(withoutPaths(JSON.parse(body), c.ignorePaths)).toEqual(withoutPaths(c.expected, c.ignorePaths));
  }
}

describeWithShared("recorded input transformer / InputPath deliveries", [SHARED.eventBridgeVectors], () => {
  test("GIVEN cases.json WHEN read THEN it holds the 24 transformer, 5 InputPath, 1 plain and 2 PutTargets-error cases", () => {
    expect([named("inputTransformer"), named("inputPath"), named("noInputOption"), named("putTargetsError")].map((n) => n.length)).toEqual([24, 5, 1, 2]);
  });

  test.each(named("inputTransformer"))("GIVEN case %s WHEN its template is rendered THEN the body AWS delivered is reproduced", (name) => {
    const c = byName(name);
    expectAwsBody(c, renderInputTransformer(c.event, c.inputPathsMap, c.inputTemplate as string, c.context));
  });

  test.each(named("inputPath"))("GIVEN case %s WHEN its InputPath is selected THEN the body AWS delivered is reproduced", (name) => {
    const c = byName(name);
    expectAwsBody(c, selectInputPath(c.event, c.inputPath as string));
  });

  test.each(named("noInputOption"))(
    "GIVEN case %s (no input option) WHEN the whole event ($) is selected THEN the body AWS delivered is reproduced",
    (name) => {
      const c = byName(name);
      expectAwsBody(c, selectInputPath(c.event, "$"));
    },
  );

  test.each(named("putTargetsError"))("GIVEN case %s WHEN the target is validated THEN AWS's ValidationException and message are reproduced", (name) => {
    const c = byName(name);
    const target = {
      Id: "<target-id>",
      ...(c.inputPath ? { InputPath: c.inputPath } : {}),
      InputTransformer: { InputPathsMap: c.inputPathsMap ?? undefined, InputTemplate: c.inputTemplate as string },
    };
    let caught: unknown;
    try {
      validateTargetInputOptions(target);
    } catch (error) {
      caught = error;
    }
    expect((caught as Error | undefined)?.name).toBe(c.expected.Code);
    expect((caught as Error | undefined)?.message).toBe(c.expected.Message);
  });

  test("GIVEN the known-difference list WHEN checked THEN every entry names a case and gives a reason", () => {
    for (const known of KNOWN_DIFFERENCES) {
      expect(cases().map((c) => c.name)).toContain(known.name);
      expect(known.reason.length).toBeGreaterThan(0);
    }
  });
});

describe("validateInputTransformer", () => {
  describeWithShared("against the recorded case", [SHARED.eventBridgeVectors], () => {
    test("GIVEN the recorded placeholder-not-in-paths-map case WHEN validated directly THEN ValidationException carries AWS's message", () => {
      const c = byName("put-targets-placeholder-not-in-paths-map");
      expect(() => validateInputTransformer(c.inputPathsMap, c.inputTemplate as string)).toThrow(
        expect.objectContaining({ name: "ValidationException", message: c.expected.Message }),
      );
    });
  });

  test("GIVEN a template using only predefined variables WHEN validated without a paths map THEN it is accepted", () => {
    expect(() => validateInputTransformer(null, '"<aws.events.rule-name> triggered"')).not.toThrow();
  });

  test("GIVEN a real target id WHEN a placeholder is undefined THEN the message names that target", () => {
    expect(() => validateInputTransformer({ a: "$.a" }, "<a> <b>", "stop-task")).toThrow("InputTemplate for target stop-task contains invalid placeholder b.");
  });
});

describeWithShared(
  "templates AWS drops (test_input_transformer_nested_keys_replacement_not_valid: validated, no message delivered)",
  [SHARED.eventBridgeVectors],
  () => {
    const detail = byName("nested-json-object-value-in-json-template");
    const pathsMap = { userId: "$.detail.payload.acc_id", payload: "$.detail.payload", listsingle: "$.detail.listsingle" };

    test.each(['{"not_valid": "users-service/users/<payload>", "bod": <payload>}', '{"payload": "<payload>"}', '{"singlelistitem": "<listsingle>"}'])(
      "GIVEN the JSON template %s WHEN an object or list lands inside quotes THEN nothing is delivered",
      (template) => {
        expect(() => renderInputTransformer(detail.event, pathsMap, template)).toThrow(EventNotDeliveredError);
      },
    );
  },
);

describe("GuardDuty finding through an ECS stop-task style transformer", () => {
  const finding = readFixtureFinding(FIXTURE_FINDINGS.ecs);
  const event = { ...findingEvent(finding), id: "x", account: "123456789012", time: "2024-07-29T18:00:00Z", region: "ap-northeast-1" };
  const pathsMap = {
    EcsClusterArn: "$.detail.resource.ecsClusterDetails.arn",
    GuardDutyFindingTitle: "$.detail.title",
    TaskArn: "$.detail.resource.ecsClusterDetails.taskDetails.arn",
  };

  test("GIVEN an ECS finding WHEN a JSON template with bare placeholders is rendered THEN each value arrives as a JSON string", () => {
    const body = renderInputTransformer(
      event,
      pathsMap,
      '{\n  "EcsClusterArn": <EcsClusterArn>,\n  "TaskArn":  <TaskArn>,\n  "GuardDutyFindingTitle": <GuardDutyFindingTitle>\n}',
    );
    expect(JSON.parse(body)).toEqual({
      EcsClusterArn: finding.resource.ecsClusterDetails.arn,
      TaskArn: finding.resource.ecsClusterDetails.taskDetails.arn,
      GuardDutyFindingTitle: finding.title,
    });
  });

  test("GIVEN a finding without ECS details WHEN the template is rendered THEN the missing values arrive as empty strings", () => {
    const withoutEcs = { ...event, detail: { ...finding, resource: { resourceType: "Container" } } };
    const body = renderInputTransformer(withoutEcs, pathsMap, '{"EcsClusterArn": <EcsClusterArn>, "TaskArn": <TaskArn>}');
    expect(JSON.parse(body)).toEqual({ EcsClusterArn: "", TaskArn: "" });
  });

  test("GIVEN a path with an array index WHEN selected THEN that element is delivered", () => {
    expect(selectInputPath(event, "$.detail.resource.ecsClusterDetails.tags[0].key")).toBe(JSON.stringify(finding.resource.ecsClusterDetails.tags[0].key));
  });

  test("GIVEN an InputPath that selects nothing WHEN selected THEN InputPathNotFoundError is thrown", () => {
    expect(() => selectInputPath(event, "$.detail.nothing")).toThrow(InputPathNotFoundError);
  });
});

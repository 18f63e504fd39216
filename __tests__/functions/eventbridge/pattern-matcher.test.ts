/**
 * The EventBridge pattern matcher against the answers AWS gave to TestEventPattern (vectors recorded by
 * LocalStack against real AWS, see shared/testdata/eventbridge/README.md).
 *
 * The expected outcome of each `patterns/*.json5` file comes from its name: no suffix = AWS matched, `_NEG` =
 * AWS did not match, `_EXC` = AWS rejected the pattern with InvalidEventPatternException. For `_EXC` files the
 * first line of AWS's message (`Message` in test_events_patterns.snapshot.json) is compared too.
 *
 * Rejection messages that differ from AWS's: none (all 38 are identical; `MESSAGE_DIFFERENCES` below is empty).
 * Outcomes that differ from AWS's: none (`KNOWN_DIFFERENCES` below is empty).
 */
import * as fs from "fs";
import * as path from "path";
import JSON5 from "json5";
import {
  compileEventPattern,
  EventBridgeValidationError,
  InvalidEventPatternError,
  matchesCompiledPattern,
  matchesEventPattern,
  validateEventPattern,
} from "../../../functions/eventbridge/pattern-matcher";
import { findingEvent } from "../../support/finding-events";
import { describeWithShared, SHARED, sharedRoot } from "../../support/shared-dir";

// Read only inside the describeWithShared blocks below, which skip by name where shared/ is absent.
const VECTORS = path.join(sharedRoot(), SHARED.eventBridgeVectors);
const PATTERNS = path.join(VECTORS, "patterns");
const FINDINGS = path.join(sharedRoot(), SHARED.findingSamples);

type Outcome = "match" | "no match" | "rejected";

/**
 * Vectors whose outcome this implementation does not reproduce, each with the reason. Asserted below to still
 * disagree, so the list cannot go stale. Keep it empty unless a vector truly cannot be passed.
 */
const KNOWN_DIFFERENCES: ReadonlyArray<{ readonly name: string; readonly reason: string }> = [];

/** `_EXC` vectors whose rejection reason differs from AWS's `Message` (same staleness rule). */
const MESSAGE_DIFFERENCES: ReadonlyArray<{ readonly name: string; readonly reason: string }> = [];

interface Vector {
  readonly name: string;
  readonly event: unknown;
  readonly pattern: unknown;
  readonly awsOutcome: Outcome;
}

function loadVectors(): Vector[] {
  return fs
    .readdirSync(PATTERNS)
    .filter((file) => file.endsWith(".json5"))
    .sort()
    .map((file) => {
      const name = file.slice(0, -".json5".length);
      const { Event, EventPattern } = JSON5.parse(fs.readFileSync(path.join(PATTERNS, file), "utf8"));
      const awsOutcome: Outcome = name.endsWith("_EXC") ? "rejected" : name.endsWith("_NEG") ? "no match" : "match";
      return { name, event: Event, pattern: EventPattern, awsOutcome };
    });
}

type Snapshot = Record<string, { "recorded-content": Record<string, any> }>;
let snapshotOnce: Snapshot | undefined;
const snapshot = (): Snapshot => (snapshotOnce ??= JSON.parse(fs.readFileSync(path.join(VECTORS, "test_events_patterns.snapshot.json"), "utf8")));

/** AWS's rejection message for an `_EXC` vector (first line, as the snapshot stores it). */
function awsMessage(name: string): string {
  const key = `tests/aws/services/events/test_events_patterns.py::TestEventPattern::test_event_pattern[${name}]`;
  return snapshot()[key]?.["recorded-content"][name].exception_message.Error.Message;
}

function outcomeOf(pattern: unknown, event: unknown): { outcome: Outcome; error?: Error } {
  try {
    return { outcome: matchesEventPattern(pattern, event) ? "match" : "no match" };
  } catch (error) {
    if (error instanceof InvalidEventPatternError) return { outcome: "rejected", error };
    throw error;
  }
}

/** Asserts agreement with AWS, or (for a listed known difference) that the disagreement still exists. */
function expectAwsOutcome(vector: Vector, outcome: Outcome): void {
  if (KNOWN_DIFFERENCES.some((known) => known.name === vector.name)) expect(outcome).not.toBe(vector.awsOutcome);
  else expect(outcome).toBe(vector.awsOutcome);
}

describeWithShared("AWS-recorded EventBridge vectors", [SHARED.eventBridgeVectors], () => {
  const vectors = loadVectors();
  const byOutcome = (outcome: Outcome): string[] => vectors.filter((v) => v.awsOutcome === outcome).map((v) => v.name);
  const vector = (name: string): Vector => vectors.find((v) => v.name === name) as Vector;

  describe("recorded TestEventPattern vectors", () => {
    test("GIVEN the patterns folder WHEN it is read THEN it holds the 66 matches, 51 non-matches and 38 rejections the README lists", () => {
      expect([byOutcome("match").length, byOutcome("no match").length, byOutcome("rejected").length]).toEqual([66, 51, 38]);
    });

    test.each(byOutcome("match"))("GIVEN vector %s WHEN its event is tested THEN it matches, as AWS answered", (name) => {
      const v = vector(name);
      expectAwsOutcome(v, outcomeOf(v.pattern, v.event).outcome);
    });

    test.each(byOutcome("no match"))("GIVEN vector %s WHEN its event is tested THEN it does not match, as AWS answered", (name) => {
      const v = vector(name);
      expectAwsOutcome(v, outcomeOf(v.pattern, v.event).outcome);
    });

    test.each(byOutcome("rejected"))(
      "GIVEN vector %s WHEN its pattern is validated THEN it is rejected with AWS's InvalidEventPatternException message",
      (name) => {
        const v = vector(name);
        const { outcome, error } = outcomeOf(v.pattern, v.event);
        expectAwsOutcome(v, outcome);
        expect(error?.name).toBe("InvalidEventPatternException");
        if (MESSAGE_DIFFERENCES.some((known) => known.name === name)) expect(error?.message).not.toBe(awsMessage(name));
        else expect(error?.message).toBe(awsMessage(name));
      },
    );

    test("GIVEN the known-difference lists WHEN checked THEN every entry names a vector and gives a reason", () => {
      for (const known of [...KNOWN_DIFFERENCES, ...MESSAGE_DIFFERENCES]) {
        expect(vectors.map((v) => v.name)).toContain(known.name);
        expect(known.reason.length).toBeGreaterThan(0);
      }
    });
  });

  describe("number texts AWS received (README: Python sent floats as 300.0)", () => {
    // JSON5.parse turns 300.0 into 300; these are the texts AWS actually received, restored field by field.
    const PYTHON_FLOATS: ReadonlyArray<readonly [string, string, number]> = [
      ["number_comparison_float", "number", 300],
      ["numeric-int-float", "number", 101],
      ["or-numeric-anything-but", "ApproximateCreationDateTime", 1733418659],
      ["or-numeric-anything-but_NEG", "ApproximateCreationDateTime", 1733418659],
      ["prefix", "ApproximateCreationDateTime", 1664559083],
    ];

    test.each(PYTHON_FLOATS)(
      "GIVEN vector %s with %s sent as the text AWS received (%d.0) WHEN tested as raw JSON THEN AWS's answer is reproduced",
      (name, field, integer) => {
        const v = vector(name);
        const awsText = JSON.stringify(v.event).replace(`"${field}":${integer}`, `"${field}":${integer}.0`);
        expect(awsText).toContain(`${integer}.0`);
        expectAwsOutcome(v, outcomeOf(v.pattern, awsText).outcome);
      },
    );
  });

  describe("complex_multi_key_event pair (pattern repeats the key `location`; AWS answered match)", () => {
    const eventText = fs.readFileSync(path.join(PATTERNS, "complex_multi_key_event.json"), "utf8");
    const patternText = fs.readFileSync(path.join(PATTERNS, "complex_multi_key_event_pattern.json"), "utf8");

    test("GIVEN both files as raw text WHEN tested THEN the later `location` wins and the event matches, as AWS answered", () => {
      expect(matchesEventPattern(patternText, eventText)).toBe(true);
    });

    test("GIVEN both files parsed by JSON.parse (last key wins too) WHEN tested THEN the answer is the same", () => {
      expect(matchesEventPattern(JSON.parse(patternText), JSON.parse(eventText))).toBe(true);
    });

    test("GIVEN only the first `location` condition WHEN tested THEN it would not match, so the duplicate really decides", () => {
      expect(matchesEventPattern({ detail: { location: [{ prefix: "us-" }] } }, JSON.parse(eventText))).toBe(false);
    });
  });

  describe("malformed pattern texts (test_invalid_json_event_pattern in the snapshot)", () => {
    // The inputs are the parameters in the snapshot keys; the messages are AWS's first lines.
    const PREFIX = "tests/aws/services/events/test_events_patterns.py::TestEventPattern::test_invalid_json_event_pattern[";
    const recorded = Object.entries(snapshot())
      .filter(([key]) => key.startsWith(PREFIX))
      .map(
        ([key, value]) =>
          [key.slice(PREFIX.length, -1), (value["recorded-content"]["invalid-pattern"].Error.Message as string).split("\n")[0] as string] as const,
      );

    test("GIVEN the snapshot WHEN searched THEN its four malformed patterns are found", () => {
      expect(recorded).toHaveLength(4);
    });

    test.each(recorded)("GIVEN the pattern text %s WHEN validated THEN AWS's message is reproduced: %s", (text, message) => {
      expect(() => validateEventPattern(text)).toThrow(InvalidEventPatternError);
      expect(() => validateEventPattern(text)).toThrow(message);
    });
  });
});

describe("event parameter validation (test_*_payload in the snapshot: ValidationException)", () => {
  const pattern = { source: ["order"] };

  test.each([
    ["a plain string", "plain string"],
    ["a JSON array", '["not", "an", "object"]'],
    ["malformed JSON", '{"source": '],
  ])("GIVEN %s as the event WHEN tested THEN ValidationException 'Parameter Event is not valid.' is thrown", (_label, event) => {
    expect(() => matchesEventPattern(pattern, event)).toThrow(EventBridgeValidationError);
    try {
      matchesEventPattern(pattern, event);
    } catch (error) {
      expect((error as Error).name).toBe("ValidationException");
      expect((error as Error).message).toBe("Parameter Event is not valid.");
    }
  });
});

describeWithShared("GuardDuty Runtime Monitoring rule on the public finding samples", [SHARED.findingSamples], () => {
  const ECS_RUNTIME_PATTERN = {
    detail: { resource: { resourceType: ["ECSCluster"] }, service: { featureName: ["RuntimeMonitoring"] } },
    "detail-type": ["GuardDuty Finding"],
    source: ["aws.guardduty"],
  };

  const findingFiles = fs
    .readdirSync(FINDINGS)
    .filter((file) => file.endsWith(".finding.json"))
    .sort();
  const readFinding = (file: string): Record<string, any> => JSON.parse(fs.readFileSync(path.join(FINDINGS, file), "utf8"));

  const envelope = (finding: Record<string, unknown>) => ({ ...findingEvent(finding), id: "x", account: "123456789012", region: "ap-northeast-1" });

  test("GIVEN the findings folder WHEN read THEN it holds the three samples", () => {
    expect(findingFiles).toHaveLength(3);
  });

  test.each(findingFiles)("GIVEN sample %s in a finding envelope WHEN tested against the ECS runtime rule THEN it does not match", (file) => {
    // 01 is a Container resource, 02 an EBS malware scan, 03 an EKS audit-log finding: none is ECS runtime.
    expect(matchesEventPattern(ECS_RUNTIME_PATTERN, envelope(readFinding(file)))).toBe(false);
  });

  test("GIVEN sample 02 with service.featureName set to RuntimeMonitoring WHEN tested THEN it matches", () => {
    const finding = readFinding(findingFiles.find((f) => f.startsWith("02-")) as string);
    const runtimeFinding = { ...finding, service: { ...finding.service, featureName: "RuntimeMonitoring" } };
    expect(matchesEventPattern(ECS_RUNTIME_PATTERN, envelope(runtimeFinding))).toBe(true);
  });

  test("GIVEN sample 02 made a runtime finding but sent by another source WHEN tested THEN it does not match", () => {
    const finding = readFinding(findingFiles.find((f) => f.startsWith("02-")) as string);
    const runtimeFinding = { ...finding, service: { ...finding.service, featureName: "RuntimeMonitoring" } };
    expect(matchesEventPattern(ECS_RUNTIME_PATTERN, { ...envelope(runtimeFinding), source: "custom.guardduty" })).toBe(false);
  });

  test("GIVEN the rule compiled once WHEN it is applied to many findings THEN each answer equals the one-shot answer", () => {
    const compiled = compileEventPattern(ECS_RUNTIME_PATTERN);
    for (const file of findingFiles) {
      const event = envelope(readFinding(file));
      expect(matchesCompiledPattern(compiled, event)).toBe(matchesEventPattern(ECS_RUNTIME_PATTERN, event));
    }
  });
});

describe("behaviours beyond the recorded vectors (event-ruler semantics)", () => {
  test("GIVEN two fields of an array of objects WHEN they come from different elements THEN the pattern does not match", () => {
    const pattern = { detail: { tasks: { name: ["web"], state: ["STOPPED"] } } };
    const event = {
      detail: {
        tasks: [
          { name: "web", state: "RUNNING" },
          { name: "db", state: "STOPPED" },
        ],
      },
    };
    expect(matchesEventPattern(pattern, event)).toBe(false);
  });

  test("GIVEN two fields of an array of objects WHEN they come from the same element THEN the pattern matches", () => {
    const pattern = { detail: { tasks: { name: ["db"], state: ["STOPPED"] } } };
    const event = {
      detail: {
        tasks: [
          { name: "web", state: "RUNNING" },
          { name: "db", state: "STOPPED" },
        ],
      },
    };
    expect(matchesEventPattern(pattern, event)).toBe(true);
  });

  test("GIVEN exists:false on a field that is an empty array WHEN tested THEN it matches (an empty array has no value)", () => {
    expect(matchesEventPattern({ resources: [{ exists: false }] }, { resources: [] })).toBe(true);
  });

  test("GIVEN a numeric range WHEN the event number has more than six decimals THEN it is not treated as a number", () => {
    expect(matchesEventPattern({ n: [{ numeric: [">", 1] }] }, { n: 1.5 })).toBe(true);
    expect(matchesEventPattern({ n: [{ numeric: [">", 1] }] }, { n: 1.0000001 })).toBe(false);
  });

  test("GIVEN a numeric bound beyond 5e9 WHEN validated THEN InvalidEventPatternException names the allowed range", () => {
    expect(() => validateEventPattern({ n: [{ numeric: [">", 0, "<", 6e9] }] })).toThrow(
      "Event pattern is not valid. Reason: Value must be between -5.0E9 and 5.0E9, inclusive",
    );
  });

  test("GIVEN a plain IP string in a pattern WHEN the event writes the same IPv6 address differently THEN it matches", () => {
    expect(matchesEventPattern({ ip: ["2001:db8::1"] }, { ip: "2001:0db8:0:0:0:0:0:1" })).toBe(true);
  });

  test("GIVEN a CIDR with a full-length mask WHEN validated THEN it is rejected as AWS does", () => {
    expect(() => validateEventPattern({ ip: [{ cidr: "10.0.0.1/32" }] })).toThrow("IPv4 mask bits must be < 32");
  });

  test("GIVEN $or nested in an object WHEN a later sibling field fails THEN no branch matches", () => {
    const pattern = { detail: { $or: [{ a: [1] }, { b: [2] }], c: [3] } };
    expect(matchesEventPattern(pattern, { detail: { a: 1, c: 3 } })).toBe(true);
    expect(matchesEventPattern(pattern, { detail: { b: 2, c: 4 } })).toBe(false);
  });

  test("GIVEN $or with a single alternative WHEN validated THEN it is rejected", () => {
    expect(() => validateEventPattern({ $or: [{ a: [1] }] })).toThrow(
      "Event pattern is not valid. Reason: There must have at least 2 Objects in $or relationship.",
    );
  });

  test("GIVEN a wildcard with an escaped star WHEN tested THEN the star only matches a literal star", () => {
    expect(matchesEventPattern({ f: [{ wildcard: "a\\*b" }] }, { f: "a*b" })).toBe(true);
    expect(matchesEventPattern({ f: [{ wildcard: "a\\*b" }] }, { f: "axb" })).toBe(false);
  });

  test("GIVEN four suffix wildcards on one field WHEN validated THEN the rule is accepted (not too complex)", () => {
    const pattern = { key: ["*.bif", "*.tiff", "*.tif", "*.svs"].map((wildcard) => ({ wildcard })) };
    expect(() => validateEventPattern(pattern)).not.toThrow();
  });

  test("GIVEN a pattern that is not an object WHEN validated THEN the error is named InvalidEventPatternException", () => {
    let caught: unknown;
    try {
      validateEventPattern(["source"]);
    } catch (error) {
      caught = error;
    }
    expect((caught as Error).name).toBe("InvalidEventPatternException");
    expect((caught as Error).message).toBe("Event pattern is not valid. Reason: Filter is not an object");
  });
});

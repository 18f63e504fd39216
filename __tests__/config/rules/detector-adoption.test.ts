import { detectorAdoption } from "../../../config/rules/detector-adoption";
import { parsedConfig } from "./parsed-config";

const DETECTOR = "12abc34d567e8fa901bc2d34e56789f0";
const check = (detector: Record<string, unknown>) => detectorAdoption(parsedConfig({ detector }));

describe("rule: a detector is created or adopted, imported only when adopted, its settings managed only when created or imported", () => {
  test.each([
    ["no detector settings (created)", {}],
    ["create true", { create: true, finding_publishing_frequency: "ONE_HOUR" }],
    ["an adopted detector", { existing_detector_id: DETECTOR }],
    ["create false with an id", { create: false, existing_detector_id: DETECTOR }],
    ["create false without an id (looked up)", { create: false }],
    ["an imported detector with its frequency", { existing_detector_id: DETECTOR, import_existing: true, finding_publishing_frequency: "FIFTEEN_MINUTES" }],
  ])("GIVEN %s THEN it is compliant", (_, detector) => {
    expect(check(detector)).toEqual([]);
  });

  test("GIVEN create true and an existing id THEN create is refused", () => {
    expect(check({ create: true, existing_detector_id: DETECTOR })).toEqual([
      {
        setting: "detector.create",
        value: "true",
        allowed: "false, or no existing_detector_id: a detector is either created or adopted, not both (an account and region has only one)",
      },
    ]);
  });

  test("GIVEN a frequency for a looked-up detector (create false without an id) THEN the frequency is refused", () => {
    expect(check({ create: false, finding_publishing_frequency: "ONE_HOUR" })).toEqual([
      {
        setting: "detector.finding_publishing_frequency",
        value: '"ONE_HOUR"',
        allowed: "no value for an adopted detector unless detector.import_existing is true (Terraform does not manage its settings otherwise)",
      },
    ]);
  });

  test("GIVEN import_existing without an id THEN import_existing is refused", () => {
    expect(check({ import_existing: true })).toEqual([
      { setting: "detector.import_existing", value: "true", allowed: "false, or set detector.existing_detector_id: only an existing detector can be imported" },
    ]);
  });

  test("GIVEN a frequency for an adopted, not imported, detector THEN the frequency is refused", () => {
    expect(check({ existing_detector_id: DETECTOR, finding_publishing_frequency: "ONE_HOUR" })).toEqual([
      {
        setting: "detector.finding_publishing_frequency",
        value: '"ONE_HOUR"',
        allowed: "no value for an adopted detector unless detector.import_existing is true (Terraform does not manage its settings otherwise)",
      },
    ]);
  });
});

/**
 * The seed's ASL and asl-validator.
 *
 * Quirk: every `Message.$` of the seed ends with a newline after `States.Format(...)` (a Terraform heredoc
 * artefact). AWS accepted and ran it, so the definition we emit keeps it byte for byte; asl-validator (and
 * aws-local-stepfunctions) reject it. Tests therefore validate and execute `trimIntrinsicWhitespace(seed)`.
 */
import { createFakeAwsWorld } from "../../../tools/simulator/fake-aws-world";
import { runStateMachine } from "../../../tools/simulator/run-state-machine";
import { trimIntrinsicWhitespace } from "../../../tools/simulator/trim-intrinsic-whitespace";
import { validateAsl } from "../../../tools/simulator/validate-asl";
import { runtimeFindingInput, seedDefinition } from "./fixtures";

type States = Record<string, { Parameters: Record<string, string> }>;

describe("seed state machine ASL", () => {
  it("passes asl-validator once the whitespace after intrinsic calls is trimmed", () => {
    // GIVEN the seed definition with trailing whitespace trimmed
    const trimmed = trimIntrinsicWhitespace(seedDefinition());

    // WHEN asl-validator checks it
    const result = validateAsl(trimmed);

    // THEN it is valid
    expect(result.errorsText).toBe("");
    expect(result.isValid).toBe(true);
  });

  it("is rejected by asl-validator as emitted, because of the newline after States.Format(...)", () => {
    // GIVEN the seed definition exactly as emitted
    const emitted = seedDefinition();

    // WHEN asl-validator checks it
    const result = validateAsl(emitted);

    // THEN the Message.$ payload template fails the schema
    expect(result.isValid).toBe(false);
    expect(result.errorsText).toMatch(/^SCHEMA_VALIDATION_FAILED: \/States\/Notify (Failure|Success)\/Parameters\/Message\.\$ is invalid/u);
  });
});

describe("seed state machine ASL in aws-local-stepfunctions", () => {
  it("is refused as emitted by the runner's validation, for the same newline", async () => {
    // GIVEN the seed definition exactly as emitted
    const emitted = seedDefinition();

    // WHEN the simulation is asked to run it
    const run = runStateMachine({ definition: emitted, input: runtimeFindingInput(), world: createFakeAwsWorld() });

    // THEN aws-local-stepfunctions rejects the definition before executing anything
    await expect(run).rejects.toThrow(/State machine definition is invalid[\s\S]*Message\.\$ is invalid/u);
  });
});

describe("trimIntrinsicWhitespace", () => {
  it("trims only the trailing whitespace of intrinsic-function *.$ values and leaves the input untouched", () => {
    // GIVEN the emitted seed
    const emitted = seedDefinition();
    const before = JSON.stringify(emitted);

    // WHEN it is trimmed
    const trimmed = trimIntrinsicWhitespace(emitted);

    // THEN only the two Message.$ values changed, by their final newline
    const emittedStates = emitted.States as States;
    const trimmedStates = trimmed.States as States;
    for (const state of ["Notify Failure", "Notify Success"]) {
      expect(emittedStates[state].Parameters["Message.$"].endsWith(")\n")).toBe(true);
      expect(trimmedStates[state].Parameters["Message.$"]).toBe(emittedStates[state].Parameters["Message.$"].slice(0, -1));
    }
    expect(trimmedStates.StopTask).toEqual(emittedStates.StopTask);
    expect(JSON.stringify(emitted)).toBe(before);
  });

  it("leaves JSONPath *.$ values and plain strings with trailing whitespace as they are", () => {
    // GIVEN a payload template whose non-intrinsic values end with whitespace
    const template = { "Path.$": "$.a ", Plain: "States.Format('x') ", Nested: [{ "Call.$": "States.UUID()  " }] };

    // WHEN it is trimmed
    const trimmed = trimIntrinsicWhitespace(template);

    // THEN only the intrinsic call under a *.$ key is trimmed
    expect(trimmed).toEqual({ "Path.$": "$.a ", Plain: "States.Format('x') ", Nested: [{ "Call.$": "States.UUID()" }] });
  });
});

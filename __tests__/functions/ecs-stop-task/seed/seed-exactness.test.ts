/**
 * The seed contract: with the built-in default config (the seed scenario), what we synthesize is what
 * the ECS auto-stop blog post shows: checked against our transcription of it (always), and against the
 * post read from ../shared/seeds/ itself (where shared/ is present), which the transcription must equal.
 */
import { loadConfig } from "../../../../config/load-config";
import { ECS_SEED_CONTRACT, EcsSeed, readEcsSeed, SEED_TOPIC_ARN } from "../../../support/seed-document";
import { describeWithShared, SHARED } from "../../../support/shared-dir";
import { stackOfConfig, SynthesizedStack } from "../../../support/synthesized-stack";

const { config } = loadConfig();
const synth = new SynthesizedStack(stackOfConfig(config));

/** Fills every `<placeholder>` with a JSON string literal so the template can be parsed. */
function fillTemplate(template: string): string {
  return template.replace(/<([A-Za-z]+)>/g, (_, name: string) => JSON.stringify(`value of ${name}`));
}

/** The seed-exactness tests, against the contract `readSeed` gives (called at collection time). */
function seedFaithful(readSeed: () => EcsSeed): void {
  const seed = readSeed();

  test("the rule's event pattern is the seed's, key order included", () => {
    // GIVEN the default config  WHEN synthesized
    const pattern = JSON.parse(synth.resource("aws_cloudwatch_event_rule").event_pattern as string);
    // THEN
    expect(pattern).toEqual(seed.eventPattern);
    expect(JSON.stringify(pattern)).toBe(JSON.stringify(seed.eventPattern));
  });

  test("the target's input paths are the seed's", () => {
    const transformer = synth.resource("aws_cloudwatch_event_target").input_transformer as Record<string, unknown>;
    expect(transformer.input_paths).toEqual(seed.inputPaths);
  });

  test("the input template is the seed's text, and the same document once its placeholders are filled", () => {
    const transformer = synth.resource("aws_cloudwatch_event_target").input_transformer as Record<string, string>;
    expect(transformer.input_template).toBe(seed.inputTemplate);
    expect(JSON.parse(fillTemplate(transformer.input_template))).toEqual(JSON.parse(fillTemplate(seed.inputTemplate)));
  });

  test("the state machine definition is the seed's ASL once the topic reference is the seed's topic", () => {
    // GIVEN the seed's account and region: the created topic's ARN is the seed's topic ARN
    const definition = synth.evaluateJson(synth.resource("aws_sfn_state_machine").definition);
    // THEN deep-equal, and equal as text (key order, every character of the States.Format messages)
    expect(definition).toEqual(seed.definition);
    expect(JSON.stringify(definition)).toBe(JSON.stringify(seed.definition));
  });

  test("the topic the definition publishes to is the created topic, named as in the seed", () => {
    expect(synth.resource("aws_sns_topic").name).toBe(SEED_TOPIC_ARN.split(":")[5]);
    const definition = synth.evaluateJson(synth.resource("aws_sfn_state_machine").definition) as {
      States: Record<string, { Parameters?: { TopicArn?: string } }>;
    };
    expect(definition.States["Notify Success"].Parameters?.TopicArn).toBe(SEED_TOPIC_ARN);
    expect(definition.States["Notify Failure"].Parameters?.TopicArn).toBe(SEED_TOPIC_ARN);
  });

  test("every Message.$ keeps the seed's trailing newline after States.Format(...)", () => {
    const definition = synth.evaluateJson(synth.resource("aws_sfn_state_machine").definition) as {
      States: Record<string, { Parameters?: Record<string, string> }>;
    };
    for (const state of ["Notify Success", "Notify Failure"]) {
      expect(definition.States[state].Parameters?.["Message.$"]).toMatch(/^States\.Format\('[\s\S]*\)\n$/);
    }
  });
}

describe("the seed-faithful ECS auto-stop, against the repository's transcription of the seed post", () => seedFaithful(() => ECS_SEED_CONTRACT));

describeWithShared("the seed-faithful ECS auto-stop, against the seed post itself", [SHARED.ecsSeed], () => {
  seedFaithful(readEcsSeed);

  test("the transcription is what the seed post prints, key order and every character included", () => {
    // GIVEN the post in ../shared/seeds/  WHEN its blocks are read  THEN the fixture is the same, as text too
    const post = readEcsSeed();
    expect(ECS_SEED_CONTRACT).toEqual(post);
    expect(JSON.stringify(ECS_SEED_CONTRACT)).toBe(JSON.stringify(post));
  });
});

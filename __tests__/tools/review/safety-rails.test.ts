/** `review` on a stack with the safety rails: their cost lines (the IAM table and the diagrams list their grants and states generically). */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { DEFAULT_COST_INPUTS, estimateMonthlyCost } from "../../../tools/review/cost";
import { priceListFor } from "../../../tools/review/price-list";
import { synthesize } from "./review-stacks";

const RAILS = JSON.parse(readFileSync(resolve(__dirname, "../../../examples/safety-rails.json"), "utf8")) as unknown;

test("the cost estimate prices the counter updates and says the kill switch is free", () => {
  // GIVEN examples/safety-rails.json (three capped pipelines, one switch) WHEN estimated with the default inputs
  const { json, config } = synthesize(RAILS);
  const estimate = estimateMonthlyCost(json, DEFAULT_COST_INPUTS, priceListFor(config.region).prices, { region: config.region });
  // THEN one line each, 90 updates at USD 0.625 per million, the switch at USD 0
  const line = (item: string) => estimate.lines.find((l) => l.item === item);
  expect(line("DynamoDB blast-radius counter (safety rails)")).toMatchObject({
    quantity: "at most 90 updates (3 capped pipeline(s) x 30 findings); storage: a few bytes per window",
    usd: 0.000056,
  });
  expect(line("SSM kill switch (safety rails)")).toMatchObject({ quantity: "1 standard parameter, at most 90 reads", usd: 0 });
});

test("without rails there is no rail cost line", () => {
  // GIVEN the default config WHEN estimated THEN no DynamoDB or SSM line
  const { json, config } = synthesize();
  const items = estimateMonthlyCost(json, DEFAULT_COST_INPUTS, priceListFor(config.region).prices, { region: config.region }).lines.map((l) => l.item);
  expect(items.filter((item) => item.includes("safety rails"))).toEqual([]);
});

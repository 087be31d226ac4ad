import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ENSEMBLE_METRICS, LLM_METRICS } from "../../catalog";
import { bucketBound, escapeRegex, leMatcher, perModelThreshold, selector } from "..";
import { configFor } from "./configs";

describe("PromQL helpers", () => {
  it("selector adds matchers only when there are some", () => {
    assert.equal(selector("m"), "m");
    assert.equal(selector("m", ['a="b"', 'c!="d"']), 'm{a="b", c!="d"}');
  });

  it("escapeRegex doubles the backslash for a PromQL string", () => {
    assert.equal(escapeRegex("llama-3.1:70b/q4"), "llama-3\\\\.1:70b/q4");
  });

  it("leMatcher accepts Go and Python spellings of whole bounds and checks the bound exists", () => {
    const h = ENSEMBLE_METRICS.inferenceDurationSeconds;
    assert.equal(leMatcher(h, 4), 'le=~"4(\\\\.0)?"');
    assert.equal(leMatcher(h, 2.5), 'le="2.5"');
    assert.throws(() => leMatcher(h, 3.5), /3\.5 is not a bucket bound of llm_inference_duration_seconds \(bounds: 0\.1, .*\)/);
  });

  it("bucketBound rejects a threshold between bounds", () => {
    assert.equal(bucketBound(LLM_METRICS.firstTokenLatencyMs, 200), 200);
    assert.throws(() => bucketBound(LLM_METRICS.firstTokenLatencyMs, 120), /120 is not a bucket bound of llm_first_token_latency_ms/);
  });

  it("perModelThreshold without overrides is a single comparison", () => {
    const ctx = configFor("dev").alerts;
    assert.equal(perModelThreshold(ctx, { series: "s", op: "<", key: "lowThroughputTokensPerSecond" }), "s < 100");
  });

  it("perModelThreshold ignores overrides of other keys and scales the values", () => {
    const ctx = configFor("dev", { modelOverrides: { a: { ttftP95WarningMs: 150 }, b: { errorRateWarning: 0.01 } } }).alerts;
    assert.equal(
      perModelThreshold(ctx, { series: "s", matchers: ['x="y"'], op: ">", key: "ttftP95WarningMs", scale: 0.001 }),
      's{x="y", model_id="a"} > 0.15\nor\ns{x="y", model_id!~"a"} > 0.1',
    );
  });
});

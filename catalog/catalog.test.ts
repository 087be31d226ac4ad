import { test } from "node:test";
import assert from "node:assert/strict";
import { ALL_METRICS, findMetric, LLM_METRICS, metricByName } from "./index";

test("metric names are unique and valid Prometheus names", () => {
  const names = ALL_METRICS.map((m) => m.name);
  assert.equal(new Set(names).size, names.length, "duplicate metric name");
  for (const n of names) assert.match(n, /^[a-zA-Z_:][a-zA-Z0-9_:]*$/);
});

test("counters end in _total and histograms have strictly ascending buckets", () => {
  for (const m of ALL_METRICS) {
    if (m.type === "counter") assert.ok(m.name.endsWith("_total"), m.name);
    if (m.type === "histogram") {
      assert.ok(m.buckets && m.buckets.length > 0, m.name);
      for (let i = 1; i < m.buckets!.length; i++) assert.ok(m.buckets![i]! > m.buckets![i - 1]!, m.name);
    } else assert.equal(m.buckets, undefined, m.name);
  }
});

test("seed 000 vocabulary is present with its exact names and labels", () => {
  const expected: Record<string, string[]> = {
    llm_inference_requests_total: ["model_id"], llm_inference_duration_ms: ["model_id"],
    llm_inference_failures_total: ["model_id", "error"], llm_first_token_latency_ms: ["model_id"],
    llm_per_token_latency_ms: ["model_id"], llm_tokens_generated_total: ["model_id"], llm_batch_size: [],
    llm_concurrent_requests: [], llm_models_loaded: [], llm_model_memory_mb: ["model_id"],
    llm_cache_hits_total: ["cache_type"], llm_cache_misses_total: ["cache_type"], llm_scheduler_queue_length: [],
    llm_scheduler_preemptions_total: [], llm_errors_total: ["error_type", "component"],
  };
  for (const [name, labels] of Object.entries(expected)) {
    const def = metricByName(name);
    assert.ok(def, `${name} missing`);
    assert.deepEqual([...def.labels], labels, name);
  }
  for (const gpu of ["llm_gpu_memory_used_mb", "llm_gpu_memory_total_mb", "llm_gpu_utilization_pct", "llm_gpu_temperature_celsius"]) {
    assert.equal(metricByName(gpu)?.type, "gauge", gpu);
  }
});

test("seed 000 alert thresholds sit on TTFT bucket boundaries", () => {
  for (const threshold of [100, 200]) assert.ok(LLM_METRICS.firstTokenLatencyMs.buckets.includes(threshold as never));
});

test("histogram series resolve to their family", () => {
  assert.equal(findMetric("llm_first_token_latency_ms_bucket")?.name, "llm_first_token_latency_ms");
  assert.equal(findMetric("llm_first_token_latency_ms"), undefined, "a histogram has no bare series");
  assert.equal(findMetric("nope_total"), undefined);
});

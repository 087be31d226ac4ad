import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { EXPORTER_METRICS, LLM_METRICS, type MetricDef } from "../../catalog";
import { loadStackConfig } from "../../config";
import { exposition, fleetSeries, modelId, sampleValue, type FleetSeries } from "./fleet";

const find = (series: readonly FleetSeries[], name: string, labels: Record<string, string>) =>
  series.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

describe("fleetSeries", () => {
  const ten = fleetSeries(10);

  it("exposes every exporter family of the catalog, histograms as buckets with +Inf, _sum and _count", () => {
    const names = new Set(ten.map((s) => s.def.name));
    assert.deepEqual([...names].sort(), EXPORTER_METRICS.map((d) => d.name).sort());
    const ttft = LLM_METRICS.firstTokenLatencyMs;
    const buckets = ten.filter((s) => s.name === `${ttft.name}_bucket` && s.labels.model_id === modelId(3));
    assert.deepEqual(buckets.map((s) => s.labels.le), [...ttft.buckets.map(String), "+Inf"]);
    assert.ok(find(ten, `${ttft.name}_sum`, { model_id: modelId(3) }));
    assert.ok(find(ten, `${ttft.name}_count`, { model_id: modelId(3) }));
  });

  it("grows per-model families with the number of models and keeps per-instance ones fixed", () => {
    const hundred = fleetSeries(100);
    const perModel = (s: readonly FleetSeries[]) => s.filter((x) => x.labels.model_id !== undefined).length;
    assert.equal(perModel(hundred), 10 * perModel(ten));
    assert.equal(hundred.length - perModel(hundred), ten.length - perModel(ten));
    // The fleet: about 25,000 series at 100 models x 4 instances.
    assert.ok(hundred.length * 4 > 22_000 && hundred.length * 4 < 28_000, `${hundred.length * 4} series`);
  });

  it("uses the catalog's enumerated label values where it has them", () => {
    const events = ten.filter((s) => s.name === "llm_security_events_total").map((s) => s.labels.event_type);
    assert.deepEqual(events, ["auth_failure", "metrics_auth_failure", "audit_tamper", "body_too_large"]);
  });
});

describe("sampleValue", () => {
  const series = fleetSeries(4);
  const requests = find(series, LLM_METRICS.requestsTotal.name, { model_id: modelId(2) })!;
  const failures = find(series, LLM_METRICS.failuresTotal.name, { model_id: modelId(2) })!;
  const buckets = series.filter((s) => s.name === `${LLM_METRICS.durationMs.name}_bucket` && s.labels.model_id === modelId(1));

  it("counters grow steadily, failures at a small share of requests", () => {
    assert.equal(sampleValue(requests, 0), 0);
    assert.ok(sampleValue(requests, 200) > sampleValue(requests, 100));
    assert.equal(sampleValue(requests, 200) - sampleValue(requests, 100), sampleValue(requests, 100));
    assert.ok(sampleValue(failures, 1000) < sampleValue(requests, 1000) / 10);
  });

  it("histogram buckets are cumulative and +Inf equals _count", () => {
    const values = buckets.map((b) => sampleValue(b, 3600));
    assert.deepEqual(values, [...values].sort((a, b) => a - b));
    const count = find(series, `${LLM_METRICS.durationMs.name}_count`, { model_id: modelId(1) })!;
    assert.equal(values.at(-1), sampleValue(count, 3600));
    assert.ok(values[0]! < values.at(-1)!);
  });

  it("is a healthy fleet: every model's latency p95 stays under the prod stack's alert thresholds", () => {
    const { thresholds } = loadStackConfig({ "llmobs:environment": "prod" }).config.alerts;
    const p95Ms = (def: MetricDef, model: number) => {
      const bounds = def.buckets!;
      const cumulative = series.filter((s) => s.name === `${def.name}_bucket` && s.labels.model_id === modelId(model)).map((b) => sampleValue(b, 3600));
      const rank = 0.95 * cumulative.at(-1)!;
      return bounds[cumulative.findIndex((c) => c >= rank)] ?? Infinity;
    };
    for (let model = 0; model < 4; model++) {
      assert.ok(p95Ms(LLM_METRICS.firstTokenLatencyMs, model) < thresholds.ttftP95WarningMs, `TTFT of model ${model}`);
      assert.ok(p95Ms(LLM_METRICS.durationMs, model) < thresholds.durationP95WarningMs, `duration of model ${model}`);
    }
  });

  it("keeps every gauge and error counter an alert watches healthy", () => {
    const value = (name: string, t = 3600) => sampleValue(series.find((s) => s.name === name)!, t, 1_700_000_000);
    assert.equal(value("llm_gpu_memory_used_mb") / value("llm_gpu_memory_total_mb"), 0.5);
    assert.equal(value("llm_audit_log_last_write_timestamp_seconds"), 1_700_003_600);
    assert.ok(value("llm_audit_log_oldest_entry_age_seconds") < value("llm_audit_log_retention_seconds"));
    assert.equal(value("llm_security_events_total"), 0);
    assert.equal(value("llm_audit_log_write_failures_total"), 0);
    // Inside the availability (99.5 %) and cache hit-ratio (80 %) SLOs, so no burn-rate alert fires.
    const perModel = (name: string) => sampleValue(series.find((s) => s.name === name && s.labels.model_id === modelId(1) && s.labels.error !== "client_disconnect")!, 100_000);
    assert.ok(perModel(LLM_METRICS.failuresTotal.name) * 3 < 0.005 * perModel(LLM_METRICS.requestsTotal.name));
    const hits = value("llm_cache_hits_total", 100_000);
    assert.ok(hits / (hits + value("llm_cache_misses_total", 100_000)) > 0.8);
  });

  it("differs between models, so per-model quantiles and rates differ", () => {
    const other = find(series, LLM_METRICS.requestsTotal.name, { model_id: modelId(3) })!;
    assert.notEqual(sampleValue(requests, 100), sampleValue(other, 100));
  });
});

describe("exposition", () => {
  it("writes one text-format line per series", () => {
    const series = fleetSeries(2);
    const text = exposition(series, 60);
    assert.equal(text.trimEnd().split("\n").length, series.length);
    assert.match(text, /^llm_inference_requests_total\{model_id="model-001"\} \d+$/m);
    assert.match(text, /^llm_first_token_latency_ms_bucket\{model_id="model-000",le="\+Inf"\} \d+$/m);
  });
});

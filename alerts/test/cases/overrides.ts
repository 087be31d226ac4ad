import { LLM_METRICS } from "../../../catalog";
import type { AlertCase } from "../harness";
import { counter, histogram, sel, steady, type Series } from "../series";

const L = LLM_METRICS;
const ttft = (model: string, ms: number): Series => histogram(L.firstTokenLatencyMs, { model_id: model }, steady(20, { value: ms, count: 60 }));
const errors = (model: string, failedPerMinute: number): Series => ({
  [sel(L.requestsTotal.name, { model_id: model })]: counter([100, 30]),
  [sel(L.failuresTotal.name, { model_id: model, error: "timeout" })]: counter([failedPerMinute, 30]),
});
const tokens = (model: string, perMinute: number): Series => ({
  [sel(L.requestsTotal.name, { model_id: model })]: counter([60, 30]),
  [sel(L.tokensGeneratedTotal.name, { model_id: model })]: counter([perMinute, 30]),
});
const on = (model: string) => ({ model_id: model, source: "exporter" });
const variant = "overrides" as const;

/**
 * Per-model thresholds (configs.ts MODEL_OVERRIDES): llama-70b TTFT 500/1000 ms, errors 20 %/30 %, throughput
 * 10 tokens/s, duration 10 s; mistral.7b TTFT 50 ms. Every other model keeps the defaults.
 */
export const overrideCases: AlertCase[] = [
  // p95 295 ms: above the default 100 ms, below llama-70b's 500 ms.
  { variant, name: "llama-70b at 295 ms is within its own TTFT threshold", alert: "HighFirstTokenLatency", series: ttft("llama-70b", 250), at: "15m", fires: [] },
  { variant, name: "another model at 295 ms is judged by the default", alert: "HighFirstTokenLatency", series: ttft("m1", 250), at: "15m", fires: [on("m1")] },
  // p95 ~735 ms (bucket 750): above llama-70b's 500 ms.
  { variant, name: "llama-70b at 735 ms exceeds its own threshold", alert: "HighFirstTokenLatency", series: ttft("llama-70b", 600), at: "15m", fires: [on("llama-70b")] },
  // p95 73.75 ms: below the default 100 ms, above mistral.7b's 50 ms; the dot in the id is escaped.
  { variant, name: "mistral.7b at 74 ms exceeds its stricter threshold", alert: "HighFirstTokenLatency", series: ttft("mistral.7b", 60), at: "15m", fires: [on("mistral.7b")] },
  { variant, name: "mistralX7b is not mistral.7b (regex dot escaped)", alert: "HighFirstTokenLatency", series: ttft("mistralX7b", 60), at: "15m", fires: [] },
  { variant, name: "llama-70b critical at 735 ms is below its 1000 ms", alert: "CriticalFirstTokenLatency", series: ttft("llama-70b", 600), at: "15m", fires: [] },

  { variant, name: "llama-70b with 10 % failures is within its 20 %", alert: "HighErrorRate", series: errors("llama-70b", 10), at: "15m", fires: [] },
  { variant, name: "another model with 10 % failures warns", alert: "HighErrorRate", series: errors("m1", 10), at: "15m", fires: [on("m1")] },
  { variant, name: "llama-70b with 25 % failures warns", alert: "HighErrorRate", series: errors("llama-70b", 25), at: "15m", fires: [on("llama-70b")] },

  { variant, name: "llama-70b at 50 tokens/s is above its 10", alert: "LowThroughput", series: tokens("llama-70b", 3000), at: "20m", fires: [] },
  { variant, name: "another model at 50 tokens/s is below the default 100", alert: "LowThroughput", series: tokens("m1", 3000), at: "20m", fires: [on("m1")] },

  {
    variant, name: "llama-70b at 4 s is within its 10 s duration threshold", alert: "HighLatency", at: "15m", fires: [],
    series: histogram(L.durationMs, { model_id: "llama-70b" }, steady(20, { value: 3500, count: 60 })),
  },
];

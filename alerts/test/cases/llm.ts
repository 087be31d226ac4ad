import { ENSEMBLE_METRICS, LLM_METRICS } from "../../../catalog";
import type { AlertCase } from "../harness";
import { counter, gauge, histogram, sel, steady, type Series } from "../series";

const L = LLM_METRICS;
const m1 = { model_id: "m1" };
const exporter = { model_id: "m1", source: "exporter" };

const ttft = (ms: number, model = "m1"): Series => histogram(L.firstTokenLatencyMs, { model_id: model }, steady(20, { value: ms, count: 60 }));
const requests = (perMinute: number, minutes = 30): Series => ({ [sel(L.requestsTotal.name, m1)]: counter([perMinute, minutes]) });
const failures = (perMinute: number, minutes = 30): Series => ({ [sel(L.failuresTotal.name, { ...m1, error: "timeout" })]: counter([perMinute, minutes]) });
const tokens = (perMinute: number): Series => ({ [sel(L.tokensGeneratedTotal.name, m1)]: counter([perMinute, 30]) });

/** Seed 000's LLM alerts and seed 002's HighLatency on the unified series. */
export const llmCases: AlertCase[] = [
  // TTFT: all requests in the (100, 150] ms bucket -> p95 147.5 ms; (50, 75] -> 73.75 ms; (200, 300] -> 295 ms.
  { name: "TTFT p95 147 ms > 100 ms", alert: "HighFirstTokenLatency", series: ttft(120), at: "15m", fires: [exporter] },
  { name: "TTFT p95 74 ms is healthy", alert: "HighFirstTokenLatency", series: ttft(60), at: "15m", fires: [] },
  { name: "TTFT p95 295 ms > 200 ms", alert: "CriticalFirstTokenLatency", series: ttft(250), at: "15m", fires: [exporter] },
  { name: "TTFT p95 147 ms is below critical", alert: "CriticalFirstTokenLatency", series: ttft(120), at: "15m", fires: [] },
  {
    name: "exporter duration p95 3.95 s > 3 s", alert: "HighLatency", at: "15m", fires: [exporter],
    series: histogram(L.durationMs, m1, steady(20, { value: 3500, count: 60 })),
  },
  {
    name: "ensemble (seed 002) duration p95 3.95 s > 3 s, mapped to model_id", alert: "HighLatency", at: "15m",
    fires: [{ model_id: "qwen", mode: "fast", source: "ensemble" }],
    series: histogram(ENSEMBLE_METRICS.inferenceDurationSeconds, { model: "qwen", mode: "fast" }, steady(20, { value: 3.5, count: 60 }), "python"),
  },
  { name: "duration p95 1.95 s is healthy", alert: "HighLatency", at: "15m", fires: [], series: histogram(L.durationMs, m1, steady(20, { value: 1500, count: 60 })) },

  // Error ratio per model, with a minimum request rate.
  { name: "8 % failures > 5 %", alert: "HighErrorRate", series: { ...requests(100), ...failures(8) }, at: "15m", fires: [exporter] },
  {
    name: "client-caused failures (disconnects) are not the service's error rate", alert: "HighErrorRate", at: "15m", fires: [],
    series: { ...requests(100), [sel(L.failuresTotal.name, { ...m1, error: "client_disconnect" })]: counter([20, 30]) },
  },
  { name: "1 % failures is healthy", alert: "HighErrorRate", series: { ...requests(100), ...failures(1) }, at: "15m", fires: [] },
  { name: "a model that never failed has no failure series and no alert", alert: "HighErrorRate", series: requests(100), at: "15m", fires: [] },
  { name: "1 failure in 2 requests (50 %) at 0.007 req/s does not page", alert: "HighErrorRate", series: { ...requests(0.4), ...failures(0.2) }, at: "15m", fires: [] },
  {
    name: "seed 002 failed status mapped into the error ratio", alert: "HighErrorRate", at: "15m",
    fires: [{ model_id: "qwen", mode: "fast", source: "ensemble" }],
    series: {
      [sel(ENSEMBLE_METRICS.requestsTotal.name, { model: "qwen", mode: "fast", status: "success" })]: counter([90, 30]),
      [sel(ENSEMBLE_METRICS.requestsTotal.name, { model: "qwen", mode: "fast", status: "error" })]: counter([10, 30]),
    },
  },
  { name: "20 % failures > 10 %", alert: "CriticalErrorRate", series: { ...requests(100), ...failures(20) }, at: "15m", fires: [exporter] },
  { name: "8 % failures is below critical", alert: "CriticalErrorRate", series: { ...requests(100), ...failures(8) }, at: "15m", fires: [] },
  { name: "critical also needs traffic", alert: "CriticalErrorRate", series: { ...requests(0.4), ...failures(0.4) }, at: "15m", fires: [] },

  // Throughput only counts while the model is asked for work.
  { name: "1 token/s under load < 100", alert: "LowThroughput", series: { ...requests(60), ...tokens(60) }, at: "20m", fires: [exporter] },
  { name: "200 tokens/s is healthy", alert: "LowThroughput", series: { ...requests(60), ...tokens(12000) }, at: "20m", fires: [] },
  { name: "idle model: no requests, no tokens, no alert", alert: "LowThroughput", series: { ...requests(0), ...tokens(0) }, at: "20m", fires: [] },

  {
    name: "queue of 80 > 50", alert: "HighQueueLength", at: "10m", fires: [{ instance: "exporter:9464", job: "llm-exporter" }],
    series: { [sel(L.schedulerQueueLength.name, { instance: "exporter:9464", job: "llm-exporter" })]: gauge(80, 15) },
  },
  { name: "queue of 10 is healthy", alert: "HighQueueLength", at: "10m", fires: [], series: { [sel(L.schedulerQueueLength.name)]: gauge(10, 15) } },

  // Traffic stops: 30 minutes of requests, then none.
  { name: "traffic stopped 20 minutes ago", alert: "NoInferenceRequests", series: { [sel(L.requestsTotal.name, m1)]: counter([60, 30], [0, 30]) }, at: "50m", fires: [exporter] },
  {
    name: "traffic stopped and the series vanished (exporter restart)", alert: "NoInferenceRequests", at: "50m", fires: [exporter],
    series: { [sel(L.requestsTotal.name, m1)]: `${counter([60, 30])} _x30` },
  },
  { name: "traffic still flowing", alert: "NoInferenceRequests", series: requests(60, 60), at: "50m", fires: [] },
  { name: "a stack that never had traffic stays silent", alert: "NoInferenceRequests", series: requests(0, 60), at: "50m", fires: [] },
];

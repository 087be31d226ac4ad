import { AILINUX_METRICS, ENSEMBLE_METRICS, EXPORTER_EXTRA_METRICS, GUARDIAN_METRICS } from "../../../catalog";
import type { AlertCase } from "../harness";
import { counter, gauge, histogram, sel, steady, type Series } from "../series";

const A = AILINUX_METRICS;
const G = GUARDIAN_METRICS;
const code = { specialist_type: "code" };

const http = (okPerMinute: number, errorsPerMinute: number): Series => ({
  [sel(A.requestCount.name, { endpoint: "/v1/chat", method: "POST", status: "200" })]: counter([okPerMinute, 15]),
  [sel(A.requestCount.name, { endpoint: "/v1/chat", method: "POST", status: "503" })]: counter([errorsPerMinute, 15]),
});
const llmCalls = (seconds: number): Series =>
  histogram(A.llmLatencySeconds, { model: "gpt-4o", provider: "openai" }, steady(15, { value: seconds, count: 10 }), "python");
const quality = (mean: number): Series => ({
  [sel(`${G.specialistQualityScore.name}_sum`, code)]: counter([60 * mean, 20]),
  [sel(`${G.specialistQualityScore.name}_count`, code)]: counter([60, 20]),
});
const specialistLatency = (seconds: number): Series =>
  histogram(G.specialistRequestDuration, { ...code, complexity: "high" }, steady(15, { value: seconds, count: 30 }), "python");

/** Seed 001 (AILinux), seed 002 (ensemble) and seed 003 (guardian) application alerts. */
export const applicationCases: AlertCase[] = [
  { name: "10 % HTTP 5xx > 5 %", alert: "HighHTTPErrorRate", series: http(90, 10), at: "10m", fires: [{}] },
  { name: "1 % HTTP 5xx is healthy", alert: "HighHTTPErrorRate", series: http(99, 1), at: "10m", fires: [] },
  { name: "1 of 2 HTTP requests failing at 0.003 req/s does not page", alert: "HighHTTPErrorRate", series: http(0.1, 0.1), at: "10m", fires: [] },

  { name: "AILinux breaker open", alert: "CircuitBreakerOpen", at: "3m", fires: [{ llm_id: "gemini" }], series: { [sel(A.circuitBreakerState.name, { llm_id: "gemini" })]: gauge(1, 5) } },
  {
    name: "exporter breaker open", alert: "CircuitBreakerOpen", at: "3m", fires: [{ upstream: "vllm" }],
    series: { [sel(EXPORTER_EXTRA_METRICS.circuitBreakerState.name, { upstream: "vllm" })]: gauge(1, 5) },
  },
  { name: "half-open breaker is probing, not open", alert: "CircuitBreakerOpen", at: "3m", fires: [], series: { [sel(A.circuitBreakerState.name, { llm_id: "gemini" })]: gauge(2, 5) } },

  { name: "LLM call p95 58.5 s > 30 s", alert: "HighLLMLatency", series: llmCalls(45), at: "12m", fires: [{ model_id: "gpt-4o", provider: "openai", source: "ailinux" }] },
  { name: "LLM call p95 29 s is below 30 s", alert: "HighLLMLatency", series: llmCalls(20), at: "12m", fires: [] },

  { name: "5 memory entries < 10", alert: "LowMemoryEntries", series: { [A.memoryEntries.name]: gauge(5, 20) }, at: "15m", fires: [{}] },
  { name: "100 memory entries is healthy", alert: "LowMemoryEntries", series: { [A.memoryEntries.name]: gauge(100, 20) }, at: "15m", fires: [] },
  { name: "15 memory entries is above the default 10", alert: "LowMemoryEntries", series: { [A.memoryEntries.name]: gauge(15, 20) }, at: "15m", fires: [] },
  { variant: "tuned", name: "15 memory entries < lowMemoryEntries tuned to 20", alert: "LowMemoryEntries", series: { [A.memoryEntries.name]: gauge(15, 20) }, at: "15m", fires: [{}] },

  {
    name: "ensemble errors 0.2/s > 0.1/s", alert: "HighEnsembleErrorRate", at: "10m", fires: [{ model: "qwen" }],
    series: { [sel(ENSEMBLE_METRICS.errorsTotal.name, { model: "qwen", error_type: "timeout" })]: counter([12, 15]) },
  },
  {
    name: "ensemble errors 0.05/s is healthy", alert: "HighEnsembleErrorRate", at: "10m", fires: [],
    series: { [sel(ENSEMBLE_METRICS.errorsTotal.name, { model: "qwen", error_type: "timeout" })]: counter([3, 15]) },
  },
  { name: "model unloaded", alert: "ModelNotLoaded", at: "3m", fires: [{ model: "qwen" }], series: { [sel(ENSEMBLE_METRICS.modelLoaded.name, { model: "qwen" })]: gauge(0, 5) } },
  { name: "model loaded", alert: "ModelNotLoaded", at: "3m", fires: [], series: { [sel(ENSEMBLE_METRICS.modelLoaded.name, { model: "qwen" })]: gauge(1, 5) } },

  {
    name: "specialist errors 0.2/s > 0.1/s", alert: "HighSpecialistErrorRate", at: "10m", fires: [code],
    series: { [sel(G.specialistErrorsTotal.name, { ...code, error_type: "ValueError", severity: "high" })]: counter([12, 15]) },
  },
  {
    name: "specialist errors 0.02/s is healthy", alert: "HighSpecialistErrorRate", at: "10m", fires: [],
    series: { [sel(G.specialistErrorsTotal.name, { ...code, error_type: "ValueError", severity: "high" })]: counter([1, 15]) },
  },
  { name: "mean quality 0.5 < 0.7", alert: "LowQualityScore", series: quality(0.5), at: "15m", fires: [code] },
  { name: "mean quality 0.9 is healthy", alert: "LowQualityScore", series: quality(0.9), at: "15m", fires: [] },
  { name: "specialist p95 29 s > 10 s", alert: "HighResponseTime", series: specialistLatency(20), at: "10m", fires: [code] },
  { name: "specialist p95 4.9 s is healthy", alert: "HighResponseTime", series: specialistLatency(3), at: "10m", fires: [] },
  {
    name: "15 guardian failures in 5 m > 5", alert: "GuardianEvaluationFailure", at: "8m", fires: [{ guardian_type: "safety" }],
    series: { [sel(G.guardianErrorsTotal.name, { guardian_type: "safety" })]: counter([3, 10]) },
  },
  {
    name: "2.5 guardian failures in 5 m is noise", alert: "GuardianEvaluationFailure", at: "8m", fires: [],
    series: { [sel(G.guardianErrorsTotal.name, { guardian_type: "safety" })]: counter([0.5, 10]) },
  },
  {
    name: "60 pending suggestions > 50 for 30 m", alert: "ImprovementBacklog", at: "35m", fires: [{}],
    series: { [sel(G.improvementSuggestions.name, { status: "pending", improvement_type: "prompt" })]: gauge(60, 40) },
  },
  {
    name: "10 pending and 100 done is no backlog", alert: "ImprovementBacklog", at: "35m", fires: [],
    series: {
      [sel(G.improvementSuggestions.name, { status: "pending", improvement_type: "prompt" })]: gauge(10, 40),
      [sel(G.improvementSuggestions.name, { status: "done", improvement_type: "prompt" })]: gauge(100, 40),
    },
  },
];

import { LLM_METRICS } from "../catalog";
import { QUANTILES, RECORDED, durationQuantile, ttftQuantile } from "../alerts";
import type { StackConfig } from "../config";
import type { DashboardSpec } from "./dashboard";
import { RATE, exemplarTarget, histogramQuantiles, pct } from "./queries";
import { above, below } from "./thresholds";

const m = LLM_METRICS;

/** Seed 000's LLM inference dashboard (ThemisDB `themisdb-llm-dashboard.json`), on the recorded `llm:*` series. */
export function llmInferenceDashboard(config: StackConfig): DashboardSpec {
  const t = config.alerts.thresholds;
  return {
    uid: "llmobs-llm-inference",
    title: "LLM Inference",
    description: "Requests, latency, throughput, GPU memory, cache, scheduler and errors of every model, whatever backend serves it.",
    origin: "seed 000 (LLM dashboard)",
    tags: ["llm", "inference"],
    panels: [
      {
        kind: "timeseries", title: "Inference requests per second", unit: "reqps",
        description: `Requests/s per model (${RECORDED.inferenceRate1m}: exporter, ensemble and AILinux sources summed).`,
        queries: [{ expr: `sum by (model_id) (${RECORDED.inferenceRate1m})`, legend: "{{model_id}}" }],
      },
      {
        kind: "timeseries", title: "Time to first token (p50 / p95 / p99)", unit: "s", min: 0,
        description: `TTFT quantiles per model over 5 m. Lines: HighFirstTokenLatency (p95 > ${t.ttftP95WarningMs} ms) and CriticalFirstTokenLatency (p95 > ${t.ttftP95CriticalMs} ms); per-model overrides apply to the alerts only. Exemplar points open the request's trace.`,
        queries: [
          ...QUANTILES.map((q) => ({ expr: `${ttftQuantile(q)}`, legend: `${pct(q)} {{model_id}}` })),
          exemplarTarget(m.firstTokenLatencyMs, "", 0.001),
        ],
        thresholds: above(t.ttftP95WarningMs / 1000, t.ttftP95CriticalMs / 1000),
      },
      {
        kind: "timeseries", title: "Per-token latency", unit: "ms", min: 0,
        description: "Mean inter-token latency of requests, quantiles per model. Exemplar points open the request's trace.",
        queries: histogramQuantiles(m.perTokenLatencyMs, ["model_id"]),
      },
      {
        kind: "timeseries", title: "End-to-end duration p95", unit: "s", min: 0,
        description: `p95 request duration per model. Line: HighLatency (p95 > ${t.durationP95WarningMs} ms).`,
        queries: [{ expr: `max by (model_id) (${durationQuantile(0.95)})`, legend: "{{model_id}}" }, exemplarTarget(m.durationMs, "", 0.001)],
        thresholds: above(t.durationP95WarningMs / 1000),
      },
      {
        kind: "timeseries", title: "Tokens per second", unit: "short", min: 0,
        description: `Generated tokens/s per model. Below ${t.lowThroughputTokensPerSecond} tokens/s while requests arrive fires LowThroughput.`,
        queries: [{ expr: `sum by (model_id) (${RECORDED.tokensGenerated5m})`, legend: "{{model_id}}" }],
        thresholds: below(t.lowThroughputTokensPerSecond),
      },
      {
        kind: "timeseries", title: "GPU memory used", unit: "percent", min: 0, max: 100,
        description: `GPU memory used / capacity per GPU, from the exporter's nvidia-smi collector or DCGM. GPUMemoryHigh above ${t.gpuMemoryWarningPct} %, GPUMemoryCritical above ${t.gpuMemoryCriticalPct} %.`,
        queries: [{ expr: `100 * ${RECORDED.gpuMemoryUtilization}`, legend: "{{source}} {{instance}} {{gpu}}" }],
        thresholds: above(t.gpuMemoryWarningPct, t.gpuMemoryCriticalPct),
      },
      {
        kind: "timeseries", title: "Cache hit rate", unit: "percentunit", min: 0, max: 1,
        description: "Hits / (hits + misses) per cache type, from counter rates (seed 002's target: at least 80 %).",
        queries: [{ expr: RECORDED.cacheHitRatio5m, legend: "{{cache_type}}" }],
        thresholds: below(0.8),
      },
      {
        kind: "timeseries", title: "Scheduler", unit: "short", min: 0,
        description: `Backend scheduler: queue length (HighQueueLength above ${t.queueLengthWarning}), batch size, preemptions/s.`,
        queries: [
          { expr: `sum(${m.schedulerQueueLength.name})`, legend: "queue length" },
          { expr: `sum(${m.batchSize.name})`, legend: "batch size" },
          { expr: `sum(rate(${m.schedulerPreemptionsTotal.name}[${RATE}]))`, legend: "preemptions/s" },
        ],
        thresholds: above(t.queueLengthWarning),
      },
      {
        kind: "timeseries", title: "Error ratio per model", unit: "percentunit", min: 0,
        description: `Failed / all requests over 5 m (client-caused failures left out). HighErrorRate above ${t.errorRateWarning * 100} %, CriticalErrorRate above ${t.errorRateCritical * 100} %.`,
        queries: [{ expr: `max by (model_id) (${RECORDED.errorRatio5m})`, legend: "{{model_id}}" }],
        thresholds: above(t.errorRateWarning, t.errorRateCritical),
      },
      {
        kind: "timeseries", title: "Errors by type", unit: "short", stacked: true,
        description: "Errors/s by type and component (llm_errors_total) and failed requests/s by error class.",
        queries: [
          { expr: `sum by (error_type, component) (rate(${m.errorsTotal.name}[${RATE}]))`, legend: "{{component}} {{error_type}}" },
          { expr: `sum by (error) (rate(${m.failuresTotal.name}[${RATE}]))`, legend: "request {{error}}" },
        ],
      },
      {
        kind: "stat", title: "Models loaded and in flight", unit: "short", width: 8,
        description: "Models loaded by the backends, and requests in flight through the exporter.",
        queries: [
          { expr: `sum(${m.modelsLoaded.name})`, legend: "models loaded" },
          { expr: `sum(${m.concurrentRequests.name})`, legend: "in flight" },
        ],
      },
      {
        kind: "bargauge", title: "Model memory", unit: "decmbytes", width: 16,
        description: "Memory held by each loaded model (MiB).",
        queries: [{ expr: `sum by (model_id) (${m.modelMemoryMb.name})`, legend: "{{model_id}}", instant: true }],
      },
    ],
  };
}

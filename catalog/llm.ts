import type { MetricDef } from "./types";

/**
 * Bucket bounds. Each alert threshold and SLO target on a latency histogram must be one of these bounds,
 * otherwise histogram_quantile() interpolates inside a bucket and the alert fires at the wrong value.
 * - TTFT: 100 ms / 200 ms (seed 000 HighFirstTokenLatency / CriticalFirstTokenLatency).
 * - Duration: 2.5 s / 4 s (seed 002 SLOs), 3 s (seed 002 HighLatency), 10 s (seed 003), 30 s (seed 001).
 */
export const FIRST_TOKEN_BUCKETS_MS = [10, 25, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 2000, 5000, 10000] as const;
export const DURATION_BUCKETS_MS = [
  25, 50, 100, 250, 500, 1000, 2000, 2500, 3000, 4000, 5000, 10000, 20000, 30000, 60000, 120000,
] as const;
export const PER_TOKEN_BUCKETS_MS = [1, 2.5, 5, 10, 20, 30, 50, 75, 100, 200, 500, 1000] as const;

const seed000 = "seed 000 (ThemisDB LLM)";

/** Seed 000's canonical LLM vocabulary, emitted by the exporter with exactly these names, types and labels. */
export const LLM_METRICS = {
  requestsTotal: {
    name: "llm_inference_requests_total", type: "counter", unit: "requests", labels: ["model_id"],
    help: "Total inference requests received, by model.", source: "exporter", origin: seed000,
  },
  durationMs: {
    name: "llm_inference_duration_ms", type: "histogram", unit: "ms", labels: ["model_id"], buckets: DURATION_BUCKETS_MS,
    help: "End-to-end inference duration in milliseconds, from request received to last byte sent.",
    source: "exporter", origin: seed000,
  },
  failuresTotal: {
    name: "llm_inference_failures_total", type: "counter", unit: "requests", labels: ["model_id", "error"],
    help: "Failed inference requests, by model and error class (upstream_4xx, upstream_5xx, timeout, connection_refused, connection_reset, malformed_response, client_disconnect, circuit_open, bad_request).",
    source: "exporter", origin: seed000,
  },
  firstTokenLatencyMs: {
    name: "llm_first_token_latency_ms", type: "histogram", unit: "ms", labels: ["model_id"], buckets: FIRST_TOKEN_BUCKETS_MS,
    help: "Time to first token in milliseconds (first content chunk for streams, full response otherwise).",
    source: "exporter", origin: seed000,
  },
  perTokenLatencyMs: {
    name: "llm_per_token_latency_ms", type: "histogram", unit: "ms", labels: ["model_id"], buckets: PER_TOKEN_BUCKETS_MS,
    help: "Mean inter-token latency of a request in milliseconds (generation time after the first token / (tokens - 1)).",
    source: "exporter", origin: seed000,
  },
  tokensGeneratedTotal: {
    name: "llm_tokens_generated_total", type: "counter", unit: "tokens", labels: ["model_id"],
    help: "Completion tokens generated, by model (from usage, or counted from the stream).", source: "exporter", origin: seed000,
  },
  batchSize: {
    name: "llm_batch_size", type: "gauge", unit: "requests", labels: [],
    help: "Current batch size reported by the backend scheduler.", source: "exporter", origin: seed000,
  },
  concurrentRequests: {
    name: "llm_concurrent_requests", type: "gauge", unit: "requests", labels: [],
    help: "Requests in flight through the exporter.", source: "exporter", origin: seed000,
  },
  gpuMemoryUsedMb: {
    name: "llm_gpu_memory_used_mb", type: "gauge", unit: "MB", labels: ["gpu"],
    help: "GPU memory in use in MiB, per GPU index.", source: "exporter", origin: seed000,
  },
  gpuMemoryTotalMb: {
    name: "llm_gpu_memory_total_mb", type: "gauge", unit: "MB", labels: ["gpu"],
    help: "GPU memory capacity in MiB, per GPU index.", source: "exporter", origin: seed000,
  },
  gpuUtilizationPct: {
    name: "llm_gpu_utilization_pct", type: "gauge", unit: "percent", labels: ["gpu"],
    help: "GPU compute utilisation in percent (0-100), per GPU index.", source: "exporter", origin: seed000,
  },
  gpuTemperatureCelsius: {
    name: "llm_gpu_temperature_celsius", type: "gauge", unit: "celsius", labels: ["gpu"],
    help: "GPU temperature in degrees Celsius, per GPU index.", source: "exporter", origin: seed000,
  },
  modelsLoaded: {
    name: "llm_models_loaded", type: "gauge", unit: "models", labels: [],
    help: "Number of models loaded by the backends.", source: "exporter", origin: seed000,
  },
  modelMemoryMb: {
    name: "llm_model_memory_mb", type: "gauge", unit: "MB", labels: ["model_id"],
    help: "Memory held by each loaded model in MiB.", source: "exporter", origin: seed000,
  },
  cacheHitsTotal: {
    name: "llm_cache_hits_total", type: "counter", unit: "lookups", labels: ["cache_type"],
    help: "Cache hits by cache type (prefix, kv, response).", source: "exporter", origin: seed000,
  },
  cacheMissesTotal: {
    name: "llm_cache_misses_total", type: "counter", unit: "lookups", labels: ["cache_type"],
    help: "Cache misses by cache type (prefix, kv, response).", source: "exporter", origin: seed000,
  },
  schedulerQueueLength: {
    name: "llm_scheduler_queue_length", type: "gauge", unit: "requests", labels: [],
    help: "Requests waiting in the backend scheduler queue.", source: "exporter", origin: seed000,
  },
  schedulerPreemptionsTotal: {
    name: "llm_scheduler_preemptions_total", type: "counter", unit: "preemptions", labels: [],
    help: "Requests preempted by the backend scheduler.", source: "exporter", origin: seed000,
  },
  errorsTotal: {
    name: "llm_errors_total", type: "counter", unit: "errors", labels: ["error_type", "component"],
    help: "Errors by type and component (proxy, upstream, adapter, gpu, audit).", source: "exporter", origin: seed000,
  },
} as const satisfies Record<string, MetricDef>;

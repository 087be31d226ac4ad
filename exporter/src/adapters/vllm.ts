import { parsePrometheusText } from "./prom-text";
import { compact, sumFirst, type BackendSnapshot } from "./snapshot";

/**
 * vLLM's native metric names (docs.vllm.ai, "Production Metrics"). Where vLLM renamed a metric the newer
 * name comes first: V1 (>= 0.8) `prefix_cache_*`, V0 `gpu_prefix_cache_*`. KV-cache usage
 * (`kv_cache_usage_perc`, formerly `gpu_cache_usage_perc`) has no catalog metric yet, so it is not read.
 */
export const VLLM_METRICS = {
  running: ["vllm:num_requests_running"],
  waiting: ["vllm:num_requests_waiting"],
  preemptions: ["vllm:num_preemptions_total"],
  prefixQueries: ["vllm:prefix_cache_queries_total", "vllm:gpu_prefix_cache_queries_total"],
  prefixHits: ["vllm:prefix_cache_hits_total", "vllm:gpu_prefix_cache_hits_total"],
} as const;

/**
 * vLLM `/metrics` -> snapshot. The running requests are the decode batch; prefix-cache misses are
 * queried tokens that did not hit; each distinct `model_name` label is a loaded model.
 */
export function parseVllmMetrics(text: string): BackendSnapshot {
  const samples = parsePrometheusText(text).filter((s) => s.name.startsWith("vllm:"));
  const running = sumFirst(samples, VLLM_METRICS.running);
  const queries = sumFirst(samples, VLLM_METRICS.prefixQueries);
  const hits = sumFirst(samples, VLLM_METRICS.prefixHits);
  const models = new Set(samples.map((s) => s.labels.model_name).filter((m) => m !== undefined));
  return compact({
    queueLength: sumFirst(samples, VLLM_METRICS.waiting),
    runningRequests: running,
    batchSize: running,
    preemptionsTotal: sumFirst(samples, VLLM_METRICS.preemptions),
    cacheHits: hits === undefined ? undefined : { prefix: hits },
    cacheMisses: hits === undefined || queries === undefined ? undefined : { prefix: Math.max(0, queries - hits) },
    modelsLoaded: samples.length > 0 ? Math.max(1, models.size) : undefined,
  });
}

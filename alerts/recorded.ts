/**
 * Names of the series the recording rules produce, for rules and dashboards to import instead of retyping.
 * They follow `level:metric:operations`; seed 000 and seed 003 names are kept as the seeds wrote them.
 */
export const RECORDED = {
  /** Requests/s per model over 1 m (seed 000). Labels: model_id, source, plus mode (ensemble) or provider (AILinux). */
  inferenceRate1m: "llm:inference_rate:1m",
  requestsRate5m: "llm:requests:rate5m",
  /**
   * Highest `llm:inference_rate:1m` of each model over `alerts.thresholds.noRequestsLookback`, ending
   * `noRequestsFor` ago: whether it had traffic before it went quiet (NoInferenceRequests).
   */
  inferenceRateMaxBefore: "llm:inference_rate:max_over_time_lookback",
  failuresRate5m: "llm:failures:rate5m",
  /** Failed / all requests per model, 0-1. */
  errorRatio5m: "llm:error_ratio:rate5m",
  /** Successful requests in percent (seed 000). */
  successRate5m: "llm:success_rate:5m",
  /** Generated tokens/s per model. */
  tokensGenerated5m: "llm:tokens_generated:rate5m",
  /** Cache hits / lookups per cache_type, 0-1. */
  cacheHitRatio5m: "llm:cache_hit_ratio:rate5m",
  /** Per GPU, 0-1 (seed 003); labels as the GPU exporter sets them, plus source = exporter | dcgm | nvidia-smi. */
  gpuMemoryUtilization: "gpu:memory_utilization:ratio",
  gpuMemoryUsedBytes: "gpu:memory_used:bytes",
  gpuMemoryTotalBytes: "gpu:memory_total:bytes",
  /** Per GPU, 0-1 (seed 003). */
  gpuUtilization5m: "gpu:utilization:avg5m",
  gpuTemperatureMax1m: "gpu:temperature_celsius:max1m",
  /** Per GPU power draw in watts (DCGM_FI_DEV_POWER_USAGE; the exporter's nvidia-smi reading has no power). */
  gpuPowerWatts: "gpu:power_usage:watts",
  /** Seed 003 infrastructure rules. */
  nodeCpuUtilization: "node:cpu_utilization:rate5m",
  nodeMemoryUtilization: "node:memory_utilization:ratio",
  nodeDiskUtilization: "node:disk_utilization:ratio",
  networkThroughput: "network:throughput:rate5m",
  postgresConnectionUtilization: "postgresql:connections:utilization",
  postgresQueryP95: "postgresql:query_duration:p95",
} as const;

export const QUANTILES = [0.5, 0.95, 0.99] as const;
export type Quantile = (typeof QUANTILES)[number];
const pct = (q: Quantile): string => `p${Math.round(q * 100)}`;

/** Time to first token quantile per model over 5 m, in seconds (exporter only). */
export const ttftQuantile = (q: Quantile): string => `llm:ttft_seconds:${pct(q)}_5m`;

/** End-to-end latency quantile per model (and mode) over 5 m, in seconds, for every request source. */
export const durationQuantile = (q: Quantile): string => `llm:inference_duration_seconds:${pct(q)}_5m`;

/** An SLO's bad-event ratio over a window (label `slo`). */
export const sloErrorRatio = (window: string): string => `slo:sli_error:ratio_rate${window}`;

/**
 * Per-model rate of every bucket of a latency histogram over 5 m (`llm:<histogram>_bucket:rate5m`, `le` in the
 * histogram's own unit): recorded once, read by the p50/p95/p99 rules, which would otherwise each rate every
 * bucket of every instance again.
 */
export const bucketRate5m = (histogram: string): string => `llm:${histogram}_bucket:rate5m`;

/** An SLO's bad and total event rates over 5 m (label `slo`): longer windows average them instead of re-reading raw counters. */
export const sloBadRate5m = "slo:sli_bad:rate5m";
export const sloTotalRate5m = "slo:sli_total:rate5m";

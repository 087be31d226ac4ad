import { z } from "zod";
import { duration, url } from "./common";

/**
 * Thresholds that may differ per model (TTFT, error rate, throughput, latency). Units in the key names.
 * TTFT and latency thresholds must be bucket bounds of their histogram (checked in validate.ts).
 */
export const modelThresholds = z.strictObject({
  ttftP95WarningMs: z.number().positive(),
  ttftP95CriticalMs: z.number().positive(),
  errorRateWarning: z.number().gt(0).lt(1),
  errorRateCritical: z.number().gt(0).lt(1),
  lowThroughputTokensPerSecond: z.number().min(0),
  durationP95WarningMs: z.number().positive(),
});

/** Every tunable alert threshold and `for:` duration. Defaults are the seeds' values. */
export const thresholds = modelThresholds.extend({
  ttftWarningFor: duration, ttftCriticalFor: duration,
  errorRateWarningFor: duration, errorRateCriticalFor: duration,
  gpuMemoryWarningPct: z.number().min(1).max(100), gpuMemoryCriticalPct: z.number().min(1).max(100),
  gpuMemoryWarningFor: duration, gpuMemoryCriticalFor: duration,
  gpuTemperatureWarningCelsius: z.number().min(30).max(120), gpuTemperatureCriticalCelsius: z.number().min(30).max(120),
  gpuTemperatureWarningFor: duration, gpuTemperatureCriticalFor: duration,
  lowThroughputFor: duration,
  queueLengthWarning: z.number().int().min(1), queueLengthFor: duration,
  noRequestsFor: duration,
  durationP95WarningFor: duration,
  gpuUtilizationWarningPct: z.number().min(1).max(100), gpuUtilizationFor: duration,
  nodeMemoryCriticalRatio: z.number().gt(0).lt(1),
  circuitBreakerOpenFor: duration,
});
export type Thresholds = z.infer<typeof thresholds>;
export type ModelThresholds = z.infer<typeof modelThresholds>;

export const alertsConfig = z.strictObject({
  /** Base of every alert's runbook_url: `<runbookBaseUrl>/<AlertName>`. */
  runbookBaseUrl: url,
  thresholds,
  /** Per-model overrides keyed by model_id, e.g. `{ "llama-70b": { ttftP95WarningMs: 500 } }`. */
  modelOverrides: z.record(z.string().regex(/^[A-Za-z0-9._:/-]{1,128}$/, "expected a model id"), modelThresholds.partial()).default({}),
  /** Alert names not to render (e.g. SIEM alerts for a stack without the ThemisDB application). */
  disabled: z.array(z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/)).default([]),
  /**
   * Backends that preallocate GPU memory (vLLM's gpu_memory_utilization): GPU memory alerts then compare
   * against the configured preallocation instead of paging on a permanently "full" GPU.
   */
  gpuMemoryPreallocated: z.boolean().default(false),
});
export type AlertsConfig = z.infer<typeof alertsConfig>;

import { z } from "zod";
import { forDuration, pattern, url } from "./common";

const ratio = z.number().gt(0).lt(1);
const pct = z.number().min(1).max(100);
const celsius = z.number().min(30).max(120);

/**
 * Thresholds that may differ per model. TTFT and latency thresholds must be bucket bounds of their histogram
 * (checked in validate.ts), because histogram_quantile() interpolates inside a bucket.
 */
export const modelThresholds = z.strictObject({
  ttftP95WarningMs: z.number().positive().describe("HighFirstTokenLatency: p95 time to first token above this many ms (a llm_first_token_latency_ms bucket bound)."),
  ttftP95CriticalMs: z.number().positive().describe("CriticalFirstTokenLatency: p95 time to first token above this many ms (a bucket bound)."),
  errorRateWarning: ratio.describe("HighErrorRate: failed / all requests above this ratio (0-1)."),
  errorRateCritical: ratio.describe("CriticalErrorRate: failed / all requests above this ratio (0-1)."),
  lowThroughputTokensPerSecond: z.number().min(0).describe("LowThroughput: generated tokens/s below this while requests arrive."),
  durationP95WarningMs: z.number().positive().describe("HighLatency: p95 end-to-end duration above this many ms (a llm_inference_duration_ms bucket bound)."),
});

/** Every tunable alert threshold and `for:` duration. Defaults are the seeds' values. */
export const thresholds = modelThresholds.extend({
  ttftWarningFor: forDuration.describe("`for:` of HighFirstTokenLatency."),
  ttftCriticalFor: forDuration.describe("`for:` of CriticalFirstTokenLatency."),
  errorRateWarningFor: forDuration.describe("`for:` of HighErrorRate."),
  errorRateCriticalFor: forDuration.describe("`for:` of CriticalErrorRate."),
  gpuMemoryWarningPct: pct.describe("GPUMemoryHigh: GPU memory used above this percent."),
  gpuMemoryCriticalPct: pct.describe("GPUMemoryCritical: GPU memory used above this percent."),
  gpuMemoryWarningFor: forDuration.describe("`for:` of GPUMemoryHigh."),
  gpuMemoryCriticalFor: forDuration.describe("`for:` of GPUMemoryCritical."),
  gpuTemperatureWarningCelsius: celsius.describe("GPUTemperatureHigh: GPU temperature above this many degrees Celsius."),
  gpuTemperatureCriticalCelsius: celsius.describe("GPUTemperatureCritical: GPU temperature above this many degrees Celsius."),
  gpuTemperatureWarningFor: forDuration.describe("`for:` of GPUTemperatureHigh."),
  gpuTemperatureCriticalFor: forDuration.describe("`for:` of GPUTemperatureCritical."),
  lowThroughputFor: forDuration.describe("`for:` of LowThroughput."),
  queueLengthWarning: z.number().int().min(1).describe("HighQueueLength: scheduler queue longer than this many requests."),
  queueLengthFor: forDuration.describe("`for:` of HighQueueLength."),
  noRequestsFor: forDuration.describe("NoInferenceRequests: no request at all for this long."),
  durationP95WarningFor: forDuration.describe("`for:` of HighLatency."),
  gpuUtilizationWarningPct: pct.describe("HighGPUUtilization: GPU utilisation above this percent."),
  gpuUtilizationFor: forDuration.describe("`for:` of HighGPUUtilization."),
  nodeMemoryCriticalRatio: ratio.describe("HighMemoryUsage: node memory used above this ratio (0-1)."),
  circuitBreakerOpenFor: forDuration.describe("CircuitBreakerOpen: a breaker open for this long."),
});
export type Thresholds = z.infer<typeof thresholds>;
export type ModelThresholds = z.infer<typeof modelThresholds>;

export const alertsConfig = z.strictObject({
  runbookBaseUrl: url.describe("Base of every alert's runbook_url; the alert name is appended to it."),
  thresholds: thresholds.describe("Alert thresholds and `for:` durations for every model."),
  modelOverrides: z
    .record(pattern(/^[A-Za-z0-9._:/-]{1,128}$/, "a model id: letters, digits and . _ : / -, at most 128 characters"), modelThresholds.partial())
    .default({})
    .describe("Per-model threshold overrides keyed by model_id, e.g. `{ \"llama-3-70b\": { ttftP95WarningMs: 500 } }`."),
  disabled: z
    .array(pattern(/^[A-Za-z][A-Za-z0-9]*$/, "an alert name like LowThroughput"))
    .default([])
    .describe("Alert names not to render (e.g. the SIEM alerts on a stack without the ThemisDB application)."),
  gpuMemoryPreallocated: z
    .boolean()
    .default(false)
    .describe("The backend preallocates GPU memory (vLLM's gpu_memory_utilization): GPU memory alerts then stay silent on a permanently full GPU."),
});
export type AlertsConfig = z.infer<typeof alertsConfig>;

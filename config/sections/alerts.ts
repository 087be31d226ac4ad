import { z } from "zod";
import { AILINUX_METRICS, GUARDIAN_METRICS, LLM_METRICS, POSTGRES_METRICS } from "../../catalog";
import { duration, forDuration, pattern, url } from "./common";

const ratio = z.number().gt(0).lt(1);
const pct = z.number().min(1).max(100);
const celsius = z.number().min(30).max(120);
const perSecond = z.number().positive().max(1000);
const count = (min: number, max: number) => z.number().int().min(min).max(max);
const DAY = 86_400;

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
  exporterDownFor: forDuration.describe("`for:` of LLMExporterDown (no exporter target scraped successfully)."),
  exporterInstanceDownFor: forDuration.describe("`for:` of LLMExporterInstanceDown (one exporter target failing its scrapes)."),
  exporterEventLoopLagSeconds: z.number().min(0.02).max(60).describe("LLMExporterEventLoopLag: the exporter's p99 event-loop delay between scrapes above this many seconds (an idle exporter reads about 0.01: prom-client samples every 10 ms)."),
  exporterEventLoopLagFor: forDuration.describe("`for:` of LLMExporterEventLoopLag."),
  upstreamUnreachableFor: forDuration.describe("`for:` of LLMUpstreamUnreachable (the exporter's probe of an upstream failing)."),
  minRequestsPerSecond: z.number().min(0).max(1000).describe("Error-ratio alerts, LowThroughput and SLO pages judge a model only at or above this many requests/s (5 m window); 0.05 is 15 requests in 5 minutes."),
  noRequestsLookback: duration.describe("NoInferenceRequests: how far back a model must have had traffic for its silence to alert."),
  httpErrorRateFor: forDuration.describe("`for:` of HighHTTPErrorRate (its ratio is errorRateWarning)."),
  llmCallP95WarningSeconds: z.number().positive().describe(`HighLLMLatency: p95 of the backend's LLM API calls above this many seconds (a ${AILINUX_METRICS.llmLatencySeconds.name} bucket bound).`),
  llmCallP95WarningFor: forDuration.describe("`for:` of HighLLMLatency."),
  lowMemoryEntries: count(1, 1_000_000_000).describe("LowMemoryEntries: TriForce memory holds fewer than this many entries."),
  lowMemoryEntriesFor: forDuration.describe("`for:` of LowMemoryEntries."),
  ensembleErrorsPerSecond: perSecond.describe("HighEnsembleErrorRate: an ensemble model raises more than this many errors/s."),
  ensembleErrorRateFor: forDuration.describe("`for:` of HighEnsembleErrorRate."),
  modelNotLoadedFor: forDuration.describe("ModelNotLoaded: an ensemble model reports not loaded for this long."),
  specialistErrorsPerSecond: perSecond.describe("HighSpecialistErrorRate: a specialist raises more than this many errors/s."),
  specialistErrorRateFor: forDuration.describe("`for:` of HighSpecialistErrorRate."),
  lowQualityScore: ratio.describe("LowQualityScore: a specialist's mean quality score (0-1, 10 m window) below this."),
  lowQualityScoreFor: forDuration.describe("`for:` of LowQualityScore."),
  specialistP95WarningSeconds: z.number().positive().describe(`HighResponseTime: a specialist's p95 above this many seconds (a ${GUARDIAN_METRICS.specialistRequestDuration.name} bucket bound).`),
  specialistP95WarningFor: forDuration.describe("`for:` of HighResponseTime."),
  nodeMemoryFor: forDuration.describe("`for:` of HighMemoryUsage (its ratio is nodeMemoryCriticalRatio)."),
  guardianFailures5m: count(0, 1_000_000).describe("GuardianEvaluationFailure: a guardian fails more than this many evaluations in 5 minutes."),
  guardianFailuresFor: forDuration.describe("`for:` of GuardianEvaluationFailure."),
  improvementBacklog: count(1, 1_000_000).describe("ImprovementBacklog: more than this many improvement suggestions pending."),
  improvementBacklogFor: forDuration.describe("`for:` of ImprovementBacklog."),
  databaseConnectionRatio: ratio.describe("DatabaseConnectionLimit: PostgreSQL connections used / max_connections above this ratio (0-1)."),
  databaseConnectionFor: forDuration.describe("`for:` of DatabaseConnectionLimit."),
  slowQuerySeconds: z.number().positive().describe(`SlowQueries: statement p95 above this many seconds (a ${POSTGRES_METRICS.statementsMeanTime.name} bucket bound).`),
  slowQueryFor: forDuration.describe("`for:` of SlowQueries."),
  bruteForceAuthFailures5m: count(1, 1_000_000).describe("BruteForceAttackDetected: more than this many failed authentications in 5 minutes."),
  auditLogGapSeconds: count(60, DAY).describe("SOC2AuditLogGapDetected: seconds without an audit record (or with a failed write) while requests are served."),
  retentionGraceSeconds: count(0, 30 * DAY).describe("GDPRDataRetentionViolation: seconds the audit log may exceed its retention period before alerting."),
  encryptionKeyMaxAgeSeconds: count(DAY, 730 * DAY).describe("EncryptionKeyRotationOverdue: a key older than this many seconds (7776000 = 90 days)."),
  backupMaxAgeSeconds: count(3600, 31 * DAY).describe("BackupFailure: no successful backup for this many seconds (93600 = 26 h, a daily job plus slack)."),
  sloAvailabilityTarget: z.number().min(0.9).max(0.9999).describe("Availability SLO: share of inference requests that must succeed over 30 days (0.995 = 99.5 %); its error budget drives the burn-rate alerts."),
  anomalyZScore: z.number().min(1).max(10).describe("RequestRateAnomaly, FirstTokenLatencyAnomaly: value more than this many standard deviations from its daily mean."),
  anomalyMinRelativeChange: z.number().positive().max(10).describe("Anomaly alerts also need the value to differ from its daily mean by this fraction (0.2 = 20 %), so a flat baseline's wobble does not fire."),
  anomalyFor: forDuration.describe("`for:` of RequestRateAnomaly and FirstTokenLatencyAnomaly."),
});
export type Thresholds = z.infer<typeof thresholds>;
export type ModelThresholds = z.infer<typeof modelThresholds>;

export const alertsConfig = z.strictObject({
  runbookBaseUrl: url.describe("Base of every alert's runbook_url: an alert links to `<runbookBaseUrl>#<alert name in lower case>`, a heading anchor of the runbook page."),
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
    .describe(`The backend preallocates GPU memory (vLLM's gpu_memory_utilization), so usage sits at the reservation: GPUMemoryHigh then fires while the scheduler preempts requests (${LLM_METRICS.schedulerPreemptionsTotal.name} rising: the KV cache is full) instead of on memory use; GPUMemoryCritical still fires on memory use above gpuMemoryCriticalPct, which should sit above the reservation (use beyond it means something outside the backend allocates).`),
});
export type AlertsConfig = z.infer<typeof alertsConfig>;

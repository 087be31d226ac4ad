/**
 * Seed values that have no key in `config.alerts.thresholds` yet. They live here, in one place, until the
 * config schema grows the keys listed next to each (see the alerts report); nothing else hard-codes them.
 */
export const SEED_DEFAULTS = {
  /**
   * Below this request rate (per second, 5 m window) error ratios (HighErrorRate, CriticalErrorRate,
   * HighHTTPErrorRate, SLO pages) and LowThroughput are not judged: one failure out of two requests is 50 % but
   * no incident. 0.05 req/s = 15 requests in 5 minutes. Wanted key: `minRequestsPerSecond`.
   */
  minRequestsPerSecond: 0.05,
  /** How far back NoInferenceRequests looks for earlier traffic. Wanted key: `noRequestsLookback`. */
  noRequestsLookback: "1d",
  /** Seed 001 HighErrorRate `for:` (HTTP 5xx ratio; the ratio itself is `errorRateWarning`). Wanted key: `httpErrorRateFor`. */
  httpErrorRateFor: "2m",
  /** Seed 001 HighLLMLatency: P95 of upstream LLM API calls, seconds. Wanted keys: `llmCallP95WarningSeconds`, `llmCallP95WarningFor`. */
  llmCallP95WarningSeconds: 30,
  llmCallP95WarningFor: "5m",
  /** Seed 001 LowMemoryEntries. Wanted keys: `lowMemoryEntries`, `lowMemoryEntriesFor`. */
  lowMemoryEntries: 10,
  lowMemoryEntriesFor: "10m",
  /** Seed 002 HighErrorRate: errors per second per model. Wanted keys: `ensembleErrorsPerSecond`, `ensembleErrorRateFor`. */
  ensembleErrorsPerSecond: 0.1,
  ensembleErrorRateFor: "5m",
  /** Seed 002 ModelNotLoaded `for:`. Wanted key: `modelNotLoadedFor`. */
  modelNotLoadedFor: "1m",
  /** Seed 003 HighErrorRate: specialist errors per second. Wanted keys: `specialistErrorsPerSecond`, `specialistErrorRateFor`. */
  specialistErrorsPerSecond: 0.1,
  specialistErrorRateFor: "2m",
  /** Seed 003 LowQualityScore: mean quality score (0-1) over 10 m. Wanted keys: `lowQualityScore`, `lowQualityScoreFor`. */
  lowQualityScore: 0.7,
  lowQualityScoreFor: "5m",
  /** Seed 003 HighResponseTime: specialist P95, seconds. Wanted keys: `specialistP95WarningSeconds`, `specialistP95WarningFor`. */
  specialistP95WarningSeconds: 10,
  specialistP95WarningFor: "3m",
  /** Seed 003 HighMemoryUsage `for:` (the ratio is `nodeMemoryCriticalRatio`). Wanted key: `nodeMemoryFor`. */
  nodeMemoryFor: "5m",
  /** Seed 003 GuardianEvaluationFailure: failures in 5 m. Wanted keys: `guardianFailures5m`, `guardianFailuresFor`. */
  guardianFailures5m: 5,
  guardianFailuresFor: "1m",
  /** Seed 003 ImprovementBacklog: pending suggestions. Wanted keys: `improvementBacklog`, `improvementBacklogFor`. */
  improvementBacklog: 50,
  improvementBacklogFor: "30m",
  /** Seed 003 DatabaseConnectionLimit: used / max connections. Wanted keys: `databaseConnectionRatio`, `databaseConnectionFor`. */
  databaseConnectionRatio: 0.8,
  databaseConnectionFor: "5m",
  /** Seed 003 SlowQueries: statement P95, seconds. Wanted keys: `slowQuerySeconds`, `slowQueryFor`. */
  slowQuerySeconds: 5,
  slowQueryFor: "3m",
  /** SIEM BruteForceAttackDetected: authentication failures in 5 m. Wanted key: `bruteForceAuthFailures5m`. */
  bruteForceAuthFailures5m: 20,
  /** SIEM SOC2AuditLogGapDetected: seconds without an audit record while requests flow. Wanted key: `auditLogGapSeconds`. */
  auditLogGapSeconds: 900,
  /** SIEM GDPRDataRetentionViolation: grace after the retention period before alerting, seconds. Wanted key: `retentionGraceSeconds`. */
  retentionGraceSeconds: 86_400,
  /** SIEM EncryptionKeyRotationOverdue: maximum key age, seconds (90 days). Wanted key: `encryptionKeyMaxAgeSeconds`. */
  encryptionKeyMaxAgeSeconds: 7_776_000,
  /** SIEM BackupFailure: maximum age of the last successful backup, seconds (26 h: a daily job plus slack). Wanted key: `backupMaxAgeSeconds`. */
  backupMaxAgeSeconds: 93_600,
  /** Availability SLO on seed 000's error ratio (no seed states one). Wanted key: `sloAvailabilityTarget`. */
  availabilityObjective: 0.995,
  /** Anomaly alerts: |z-score| against both the 1 h and the 1 d baseline. Wanted key: `anomalyZScore`. */
  anomalyZScore: 3,
  /**
   * Anomaly alerts also need the value to differ from the daily mean by this fraction: a flat baseline has a
   * tiny standard deviation, and any wobble would otherwise be "many sigmas" away. Wanted key: `anomalyMinRelativeChange`.
   */
  anomalyMinRelativeChange: 0.2,
  anomalyFor: "10m",
} as const;

/**
 * `status` values the seed applications (001 `ailinux_llm_calls_total`, 002 `llm_requests_total`) use for a
 * failed call. Neither seed lists them; this covers the spellings their Python code uses plus HTTP 5xx.
 */
export const FAILED_STATUS_REGEX = "error|failed|failure|timeout|5..";

/** `type` of seed 001's `ailinux_llm_tokens_total` that counts generated (completion) tokens. */
export const AILINUX_COMPLETION_TOKEN_TYPE = "completion";

/**
 * Labels Alertmanager's inhibit rule should compare (`equal:`) so that a critical alert silences the warning
 * of the same signal on the same thing (model, GPU, SLO), and nothing else.
 */
export const INHIBIT_EQUAL_LABELS = ["signal", "cluster", "service", "source", "model_id", "gpu", "instance", "slo"] as const;

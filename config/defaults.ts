import type { Environment, StackConfig } from "./schema";
import { isPlainObject } from "./values";

/** A partial config, as written in a stack file; arrays replace, objects merge. */
export type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

const small = { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } };

/** The seeds' values: these are what every environment starts from. */
const base: Omit<StackConfig, "environment" | "platform" | "namespace" | "cluster"> = {
  prometheus: {
    replicas: 1,
    scrapeInterval: "15s", evaluationInterval: "15s", scrapeTimeout: "10s", windowedRulesInterval: "1m",
    retentionTime: "15d", retentionSizeGb: 50,
    storage: { enabled: true, sizeGb: 64 },
    resources: { requests: { cpu: "500m", memory: "2Gi" }, limits: { cpu: "2", memory: "4Gi" } },
    scrapeLimits: { sampleLimit: 50_000, labelLimit: 30, labelNameLengthLimit: 128, labelValueLengthLimit: 512, bodySizeLimitMb: 50 },
    externalLabels: {},
    targetAuth: { scheme: "http" },
    remoteWrite: [],
    llmBackends: [],
  },
  alertmanager: {
    replicas: 1,
    resources: small,
    storage: { enabled: true, sizeGb: 2 },
    groupWait: "10s", groupInterval: "10s", repeatInterval: "1h",
    receivers: {},
  },
  alerts: {
    runbookBaseUrl: "https://github.com/llm-observability/llm-observability/blob/main/docs/runbooks.md",
    thresholds: {
      ttftP95WarningMs: 100, ttftWarningFor: "5m", ttftP95CriticalMs: 200, ttftCriticalFor: "2m",
      errorRateWarning: 0.05, errorRateWarningFor: "5m", errorRateCritical: 0.1, errorRateCriticalFor: "2m",
      gpuMemoryWarningPct: 85, gpuMemoryWarningFor: "5m", gpuMemoryCriticalPct: 95, gpuMemoryCriticalFor: "2m",
      gpuTemperatureWarningCelsius: 80, gpuTemperatureWarningFor: "5m",
      gpuTemperatureCriticalCelsius: 90, gpuTemperatureCriticalFor: "1m",
      lowThroughputTokensPerSecond: 100, lowThroughputFor: "10m",
      queueLengthWarning: 50, queueLengthFor: "5m",
      noRequestsFor: "10m",
      durationP95WarningMs: 3000, durationP95WarningFor: "5m",
      gpuUtilizationWarningPct: 90, gpuUtilizationFor: "10m",
      nodeMemoryCriticalRatio: 0.9,
      circuitBreakerOpenFor: "1m",
      // The exporter's own health (no seed states these): it is in the request path, so being down pages fast.
      exporterDownFor: "2m", exporterInstanceDownFor: "5m", exporterEventLoopLagSeconds: 0.1, exporterEventLoopLagFor: "10m",
      upstreamUnreachableFor: "2m",
      minRequestsPerSecond: 0.05, noRequestsLookback: "1d",
      // Seed 001 (AILinux TriStar).
      httpErrorRateFor: "2m", llmCallP95WarningSeconds: 30, llmCallP95WarningFor: "5m", lowMemoryEntries: 10, lowMemoryEntriesFor: "10m",
      // Seed 002 (LLM ensemble).
      ensembleErrorsPerSecond: 0.1, ensembleErrorRateFor: "5m", modelNotLoadedFor: "1m",
      // Seed 003 (LLM Guardian Cluster).
      specialistErrorsPerSecond: 0.1, specialistErrorRateFor: "2m", lowQualityScore: 0.7, lowQualityScoreFor: "5m",
      specialistP95WarningSeconds: 10, specialistP95WarningFor: "3m", nodeMemoryFor: "5m",
      guardianFailures5m: 5, guardianFailuresFor: "1m", improvementBacklog: 50, improvementBacklogFor: "30m",
      databaseConnectionRatio: 0.8, databaseConnectionFor: "5m", slowQuerySeconds: 5, slowQueryFor: "3m",
      // SIEM: 90-day key rotation, a daily backup plus 2 h slack.
      bruteForceAuthFailures5m: 20, auditLogGapSeconds: 900, retentionGraceSeconds: 86_400,
      encryptionKeyMaxAgeSeconds: 7_776_000, backupMaxAgeSeconds: 93_600,
      // No seed states an availability objective or an anomaly detector's sensitivity.
      sloAvailabilityTarget: 0.995, anomalyZScore: 3, anomalyMinRelativeChange: 0.2, anomalyFor: "10m",
    },
    modelOverrides: {},
    disabled: [],
    gpuMemoryPreallocated: false,
  },
  exporter: {
    enabled: true,
    replicas: 1,
    port: 9464,
    resources: small,
    upstreams: [{ name: "llm", url: "http://llm-backend:8000", backend: "openai", models: [], default: true }],
    maxModelIds: 100,
    proxyAuth: false,
    metricsAuth: false,
    timeouts: { connectMs: 2000, firstByteMs: 60_000, idleMs: 30_000 },
    circuitBreaker: { failureThreshold: 5, openSeconds: 30 },
    audit: { enabled: true, retentionDays: 30, maxSizeMb: 100 },
    simulator: { enabled: false, models: ["llama-3-8b", "mistral-7b"], ttftMs: 80, tpotMs: 15 },
    maxBodyMb: 10,
    traceSampleRatio: 1,
    // Kubernetes runs the published image: `pulumi up` there needs no Docker engine.
    image: { build: false, push: false },
  },
  grafana: {
    enabled: true,
    mode: "deploy",
    adminUser: "admin",
    anonymousAccess: false,
    resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } },
    storage: { enabled: true, sizeGb: 5 },
    folder: "LLM Observability",
    datasourceUrls: {},
    alerting: false,
  },
  gpu: {
    enabled: true,
    nodeSelector: { "nvidia.com/gpu.present": "true" },
    tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
    resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "500m", memory: "1Gi" } },
  },
  nodeExporter: {
    enabled: true,
    resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "250m", memory: "128Mi" } },
  },
  logging: {
    enabled: true,
    elasticsearch: {
      replicas: 1,
      resources: { requests: { cpu: "500m", memory: "2Gi" }, limits: { cpu: "2", memory: "4Gi" } },
      storage: { enabled: true, sizeGb: 50 },
      retentionDays: 7,
      setMaxMapCount: true,
    },
    // Seed 003's buffer: flush every 5 s, 2 MiB chunks, 500 MiB on disk, exponential retry.
    fluentd: {
      containerLogFormat: "cri",
      flushInterval: "5s", retryMaxInterval: "30s", chunkLimitMb: 2, totalLimitMb: 500, overflowAction: "drop_oldest_chunk",
      resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
    },
    kibana: false,
  },
  tracing: {
    enabled: true,
    backend: "memory",
    replicas: 1,
    retentionDays: 3,
    maxTraces: 100_000,
    samplingRatio: 1,
    resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } },
    storage: { enabled: false, sizeGb: 10 },
  },
};

/** What differs per environment, on top of `base`. Prod: HA, longer retention, bigger volumes, paging. */
const perEnvironment: Record<Environment, DeepPartial<StackConfig>> = {
  local: {
    platform: "docker", namespace: "llmobs", cluster: "local",
    // The demo's latency panels follow its injected faults within seconds: every group at the evaluation interval.
    prometheus: { scrapeInterval: "5s", evaluationInterval: "5s", scrapeTimeout: "4s", windowedRulesInterval: "5s", retentionTime: "2d", retentionSizeGb: 5, storage: { enabled: true, sizeGb: 8 } },
    alertmanager: { storage: { enabled: false, sizeGb: 1 } },
    exporter: {
      upstreams: [{ name: "simulator", url: "http://simulator:8000", backend: "vllm", models: [], default: true }],
      simulator: { enabled: true },
      // One machine with a Docker engine: build the image from this checkout.
      image: { build: true },
    },
    // One laptop: no GPU node pool, no log shipping; traces stay in memory.
    gpu: { enabled: false },
    logging: { enabled: false },
  },
  dev: {
    platform: "kubernetes", namespace: "llmobs", cluster: "dev",
    prometheus: { retentionTime: "7d", retentionSizeGb: 20, storage: { enabled: true, sizeGb: 32 } },
    alertmanager: { storage: { enabled: false, sizeGb: 1 } },
  },
  staging: {
    platform: "kubernetes", namespace: "llmobs", cluster: "staging",
    prometheus: { retentionTime: "15d", retentionSizeGb: 50, storage: { enabled: true, sizeGb: 64 } },
    exporter: { replicas: 2 },
    logging: { elasticsearch: { retentionDays: 14 } },
    tracing: { backend: "badger", retentionDays: 7, samplingRatio: 0.5, storage: { enabled: true, sizeGb: 20 } },
  },
  prod: {
    platform: "kubernetes", namespace: "llmobs", cluster: "prod",
    prometheus: {
      replicas: 2, retentionTime: "30d", retentionSizeGb: 180, storage: { enabled: true, sizeGb: 200 },
      resources: { requests: { cpu: "2", memory: "8Gi" }, limits: { cpu: "4", memory: "16Gi" } },
    },
    alertmanager: { replicas: 3 },
    exporter: {
      replicas: 3,
      resources: { requests: { cpu: "500m", memory: "256Mi" }, limits: { cpu: "2", memory: "1Gi" } },
      traceSampleRatio: 0.1,
    },
    grafana: { storage: { enabled: true, sizeGb: 10 } },
    logging: {
      elasticsearch: {
        replicas: 3, retentionDays: 30, storage: { enabled: true, sizeGb: 200 },
        resources: { requests: { cpu: "1", memory: "4Gi" }, limits: { cpu: "4", memory: "8Gi" } },
      },
    },
    tracing: { backend: "elasticsearch", replicas: 2, retentionDays: 14, samplingRatio: 0.1 },
  },
};

/** Deep merge where `override` wins; arrays and scalars replace, objects merge key by key. */
export function deepMerge(base: unknown, override: unknown): unknown {
  if (override === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(override)) out[k] = deepMerge(base[k], v);
  return out;
}

/** The full default config of an environment, before the stack file's values are applied. */
export function environmentDefaults(environment: Environment): StackConfig {
  // deepMerge shares untouched branches with `base`; a caller mutating its copy must not change the next one.
  return structuredClone(deepMerge({ environment, ...base }, perEnvironment[environment])) as StackConfig;
}

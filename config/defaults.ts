import type { Environment, StackConfig } from "./schema";

/** A partial config, as written in a stack file; arrays replace, objects merge. */
export type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

const small = { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } };

/** The seeds' values: these are what every environment starts from. */
const base: Omit<StackConfig, "environment" | "platform" | "namespace" | "cluster"> = {
  prometheus: {
    replicas: 1,
    scrapeInterval: "15s", evaluationInterval: "15s", scrapeTimeout: "10s",
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
    maxBodyMb: 10,
    traceSampleRatio: 1,
    image: { push: false },
  },
};

/** What differs per environment, on top of `base`. Prod: HA, longer retention, bigger volumes, paging. */
const perEnvironment: Record<Environment, DeepPartial<StackConfig>> = {
  local: {
    platform: "docker", namespace: "llmobs", cluster: "local",
    prometheus: { scrapeInterval: "5s", evaluationInterval: "5s", scrapeTimeout: "4s", retentionTime: "2d", retentionSizeGb: 5, storage: { enabled: true, sizeGb: 8 } },
    alertmanager: { storage: { enabled: false, sizeGb: 1 } },
    exporter: { upstreams: [{ name: "simulator", url: "http://simulator:8000", backend: "vllm", models: [], default: true }] },
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
  },
};

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

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
  return deepMerge({ environment, ...base }, perEnvironment[environment]) as StackConfig;
}

import { durationSeconds, type StackConfig } from "../../config";

/** Where the image keeps audit logs; a writable volume is mounted here because the root filesystem is read-only. */
export const AUDIT_LOG_DIR = "/var/log/llmobs/audit";

/** The user Prometheus scrapes a basic-auth protected /metrics as (see config `exporter.metricsAuth`). */
export const METRICS_USERNAME = "prometheus";

/** `service.name` of the exporter's traces and the Jaeger service to look them up under. */
export const OTEL_SERVICE_NAME = "llm-exporter";

/** Options of the environment that do not come from the stack config. */
export interface ExporterEnvironmentOptions {
  /** OTLP/HTTP endpoint traces are sent to, e.g. `http://jaeger:4318`. Defaults to no trace export. */
  otlpEndpoint?: string;
  /** Log level of the exporter's JSON logs. Defaults to `info`. */
  logLevel?: "debug" | "info" | "warn" | "error";
}

/**
 * The exporter's non-secret environment (what `loadRuntimeConfig` in exporter/src/config.ts reads), derived from
 * the stack config.
 * Credentials are deliberately absent: they reach the container through a Secret (Kubernetes) or a secret
 * Output (Docker), never through this map, which ends up in a ConfigMap.
 */
export function exporterEnvironment(config: StackConfig, options: ExporterEnvironmentOptions = {}): Record<string, string> {
  const e = config.exporter;
  // Backend gauges (queue, cache, batch), upstream reachability and GPU readings are only ever seen at Prometheus' scrape resolution,
  // so polling them more often than Prometheus scrapes is wasted work on the upstream and the GPU driver.
  const pollMs = String(durationSeconds(config.prometheus.scrapeInterval) * 1000);
  return {
    // The exporter parses this with the same schema (config/sections/exporter.ts) the stack config was checked against.
    LLMOBS_UPSTREAMS: JSON.stringify(e.upstreams),
    LLMOBS_HOST: "0.0.0.0",
    LLMOBS_PORT: String(e.port),
    LLMOBS_MAX_MODEL_IDS: String(e.maxModelIds),
    LLMOBS_CONNECT_TIMEOUT_MS: String(e.timeouts.connectMs),
    LLMOBS_FIRST_BYTE_TIMEOUT_MS: String(e.timeouts.firstByteMs),
    LLMOBS_IDLE_TIMEOUT_MS: String(e.timeouts.idleMs),
    LLMOBS_CB_FAILURE_THRESHOLD: String(e.circuitBreaker.failureThreshold),
    LLMOBS_CB_OPEN_SECONDS: String(e.circuitBreaker.openSeconds),
    LLMOBS_MAX_BODY_MB: String(e.maxBodyMb),
    LLMOBS_BACKEND_SCRAPE_INTERVAL_MS: pollMs,
    LLMOBS_UPSTREAM_PROBE_INTERVAL_MS: pollMs,
    LLMOBS_GPU_POLL_INTERVAL_MS: pollMs,
    AUDIT_ENABLED: String(e.audit.enabled),
    AUDIT_LOG_DIR,
    AUDIT_RETENTION_DAYS: String(e.audit.retentionDays),
    AUDIT_MAX_SIZE_MB: String(e.audit.maxSizeMb),
    OTEL_SERVICE_NAME,
    OTEL_TRACES_SAMPLER_ARG: String(e.traceSampleRatio),
    ...(options.otlpEndpoint === undefined ? {} : { OTEL_EXPORTER_OTLP_ENDPOINT: options.otlpEndpoint }),
    LOG_LEVEL: options.logLevel ?? "info",
  };
}

/**
 * The environment as a Docker env file (`KEY=value` lines, sorted), for the reviewable render bundle and for
 * `docker run --env-file`. Values are single-line by construction (numbers, paths, one-line JSON).
 */
export function renderEnvFile(env: Record<string, string>): string {
  return Object.keys(env).sort().map((k) => `${k}=${env[k]}\n`).join("");
}

import type { MetricDef } from "./types";

/**
 * Metrics beyond seed 000's vocabulary that the exporter emits because a seed needs them: prompt tokens,
 * circuit breaker state (seed 001), security and audit signals (seed 000 SIEM alerts), and the exporter's
 * own health. Every label is bounded.
 */
export const EXPORTER_EXTRA_METRICS = {
  promptTokensTotal: {
    name: "llm_prompt_tokens_total", type: "counter", unit: "tokens", labels: ["model_id"],
    help: "Prompt tokens processed, by model.", source: "exporter", origin: "seed 001 (ailinux_llm_tokens_total{type})",
  },
  requestsByStatusTotal: {
    name: "llm_proxy_requests_total", type: "counter", unit: "requests", labels: ["model_id", "endpoint", "status", "mode"],
    help: "Proxied requests by model, OpenAI endpoint, HTTP status class (2xx, 4xx, 5xx) and mode (stream, unary).",
    source: "exporter", origin: "seed 002 (llm_requests_total{model,mode,status})",
  },
  circuitBreakerState: {
    name: "llm_circuit_breaker_state", type: "gauge", unit: "state", labels: ["upstream"],
    help: "Circuit breaker state per upstream: 0 closed, 1 open, 2 half-open.", source: "exporter",
    origin: "seed 001 (ailinux_circuit_breaker_state)",
  },
  upstreamUp: {
    name: "llm_upstream_up", type: "gauge", unit: "bool", labels: ["upstream"],
    help: "1 when the upstream answered its last health probe, 0 otherwise.", source: "exporter", origin: "exporter /readyz",
  },
  modelIdsOverflowTotal: {
    name: "llm_model_id_overflow_total", type: "counter", unit: "requests", labels: [],
    help: "Requests whose model_id was folded into the 'other' series by the cardinality guard.", source: "exporter",
    origin: "seed 000 best practice (model_id < 100 values)",
  },
  securityEventsTotal: {
    name: "llm_security_events_total", type: "counter", unit: "events", labels: ["event_type"],
    labelValues: { event_type: ["auth_failure", "metrics_auth_failure", "audit_tamper", "body_too_large"] },
    help: "Security events seen by the exporter: auth_failure (bad proxy token), metrics_auth_failure, audit_tamper, body_too_large.",
    source: "exporter", origin: "seed 000 SIEM",
  },
  auditLogLastWriteTimestamp: {
    name: "llm_audit_log_last_write_timestamp_seconds", type: "gauge", unit: "seconds", labels: [],
    help: "Unix time of the last audit record written.", source: "exporter", origin: "seed 000 SIEM (SOC2 audit gaps)",
  },
  auditLogOldestEntryAge: {
    name: "llm_audit_log_oldest_entry_age_seconds", type: "gauge", unit: "seconds", labels: [],
    help: "Age of the oldest audit file kept on disk; above the retention period means retention is not enforced.",
    source: "exporter", origin: "seed 001 AUDIT_RETENTION_DAYS, seed 000 GDPR",
  },
  auditLogRetentionSeconds: {
    name: "llm_audit_log_retention_seconds", type: "gauge", unit: "seconds", labels: [],
    help: "Configured audit retention period.", source: "exporter", origin: "seed 001 AUDIT_RETENTION_DAYS",
  },
  auditLogWriteFailuresTotal: {
    name: "llm_audit_log_write_failures_total", type: "counter", unit: "errors", labels: [],
    help: "Audit records that could not be written.", source: "exporter", origin: "seed 000 SIEM",
  },
  scrapeDurationSeconds: {
    name: "llm_exporter_metrics_render_seconds", type: "histogram", unit: "seconds", labels: [],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
    help: "Time the exporter spent rendering /metrics.", source: "exporter", origin: "exporter self-metrics",
  },
  adapterScrapeErrorsTotal: {
    name: "llm_backend_scrape_errors_total", type: "counter", unit: "errors", labels: ["upstream", "backend"],
    help: "Failed scrapes of a backend's native metrics.", source: "exporter", origin: "exporter self-metrics",
  },
} as const satisfies Record<string, MetricDef>;

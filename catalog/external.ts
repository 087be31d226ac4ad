import { from } from "./types";

/**
 * Metrics the stack does not emit itself but alerts and dashboards read: the seeds' applications, node
 * exporter, DCGM / nvidia-smi exporters and a PostgreSQL exporter. Listed so that every name a rule or panel
 * uses is checked against something that exists.
 */
export const SIEM_METRICS = from("application", "seed 000 SIEM (ThemisDB)", {
  encryptionKeyLastRotation: {
    name: "themis_encryption_key_last_rotation_timestamp_seconds", type: "gauge", unit: "seconds", labels: ["key_id"],
    help: "Unix time of the last rotation of each encryption key.",
  },
  backupLastSuccess: {
    name: "themis_backup_last_success_timestamp_seconds", type: "gauge", unit: "seconds", labels: ["job"],
    help: "Unix time of the last successful backup.",
  },
  backupFailuresTotal: {
    name: "themis_backup_failures_total", type: "counter", unit: "failures", labels: ["job"], help: "Failed backup runs.",
  },
  dataExportsTotal: {
    name: "themis_data_exports_total", type: "counter", unit: "exports", labels: ["authorized"],
    help: "Data exports, by whether the caller held the export permission (true/false).",
  },
  privilegeChangesTotal: {
    name: "themis_privilege_changes_total", type: "counter", unit: "changes", labels: ["authorized"],
    help: "Role/privilege changes, by whether they went through the approved admin path (true/false).",
  },
  personalDataOverdue: {
    name: "themis_personal_data_records_past_retention", type: "gauge", unit: "records", labels: ["dataset"],
    help: "Records holding personal data kept past their retention period (GDPR Art. 5(1)(e)).",
  },
});

export const AILINUX_METRICS = from("application", "seed 001 (AILinux TriStar)", {
  requestCount: {
    name: "ailinux_request_count_total", type: "counter", unit: "requests", labels: ["endpoint", "method", "status"],
    help: "HTTP requests (prometheus_client exposes the counter ailinux_request_count as ailinux_request_count_total).",
  },
  llmCallsTotal: {
    name: "ailinux_llm_calls_total", type: "counter", unit: "calls", labels: ["model", "provider", "status"], help: "LLM API calls.",
  },
  llmLatencySeconds: {
    name: "ailinux_llm_latency_seconds", type: "histogram", unit: "seconds", labels: ["model", "provider"],
    buckets: [0.5, 1, 2.5, 5, 10, 30, 60, 120], help: "LLM call latency.",
  },
  llmTokensTotal: {
    name: "ailinux_llm_tokens_total", type: "counter", unit: "tokens", labels: ["model", "provider", "type"], help: "Tokens used.",
  },
  activeConnections: { name: "ailinux_active_connections", type: "gauge", unit: "connections", labels: [], help: "Active connections." },
  memoryEntries: { name: "ailinux_memory_entries_total", type: "gauge", unit: "entries", labels: [], help: "TriForce memory entries." },
  circuitBreakerState: {
    name: "ailinux_circuit_breaker_state", type: "gauge", unit: "state", labels: ["llm_id"], help: "Circuit breaker state (0/1/2).",
  },
});

export const ENSEMBLE_METRICS = from("application", "seed 002 (LLM ensemble)", {
  requestsTotal: { name: "llm_requests_total", type: "counter", unit: "requests", labels: ["model", "mode", "status"], help: "Requests." },
  errorsTotal: {
    name: "llm_ensemble_errors_total", type: "counter", unit: "errors", labels: ["model", "error_type"],
    help: "Errors (seed 002 calls it llm_errors_total{model,error_type}; renamed so it cannot collide with seed 000's llm_errors_total{error_type,component}).",
  },
  inferenceDurationSeconds: {
    name: "llm_inference_duration_seconds", type: "histogram", unit: "seconds", labels: ["model", "mode"],
    buckets: [0.1, 0.25, 0.5, 1, 2, 2.5, 3, 4, 5, 10, 30], help: "Inference latency.",
  },
  modelLoaded: { name: "llm_model_loaded", type: "gauge", unit: "bool", labels: ["model"], help: "1 when the model is loaded." },
  modelMemoryBytes: {
    name: "llm_model_memory_bytes", type: "gauge", unit: "bytes", labels: ["model", "memory_type"], help: "Model memory.",
  },
  activeRequests: { name: "llm_active_requests", type: "gauge", unit: "requests", labels: ["model"], help: "Active requests." },
});

export const GUARDIAN_METRICS = from("application", "seed 003 (LLM Guardian Cluster)", {
  specialistRequestsTotal: {
    name: "specialist_requests_total", type: "counter", unit: "requests", labels: ["specialist_type", "status", "quality_tier"],
    help: "Requests processed by a specialist.",
  },
  specialistRequestDuration: {
    name: "specialist_request_duration_seconds", type: "histogram", unit: "seconds", labels: ["specialist_type", "complexity"],
    buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60], help: "Specialist request duration.",
  },
  specialistTokensPerSecond: {
    name: "specialist_tokens_per_second", type: "gauge", unit: "tokens/s", labels: ["specialist_type"], help: "Token rate.",
  },
  specialistQualityScore: {
    name: "specialist_quality_score", type: "histogram", unit: "ratio", labels: ["specialist_type"],
    buckets: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1], help: "Response quality score.",
  },
  specialistGpuUtilization: {
    name: "specialist_gpu_utilization_percent", type: "gauge", unit: "percent", labels: ["specialist_type", "gpu_id"],
    help: "GPU utilisation.",
  },
  specialistErrorsTotal: {
    name: "specialist_errors_total", type: "counter", unit: "errors", labels: ["specialist_type", "error_type", "severity"],
    help: "Specialist errors.",
  },
  guardianErrorsTotal: {
    name: "guardian_errors_total", type: "counter", unit: "errors", labels: ["guardian_type"], help: "Guardian evaluation failures.",
  },
  guardianIssuesDetectedTotal: {
    name: "guardian_issues_detected_total", type: "counter", unit: "issues",
    labels: ["guardian_type", "specialist_id", "issue_type", "severity"], help: "Issues detected by guardians.",
  },
  improvementSuggestions: {
    name: "improvement_suggestions", type: "gauge", unit: "suggestions", labels: ["status", "improvement_type"],
    help: "Improvement suggestions by status.",
  },
});

export const PROMETHEUS_METRICS = from("prometheus", "Prometheus (every scrape target)", {
  up: {
    name: "up", type: "gauge", unit: "boolean", labels: ["job", "instance"],
    help: "1 when Prometheus' last scrape of the target succeeded, 0 when it failed.",
  },
});

export const NODE_METRICS = from("node-exporter", "seed 003 infrastructure rules", {
  cpuSecondsTotal: { name: "node_cpu_seconds_total", type: "counter", unit: "seconds", labels: ["instance", "cpu", "mode"], help: "CPU time." },
  memAvailable: { name: "node_memory_MemAvailable_bytes", type: "gauge", unit: "bytes", labels: ["instance"], help: "Available memory." },
  memTotal: { name: "node_memory_MemTotal_bytes", type: "gauge", unit: "bytes", labels: ["instance"], help: "Total memory." },
  fsAvail: {
    name: "node_filesystem_avail_bytes", type: "gauge", unit: "bytes", labels: ["instance", "mountpoint", "fstype"], help: "Free disk.",
  },
  fsSize: {
    name: "node_filesystem_size_bytes", type: "gauge", unit: "bytes", labels: ["instance", "mountpoint", "fstype"], help: "Disk size.",
  },
  netTx: { name: "node_network_transmit_bytes_total", type: "counter", unit: "bytes", labels: ["instance", "device"], help: "Bytes sent." },
  netRx: { name: "node_network_receive_bytes_total", type: "counter", unit: "bytes", labels: ["instance", "device"], help: "Bytes received." },
});

export const DCGM_METRICS = from("dcgm-exporter", "NVIDIA DCGM exporter", {
  fbUsed: { name: "DCGM_FI_DEV_FB_USED", type: "gauge", unit: "MB", labels: ["gpu", "UUID", "Hostname"], help: "Framebuffer used (MiB)." },
  fbFree: { name: "DCGM_FI_DEV_FB_FREE", type: "gauge", unit: "MB", labels: ["gpu", "UUID", "Hostname"], help: "Framebuffer free (MiB)." },
  gpuUtil: { name: "DCGM_FI_DEV_GPU_UTIL", type: "gauge", unit: "percent", labels: ["gpu", "UUID", "Hostname"], help: "GPU utilisation (%)." },
  gpuTemp: { name: "DCGM_FI_DEV_GPU_TEMP", type: "gauge", unit: "celsius", labels: ["gpu", "UUID", "Hostname"], help: "GPU temperature (C)." },
  powerUsage: { name: "DCGM_FI_DEV_POWER_USAGE", type: "gauge", unit: "watts", labels: ["gpu", "UUID", "Hostname"], help: "Power draw (W)." },
});

export const NVIDIA_SMI_METRICS = from("nvidia-smi-exporter", "seed 003 gpu:* rules (nvidia_gpu_exporter)", {
  utilization: { name: "nvidia_smi_utilization_gpu_ratio", type: "gauge", unit: "ratio", labels: ["uuid"], help: "GPU utilisation (0-1)." },
  memoryUsed: { name: "nvidia_smi_memory_used_bytes", type: "gauge", unit: "bytes", labels: ["uuid"], help: "GPU memory used." },
  memoryTotal: { name: "nvidia_smi_memory_total_bytes", type: "gauge", unit: "bytes", labels: ["uuid"], help: "GPU memory total." },
});

export const POSTGRES_METRICS = from("postgres-exporter", "seed 003 database rules", {
  numBackends: { name: "pg_stat_database_numbackends", type: "gauge", unit: "connections", labels: ["datname"], help: "Connections." },
  maxConnections: { name: "pg_settings_max_connections", type: "gauge", unit: "connections", labels: [], help: "max_connections." },
  statementsMeanTime: {
    name: "pg_stat_statements_mean_time_seconds", type: "histogram", unit: "seconds", labels: [],
    buckets: [0.01, 0.1, 0.5, 1, 5, 10], help: "Statement mean time distribution.",
  },
});

import { EXPORTER_EXTRA_METRICS, SIEM_METRICS } from "../catalog";
import { RECORDED } from "../alerts";
import type { StackConfig } from "../config";
import type { DashboardSpec } from "./dashboard";
import { RATE } from "./queries";
import { above, below } from "./thresholds";

const x = EXPORTER_EXTRA_METRICS;
const s = SIEM_METRICS;
const events = x.securityEventsTotal.name;

/**
 * Seed 000's SIEM security dashboard (`siem-security-monitoring.json`) for SOC teams: its five areas
 * (authentication, audit events, query performance, infrastructure, compliance), each panel mapped to the alert
 * that watches it and the SOC2 / GDPR / HIPAA control it evidences.
 */
export function siemDashboard(config: StackConfig): DashboardSpec {
  const t = config.alerts.thresholds;
  const day = 86_400;
  return {
    uid: "llmobs-siem",
    title: "SIEM Security Monitoring",
    description: "Authentication, audit events, query performance, infrastructure and compliance (SOC2, GDPR, HIPAA) for security operations.",
    origin: "seed 000 (SIEM security dashboard)",
    tags: ["siem", "security", "compliance"],
    panels: [
      // Authentication & authorisation
      {
        kind: "timeseries", title: "Failed authentications (5 m)", unit: "short", min: 0,
        description: `Failed proxy bearer tokens and /metrics logins in the last 5 minutes. BruteForceAttackDetected above ${t.bruteForceAuthFailures5m}.`,
        queries: [{ expr: `sum by (event_type) (increase(${events}{event_type=~"auth_failure|metrics_auth_failure"}[5m]))`, legend: "{{event_type}}" }],
        thresholds: above(t.bruteForceAuthFailures5m),
      },
      {
        kind: "timeseries", title: "Privilege changes", unit: "short", min: 0,
        description: "Role/privilege changes per hour, by whether they went through the approved admin path; any unauthorised one fires PrivilegeEscalationDetected (SOC2 CC6.3).",
        queries: [{ expr: `sum by (authorized) (increase(${s.privilegeChangesTotal.name}[1h]))`, legend: "authorized={{authorized}}" }],
      },
      // Audit & security events
      {
        kind: "timeseries", title: "Security events", unit: "short", stacked: true, min: 0,
        description: "Security events/s seen by the exporter by type (auth failures, audit tampering, oversized bodies); audit_tamper fires AuditLogTamperingAttempt.",
        queries: [{ expr: `sum by (event_type) (rate(${events}[${RATE}]))`, legend: "{{event_type}}" }],
      },
      {
        kind: "stat", title: "Seconds since the last audit record", unit: "s", width: 8,
        description: `Age of the newest audit record per exporter. SOC2AuditLogGapDetected above ${t.auditLogGapSeconds} s while requests are served (SOC2 CC7.2).`,
        queries: [{ expr: `time() - max by (instance) (${x.auditLogLastWriteTimestamp.name})`, legend: "{{instance}}" }],
        thresholds: above(t.auditLogGapSeconds),
      },
      {
        kind: "stat", title: "Audit write failures (1 h)", unit: "short", width: 8,
        description: "Audit records that could not be written in the last hour; any fires SOC2AuditLogGapDetected.",
        queries: [{ expr: `sum(increase(${x.auditLogWriteFailuresTotal.name}[1h]))`, legend: "failures" }],
        thresholds: above(1),
      },
      {
        kind: "stat", title: "Data exports (1 h)", unit: "short", width: 8,
        description: "Data exports in the last hour by whether the caller held the export permission; an unauthorised one fires UnauthorizedDataExport (GDPR Art. 32).",
        queries: [{ expr: `sum by (authorized) (increase(${s.dataExportsTotal.name}[1h]))`, legend: "authorized={{authorized}}" }],
      },
      // Query & performance
      {
        kind: "timeseries", title: "Request rate", unit: "reqps", min: 0,
        description: "Inference requests/s of all models and sources.",
        queries: [{ expr: `sum(${RECORDED.requestsRate5m})`, legend: "requests/s" }],
      },
      {
        kind: "timeseries", title: "Query error ratio", unit: "percentunit", min: 0,
        description: `Failed / all requests over 5 m, worst model. HighErrorRate above ${t.errorRateWarning * 100} %, CriticalErrorRate above ${t.errorRateCritical * 100} %.`,
        queries: [{ expr: `max(${RECORDED.errorRatio5m})`, legend: "worst model" }],
        thresholds: above(t.errorRateWarning, t.errorRateCritical),
      },
      {
        kind: "timeseries", title: "Slow queries (p95)", unit: "s", min: 0,
        description: `PostgreSQL statement time p95 per instance. SlowQueries above ${t.slowQuerySeconds} s.`,
        queries: [{ expr: RECORDED.postgresQueryP95, legend: "{{instance}}" }],
        thresholds: above(t.slowQuerySeconds),
      },
      {
        kind: "timeseries", title: "Cache hit rate", unit: "percentunit", min: 0, max: 1,
        description: "Hits / lookups per cache type over 5 m.",
        queries: [{ expr: RECORDED.cacheHitRatio5m, legend: "{{cache_type}}" }],
        thresholds: below(0.8),
      },
      // Infrastructure
      {
        kind: "timeseries", title: "CPU and memory", unit: "percentunit", min: 0, max: 1,
        description: `Node CPU and memory utilisation. HighMemoryUsage above ${t.nodeMemoryCriticalRatio * 100} % memory.`,
        queries: [
          { expr: `${RECORDED.nodeCpuUtilization} / 100`, legend: "cpu {{instance}}" },
          { expr: RECORDED.nodeMemoryUtilization, legend: "memory {{instance}}" },
        ],
        thresholds: above(t.nodeMemoryCriticalRatio),
      },
      {
        kind: "timeseries", title: "Storage", unit: "percentunit", min: 0, max: 1,
        description: "Disk used per node and mount point.",
        queries: [{ expr: `max by (instance, mountpoint) (${RECORDED.nodeDiskUtilization})`, legend: "{{instance}} {{mountpoint}}" }],
      },
      {
        kind: "timeseries", title: "Network", unit: "Bps", min: 0,
        description: "Bytes/s sent plus received per node.",
        queries: [{ expr: RECORDED.networkThroughput, legend: "{{instance}}" }],
      },
      {
        kind: "timeseries", title: "Database connections", unit: "percentunit", min: 0, max: 1,
        description: `PostgreSQL connections / max_connections. DatabaseConnectionLimit above ${t.databaseConnectionRatio * 100} %.`,
        queries: [{ expr: RECORDED.postgresConnectionUtilization, legend: "{{instance}}" }],
        thresholds: above(t.databaseConnectionRatio),
      },
      // Compliance
      {
        kind: "bargauge", title: "Encryption key age (SOC2, HIPAA)", unit: "s", width: 8,
        description: `Time since each key's last rotation. EncryptionKeyRotationOverdue above ${t.encryptionKeyMaxAgeSeconds / day} days (HIPAA 164.312(a)(2)(iv), SOC2 CC6.1).`,
        queries: [{ expr: `time() - ${s.encryptionKeyLastRotation.name}`, legend: "{{key_id}}", instant: true }],
        thresholds: above(t.encryptionKeyMaxAgeSeconds),
      },
      {
        kind: "bargauge", title: "Time since last backup (SOC2 A1.2)", unit: "s", width: 8,
        description: `Time since each backup job last succeeded. BackupFailure above ${t.backupMaxAgeSeconds / 3600} h or on a failed run.`,
        queries: [{ expr: `time() - ${s.backupLastSuccess.name}`, legend: "{{job}}", instant: true }],
        thresholds: above(t.backupMaxAgeSeconds),
      },
      {
        kind: "stat", title: "Retention (GDPR Art. 5(1)(e))", unit: "short", width: 8,
        description: `Personal-data records kept past their retention period, and days the audit log exceeds its own (GDPRDataRetentionViolation; grace ${t.retentionGraceSeconds} s).`,
        queries: [
          { expr: `sum(${s.personalDataOverdue.name})`, legend: "records past retention" },
          { expr: `clamp_min(max(${x.auditLogOldestEntryAge.name} - ${x.auditLogRetentionSeconds.name}), 0) / 86400`, legend: "audit days past retention" },
        ],
        thresholds: above(1),
      },
    ],
  };
}

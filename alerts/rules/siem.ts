import { EXPORTER_EXTRA_METRICS, LLM_METRICS, SIEM_METRICS } from "../../catalog";
import { num, selector } from "../promql";
import type { AlertRule, RuleContext } from "../types";

const events = EXPORTER_EXTRA_METRICS.securityEventsTotal.name;
const audit = EXPORTER_EXTRA_METRICS;
const s = SIEM_METRICS;

/** `sum(increase(metric{matcher}[5m])) > 0`: any occurrence in the last 5 minutes. */
const anyIn5m = (name: string, matcher: string) => `sum(increase(${selector(name, [matcher])}[5m])) > 0`;

const securityChecks = (what: string) => [
  `Audit log (JSON Lines, or the SIEM export: \`siem-export --since 1h\`) for ${what}: caller, source address, trace id.`,
  "SIEM security dashboard: authentication and audit-event panels around the alert time.",
];
const incident = "Treat as a security incident: revoke the credentials involved, preserve the audit log, follow the incident process.";

/** Seed 000's SIEM security alerts: attacks seen in the exporter's audit trail and the ThemisDB application. */
export function securityAlerts(ctx: RuleContext): AlertRule[] {
  const t = ctx.thresholds;
  return [
    {
      alert: "BruteForceAttackDetected",
      expr: `sum(increase(${selector(events, ['event_type=~"auth_failure|metrics_auth_failure"'])}[5m])) > ${num(t.bruteForceAuthFailures5m)}`,
      severity: "critical", service: "siem",
      summary: "Brute-force authentication attempts",
      description: "{{ $value | humanize }} failed authentications in the last 5 minutes.",
      runbook: { meaning: "Many failed logins / bearer tokens in a short time: someone is guessing credentials.", checks: securityChecks("auth_failure events"), fixes: ["Block the source addresses at the ingress or WAF.", incident] },
    },
    {
      alert: "PrivilegeEscalationDetected",
      expr: `${anyIn5m(s.privilegeChangesTotal.name, 'authorized="false"')}\nor\n${anyIn5m(events, 'event_type="privilege_escalation"')}`,
      severity: "critical", service: "siem",
      summary: "Unauthorised privilege change",
      description: "{{ $value | humanize }} role or privilege changes outside the approved admin path in the last 5 minutes.",
      runbook: { meaning: "A role or privilege changed without going through the approved admin path.", checks: securityChecks("privilege changes"), fixes: ["Revert the change.", incident] },
    },
    {
      alert: "UnauthorizedDataExport",
      expr: `${anyIn5m(s.dataExportsTotal.name, 'authorized="false"')}\nor\n${anyIn5m(events, 'event_type="unauthorized_export"')}`,
      severity: "critical", service: "siem",
      summary: "Unauthorised data export",
      description: "{{ $value | humanize }} data exports by callers without the export permission in the last 5 minutes.",
      runbook: { meaning: "Data left the system through an export its caller was not allowed to run: possible exfiltration.", checks: securityChecks("export events"), fixes: ["Disable the caller's access.", incident] },
    },
    {
      alert: "AuditLogTamperingAttempt", expr: anyIn5m(events, 'event_type="audit_tamper"'),
      severity: "critical", service: "siem",
      summary: "Audit log tampering attempt",
      description: "{{ $value | humanize }} attempts to modify or delete audit records in the last 5 minutes.",
      runbook: { meaning: "Something tried to change or delete audit records; the audit trail may no longer be trustworthy.", checks: securityChecks("audit_tamper events, and file permissions/ownership of the audit directory"), fixes: ["Restore the audit files from backup and compare.", incident] },
    },
  ];
}

/**
 * Seed 000's SIEM compliance alerts: retention, audit-trail gaps, key rotation and backups, judged over 15 minutes
 * to days. They can run at prometheus.windowedRulesInterval: a minute's delay does not matter at that scale, and
 * the audit-gap check reads 15 minutes of every model's request counter.
 */
export function complianceAlerts(ctx: RuleContext): AlertRule[] {
  const t = ctx.thresholds;
  const gap = t.auditLogGapSeconds;
  return [
    {
      alert: "GDPRDataRetentionViolation",
      expr: `sum by (dataset) (${s.personalDataOverdue.name}) > 0\nor\n${audit.auditLogOldestEntryAge.name} - ${audit.auditLogRetentionSeconds.name} > ${num(t.retentionGraceSeconds)}`,
      severity: "warning", service: "siem",
      summary: "Personal data kept past its retention period",
      description: "{{ $value | humanize }} records (or seconds of audit log) are past their retention period {{ with $labels.dataset }}in dataset {{ . }}{{ end }}.",
      runbook: {
        meaning: "Data holding personal information is kept longer than its retention period (GDPR Art. 5(1)(e) storage limitation).",
        checks: ["Retention/cleanup job logs of the dataset.", "Audit directory: are rotated files older than exporter.audit.retentionDays still on disk?"],
        fixes: ["Run the cleanup job; fix its schedule.", "Check the exporter's audit retention setting and disk permissions."],
      },
    },
    {
      alert: "SOC2AuditLogGapDetected",
      expr: `(\ntime() - ${audit.auditLogLastWriteTimestamp.name} > ${gap}\nand on ()\nsum(rate(${LLM_METRICS.requestsTotal.name}[${gap}s])) > 0\n)\nor\nincrease(${audit.auditLogWriteFailuresTotal.name}[${gap}s]) > 0`,
      severity: "warning", service: "siem",
      summary: "Gap in the audit log",
      description: `Requests are being served but {{ $labels.instance }} wrote no audit record, or failed to write one, in the last ${num(gap / 60)} minutes.`,
      runbook: {
        meaning: "Requests were served without audit records (SOC2 CC7.2: complete audit trail); the trail has a gap.",
        checks: ["Exporter logs for audit write errors; free space and permissions of the audit directory.", "exporter.audit.enabled in the stack config."],
        fixes: ["Free disk space / fix the volume; the exporter resumes writing on the next request.", "Document the gap for the auditors with its start and end time."],
      },
    },
    {
      alert: "EncryptionKeyRotationOverdue",
      expr: `time() - ${s.encryptionKeyLastRotation.name} > ${num(t.encryptionKeyMaxAgeSeconds)}`,
      severity: "warning", service: "siem",
      summary: "Encryption key {{ $labels.key_id }} not rotated",
      description: "Key {{ $labels.key_id }} was last rotated {{ $value | humanizeDuration }} ago.",
      runbook: { meaning: `An encryption key is older than the rotation policy allows (${num(t.encryptionKeyMaxAgeSeconds / 86_400)} days).`, checks: ["Key management logs: did the scheduled rotation run and fail?"], fixes: ["Rotate the key; fix the rotation job."] },
    },
    {
      alert: "BackupFailure",
      expr: `increase(${s.backupFailuresTotal.name}[1h]) > 0\nor\ntime() - ${s.backupLastSuccess.name} > ${num(t.backupMaxAgeSeconds)}`,
      severity: "critical", service: "siem",
      summary: "Backup {{ $labels.job }} failed",
      description: "Backup job {{ $labels.job }} failed or has not succeeded recently (value {{ $value | humanize }}).",
      runbook: { meaning: `A backup run failed, or no backup succeeded in the last ${num(t.backupMaxAgeSeconds / 3600)} hours: recovery point objective at risk.`, checks: ["Backup job logs and the target storage (space, credentials)."], fixes: ["Fix the cause and run the backup manually; verify a restore."] },
    },
  ];
}

import { EXPORTER_EXTRA_METRICS, LLM_METRICS, SIEM_METRICS } from "../../../catalog";
import type { AlertCase } from "../harness";
import { counter, gauge, sel, type Series } from "../series";

const events = (eventType: string, perMinute: number): Series => ({
  [sel(EXPORTER_EXTRA_METRICS.securityEventsTotal.name, { event_type: eventType })]: counter([perMinute, 10]),
});
const byAuthorization = (name: string, authorized: string): Series => ({ [sel(name, { authorized })]: counter([0, 2], [1, 8]) });
const exporterInstance = { instance: "exporter:9464" };
const A = EXPORTER_EXTRA_METRICS;
const S = SIEM_METRICS;
const traffic: Series = { [sel(LLM_METRICS.requestsTotal.name, { model_id: "m1" })]: counter([60, 40]) };

/** Seed 000's SIEM alerts. promtool's clock starts at Unix time 0, so "long ago" timestamps are negative. */
export const siemCases: AlertCase[] = [
  { name: "50 auth failures in 5 m > 20", alert: "BruteForceAttackDetected", series: events("auth_failure", 10), at: "6m", fires: [{}] },
  { name: "metrics endpoint auth failures count too", alert: "BruteForceAttackDetected", series: events("metrics_auth_failure", 10), at: "6m", fires: [{}] },
  { name: "5 auth failures in 5 m is noise", alert: "BruteForceAttackDetected", series: events("auth_failure", 1), at: "6m", fires: [] },

  { name: "unauthorised privilege change", alert: "PrivilegeEscalationDetected", series: byAuthorization(S.privilegeChangesTotal.name, "false"), at: "5m", fires: [{}] },
  { name: "exporter privilege_escalation event", alert: "PrivilegeEscalationDetected", series: events("privilege_escalation", 1), at: "5m", fires: [{}] },
  { name: "approved privilege change is fine", alert: "PrivilegeEscalationDetected", series: byAuthorization(S.privilegeChangesTotal.name, "true"), at: "5m", fires: [] },

  { name: "unauthorised export", alert: "UnauthorizedDataExport", series: byAuthorization(S.dataExportsTotal.name, "false"), at: "5m", fires: [{}] },
  { name: "exporter unauthorized_export event", alert: "UnauthorizedDataExport", series: events("unauthorized_export", 1), at: "5m", fires: [{}] },
  { name: "authorised export is fine", alert: "UnauthorizedDataExport", series: byAuthorization(S.dataExportsTotal.name, "true"), at: "5m", fires: [] },

  { name: "audit tamper event", alert: "AuditLogTamperingAttempt", series: events("audit_tamper", 1), at: "5m", fires: [{}] },
  { name: "other security events are not tampering", alert: "AuditLogTamperingAttempt", series: events("body_too_large", 5), at: "5m", fires: [] },

  {
    name: "personal data past retention", alert: "GDPRDataRetentionViolation", at: "5m", fires: [{ dataset: "users" }],
    series: { [sel(S.personalDataOverdue.name, { dataset: "users", instance: "themis:9091" })]: gauge(5, 10) },
  },
  {
    name: "audit files older than retention + 1 d", alert: "GDPRDataRetentionViolation", at: "5m", fires: [exporterInstance],
    series: { [sel(A.auditLogOldestEntryAge.name, exporterInstance)]: gauge(40 * 86400, 10), [sel(A.auditLogRetentionSeconds.name, exporterInstance)]: gauge(30 * 86400, 10) },
  },
  {
    name: "retention honoured", alert: "GDPRDataRetentionViolation", at: "5m", fires: [],
    series: {
      [sel(S.personalDataOverdue.name, { dataset: "users" })]: gauge(0, 10),
      [sel(A.auditLogOldestEntryAge.name, exporterInstance)]: gauge(10 * 86400, 10),
      [sel(A.auditLogRetentionSeconds.name, exporterInstance)]: gauge(30 * 86400, 10),
    },
  },

  {
    name: "no audit record for 30 m while serving", alert: "SOC2AuditLogGapDetected", at: "30m", fires: [exporterInstance],
    series: { ...traffic, [sel(A.auditLogLastWriteTimestamp.name, exporterInstance)]: gauge(0, 40) },
  },
  {
    name: "audit write failures", alert: "SOC2AuditLogGapDetected", at: "10m", fires: [exporterInstance],
    series: { [sel(A.auditLogWriteFailuresTotal.name, exporterInstance)]: counter([1, 15]) },
  },
  {
    name: "audit written every minute", alert: "SOC2AuditLogGapDetected", at: "30m", fires: [],
    series: { ...traffic, [sel(A.auditLogLastWriteTimestamp.name, exporterInstance)]: "0+60x40" },
  },
  {
    name: "idle: no requests, no audit records, no gap", alert: "SOC2AuditLogGapDetected", at: "30m", fires: [],
    series: { [sel(LLM_METRICS.requestsTotal.name, { model_id: "m1" })]: counter([0, 40]), [sel(A.auditLogLastWriteTimestamp.name, exporterInstance)]: gauge(0, 40) },
  },

  {
    name: "key rotated 100 days ago", alert: "EncryptionKeyRotationOverdue", at: "5m", fires: [{ key_id: "k1" }],
    series: { [sel(S.encryptionKeyLastRotation.name, { key_id: "k1" })]: gauge(-100 * 86400, 10) },
  },
  {
    name: "key rotated 10 days ago", alert: "EncryptionKeyRotationOverdue", at: "5m", fires: [],
    series: { [sel(S.encryptionKeyLastRotation.name, { key_id: "k1" })]: gauge(-10 * 86400, 10) },
  },

  { name: "backup run failed", alert: "BackupFailure", at: "5m", fires: [{ job: "nightly" }], series: { [sel(S.backupFailuresTotal.name, { job: "nightly" })]: counter([0, 2], [1, 8]) } },
  {
    name: "no successful backup for 2 days", alert: "BackupFailure", at: "5m", fires: [{ job: "nightly" }],
    series: { [sel(S.backupLastSuccess.name, { job: "nightly" })]: gauge(-2 * 86400, 10) },
  },
  {
    name: "backup succeeded 2 hours ago", alert: "BackupFailure", at: "5m", fires: [],
    series: { [sel(S.backupLastSuccess.name, { job: "nightly" })]: gauge(-7200, 10), [sel(S.backupFailuresTotal.name, { job: "nightly" })]: counter([0, 10]) },
  },
];

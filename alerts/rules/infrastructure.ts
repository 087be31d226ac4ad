import { GUARDIAN_METRICS, POSTGRES_METRICS } from "../../catalog";
import { bucketBound, num } from "../promql";
import { RECORDED } from "../recorded";
import type { AlertRule, RuleContext } from "../types";

/** Seed 003's resource and database alerts, on the recorded infrastructure and unified GPU series. */
export function infrastructureAlerts(ctx: RuleContext): AlertRule[] {
  const t = ctx.thresholds;
  return [
    {
      alert: "HighGPUUtilization",
      // Cluster average as in seed 003, from whichever GPU exporter runs, or the specialists' own gauge.
      expr: `avg(${RECORDED.gpuUtilization5m}) * 100 > ${num(t.gpuUtilizationWarningPct)}\nor\navg(${GUARDIAN_METRICS.specialistGpuUtilization.name}) > ${num(t.gpuUtilizationWarningPct)}`,
      for: t.gpuUtilizationFor, severity: "warning", service: "infrastructure",
      summary: "High GPU utilization",
      description: "GPU utilization is {{ $value | humanize }} % across the cluster.",
      runbook: {
        meaning: "The GPUs are busy almost all the time (seed 003: above 90 % for 10 minutes): no headroom for spikes.",
        checks: ["GPU dashboard: which nodes and models; queue length and TTFT - are users affected yet?"],
        fixes: ["Add GPU capacity or move models; this is a capacity-planning signal, not an outage."],
      },
    },
    {
      alert: "HighMemoryUsage", expr: `avg(${RECORDED.nodeMemoryUtilization}) > ${num(t.nodeMemoryCriticalRatio)}`,
      for: t.nodeMemoryFor, severity: "critical", service: "infrastructure",
      summary: "High memory usage",
      description: "Memory utilization is {{ $value | humanizePercentage }} across nodes.",
      runbook: {
        meaning: "Nodes are out of RAM on average (seed 003: above 90 %); the kernel OOM killer is next.",
        checks: ["System overview dashboard: memory per node; pods with the largest working set."],
        fixes: ["Evict or resize the biggest consumers; add nodes."],
      },
    },
    {
      alert: "DatabaseConnectionLimit",
      expr: `${RECORDED.postgresConnectionUtilization} > ${num(t.databaseConnectionRatio)}`,
      for: t.databaseConnectionFor, severity: "warning", service: "database",
      summary: "Database connection limit approaching",
      description: "Database connection utilization on {{ $labels.instance }} is {{ $value | humanizePercentage }}.",
      runbook: {
        meaning: `PostgreSQL uses more than ${num(t.databaseConnectionRatio * 100)} % of max_connections; new connections will soon be refused.`,
        checks: ["pg_stat_activity: idle-in-transaction sessions, which application holds most connections."],
        fixes: ["Put a pooler (PgBouncer) in front; fix connection leaks; raise max_connections only with memory to spare."],
      },
    },
    {
      alert: "SlowQueries",
      expr: `${RECORDED.postgresQueryP95} > ${num(bucketBound(POSTGRES_METRICS.statementsMeanTime, t.slowQuerySeconds))}`,
      for: t.slowQueryFor, severity: "warning", service: "database",
      summary: "Slow database queries detected",
      description: "95th percentile query duration on {{ $labels.instance }} is {{ $value | humanizeDuration }}.",
      runbook: {
        meaning: `The slowest 5 % of statements take longer than ${num(t.slowQuerySeconds)} s.`,
        checks: ["pg_stat_statements ordered by mean time; missing indexes; lock waits."],
        fixes: ["Add the index or rewrite the query; VACUUM/ANALYZE bloated tables."],
      },
    },
  ];
}

import { NODE_METRICS, POSTGRES_METRICS } from "../../catalog";
import { bucket } from "../promql";
import type { RecordingRule } from "../types";

const n = NODE_METRICS;
const pg = POSTGRES_METRICS;

/**
 * Seed 003's infrastructure recording rules, names and scales unchanged. Two expressions are corrected:
 * `pg_stat_database_numbackends / pg_settings_max_connections` has no shared `datname` label and matched
 * nothing, and `histogram_quantile` over raw buckets without `rate()` measured all time, not now.
 */
export function infrastructureRecordingRules(): RecordingRule[] {
  return [
    { record: "node:cpu_utilization:rate5m", expr: `100 - (avg by (instance) (irate(${n.cpuSecondsTotal.name}{mode="idle"}[5m])) * 100)` },
    { record: "node:memory_utilization:ratio", expr: `1 - (${n.memAvailable.name} / ${n.memTotal.name})` },
    { record: "node:disk_utilization:ratio", expr: `1 - (${n.fsAvail.name} / ${n.fsSize.name})` },
    {
      record: "network:throughput:rate5m",
      expr: `sum by (instance) (rate(${n.netTx.name}[5m])) + sum by (instance) (rate(${n.netRx.name}[5m]))`,
    },
    {
      record: "postgresql:connections:utilization",
      expr: `sum by (instance) (${pg.numBackends.name}) / max by (instance) (${pg.maxConnections.name})`,
    },
    {
      record: "postgresql:query_duration:p95",
      expr: `histogram_quantile(0.95, sum by (instance, le) (rate(${bucket(pg.statementsMeanTime)}[5m])))`,
    },
  ];
}

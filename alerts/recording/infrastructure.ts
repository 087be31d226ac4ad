import { NODE_METRICS, POSTGRES_METRICS } from "../../catalog";
import { bucket } from "../promql";
import { RECORDED } from "../recorded";
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
    { record: RECORDED.nodeCpuUtilization, expr: `100 - (avg by (instance) (irate(${n.cpuSecondsTotal.name}{mode="idle"}[5m])) * 100)` },
    { record: RECORDED.nodeMemoryUtilization, expr: `1 - (${n.memAvailable.name} / ${n.memTotal.name})` },
    { record: RECORDED.nodeDiskUtilization, expr: `1 - (${n.fsAvail.name} / ${n.fsSize.name})` },
    {
      record: RECORDED.networkThroughput,
      expr: `sum by (instance) (rate(${n.netTx.name}[5m])) + sum by (instance) (rate(${n.netRx.name}[5m]))`,
    },
    {
      record: RECORDED.postgresConnectionUtilization,
      expr: `sum by (instance) (${pg.numBackends.name}) / max by (instance) (${pg.maxConnections.name})`,
    },
    {
      record: RECORDED.postgresQueryP95,
      expr: `histogram_quantile(0.95, sum by (instance, le) (rate(${bucket(pg.statementsMeanTime)}[5m])))`,
    },
  ];
}

import { RECORDED } from "../alerts";
import { EXPORTER_EXTRA_METRICS, LLM_METRICS } from "../catalog";

const by = "model_id";
const rate = (metric: string) => `sum by (${by}) (rate(${metric}[1m]))`;

/** The panels of the live view: the seed 000 LLM dashboard's key queries, per model (both modes together). */
export const PANELS = [
  { title: "req/s", query: rate(LLM_METRICS.requestsTotal.name), format: (v: number) => v.toFixed(1) },
  {
    title: "TTFT p95 ms",
    query: `histogram_quantile(0.95, sum by (le, ${by}) (rate(${LLM_METRICS.firstTokenLatencyMs.name}_bucket[1m])))`,
    format: (v: number) => (Number.isFinite(v) ? v.toFixed(0) : "-"),
  },
  { title: "tokens/s", query: rate(LLM_METRICS.tokensGeneratedTotal.name), format: (v: number) => v.toFixed(0) },
  {
    title: "errors %",
    query: `100 * ${rate(LLM_METRICS.failuresTotal.name)} / ${rate(LLM_METRICS.requestsTotal.name)}`,
    format: (v: number) => v.toFixed(1),
  },
] as const;

/** The errors % panel, which the demo also waits on to see a recovery. */
export const ERROR_PERCENT = PANELS[3];

/** Answered requests per model and mode (stream, unary) over the last minute. */
export const ANSWERED_BY_MODE = `sum by (${by}, mode) (rate(${EXPORTER_EXTRA_METRICS.requestsByStatusTotal.name}{status="2xx"}[1m]))`;

/** Circuit breaker state per upstream (0 closed, 1 open, 2 half-open). */
export const BREAKER_QUERY = EXPORTER_EXTRA_METRICS.circuitBreakerState.name;
export const BREAKER_STATES = ["closed", "OPEN", "half-open"] as const;

/** Seed 003's infrastructure recording rules over the node exporter's series: each must return data in the demo. */
export const INFRASTRUCTURE_RECORDS = [
  RECORDED.nodeCpuUtilization, RECORDED.nodeMemoryUtilization, RECORDED.nodeDiskUtilization, RECORDED.networkThroughput,
] as const;

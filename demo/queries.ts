import { RECORDED } from "../alerts";
import { EXPORTER_EXTRA_METRICS, LLM_METRICS } from "../catalog";
import type { StackConfig } from "../config";
import { dashboardQueries, dashboards, substituteVariables } from "../dashboards";

const by = "model_id";
const rate = (metric: string) => `sum by (${by}) (rate(${metric}[1m]))`;

/** A column of the live view: one query of a dashboard panel, per model. */
export interface ViewPanel {
  readonly title: string;
  readonly query: string;
  readonly format: (v: number) => string;
}

/** The LLM inference dashboard's panels the live view shows: [panel title, which of its queries, column, format]. */
const KEY_PANELS: [string, number, string, (v: number) => string][] = [
  ["Inference requests per second", 0, "req/s", (v) => v.toFixed(1)],
  ["Time to first token (p50 / p95 / p99)", 1, "TTFT p95 ms", (v) => (Number.isFinite(v) ? (v * 1000).toFixed(0) : "-")],
  ["Tokens per second", 0, "tokens/s", (v) => v.toFixed(0)],
  ["Error ratio per model", 0, "errors %", (v) => (Number.isFinite(v) ? (v * 100).toFixed(1) : "-")],
];

/**
 * The view's columns, taken from the LLM inference dashboard that Grafana shows for this config, so the terminal
 * prints the values those panels plot (the recorded `llm:*` series).
 */
export function keyPanels(config: StackConfig): ViewPanel[] {
  const d = dashboards(config).find((x) => x.uid === "llmobs-llm-inference")!;
  const queries = dashboardQueries(d);
  return KEY_PANELS.map(([panel, index, title, format]) => {
    const q = queries.filter((x) => x.source === panel)[index];
    if (!q) throw new Error(`the LLM inference dashboard has no panel "${panel}" with a query #${index}`);
    return { title, format, query: substituteVariables(q.expr, {}, { rateInterval: "1m", interval: "15s", rangeSeconds: 3600 }) };
  });
}

/**
 * Errors % per model over the last minute, which the demo waits on to see a recovery: the dashboard's error panel
 * reads a 5-minute recorded ratio, which would keep the outage in view for minutes after the backend is back.
 */
export const RECENT_ERROR_PERCENT = `100 * ${rate(LLM_METRICS.failuresTotal.name)} / ${rate(LLM_METRICS.requestsTotal.name)}`;

/** Answered requests per model and mode (stream, unary) over the last minute. */
export const ANSWERED_BY_MODE = `sum by (${by}, mode) (rate(${EXPORTER_EXTRA_METRICS.requestsByStatusTotal.name}{status="2xx"}[1m]))`;

/** Circuit breaker state per upstream (0 closed, 1 open, 2 half-open). */
export const BREAKER_QUERY = EXPORTER_EXTRA_METRICS.circuitBreakerState.name;
export const BREAKER_STATES = ["closed", "OPEN", "half-open"] as const;

/** Seed 003's infrastructure recording rules over the node exporter's series: each must return data in the demo. */
export const INFRASTRUCTURE_RECORDS = [
  RECORDED.nodeCpuUtilization, RECORDED.nodeMemoryUtilization, RECORDED.nodeDiskUtilization, RECORDED.networkThroughput,
] as const;

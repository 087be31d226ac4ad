import type { MetricDef } from "../catalog";
import { QUANTILES, type Quantile } from "../alerts";
import { bucket } from "../alerts/promql";

/** Grafana's rate window: at least four scrapes, and never shorter than the panel's step. */
export const RATE = "$__rate_interval";
/** The dashboard's time range, for totals over what the viewer looks at. */
export const RANGE = "$__range";

export const pct = (q: Quantile) => `p${Math.round(q * 100)}`;

/**
 * A query for each of p50/p95/p99 of a histogram, per `by`, in the histogram's unit times `scale`, fetching
 * exemplars (so every point links to a trace). Used where no recorded quantile exists.
 */
export function histogramQuantiles(def: MetricDef, by: readonly string[], matchers = "", scale = 1) {
  return QUANTILES.map((q) => ({
    expr: `histogram_quantile(${q}, sum by (${[...by, "le"].join(", ")}) (rate(${bucket(def)}${matchers}[${RATE}])))${scale === 1 ? "" : ` * ${scale}`}`,
    legend: `${pct(q)} ${by.map((l) => `{{${l}}}`).join(" ")}`.trim(),
    exemplar: true,
  }));
}

/**
 * The exemplars of a latency histogram over every series: recorded quantiles carry none, so latency panels that
 * read recorded series add this target, whose points link to the traces of individual requests in Jaeger.
 */
export function exemplarTarget(def: MetricDef, matchers = "", scale = 1) {
  return {
    expr: `histogram_quantile(0.99, sum by (le) (rate(${bucket(def)}${matchers}[${RATE}])))${scale === 1 ? "" : ` * ${scale}`}`,
    legend: "p99 all (exemplars: click a point for its trace)",
    exemplar: true,
  };
}

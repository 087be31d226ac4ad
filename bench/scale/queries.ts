import { QUANTILES, RECORDED, durationQuantile, sloErrorRatio, ttftQuantile } from "../../alerts";
import { PANELS } from "../../demo/queries";

/** A PromQL query whose cost the scale benchmark measures, and the ranges it is measured over. */
export interface CostedQuery {
  name: string;
  expr: string;
  /** Range-query spans, e.g. `1h`, `24h`. */
  ranges: readonly string[];
}

/**
 * What people look at: the demo's live panels, which read raw series (1 h only: the benchmark backfills raw
 * histograms just as far back as a query reaches, and a day of every bucket of every model would take longer to
 * backfill than the rest of the run), and the recorded series the alerts' runbooks send the on-call to (TTFT and
 * latency quantiles, error ratio, requests/s, tokens/s, SLO burn), over 1 h and 24 h.
 * Grafana panel queries plug in here: append `{ name, expr, ranges: ["1h", "24h"] }` per panel target.
 */
export const QUERIES: readonly CostedQuery[] = [
  ...PANELS.map((p) => ({ name: `demo: ${p.title}`, expr: p.query, ranges: ["1h"] })),
  ...QUANTILES.map((q) => ({ name: `TTFT ${q}`, expr: ttftQuantile(q), ranges: ["1h", "24h"] })),
  { name: "latency p95 by model", expr: durationQuantile(0.95), ranges: ["1h", "24h"] },
  { name: "error ratio", expr: RECORDED.errorRatio5m, ranges: ["1h", "24h"] },
  { name: "requests/s total", expr: `sum(${RECORDED.requestsRate5m})`, ranges: ["1h", "24h"] },
  { name: "tokens/s by model", expr: `sum by (model_id) (${RECORDED.tokensGenerated5m})`, ranges: ["1h", "24h"] },
  { name: "SLO error ratio 1h", expr: sloErrorRatio("1h"), ranges: ["1h", "24h"] },
];

/** Grafana's step for a range: about 1,000 points, never finer than the scrape interval. */
export function stepFor(rangeSeconds: number, scrapeSeconds: number): number {
  return Math.max(scrapeSeconds, Math.ceil(rangeSeconds / 1000 / scrapeSeconds) * scrapeSeconds);
}

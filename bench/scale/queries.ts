import { QUANTILES, RECORDED, durationQuantile, sloErrorRatio, ttftQuantile } from "../../alerts";
import type { StackConfig } from "../../config";
import { dashboardQueries, dashboards, substituteVariables } from "../../dashboards";

/** A PromQL query whose cost the scale benchmark measures, and the ranges it is measured over. */
export interface CostedQuery {
  name: string;
  expr: string;
  /** Range-query spans, e.g. `1h`, `24h`. */
  ranges: readonly string[];
}

/** The dashboards fed by what the fleet exposes: the exporter's families and what the rules record from them. */
const FLEET_DASHBOARDS = ["llmobs-llm-inference", "llmobs-sla", "llmobs-exporter-health", "llmobs-slo"];

/**
 * Every panel query of the fleet's dashboards, as Grafana sends it with every variable at All. Panels over
 * recorded series (names with a colon) are measured over 1 h and 24 h; panels over raw series over 1 h only: the
 * benchmark backfills raw histograms just as far back as a query reaches, and a day of every bucket of every model
 * would take longer to backfill than the rest of the run.
 */
export function panelQueries(config: StackConfig, scrapeSeconds: number): CostedQuery[] {
  const builtins = { rateInterval: `${4 * scrapeSeconds}s`, interval: `${scrapeSeconds}s`, rangeSeconds: 3600 };
  return dashboards(config).filter((d) => FLEET_DASHBOARDS.includes(d.uid ?? "")).flatMap((d) => {
    const panels = dashboardQueries(d).filter((q) => q.kind === "panel");
    return panels.map((q) => {
      const expr = substituteVariables(q.expr, { model: ".*", mode: ".*" }, builtins);
      const raw = /\b[a-z_][a-z0-9_]*(\{|\[)/.test(expr.replace(/\b[a-z_][a-z0-9_]*:[a-z0-9_:]*/g, ""));
      // A panel with several targets is timed once per target: `panel #2` names its second.
      const siblings = panels.filter((p) => p.source === q.source);
      const which = siblings.length > 1 ? ` #${siblings.indexOf(q) + 1}` : "";
      return { name: `${d.uid}: ${q.source}${which}`, expr, ranges: raw ? ["1h"] : ["1h", "24h"] };
    });
  });
}

/**
 * What people look at: every panel of the fleet's dashboards, and the recorded series the alerts' runbooks send
 * the on-call to (TTFT and latency quantiles, error ratio, requests/s, tokens/s, SLO burn), over 1 h and 24 h.
 */
export function costedQueries(config: StackConfig, scrapeSeconds: number): CostedQuery[] {
  return [
    ...panelQueries(config, scrapeSeconds),
    ...QUANTILES.map((q) => ({ name: `TTFT ${q}`, expr: ttftQuantile(q), ranges: ["1h", "24h"] })),
    { name: "latency p95 by model", expr: durationQuantile(0.95), ranges: ["1h", "24h"] },
    { name: "error ratio", expr: RECORDED.errorRatio5m, ranges: ["1h", "24h"] },
    { name: "requests/s total", expr: `sum(${RECORDED.requestsRate5m})`, ranges: ["1h", "24h"] },
    { name: "tokens/s by model", expr: `sum by (model_id) (${RECORDED.tokensGenerated5m})`, ranges: ["1h", "24h"] },
    { name: "SLO error ratio 1h", expr: sloErrorRatio("1h"), ranges: ["1h", "24h"] },
  ];
}

/** Grafana's step for a range: about 1,000 points, never finer than the scrape interval. */
export function stepFor(rangeSeconds: number, scrapeSeconds: number): number {
  return Math.max(scrapeSeconds, Math.ceil(rangeSeconds / 1000 / scrapeSeconds) * scrapeSeconds);
}

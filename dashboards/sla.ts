import { RECORDED, durationQuantile, sloErrorRatio, ttftQuantile } from "../alerts";
import type { StackConfig } from "../config";
import type { DashboardSpec } from "./dashboard";
import { RANGE } from "./queries";
import { above, below } from "./thresholds";

/** Seed 000's SLA dashboard (`sla-monitoring.json`): success rate, availability and latency against their targets. */
export function slaDashboard(config: StackConfig): DashboardSpec {
  const t = config.alerts.thresholds;
  const target = t.sloAvailabilityTarget;
  const availability = (w: string) => `${sloErrorRatio(w)}{slo="availability"}`;
  return {
    uid: "llmobs-sla",
    title: "LLM SLA",
    description: `Service levels of the inference service: success rate, availability against the ${target * 100} % target, latency.`,
    origin: "seed 000 (SLA dashboard)",
    tags: ["llm", "sla"],
    panels: [
      {
        kind: "stat", title: "Availability (1 h)", unit: "percentunit", width: 8, min: 0, max: 1,
        description: `Share of inference requests that succeeded over the last hour. Target (alerts.thresholds.sloAvailabilityTarget): ${target * 100} %.`,
        queries: [{ expr: `1 - ${availability("1h")}`, legend: "availability" }],
        thresholds: below(target),
      },
      {
        kind: "stat", title: "Error budget left (3 d)", unit: "percentunit", width: 8,
        description: `Share of the error budget (${+(100 * (1 - target)).toFixed(4)} % of requests) not consumed over the last 3 days; below 0 the SLO is missed.`,
        queries: [{ expr: `1 - ${availability("3d")} / ${+(1 - target).toFixed(6)}`, legend: "budget left" }],
        thresholds: below(0, 0.25),
      },
      {
        kind: "stat", title: "Requests in range", unit: "short", width: 8,
        description: "Inference requests served in the selected time range, all models and sources.",
        queries: [{ expr: `sum(${RECORDED.requestsRate5m}) * $__range_s`, legend: "requests" }],
      },
      {
        kind: "timeseries", title: "Success rate per model", unit: "percent", min: 0, max: 100,
        description: `Seed 000's llm:success_rate:5m: successful requests in percent. CriticalErrorRate fires below ${100 - t.errorRateCritical * 100} %, HighErrorRate below ${100 - t.errorRateWarning * 100} %.`,
        queries: [{ expr: `min by (model_id) (${RECORDED.successRate5m})`, legend: "{{model_id}}" }],
        thresholds: below(100 - t.errorRateCritical * 100, 100 - t.errorRateWarning * 100),
      },
      {
        kind: "timeseries", title: "Availability by window", unit: "percentunit", max: 1,
        description: "Availability SLI over the burn-rate windows (5 m to 3 d): a dip in the short windows that the long ones do not follow is a blip, not a trend.",
        queries: ["5m", "1h", "6h", "1d", "3d"].map((w) => ({ expr: `1 - ${availability(w)}`, legend: w })),
        thresholds: below(target),
      },
      {
        kind: "timeseries", title: "Time to first token p95 (SLA)", unit: "s", min: 0,
        description: `p95 TTFT per model against HighFirstTokenLatency (${t.ttftP95WarningMs} ms) and CriticalFirstTokenLatency (${t.ttftP95CriticalMs} ms).`,
        queries: [{ expr: ttftQuantile(0.95), legend: "{{model_id}}" }],
        thresholds: above(t.ttftP95WarningMs / 1000, t.ttftP95CriticalMs / 1000),
      },
      {
        kind: "timeseries", title: "Request duration p95 (SLA)", unit: "s", min: 0,
        description: `p95 end-to-end duration per model and mode against HighLatency (${t.durationP95WarningMs} ms).`,
        queries: [{ expr: `max by (model_id, mode) (${durationQuantile(0.95)})`, legend: "{{model_id}} {{mode}}" }],
        thresholds: above(t.durationP95WarningMs / 1000),
      },
      {
        kind: "table", title: "Success rate per model over the range", unit: "percent",
        description: "Average of llm:success_rate:5m per model over the selected range, lowest first.",
        queries: [{ expr: `sort(avg by (model_id) (avg_over_time(${RECORDED.successRate5m}[${RANGE}])))`, instant: true, format: "table" }],
        thresholds: below(100 - t.errorRateCritical * 100, 100 - t.errorRateWarning * 100),
      },
    ],
  };
}

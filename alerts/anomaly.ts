import { num } from "./promql";
import { RECORDED, ttftQuantile } from "./recorded";
import type { AlertRule, RecordingRule, RuleContext, RuleGroup } from "./types";

/**
 * Statistical anomaly detection in PromQL, standing in for seed 003's trained detector: the z-score of a
 * signal against its own last hour and last day. Only the recorded base series is read, so each z-score
 * costs one range scan of a cheap series. Alerts use the 1 d baseline: against the 1 h baseline a step
 * change stops being "unusual" within minutes (the step itself inflates the hour's deviation), so it could
 * never outlast a `for:`; the 1 h z-score is recorded for dashboards, to show short bursts.
 */
function baselineRules(prefix: string, base: string): RecordingRule[] {
  return [
    { record: `${prefix}:avg_over_time1d`, expr: `avg_over_time(${base}[1d])` },
    { record: `${prefix}:stddev_over_time1d`, expr: `stddev_over_time(${base}[1d])` },
  ];
}

function zScoreRules(prefix: string, base: string): RecordingRule[] {
  return [
    { record: `${prefix}:zscore1h`, expr: `(${base} - avg_over_time(${base}[1h])) / stddev_over_time(${base}[1h])` },
    { record: `${prefix}:zscore1d`, expr: `(${base} - ${prefix}:avg_over_time1d) / ${prefix}:stddev_over_time1d` },
  ];
}

/**
 * The day-long baselines read a day of samples of every series at each evaluation; a day's mean and deviation
 * barely move in two minutes, so they are recorded every two minutes instead of every evaluation interval.
 */
export const BASELINE_INTERVAL = "2m";

const REQUESTS = "anomaly:llm_request_rate";
const REQUESTS_BASE = `${REQUESTS}:rate5m`;
const TTFT = "anomaly:llm_ttft_p95_seconds";
const TTFT_BASE = ttftQuantile(0.95);

const checks = [
  "LLM dashboard around the alert time: which model and source moved, and did other panels move with it?",
  "Deployments, client releases and marketing events in the last hour.",
];

/**
 * z-score recordings of request rate and TTFT (every `interval`, prometheus.windowedRulesInterval: they read an hour
 * of every model's P95), and a warning when either leaves its usual range.
 */
export function anomalyGroups(ctx: RuleContext, interval: string | undefined): RuleGroup[] {
  const t = ctx.thresholds;
  const z = num(t.anomalyZScore);
  const change = num(t.anomalyMinRelativeChange);
  const anomalyAlert = (a: Pick<AlertRule, "alert" | "expr" | "summary" | "description" | "runbook">): AlertRule =>
    ({ ...a, for: t.anomalyFor, severity: "warning", service: "llm" });
  return [
    {
      name: "anomaly-recording", file: "anomaly.yml", ...(interval ? { interval } : {}),
      rules: [
        { record: REQUESTS_BASE, expr: `sum by (source) (${RECORDED.requestsRate5m})` },
        ...zScoreRules(REQUESTS, REQUESTS_BASE),
        ...zScoreRules(TTFT, TTFT_BASE),
      ],
    },
    {
      name: "anomaly-baseline", file: "anomaly.yml", interval: BASELINE_INTERVAL,
      rules: [...baselineRules(REQUESTS, REQUESTS_BASE), ...baselineRules(TTFT, TTFT_BASE)],
    },
    {
      name: "anomaly-alerts", file: "anomaly.yml",
      rules: [
        anomalyAlert({
          alert: "RequestRateAnomaly",
          // The change must also be material: a flat baseline has a tiny deviation, so any wobble is "many sigmas".
          expr: `${REQUESTS}:zscore1d\nand\nabs(${REQUESTS}:zscore1d) > ${z}\nand\nabs(${REQUESTS_BASE} - ${REQUESTS}:avg_over_time1d) > ${change} * ${REQUESTS}:avg_over_time1d`,
          summary: "Unusual request rate on {{ $labels.source }}",
          description: "Request rate of {{ $labels.source }} is {{ $value | humanize }} standard deviations from its daily mean.",
          runbook: {
            meaning: "Request rate is far outside its range over the last day: a traffic spike, a retry storm, or a drop.",
            checks,
            fixes: ["Spike: find the client (exporter logs) and rate-limit it, or scale out.", "Drop: treat like NoInferenceRequests - check routes and clients."],
          },
        }),
        anomalyAlert({
          alert: "FirstTokenLatencyAnomaly",
          // Only slower-than-usual is a problem; faster is welcome.
          expr: `${TTFT}:zscore1d > ${z}\nand\n${TTFT_BASE} > (1 + ${change}) * ${TTFT}:avg_over_time1d`,
          summary: "Unusual time to first token on {{ $labels.model_id }}",
          description: "P95 time to first token of {{ $labels.model_id }} is {{ $value | humanize }} standard deviations above its daily mean.",
          runbook: {
            meaning: "A model's P95 time to first token rose far above its usual value, even if it is still below the fixed TTFT thresholds.",
            checks,
            fixes: ["See HighFirstTokenLatency: scale out, reduce batch size, check the GPU."],
          },
        }),
      ],
    },
  ];
}

import { perModelThreshold } from "../promql";
import { durationQuantile, ttftQuantile } from "../recorded";
import type { AlertRule, RuleContext } from "../types";

const ttftChecks = [
  "LLM dashboard: TTFT P50/P95/P99 and requests/s of the model - did traffic or prompt length grow?",
  "Scheduler panels: queue length, batch size and preemptions of the backend serving the model.",
  "GPU dashboard: utilisation and memory of the GPUs serving the model; exemplars link slow requests to traces in Jaeger.",
];
const ttftFixes = [
  "Scale out the backend (more replicas/GPUs) or route part of the traffic to another upstream.",
  "Lower max batch size / max concurrent sequences so prefill is not starved; enable prefix caching.",
  "If the model is new or larger, raise its own threshold with config alerts.modelOverrides.<model>.ttftP95WarningMs.",
];

/** Seed 000's time-to-first-token alerts and seed 002's end-to-end latency alert, with per-model thresholds. */
export function latencyAlerts(ctx: RuleContext): AlertRule[] {
  const t = ctx.thresholds;
  const ttft = (key: "ttftP95WarningMs" | "ttftP95CriticalMs") =>
    perModelThreshold(ctx, { series: ttftQuantile(0.95), op: ">", key, scale: 0.001 });
  return [
    {
      alert: "HighFirstTokenLatency", expr: ttft("ttftP95WarningMs"), for: t.ttftWarningFor,
      severity: "warning", service: "llm", signal: "ttft",
      summary: "High time to first token on {{ $labels.model_id }}",
      description: "P95 time to first token of model {{ $labels.model_id }} is {{ $value | humanizeDuration }} over the last 5 minutes.",
      runbook: { meaning: "Users wait longer than the warning threshold (seed 000: 100 ms) for the first token of a response.", checks: ttftChecks, fixes: ttftFixes },
    },
    {
      alert: "CriticalFirstTokenLatency", expr: ttft("ttftP95CriticalMs"), for: t.ttftCriticalFor,
      severity: "critical", service: "llm", signal: "ttft",
      summary: "Critical time to first token on {{ $labels.model_id }}",
      description: "P95 time to first token of model {{ $labels.model_id }} is {{ $value | humanizeDuration }} over the last 5 minutes.",
      runbook: { meaning: "Time to first token is above the critical threshold (seed 000: 200 ms); streaming clients see a stalled response.", checks: ttftChecks, fixes: ttftFixes },
    },
    {
      alert: "HighLatency",
      // Seed 001's own upstream-API latency has its own, looser alert (HighLLMLatency).
      expr: perModelThreshold(ctx, { series: durationQuantile(0.95), matchers: ['source!="ailinux"'], op: ">", key: "durationP95WarningMs", scale: 0.001 }),
      for: t.durationP95WarningFor, severity: "warning", service: "llm",
      summary: "High inference latency on {{ $labels.model_id }}",
      description: "P95 end-to-end inference latency of {{ $labels.model_id }} (source {{ $labels.source }}, mode {{ $labels.mode }}) is {{ $value | humanizeDuration }}.",
      runbook: {
        meaning: "Complete responses take longer than the latency threshold (seed 002: P95 above 3 s).",
        checks: [
          "LLM dashboard: latency P50/P95/P99 by model and mode, and tokens generated per request (longer answers take longer).",
          "Queue length and concurrency: requests waiting for a slot add to the latency.",
          "Traces in Jaeger for the slowest requests (exemplars on the latency panel).",
        ],
        fixes: [
          "Scale the backend or shed load from the model; cap max_tokens for modes that do not need long answers.",
          "Raise the model's own threshold with alerts.modelOverrides.<model>.durationP95WarningMs when long answers are expected.",
        ],
      },
    },
  ];
}

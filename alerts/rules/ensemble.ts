import { ENSEMBLE_METRICS } from "../../catalog";
import { num } from "../promql";
import type { AlertRule, RuleContext } from "../types";

/** Seed 002's alerts (LLM ensemble); its HighLatency is rendered with the LLM alerts on the unified series. */
export function ensembleAlerts(ctx: RuleContext): AlertRule[] {
  const t = ctx.thresholds;
  return [
    {
      alert: "HighEnsembleErrorRate",
      expr: `sum by (model) (rate(${ENSEMBLE_METRICS.errorsTotal.name}[5m])) > ${num(t.ensembleErrorsPerSecond)}`,
      for: t.ensembleErrorRateFor, severity: "warning", service: "ensemble", signal: "error_rate",
      summary: "High error rate on ensemble model {{ $labels.model }}",
      description: "Model {{ $labels.model }} raises {{ $value | humanize }} errors/s.",
      runbook: {
        meaning: `Seed 002's HighErrorRate: an ensemble model raises more than ${num(t.ensembleErrorsPerSecond)} errors per second.`,
        checks: ["Error types panel (timeout, oom, inference_error) for the model.", "Model status and memory panels: OOM errors follow memory growth."],
        fixes: ["oom: reduce batch/context or move the model; timeout: scale or shed load; inference_error: roll back the model."],
      },
    },
    {
      alert: "ModelNotLoaded", expr: `${ENSEMBLE_METRICS.modelLoaded.name} == 0`,
      for: t.modelNotLoadedFor, severity: "critical", service: "ensemble",
      summary: "Model {{ $labels.model }} not loaded",
      description: "Model {{ $labels.model }} is not loaded; requests routed to it fail.",
      runbook: {
        meaning: "An ensemble model reports it is not loaded (llm_model_loaded == 0).",
        checks: ["Application logs around the model-reload annotation on the dashboard.", "Free RAM/VRAM: a load that runs out of memory leaves the model unloaded."],
        fixes: ["Reload the model; free memory first if the load failed with OOM."],
      },
    },
  ];
}

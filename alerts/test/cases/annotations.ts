import { ENSEMBLE_METRICS, LLM_METRICS, SIEM_METRICS } from "../../../catalog";
import type { AlertCase } from "../harness";
import { counter, gauge, histogram, sel, steady } from "../series";

const runbook = (anchor: string) => `https://github.com/llm-observability/llm-observability/blob/main/docs/runbooks.md#${anchor}`;
const m1 = { model_id: "m1" };

/** Exact annotations, rendered by promtool from the real templates: labels, values and the runbook link. */
export const annotationCases: AlertCase[] = [
  {
    name: "HighErrorRate annotations", alert: "HighErrorRate", at: "15m", fires: [{ model_id: "m1", source: "exporter" }],
    series: {
      [sel(LLM_METRICS.requestsTotal.name, m1)]: counter([100, 30]),
      [sel(LLM_METRICS.failuresTotal.name, { ...m1, error: "timeout" })]: counter([8, 30]),
    },
    annotations: {
      summary: "High error rate on m1",
      description: "8% of requests to model m1 (source exporter) failed over the last 5 minutes.",
      runbook_url: runbook("higherrorrate"),
    },
  },
  {
    name: "HighFirstTokenLatency annotations", alert: "HighFirstTokenLatency", at: "15m", fires: [{ model_id: "m1", source: "exporter" }],
    series: histogram(LLM_METRICS.firstTokenLatencyMs, m1, steady(20, { value: 120, count: 60 })),
    annotations: {
      summary: "High time to first token on m1",
      description: "P95 time to first token of model m1 is 147.5ms over the last 5 minutes.",
      runbook_url: runbook("highfirsttokenlatency"),
    },
  },
  {
    name: "HighLatency annotations carry the seed 002 mode", alert: "HighLatency", at: "15m", fires: [{ model_id: "qwen", mode: "creative", source: "ensemble" }],
    series: histogram(ENSEMBLE_METRICS.inferenceDurationSeconds, { model: "qwen", mode: "creative" }, steady(20, { value: 4.5, count: 60 }), "python"),
    annotations: {
      summary: "High inference latency on qwen",
      description: "P95 end-to-end inference latency of qwen (source ensemble, mode creative) is 4.95s.",
      runbook_url: runbook("highlatency"),
    },
  },
  {
    name: "GDPRDataRetentionViolation names the dataset", alert: "GDPRDataRetentionViolation", at: "5m", fires: [{ dataset: "users" }],
    series: { [sel(SIEM_METRICS.personalDataOverdue.name, { dataset: "users" })]: gauge(1500, 10) },
    annotations: {
      summary: "Personal data kept past its retention period",
      description: "1.5k records (or seconds of audit log) are past their retention period in dataset users.",
      runbook_url: runbook("gdprdataretentionviolation"),
    },
  },
  {
    name: "AvailabilitySLOBurnRatePage states the SLO and budget", alert: "AvailabilitySLOBurnRatePage", at: "10m", fires: [{ slo: "availability" }],
    series: {
      [sel(LLM_METRICS.requestsTotal.name, m1)]: counter([600, 20]),
      [sel(LLM_METRICS.failuresTotal.name, { ...m1, error: "upstream_5xx" })]: counter([120, 20]),
    },
    annotations: {
      summary: "Availability SLO error budget burning fast",
      description: 'SLO "99.5 % of inference requests succeed": 20% of events are bad, burning the 30-day error budget of 0.5 % at 14.4x or 6x the sustainable rate.',
      runbook_url: runbook("availabilitysloburnratepage"),
    },
  },
];

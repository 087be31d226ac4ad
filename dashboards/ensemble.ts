import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import { ENSEMBLE_METRICS, LLM_METRICS } from "../catalog";
import { QUANTILES, durationQuantile } from "../alerts";
import { countOf, sumOf } from "../alerts/promql";
import type { StackConfig } from "../config";
import type { DashboardSpec } from "./dashboard";
import { PROMETHEUS_VARIABLE } from "./datasources";
import { RANGE, RATE, exemplarTarget, pct } from "./queries";
import { above, below } from "./thresholds";

const e = ENSEMBLE_METRICS;
const models = `model=~"$model"`;
const modelsAndModes = `model=~"$model", mode=~"$mode"`;
/** The same filter on the recorded series, where the model label is `model_id`. */
const recorded = `source="ensemble", model_id=~"$model", mode=~"$mode"`;

const multi = (name: string, label: string, query: string) =>
  new dashboard.QueryVariableBuilder(name)
    .label(label)
    .datasource(PROMETHEUS_VARIABLE)
    .query(query)
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .allValue(".*")
    .current({ text: "All", value: "$__all" });

/**
 * Seed 002's 12-panel LLM ensemble dashboard (`llm_dashboard.json`), panels and types as the seed lists them,
 * with its variables `datasource`, `model` and `mode` (multi-select, All) and the model-reload annotation.
 */
export function ensembleDashboard(config: StackConfig): DashboardSpec {
  const t = config.alerts.thresholds;
  return {
    uid: "llmobs-llm-ensemble",
    title: "LLM Ensemble",
    description: "Seed 002's ensemble monitoring: traffic, latency per mode, errors, cache, model status and memory.",
    origin: "seed 002 (llm_dashboard.json, 12 panels)",
    tags: ["llm", "ensemble"],
    datasource: PROMETHEUS_VARIABLE,
    variables: [
      new dashboard.DatasourceVariableBuilder("datasource").label("Data source").type("prometheus").current({ text: "Prometheus", value: "prometheus" }),
      multi("model", "Model", `label_values(${e.requestsTotal.name}, model)`),
      multi("mode", "Mode", `label_values(${e.requestsTotal.name}{${models}}, mode)`),
    ],
    annotations: [
      new dashboard.AnnotationQueryBuilder()
        .name("Model reload")
        .datasource(PROMETHEUS_VARIABLE)
        .enable(true)
        .iconColor("blue")
        .expr(`changes(${e.modelLoaded.name}{${models}}[${RATE}]) > 0`),
    ],
    panels: [
      {
        kind: "timeseries", title: "Request Rate (RPS)", unit: "reqps", min: 0,
        description: "Requests per second by model, mode and status.",
        queries: [{ expr: `sum by (model, mode, status) (rate(${e.requestsTotal.name}{${modelsAndModes}}[${RATE}]))`, legend: "{{model}} {{mode}} {{status}}" }],
      },
      {
        kind: "stat", title: "Active Requests", unit: "short",
        description: "Requests being processed now, per model.",
        queries: [{ expr: `sum by (model) (${e.activeRequests.name}{${models}})`, legend: "{{model}}" }],
      },
      {
        kind: "timeseries", title: "Inference Latency (p50, p95, p99)", unit: "s", min: 0,
        description: `Latency quantiles per model and mode over 5 m. SLOs: fast p95 < 2.5 s, creative p95 < 4 s; HighLatency above ${t.durationP95WarningMs} ms. Exemplar points open the request's trace.`,
        queries: [
          ...QUANTILES.map((q) => ({ expr: `${durationQuantile(q)}{${recorded}}`, legend: `${pct(q)} {{model_id}} {{mode}}` })),
          exemplarTarget(e.inferenceDurationSeconds, `{${modelsAndModes}}`),
        ],
        thresholds: above(t.durationP95WarningMs / 1000),
      },
      {
        kind: "timeseries", title: "Error Rate", unit: "short", min: 0,
        description: `Errors/s by model and error type (timeout, oom, inference_error). HighEnsembleErrorRate above ${t.ensembleErrorsPerSecond}/s per model.`,
        queries: [{ expr: `sum by (model, error_type) (rate(${e.errorsTotal.name}{${models}}[${RATE}]))`, legend: "{{model}} {{error_type}}" }],
        thresholds: above(t.ensembleErrorsPerSecond),
      },
      {
        kind: "stat", title: "Cache Hit Rate", unit: "percentunit", min: 0, max: 1,
        description: "Cache hits / lookups over 5 m; seed 002's target is at least 80 % (CacheHitRatio SLO).",
        queries: [{ expr: `sum(rate(${LLM_METRICS.cacheHitsTotal.name}[5m])) / (sum(rate(${LLM_METRICS.cacheHitsTotal.name}[5m])) + sum(rate(${LLM_METRICS.cacheMissesTotal.name}[5m])))`, legend: "hit rate" }],
        thresholds: below(0.8),
      },
      {
        kind: "stat", title: "Total Requests (Success vs Error)", unit: "short",
        description: "Requests in the selected range by status: success against errors, the overall stability.",
        queries: [{ expr: `sum by (status) (increase(${e.requestsTotal.name}{${modelsAndModes}}[${RANGE}]))`, legend: "{{status}}" }],
      },
      {
        kind: "stat", title: "Model Status", unit: "none", min: 0, max: 1,
        description: "1 when the model is loaded. ModelNotLoaded fires when one stays at 0.",
        queries: [{ expr: `max by (model) (${e.modelLoaded.name}{${models}})`, legend: "{{model}}" }],
        thresholds: below(1),
        mappings: { 0: "Not Loaded", 1: "Loaded" },
      },
      {
        kind: "timeseries", title: "RAM Memory Usage", unit: "bytes", min: 0,
        description: "Memory per model and memory type: growth ahead of OOM errors.",
        queries: [{ expr: `sum by (model, memory_type) (${e.modelMemoryBytes.name}{${models}})`, legend: "{{model}} {{memory_type}}" }],
      },
      {
        kind: "piechart", title: "Request Distribution by Model", unit: "short",
        description: "Share of requests per model in the selected range: the load balance.",
        queries: [{ expr: `sum by (model) (increase(${e.requestsTotal.name}{${modelsAndModes}}[${RANGE}]))`, legend: "{{model}}", instant: true }],
      },
      {
        kind: "timeseries", title: "Cache Operations", unit: "ops", min: 0,
        description: "Cache hits and misses per second.",
        queries: [
          { expr: `sum(rate(${LLM_METRICS.cacheHitsTotal.name}[${RATE}]))`, legend: "hits" },
          { expr: `sum(rate(${LLM_METRICS.cacheMissesTotal.name}[${RATE}]))`, legend: "misses" },
        ],
      },
      {
        kind: "bargauge", title: "Average Latency by Mode", unit: "s", min: 0,
        description: "Mean latency per mode (fast, balanced, creative) over the selected range.",
        queries: [{
          expr: `sum by (mode) (increase(${sumOf(e.inferenceDurationSeconds)}{${modelsAndModes}}[${RANGE}])) / sum by (mode) (increase(${countOf(e.inferenceDurationSeconds)}{${modelsAndModes}}[${RANGE}]))`,
          legend: "{{mode}}", instant: true,
        }],
        thresholds: above(t.durationP95WarningMs / 1000),
      },
      {
        kind: "timeseries", title: "Error Types Distribution", unit: "short", stacked: true, min: 0,
        description: "Errors/s by error type, stacked: the main causes.",
        queries: [{ expr: `sum by (error_type) (rate(${e.errorsTotal.name}{${models}}[${RATE}]))`, legend: "{{error_type}}" }],
      },
    ],
  };
}


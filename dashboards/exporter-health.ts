import { EXPORTER_EXTRA_METRICS, EXPORTER_JOB, EXPORTER_RUNTIME_METRICS, PROMETHEUS_METRICS } from "../catalog";
import type { StackConfig } from "../config";
import type { DashboardSpec } from "./dashboard";
import { RATE } from "./queries";
import { above, below } from "./thresholds";

const x = EXPORTER_EXTRA_METRICS;
const r = EXPORTER_RUNTIME_METRICS;
const job = `job="${EXPORTER_JOB}"`;

/** The exporter sits in every LLM call's path: its own health, its upstreams, and the runtime of its process. */
export function exporterHealthDashboard(config: StackConfig): DashboardSpec {
  const t = config.alerts.thresholds;
  return {
    uid: "llmobs-exporter-health",
    title: "LLM Exporter Health",
    description: "Scrape health, upstream reachability, circuit breakers and the Node.js runtime of the LLM metrics exporter.",
    origin: "exporter self-health (LLMExporterDown, LLMUpstreamUnreachable, LLMExporterEventLoopLag)",
    tags: ["exporter"],
    panels: [
      {
        kind: "stat", title: "Exporter instances up", unit: "short", width: 8,
        description: "Exporter targets Prometheus scraped successfully. LLMExporterDown when none is, LLMExporterInstanceDown when one fails.",
        queries: [{ expr: `sum(${PROMETHEUS_METRICS.up.name}{${job}})`, legend: "up" }],
        thresholds: below(1),
      },
      {
        kind: "stat", title: "Upstreams reachable", unit: "none", width: 8, min: 0, max: 1,
        description: "1 when the exporter's probe of the upstream succeeded. LLMUpstreamUnreachable when one stays at 0.",
        queries: [{ expr: `min by (upstream) (${x.upstreamUp.name})`, legend: "{{upstream}}" }],
        thresholds: below(1),
        mappings: { 0: "down", 1: "up" },
      },
      {
        kind: "stat", title: "Circuit breakers", unit: "none", width: 8,
        description: "Breaker per upstream: 0 closed, 1 open (failing fast), 2 half-open. CircuitBreakerOpen when one stays open.",
        queries: [{ expr: `max by (upstream) (${x.circuitBreakerState.name})`, legend: "{{upstream}}" }],
        thresholds: above(1),
        mappings: { 0: "closed", 1: "OPEN", 2: "half-open" },
      },
      {
        kind: "timeseries", title: "Event-loop lag p99", unit: "s", min: 0,
        description: `p99 event-loop delay of each exporter process. LLMExporterEventLoopLag above ${t.exporterEventLoopLagSeconds} s.`,
        queries: [{ expr: `max by (instance) (${r.eventLoopLagP99.name}{${job}})`, legend: "{{instance}}" }],
        thresholds: above(t.exporterEventLoopLagSeconds),
      },
      {
        kind: "timeseries", title: "CPU", unit: "percentunit", min: 0,
        description: "CPU seconds per second (1 = one core) of each exporter process.",
        queries: [{ expr: `sum by (instance) (rate(${r.cpuSecondsTotal.name}{${job}}[${RATE}]))`, legend: "{{instance}}" }],
      },
      {
        kind: "timeseries", title: "Resident memory", unit: "bytes", min: 0,
        description: "Resident set size of each exporter process.",
        queries: [{ expr: `max by (instance) (${r.residentMemory.name}{${job}})`, legend: "{{instance}}" }],
      },
      {
        kind: "timeseries", title: "Open file descriptors", unit: "short", min: 0,
        description: "Sockets and files each exporter process holds open (client and upstream connections, logs).",
        queries: [{ expr: `max by (instance) (${r.openFds.name}{${job}})`, legend: "{{instance}}" }],
      },
      {
        kind: "timeseries", title: "/metrics render time p99", unit: "s", min: 0,
        description: "Time the exporter spends rendering /metrics for a scrape.",
        queries: [{ expr: `histogram_quantile(0.99, sum by (instance, le) (rate(${x.scrapeDurationSeconds.name}_bucket[${RATE}])))`, legend: "{{instance}}" }],
      },
      {
        kind: "timeseries", title: "Backend scrape errors and model-id overflow", unit: "short", min: 0,
        description: "Failed scrapes of the backends' native /metrics per upstream, and requests folded into model_id=\"other\" by the cardinality guard (per second).",
        queries: [
          { expr: `sum by (upstream) (rate(${x.adapterScrapeErrorsTotal.name}[${RATE}]))`, legend: "scrape errors {{upstream}}" },
          { expr: `sum(rate(${x.modelIdsOverflowTotal.name}[${RATE}]))`, legend: "model_id overflow" },
        ],
      },
    ],
  };
}

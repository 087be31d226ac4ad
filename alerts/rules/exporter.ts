import { EXPORTER_EXTRA_METRICS, EXPORTER_JOB, EXPORTER_RUNTIME_METRICS, PROMETHEUS_METRICS } from "../../catalog";
import { num, selector } from "../promql";
import type { AlertRule, RuleContext } from "../types";

const job = `job="${EXPORTER_JOB}"`;
const up = selector(PROMETHEUS_METRICS.up.name, [job]);

const downChecks = [
  `Exporter pods / container: restarts, OOM kills (${EXPORTER_RUNTIME_METRICS.residentMemory.name} before the crash), failing /healthz probes.`,
  "Exporter logs (Elasticsearch, service llm-exporter): the last lines before it stopped, config errors at start.",
  "Prometheus' targets page: is it a scrape problem (auth on /metrics, network policy, timeout) rather than the exporter?",
];

/**
 * The exporter's own health, and what it sees of its upstreams. It sits in the request path of every LLM call and is the source of every llm_* series,
 * so when it is down LLM calls fail and every other LLM alert goes quiet for want of data: that silence has to page.
 */
export function exporterAlerts(ctx: RuleContext): AlertRule[] {
  const t = ctx.thresholds;
  return [
    {
      alert: "LLMExporterDown",
      // absent() covers the target vanishing from service discovery (Deployment scaled to 0, Service deleted).
      expr: `sum by (job) (${up}) == 0\nor\nabsent(${up})`,
      for: t.exporterDownFor, severity: "critical", service: "llm", signal: "exporter_up",
      summary: "The LLM metrics exporter is down",
      description: `No ${EXPORTER_JOB} target has been scraped successfully for ${t.exporterDownFor}: LLM calls through the proxy fail and the LLM alerts see no data.`,
      runbook: {
        meaning: "Every exporter instance is unreachable or missing. Clients calling the LLMs through it get connection errors, and the llm_* series (and the alerts on them) stop.",
        checks: downChecks,
        fixes: [
          "Roll back the last exporter deployment or config change; restart the pods.",
          "If the exporter is healthy but unscrapeable, fix the scrape (credentials for /metrics basic auth, network policy).",
        ],
      },
    },
    {
      alert: "LLMExporterInstanceDown",
      // Only while another instance is up: with every instance down LLMExporterDown pages, and one alert says more than N.
      expr: `${up} == 0\nand on (job)\nsum by (job) (${up}) > 0`,
      for: t.exporterInstanceDownFor, severity: "warning", service: "llm", signal: "exporter_up",
      summary: "Exporter instance {{ $labels.instance }} is down",
      description: "Prometheus cannot scrape the exporter instance {{ $labels.instance }}; the other instances carry its traffic if their Service routes around it.",
      runbook: {
        meaning: "One exporter instance fails its scrapes while others are up: capacity is reduced and requests routed to it may fail.",
        checks: downChecks,
        fixes: ["Delete the stuck pod so its Deployment replaces it; check the node it ran on."],
      },
    },
    {
      alert: "LLMUpstreamUnreachable",
      expr: `${EXPORTER_EXTRA_METRICS.upstreamUp.name} == 0`,
      for: t.upstreamUnreachableFor, severity: "warning", service: "llm",
      summary: "Upstream {{ $labels.upstream }} is unreachable",
      description: `The exporter's probe (GET /v1/models) of upstream {{ $labels.upstream }} has failed for ${t.upstreamUnreachableFor}: requests for its models will fail, even if none are arriving yet.`,
      runbook: {
        meaning: "The exporter cannot reach an upstream LLM server. With traffic, CriticalErrorRate and CircuitBreakerOpen follow; without it, this is the only sign before users arrive.",
        checks: [
          "The upstream itself: pod status, restarts, OOM kills, its own logs; does `GET /v1/models` answer from the exporter's network?",
          "Exporter logs for the probe's error class (connection_refused, timeout, ...); a changed URL or port in exporter.upstreams.",
        ],
        fixes: ["Restore or restart the upstream, or point exporter.upstreams at where it runs now.", "Route its models to another upstream meanwhile."],
      },
    },
    {
      alert: "LLMExporterEventLoopLag",
      expr: `${selector(EXPORTER_RUNTIME_METRICS.eventLoopLagP99.name, [job])} > ${num(t.exporterEventLoopLagSeconds)}`,
      for: t.exporterEventLoopLagFor, severity: "warning", service: "llm",
      summary: "Exporter {{ $labels.instance }} is adding latency to LLM calls",
      description: "The exporter's p99 event-loop delay on {{ $labels.instance }} is {{ $value | humanizeDuration }}: ready requests and streamed tokens wait that long for the proxy.",
      runbook: {
        meaning: "The exporter's single JavaScript thread is saturated, so every proxied request and token is delayed (an idle exporter reads about 10 ms: prom-client samples every 10 ms).",
        checks: [
          `${EXPORTER_RUNTIME_METRICS.cpuSecondsTotal.name} of the instance: is it at its CPU limit (throttled)?`,
          "Requests/s and streams in flight per instance: one instance carrying more than its share?",
          `/metrics render time (${EXPORTER_EXTRA_METRICS.scrapeDurationSeconds.name}): very many series make renders slow.`,
        ],
        fixes: ["Raise the exporter's CPU limit or its replicas (exporter.resources, exporter.replicas).", "Lower exporter.maxModelIds if model_id churn inflated the series count."],
      },
    },
  ];
}

import { EXPORTER_EXTRA_METRICS, EXPORTER_JOB, EXPORTER_RUNTIME_METRICS, PROMETHEUS_METRICS } from "../../../catalog";
import type { AlertCase } from "../harness";
import { gauge, sel } from "../series";

const up = (instance: string, job = EXPORTER_JOB) => sel(PROMETHEUS_METRICS.up.name, { job, instance });
const probe = (upstream: string, up: 0 | 1) => ({ [sel(EXPORTER_EXTRA_METRICS.upstreamUp.name, { upstream })]: gauge(up, 10) });
const lag = (seconds: number) => ({ [sel(EXPORTER_RUNTIME_METRICS.eventLoopLagP99.name, { job: EXPORTER_JOB, instance: "a" })]: gauge(seconds, 20) });

/** The exporter's own health: down, one instance down, an upstream it cannot reach, saturated event loop. */
export const exporterCases: AlertCase[] = [
  { name: "every exporter target down", alert: "LLMExporterDown", at: "5m", fires: [{ job: EXPORTER_JOB }], series: { [up("a")]: gauge(0, 10), [up("b")]: gauge(0, 10) } },
  {
    name: "exporter target gone from service discovery", alert: "LLMExporterDown", at: "5m", fires: [{ job: EXPORTER_JOB }],
    series: { [up("node", "node-exporter")]: gauge(1, 10) },
  },
  { name: "one of two exporter targets down is not an outage", alert: "LLMExporterDown", at: "10m", fires: [], series: { [up("a")]: gauge(1, 10), [up("b")]: gauge(0, 10) } },
  { name: "down for 1 minute is not yet 2", alert: "LLMExporterDown", at: "1m", fires: [], series: { [up("a")]: gauge(0, 10) } },
  { name: "exporter targets up", alert: "LLMExporterDown", at: "10m", fires: [], series: { [up("a")]: gauge(1, 10) } },

  {
    name: "one exporter target down for 10 minutes", alert: "LLMExporterInstanceDown", at: "10m", fires: [{ job: EXPORTER_JOB, instance: "b" }],
    series: { [up("a")]: gauge(1, 10), [up("b")]: gauge(0, 10) },
  },
  {
    name: "a target down for 3 minutes is not yet 5", alert: "LLMExporterInstanceDown", at: "3m", fires: [],
    series: { [up("a")]: gauge(1, 10), [up("b")]: gauge(0, 10) },
  },
  {
    name: "every target down is LLMExporterDown's page, not one warning per instance", alert: "LLMExporterInstanceDown", at: "10m", fires: [],
    series: { [up("a")]: gauge(0, 10), [up("b")]: gauge(0, 10) },
  },
  { name: "every exporter target up", alert: "LLMExporterInstanceDown", at: "10m", fires: [], series: { [up("a")]: gauge(1, 10), [up("b")]: gauge(1, 10) } },

  { name: "upstream probe failing for 10 minutes", alert: "LLMUpstreamUnreachable", at: "10m", fires: [{ upstream: "vllm-b" }], series: { ...probe("vllm-a", 1), ...probe("vllm-b", 0) } },
  { name: "upstream probe failing for 1 minute is not yet 2", alert: "LLMUpstreamUnreachable", at: "1m", fires: [], series: probe("vllm-b", 0) },
  { name: "every upstream answers its probe", alert: "LLMUpstreamUnreachable", at: "10m", fires: [], series: probe("vllm-a", 1) },

  { name: "p99 event-loop delay 250 ms > 100 ms", alert: "LLMExporterEventLoopLag", at: "15m", fires: [{ job: EXPORTER_JOB, instance: "a" }], series: lag(0.25) },
  { name: "an idle exporter reads about 10 ms", alert: "LLMExporterEventLoopLag", at: "15m", fires: [], series: lag(0.0103) },
];

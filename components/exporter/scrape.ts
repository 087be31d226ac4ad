import type { StackConfig } from "../../config";
import type { ScrapeTarget } from "../prometheus/scrape-target";
import { METRICS_USERNAME } from "./environment";
import { EXPORTER_JOB, EXPORTER_NAME, EXPORTER_PORT_NAME } from "./workload";

/**
 * How Prometheus scrapes the exporter. Not an `llm` target: the exporter serves plain HTTP whatever scheme the
 * LLM backends use (`prometheus.targetAuth`), and its /metrics has its own basic-auth pair when `metricsAuth` is on.
 */
export function exporterScrapeTarget(config: StackConfig): ScrapeTarget {
  return {
    job: EXPORTER_JOB,
    endpoint: { host: EXPORTER_NAME, port: config.exporter.port, portName: EXPORTER_PORT_NAME },
    ...(config.exporter.metricsAuth ? { basicAuth: { username: METRICS_USERNAME, passwordSecret: "exporterMetricsPassword" } } : {}),
  };
}

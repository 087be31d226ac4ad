/**
 * How Prometheus finds workloads on Kubernetes. A Service that carries `scrapeLabels(job)` and names its metrics
 * port `METRICS_PORT_NAME` (or the port name the scrape target declares) is scraped by the job of that name;
 * nothing else in the namespace is. Labels rather than annotations so the selection is a plain label match.
 */
export const SCRAPE_LABEL = "llmobs.io/scrape";
export const SCRAPE_JOB_LABEL = "llmobs.io/scrape-job";

/** The conventional name of the Service/container port that serves /metrics. */
export const METRICS_PORT_NAME = "metrics";

/** Labels to put on a Service so that Prometheus job `job` scrapes its endpoints. */
export function scrapeLabels(job: string): Record<string, string> {
  return { [SCRAPE_LABEL]: "true", [SCRAPE_JOB_LABEL]: job };
}

/** The Prometheus meta label a Kubernetes Service label becomes (`llmobs.io/scrape-job` -> `..._llmobs_io_scrape_job`). */
export function serviceLabelMeta(label: string): string {
  return `__meta_kubernetes_service_label_${label.replace(/[^a-zA-Z0-9_]/g, "_")}`;
}

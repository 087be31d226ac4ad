/**
 * Grafana datasource uids every dashboard and the Grafana component agree on (the stack's well-known names):
 * dashboards reference datasources by these uids, provisioning creates them with these uids.
 */
export const DATASOURCE_UIDS = {
  prometheus: "prometheus",
  alertmanager: "alertmanager",
  elasticsearch: "elasticsearch",
  jaeger: "jaeger",
} as const;

/** A panel or query's reference to the stack's Prometheus. */
export const PROMETHEUS = { type: "prometheus", uid: DATASOURCE_UIDS.prometheus } as const;

/** Seed 002's `datasource` variable: its panels follow whichever Prometheus the viewer picks. */
export const PROMETHEUS_VARIABLE = { type: "prometheus", uid: "${datasource}" } as const;

/** Exemplar label the exporter writes on latency buckets (OpenMetrics), holding the trace id. */
export const EXEMPLAR_TRACE_LABEL = "trace_id";

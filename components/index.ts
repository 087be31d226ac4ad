export { ObservabilityStack, type ObservabilityStackArgs } from "./observability-stack";
export { Prometheus, type PrometheusArgs, renderPrometheusConfig, type ScrapeTarget } from "./prometheus";
export { Alertmanager, type AlertmanagerArgs, renderAlertmanagerConfig } from "./alertmanager";
export { LlmExporter, type LlmExporterArgs } from "./exporter";
export { Grafana, type GrafanaArgs } from "./grafana";
export { IMAGES } from "./images";
